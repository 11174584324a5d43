//! `POST /api/v1/storage/s3`: stores an image from `imageUrl` or `imageData`.

use axum::Extension;
use axum::extract::State;
use shared::api::{ApiError, JsonBody, RequestId, Success};
use shared::storage::{ImageSource, StoreOutcome, UploadRequest};

use crate::AppState;

/// Returns 201 with the stored chart, or 200 with `existing: true` when the same image with the
/// same time was already stored.
pub(crate) async fn store_chart(
    State(state): State<AppState>,
    request_id: Option<Extension<RequestId>>,
    JsonBody(request): JsonBody<UploadRequest>,
) -> Result<Success<StoreOutcome>, ApiError> {
    let store = state.store()?;
    let (source, metadata) = request.into_parts(state.max_image_bytes())?;

    let (image, from_url) = match source {
        ImageSource::Data(bytes) => (bytes, false),
        ImageSource::Url(url) => (state.fetcher().fetch(&url).await?, true),
    };
    let outcome = store.store(image, &metadata).await?;

    tracing::info!(
        request_id = request_id.as_ref().map_or("", |id| id.0.0.as_str()),
        symbol = metadata.symbol(),
        key = %outcome.chart.key,
        size = outcome.chart.size,
        existing = outcome.existing,
        from_url,
        "chart stored"
    );
    if outcome.existing {
        Ok(Success::ok(outcome))
    } else {
        Ok(Success::created(outcome))
    }
}
