//! Start-up settings, read once from the environment.
//!
//! Every value is checked before the server handles its first message, and an invalid one stops
//! start-up with an error that names the variable and the fix. An unset or empty variable takes
//! its default. The API key is kept in a type whose `Debug` output hides it.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

pub(crate) const API_URL_VAR: &str = "CHART_API_URL";
pub(crate) const API_KEY_VAR: &str = "CHART_API_KEY";
pub(crate) const TIMEOUT_VAR: &str = "CHART_API_TIMEOUT_MS";

/// The local API's address when `CHART_API_URL` is unset.
const DEFAULT_API_URL: &str = "http://127.0.0.1:3010";

/// API Gateway ends a request after 29 seconds, so a render never takes longer than that behind
/// it. The rest is room for the network and for a local API, which has no such cap.
const DEFAULT_TIMEOUT_MS: u64 = 45_000;
const MIN_TIMEOUT_MS: u64 = 1_000;
const MAX_TIMEOUT_MS: u64 = 900_000;

/// The path every route starts with. A base URL that already ends in it, such as the stack's
/// `ApiUrl` output, is accepted as well.
const ROUTE_PREFIX: &str = "/api/v1";

/// Settings of the server.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Base URL of the API, with no trailing slash and without the `/api/v1` route prefix.
    pub(crate) api_base: String,
    /// Sent as `x-api-key` on every request when set.
    pub(crate) api_key: Option<ApiKey>,
    /// Time allowed for one API request, from connecting to the last byte of the response.
    pub(crate) timeout: Duration,
}

/// An API key, ready to send as a header that HTTP clients treat as sensitive.
#[derive(Clone)]
pub(crate) struct ApiKey(HeaderValue);

impl ApiKey {
    pub(crate) fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ApiKey(redacted)")
    }
}

/// An invalid setting. Messages never contain the API key.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SettingsError {
    #[error("{name} is not valid UTF-8; set it to plain text")]
    NotUnicode { name: &'static str },

    #[error(
        "{API_URL_VAR}: `{value}` is invalid: {reason}; set it to the API's base URL, such as \
         {DEFAULT_API_URL} for the local API or the stack's ApiUrl output"
    )]
    InvalidApiUrl { value: String, reason: String },

    #[error(
        "{API_KEY_VAR} contains characters that cannot be sent in an HTTP header; copy the key \
         again, without line breaks or other control characters"
    )]
    InvalidApiKey,

    #[error(
        "{TIMEOUT_VAR}: `{value}` is invalid; set a whole number of milliseconds from \
         {MIN_TIMEOUT_MS} to {MAX_TIMEOUT_MS}, or unset it for the default of {DEFAULT_TIMEOUT_MS}"
    )]
    InvalidTimeout { value: String },
}

impl Settings {
    /// Reads the settings from the process environment.
    pub(crate) fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var_os(name))
    }

    /// Reads the settings through `lookup`, which returns a variable's value if it is set.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, SettingsError> {
        let read = |name: &'static str| -> Result<Option<String>, SettingsError> {
            let Some(value) = lookup(name) else {
                return Ok(None);
            };
            let value = value
                .into_string()
                .map_err(|_| SettingsError::NotUnicode { name })?;
            let value = value.trim();
            Ok((!value.is_empty()).then(|| value.to_owned()))
        };

        let api_base = match read(API_URL_VAR)? {
            Some(value) => parse_api_base(&value)?,
            None => DEFAULT_API_URL.to_owned(),
        };
        let api_key = read(API_KEY_VAR)?.map(parse_api_key).transpose()?;
        let timeout = match read(TIMEOUT_VAR)? {
            Some(value) => parse_timeout(&value)?,
            None => Duration::from_millis(DEFAULT_TIMEOUT_MS),
        };

        Ok(Settings {
            api_base,
            api_key,
            timeout,
        })
    }

    /// Returns whether the key would cross the network in clear text: plain HTTP to a host
    /// other than a loopback address.
    pub(crate) fn sends_key_in_clear_text(&self) -> bool {
        let Some(url) = self.api_key.as_ref().and(Url::parse(&self.api_base).ok()) else {
            return false;
        };
        url.scheme() == "http" && !is_loopback(&url)
    }
}

