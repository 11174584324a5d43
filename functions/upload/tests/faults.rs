//! S3 failures: the endpoint down, slower than the deadline, a missing bucket, denied access,
//! wrong credentials and a body corrupted on the way. Each gives 502 or 504 with a message that
//! names what failed, and leaves no object, or only the complete one.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use base64::Engine;
use serde_json::Value;
use sha2::Digest;
use test_support::{
    BlackHole, EmbeddedStore, Fault, FaultProxy, Moto, fixtures, read_object, s3_client,
    unreachable_s3_client,
};

use common::{BUCKET, Backend, Harness, data_body, error_code, metadata};

const KEY: &str = "charts/2025/11/BTCUSDT-4h-20251116T103000-a6da0065.png";

fn upload_body() -> String {
    data_body(
        &fixtures::png(),
        metadata("BTCUSDT", "2025-11-16T10:30:00Z"),
    )
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn endpoint_down_is_502() {
    let harness = Harness::build(unreachable_s3_client(), Backend::None, &[], None);
    let upload = harness.post(upload_body()).await;
    let list = harness.get("/api/v1/storage/s3").await;
    let delete = harness.delete(KEY).await;
    for (status, body) in [upload, list, delete] {
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
        assert_eq!(error_code(&body), "STORAGE_ERROR");
        assert!(message(&body).contains("could not be reached"), "{body}");
    }
}

#[tokio::test]
async fn slow_endpoint_is_504_at_deadline() {
    let black_hole = BlackHole::start().await;
    let client = s3_client(&black_hole.endpoint(), "id", "secret");
    let harness = Harness::build(client, Backend::None, &[("S3_DEADLINE_MS", "500")], None);
    let upload = harness.post(upload_body()).await;
    let list = harness.get("/api/v1/storage/s3").await;
    for (status, body) in [upload, list] {
        assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{body}");
        assert_eq!(error_code(&body), "UPSTREAM_TIMEOUT");
        assert!(message(&body).contains("within 500 ms"), "{body}");
    }
}

#[tokio::test]
async fn slow_responses_leave_complete_object_or_none() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let proxy = FaultProxy::start(
        &store.endpoint(),
        Fault::DelayResponses(Duration::from_millis(1500)),
    )
    .await;
    let slow_client = s3_client(
        &proxy.endpoint(),
        store.server().access_key_id(),
        store.server().secret_access_key(),
    );
    let slow = Harness::build(
        slow_client,
        Backend::None,
        &[("S3_DEADLINE_MS", "1000")],
        None,
    );

    let (status, body) = slow.post(upload_body()).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{body}");
    assert_eq!(error_code(&body), "UPSTREAM_TIMEOUT");

    // The PUT may still complete after the deadline; wait for it, then check the object.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let direct = Harness::build(store.client(), Backend::None, &[], None);
    let keys = direct.keys().await;
    assert!(keys.is_empty() || keys == [KEY], "{keys:?}");
    if !keys.is_empty() {
        let object = read_object(&store.client(), BUCKET, KEY).await;
        assert!(
            object.bytes == fixtures::png(),
            "a late write stored different bytes"
        );
    }

    let (status, body) = direct.post(upload_body()).await;
    assert!(
        status == StatusCode::OK || status == StatusCode::CREATED,
        "{status}: {body}"
    );
    let object = read_object(&store.client(), BUCKET, KEY).await;
    assert!(
        object.bytes == fixtures::png(),
        "the retried upload stored different bytes"
    );
}

#[tokio::test]
async fn missing_bucket_on_moto_is_502() {
    let moto = Moto::start().await;
    moto.create_bucket("other-bucket").await;
    let harness = Harness::build(moto.client(), Backend::Moto(moto), &[], None);
    assert_missing_bucket(&harness).await;
}

#[tokio::test]
async fn missing_bucket_on_embedded_store_is_502() {
    let store = EmbeddedStore::start().await;
    store.create_bucket("other-bucket").await;
    let harness = Harness::build(store.client(), Backend::Embedded(store), &[], None);
    assert_missing_bucket(&harness).await;
}

