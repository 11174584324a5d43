//! `POST /api/v1/charts/validate`.

use shared::api::{ApiError, ErrorCode};

// TODO: placeholder until the handler is written.
pub(crate) async fn validate_config() -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        "POST /api/v1/charts/validate is not implemented yet",
    )
}
