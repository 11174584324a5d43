//! The URL a stored chart is read from: `PUBLIC_BASE_URL/{key}` when set (the local API serves
//! objects there), else `https://{AWS_CLOUDFRONT_DOMAIN}/{key}`, else the bucket's
//! virtual-hosted S3 URL. Each path segment of the key is percent-encoded where needed.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::settings::StorageSettings;

/// Everything but RFC 3986's unreserved characters is encoded inside a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds the public URL of each key.
#[derive(Debug, Clone)]
pub(crate) struct PublicUrls {
    /// Everything before the key, ending in `/`.
    base: String,
}

impl PublicUrls {
    pub(crate) fn new(settings: &StorageSettings, bucket: &str) -> Self {
        let base = if let Some(url) = &settings.public_base_url {
            format!("{}/", url.as_str().trim_end_matches('/'))
        } else if let Some(domain) = &settings.cloudfront_domain {
            let domain = domain
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/');
            format!("https://{domain}/")
        } else {
            match &settings.bucket_region {
                Some(region) => format!("https://{bucket}.s3.{region}.amazonaws.com/"),
                None => format!("https://{bucket}.s3.amazonaws.com/"),
            }
        };
        PublicUrls { base }
    }

    pub(crate) fn url(&self, key: &str) -> String {
        let path: Vec<String> = key
            .split('/')
            .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
            .collect();
        format!("{}{}", self.base, path.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn urls(pairs: &[(&str, &str)]) -> PublicUrls {
        let settings = Settings::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
        .unwrap();
        PublicUrls::new(&settings.storage, "my-charts")
    }

    const KEY: &str = "charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png";

    #[test]
    fn public_base_url_wins() {
        let urls = urls(&[
            ("PUBLIC_BASE_URL", "http://127.0.0.1:3010/"),
            ("AWS_CLOUDFRONT_DOMAIN", "d1.cloudfront.net"),
        ]);
        assert_eq!(urls.url(KEY), format!("http://127.0.0.1:3010/{KEY}"));
    }

    #[test]
    fn public_base_url_keeps_its_path() {
        let urls = urls(&[("PUBLIC_BASE_URL", "https://example.com/assets")]);
        assert_eq!(urls.url(KEY), format!("https://example.com/assets/{KEY}"));
    }

    #[test]
    fn cloudfront_domain_is_next() {
        let urls = urls(&[("AWS_CLOUDFRONT_DOMAIN", "d1.cloudfront.net")]);
        assert_eq!(urls.url(KEY), format!("https://d1.cloudfront.net/{KEY}"));
    }

    #[test]
    fn bucket_url_uses_region() {
        let urls = urls(&[("AWS_S3_BUCKET_REGION", "eu-west-1")]);
        assert_eq!(
            urls.url(KEY),
            format!("https://my-charts.s3.eu-west-1.amazonaws.com/{KEY}")
        );
    }

    #[test]
    fn url_encodes_unsafe_characters() {
        let urls = urls(&[("AWS_CLOUDFRONT_DOMAIN", "d1.cloudfront.net")]);
        assert_eq!(
            urls.url("charts/a b/c+d%é"),
            "https://d1.cloudfront.net/charts/a%20b/c%2Bd%25%C3%A9"
        );
    }
}