fn parse_api_base(value: &str) -> Result<String, SettingsError> {
    let invalid = |reason: &str| SettingsError::InvalidApiUrl {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };

    let url = Url::parse(value).map_err(|error| invalid(&error.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // The value may hold a password, so the message shows the URL without it.
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(SettingsError::InvalidApiUrl {
            value: shown.to_string(),
            reason: format!("it must not contain credentials; put the API key in {API_KEY_VAR}"),
        });
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment"));
    }

    let path = url.path().trim_end_matches('/');
    let path = path.strip_suffix(ROUTE_PREFIX).unwrap_or(path);
    let origin = url.origin().ascii_serialization();
    Ok(format!("{origin}{path}"))
}

fn parse_api_key(value: String) -> Result<ApiKey, SettingsError> {
    let mut header = HeaderValue::from_str(&value).map_err(|_| SettingsError::InvalidApiKey)?;
    header.set_sensitive(true);
    Ok(ApiKey(header))
}

fn parse_timeout(value: &str) -> Result<Duration, SettingsError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|millis| (MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(millis))
        .map(Duration::from_millis)
        .ok_or_else(|| SettingsError::InvalidTimeout {
            value: value.to_owned(),
        })
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(variables: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let variables: HashMap<String, OsString> = variables
            .iter()
            .map(|(name, value)| (name.to_string(), OsString::from(value)))
            .collect();
        Settings::from_lookup(|name| variables.get(name).cloned())
    }

    fn api_base(value: &str) -> String {
        settings(&[(API_URL_VAR, value)]).unwrap().api_base
    }

    #[test]
    fn defaults_apply_when_unset() {
        let settings = settings(&[]).unwrap();
        assert_eq!(settings.api_base, "http://127.0.0.1:3010");
        assert!(settings.api_key.is_none());
        assert_eq!(settings.timeout, Duration::from_millis(45_000));
    }

    #[test]
    fn empty_values_take_defaults() {
        let settings = settings(&[(API_URL_VAR, " "), (API_KEY_VAR, ""), (TIMEOUT_VAR, "")]);
        let settings = settings.unwrap();
        assert_eq!(settings.api_base, "http://127.0.0.1:3010");
        assert!(settings.api_key.is_none());
        assert_eq!(settings.timeout, Duration::from_millis(45_000));
    }

    #[test]
    fn api_url_drops_trailing_slash() {
        assert_eq!(api_base("http://127.0.0.1:4000/"), "http://127.0.0.1:4000");
    }

    #[test]
    fn api_url_drops_route_prefix() {
        assert_eq!(
            api_base("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/api/v1/"),
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
        );
    }

    #[test]
    fn api_url_keeps_stage_path() {
        assert_eq!(
            api_base("https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
        );
    }

    #[test]
    fn api_url_rejects_text() {
        let error = settings(&[(API_URL_VAR, "localhost:3010")]).unwrap_err();
        assert!(
            matches!(error, SettingsError::InvalidApiUrl { .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("CHART_API_URL: `localhost:3010`")
        );
    }

    #[test]
    fn api_url_rejects_other_schemes() {
        let error = settings(&[(API_URL_VAR, "ftp://127.0.0.1/")]).unwrap_err();
        assert!(error.to_string().contains("http or https"), "{error}");
    }

    #[test]
    fn api_url_rejects_query() {
        let error = settings(&[(API_URL_VAR, "http://127.0.0.1:3010/?a=b")]).unwrap_err();
        assert!(error.to_string().contains("query"), "{error}");
    }

    #[test]
    fn api_url_hides_password() {
        let error = settings(&[(API_URL_VAR, "https://user:hunter2@example.com/")]).unwrap_err();
        let message = error.to_string();
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains(API_KEY_VAR), "{message}");
    }

    #[test]
    fn api_key_is_trimmed() {
        let settings = settings(&[(API_KEY_VAR, " secret-key\n")]).unwrap();
        let key = settings.api_key.unwrap().header_value();
        assert_eq!(key.to_str().unwrap(), "secret-key");
    }

    #[test]
    fn api_key_is_sensitive() {
        let settings = settings(&[(API_KEY_VAR, "secret-key")]).unwrap();
        assert!(
            settings
                .api_key
                .as_ref()
                .unwrap()
                .header_value()
                .is_sensitive()
        );
        assert!(!format!("{settings:?}").contains("secret-key"));
    }

    #[test]
    fn api_key_rejects_control_characters() {
        let error = settings(&[(API_KEY_VAR, "secret\u{7}key")]).unwrap_err();
        assert_eq!(error, SettingsError::InvalidApiKey);
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn timeout_reads_milliseconds() {
        let settings = settings(&[(TIMEOUT_VAR, "60000")]).unwrap();
        assert_eq!(settings.timeout, Duration::from_secs(60));
    }

    #[test]
    fn timeout_rejects_out_of_range() {
        for value in ["0", "999", "900001", "-5", "30s", "1e4"] {
            let error = settings(&[(TIMEOUT_VAR, value)]).unwrap_err();
            assert_eq!(
                error,
                SettingsError::InvalidTimeout {
                    value: value.to_owned()
                },
                "{value}"
            );
        }
    }

    #[test]
    fn timeout_error_names_variable() {
        let error = settings(&[(TIMEOUT_VAR, "soon")]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("CHART_API_TIMEOUT_MS: `soon`")
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_unicode_value_is_rejected() {
        use std::os::unix::ffi::OsStringExt;

        let error = Settings::from_lookup(|name| {
            (name == API_URL_VAR).then(|| OsString::from_vec(vec![0x68, 0xff]))
        })
        .unwrap_err();
        assert_eq!(error, SettingsError::NotUnicode { name: API_URL_VAR });
    }

    #[test]
    fn clear_text_key_to_remote_host() {
        let remote = settings(&[
            (API_URL_VAR, "http://charts.example.com"),
            (API_KEY_VAR, "k"),
        ]);
        assert!(remote.unwrap().sends_key_in_clear_text());
    }

    #[test]
    fn clear_text_key_to_loopback_is_fine() {
        let local = settings(&[(API_URL_VAR, "http://localhost:3010"), (API_KEY_VAR, "k")]);
        assert!(!local.unwrap().sends_key_in_clear_text());
    }

    #[test]
    fn https_key_is_not_clear_text() {
        let remote = settings(&[
            (API_URL_VAR, "https://charts.example.com"),
            (API_KEY_VAR, "k"),
        ]);
        assert!(!remote.unwrap().sends_key_in_clear_text());
    }
}
