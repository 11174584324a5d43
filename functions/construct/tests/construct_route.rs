//! `POST /api/v1/charts/construct` through `ApiService`, as API Gateway and the local server
//! call it: the success envelope, 422 for a request without an instrument or with text over
//! 2,000 characters, and 400 for a body that is not JSON.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use shared::api::ApiService;
use shared::settings::Settings;
use tower::ServiceExt;

const PATH: &str = "/api/v1/charts/construct";

/// Builds the service with `CHART_IMG_PLAN` set to `plan`.
fn service(plan: &str) -> ApiService {
    let settings =
        Settings::from_lookup(|name| (name == "CHART_IMG_PLAN").then(|| plan.to_owned()))
            .expect("settings without environment are valid");
    ApiService::new(construct::router(construct::AppState::new(settings)))
}

async fn read(response: axum::http::Response<Body>) -> (StatusCode, Value) {
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&bytes)));
    (status, body)
}

async fn post(plan: &str, body: impl Into<String>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method("POST")
        .uri(PATH)
        .header("content-type", "application/json")
        .body(Body::from(body.into()))
        .unwrap();
    let response = service(plan).oneshot(request).await.unwrap();
    read(response).await
}

/// Posts through an API Gateway REST proxy event on the `Prod` stage.
async fn post_event(body: &str) -> (StatusCode, Value) {
    let event = json!({
        "resource": "/{proxy+}",
        "path": PATH,
        "httpMethod": "POST",
        "headers": {"content-type": "application/json", "host": "abc123.execute-api.us-east-1.amazonaws.com"},
        "multiValueHeaders": {"content-type": ["application/json"], "host": ["abc123.execute-api.us-east-1.amazonaws.com"]},
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": {"proxy": "api/v1/charts/construct"},
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "abc123",
            "stage": "Prod",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "resourcePath": "/{proxy+}",
            "path": format!("/Prod{PATH}"),
            "httpMethod": "POST",
            "apiId": "abc123",
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "test"}
        },
        "body": body,
        "isBase64Encoded": false
    });
    let request = lambda_http::request::from_str(&event.to_string()).expect("valid event");
    let response = service("BASIC").oneshot(request).await.unwrap();
    read(response).await
}

#[tokio::test]
async fn construct_returns_success_envelope() {
    let (status, body) = post(
        "BASIC",
        json!({"naturalLanguage": "BTC 4h with RSI and MACD, last month"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["success"], true);
    let data = &body["data"];
    assert_eq!(data["config"]["symbol"], "BINANCE:BTCUSDT");
    assert_eq!(data["config"]["interval"], "4h");
    assert_eq!(data["config"]["range"], "1M");
    assert_eq!(
        data["config"]["studies"][0]["name"],
        "Relative Strength Index"
    );
    assert_eq!(data["config"]["studies"][1]["name"], "MACD");
    assert!(
        data["reasoning"]
            .as_array()
            .is_some_and(|lines| lines.len() >= 4),
        "{data}"
    );
    assert!(data["warnings"].is_array(), "{data}");
    assert!(
        body["meta"]["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
}

#[tokio::test]
async fn construct_uses_the_configured_plan() {
    let body = json!({"naturalLanguage": "eth daily 1920x1080"}).to_string();

    let (_, basic) = post("BASIC", body.clone()).await;
    assert_eq!(basic["data"]["config"]["width"], 800);
    assert!(
        basic["data"]["warnings"].to_string().contains("BASIC"),
        "{basic}"
    );

    let (_, pro) = post("PRO", body).await;
    assert_eq!(pro["data"]["config"]["width"], 1920);
    assert_eq!(pro["data"]["config"]["height"], 1080);
}

#[tokio::test]
async fn construct_without_instrument_is_422() {
    let (status, body) = post(
        "BASIC",
        json!({"naturalLanguage": "show me a chart with RSI"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert_eq!(body["error"]["details"]["field"], "naturalLanguage");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("BINANCE:BTCUSDT"), "{message}");
    assert!(message.contains("symbol"), "{message}");
    assert_eq!(body["meta"]["path"], PATH);
}

#[tokio::test]
async fn construct_over_2000_characters_is_422() {
    let text = format!("btc daily {}", "a".repeat(2000));
    let (status, body) = post("BASIC", json!({"naturalLanguage": text}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("2,000"),
        "{body}"
    );
}

#[tokio::test]
async fn construct_non_json_body_is_400() {
    let (status, body) = post("BASIC", "naturalLanguage=btc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn construct_unknown_field_is_422_naming_it() {
    let (status, body) = post(
        "BASIC",
        json!({"naturalLanguage": "btc", "interval": "4h"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("interval"),
        "{body}"
    );
}

#[tokio::test]
async fn construct_invalid_preference_is_422_listing_values() {
    let (status, body) = post(
        "BASIC",
        json!({"naturalLanguage": "btc", "preferences": {"theme": "blue"}}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("preferences.theme"), "{message}");
    assert!(message.contains("light, dark"), "{message}");
}

#[tokio::test]
async fn construct_from_api_gateway_event() {
    let (status, body) = post_event(r#"{"naturalLanguage": "tesla on the daily with rsi"}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["config"]["symbol"], "NASDAQ:TSLA");
    assert_eq!(body["data"]["config"]["interval"], "1D");
    assert_eq!(
        body["meta"]["requestId"],
        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    );
}
