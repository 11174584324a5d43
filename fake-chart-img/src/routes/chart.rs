//! The advanced-chart routes and the hosted images they hand out.
//!
//! Both render routes take the next injected fault first, then check the key, the rate limits
//! and the body, then render. The storage route keeps the image in memory and returns
//! `{"url", "etag", "expire"}`, where `url` points back at this stand-in under
//! `/hosted/YYYYMMDD/tradingview/advanced-chart/<uuid>.<png|jpeg>`, shaped like chart-img's
//! hosted URLs, and `expire` is now plus the plan's retention.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, TimeDelta, Utc};
use image::ImageResult;
use serde::Serialize;
use sha2::{Digest, Sha256};
use shared::chart::ImageFormat;
use uuid::Uuid;

use super::AppState;
use crate::checks;
use crate::error::ApiError;
use crate::faults::Effect;
use crate::hosted::HostedImage;
use crate::render::{self, RenderedImage};

/// The body sent for `Fault::MalformedBody`: an HTML error page, which is neither an image nor
/// the storage JSON.
const MALFORMED_BODY: &str = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>";

/// The result of a render request that got past its checks and faults.
enum Rendered {
    Image(RenderedImage),
    /// A fault asked for a body that is not what the route promises.
    Malformed,
}

#[derive(Serialize)]
struct StorageResponse {
    url: String,
    etag: String,
    expire: String,
}

pub(super) async fn advanced_chart(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let image = match render_request(&state, &headers, &body).await? {
        Rendered::Image(image) => image,
        Rendered::Malformed => return Ok(malformed(ImageFormat::Png.content_type())),
    };
    Ok(image_response(image, None))
}

pub(super) async fn advanced_chart_storage(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let image = match render_request(&state, &headers, &body).await? {
        Rendered::Image(image) => image,
        Rendered::Malformed => return Ok(malformed("application/json")),
    };

    let now = Utc::now();
    let extension = image.format.as_str();
    let path = format!(
        "{}/tradingview/advanced-chart/{}.{extension}",
        now.format("%Y%m%d"),
        Uuid::new_v4()
    );
    let digest = Sha256::digest(&image.bytes);
    let etag = hex::encode(&digest[..16]);
    let size = image.bytes.len();
    let hosted = HostedImage {
        bytes: image.bytes,
        format: image.format,
        etag: etag.clone(),
    };
    if !state.hosted.insert(path.clone(), hosted) {
        tracing::warn!(%path, size, "image is larger than the hosted byte bound; its URL will 404");
    }

    let retention = TimeDelta::days(i64::from(state.plan.limits().retention_days));
    let stored = StorageResponse {
        url: format!("{}/hosted/{path}", state.base_url),
        etag,
        expire: (now + retention).to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    Ok(Json(stored).into_response())
}

pub(super) async fn hosted_image(
    State(state): State<Arc<AppState>>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let image = state.hosted.get(&path).ok_or(ApiError::NotFound)?;
    let rendered = RenderedImage {
        bytes: image.bytes,
        format: image.format,
    };
    Ok(image_response(rendered, Some(&image.etag)))
}

/// Applies the next fault, then checks the request and renders it.
async fn render_request(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Rendered, ApiError> {
    if let Some(fault) = state.faults.next() {
        tracing::info!(?fault, "injecting fault");
        match fault.effect() {
            Effect::Delay(delay) => tokio::time::sleep(delay).await,
            Effect::Fail(error) => return Err(error),
            Effect::MalformedBody => return Ok(Rendered::Malformed),
            Effect::OversizedImage => {
                return run_blocking(render::oversized_png)
                    .await
                    .map(Rendered::Image);
            }
        }
    }

    state.access.check_key(headers)?;
    state.access.admit()?;
    let request = checks::check(body, state.plan.limits())?;
    let image = run_blocking(move || render::render(&request)).await?;
    Ok(Rendered::Image(image))
}

/// Runs CPU-bound image work off the async worker threads.
async fn run_blocking<F>(job: F) -> Result<RenderedImage, ApiError>
where
    F: FnOnce() -> ImageResult<RenderedImage> + Send + 'static,
{
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok(image)) => Ok(image),
        Ok(Err(error)) => {
            tracing::error!(%error, "encoding the image failed");
            Err(ApiError::ServerError)
        }
        Err(error) => {
            tracing::error!(%error, "the render task failed");
            Err(ApiError::ServerError)
        }
    }
}

fn image_response(image: RenderedImage, etag: Option<&str>) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(image.format.content_type()),
    );
    if let Some(value) = etag.and_then(|etag| HeaderValue::from_str(&format!("\"{etag}\"")).ok()) {
        headers.insert(header::ETAG, value);
    }
    (headers, image.bytes).into_response()
}

fn malformed(content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], MALFORMED_BODY).into_response()
}
