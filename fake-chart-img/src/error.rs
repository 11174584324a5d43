//! The errors chart-img returns, and the one place that turns them into HTTP responses.
//!
//! Every error is a status with a JSON body `{"message": "..."}` worded as chart-img words it,
//! except a rejected field, which chart-img reports as an array of
//! `{"value", "msg", "param", "location"}` objects.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

/// One rejected field of a request body, in chart-img's array form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FieldError {
    /// The value the request sent, or `null` when the field held the wrong type of value.
    pub(crate) value: Value,
    pub(crate) msg: &'static str,
    /// The value's location in the body, such as `studies[1].name`.
    pub(crate) param: String,
    pub(crate) location: &'static str,
}

impl FieldError {
    /// Builds the error for a value chart-img does not accept at `param`.
    pub(crate) fn invalid(param: impl Into<String>, value: &Value) -> Self {
        FieldError {
            value: value.clone(),
            msg: "Invalid value",
            param: param.into(),
            location: "body",
        }
    }
}

/// An error response of the stand-in.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("Invalid Request")]
    MissingKey,
    #[error("Forbidden")]
    WrongKey,
    #[error("Too Many Requests")]
    TooManyRequests,
    #[error("Limit Exceeded")]
    DailyLimit,
    #[error("Invalid JSON Body")]
    InvalidJson,
    #[error("Exceed Max Usage Resolution Limit ({max_width}x{max_height})")]
    ResolutionLimit { max_width: u32, max_height: u32 },
    #[error("Exceed Max Usage Parameter Limit ({0})")]
    ParameterLimit(usize),
    #[error("Invalid Interval")]
    InvalidInterval,
    #[error("Invalid Symbol")]
    InvalidSymbol,
    #[error("Invalid value")]
    InvalidFields(Vec<FieldError>),
    #[error("Session Disconnected")]
    SessionDisconnected,
    #[error("Something Went Wrong")]
    ServerError,
    #[error("External Request Timeout")]
    GatewayTimeout,
    #[error("Payload Too Large")]
    PayloadTooLarge,
    #[error("Not Found")]
    NotFound,
}

impl ApiError {
    /// Returns the HTTP status chart-img sends with this error.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidJson => StatusCode::BAD_REQUEST,
            ApiError::MissingKey => StatusCode::UNAUTHORIZED,
            ApiError::WrongKey | ApiError::ResolutionLimit { .. } | ApiError::ParameterLimit(_) => {
                StatusCode::FORBIDDEN
            }
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::SessionDisconnected => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidInterval | ApiError::InvalidSymbol | ApiError::InvalidFields(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::TooManyRequests | ApiError::DailyLimit => StatusCode::TOO_MANY_REQUESTS,
            ApiError::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::InvalidFields(fields) = self {
            return (status, Json(fields)).into_response();
        }
        (status, Json(json!({ "message": self.to_string() }))).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_message_names_the_limit() {
        let error = ApiError::ResolutionLimit {
            max_width: 800,
            max_height: 600,
        };
        assert_eq!(
            error.to_string(),
            "Exceed Max Usage Resolution Limit (800x600)"
        );
    }

    #[test]
    fn field_error_serializes_in_array_form() {
        let error = FieldError::invalid("studies[0].name", &json!("RSI"));
        let body = serde_json::to_value([error]).unwrap();
        assert_eq!(
            body,
            json!([{
                "value": "RSI",
                "msg": "Invalid value",
                "param": "studies[0].name",
                "location": "body"
            }])
        );
    }
}
