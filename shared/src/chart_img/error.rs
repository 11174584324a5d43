//! Failed calls to chart-img, in terms a caller can act on. The raw response chart-img sent is
//! never stored here: each variant keeps only the facts its message needs.

use std::time::Duration;

use super::api_key::ApiKeyError;

/// A failed call to chart-img.
#[derive(Debug, thiserror::Error)]
pub enum ChartImgError {
    #[error(transparent)]
    ApiKey(#[from] ApiKeyError),

    /// chart-img returned 401, or 403 `Forbidden`: the key is wrong, revoked or absent.
    #[error("chart-img rejected the API key with HTTP {status}")]
    KeyRejected { status: u16 },

    /// chart-img returned 403 `Exceed Max Usage {limit} Limit ({allowed})`.
    #[error("chart-img's {limit} limit of the key's plan is {allowed}")]
    PlanLimit { limit: String, allowed: String },

    #[error("chart-img does not know the symbol `{symbol}`")]
    InvalidSymbol { symbol: String },

    #[error("chart-img rejected the interval `{interval}`")]
    InvalidInterval { interval: String },

    /// chart-img returned 422 with a list of rejected values, as it does for study names.
    #[error("chart-img rejected {} value(s) of the config", .0.len())]
    InvalidValues(Vec<RejectedValue>),

    /// Any other 400 or 422 answer.
    #[error("chart-img rejected the request with HTTP {status}: {message}")]
    Rejected { status: u16, message: String },

    /// chart-img returned 409: its TradingView session dropped.
    #[error("chart-img lost its TradingView session (HTTP 409)")]
    SessionDisconnected,

    /// chart-img returned 429 `Limit Exceeded`: the key's requests for the day are spent.
    #[error("chart-img's daily request quota for the API key is spent")]
    DailyLimit,

    /// chart-img kept returning 429 `Too Many Requests` until the deadline.
    #[error("chart-img's per-second rate limit still applied after {attempts} attempt(s)")]
    RateLimited { attempts: u32 },

    /// chart-img kept returning 5xx (other than 504) until the deadline.
    #[error("chart-img failed with HTTP {status} after {attempts} attempt(s)")]
    ServerError { status: u16, attempts: u32 },

    /// The deadline passed, or chart-img kept returning 504 until it did.
    #[error("chart-img did not return a result within {} ms ({attempts} attempt(s))", .deadline.as_millis())]
    Timeout { deadline: Duration, attempts: u32 },

    /// No connection could be made, up to the deadline.
    #[error("chart-img could not be reached after {attempts} attempt(s): {source}")]
    Unreachable {
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },

    /// A success status with a body that is not what the endpoint returns.
    #[error("chart-img returned a malformed body: {reason}")]
    MalformedBody { reason: String },

    #[error("chart-img returned the unexpected status HTTP {status}")]
    UnexpectedStatus { status: u16 },

    #[error("chart-img does not list the exchange `{exchange}`")]
    ExchangeNotFound { exchange: String },

    /// The image is larger than the caller's limit, so its download was stopped.
    #[error("the rendered image is larger than {limit} bytes")]
    ImageTooLarge { limit: usize },
}

/// One value chart-img named as invalid in a 422 list answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedValue {
    /// The request field, such as `studies[0].name`.
    pub param: String,
    /// The rejected value, shortened to printable text.
    pub value: String,
    /// chart-img's reason, shortened to printable text.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::StatusCode;

    use super::*;
    use crate::api::{ApiError, ErrorCode};

    fn mapped(error: ChartImgError) -> ApiError {
        ApiError::from(error)
    }

    #[test]
    fn envelope_status_and_code_per_variant() {
        let cases = [
            (
                ChartImgError::ApiKey(ApiKeyError::Missing),
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::NotConfigured,
            ),
            (
                ChartImgError::KeyRejected { status: 403 },
                StatusCode::BAD_GATEWAY,
                ErrorCode::ExternalApiError,
            ),
            (
                ChartImgError::PlanLimit {
                    limit: "parameter".into(),
                    allowed: "5".into(),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidConfig,
            ),
            (
                ChartImgError::InvalidSymbol {
                    symbol: "NASDAQ:NOPE".into(),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidConfig,
            ),
            (
                ChartImgError::InvalidInterval {
                    interval: "45m".into(),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidConfig,
            ),
            (
                ChartImgError::InvalidValues(Vec::new()),
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidConfig,
            ),
            (
                ChartImgError::SessionDisconnected,
                StatusCode::BAD_GATEWAY,
                ErrorCode::ExternalApiError,
            ),
            (
                ChartImgError::DailyLimit,
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimitExceeded,
            ),
            (
                ChartImgError::RateLimited { attempts: 3 },
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimitExceeded,
            ),
            (
                ChartImgError::ServerError {
                    status: 500,
                    attempts: 3,
                },
                StatusCode::BAD_GATEWAY,
                ErrorCode::ExternalApiError,
            ),
            (
                ChartImgError::Timeout {
                    deadline: Duration::from_secs(25),
                    attempts: 2,
                },
                StatusCode::GATEWAY_TIMEOUT,
                ErrorCode::UpstreamTimeout,
            ),
            (
                ChartImgError::MalformedBody {
                    reason: "<html>".into(),
                },
                StatusCode::BAD_GATEWAY,
                ErrorCode::ExternalApiError,
            ),
            (
                ChartImgError::ExchangeNotFound {
                    exchange: "NOPE".into(),
                },
                StatusCode::NOT_FOUND,
                ErrorCode::ExchangeNotFound,
            ),
            (
                ChartImgError::ImageTooLarge { limit: 4_400_000 },
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
            ),
        ];
        for (error, status, code) in cases {
            let label = format!("{error:?}");
            let api_error = mapped(error);
            assert_eq!(api_error.status, status, "{label}");
            assert_eq!(api_error.code, code, "{label}");
        }
    }

    #[test]
    fn rejected_values_are_named() {
        let api_error = mapped(ChartImgError::InvalidValues(vec![RejectedValue {
            param: "studies[0].name".into(),
            value: "Relative Strenght Index".into(),
            reason: "Invalid value".into(),
        }]));
        assert!(
            api_error
                .message
                .contains("studies[0].name `Relative Strenght Index`"),
            "{}",
            api_error.message
        );
        assert_eq!(
            api_error.details.unwrap()["errors"][0]["field"],
            "studies[0].name"
        );
    }

    #[test]
    fn invalid_symbol_is_named() {
        let api_error = mapped(ChartImgError::InvalidSymbol {
            symbol: "NASDAQ:NOPE".into(),
        });
        assert!(
            api_error.message.contains("`NASDAQ:NOPE`"),
            "{}",
            api_error.message
        );
    }

    #[test]
    fn malformed_body_text_stays_in_cause() {
        let api_error = mapped(ChartImgError::MalformedBody {
            reason: "<html>oops</html>".into(),
        });
        assert!(
            !api_error.message.contains("<html>"),
            "{}",
            api_error.message
        );
        assert!(api_error.cause.unwrap().contains("<html>"));
    }

    #[test]
    fn rejected_key_names_the_settings() {
        let api_error = mapped(ChartImgError::KeyRejected { status: 401 });
        assert!(api_error.message.contains("CHART_IMG_API_KEY"));
        assert!(api_error.message.contains("CHART_IMG_API_KEY_PARAMETER"));
    }
}
