//! `POST /api/v1/charts/generate` against the chart-img stand-in: both delivery modes, both
//! formats, validation before any render, and the missing-key error.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use chrono::{DateTime, Utc};
use image::ImageFormat as Encoding;
use serde_json::{Value, json};

use common::{error_message, generate, render_requests, start};

fn decode_inline(data: &Value) -> image::DynamicImage {
    let encoded = data["imageData"].as_str().expect("imageData is a string");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("imageData is base64");
    image::load_from_memory(&bytes).expect("imageData decodes as an image")
}

fn encoding_of(data: &Value) -> Encoding {
    let encoded = data["imageData"].as_str().unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    image::guess_format(&bytes).unwrap()
}

#[tokio::test]
async fn storage_true_returns_hosted_url() {
    let harness = start(&[]).await;
    let config = json!({"symbol": "NASDAQ:AAPL", "interval": "4h", "width": 1280, "height": 720});

    let (status, body) = generate(&harness, json!({ "config": config })).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    let url = data["imageUrl"].as_str().unwrap();
    assert!(url.starts_with(&harness.fake.base_url()), "{url}");
    assert!(data.get("imageData").is_none());
    assert_eq!(data["contentType"], "image/png");
    assert_eq!(data["metadata"]["symbol"], "NASDAQ:AAPL");
    assert_eq!(data["metadata"]["interval"], "4h");
    assert_eq!(data["metadata"]["width"], 1280);
    assert_eq!(data["metadata"]["height"], 720);
    assert_eq!(data["metadata"]["format"], "png");
    assert_eq!(
        render_requests(&harness.fake),
        ["/v2/tradingview/advanced-chart/storage"]
    );
}

#[tokio::test]
async fn hosted_image_is_the_requested_chart() {
    let harness = start(&[]).await;
    let config = json!({"symbol": "NASDAQ:AAPL", "width": 1024, "height": 512});

    let (_, body) = generate(&harness, json!({ "config": config })).await;

    let url = body["data"]["imageUrl"].as_str().unwrap();
    let bytes = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!((image.width(), image.height()), (1024, 512));
}

#[tokio::test]
async fn expires_at_follows_configured_plan_retention() {
    for (plan, days) in [("PRO", 30), ("MEGA", 60)] {
        let harness = start(&[("CHART_IMG_PLAN", plan)]).await;

        let (_, body) = generate(&harness, json!({"config": {"symbol": "NASDAQ:AAPL"}})).await;

        let data = &body["data"];
        let expires: DateTime<Utc> = data["expiresAt"].as_str().unwrap().parse().unwrap();
        let generated: DateTime<Utc> = data["metadata"]["generatedAt"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!((expires - generated).num_days(), days, "{plan}");
    }
}

#[tokio::test]
async fn storage_false_returns_png_bytes() {
    let harness = start(&[]).await;
    let config = json!({"symbol": "BINANCE:BTCUSDT", "width": 640, "height": 400});

    let (status, body) = generate(&harness, json!({ "config": config, "storage": false })).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["contentType"], "image/png");
    assert!(data.get("imageUrl").is_none());
    assert!(data.get("expiresAt").is_none());
    assert_eq!(encoding_of(data), Encoding::Png);
    let image = decode_inline(data);
    assert_eq!((image.width(), image.height()), (640, 400));
    assert_eq!(
        render_requests(&harness.fake),
        ["/v2/tradingview/advanced-chart"]
    );
}

#[tokio::test]
async fn jpeg_format_is_sent_and_returned() {
    let harness = start(&[]).await;
    let request = json!({
        "config": {"symbol": "NYSE:BRK.B", "width": 800, "height": 600},
        "storage": false,
        "format": "jpeg",
    });

    let (status, body) = generate(&harness, request).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["contentType"], "image/jpeg");
    assert_eq!(data["metadata"]["format"], "jpeg");
    assert_eq!(encoding_of(data), Encoding::Jpeg);
    let image = decode_inline(data);
    assert_eq!((image.width(), image.height()), (800, 600));
    let sent = harness.fake.requests();
    let sent_body = sent[0]
        .body
        .as_ref()
        .expect("the render request has a body");
    assert_eq!(sent_body["format"], "jpeg");
}