async fn assert_missing_bucket(harness: &Harness) {
    let (status, body) = harness.post(upload_body()).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(error_code(&body), "STORAGE_ERROR");
    assert!(
        message(&body).contains(&format!("bucket {BUCKET} does not exist")),
        "{body}"
    );

    let (status, body) = harness.get("/api/v1/storage/s3").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert!(message(&body).contains("does not exist"), "{body}");

    let buckets = harness.client.list_buckets().send().await.unwrap();
    let names: Vec<&str> = buckets.buckets().iter().filter_map(|b| b.name()).collect();
    assert_eq!(names, ["other-bucket"]);
    assert!(
        test_support::list_keys(&harness.client, "other-bucket")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn denied_write_is_502_and_stores_nothing() {
    let store = EmbeddedStore::start_denying(&["PutObject"]).await;
    store.create_bucket(BUCKET).await;
    let harness = Harness::build(store.client(), Backend::Embedded(store), &[], None);

    let (status, body) = harness.post(upload_body()).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(error_code(&body), "STORAGE_ERROR");
    assert!(message(&body).contains("denied PutObject"), "{body}");
    assert!(message(&body).contains("s3:PutObject"), "{body}");
    assert!(harness.keys().await.is_empty());
}

#[tokio::test]
async fn denied_listing_is_502() {
    let store = EmbeddedStore::start_denying(&["ListObjectsV2"]).await;
    store.create_bucket(BUCKET).await;
    let harness = Harness::build(store.client(), Backend::Embedded(store), &[], None);

    let (status, body) = harness.get("/api/v1/storage/s3").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert!(message(&body).contains("s3:ListBucket"), "{body}");
}

/// The embedded store rejects the changed body through the signature's payload hash before
/// its SHA-256 checksum check; S3 checks both.
#[tokio::test]
async fn corrupted_body_is_rejected_and_stores_nothing() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let proxy = FaultProxy::start(&store.endpoint(), Fault::CorruptPutBodies).await;
    let client = s3_client(
        &proxy.endpoint(),
        store.server().access_key_id(),
        store.server().secret_access_key(),
    );
    let harness = Harness::build(client, Backend::None, &[], None);

    let (status, body) = harness.post(upload_body()).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(error_code(&body), "STORAGE_ERROR");
    assert!(
        test_support::list_keys(&store.client(), BUCKET)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn put_carries_checksum_and_condition() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let proxy = FaultProxy::start(&store.endpoint(), Fault::None).await;
    let client = s3_client(
        &proxy.endpoint(),
        store.server().access_key_id(),
        store.server().secret_access_key(),
    );
    let harness = Harness::build(client, Backend::None, &[], None);

    let (status, body) = harness.post(upload_body()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let heads = proxy.request_heads();
    let put = heads
        .iter()
        .find(|head| head.starts_with("PUT "))
        .unwrap_or_else(|| panic!("no PUT in {heads:?}"))
        .to_ascii_lowercase();
    let checksum = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(fixtures::png()))
        .to_ascii_lowercase();
    assert!(
        put.contains(&format!("x-amz-checksum-sha256: {checksum}")),
        "{put}"
    );
    assert!(put.contains("if-none-match: *"), "{put}");
    assert!(put.contains("content-type: image/png"), "{put}");
    assert!(
        put.contains("cache-control: public, max-age=31536000, immutable"),
        "{put}"
    );
    assert!(put.contains("x-amz-meta-symbol: btcusdt"), "{put}");
    assert!(!put.contains("x-amz-checksum-crc32"), "{put}");
}

/// A log sink shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn wrong_secret_never_reaches_response_or_log() {
    let store = EmbeddedStore::start().await;
    store.create_bucket(BUCKET).await;
    let access_key_id = store.server().access_key_id().to_owned();
    let wrong_secret = "wrongSecretKeyThatMustNotLeak0123456789ab";
    let client = s3_client(&store.endpoint(), &access_key_id, wrong_secret);
    let harness = Harness::build(client, Backend::Embedded(store), &[], None);

    let logs = Captured::default();
    let writer = logs.clone();
    // The service's own crates log at DEBUG and dependencies at INFO, the default level. At
    // DEBUG, the AWS SDK logs the access key id and s3s logs whole signed requests.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "info,shared=debug,upload=debug,local_api=debug",
        ))
        .with_writer(move || writer.clone())
        .finish();
    let (status, body) = {
        let _guard = tracing::subscriber::set_default(subscriber);
        harness.post(upload_body()).await
    };

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(error_code(&body), "STORAGE_ERROR");
    // With conditional writes the PUT is the first request, and S3 names the signature error.
    assert!(message(&body).contains("denied PutObject"), "{body}");
    assert!(message(&body).contains("SignatureDoesNotMatch"), "{body}");

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("request failed"), "{logs}");
    for (name, secret) in [
        ("secret", wrong_secret),
        ("access key id", access_key_id.as_str()),
        ("signature", "Signature="),
        ("credential scope", "Credential="),
    ] {
        assert!(
            !body.to_string().contains(secret),
            "the response contains the {name}"
        );
        assert!(
            !logs.contains(secret),
            "the log contains the {name}:\n{}",
            logs.lines()
                .filter(|line| line.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
