//! Chart metadata: validated from the request, written as S3 user metadata, and read back when
//! listing.
//!
//! S3 accepts only US-ASCII in `x-amz-meta-*` values and at most 2 KB for all of them
//! together. A value that contains anything other than printable ASCII, or that could be mistaken
//! for an encoded value because it starts with `=?`, is written as an RFC 2047 encoded-word,
//! `=?UTF-8?B?<base64 of the UTF-8 bytes>?=`, and decoded when read, so it comes back as the
//! original text. The size of the encoded names and values is checked before the upload.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::error::MetadataError;
use super::key::{KeyInterval, KeyParts, KeySymbol};

/// The maximum length of `symbol`, in characters.
pub const MAX_SYMBOL_CHARS: usize = 64;
/// The maximum length of `interval`, in characters.
pub const MAX_INTERVAL_CHARS: usize = 16;
/// The maximum number of entries in `indicators`.
pub const MAX_INDICATORS: usize = 20;
/// The maximum length of one entry of `indicators`, in characters.
pub const MAX_INDICATOR_CHARS: usize = 64;
/// The maximum length of `source`, in characters.
pub const MAX_SOURCE_CHARS: usize = 128;
/// The maximum length of the `generatedAt` text, in characters.
const MAX_GENERATED_AT_CHARS: usize = 40;

/// S3's limit on all user metadata of one object, counted as the UTF-8 bytes of every name,
/// with its `x-amz-meta-` prefix, and value.
pub const S3_METADATA_LIMIT: usize = 2048;

const HEADER_PREFIX: &str = "x-amz-meta-";

/// The user-metadata names written on each object. S3 lowercases names, so these are lowercase.
mod names {
    pub(super) const SYMBOL: &str = "symbol";
    pub(super) const INTERVAL: &str = "interval";
    pub(super) const INDICATORS: &str = "indicators";
    pub(super) const GENERATED_AT: &str = "generated-at";
    pub(super) const SOURCE: &str = "source";
    pub(super) const SHA256: &str = "sha256";
    pub(super) const WIDTH: &str = "width";
    pub(super) const HEIGHT: &str = "height";
    pub(super) const UPLOADED_AT: &str = "uploaded-at";
}

const ENCODED_WORD_START: &str = "=?UTF-8?B?";
const ENCODED_WORD_END: &str = "?=";

/// Chart metadata as a request sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MetadataInput {
    /// The chart's symbol, with or without its exchange prefix (`BINANCE:BTCUSDT`).
    pub symbol: String,
    /// The bar interval, such as `4h` or `1D`.
    pub interval: String,
    #[serde(default)]
    pub indicators: Vec<String>,
    /// When the chart was rendered, RFC 3339. It sets the time in the key.
    pub generated_at: Option<String>,
    /// The origin of the image, such as `chart-img.com`.
    pub source: Option<String>,
}

/// Validated chart metadata. Text fields are trimmed, within their length limits and free of
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartMetadata {
    symbol: String,
    interval: String,
    indicators: Vec<String>,
    generated_at: Option<DateTime<Utc>>,
    source: Option<String>,
    key_symbol: KeySymbol,
    key_interval: KeyInterval,
}

