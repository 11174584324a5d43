//! The construct function: `GET /api/v1/health` and `POST /api/v1/charts/construct`.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Serialize;
use shared::api::Success;
use shared::settings::{ApiKeySource, Settings};

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
}

/// Returns the routes this function serves.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/health", get(health))
        .with_state(state)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Health {
    status: &'static str,
    version: &'static str,
    uptime_seconds: u64,
    chart_img_configured: bool,
    s3_configured: bool,
}

async fn health(State(state): State<AppState>) -> Success<Health> {
    let settings = &state.inner.settings;
    Success::ok(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: state.inner.started.elapsed().as_secs(),
        chart_img_configured: !matches!(settings.chart_img.api_key, ApiKeySource::Missing),
        s3_configured: settings.storage.bucket.is_some(),
    })
}
