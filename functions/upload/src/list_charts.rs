//! `GET /api/v1/storage/s3`: stored charts, newest first, a page at a time.

use axum::extract::State;
use shared::api::{ApiError, QueryParams, Success};
use shared::storage::{ChartPage, ListParams, ListQuery};

use crate::AppState;

pub(crate) async fn list_charts(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Success<ChartPage>, ApiError> {
    let store = state.store()?;
    let query = ListQuery::parse(params)?;
    let page = store.list(&query).await?;
    Ok(Success::ok(page))
}
