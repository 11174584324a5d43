//! Helpers shared by the functions' handler benchmarks.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use bytes::Bytes;
use http_body_util::BodyExt;
use shared::api::ApiService;
use tower::ServiceExt;

/// Writes each request's log line as the Lambda functions do (JSON, `info`), to a sink, so the
/// benchmarks include the cost of logging.
pub fn install_sink_logging() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter("info")
        .with_writer(std::io::sink)
        .with_target(false)
        .without_time()
        .init();
}

/// Prints the median, the nearest-rank 99th percentile and the maximum of `samples`.
pub fn print_percentiles(name: &str, samples: &mut [Duration]) {
    samples.sort_unstable();
    let rank = |percent: usize| samples[(samples.len() * percent).div_ceil(100).max(1) - 1];
    println!(
        "{name}: {} requests timed one by one: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        samples.len(),
        rank(50).as_secs_f64() * 1e6,
        rank(99).as_secs_f64() * 1e6,
        samples[samples.len() - 1].as_secs_f64() * 1e6
    );
}

/// Sends `body` as a JSON POST to `path` through `service` and returns the status and the whole
/// response body, read as lambda_http reads it.
pub async fn post_json(service: &ApiService, path: &str, body: &Bytes) -> (StatusCode, Bytes) {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::from(body.clone()))
        .expect("the request is valid");
    let response = service
        .clone()
        .oneshot(request)
        .await
        .expect("ApiService never fails");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body is in memory")
        .to_bytes();
    (status, body)
}
