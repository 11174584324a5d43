//! The `/__fake/` routes, which exist only in the stand-in: they let tests in another process
//! inject faults and read the recorded requests. They need no key.
//!
//! - `POST /__fake/faults` appends a JSON list of faults to the queue.
//! - `PUT /__fake/sticky-fault` sets the sticky fault, or clears it with `null`.
//! - `DELETE /__fake/faults` empties the queue and clears the sticky fault.
//! - `GET /__fake/requests` lists the recorded requests, oldest first.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::faults::Fault;
use crate::recorder::RecordedRequest;

pub(super) async fn push_faults(
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<StatusCode, InvalidFaultJson> {
    let faults: Vec<Fault> = serde_json::from_slice(&body)?;
    state.faults.push(faults);
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn set_sticky_fault(
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<StatusCode, InvalidFaultJson> {
    let fault: Option<Fault> = serde_json::from_slice(&body)?;
    state.faults.set_sticky(fault);
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn clear_faults(State(state): State<Arc<AppState>>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

pub(super) async fn requests(State(state): State<Arc<AppState>>) -> Json<Vec<RecordedRequest>> {
    Json(state.recorder.snapshot())
}

/// A control body that does not parse as faults. The route returns 400 with the parse error and
/// the expected form.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid fault JSON: {0}; expected objects such as {{\"fault\":\"slow\",\"millis\":1500}} \
     or {{\"fault\":\"serverError\"}}"
)]
pub(super) struct InvalidFaultJson(#[from] serde_json::Error);

impl IntoResponse for InvalidFaultJson {
    fn into_response(self) -> Response {
        let body = json!({ "message": self.to_string() });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    }
}
