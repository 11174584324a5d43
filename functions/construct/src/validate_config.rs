//! `POST /api/v1/charts/validate`: checks a chart config against a chart-img plan without
//! calling chart-img, and reports every error, warning and suggestion at once.

use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use shared::api::{ApiError, JsonBody, Success};
use shared::chart::Plan;
use shared::validate::{Report, validate};

use crate::AppState;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ValidateRequest {
    /// The chart-img advanced-chart config, as raw JSON so that every field is checked.
    config: Value,
    /// `BASIC`, `PRO`, `MEGA`, `ULTRA` or `ENTERPRISE`; defaults to `CHART_IMG_PLAN`.
    plan_level: Option<String>,
}

pub(crate) async fn validate_config(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ValidateRequest>,
) -> Result<Success<Report>, ApiError> {
    let plan = match request.plan_level.as_deref() {
        None => state.settings().chart_img.plan,
        Some(text) => Plan::parse_loose(text).ok_or_else(|| {
            ApiError::validation(format!(
                "planLevel: `{text}` is not a chart-img plan; use one of {}",
                Plan::expected()
            ))
            .with_details(json!({ "field": "planLevel" }))
        })?,
    };
    Ok(Success::ok(validate(&request.config, plan)))
}