#[tokio::test]
async fn hosted_jpeg_has_jpeg_content_type() {
    let harness = start(&[]).await;
    let request = json!({"config": {"symbol": "NASDAQ:AAPL"}, "format": "jpeg"});

    let (status, body) = generate(&harness, request).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["contentType"], "image/jpeg");
    let sent = harness.fake.requests();
    assert_eq!(sent[0].body.as_ref().unwrap()["format"], "jpeg");
}

#[tokio::test]
async fn invalid_config_never_reaches_chart_img() {
    let harness = start(&[]).await;
    let config = json!({
        "symbol": "NASDAQ:AAPL",
        "width": 2000,
        "studies": [{"name": "RSI"}],
    });

    let (status, body) = generate(&harness, json!({ "config": config })).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "INVALID_CONFIG");
    let fields: Vec<&str> = body["error"]["details"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["width", "studies[0].name"]);
    assert!(harness.fake.requests().is_empty());
}

#[tokio::test]
async fn parameter_limit_counts_drawings_before_any_request() {
    let harness = start(&[]).await;
    let studies: Vec<Value> = ["MACD", "Volume", "VWAP", "Relative Strength Index"]
        .iter()
        .map(|name| json!({ "name": name }))
        .collect();
    let drawings: Vec<Value> = (0..3)
        .map(|index| json!({"name": "Horizontal Line", "input": {"price": 100 + index}}))
        .collect();
    let config = json!({"symbol": "NASDAQ:AAPL", "studies": studies, "drawings": drawings});

    let (status, body) = generate(&harness, json!({ "config": config })).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(error_message(&body).contains("limit of 5"), "{body}");
    assert!(harness.fake.requests().is_empty());
}

#[tokio::test]
async fn configured_plan_decides_validation() {
    let harness = start(&[("CHART_IMG_PLAN", "BASIC")]).await;
    let config = json!({"symbol": "NASDAQ:AAPL", "width": 1280, "height": 720});

    let (status, body) = generate(&harness, json!({ "config": config })).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(error_message(&body).contains("BASIC"), "{body}");
    assert!(harness.fake.requests().is_empty());
}

#[tokio::test]
async fn missing_key_is_not_configured() {
    let harness = start(&[("CHART_IMG_API_KEY", "")]).await;

    let (status, body) = generate(&harness, json!({"config": {"symbol": "NASDAQ:AAPL"}})).await;
    let (invalid_status, _) = generate(&harness, json!({"config": {"width": 1}})).await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(invalid_status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"]["code"], "NOT_CONFIGURED");
    assert!(error_message(&body).contains("CHART_IMG_API_KEY"), "{body}");
    assert!(
        error_message(&body).contains("CHART_IMG_API_KEY_PARAMETER"),
        "{body}"
    );
    assert!(harness.fake.requests().is_empty());
}

#[tokio::test]
async fn missing_config_is_validation_error() {
    let harness = start(&[]).await;

    let (status, body) = generate(&harness, json!({"storage": false})).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert!(error_message(&body).contains("config"), "{body}");
}

#[tokio::test]
async fn contradicting_formats_are_rejected() {
    let harness = start(&[]).await;
    let request = json!({"config": {"symbol": "NASDAQ:AAPL", "format": "png"}, "format": "jpeg"});

    let (status, body) = generate(&harness, request).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(harness.fake.requests().is_empty());
}

#[tokio::test]
async fn ignored_keys_come_back_as_warnings() {
    let harness = start(&[]).await;
    let config = json!({"symbol": "NASDAQ:AAPL", "title": "Apple daily"});

    let (status, body) = generate(&harness, json!({ "config": config })).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["warnings"][0]["field"], "title");
    let sent = harness.fake.requests();
    assert!(sent[0].body.as_ref().unwrap().get("title").is_none());
}
