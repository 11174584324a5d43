//! `persist: true` against the chart-img stand-in and real S3 servers on loopback: the rendered
//! bytes land in the bucket and read back identical, with the chart's metadata.

mod common;

use axum::http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use shared::api::ApiService;
use test_support::{EmbeddedStore, Moto, read_object, unreachable_s3_client};

use common::{Harness, error_message, generate, render_requests, settings_for};

const BUCKET: &str = "persisted-charts";

/// Starts the stand-in and a generate service whose `persist` writes through `s3`.
async fn start_persisting(s3: aws_sdk_s3::Client) -> Harness {
    let fake = fake_chart_img::start(fake_chart_img::FakeConfig::default())
        .await
        .expect("the stand-in starts on loopback");
    let settings = settings_for(&fake, &[("AWS_S3_BUCKET", BUCKET)]);
    let state = generate::AppState::with_s3_client(settings, s3);
    let service = ApiService::new(generate::router(state));
    Harness { fake, service }
}

fn persist_request(format: &str) -> Value {
    json!({
        "config": {
            "symbol": "BINANCE:ETHUSDT",
            "interval": "4h",
            "width": 1280,
            "height": 720,
            "studies": [{"name": "Relative Strength Index"}, {"name": "MACD"}]
        },
        "format": format,
        "persist": true
    })
}

/// Checks the answer and the stored object against each other and against the request.
async fn assert_persisted(s3: &aws_sdk_s3::Client, data: &Value, extension: &str, mime: &str) {
    let key = data["key"].as_str().expect("data.key is a string");
    assert!(key.starts_with("charts/"), "{key}");
    assert!(key.contains("/ETHUSDT-4h-"), "{key}");
    assert!(key.ends_with(extension), "{key}");
    assert_eq!(data["bucket"], BUCKET);
    assert_eq!(data["contentType"], mime);
    assert_eq!(data["existing"], false);
    assert!(data["url"].as_str().unwrap().ends_with(key), "{data}");
    assert_eq!(data["metadata"]["symbol"], "BINANCE:ETHUSDT");
    assert_eq!(data["metadata"]["interval"], "4h");
    assert_eq!(
        data["metadata"]["indicators"],
        "Relative Strength Index,MACD"
    );
    assert_eq!(data["metadata"]["source"], "chart-img.com");

    let object = read_object(s3, BUCKET, key).await;
    assert_eq!(object.content_type.as_deref(), Some(mime));
    assert_eq!(data["size"], object.bytes.len() as u64);
    assert_eq!(
        data["sha256"].as_str().unwrap(),
        hex_sha256(&object.bytes),
        "the answer's sha256 is the stored bytes' digest"
    );
    let image = image::load_from_memory(&object.bytes).expect("the stored object is an image");
    assert_eq!((image.width(), image.height()), (1280, 720));
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[tokio::test]
async fn persist_stores_png_on_embedded_store() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let harness = start_persisting(store.client()).await;

    let (status, envelope) = generate(&harness, persist_request("png")).await;

    assert_eq!(status, StatusCode::CREATED, "{envelope}");
    assert_persisted(&store.client(), &envelope["data"], ".png", "image/png").await;
    assert_eq!(
        render_requests(&harness.fake),
        ["/v2/tradingview/advanced-chart"],
        "persist renders bytes; it never asks chart-img to host the image"
    );
}

#[tokio::test]
async fn persist_stores_jpeg_on_moto() {
    let moto = Moto::start().await;
    moto.create_bucket(BUCKET).await;
    let harness = start_persisting(moto.client()).await;

    let (status, envelope) = generate(&harness, persist_request("jpeg")).await;

    assert_eq!(status, StatusCode::CREATED, "{envelope}");
    assert_persisted(&moto.client(), &envelope["data"], ".jpg", "image/jpeg").await;
}

#[tokio::test]
async fn persist_without_bucket_is_not_configured() {
    let harness = common::start(&[]).await;

    let (status, envelope) = generate(&harness, persist_request("png")).await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{envelope}");
    assert_eq!(envelope["error"]["code"], "NOT_CONFIGURED");
    assert!(
        error_message(&envelope).contains("AWS_S3_BUCKET"),
        "{envelope}"
    );
    assert!(render_requests(&harness.fake).is_empty());
}

#[tokio::test]
async fn persist_invalid_config_is_rejected_before_render() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let harness = start_persisting(store.client()).await;
    let request =
        json!({"config": {"symbol": "BINANCE:ETHUSDT", "interval": "4H"}, "persist": true});

    let (status, envelope) = generate(&harness, request).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{envelope}");
    assert_eq!(envelope["error"]["code"], "INVALID_CONFIG");
    assert!(render_requests(&harness.fake).is_empty());
}

#[tokio::test]
async fn persist_with_s3_down_is_storage_error() {
    let harness = start_persisting(unreachable_s3_client()).await;

    let (status, envelope) = generate(&harness, persist_request("png")).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{envelope}");
    assert_eq!(envelope["error"]["code"], "STORAGE_ERROR");
}
