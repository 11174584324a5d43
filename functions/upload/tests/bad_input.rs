//! Bad requests get the right status and a clean envelope, and never reach S3: the S3 client
//! here points at a closed port, so any S3 call would turn into a 502.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use shared::storage::base64_text_limit;
use test_support::{ImageOrigin, fixtures, unreachable_s3_client};

use common::{Backend, Harness, data_body, error_code, metadata, url_body};

/// The largest image in these tests: just under the PNG fixture's 87,354 bytes, so that its
/// base64 fits the text limit while the decoded image does not.
const MAX_IMAGE_BYTES: usize = 86_000;

fn harness(pairs: &[(&str, &str)]) -> Harness {
    let client = unreachable_s3_client();
    let mut all = vec![("MAX_IMAGE_BYTES", "86000")];
    all.extend_from_slice(pairs);
    Harness::build(client, Backend::None, &all, None)
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn body_not_json_is_400() {
    let (status, body) = harness(&[]).post("{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "BAD_REQUEST");
}

#[tokio::test]
async fn empty_body_is_400() {
    let (status, body) = harness(&[]).post("").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "BAD_REQUEST");
}

#[tokio::test]
async fn neither_image_field_is_422() {
    let body = json!({ "metadata": metadata("A", "2025-01-01T00:00:00Z") }).to_string();
    let (status, body) = harness(&[]).post(body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "VALIDATION_ERROR");
    assert!(message(&body).contains("imageUrl"), "{body}");
}

#[tokio::test]
async fn both_image_fields_are_422() {
    let body = json!({
        "imageUrl": "https://r2.chart-img.com/a.png",
        "imageData": STANDARD.encode(fixtures::png()),
        "metadata": metadata("A", "2025-01-01T00:00:00Z"),
    })
    .to_string();
    let (status, body) = harness(&[]).post(body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "VALIDATION_ERROR");
    assert!(message(&body).contains("not both"), "{body}");
}

#[tokio::test]
async fn invalid_base64_is_422() {
    let body =
        json!({ "imageData": "iVBOR%%%", "metadata": metadata("A", "2025-01-01T00:00:00Z") });
    let (status, body) = harness(&[]).post(body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "VALIDATION_ERROR");
    assert_eq!(body["error"]["details"]["field"], "imageData");
}

#[tokio::test]
async fn non_images_are_415() {
    let harness = harness(&[]);
    let cases: [(&[u8], &str); 4] = [
        (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG"),
        (b"<!DOCTYPE html><html><body></body></html>", "HTML"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "GIF"),
        (b"plain text, not an image", "text"),
    ];
    for (bytes, named) in cases {
        let (status, body) = harness
            .post(data_body(bytes, metadata("A", "2025-01-01T00:00:00Z")))
            .await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{named}: {body}"
        );
        assert_eq!(error_code(&body), "UNSUPPORTED_MEDIA_TYPE");
        assert!(message(&body).contains(named), "{body}");
    }
}

#[tokio::test]
async fn claimed_image_type_is_ignored() {
    let svg = STANDARD.encode(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let body = json!({
        "imageData": format!("data:image/png;base64,{svg}"),
        "metadata": metadata("A", "2025-01-01T00:00:00Z"),
    });
    let (status, body) = harness(&[]).post(body.to_string()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
}

#[tokio::test]
async fn decoded_image_over_cap_is_413() {
    let (status, body) = harness(&[])
        .post(data_body(
            &fixtures::png(),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(error_code(&body), "PAYLOAD_TOO_LARGE");
    assert!(message(&body).contains("86000 bytes"), "{body}");
}

#[tokio::test]
async fn base64_text_over_cap_is_413() {
    let limit = base64_text_limit(MAX_IMAGE_BYTES);
    let body = json!({
        "imageData": "A".repeat(limit + 4),
        "metadata": metadata("A", "2025-01-01T00:00:00Z"),
    });
    let (status, body) = harness(&[]).post(body.to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(error_code(&body), "PAYLOAD_TOO_LARGE");
    assert!(
        message(&body).contains(&format!("{limit} characters")),
        "{body}"
    );
}

#[tokio::test]
async fn json_body_over_cap_is_413() {
    let limit = upload::upload_body_limit(MAX_IMAGE_BYTES);
    let (status, body) = harness(&[])
        .post(data_body(
            &fixtures::jpeg(),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(error_code(&body), "PAYLOAD_TOO_LARGE");
    assert!(message(&body).contains(&format!("{limit}-byte")), "{body}");
}

#[tokio::test]
async fn downloads_over_cap_are_413() {
    let origin = ImageOrigin::start().await;
    let allowed = origin.origin();
    let harness = harness(&[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)]);
    for path in ["/sized/86001", "/endless", "/chart.png"] {
        let (status, body) = harness
            .post(url_body(
                &origin.url(path),
                metadata("A", "2025-01-01T00:00:00Z"),
            ))
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {body}");
        assert_eq!(error_code(&body), "PAYLOAD_TOO_LARGE");
        assert!(message(&body).contains("86000 bytes"), "{body}");
    }
}

#[tokio::test]
async fn downloaded_markup_is_415() {
    let origin = ImageOrigin::start().await;
    let allowed = origin.origin();
    let harness = harness(&[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)]);
    for path in ["/drawing.svg", "/page.html"] {
        let (status, body) = harness
            .post(url_body(
                &origin.url(path),
                metadata("A", "2025-01-01T00:00:00Z"),
            ))
            .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}: {body}");
        assert_eq!(error_code(&body), "UNSUPPORTED_MEDIA_TYPE");
    }
}

#[tokio::test]
async fn download_failures_map_to_status() {
    let origin = ImageOrigin::start().await;
    let allowed = origin.origin();
    let harness = harness(&[
        ("IMAGE_URL_ALLOWED_ORIGINS", &allowed),
        ("IMAGE_FETCH_TIMEOUT_MS", "300"),
    ]);
    let cases = [
        (
            "/status/404",
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
        ("/status/503", StatusCode::BAD_GATEWAY, "EXTERNAL_API_ERROR"),
        ("/slow", StatusCode::GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT"),
        (
            "/hops/4",
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
    ];
    for (path, expected, code) in cases {
        let (status, body) = harness
            .post(url_body(
                &origin.url(path),
                metadata("A", "2025-01-01T00:00:00Z"),
            ))
            .await;
        assert_eq!(status, expected, "{path}: {body}");
        assert_eq!(error_code(&body), code, "{path}");
    }
}

#[tokio::test]
async fn bad_metadata_is_422_naming_field() {
    let harness = harness(&[]);
    let png = fixtures::png();
    let cases = [
        (
            json!({ "symbol": "A".repeat(65), "interval": "4h" }),
            "metadata.symbol",
        ),
        (
            json!({ "symbol": "A", "interval": "4h", "generatedAt": "16/11/2025" }),
            "metadata.generatedAt",
        ),
        (
            json!({ "symbol": "A", "interval": "" }),
            "metadata.interval",
        ),
        (
            json!({ "symbol": "A", "interval": "4h", "indicators": "RSI" }),
            "metadata.indicators",
        ),
        (
            json!({ "symbol": "A", "interval": "4h", "bucket": "other" }),
            "metadata",
        ),
        (json!({ "interval": "4h" }), "metadata"),
    ];
    for (metadata, field) in cases {
        let (status, body) = harness.post(data_body(&png[..64], metadata.clone())).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{metadata}: {body}"
        );
        assert_eq!(error_code(&body), "VALIDATION_ERROR");
        assert!(message(&body).contains(field), "{field}: {body}");
    }
}

#[tokio::test]
async fn long_symbol_message_names_limit() {
    let metadata = json!({ "symbol": "A".repeat(65), "interval": "4h" });
    let (_, body) = harness(&[])
        .post(data_body(&fixtures::png(), metadata))
        .await;
    assert!(message(&body).contains("at most 64 characters"), "{body}");
}

#[tokio::test]
async fn unknown_field_is_422() {
    let body = json!({
        "imageData": STANDARD.encode(fixtures::png()),
        "metadata": metadata("A", "2025-01-01T00:00:00Z"),
        "key": "charts/../../etc/passwd",
    });
    let (status, body) = harness(&[]).post(body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(message(&body).contains("unknown field"), "{body}");
}

#[tokio::test]
async fn invalid_list_parameters_are_422() {
    let harness = harness(&[]);
    for (query, parameter) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("from=tomorrow", "from"),
        ("to=2025-02-30", "to"),
        ("cursor=not-a-cursor", "cursor"),
        ("prefix=charts", "prefix"),
    ] {
        let (status, body) = harness.get(&format!("/api/v1/storage/s3?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(error_code(&body), "VALIDATION_ERROR");
        assert!(message(&body).contains(parameter), "{query}: {body}");
    }
}

#[tokio::test]
async fn malformed_delete_keys_are_422() {
    let harness = harness(&[]);
    for key in [
        "uploads/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png",
        "charts/2025/11/../../secret.png",
        "charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png%00",
        "/charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png",
        "charts",
    ] {
        let (status, body) = harness.delete(key).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {body}");
        assert_eq!(error_code(&body), "VALIDATION_ERROR");
    }
}

#[tokio::test]
async fn missing_bucket_setting_is_503() {
    let client = unreachable_s3_client();
    let service = {
        let settings = common::settings(&[]);
        shared::api::ApiService::new(upload::router(upload::AppState::new(
            &settings.storage,
            client,
        )))
    };
    let harness = Harness {
        service,
        client: unreachable_s3_client(),
        bucket: String::new(),
        backend: Backend::None,
    };

    let upload = harness
        .post(data_body(
            &fixtures::png(),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    let list = harness.get("/api/v1/storage/s3").await;
    let delete = harness
        .delete("charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png")
        .await;
    for (status, body) in [upload, list, delete] {
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(error_code(&body), "NOT_CONFIGURED");
        assert!(message(&body).contains("AWS_S3_BUCKET"), "{body}");
    }
}
