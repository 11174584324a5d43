//! Uploads of both fixture images, by base64 and by URL, on moto and on the embedded s3s-fs
//! store, each read back with the SDK; then repeats, listing and deletion.

mod common;

use axum::http::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use test_support::{ImageOrigin, fixtures, read_object};

use common::{Harness, call, data_body, error_code, metadata, post_request, url_body};

/// One upload of the round trip: how it is sent and what must be stored.
struct Case {
    body: String,
    bytes: Vec<u8>,
    content_type: &'static str,
    extension: &'static str,
    source: Option<&'static str>,
}

fn cases(origin: &ImageOrigin) -> Vec<Case> {
    let png = fixtures::png();
    let jpeg = fixtures::jpeg();
    vec![
        Case {
            body: data_body(&png, metadata("BINANCE:ETHUSDT", "2025-11-16T10:30:00Z")),
            bytes: png.clone(),
            content_type: "image/png",
            extension: "png",
            source: None,
        },
        Case {
            body: data_body(&jpeg, metadata("NASDAQ:AAPL", "2025-11-16T10:31:00Z")),
            bytes: jpeg.clone(),
            content_type: "image/jpeg",
            extension: "jpg",
            source: None,
        },
        Case {
            body: url_body(
                &origin.url("/chart.png"),
                metadata("BINANCE:ETHUSDT", "2025-10-31T23:59:59Z"),
            ),
            bytes: png,
            content_type: "image/png",
            extension: "png",
            source: Some("chart-img.com"),
        },
        Case {
            // The origin labels these JPEG bytes image/png; the bytes decide.
            body: url_body(
                &origin.url("/mislabelled.png"),
                metadata("NASDAQ:AAPL", "2025-12-01T00:00:00Z"),
            ),
            bytes: jpeg,
            content_type: "image/jpeg",
            extension: "jpg",
            source: Some("chart-img.com"),
        },
    ]
}