impl ChartMetadata {
    /// Validates request metadata. Errors name the field as `metadata.<field>`.
    pub fn parse(input: MetadataInput) -> Result<Self, MetadataError> {
        let symbol = text_field("metadata.symbol", &input.symbol, MAX_SYMBOL_CHARS)?;
        let key_symbol = KeySymbol::from_symbol(&symbol).ok_or_else(|| {
            MetadataError::invalid(
                "metadata.symbol",
                "must contain an ASCII letter or digit after the exchange prefix, as in \
                 BINANCE:BTCUSDT",
            )
        })?;
        let interval = text_field("metadata.interval", &input.interval, MAX_INTERVAL_CHARS)?;
        let key_interval = KeyInterval::from_interval(&interval).ok_or_else(|| {
            MetadataError::invalid(
                "metadata.interval",
                "must contain an ASCII letter or digit, as in 4h or 1D",
            )
        })?;

        if input.indicators.len() > MAX_INDICATORS {
            return Err(MetadataError::invalid(
                "metadata.indicators",
                format!(
                    "must have at most {MAX_INDICATORS} entries, got {}",
                    input.indicators.len()
                ),
            ));
        }
        let indicators = input
            .indicators
            .iter()
            .enumerate()
            .map(|(index, indicator)| {
                text_field(
                    &format!("metadata.indicators[{index}]"),
                    indicator,
                    MAX_INDICATOR_CHARS,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;

        let generated_at = input
            .generated_at
            .as_deref()
            .map(parse_generated_at)
            .transpose()?;
        let source = input
            .source
            .as_deref()
            .map(|source| text_field("metadata.source", source, MAX_SOURCE_CHARS))
            .transpose()?;

        Ok(ChartMetadata {
            symbol,
            interval,
            indicators,
            generated_at,
            source,
            key_symbol,
            key_interval,
        })
    }

    pub fn symbol(&self) -> &str {
        &self.symbol
    }

    pub fn interval(&self) -> &str {
        &self.interval
    }

    pub fn indicators(&self) -> &[String] {
        &self.indicators
    }

    pub fn generated_at(&self) -> Option<DateTime<Utc>> {
        self.generated_at
    }

    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Sets `source` when the request left it out.
    pub fn with_default_source(mut self, source: &str) -> Self {
        self.source.get_or_insert_with(|| source.to_owned());
        self
    }

    pub(crate) fn key_symbol(&self) -> &KeySymbol {
        &self.key_symbol
    }

    pub(crate) fn key_interval(&self) -> &KeyInterval {
        &self.key_interval
    }

    /// Returns the metadata in its response form, with the indicators joined by commas.
    pub(crate) fn to_stored(&self) -> StoredMetadata {
        StoredMetadata {
            symbol: self.symbol.clone(),
            interval: self.interval.clone(),
            indicators: self.indicators.join(","),
            generated_at: self.generated_at.map(format_time),
            source: self.source.clone(),
        }
    }

    /// Encodes the metadata and the object's facts as S3 user metadata, within S3's size limit.
    pub(crate) fn to_s3(
        &self,
        facts: &ObjectFacts,
    ) -> Result<HashMap<String, String>, MetadataError> {
        let stored = self.to_stored();
        let mut entries = vec![
            (names::SYMBOL, stored.symbol),
            (names::INTERVAL, stored.interval),
            (names::SHA256, facts.sha256.clone()),
            (names::WIDTH, facts.width.to_string()),
            (names::HEIGHT, facts.height.to_string()),
            (names::UPLOADED_AT, format_time(facts.uploaded_at)),
        ];
        if !stored.indicators.is_empty() {
            entries.push((names::INDICATORS, stored.indicators));
        }
        if let Some(generated_at) = stored.generated_at {
            entries.push((names::GENERATED_AT, generated_at));
        }
        if let Some(source) = stored.source {
            entries.push((names::SOURCE, source));
        }

        let encoded: HashMap<String, String> = entries
            .into_iter()
            .map(|(name, value)| (name.to_owned(), encode_value(&value)))
            .collect();
        let size: usize = encoded
            .iter()
            .map(|(name, value)| HEADER_PREFIX.len() + name.len() + value.len())
            .sum();
        if size > S3_METADATA_LIMIT {
            return Err(MetadataError::TooLarge {
                size,
                limit: S3_METADATA_LIMIT,
            });
        }
        Ok(encoded)
    }
}

/// Facts about the stored bytes that are written beside the chart metadata.
#[derive(Debug, Clone)]
pub(crate) struct ObjectFacts {
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub uploaded_at: DateTime<Utc>,
}

/// Chart metadata in the responses of uploads and listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredMetadata {
    pub symbol: String,
    pub interval: String,
    /// The indicators joined by commas; empty when there are none.
    pub indicators: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Metadata and facts read back from an object. Names missing from the object, which happens
/// for objects written by other tools, fall back to what the key holds.
#[derive(Debug, Clone)]
pub(crate) struct ReadMetadata {
    pub metadata: StoredMetadata,
    pub sha256: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub uploaded_at: Option<String>,
}

/// Decodes an object's user metadata.
pub(crate) fn from_s3(map: Option<&HashMap<String, String>>, parts: &KeyParts) -> ReadMetadata {
    let empty = HashMap::new();
    let map = map.unwrap_or(&empty);
    let read = |name: &str| map.get(name).map(|value| decode_value(value));
    ReadMetadata {
        metadata: StoredMetadata {
            symbol: read(names::SYMBOL).unwrap_or_else(|| parts.symbol.clone()),
            interval: read(names::INTERVAL).unwrap_or_else(|| parts.interval.clone()),
            indicators: read(names::INDICATORS).unwrap_or_default(),
            generated_at: read(names::GENERATED_AT),
            source: read(names::SOURCE),
        },
        sha256: read(names::SHA256),
        width: read(names::WIDTH).and_then(|value| value.parse().ok()),
        height: read(names::HEIGHT).and_then(|value| value.parse().ok()),
        uploaded_at: read(names::UPLOADED_AT),
    }
}

/// Formats an instant as RFC 3339 in UTC with `Z`, keeping any fraction of a second.
pub(crate) fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Encodes a metadata value for S3: printable ASCII as it is, anything else as an RFC 2047
/// encoded-word.
fn encode_value(value: &str) -> String {
    let printable = value.bytes().all(|byte| (0x20..=0x7e).contains(&byte));
    if printable && !value.starts_with("=?") {
        return value.to_owned();
    }
    format!(
        "{ENCODED_WORD_START}{}{ENCODED_WORD_END}",
        STANDARD.encode(value)
    )
}

/// Decodes a value written by [`encode_value`]; any other value is returned as it is.
fn decode_value(value: &str) -> String {
    let Some(inner) = strip_prefix_ignore_case(value, ENCODED_WORD_START)
        .and_then(|rest| rest.strip_suffix(ENCODED_WORD_END))
    else {
        return value.to_owned();
    };
    STANDARD
        .decode(inner)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| value.to_owned())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Trims a text field and checks that it is non-empty, within `max_chars` and free of control
/// characters.
fn text_field(field: &str, value: &str, max_chars: usize) -> Result<String, MetadataError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(MetadataError::invalid(field, "must not be empty"));
    }
    let length = value.chars().count();
    if length > max_chars {
        return Err(MetadataError::invalid(
            field,
            format!("must be at most {max_chars} characters, got {length}"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(MetadataError::invalid(
            field,
            "must not contain control characters such as line breaks",
        ));
    }
    Ok(value.to_owned())
}

fn parse_generated_at(text: &str) -> Result<DateTime<Utc>, MetadataError> {
    let field = "metadata.generatedAt";
    let text = text.trim();
    if text.chars().count() > MAX_GENERATED_AT_CHARS {
        return Err(MetadataError::invalid(
            field,
            format!("must be at most {MAX_GENERATED_AT_CHARS} characters"),
        ));
    }
    let time = DateTime::parse_from_rfc3339(text)
        .map_err(|_| {
            MetadataError::invalid(
                field,
                format!("{text:?} is not an RFC 3339 time; send one like 2025-11-16T10:30:00Z"),
            )
        })?
        .with_timezone(&Utc);
    if !(1970..=9999).contains(&time.year()) {
        return Err(MetadataError::invalid(
            field,
            "must fall in the years 1970 to 9999 (UTC)",
        ));
    }
    Ok(time)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::storage::sniff::ImageKind;

    fn input() -> MetadataInput {
        MetadataInput {
            symbol: "BINANCE:BTCUSDT".to_owned(),
            interval: "4h".to_owned(),
            indicators: vec!["RSI".to_owned(), "MACD".to_owned()],
            generated_at: Some("2025-11-16T11:30:00+01:00".to_owned()),
            source: None,
        }
    }

    fn facts() -> ObjectFacts {
        ObjectFacts {
            sha256: "ab".repeat(32),
            width: 800,
            height: 600,
            uploaded_at: Utc.with_ymd_and_hms(2025, 11, 16, 10, 31, 0).unwrap(),
        }
    }

    fn parts() -> KeyParts {
        KeyParts {
            symbol: "BTCUSDT".to_owned(),
            interval: "4h".to_owned(),
            time: Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap(),
            hash: "abababab".to_owned(),
            kind: ImageKind::Png,
        }
    }

    fn field_of(error: MetadataError) -> String {
        match error {
            MetadataError::Invalid { field, .. } => field,
            MetadataError::TooLarge { .. } => "(size)".to_owned(),
        }
    }

    #[test]
    fn parse_converts_generated_at_to_utc() {
        let metadata = ChartMetadata::parse(input()).unwrap();
        assert_eq!(
            metadata.generated_at(),
            Some(Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap())
        );
    }

    #[test]
    fn parse_rejects_long_symbol() {
        let mut long = input();
        long.symbol = "A".repeat(MAX_SYMBOL_CHARS + 1);
        let error = ChartMetadata::parse(long).unwrap_err();
        assert!(
            error.to_string().contains("at most 64 characters"),
            "{error}"
        );
        assert_eq!(field_of(error), "metadata.symbol");
    }

    #[test]
    fn parse_names_each_invalid_field() {
        type Change = fn(&mut MetadataInput);
        let cases: [(Change, &str); 8] = [
            (|m| m.symbol = "  ".to_owned(), "metadata.symbol"),
            (|m| m.symbol = "BINANCE:".to_owned(), "metadata.symbol"),
            (|m| m.interval = "-".to_owned(), "metadata.interval"),
            (
                |m| m.indicators = vec!["RSI".into(), "".into()],
                "metadata.indicators[1]",
            ),
            (
                |m| m.indicators = vec!["x".into(); 21],
                "metadata.indicators",
            ),
            (
                |m| m.generated_at = Some("yesterday".into()),
                "metadata.generatedAt",
            ),
            (
                |m| m.generated_at = Some("1969-12-31T23:59:59Z".into()),
                "metadata.generatedAt",
            ),
            (|m| m.source = Some("line\nbreak".into()), "metadata.source"),
        ];
        for (change, expected) in cases {
            let mut changed = input();
            change(&mut changed);
            let error = ChartMetadata::parse(changed).unwrap_err();
            assert_eq!(field_of(error), expected);
        }
    }

    #[test]
    fn to_stored_joins_indicators() {
        let stored = ChartMetadata::parse(input()).unwrap().to_stored();
        assert_eq!(stored.indicators, "RSI,MACD");
        assert_eq!(stored.generated_at.as_deref(), Some("2025-11-16T10:30:00Z"));
    }

    #[test]
    fn default_source_fills_only_missing() {
        let filled = ChartMetadata::parse(input())
            .unwrap()
            .with_default_source("chart-img.com");
        assert_eq!(filled.source(), Some("chart-img.com"));

        let mut given = input();
        given.source = Some("tradingview".to_owned());
        let kept = ChartMetadata::parse(given)
            .unwrap()
            .with_default_source("chart-img.com");
        assert_eq!(kept.source(), Some("tradingview"));
    }

    #[test]
    fn s3_values_are_ascii_and_round_trip() {
        let mut unicode = input();
        unicode.symbol = "BINANCE:ÉTHÉR".to_owned();
        unicode.indicators = vec!["Médiane mobile 📈".to_owned(), "=?not encoded?=".to_owned()];
        unicode.source = Some("チャート".to_owned());
        let metadata = ChartMetadata::parse(unicode).unwrap();

        let encoded = metadata.to_s3(&facts()).unwrap();
        for value in encoded.values() {
            assert!(
                value.bytes().all(|byte| (0x20..=0x7e).contains(&byte)),
                "{value}"
            );
        }

        let read = from_s3(Some(&encoded), &parts());
        assert_eq!(read.metadata, metadata.to_stored());
        assert_eq!(read.sha256.as_deref(), Some("ab".repeat(32).as_str()));
        assert_eq!((read.width, read.height), (Some(800), Some(600)));
        assert_eq!(read.uploaded_at.as_deref(), Some("2025-11-16T10:31:00Z"));
    }

    #[test]
    fn s3_metadata_over_limit_is_rejected() {
        let mut large = input();
        large.indicators = vec!["é".repeat(MAX_INDICATOR_CHARS); MAX_INDICATORS];
        let error = ChartMetadata::parse(large)
            .unwrap()
            .to_s3(&facts())
            .unwrap_err();
        assert!(matches!(error, MetadataError::TooLarge { limit: 2048, .. }));
    }

    #[test]
    fn s3_metadata_at_field_limits_fits_in_ascii() {
        let mut full = input();
        full.symbol = "S".repeat(MAX_SYMBOL_CHARS);
        full.interval = "1".repeat(MAX_INTERVAL_CHARS);
        full.indicators = vec!["I".repeat(MAX_INDICATOR_CHARS); MAX_INDICATORS];
        full.source = Some("s".repeat(MAX_SOURCE_CHARS));
        let encoded = ChartMetadata::parse(full).unwrap().to_s3(&facts());
        assert!(encoded.is_ok(), "{encoded:?}");
    }

    #[test]
    fn from_s3_falls_back_to_key_parts() {
        let read = from_s3(None, &parts());
        assert_eq!(read.metadata.symbol, "BTCUSDT");
        assert_eq!(read.metadata.interval, "4h");
        assert_eq!(read.sha256, None);
    }

    #[test]
    fn decode_keeps_unencoded_and_malformed_values() {
        assert_eq!(decode_value("plain"), "plain");
        assert_eq!(decode_value("=?UTF-8?B?***?="), "=?UTF-8?B?***?=");
        assert_eq!(decode_value("=?utf-8?b?w6k=?="), "é");
    }

    proptest! {
        #[test]
        fn encode_round_trips_any_text(text in any::<String>()) {
            let encoded = encode_value(&text);
            prop_assert!(encoded.bytes().all(|byte| (0x20..=0x7e).contains(&byte)));
            prop_assert_eq!(decode_value(&encoded), text);
        }

        #[test]
        fn parse_never_panics(
            symbol in any::<String>(),
            interval in any::<String>(),
            indicators in proptest::collection::vec(any::<String>(), 0..25),
            generated_at in proptest::option::of(any::<String>()),
            source in proptest::option::of(any::<String>()),
        ) {
            let input = MetadataInput { symbol, interval, indicators, generated_at, source };
            if let Ok(metadata) = ChartMetadata::parse(input) {
                let _ = metadata.to_s3(&facts());
            }
        }
    }
}
