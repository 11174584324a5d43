//! The one place where each concern's error type becomes an envelope status and code. Each
//! section below maps one module's errors; messages name the bad value and the next step.

#[allow(unused_imports)]
use super::error::{ApiError, ErrorCode};

// Errors of `crate::construct`.

/// Every construct error is the caller's to fix: 422 `VALIDATION_ERROR`, with the field named in
/// `details`.
impl From<crate::construct::ConstructError> for ApiError {
    fn from(error: crate::construct::ConstructError) -> Self {
        let field = error.field();
        ApiError::new(ErrorCode::ValidationError, error.to_string())
            .with_details(serde_json::json!({ "field": field }))
    }
}

// Errors of `crate::validate`.

impl From<crate::validate::InvalidConfig> for ApiError {
    fn from(error: crate::validate::InvalidConfig) -> Self {
        let message = format!(
            "{}; see details.errors for every problem, or check configs with POST \
             /api/v1/charts/validate",
            error
        );
        let details = serde_json::to_value(&error.report)
            .unwrap_or_else(|_| serde_json::Value::Object(serde_json::Map::new()));
        ApiError::new(ErrorCode::InvalidConfig, message).with_details(details)
    }
}

// Errors of `crate::chart_img`.

impl From<crate::chart_img::ApiKeyError> for ApiError {
    fn from(error: crate::chart_img::ApiKeyError) -> Self {
        use crate::chart_img::ApiKeyError;

        let message = match &error {
            ApiKeyError::Missing => "the chart-img API key is not configured; set \
                CHART_IMG_API_KEY, or set CHART_IMG_API_KEY_PARAMETER to the name of the SSM \
                SecureString parameter that contains it"
                .to_owned(),
            ApiKeyError::ParameterNotFound { name } => format!(
                "the SSM parameter `{name}` named by CHART_IMG_API_KEY_PARAMETER does not \
                 exist; create it as a SecureString that contains the chart-img API key, or \
                 correct the setting"
            ),
            ApiKeyError::EmptyParameter { name } => format!(
                "the SSM parameter `{name}` named by CHART_IMG_API_KEY_PARAMETER is empty; \
                 store the chart-img API key in it"
            ),
            ApiKeyError::Ssm { name, .. } => {
                return ApiError::new(
                    ErrorCode::ExternalApiError,
                    format!(
                        "reading the chart-img API key from the SSM parameter `{name}` failed; \
                         check that the function may call ssm:GetParameter and kms:Decrypt on \
                         it, then retry"
                    ),
                )
                .with_status(http::StatusCode::SERVICE_UNAVAILABLE)
                .with_cause(&error);
            }
            ApiKeyError::TimedOut => {
                return ApiError::new(
                    ErrorCode::ExternalApiError,
                    "reading the chart-img API key from SSM timed out; retry, and check that the \
                     function can reach SSM",
                )
                .with_status(http::StatusCode::SERVICE_UNAVAILABLE)
                .with_cause(&error);
            }
            ApiKeyError::NotHeaderSafe => "the chart-img API key contains characters that an \
                HTTP header cannot carry; check CHART_IMG_API_KEY, or the SSM parameter named by \
                CHART_IMG_API_KEY_PARAMETER, for stray quotes or line breaks"
                .to_owned(),
        };
        ApiError::not_configured(message).with_cause(&error)
    }
}

