//! API errors: a stable code, the HTTP status that goes with it, and a message that names the
//! bad value and what to do next.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use super::envelope::Payload;

/// The error codes of the `/api/v1` envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The body is not JSON.
    BadRequest,
    /// A field is missing, of the wrong type, or out of range.
    ValidationError,
    /// A chart config that chart-img would reject.
    InvalidConfig,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimitExceeded,
    /// chart-img failed or rejected the service's own credentials.
    ExternalApiError,
    ExchangeNotFound,
    ChartGenerationFailed,
    UpstreamTimeout,
    /// S3 failed.
    StorageError,
    /// A setting the route needs is missing.
    NotConfigured,
    InternalError,
}

impl ErrorCode {
    /// Returns the status this code is sent with unless the error overrides it.
    pub const fn default_status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::ValidationError | ErrorCode::InvalidConfig => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound | ErrorCode::ExchangeNotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::RateLimitExceeded => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::ExternalApiError
            | ErrorCode::ChartGenerationFailed
            | ErrorCode::StorageError => StatusCode::BAD_GATEWAY,
            ErrorCode::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::NotConfigured => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns the code for a status that a handler did not set itself, such as axum's own
    /// rejections and unmatched routes.
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::BAD_REQUEST => ErrorCode::BadRequest,
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimitExceeded,
            StatusCode::GATEWAY_TIMEOUT => ErrorCode::UpstreamTimeout,
            status if status.is_client_error() => ErrorCode::ValidationError,
            _ => ErrorCode::InternalError,
        }
    }
}

/// An error answered to the caller in the envelope.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    /// What failed, on which value, and what to do next. Sent to the caller.
    pub message: String,
    /// Structured detail for the caller, such as the list of invalid fields.
    pub details: Option<Value>,
    /// The underlying cause, for the log only. It is never sent to the caller.
    pub cause: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status: code.default_status(),
            code,
            message: message.into(),
            details: None,
            cause: None,
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// Records the underlying cause for the log.
    pub fn with_cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationError, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn not_configured(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotConfigured, message)
    }

    /// An error the caller cannot fix. The message stays generic and the cause goes to the log.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::InternalError,
            "internal error; retry later, and report the requestId if it persists",
        )
        .with_cause(cause)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{:?} ({}): {}",
            self.code,
            self.status.as_u16(),
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response
            .extensions_mut()
            .insert(Payload::Error(Box::new(self)));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_serializes_screaming_snake_case() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::NotConfigured).unwrap(),
            "\"NOT_CONFIGURED\""
        );
        assert_eq!(
            serde_json::to_string(&ErrorCode::UpstreamTimeout).unwrap(),
            "\"UPSTREAM_TIMEOUT\""
        );
    }

    #[test]
    fn new_uses_code_status() {
        assert_eq!(
            ApiError::not_configured("x").status,
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            ApiError::validation("x").status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let overridden = ApiError::new(ErrorCode::ExternalApiError, "x")
            .with_status(StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(overridden.status, StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn internal_keeps_cause_out_of_message() {
        let error = ApiError::internal("secret detail");
        assert!(!error.message.contains("secret detail"));
        assert_eq!(error.cause.as_deref(), Some("secret detail"));
    }
}
