//! `GET /api/v1/documentation`.

use shared::api::{ApiError, ErrorCode};

// TODO: placeholder until the handler is written.
pub(crate) async fn documentation() -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        "GET /api/v1/documentation is not implemented yet",
    )
}
