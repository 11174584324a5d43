//! Reading objects back with the SDK, to check what a test stored.

use std::collections::HashMap;

use bytes::Bytes;

/// Returns an S3 client for an S3-compatible server at `endpoint`, with path-style addressing.
pub fn s3_client(
    endpoint: &str,
    access_key_id: &str,
    secret_access_key: &str,
) -> aws_sdk_s3::Client {
    local_api::embedded_s3::static_client(endpoint, "us-east-1", access_key_id, secret_access_key)
}

/// Returns an S3 client whose endpoint is a closed loopback port, for code that must not reach
/// S3 at all: any call it makes fails as unreachable.
pub fn unreachable_s3_client() -> aws_sdk_s3::Client {
    let endpoint = format!("http://127.0.0.1:{}", crate::closed_port());
    s3_client(&endpoint, "unused", "unused")
}

/// An object as read back from S3.
#[derive(Debug)]
pub struct StoredObject {
    pub bytes: Bytes,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub metadata: HashMap<String, String>,
}

/// Reads one object, panicking with the SDK's error if that fails.
pub async fn read_object(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> StoredObject {
    let output = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap_or_else(|error| panic!("reading {bucket}/{key} failed: {error:?}"));
    let content_type = output.content_type().map(str::to_owned);
    let cache_control = output.cache_control().map(str::to_owned);
    let metadata = output.metadata().cloned().unwrap_or_default();
    let bytes = output
        .body
        .collect()
        .await
        .expect("reading the object's body")
        .into_bytes();
    StoredObject {
        bytes,
        content_type,
        cache_control,
        metadata,
    }
}

/// Lists every key in a bucket.
pub async fn list_keys(client: &aws_sdk_s3::Client, bucket: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut token = None;
    loop {
        let output = client
            .list_objects_v2()
            .bucket(bucket)
            .set_continuation_token(token)
            .send()
            .await
            .unwrap_or_else(|error| panic!("listing {bucket} failed: {error:?}"));
        keys.extend(
            output
                .contents()
                .iter()
                .filter_map(|object| object.key().map(str::to_owned)),
        );
        match output.next_continuation_token() {
            Some(next) if output.is_truncated() == Some(true) => token = Some(next.to_owned()),
            _ => return keys,
        }
    }
}