async fn round_trip(harness: &Harness, origin: &ImageOrigin) {
    let cases = cases(origin);
    let mut keys = Vec::new();

    for case in &cases {
        let (status, body) = harness.post(case.body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let data = &body["data"];
        let key = data["key"].as_str().unwrap().to_owned();
        let sha256 = hex_sha256(&case.bytes);

        assert_eq!(data["existing"], false);
        assert_eq!(data["bucket"], harness.bucket);
        assert_eq!(data["size"], case.bytes.len());
        assert_eq!(data["contentType"], case.content_type);
        assert_eq!(data["sha256"], sha256);
        assert!(
            key.ends_with(&format!("-{}.{}", &sha256[..8], case.extension)),
            "{key}"
        );
        assert_eq!(data["metadata"]["indicators"], "RSI,MACD");
        assert_eq!(data["metadata"]["source"].as_str(), case.source);
        assert!(data["url"].as_str().unwrap().ends_with(&key), "{data}");

        let object = read_object(&harness.client, &harness.bucket, &key).await;
        assert!(object.bytes == case.bytes, "stored bytes differ for {key}");
        assert_eq!(object.content_type.as_deref(), Some(case.content_type));
        assert_eq!(
            object.cache_control.as_deref(),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(object.metadata.get("sha256"), Some(&sha256));
        assert_eq!(
            object.metadata.get("indicators").map(String::as_str),
            Some("RSI,MACD")
        );
        assert_eq!(
            object.metadata.get("symbol"),
            data["metadata"]["symbol"]
                .as_str()
                .map(str::to_owned)
                .as_ref()
        );
        keys.push(key);
    }

    // The key's month comes from the same UTC instant as its time.
    assert!(
        keys[2].starts_with("charts/2025/10/ETHUSDT-4h-20251031T235959-"),
        "{}",
        keys[2]
    );
    assert!(
        keys[3].starts_with("charts/2025/12/AAPL-4h-20251201T000000-"),
        "{}",
        keys[3]
    );

    for case in &cases {
        let (status, body) = harness.post(case.body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"]["existing"], true);
    }
    let mut stored = harness.keys().await;
    stored.sort();
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(stored, expected);

    let (status, body) = harness.get("/api/v1/storage/s3?limit=3").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let listed = listed_keys(&body);
    assert_eq!(listed, [keys[3].clone(), keys[1].clone(), keys[0].clone()]);
    let cursor = body["data"]["nextCursor"].as_str().unwrap().to_owned();
    let (_, next) = harness
        .get(&format!("/api/v1/storage/s3?limit=3&cursor={cursor}"))
        .await;
    assert_eq!(listed_keys(&next), [keys[2].clone()]);
    assert_eq!(next["data"]["nextCursor"], Value::Null);
    assert_eq!(
        next["data"]["charts"][0]["metadata"]["source"],
        "chart-img.com"
    );

    let (status, body) = harness.get("/api/v1/storage/s3?symbol=NASDAQ:AAPL").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(listed_keys(&body), [keys[3].clone(), keys[1].clone()]);

    let (status, body) = harness.delete(&keys[0]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["deleted"], true);
    let (status, body) = harness.delete(&keys[0]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(error_code(&body), "NOT_FOUND");
    assert_eq!(harness.keys().await.len(), 3);
}

fn listed_keys(body: &Value) -> Vec<String> {
    body["data"]["charts"]
        .as_array()
        .unwrap_or_else(|| panic!("no charts in {body}"))
        .iter()
        .map(|chart| chart["key"].as_str().unwrap().to_owned())
        .collect()
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[tokio::test]
async fn round_trip_on_moto() {
    let origin = ImageOrigin::start().await;
    let allowed = origin.origin();
    let harness = Harness::moto(&[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)]).await;
    round_trip(&harness, &origin).await;
}

#[tokio::test]
async fn round_trip_on_embedded_store() {
    let origin = ImageOrigin::start().await;
    let allowed = origin.origin();
    let harness = Harness::embedded(&[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)]).await;
    round_trip(&harness, &origin).await;
}

#[tokio::test]
async fn non_ascii_metadata_reads_back() {
    let harness = Harness::embedded(&[]).await;
    let metadata = serde_json::json!({
        "symbol": "BINANCE:BTCUSDT",
        "interval": "1D",
        "indicators": ["Médiane mobile", "RSI 📈"],
        "source": "チャート",
    });
    let (status, body) = harness
        .post(data_body(&fixtures::png(), metadata.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let key = body["data"]["key"].as_str().unwrap();

    let object = read_object(&harness.client, &harness.bucket, key).await;
    for value in object.metadata.values() {
        assert!(value.is_ascii(), "{value}");
    }

    let (_, listed) = harness.get("/api/v1/storage/s3").await;
    let chart = &listed["data"]["charts"][0];
    assert_eq!(chart["metadata"]["indicators"], "Médiane mobile,RSI 📈");
    assert_eq!(chart["metadata"]["source"], "チャート");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_same_upload_stores_once() {
    let harness = Harness::embedded(&[]).await;
    let body = data_body(&fixtures::jpeg(), metadata("X", "2025-01-01T00:00:00Z"));

    let uploads: Vec<_> = (0..8)
        .map(|_| {
            let service = harness.service.clone();
            let request = post_request(body.clone());
            tokio::spawn(async move { call(&service, request).await })
        })
        .collect();
    let mut results = Vec::new();
    for upload in uploads {
        results.push(upload.await.unwrap());
    }

    let created = results
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .count();
    let existing = results
        .iter()
        .filter(|(status, body)| *status == StatusCode::OK && body["data"]["existing"] == true)
        .count();
    assert_eq!(created, 1, "{results:?}");
    assert_eq!(existing, 7, "{results:?}");
    assert_eq!(harness.keys().await.len(), 1);
}
