//! Settings read once from the environment at start-up. A value that is present but invalid
//! stops start-up with a message naming the variable; a missing optional value is `None`, and
//! the route that needs it answers 503 `NOT_CONFIGURED`.

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::chart::Plan;

/// Every setting the functions read.
#[derive(Debug, Clone)]
pub struct Settings {
    pub chart_img: ChartImgSettings,
    pub storage: StorageSettings,
    /// `CORS_ALLOW_ORIGIN`, default `*`: the origin browsers may call the API from. The API
    /// authenticates with the `x-api-key` header, never with cookies, so `*` exposes nothing a
    /// caller without the key could not already read.
    pub cors_allow_origin: String,
}

/// How to reach chart-img.
#[derive(Debug, Clone)]
pub struct ChartImgSettings {
    /// `CHART_IMG_BASE_URL`, default `https://api.chart-img.com`.
    pub base_url: Url,
    /// Where the API key comes from: `CHART_IMG_API_KEY`, or the SSM parameter named by
    /// `CHART_IMG_API_KEY_PARAMETER`.
    pub api_key: ApiKeySource,
    /// `CHART_IMG_PLAN`, default `BASIC`: the plan whose limits configs are checked against.
    pub plan: Plan,
    /// `CHART_IMG_DEADLINE_MS`, default 25,000: the time one render may take, retries included.
    /// It stays below API Gateway's 29 s integration timeout.
    pub deadline: Duration,
    /// `EXCHANGE_CACHE_TTL_SECONDS`, default 3,600: how long exchange and symbol lists stay
    /// cached in memory across warm invocations. 0 turns the cache off.
    pub exchange_cache_ttl: Duration,
}

/// Where the chart-img API key is read from.
#[derive(Clone)]
pub enum ApiKeySource {
    /// The key itself, from `CHART_IMG_API_KEY`.
    Value(Secret),
    /// The name of an SSM SecureString parameter, read once per cold start.
    SsmParameter(String),
    Missing,
}

impl fmt::Debug for ApiKeySource {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiKeySource::Value(_) => formatter.write_str("Value([redacted])"),
            ApiKeySource::SsmParameter(name) => write!(formatter, "SsmParameter({name:?})"),
            ApiKeySource::Missing => formatter.write_str("Missing"),
        }
    }
}

/// Where and how images are stored.
#[derive(Debug, Clone)]
pub struct StorageSettings {
    /// `AWS_S3_BUCKET`.
    pub bucket: Option<String>,
    /// `AWS_S3_BUCKET_REGION`, else `AWS_REGION`: used to build S3 URLs.
    pub bucket_region: Option<String>,
    /// `AWS_CLOUDFRONT_DOMAIN`: when set, returned URLs are `https://{domain}/{key}`.
    pub cloudfront_domain: Option<String>,
    /// `PUBLIC_BASE_URL`: when set, returned URLs are `{base}/{key}`. The local API sets it to
    /// its own address, where it serves stored objects as CloudFront does in AWS.
    pub public_base_url: Option<Url>,
    /// `MAX_IMAGE_BYTES`, default 5 MiB: the largest decoded image accepted.
    pub max_image_bytes: usize,
    /// `IMAGE_URL_ALLOWED_ORIGINS`: the only origins `imageUrl` may be fetched from.
    pub allowed_origins: Vec<Origin>,
    /// `IMAGE_FETCH_TIMEOUT_MS`, default 10,000: the whole download of an `imageUrl`.
    pub fetch_timeout: Duration,
    /// `S3_DEADLINE_MS`, default 10,000: the time one storage operation (an upload's existence
    /// check and write, a listing page, a delete) may take against S3, retries included. With
    /// the default download timeout it keeps an upload below API Gateway's 29 s limit.
    pub s3_deadline: Duration,
    /// `S3_CONDITIONAL_WRITES`, default `true`: send `If-None-Match: *` with each write, so two
    /// uploads of the same chart cannot both create it. Set `false` for S3-compatible servers
    /// that reject the header.
    pub conditional_writes: bool,
}

/// The origins of chart-img's hosted images, which `imageUrl` may point at by default.
pub const DEFAULT_ALLOWED_ORIGINS: &str = "https://r2.chart-img.com,https://api.chart-img.com";

