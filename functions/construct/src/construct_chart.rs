//! `POST /api/v1/charts/construct`.

use shared::api::{ApiError, ErrorCode};

// TODO: placeholder until the handler is written.
pub(crate) async fn construct_chart() -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        "POST /api/v1/charts/construct is not implemented yet",
    )
}
