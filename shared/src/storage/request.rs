//! The body of `POST /api/v1/storage/s3`: exactly one image source and the chart metadata.
//! Base64 text is measured before it is decoded and the decoded image after, so neither can
//! exceed its cap in memory by more than one request body.

use std::ops::Range;

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use bytes::Bytes;
use serde::Deserialize;
use url::Url;

use super::error::RequestError;
use super::metadata::{ChartMetadata, MetadataInput};

/// The `source` recorded for URL uploads that name none: the service's own renderer.
pub const DEFAULT_URL_SOURCE: &str = "chart-img.com";

/// The longest `imageUrl`, in bytes.
const MAX_URL_LENGTH: usize = 2048;

/// Room for a `data:image/...;base64,` prefix and line breaks on top of the base64 text.
const DATA_URL_ALLOWANCE: usize = 256;

/// An upload request as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UploadRequest {
    /// An http(s) URL of the image, on an allowed origin.
    pub image_url: Option<String>,
    /// The image as base64, optionally as a `data:image/...;base64,` URL.
    pub image_data: Option<String>,
    #[serde(deserialize_with = "crate::api::deserialize_object")]
    pub metadata: MetadataInput,
}

/// The image source of a validated request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// A URL still to be fetched.
    Url(Url),
    /// The decoded bytes of `imageData`.
    Data(Bytes),
}

impl UploadRequest {
    /// Validates the request: exactly one image source, valid metadata, and for `imageData`
    /// valid base64 within the caps. URL uploads get the default `source`.
    pub fn into_parts(
        self,
        max_image_bytes: usize,
    ) -> Result<(ImageSource, ChartMetadata), RequestError> {
        let UploadRequest {
            image_url,
            image_data,
            metadata,
        } = self;
        let metadata = ChartMetadata::parse(metadata)?;
        match (image_url, image_data) {
            (None, None) => Err(RequestError::NoImage),
            (Some(_), Some(_)) => Err(RequestError::BothImages),
            (Some(url), None) => Ok((
                ImageSource::Url(parse_url(&url)?),
                metadata.with_default_source(DEFAULT_URL_SOURCE),
            )),
            (None, Some(data)) => Ok((
                ImageSource::Data(decode_image_data(data, max_image_bytes)?),
                metadata,
            )),
        }
    }
}

/// Returns the longest `imageData` text accepted for images of at most `max_image_bytes`.
pub fn base64_text_limit(max_image_bytes: usize) -> usize {
    let encoded = max_image_bytes.div_ceil(3) * 4;
    // MIME-style base64 breaks lines every 76 characters with CRLF.
    encoded + encoded / 38 + DATA_URL_ALLOWANCE
}

