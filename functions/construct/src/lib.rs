//! The construct function: health, natural-language construct, config validation, the
//! documentation built from the service's own tables, and the OpenAPI description. None of its
//! routes calls chart-img or S3 except the optional deep health check.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::http::Method;
use shared::api::{Endpoint, build_router, endpoint};
use shared::settings::Settings;

mod construct_chart;
mod documentation;
mod health;
mod openapi;
mod validate_config;

/// What the handlers share, built once per process.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    started: Instant,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        AppState {
            inner: Arc::new(Inner {
                settings,
                started: Instant::now(),
            }),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Returns when this process started serving, for the uptime in health answers.
    pub fn started(&self) -> Instant {
        self.inner.started
    }
}

/// Lists the routes this function serves.
pub fn endpoints() -> Vec<Endpoint<AppState>> {
    vec![
        endpoint(Method::GET, "/api/v1/health", health::health),
        endpoint(
            Method::POST,
            "/api/v1/charts/construct",
            construct_chart::construct_chart,
        ),
        endpoint(
            Method::POST,
            "/api/v1/charts/validate",
            validate_config::validate_config,
        ),
        endpoint(
            Method::GET,
            "/api/v1/documentation",
            documentation::documentation,
        ),
        endpoint(Method::GET, "/api/v1/openapi.json", openapi::openapi),
    ]
}

/// Returns the router of this function.
pub fn router(state: AppState) -> Router {
    build_router(endpoints()).with_state(state)
}
