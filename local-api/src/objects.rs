//! Serves stored charts at the URLs uploads return, `{base}/charts/...`, as CloudFront does in
//! AWS, so that a returned URL opens in a browser. Only keys of the chart key form are read.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::storage::ChartKey;

/// The S3 client and bucket that stored objects are read from.
#[derive(Clone)]
pub(crate) struct ObjectSource {
    pub client: aws_sdk_s3::Client,
    /// `None` when no bucket is configured: every object is then not found.
    pub bucket: Option<String>,
}

/// Serves `GET /charts/{*path}`: the object's bytes with its stored headers.
pub(crate) async fn serve_object(
    State(source): State<ObjectSource>,
    Path(path): Path<String>,
) -> Response {
    let text = format!("charts/{path}");
    let (Ok(key), Some(bucket)) = (ChartKey::parse(&text), source.bucket.as_deref()) else {
        return (StatusCode::NOT_FOUND, "no chart at this path\n").into_response();
    };

    let output = match source
        .client
        .get_object()
        .bucket(bucket)
        .key(key.as_str())
        .send()
        .await
    {
        Ok(output) => output,
        Err(error)
            if error
                .raw_response()
                .is_some_and(|raw| raw.status().as_u16() == 404) =>
        {
            return (StatusCode::NOT_FOUND, "no chart at this path\n").into_response();
        }
        Err(error) => {
            tracing::error!(key = %key, error = %aws_sdk_s3::error::DisplayErrorContext(&error), "reading a stored chart failed");
            return (
                StatusCode::BAD_GATEWAY,
                "reading the chart from S3 failed\n",
            )
                .into_response();
        }
    };

    let content_type = output
        .content_type()
        .unwrap_or(key.parts().kind.content_type())
        .to_owned();
    let cache_control = output.cache_control().map(str::to_owned);
    let etag = output.e_tag().map(str::to_owned);
    let bytes = match output.body.collect().await {
        Ok(collected) => collected.into_bytes(),
        Err(error) => {
            tracing::error!(key = %key, %error, "reading a stored chart's body failed");
            return (
                StatusCode::BAD_GATEWAY,
                "reading the chart from S3 failed\n",
            )
                .into_response();
        }
    };

    let mut response = Response::new(Body::from(bytes.clone()));
    let headers = response.headers_mut();
    let mut insert = |name, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    insert(CONTENT_TYPE, &content_type);
    insert(CONTENT_LENGTH, &bytes.len().to_string());
    if let Some(cache_control) = &cache_control {
        insert(CACHE_CONTROL, cache_control);
    }
    if let Some(etag) = &etag {
        insert(ETAG, etag);
    }
    response
}

/// Logs one line per object request, as `ApiService` does for the API routes, and returns the
/// request id in `x-request-id`.
pub(crate) async fn log_object_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().to_string();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();

    let mut response = next.run(request).await;

    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    tracing::info!(
        request_id,
        method,
        path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request finished"
    );
    response
}
