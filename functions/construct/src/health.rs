//! `GET /api/v1/health`.

use axum::extract::State;
use serde::Serialize;
use shared::api::Success;
use shared::settings::ApiKeySource;

use crate::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    uptime_seconds: u64,
    chart_img_configured: bool,
    s3_configured: bool,
}

pub(crate) async fn health(State(state): State<AppState>) -> Success<Health> {
    let settings = state.settings();
    Success::ok(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: state.started().elapsed().as_secs(),
        chart_img_configured: !matches!(settings.chart_img.api_key, ApiKeySource::Missing),
        s3_configured: settings.storage.bucket.is_some(),
    })
}