/// An origin `scheme://host[:port]`, compared exactly, with the port made explicit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub scheme: String,
    /// The host in lowercase; IPv6 addresses without brackets.
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// Parses `scheme://host[:port]`. Only `http` and `https` are accepted, and nothing may
    /// follow the port: a path, query, user name or password makes the origin invalid.
    pub fn parse(text: &str) -> Result<Self, String> {
        let url =
            Url::parse(text.trim()).map_err(|error| format!("`{text}` is not a URL: {error}"))?;
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "`{text}` must be scheme://host[:port] with no path or query"
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!("`{text}` must not contain a user name or password"));
        }
        Self::from_url(&url)
    }

    /// Returns the origin of a URL, or why it has none that could be allowed.
    pub fn from_url(url: &Url) -> Result<Self, String> {
        let scheme = url.scheme();
        if scheme != "http" && scheme != "https" {
            return Err(format!("scheme `{scheme}` is not allowed; use https"));
        }
        let host = match url.host() {
            Some(url::Host::Domain(domain)) => domain.to_ascii_lowercase(),
            Some(url::Host::Ipv4(address)) => address.to_string(),
            Some(url::Host::Ipv6(address)) => address.to_string(),
            None => return Err(format!("`{url}` has no host")),
        };
        let port = url
            .port_or_known_default()
            .ok_or_else(|| format!("`{url}` has no port"))?;
        Ok(Origin {
            scheme: scheme.to_owned(),
            host,
            port,
        })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_port = match self.scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => 0,
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == default_port {
            write!(formatter, "{}://{}", self.scheme, host)
        } else {
            write!(formatter, "{}://{}:{}", self.scheme, host, self.port)
        }
    }
}

/// A secret value whose `Debug` output is redacted, so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

/// A setting that is present but invalid.
#[derive(Debug, thiserror::Error)]
#[error("invalid {name}={value:?}: {reason}")]
pub struct SettingsError {
    pub name: &'static str,
    pub value: String,
    pub reason: String,
}

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, which returns a variable's value if it is set.
    /// Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };

        let base_url = parse_with(
            &read,
            "CHART_IMG_BASE_URL",
            "https://api.chart-img.com",
            parse_base_url,
        )?;
        let api_key = match (
            read("CHART_IMG_API_KEY"),
            read("CHART_IMG_API_KEY_PARAMETER"),
        ) {
            (Some(key), _) => ApiKeySource::Value(Secret::new(key)),
            (None, Some(parameter)) => ApiKeySource::SsmParameter(parameter),
            (None, None) => ApiKeySource::Missing,
        };
        let plan = parse_with(&read, "CHART_IMG_PLAN", "BASIC", |text| {
            Plan::parse_loose(text).ok_or_else(|| format!("expected one of {}", Plan::expected()))
        })?;
        let deadline = parse_with(&read, "CHART_IMG_DEADLINE_MS", "25000", |text| {
            parse_millis(text, 1_000, 28_000)
        })?;
        let exchange_cache_ttl = parse_with(&read, "EXCHANGE_CACHE_TTL_SECONDS", "3600", |text| {
            let seconds: u64 = text
                .parse()
                .map_err(|_| "expected a whole number of seconds".to_owned())?;
            if seconds > MAX_EXCHANGE_CACHE_TTL_SECONDS {
                return Err(format!(
                    "expected 0 to {MAX_EXCHANGE_CACHE_TTL_SECONDS} seconds"
                ));
            }
            Ok(Duration::from_secs(seconds))
        })?;

        let bucket_region = read("AWS_S3_BUCKET_REGION").or_else(|| read("AWS_REGION"));
        let public_base_url = match read("PUBLIC_BASE_URL") {
            Some(text) => Some(parse_base_url(&text).map_err(|reason| SettingsError {
                name: "PUBLIC_BASE_URL",
                value: text,
                reason,
            })?),
            None => None,
        };
        let max_image_bytes = parse_with(&read, "MAX_IMAGE_BYTES", "5242880", |text| {
            let bytes: usize = text
                .parse()
                .map_err(|_| "expected a whole number of bytes".to_owned())?;
            if !(1024..=MAX_IMAGE_BYTES_CEILING).contains(&bytes) {
                return Err(format!("expected 1024 to {MAX_IMAGE_BYTES_CEILING} bytes"));
            }
            Ok(bytes)
        })?;
        let allowed_origins = parse_with(
            &read,
            "IMAGE_URL_ALLOWED_ORIGINS",
            DEFAULT_ALLOWED_ORIGINS,
            |text| {
                text.split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(Origin::parse)
                    .collect()
            },
        )?;
        let fetch_timeout = parse_with(&read, "IMAGE_FETCH_TIMEOUT_MS", "10000", |text| {
            parse_millis(text, 100, 28_000)
        })?;
        let s3_deadline = parse_with(&read, "S3_DEADLINE_MS", "10000", |text| {
            parse_millis(text, 100, 28_000)
        })?;
        let conditional_writes = parse_with(&read, "S3_CONDITIONAL_WRITES", "true", parse_bool)?;

        let cors_allow_origin = parse_with(&read, "CORS_ALLOW_ORIGIN", "*", parse_cors_origin)?;

        Ok(Settings {
            chart_img: ChartImgSettings {
                base_url,
                api_key,
                plan,
                deadline,
                exchange_cache_ttl,
            },
            storage: StorageSettings {
                bucket: read("AWS_S3_BUCKET"),
                bucket_region,
                cloudfront_domain: read("AWS_CLOUDFRONT_DOMAIN"),
                public_base_url,
                max_image_bytes,
                allowed_origins,
                fetch_timeout,
                s3_deadline,
                conditional_writes,
            },
            cors_allow_origin,
        })
    }
}

