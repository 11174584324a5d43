//! The upload function: stores chart images in S3, lists them and deletes them.

use axum::Router;
use axum::http::Method;
use shared::api::{ApiError, Endpoint, ErrorCode, build_router, endpoint};
use shared::settings::Settings;

/// What the handlers share, built once per process.
#[derive(Clone)]
pub struct AppState {}

impl AppState {
    pub fn new(_settings: Settings) -> Self {
        AppState {}
    }
}

// TODO: placeholder until the handlers are written.
async fn placeholder() -> ApiError {
    ApiError::new(ErrorCode::InternalError, "not implemented yet")
}

/// Lists the routes this function serves.
pub fn endpoints() -> Vec<Endpoint<AppState>> {
    vec![
        endpoint(Method::POST, "/api/v1/storage/s3", placeholder),
        endpoint(Method::GET, "/api/v1/storage/s3", placeholder),
        endpoint(Method::DELETE, "/api/v1/storage/s3/{*key}", placeholder),
    ]
}

/// Returns the router of this function.
pub fn router(state: AppState) -> Router {
    build_router(endpoints()).with_state(state)
}
