//! The upload router behind `ApiService`, fed real API Gateway REST API proxy events through
//! `lambda_http::request::from_str`, as Lambda delivers them: stage in the path, request id in
//! the context, and base64-encoded bodies.

mod common;

use axum::http::StatusCode;
use http_body_util::BodyExt;
use serde_json::Value;
use shared::api::ApiService;
use test_support::{ApiGatewayEvent, ImageOrigin, fixtures};
use tower::ServiceExt;

use common::{Harness, data_body, error_code, metadata};

/// The key of the PNG fixture stored as BINANCE:BTCUSDT, 4h, at 2025-11-16T10:30:00Z, which
/// the saved delete event names.
const SAVED_KEY: &str = "charts/2025/11/BTCUSDT-4h-20251116T103000-a6da0065.png";

async fn send(service: &ApiService, event: ApiGatewayEvent) -> (StatusCode, Value) {
    let response = service.clone().oneshot(event.into_request()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn events_upload_list_and_delete() {
    let harness = Harness::embedded(&[]).await;

    let upload = ApiGatewayEvent::new("POST", "/api/v1/storage/s3").body(&data_body(
        &fixtures::png(),
        metadata("BINANCE:BTCUSDT", "2025-11-16T10:30:00Z"),
    ));
    let request_id = upload.request_id();
    let (status, body) = send(&harness.service, upload).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["data"]["key"], SAVED_KEY);
    assert_eq!(body["meta"]["requestId"], request_id);

    let (status, body) = send(&harness.service, ApiGatewayEvent::load("storage-list")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["count"], 1);
    assert_eq!(body["data"]["charts"][0]["key"], SAVED_KEY);

    let (status, body) = send(&harness.service, ApiGatewayEvent::load("storage-delete")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["chart"]["key"], SAVED_KEY);
    assert!(harness.keys().await.is_empty());

    let (status, body) = send(&harness.service, ApiGatewayEvent::load("storage-delete")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(error_code(&body), "NOT_FOUND");
    assert_eq!(
        body["meta"]["path"],
        format!("/api/v1/storage/s3/{SAVED_KEY}")
    );
}

#[tokio::test]
async fn event_with_base64_body_reaches_origin_check() {
    // The saved event carries its body base64-encoded and names a chart-img.com URL; only the
    // loopback origin is allowed here, so nothing leaves the machine.
    let origin = ImageOrigin::start().await;
    let harness = Harness::embedded(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;

    let (status, body) = send(
        &harness.service,
        ApiGatewayEvent::load("storage-upload-url"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "VALIDATION_ERROR");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("https://r2.chart-img.com is not allowed"),
        "{body}"
    );
    assert_eq!(origin.requests(), 0);
}

#[tokio::test]
async fn event_with_url_upload_stores_image() {
    let origin = ImageOrigin::start().await;
    let harness = Harness::embedded(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;
    let body = common::url_body(
        &origin.url("/chart.jpg"),
        metadata("NYSE:BRK.B", "2025-03-09T08:00:00Z"),
    );

    let (status, body) = send(
        &harness.service,
        ApiGatewayEvent::new("POST", "/api/v1/storage/s3").body(&body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        body["data"]["key"]
            .as_str()
            .unwrap()
            .starts_with("charts/2025/03/BRK.B-4h-20250309T080000-"),
        "{body}"
    );
    assert_eq!(body["data"]["contentType"], "image/jpeg");
}

#[tokio::test]
async fn event_with_invalid_query_names_parameter() {
    let harness = Harness::embedded(&[]).await;
    let event = ApiGatewayEvent::new("GET", "/api/v1/storage/s3").query(&[("limit", "500")]);
    let (status, body) = send(&harness.service, event).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["field"], "limit");
}
