//! The generate function.

use axum::Router;
use shared::settings::Settings;

/// Returns the routes this function serves.
pub fn router(_settings: Settings) -> Router {
    Router::new()
}
