//! The construct router wrapped in `ApiService`, built from settings given as pairs so that no
//! test touches the process environment.

#![allow(dead_code)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use shared::api::ApiService;
use shared::settings::Settings;
use tower::ServiceExt;
use url::Url;

/// Settings from `pairs` only. The chart-img base URL points at a closed loopback port unless
/// a pair sets it, so no test can reach chart-img's real host.
pub fn settings(pairs: &[(&str, &str)]) -> Settings {
    let mut values: HashMap<String, String> = HashMap::from([(
        "CHART_IMG_BASE_URL".to_owned(),
        "http://127.0.0.1:9".to_owned(),
    )]);
    for (name, value) in pairs {
        values.insert((*name).to_owned(), (*value).to_owned());
    }
    Settings::from_lookup(|name| values.get(name).cloned()).expect("test settings are valid")
}

pub fn service(settings: Settings, s3_endpoint: Option<Url>) -> ApiService {
    let state = construct::AppState::with_s3_endpoint(settings, s3_endpoint);
    ApiService::new(construct::router(state))
}

pub async fn send(
    service: &ApiService,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let body = body.map_or_else(Body::empty, |json| Body::from(json.to_string()));
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(body)
        .unwrap();
    let response = service.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let envelope = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, envelope)
}

pub fn error_message(envelope: &Value) -> &str {
    envelope["error"]["message"].as_str().unwrap_or_default()
}