impl From<crate::chart_img::ChartImgError> for ApiError {
    fn from(error: crate::chart_img::ChartImgError) -> Self {
        use crate::chart_img::ChartImgError;
        use serde_json::json;

        let cause = error.to_string();
        let api_error = match error {
            ChartImgError::ApiKey(key_error) => return key_error.into(),
            ChartImgError::KeyRejected { status } => ApiError::new(
                ErrorCode::ExternalApiError,
                format!(
                    "chart-img rejected the service's API key with HTTP {status}; check the key \
                     in CHART_IMG_API_KEY, or in the SSM parameter named by \
                     CHART_IMG_API_KEY_PARAMETER"
                ),
            ),
            ChartImgError::PlanLimit { limit, allowed } => ApiError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "chart-img rejected the config: it exceeds the {limit} limit of the API \
                     key's plan ({allowed}); reduce it, or set CHART_IMG_PLAN to the plan the key \
                     belongs to so that configs are checked against that plan before rendering"
                ),
            )
            .with_details(json!({ "limit": limit, "allowed": allowed })),
            ChartImgError::InvalidSymbol { symbol } => ApiError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "chart-img does not know the symbol `{symbol}`; check the exchange prefix and \
                     the ticker, or search with GET /api/v1/exchanges/{{exchange}}/symbols?search="
                ),
            )
            .with_details(json!({ "field": "symbol", "value": symbol })),
            ChartImgError::InvalidInterval { interval } => ApiError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "chart-img rejected the interval `{interval}` for this symbol; try a coarser \
                     interval such as `1D`"
                ),
            )
            .with_details(json!({ "field": "interval", "value": interval })),
            ChartImgError::InvalidValues(values) => {
                let listed: Vec<String> = values
                    .iter()
                    .map(|value| format!("{} `{}`: {}", value.param, value.value, value.reason))
                    .collect();
                let details: Vec<serde_json::Value> = values
                    .iter()
                    .map(|value| {
                        json!({ "field": value.param, "value": value.value, "message": value.reason })
                    })
                    .collect();
                ApiError::new(
                    ErrorCode::InvalidConfig,
                    format!(
                        "chart-img rejected {}; study names and inputs are listed at GET \
                         /api/v1/documentation?section=indicators",
                        listed.join("; ")
                    ),
                )
                .with_details(json!({ "errors": details }))
            }
            ChartImgError::Rejected { status, .. } => ApiError::new(
                ErrorCode::InvalidConfig,
                format!(
                    "chart-img rejected the config with HTTP {status}; check it with POST \
                     /api/v1/charts/validate"
                ),
            ),
            ChartImgError::SessionDisconnected => ApiError::new(
                ErrorCode::ExternalApiError,
                "chart-img lost its TradingView session; retry in a minute",
            ),
            ChartImgError::DailyLimit => ApiError::new(
                ErrorCode::RateLimitExceeded,
                "chart-img's daily request quota for the service's API key is spent; charts can \
                 be rendered again once the quota resets, or sooner on a larger chart-img plan",
            ),
            ChartImgError::RateLimited { attempts } => ApiError::new(
                ErrorCode::RateLimitExceeded,
                format!(
                    "chart-img's per-second rate limit rejected {attempts} attempt(s); retry in a \
                     few seconds"
                ),
            ),
            ChartImgError::ServerError { status, attempts } => ApiError::new(
                ErrorCode::ExternalApiError,
                format!(
                    "chart-img failed with HTTP {status} on {attempts} attempt(s); retry later"
                ),
            ),
            ChartImgError::Timeout { deadline, attempts } => ApiError::new(
                ErrorCode::UpstreamTimeout,
                format!(
                    "chart-img did not answer within {} ms ({attempts} attempt(s)); retry, and \
                     for a chart try a smaller size or fewer studies",
                    deadline.as_millis()
                ),
            ),
            ChartImgError::Unreachable { attempts, .. } => ApiError::new(
                ErrorCode::ExternalApiError,
                format!(
                    "chart-img could not be reached ({attempts} attempt(s)); retry later, and \
                     check CHART_IMG_BASE_URL if it persists"
                ),
            ),
            ChartImgError::MalformedBody { .. } => ApiError::new(
                ErrorCode::ExternalApiError,
                "chart-img returned an answer that could not be read; retry later",
            ),
            ChartImgError::UnexpectedStatus { status } => ApiError::new(
                ErrorCode::ExternalApiError,
                format!("chart-img answered with the unexpected HTTP {status}; retry later"),
            ),
            ChartImgError::ExchangeNotFound { exchange } => ApiError::new(
                ErrorCode::ExchangeNotFound,
                format!(
                    "chart-img does not list the exchange `{exchange}`; GET /api/v1/exchanges \
                     lists the valid ids"
                ),
            ),
            ChartImgError::ImageTooLarge { limit } => ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "the rendered image is larger than {limit} bytes, the most that fits \
                     base64-encoded in one response; request `storage: true` for a hosted URL or \
                     `persist: true` to store it in S3, or ask for a smaller image"
                ),
            ),
        };
        api_error.with_cause(cause)
    }
}

