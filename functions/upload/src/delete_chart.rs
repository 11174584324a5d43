//! `DELETE /api/v1/storage/s3/{*key}`: deletes one stored chart.

use axum::Extension;
use axum::extract::{Path, State};
use serde::Serialize;
use shared::api::{ApiError, RequestId, Success};
use shared::storage::{ChartKey, StoredChart};

use crate::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Deleted {
    deleted: bool,
    chart: StoredChart,
}

/// Returns 404 when no chart has the key, and 422 when the key is not a chart key.
pub(crate) async fn delete_chart(
    State(state): State<AppState>,
    request_id: Option<Extension<RequestId>>,
    Path(key): Path<String>,
) -> Result<Success<Deleted>, ApiError> {
    let store = state.store()?;
    let key = ChartKey::parse(&key)?;
    let chart = store.delete(&key).await?;

    tracing::info!(
        request_id = request_id.as_ref().map_or("", |id| id.0.0.as_str()),
        key = %key,
        "chart deleted"
    );
    Ok(Success::ok(Deleted {
        deleted: true,
        chart,
    }))
}
