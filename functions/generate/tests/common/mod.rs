//! A chart-img stand-in on loopback and the generate router in front of it, wrapped in the same
//! `ApiService` that Lambda and the local server use.

#![allow(dead_code)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use fake_chart_img::{FakeConfig, RunningFake};
use http_body_util::BodyExt;
use serde_json::Value;
use shared::api::ApiService;
use shared::settings::Settings;
use tower::ServiceExt;

/// The key both the stand-in and the service use unless a test says otherwise.
pub const KEY: &str = "test-key";

pub struct Harness {
    pub fake: RunningFake,
    pub service: ApiService,
}

/// Starts a PRO stand-in and a service configured for it, with `overrides` applied on top of
/// the default settings.
pub async fn start(overrides: &[(&str, &str)]) -> Harness {
    start_with(FakeConfig::default(), overrides).await
}

pub async fn start_with(fake_config: FakeConfig, overrides: &[(&str, &str)]) -> Harness {
    let fake = fake_chart_img::start(fake_config)
        .await
        .expect("the stand-in starts on loopback");
    let settings = settings_for(&fake, overrides);
    let service = ApiService::new(generate::router(generate::AppState::new(settings)));
    Harness { fake, service }
}

/// Settings pointing at the stand-in with its key and plan.
pub fn settings_for(fake: &RunningFake, overrides: &[(&str, &str)]) -> Settings {
    let mut values: HashMap<String, String> = HashMap::from([
        ("CHART_IMG_BASE_URL".to_owned(), fake.base_url()),
        ("CHART_IMG_API_KEY".to_owned(), KEY.to_owned()),
        ("CHART_IMG_PLAN".to_owned(), "PRO".to_owned()),
    ]);
    for (name, value) in overrides {
        values.insert((*name).to_owned(), (*value).to_owned());
    }
    Settings::from_lookup(|name| values.get(name).cloned()).expect("test settings are valid")
}

/// Sends one request through the service and returns the status and the parsed envelope.
pub async fn call(
    service: &ApiService,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let body = match body {
        Some(json) => Body::from(json.to_string()),
        None => Body::empty(),
    };
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let response = service.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let envelope = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, envelope)
}

/// Posts a generate request.
pub async fn generate(harness: &Harness, request: Value) -> (StatusCode, Value) {
    call(
        &harness.service,
        Method::POST,
        "/api/v1/charts/generate",
        Some(request),
    )
    .await
}

/// Returns the paths of the render requests the stand-in received.
pub fn render_requests(fake: &RunningFake) -> Vec<String> {
    fake.requests()
        .into_iter()
        .map(|request| request.path)
        .filter(|path| path.starts_with("/v2/"))
        .collect()
}

pub fn error_message(envelope: &Value) -> &str {
    envelope["error"]["message"].as_str().unwrap_or_default()
}
