//! What the upload tests share: the router behind `ApiService` on a real S3 server, requests
//! through it, and request bodies.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use shared::api::ApiService;
use shared::settings::Settings;
use shared::storage::{HostLookup, ImageFetcher, LookupFuture};
use test_support::{EmbeddedStore, Moto};
use tower::ServiceExt;

pub const BUCKET: &str = "charts-test";

/// Reads settings from name and value pairs instead of the process environment.
pub fn settings(pairs: &[(&str, &str)]) -> Settings {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned()).expect("valid test settings")
}

/// The S3 server behind a harness, kept alive as long as the harness.
pub enum Backend {
    Moto(Moto),
    Embedded(EmbeddedStore),
    None,
}

/// The upload router behind `ApiService`, writing to a bucket on a real S3 server.
pub struct Harness {
    pub service: ApiService,
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
    pub backend: Backend,
}

impl Harness {
    /// Starts moto, creates the bucket, and builds the router with `pairs` as extra settings.
    pub async fn moto(pairs: &[(&str, &str)]) -> Self {
        let moto = Moto::start().await;
        moto.create_bucket(BUCKET).await;
        let client = moto.client();
        Self::build(client, Backend::Moto(moto), pairs, None)
    }

    /// Starts the embedded s3s-fs store, creates the bucket, and builds the router.
    pub async fn embedded(pairs: &[(&str, &str)]) -> Self {
        let store = EmbeddedStore::start().await;
        store.create_bucket(BUCKET).await;
        let client = store.client();
        Self::build(client, Backend::Embedded(store), pairs, None)
    }

    /// Builds the router on `client` without starting a server.
    pub fn build(
        client: aws_sdk_s3::Client,
        backend: Backend,
        pairs: &[(&str, &str)],
        lookup: Option<Arc<dyn HostLookup>>,
    ) -> Self {
        let mut all = vec![("AWS_S3_BUCKET", BUCKET), ("AWS_REGION", "us-east-1")];
        all.extend_from_slice(pairs);
        let settings = settings(&all);
        let state = match lookup {
            Some(lookup) => {
                let fetcher = ImageFetcher::with_lookup(&settings.storage, lookup);
                upload::AppState::with_fetcher(&settings.storage, client.clone(), fetcher)
            }
            None => upload::AppState::new(&settings.storage, client.clone()),
        };
        Harness {
            service: ApiService::new(upload::router(state)),
            client,
            bucket: BUCKET.to_owned(),
            backend,
        }
    }

    pub async fn post(&self, body: impl Into<Body>) -> (StatusCode, Value) {
        call(&self.service, post_request(body)).await
    }

    pub async fn get(&self, path_and_query: &str) -> (StatusCode, Value) {
        let request = Request::builder()
            .uri(path_and_query)
            .body(Body::empty())
            .unwrap();
        call(&self.service, request).await
    }

    pub async fn delete(&self, key: &str) -> (StatusCode, Value) {
        let request = Request::builder()
            .method("DELETE")
            .uri(format!("/api/v1/storage/s3/{key}"))
            .body(Body::empty())
            .unwrap();
        call(&self.service, request).await
    }

    /// Lists every key in the bucket, straight from S3.
    pub async fn keys(&self) -> Vec<String> {
        test_support::list_keys(&self.client, &self.bucket).await
    }
}

/// Returns an upload request with `body`.
pub fn post_request(body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri("/api/v1/storage/s3")
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

/// Sends one request through the service and parses the JSON envelope.
pub async fn call(service: &ApiService, request: Request<Body>) -> (StatusCode, Value) {
    let response = service.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| panic!("response is not JSON ({error}): {bytes:?}"));
    (status, body)
}

/// Returns an upload body with `imageData`.
pub fn data_body(image: &[u8], metadata: Value) -> String {
    json!({ "imageData": STANDARD.encode(image), "metadata": metadata }).to_string()
}

/// Returns an upload body with `imageUrl`.
pub fn url_body(url: &str, metadata: Value) -> String {
    json!({ "imageUrl": url, "metadata": metadata }).to_string()
}

/// Returns metadata with a symbol, an interval and `generatedAt`.
pub fn metadata(symbol: &str, generated_at: &str) -> Value {
    json!({
        "symbol": symbol,
        "interval": "4h",
        "indicators": ["RSI", "MACD"],
        "generatedAt": generated_at,
    })
}

/// Asserts the error envelope's shape and returns its code.
pub fn error_code(body: &Value) -> String {
    assert_eq!(body["success"], false, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body["meta"]["requestId"].as_str().is_some(), "{body}");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Resolves host names from a fixed table, so tests need no DNS.
pub struct TableLookup(pub Vec<(&'static str, Vec<std::net::IpAddr>)>);

impl HostLookup for TableLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let found = self
            .0
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, addresses)| addresses.clone());
        let host = host.to_owned();
        Box::pin(async move {
            found.ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{host} is not in the table"),
                )
            })
        })
    }
}
