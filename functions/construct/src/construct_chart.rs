//! `POST /api/v1/charts/construct`: a plain-language chart request in, a chart-img config with
//! its reasoning and warnings out. The parser is pure, so the route calls nothing else: the
//! plan comes from the settings and the time from the clock.

use axum::Extension;
use axum::extract::State;
use shared::api::{ApiError, JsonBody, RequestId, Success};
use shared::construct::{ConstructRequest, Constructed, Context, construct};

use crate::AppState;

pub(crate) async fn construct_chart(
    State(state): State<AppState>,
    request_id: Option<Extension<RequestId>>,
    JsonBody(request): JsonBody<ConstructRequest>,
) -> Result<Success<Constructed>, ApiError> {
    let context = Context::current(state.settings().chart_img.plan);
    let constructed = construct(&request, &context)?;

    let request_id = request_id.map(|Extension(RequestId(id))| id);
    tracing::info!(
        request_id = request_id.as_deref().unwrap_or(""),
        symbol = %constructed.config.symbol,
        interval = %constructed.config.interval,
        studies = constructed.config.studies.len(),
        drawings = constructed.config.drawings.len(),
        warnings = constructed.warnings.len(),
        "chart constructed"
    );
    Ok(Success::ok(constructed))
}
