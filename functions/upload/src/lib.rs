//! The upload function: stores chart images in S3, lists them and deletes them.
//!
//! The handlers only translate HTTP to [`shared::storage`] and back. The store and the URL
//! fetcher are built once per process and shared by every request.

use std::sync::Arc;

use axum::http::Method;
use axum::{Extension, Router};
use shared::api::{ApiError, BodyLimit, Endpoint, build_router, endpoint};
use shared::settings::StorageSettings;
use shared::storage::{ChartStore, ImageFetcher, StorageError, base64_text_limit};

mod delete_chart;
mod list_charts;
mod store_chart;

/// Room in an upload body for the metadata and the JSON around the base64 image.
const JSON_ALLOWANCE: usize = 16 * 1024;

/// The state the handlers share, built once per process.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The store, or the reason there is none (no bucket configured).
    store: Result<ChartStore, StorageError>,
    fetcher: ImageFetcher,
    max_image_bytes: usize,
}

impl AppState {
    /// Builds the state from the storage settings and an S3 client created once per process.
    pub fn new(settings: &StorageSettings, s3: aws_sdk_s3::Client) -> Self {
        Self::with_fetcher(settings, s3, ImageFetcher::new(settings))
    }

    /// Builds the state with a given fetcher, such as one that resolves host names through a
    /// test table.
    pub fn with_fetcher(
        settings: &StorageSettings,
        s3: aws_sdk_s3::Client,
        fetcher: ImageFetcher,
    ) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store: ChartStore::new(s3, settings),
                fetcher,
                max_image_bytes: settings.max_image_bytes,
            }),
        }
    }

    /// Returns the store, or 503 `NOT_CONFIGURED` naming `AWS_S3_BUCKET`.
    fn store(&self) -> Result<&ChartStore, ApiError> {
        self.inner
            .store
            .as_ref()
            .map_err(|error| ApiError::from(error.clone()))
    }

    fn fetcher(&self) -> &ImageFetcher {
        &self.inner.fetcher
    }

    fn max_image_bytes(&self) -> usize {
        self.inner.max_image_bytes
    }
}

/// Returns the largest upload body accepted: base64 of the largest image, with room for a data
/// URL prefix, line breaks and the metadata.
pub fn upload_body_limit(max_image_bytes: usize) -> usize {
    base64_text_limit(max_image_bytes) + JSON_ALLOWANCE
}

/// Lists the routes this function serves.
pub fn endpoints() -> Vec<Endpoint<AppState>> {
    vec![
        endpoint(Method::POST, "/api/v1/storage/s3", store_chart::store_chart),
        endpoint(Method::GET, "/api/v1/storage/s3", list_charts::list_charts),
        endpoint(
            Method::DELETE,
            "/api/v1/storage/s3/{*key}",
            delete_chart::delete_chart,
        ),
    ]
}

/// Returns the router of this function.
pub fn router(state: AppState) -> Router {
    let limit = BodyLimit(upload_body_limit(state.max_image_bytes()));
    build_router(endpoints())
        .route_layer(Extension(limit))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_limit_leaves_room_for_metadata() {
        let max_image_bytes = 5 * 1024 * 1024;
        let limit = upload_body_limit(max_image_bytes);
        assert_eq!(limit, base64_text_limit(max_image_bytes) + JSON_ALLOWANCE);
        assert!(limit > max_image_bytes.div_ceil(3) * 4 + JSON_ALLOWANCE);
    }

    #[test]
    fn endpoints_keep_storage_routes() {
        let routes = shared::api::describe(&endpoints());
        assert_eq!(
            routes,
            [
                (Method::POST, "/api/v1/storage/s3"),
                (Method::GET, "/api/v1/storage/s3"),
                (Method::DELETE, "/api/v1/storage/s3/{*key}"),
            ]
        );
    }
}