/// Accepts `*` or one origin, `scheme://host[:port]`.
fn parse_cors_origin(text: &str) -> Result<String, String> {
    if text == "*" {
        return Ok(text.to_owned());
    }
    Origin::parse(text).map(|origin| origin.to_string())
}

/// Maximum exchange cache lifetime: one day.
const MAX_EXCHANGE_CACHE_TTL_SECONDS: u64 = 86_400;

/// The largest `MAX_IMAGE_BYTES` accepted: images above it cannot pass through Lambda anyway.
const MAX_IMAGE_BYTES_CEILING: usize = 20 * 1024 * 1024;

fn parse_with<T>(
    read: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, SettingsError> {
    let value = read(name).unwrap_or_else(|| default.to_owned());
    parse(&value).map_err(|reason| SettingsError {
        name,
        value,
        reason,
    })
}

fn parse_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|error| format!("not a URL: {error}"))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err("expected an http or https URL".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("expected no query or fragment".to_owned());
    }
    Ok(url)
}

fn parse_millis(text: &str, min: u64, max: u64) -> Result<Duration, String> {
    let millis: u64 = text
        .parse()
        .map_err(|_| "expected a whole number of milliseconds".to_owned())?;
    if !(min..=max).contains(&millis) {
        return Err(format!("expected {min} to {max} milliseconds"));
    }
    Ok(Duration::from_millis(millis))
}

