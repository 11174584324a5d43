//! The local API as a client sees it: every function's routes on one port, uploads whose URLs
//! open, and storage on the embedded store or moto.

mod common;

use std::time::Duration;

use base64::Engine;
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use test_support::{ImageOrigin, fixtures, read_object};

use common::{data_body, http, metadata, on_embedded_store, on_moto, start_embedded_in, url_body};

async fn post(base: &str, body: &Value) -> (StatusCode, Value) {
    let response = http()
        .post(format!("{base}/api/v1/storage/s3"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn get_json(url: &str) -> (StatusCode, Value) {
    let response = http().get(url).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn returned_url_serves_image() {
    let running = on_embedded_store(&[]).await;
    let base = running.api.base_url();
    let png = fixtures::png();

    let (status, body) = post(
        base,
        &data_body(&png, metadata("BINANCE:ETHUSDT", "2025-11-16T10:30:00Z")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let url = body["data"]["url"].as_str().unwrap();
    assert!(url.starts_with(base), "{url}");

    let response = http().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.bytes().await.unwrap() == png);

    let missing = http()
        .get(format!(
            "{base}/charts/2025/11/ETHUSDT-1h-20251116T103000-00000000.png"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn all_functions_share_one_port() {
    let running = on_embedded_store(&[]).await;
    let base = running.api.base_url();

    let (status, body) = get_json(&format!("{base}/api/v1/health")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["success"], true);

    let generate = http()
        .post(format!("{base}/api/v1/charts/generate"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_ne!(generate.status(), StatusCode::NOT_FOUND);
    assert_ne!(generate.status(), StatusCode::METHOD_NOT_ALLOWED);

    let (status, body) = get_json(&format!("{base}/api/v1/storage/s3")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["count"], 0);

    let (status, body) = get_json(&format!("{base}/api/v1/nothing-here")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn deep_health_probes_embedded_store() {
    let running = on_embedded_store(&[]).await;
    let base = running.api.base_url();

    let (status, body) = get_json(&format!("{base}/api/v1/health?deep=true")).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let s3 = &body["data"]["services"]["s3"];
    let endpoint = s3["endpoint"].as_str().unwrap_or_default();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{body}");
    assert_eq!(s3["reachable"], true, "{body}");
}

#[tokio::test]
async fn embedded_store_keeps_charts_across_restarts() {
    let data = tempfile::tempdir().unwrap();
    let key = {
        let api = start_embedded_in(data.path(), &[]).await;
        let (status, body) = post(
            api.base_url(),
            &data_body(
                &fixtures::jpeg(),
                metadata("NASDAQ:AAPL", "2025-06-01T12:00:00Z"),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["data"]["key"].as_str().unwrap().to_owned()
    };

    let api = start_embedded_in(data.path(), &[]).await;
    let (status, body) = get_json(&format!("{}/api/v1/storage/s3", api.base_url())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["charts"][0]["key"], key);
    let object = read_object(api.s3(), api.bucket().unwrap(), &key).await;
    assert!(object.bytes == fixtures::jpeg());
}

#[tokio::test]
async fn embedded_store_rejects_wrong_checksum() {
    let running = on_embedded_store(&[]).await;
    let client = running.api.s3();
    let other = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"other bytes"));

    let result = client
        .put_object()
        .bucket(&running.bucket)
        .key("charts/2025/01/X-1h-20250101T000000-00000000.png")
        .checksum_sha256(other)
        .body(fixtures::png().into())
        .send()
        .await;
    let error = result.expect_err("a wrong checksum must be rejected");
    let code = aws_sdk_s3::error::ProvideErrorMetadata::code(&error).map(str::to_owned);
    assert_eq!(code.as_deref(), Some("BadDigest"), "{error:?}");
    assert!(
        test_support::list_keys(client, &running.bucket)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn uploads_round_trip_on_moto() {
    let origin = ImageOrigin::start().await;
    let running = on_moto(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;
    let base = running.api.base_url();

    let uploads = [
        (
            data_body(&fixtures::png(), metadata("A", "2025-01-01T00:00:00Z")),
            fixtures::png(),
            "image/png",
        ),
        (
            url_body(
                &origin.url("/chart.jpg"),
                metadata("B", "2025-01-01T00:00:00Z"),
            ),
            fixtures::jpeg(),
            "image/jpeg",
        ),
    ];
    for (body, bytes, content_type) in uploads {
        let (status, response) = post(base, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{response}");
        let key = response["data"]["key"].as_str().unwrap();
        let object = read_object(running.api.s3(), &running.bucket, key).await;
        assert!(object.bytes == bytes, "stored bytes differ for {key}");
        assert_eq!(object.content_type.as_deref(), Some(content_type));

        let served = http()
            .get(response["data"]["url"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(served.headers()["content-type"], content_type);
        assert!(served.bytes().await.unwrap() == bytes);
    }
}

#[tokio::test]
async fn binary_listens_on_given_port() {
    let data = tempfile::tempdir().unwrap();
    let port = test_support::closed_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_local-api"))
        .args(["--port", &port.to_string()])
        .env("DATA_DIR", data.path())
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_S3")
        .env_remove("AWS_S3_BUCKET")
        .env_remove("PORT")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting the local-api binary");

    let url = format!("http://127.0.0.1:{port}/api/v1/health");
    let mut answered = None;
    for _ in 0..100 {
        if let Ok(response) = http().get(&url).send().await {
            answered = Some(response.status());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(answered, Some(StatusCode::OK));
    assert!(
        data.path().join("charts").is_dir(),
        "the default bucket was not created"
    );
}
