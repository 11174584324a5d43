//! Successful answers, and the rendering of both kinds of payload into the envelope body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde_json::value::RawValue;

use super::error::{ApiError, ErrorCode};

/// A successful answer: its status and the envelope's `data`.
#[derive(Debug)]
pub struct Success<T> {
    status: StatusCode,
    data: T,
}

impl<T: Serialize> Success<T> {
    /// 200 OK.
    pub fn ok(data: T) -> Self {
        Success {
            status: StatusCode::OK,
            data,
        }
    }

    /// 201 Created.
    pub fn created(data: T) -> Self {
        Success {
            status: StatusCode::CREATED,
            data,
        }
    }

    /// A success status chosen at run time, such as 201 for a new object and 200 for one that
    /// already existed.
    pub fn with_status(status: StatusCode, data: T) -> Self {
        debug_assert!(status.is_success(), "{status} is not a success status");
        Success { status, data }
    }
}

impl<T: Serialize> IntoResponse for Success<T> {
    fn into_response(self) -> Response {
        match serde_json::value::to_raw_value(&self.data) {
            Ok(raw) => {
                let mut response = self.status.into_response();
                response.extensions_mut().insert(Payload::Data(raw));
                response
            }
            Err(error) => ApiError::internal(format!("serializing response data failed: {error}"))
                .into_response(),
        }
    }
}

/// What a handler answered, carried in the response's extensions until `ApiService` renders it
/// with the request's id.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    Data(Box<RawValue>),
    Error(Box<ApiError>),
}

/// The request facts that go into `meta`.
pub(crate) struct Meta<'a> {
    pub request_id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuccessBody<'a> {
    success: bool,
    data: &'a RawValue,
    meta: SuccessMeta<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuccessMeta<'a> {
    timestamp: String,
    request_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    success: bool,
    error: ErrorDetail<'a>,
    meta: ErrorMeta<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: ErrorCode,
    message: &'a str,
    details: &'a serde_json::Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorMeta<'a> {
    timestamp: String,
    request_id: &'a str,
    path: &'a str,
    method: &'a str,
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Renders a success envelope.
pub(crate) fn render_data(data: &RawValue, meta: &Meta<'_>) -> Vec<u8> {
    let body = SuccessBody {
        success: true,
        data,
        meta: SuccessMeta {
            timestamp: now(),
            request_id: meta.request_id,
        },
    };
    serde_json::to_vec(&body).expect("envelope of a raw JSON value always serializes")
}

/// Renders an error envelope.
pub(crate) fn render_error(error: &ApiError, meta: &Meta<'_>) -> Vec<u8> {
    let empty = serde_json::Value::Object(serde_json::Map::new());
    let body = ErrorBody {
        success: false,
        error: ErrorDetail {
            code: error.code,
            message: &error.message,
            details: error.details.as_ref().unwrap_or(&empty),
        },
        meta: ErrorMeta {
            timestamp: now(),
            request_id: meta.request_id,
            path: meta.path,
            method: meta.method,
        },
    };
    serde_json::to_vec(&body).expect("error envelope always serializes")
}