fn parse_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_without_environment() {
        let settings = settings(&[]).unwrap();
        assert_eq!(
            settings.chart_img.base_url.as_str(),
            "https://api.chart-img.com/"
        );
        assert!(matches!(settings.chart_img.api_key, ApiKeySource::Missing));
        assert_eq!(settings.chart_img.plan, Plan::Basic);
        assert_eq!(settings.chart_img.deadline, Duration::from_secs(25));
        assert_eq!(
            settings.chart_img.exchange_cache_ttl,
            Duration::from_secs(3600)
        );
        assert_eq!(settings.storage.max_image_bytes, 5 * 1024 * 1024);
        let origins: Vec<String> = settings
            .storage
            .allowed_origins
            .iter()
            .map(Origin::to_string)
            .collect();
        assert_eq!(
            origins,
            ["https://r2.chart-img.com", "https://api.chart-img.com"]
        );
    }

    #[test]
    fn api_key_value_wins_over_parameter() {
        let settings = settings(&[
            ("CHART_IMG_API_KEY", "k"),
            ("CHART_IMG_API_KEY_PARAMETER", "/p"),
        ])
        .unwrap();
        assert!(
            matches!(settings.chart_img.api_key, ApiKeySource::Value(ref key) if key.expose() == "k")
        );
    }

    #[test]
    fn api_key_never_appears_in_debug() {
        let settings = settings(&[("CHART_IMG_API_KEY", "sk-live-123")]).unwrap();
        assert!(!format!("{settings:?}").contains("sk-live-123"));
    }

    #[test]
    fn invalid_plan_names_variable_and_choices() {
        let error = settings(&[("CHART_IMG_PLAN", "GOLD")]).unwrap_err();
        assert_eq!(error.name, "CHART_IMG_PLAN");
        assert!(
            error
                .to_string()
                .contains("BASIC, PRO, MEGA, ULTRA, ENTERPRISE"),
            "{error}"
        );
    }

    #[test]
    fn deadline_above_api_gateway_limit_is_rejected() {
        let error = settings(&[("CHART_IMG_DEADLINE_MS", "29000")]).unwrap_err();
        assert_eq!(error.name, "CHART_IMG_DEADLINE_MS");
    }

    #[test]
    fn exchange_cache_ttl_bounds() {
        let disabled = settings(&[("EXCHANGE_CACHE_TTL_SECONDS", "0")]).unwrap();
        assert_eq!(disabled.chart_img.exchange_cache_ttl, Duration::ZERO);

        let error = settings(&[("EXCHANGE_CACHE_TTL_SECONDS", "86401")]).unwrap_err();
        assert_eq!(error.name, "EXCHANGE_CACHE_TTL_SECONDS");
    }

    #[test]
    fn storage_deadline_and_conditional_writes() {
        let defaults = settings(&[]).unwrap().storage;
        assert_eq!(defaults.s3_deadline, Duration::from_secs(10));
        assert!(defaults.conditional_writes);

        let set = settings(&[
            ("S3_DEADLINE_MS", "750"),
            ("S3_CONDITIONAL_WRITES", "false"),
        ])
        .unwrap()
        .storage;
        assert_eq!(set.s3_deadline, Duration::from_millis(750));
        assert!(!set.conditional_writes);
    }

    #[test]
    fn storage_invalid_values_name_variable() {
        let deadline = settings(&[("S3_DEADLINE_MS", "30000")]).unwrap_err();
        assert_eq!(deadline.name, "S3_DEADLINE_MS");
        let conditional = settings(&[("S3_CONDITIONAL_WRITES", "maybe")]).unwrap_err();
        assert_eq!(conditional.name, "S3_CONDITIONAL_WRITES");
    }

    #[test]
    fn cors_origin_is_star_or_one_origin() {
        assert_eq!(settings(&[]).unwrap().cors_allow_origin, "*");
        let one = settings(&[("CORS_ALLOW_ORIGIN", "https://charts.example.com/")]).unwrap();
        assert_eq!(one.cors_allow_origin, "https://charts.example.com");
        let error =
            settings(&[("CORS_ALLOW_ORIGIN", "https://a.example, https://b.example")]).unwrap_err();
        assert_eq!(error.name, "CORS_ALLOW_ORIGIN");
    }

    #[test]
    fn origin_parse_makes_port_explicit() {
        let origin = Origin::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (origin.scheme.as_str(), origin.host.as_str(), origin.port),
            ("http", "127.0.0.1", 8080)
        );
        assert_eq!(Origin::parse("https://Example.COM").unwrap().port, 443);
        assert_eq!(
            Origin::parse("https://example.com/").unwrap().to_string(),
            "https://example.com"
        );
    }

    #[test]
    fn origin_parse_rejects_paths_credentials_and_schemes() {
        assert!(Origin::parse("https://example.com/images").is_err());
        assert!(Origin::parse("https://user:pw@example.com").is_err());
        assert!(Origin::parse("ftp://example.com").is_err());
        assert!(Origin::parse("https://example.com?x=1").is_err());
        assert!(Origin::parse("example.com").is_err());
    }

    #[test]
    fn origin_display_brackets_ipv6() {
        assert_eq!(
            Origin::parse("http://[::1]:9000").unwrap().to_string(),
            "http://[::1]:9000"
        );
    }
}
