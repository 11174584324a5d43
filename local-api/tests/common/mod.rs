//! What the local API tests share: starting the server in-process on moto or the embedded
//! store, and an HTTP client for it.

#![allow(dead_code)]

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use local_api::{LocalApi, LocalApiOptions, S3Target};
use serde_json::{Value, json};
use shared::settings::Settings;
use tempfile::TempDir;
use test_support::Moto;

pub const BUCKET: &str = "charts-local";

pub fn settings(pairs: &[(&str, &str)]) -> Settings {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned()).expect("valid test settings")
}

/// A running local API and what it stores into.
pub struct Running {
    pub api: LocalApi,
    pub bucket: String,
    pub moto: Option<Moto>,
    pub data: Option<TempDir>,
}

/// Starts the local API on the embedded store over a new temporary folder.
pub async fn on_embedded_store(pairs: &[(&str, &str)]) -> Running {
    let data = tempfile::tempdir().expect("creating a data folder");
    let api = start_embedded_in(data.path(), pairs).await;
    Running {
        bucket: api
            .bucket()
            .expect("the embedded store has a bucket")
            .to_owned(),
        api,
        moto: None,
        data: Some(data),
    }
}

/// Starts the local API on the embedded store over `data_dir`.
pub async fn start_embedded_in(data_dir: &std::path::Path, pairs: &[(&str, &str)]) -> LocalApi {
    LocalApi::start(LocalApiOptions {
        settings: settings(pairs),
        port: 0,
        s3: S3Target::Embedded {
            data_dir: data_dir.to_path_buf(),
        },
    })
    .await
    .expect("starting the local API")
}

/// Starts moto with a bucket and the local API on it.
pub async fn on_moto(pairs: &[(&str, &str)]) -> Running {
    let moto = Moto::start().await;
    moto.create_bucket(BUCKET).await;
    let mut all = vec![("AWS_S3_BUCKET", BUCKET)];
    all.extend_from_slice(pairs);
    let api = LocalApi::start(LocalApiOptions {
        settings: settings(&all),
        port: 0,
        s3: S3Target::Endpoint {
            url: moto.endpoint(),
            region: moto.region().to_owned(),
            access_key_id: moto.access_key_id().to_owned(),
            secret_access_key: moto.secret_access_key().to_owned(),
        },
    })
    .await
    .expect("starting the local API");
    Running {
        api,
        bucket: BUCKET.to_owned(),
        moto: Some(moto),
        data: None,
    }
}

/// Returns an HTTP client that ignores proxy settings, since every server here is on loopback.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("building an HTTP client")
}

pub fn data_body(image: &[u8], metadata: Value) -> Value {
    json!({ "imageData": STANDARD.encode(image), "metadata": metadata })
}

pub fn url_body(url: &str, metadata: Value) -> Value {
    json!({ "imageUrl": url, "metadata": metadata })
}

pub fn metadata(symbol: &str, generated_at: &str) -> Value {
    json!({ "symbol": symbol, "interval": "1h", "indicators": ["RSI"], "generatedAt": generated_at })
}
