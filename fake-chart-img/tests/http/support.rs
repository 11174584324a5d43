//! Starting stand-ins and sending them requests.

use fake_chart_img::{FakeConfig, RunningFake, start};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use shared::chart::Plan;

pub const KEY: &str = "test-key";
pub const CHART: &str = "/v2/tradingview/advanced-chart";
pub const STORAGE: &str = "/v2/tradingview/advanced-chart/storage";

/// Starts a stand-in with the plan's limits, rate limits included.
pub async fn start_plan(plan: Plan) -> RunningFake {
    start_with(FakeConfig {
        plan,
        ..FakeConfig::default()
    })
    .await
}

/// Starts a stand-in with the plan's size and parameter limits but no rate limits, for tests
/// that send many requests.
pub async fn start_unlimited(plan: Plan) -> RunningFake {
    start_with(FakeConfig {
        plan,
        rate_limits: false,
        ..FakeConfig::default()
    })
    .await
}

pub async fn start_with(config: FakeConfig) -> RunningFake {
    start(config).await.expect("stand-in starts on loopback")
}

pub fn client() -> Client {
    Client::builder()
        .no_proxy()
        .build()
        .expect("HTTP client builds")
}

/// Posts `body` as JSON with the right key.
pub async fn post_json(fake: &RunningFake, path: &str, body: &Value) -> Response {
    post_raw(fake, path, Some(KEY), body.to_string()).await
}

/// Posts raw bytes with an optional key.
pub async fn post_raw(
    fake: &RunningFake,
    path: &str,
    key: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut request = client()
        .post(format!("{}{path}", fake.base_url()))
        .header("content-type", "application/json")
        .body(body);
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.send().await.expect("request reaches the stand-in")
}

pub async fn get(fake: &RunningFake, path: &str, key: Option<&str>) -> Response {
    let mut request = client().get(format!("{}{path}", fake.base_url()));
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.send().await.expect("request reaches the stand-in")
}

/// Returns the status and the `message` of a `{"message"}` error body.
pub async fn status_and_message(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.expect("error body is JSON");
    let message = body["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no message in {body}"))
        .to_owned();
    (status, message)
}

pub fn content_type(response: &Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Decodes an image, returning its format and dimensions.
pub fn decode(bytes: &[u8]) -> (image::ImageFormat, u32, u32) {
    let format = image::guess_format(bytes).expect("bytes are a known image format");
    let decoded = image::load_from_memory(bytes).expect("image decodes");
    (format, decoded.width(), decoded.height())
}