// Errors of `crate::storage`.

impl From<crate::storage::ImageError> for ApiError {
    fn from(error: crate::storage::ImageError) -> Self {
        ApiError::new(ErrorCode::UnsupportedMediaType, error.to_string())
    }
}

impl From<crate::storage::MetadataError> for ApiError {
    fn from(error: crate::storage::MetadataError) -> Self {
        let field = match &error {
            crate::storage::MetadataError::Invalid { field, .. } => field.clone(),
            crate::storage::MetadataError::TooLarge { .. } => "metadata".to_owned(),
        };
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": field }))
    }
}

impl From<crate::storage::RequestError> for ApiError {
    fn from(error: crate::storage::RequestError) -> Self {
        use crate::storage::RequestError as E;
        let field = match &error {
            E::Metadata(metadata) => return ApiError::from(metadata.clone()),
            E::Base64TooLarge { .. } | E::ImageTooLarge { .. } => {
                return ApiError::new(ErrorCode::PayloadTooLarge, error.to_string());
            }
            E::NoImage | E::BothImages => "imageUrl, imageData",
            E::InvalidUrl { .. } => "imageUrl",
            E::InvalidBase64 { .. } => "imageData",
        };
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": field }))
    }
}

impl From<crate::storage::KeyError> for ApiError {
    fn from(error: crate::storage::KeyError) -> Self {
        ApiError::validation(error.to_string()).with_details(serde_json::json!({ "field": "key" }))
    }
}

impl From<crate::storage::ListError> for ApiError {
    fn from(error: crate::storage::ListError) -> Self {
        ApiError::validation(error.to_string())
            .with_details(serde_json::json!({ "field": error.parameter }))
    }
}

impl From<crate::storage::FetchError> for ApiError {
    fn from(error: crate::storage::FetchError) -> Self {
        use crate::storage::FetchError as E;
        let message = error.to_string();
        match &error {
            E::AddressRefused { rule, address, .. } => {
                ApiError::validation(message).with_details(serde_json::json!({
                    "field": "imageUrl",
                    "rule": rule.name(),
                    "address": address.to_string(),
                }))
            }
            E::TooLarge { .. } => ApiError::new(ErrorCode::PayloadTooLarge, message),
            E::Timeout { .. } => ApiError::new(ErrorCode::UpstreamTimeout, message),
            E::Status { status } if *status >= 500 => {
                ApiError::new(ErrorCode::ExternalApiError, message)
                    .with_status(http::StatusCode::BAD_GATEWAY)
            }
            E::Connection { cause, .. } => ApiError::new(ErrorCode::ExternalApiError, message)
                .with_status(http::StatusCode::BAD_GATEWAY)
                .with_cause(cause),
            _ => ApiError::validation(message)
                .with_details(serde_json::json!({ "field": "imageUrl" })),
        }
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(error: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError as E;
        let message = error.to_string();
        let api_error = match &error {
            E::NotConfigured => ApiError::not_configured(message)
                .with_details(serde_json::json!({ "setting": "AWS_S3_BUCKET" })),
            E::Image(image) => return ApiError::from(image.clone()),
            E::Metadata(metadata) => return ApiError::from(metadata.clone()),
            E::Key(key) => return ApiError::from(key.clone()),
            E::TooLarge { .. } => ApiError::new(ErrorCode::PayloadTooLarge, message),
            E::NotFound { .. } => ApiError::not_found(message),
            E::KeyConflict { .. } => ApiError::new(ErrorCode::StorageError, message)
                .with_status(http::StatusCode::CONFLICT),
            E::Timeout { .. } => ApiError::new(ErrorCode::UpstreamTimeout, message),
            E::Unreachable { .. }
            | E::BucketMissing { .. }
            | E::AccessDenied { .. }
            | E::Rejected { .. } => ApiError::new(ErrorCode::StorageError, message),
        };
        match error.cause() {
            Some(cause) => api_error.with_cause(cause),
            None => api_error,
        }
    }
}
