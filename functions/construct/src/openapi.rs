//! `GET /api/v1/openapi.json`.

use shared::api::{ApiError, ErrorCode};

// TODO: placeholder until the handler is written.
pub(crate) async fn openapi() -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        "GET /api/v1/openapi.json is not implemented yet",
    )
}