fn parse_url(text: &str) -> Result<Url, RequestError> {
    let invalid = |reason: &str| RequestError::InvalidUrl {
        reason: reason.to_owned(),
    };
    let text = text.trim();
    if text.len() > MAX_URL_LENGTH {
        return Err(invalid(&format!(
            "must be at most {MAX_URL_LENGTH} characters"
        )));
    }
    let url = Url::parse(text).map_err(|error| invalid(&format!("not a valid URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must be an https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("must have a host"));
    }
    Ok(url)
}

/// Decodes `imageData`: base64 in the standard or URL-safe alphabet, padding optional, line
/// breaks and spaces ignored, after an optional `data:...;base64,` prefix. Whitespace is removed
/// in the text's own buffer, so memory contains one copy of the base64 text, not two.
fn decode_image_data(text: String, max_image_bytes: usize) -> Result<Bytes, RequestError> {
    let limit = base64_text_limit(max_image_bytes);
    if text.len() > limit {
        return Err(RequestError::Base64TooLarge {
            length: text.len(),
            limit,
            max_image_bytes,
        });
    }

    let payload = payload_range(&text)?;
    let mut compact = text.into_bytes();
    compact.truncate(payload.end);
    compact.drain(..payload.start);
    compact.retain(|byte| !byte.is_ascii_whitespace());
    if compact.is_empty() {
        return Err(RequestError::InvalidBase64 {
            reason: "must not be empty".to_owned(),
        });
    }

    let url_safe = compact.iter().any(|byte| matches!(byte, b'-' | b'_'));
    let alphabet = if url_safe {
        &alphabet::URL_SAFE
    } else {
        &alphabet::STANDARD
    };
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let bytes = GeneralPurpose::new(alphabet, config)
        .decode(&compact)
        .map_err(|error| RequestError::InvalidBase64 {
            reason: format!("not valid base64 ({error})"),
        })?;
    drop(compact);

    if bytes.len() > max_image_bytes {
        return Err(RequestError::ImageTooLarge {
            size: bytes.len(),
            limit: max_image_bytes,
        });
    }
    Ok(Bytes::from(bytes))
}

/// Returns the byte range of the base64 payload in `text`: without surrounding whitespace and
/// without a `data:<type>;base64,` prefix.
fn payload_range(text: &str) -> Result<Range<usize>, RequestError> {
    let start = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    let payload = strip_data_url(trimmed)?;
    let payload_start = start + (trimmed.len() - payload.len());
    Ok(payload_start..start + trimmed.len())
}

/// Removes a `data:<type>;base64,` prefix. The type is ignored: the bytes decide the format.
fn strip_data_url(text: &str) -> Result<&str, RequestError> {
    let Some(rest) = text
        .get(..5)
        .filter(|scheme| scheme.eq_ignore_ascii_case("data:"))
        .map(|_| &text[5..])
    else {
        return Ok(text);
    };
    let (header, payload) = rest
        .split_once(',')
        .ok_or_else(|| RequestError::InvalidBase64 {
            reason: "a data URL needs a comma before the data".to_owned(),
        })?;
    if !header.to_ascii_lowercase().ends_with(";base64") {
        return Err(RequestError::InvalidBase64 {
            reason: "only base64 data URLs are accepted, as in data:image/png;base64,..."
                .to_owned(),
        });
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use proptest::prelude::*;

    use super::*;

    const MAX: usize = 4096;

    fn request(image_url: Option<&str>, image_data: Option<String>) -> UploadRequest {
        UploadRequest {
            image_url: image_url.map(str::to_owned),
            image_data,
            metadata: MetadataInput {
                symbol: "BINANCE:BTCUSDT".to_owned(),
                interval: "4h".to_owned(),
                ..MetadataInput::default()
            },
        }
    }

    fn data(text: String) -> Result<ImageSource, RequestError> {
        request(None, Some(text))
            .into_parts(MAX)
            .map(|(source, _)| source)
    }

    #[test]
    fn into_parts_requires_one_source() {
        assert_eq!(
            request(None, None).into_parts(MAX).unwrap_err(),
            RequestError::NoImage
        );
        assert_eq!(
            request(
                Some("https://r2.chart-img.com/a.png"),
                Some("AAAA".to_owned())
            )
            .into_parts(MAX)
            .unwrap_err(),
            RequestError::BothImages
        );
    }

    #[test]
    fn url_upload_gets_default_source() {
        let (source, metadata) = request(Some("https://r2.chart-img.com/a.png"), None)
            .into_parts(MAX)
            .unwrap();
        assert!(matches!(source, ImageSource::Url(_)));
        assert_eq!(metadata.source(), Some(DEFAULT_URL_SOURCE));
    }

    #[test]
    fn data_upload_has_no_default_source() {
        let (_, metadata) = request(None, Some(STANDARD.encode(b"png?")))
            .into_parts(MAX)
            .unwrap();
        assert_eq!(metadata.source(), None);
    }

    #[test]
    fn url_must_be_http_with_host() {
        for url in [
            "ftp://example.com/a.png",
            "not a url",
            "file:///etc/passwd",
            "data:,x",
        ] {
            let error = request(Some(url), None).into_parts(MAX).unwrap_err();
            assert!(
                matches!(error, RequestError::InvalidUrl { .. }),
                "{url}: {error}"
            );
        }
    }

    #[test]
    fn data_accepts_prefix_padding_and_line_breaks() {
        let bytes = b"\x89PNG\r\n\x1a\n chart bytes".to_vec();
        let standard = STANDARD.encode(&bytes);
        let wrapped = standard
            .as_bytes()
            .chunks(8)
            .map(|chunk| std::str::from_utf8(chunk).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n");
        for text in [
            standard.clone(),
            format!("data:image/png;base64,{standard}"),
            format!("DATA:image/svg+xml;BASE64,{standard}"),
            URL_SAFE_NO_PAD.encode(&bytes),
            standard.trim_end_matches('=').to_owned(),
            format!(" \r\n data:image/png;base64,{wrapped}\r\n "),
            format!("\t{standard}\n"),
            wrapped,
        ] {
            assert_eq!(
                data(text.clone()).unwrap(),
                ImageSource::Data(Bytes::from(bytes.clone())),
                "{text}"
            );
        }
    }

    #[test]
    fn data_rejects_invalid_base64() {
        for text in [
            "***",
            "data:image/png,rawbytes",
            "data:image/png;base64",
            "   ",
        ] {
            let error = data(text.to_owned()).unwrap_err();
            assert!(
                matches!(error, RequestError::InvalidBase64 { .. }),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn data_over_text_limit_is_rejected_before_decoding() {
        let text = "A".repeat(base64_text_limit(MAX) + 1);
        assert!(matches!(
            data(text).unwrap_err(),
            RequestError::Base64TooLarge { .. }
        ));
    }

    #[test]
    fn data_over_image_limit_is_rejected() {
        let error = data(STANDARD.encode(vec![7u8; MAX + 1])).unwrap_err();
        assert_eq!(
            error,
            RequestError::ImageTooLarge {
                size: MAX + 1,
                limit: MAX
            }
        );
    }

    #[test]
    fn data_at_image_limit_is_accepted() {
        assert!(data(STANDARD.encode(vec![7u8; MAX])).is_ok());
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let body = r#"{"imageUrl":"https://r2.chart-img.com/a.png","metadata":{"symbol":"A","interval":"1h"},"bucket":"other"}"#;
        assert!(serde_json::from_str::<UploadRequest>(body).is_err());
        let nested = r#"{"imageUrl":"https://r2.chart-img.com/a.png","metadata":{"symbol":"A","interval":"1h","key":"../x"}}"#;
        assert!(serde_json::from_str::<UploadRequest>(nested).is_err());
    }

    #[test]
    fn metadata_must_be_an_object() {
        let body =
            r#"{"imageUrl":"https://r2.chart-img.com/a.png","metadata":["A","1h",[],null,null]}"#;
        let error = serde_json::from_str::<UploadRequest>(body).unwrap_err();
        assert!(error.to_string().contains("a JSON object"), "{error}");
    }

    proptest! {
        #[test]
        fn into_parts_never_panics(
            image_url in proptest::option::of("\\PC{0,80}"),
            image_data in proptest::option::of("[A-Za-z0-9+/=_\\-:;,. \\n]{0,200}"),
            symbol in "\\PC{0,80}",
            interval in "\\PC{0,20}",
        ) {
            let request = UploadRequest {
                image_url,
                image_data,
                metadata: MetadataInput { symbol, interval, ..MetadataInput::default() },
            };
            if let Ok((ImageSource::Data(bytes), _)) = request.into_parts(MAX) {
                prop_assert!(bytes.len() <= MAX);
            }
        }

        #[test]
        fn parse_json_never_panics(body in "\\PC{0,300}") {
            let _ = serde_json::from_str::<UploadRequest>(&body);
        }
    }
}
