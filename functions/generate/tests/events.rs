//! The generate function's routes fed with API Gateway REST proxy events, the shape Lambda
//! receives, on the `Prod` stage and with the chart-img stand-in behind them.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use test_support::ApiGatewayEvent;
use tower::ServiceExt;

async fn send(harness: &common::Harness, event: ApiGatewayEvent) -> (StatusCode, Value) {
    let response = harness
        .service
        .clone()
        .oneshot(event.into_request())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).expect("the answer is JSON"),
    )
}

#[tokio::test]
async fn generate_event_returns_image_data() {
    let harness = common::start(&[]).await;
    let body = json!({
        "config": {"symbol": "NASDAQ:AAPL", "interval": "1D", "width": 640, "height": 480},
        "storage": false
    });
    let event = ApiGatewayEvent::new("POST", "/api/v1/charts/generate").body(&body.to_string());
    let request_id = event.request_id();

    let (status, envelope) = send(&harness, event).await;

    assert_eq!(status, StatusCode::OK, "{envelope}");
    assert_eq!(envelope["meta"]["requestId"], request_id);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(envelope["data"]["imageData"].as_str().unwrap())
        .unwrap();
    let image = image::load_from_memory(&bytes).expect("imageData decodes to an image");
    assert_eq!((image.width(), image.height()), (640, 480));
}

#[tokio::test]
async fn symbols_event_passes_path_and_query() {
    let harness = common::start(&[]).await;
    let event = ApiGatewayEvent::new("GET", "/api/v1/exchanges/BINANCE/symbols")
        .query(&[("search", "BTC"), ("limit", "2")]);

    let (status, envelope) = send(&harness, event).await;

    assert_eq!(status, StatusCode::OK, "{envelope}");
    let symbols = envelope["data"]["symbols"]
        .as_array()
        .expect("a symbol list");
    assert!(!symbols.is_empty(), "{envelope}");
    assert!(symbols.len() <= 2, "{envelope}");
}

#[tokio::test]
async fn invalid_body_event_is_bad_request_envelope() {
    let harness = common::start(&[]).await;
    let event = ApiGatewayEvent::new("POST", "/api/v1/charts/generate").body("{not json");

    let (status, envelope) = send(&harness, event).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{envelope}");
    assert_eq!(envelope["error"]["code"], "BAD_REQUEST");
    assert_eq!(envelope["meta"]["path"], "/api/v1/charts/generate");
}
