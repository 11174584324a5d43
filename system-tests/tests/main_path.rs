//! The main job end to end over HTTP: a plain-language request becomes a chart config, chart-img
//! (the stand-in on loopback) renders it, and the image is stored for good behind a URL that
//! serves the same bytes. The path runs twice, on the local API's embedded store and on moto.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fake_chart_img::{FakeConfig, RunningFake};
use local_api::{LocalApi, LocalApiOptions, S3Target};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::settings::Settings;
use tempfile::TempDir;
use test_support::Moto;

const REQUEST: &str = "BTC 4h with RSI and MACD, last month";
const MOTO_BUCKET: &str = "charts-main-path";

struct Stack {
    fake: RunningFake,
    api: LocalApi,
    http: reqwest::Client,
    /// The embedded store's folder or the moto server, kept until the test ends.
    _data: Option<TempDir>,
    _moto: Option<Moto>,
}

impl Stack {
    /// Starts the stand-in, then the local API pointed at it, with the stand-in's origin allowed
    /// for `imageUrl` uploads.
    async fn start(on_moto: bool) -> Stack {
        let fake = fake_chart_img::start(FakeConfig::default())
            .await
            .expect("the chart-img stand-in starts");
        let mut values: HashMap<&str, String> = HashMap::from([
            ("CHART_IMG_BASE_URL", fake.base_url()),
            ("CHART_IMG_API_KEY", "test-key".to_owned()),
            ("CHART_IMG_PLAN", "PRO".to_owned()),
            ("IMAGE_URL_ALLOWED_ORIGINS", fake.base_url()),
        ]);

        let (target, data, moto) = if on_moto {
            let moto = Moto::start().await;
            moto.create_bucket(MOTO_BUCKET).await;
            values.insert("AWS_S3_BUCKET", MOTO_BUCKET.to_owned());
            let target = S3Target::Endpoint {
                url: moto.endpoint(),
                region: moto.region().to_owned(),
                access_key_id: moto.access_key_id().to_owned(),
                secret_access_key: moto.secret_access_key().to_owned(),
            };
            (target, None, Some(moto))
        } else {
            let data = tempfile::tempdir().expect("creating a data folder");
            let target = S3Target::Embedded {
                data_dir: data.path().to_path_buf(),
            };
            (target, Some(data), None)
        };

        let settings = Settings::from_lookup(|name| values.get(name).cloned())
            .expect("the test settings are valid");
        let api = LocalApi::start(LocalApiOptions {
            settings,
            port: 0,
            s3: target,
        })
        .await
        .expect("the local API starts");
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("building an HTTP client");
        Stack {
            fake,
            api,
            http,
            _data: data,
            _moto: moto,
        }
    }

    /// Posts JSON to an API route and returns the status and the envelope.
    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.api.base_url()))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|error| panic!("POST {path} failed: {error}"));
        let status = response.status();
        let envelope = response.json().await.expect("the API answers JSON");
        (status, envelope)
    }

    /// Fetches a URL the way a browser opening it would, returning the content type and bytes.
    async fn open(&self, url: &str) -> (String, Vec<u8>) {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .unwrap_or_else(|error| panic!("GET {url} failed: {error}"));
        assert_eq!(response.status(), StatusCode::OK, "GET {url}");
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response.bytes().await.expect("reading the body").to_vec();
        (content_type, bytes)
    }
}

fn metadata(config: &Value, generated_at: &str) -> Value {
    let indicators: Vec<&str> = config["studies"]
        .as_array()
        .expect("config.studies is a list")
        .iter()
        .filter_map(|study| study["name"].as_str())
        .collect();
    json!({
        "symbol": config["symbol"],
        "interval": config["interval"],
        "indicators": indicators,
        "generatedAt": generated_at,
    })
}

fn assert_png_of_size(bytes: &[u8], width: u64, height: u64) {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .expect("the bytes are a PNG");
    assert_eq!(u64::from(image.width()), width);
    assert_eq!(u64::from(image.height()), height);
}

async fn main_path(on_moto: bool) {
    let stack = Stack::start(on_moto).await;

    // Plain language to a config.
    let (status, envelope) = stack
        .post(
            "/api/v1/charts/construct",
            json!({ "naturalLanguage": REQUEST }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{envelope}");
    let config = envelope["data"]["config"].clone();
    assert_eq!(config["symbol"], "BINANCE:BTCUSDT");
    assert_eq!(config["interval"], "4h");
    assert_eq!(config["range"], "1M");
    let studies: Vec<&str> = config["studies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|study| study["name"].as_str())
        .collect();
    assert_eq!(studies, ["Relative Strength Index", "MACD"]);
    let width = config["width"].as_u64().unwrap();
    let height = config["height"].as_u64().unwrap();

    // The image bytes, base64-encoded in the response.
    let (status, envelope) = stack
        .post(
            "/api/v1/charts/generate",
            json!({ "config": config, "storage": false }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{envelope}");
    assert_eq!(envelope["data"]["contentType"], "image/png");
    let rendered = STANDARD
        .decode(envelope["data"]["imageData"].as_str().unwrap())
        .expect("imageData is base64");
    assert_png_of_size(&rendered, width, height);

    // A hosted copy at chart-img, which expires.
    let (status, envelope) = stack
        .post(
            "/api/v1/charts/generate",
            json!({ "config": config, "storage": true }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{envelope}");
    let hosted_url = envelope["data"]["imageUrl"].as_str().unwrap().to_owned();
    assert!(
        hosted_url.starts_with(&stack.fake.base_url()),
        "{hosted_url}"
    );
    assert!(envelope["data"]["expiresAt"].is_string(), "{envelope}");

    // Stored for good from base64, then the returned URL serves the same bytes.
    let (status, envelope) = stack
        .post(
            "/api/v1/storage/s3",
            json!({
                "imageData": STANDARD.encode(&rendered),
                "metadata": metadata(&config, "2025-11-16T10:30:00Z"),
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{envelope}");
    assert_eq!(envelope["data"]["contentType"], "image/png");
    let (content_type, served) = stack.open(envelope["data"]["url"].as_str().unwrap()).await;
    assert_eq!(content_type, "image/png");
    assert!(
        served == rendered,
        "the stored object differs from the upload"
    );

    // Stored for good from chart-img's hosted URL. The stand-in draws a config identically every
    // time, so the same generatedAt would map to the key stored above. A later time gives a new
    // key.
    let (_, hosted) = stack.open(&hosted_url).await;
    let (status, envelope) = stack
        .post(
            "/api/v1/storage/s3",
            json!({
                "imageUrl": hosted_url,
                "metadata": metadata(&config, "2025-11-16T10:31:00Z"),
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{envelope}");
    assert_eq!(envelope["data"]["metadata"]["source"], "chart-img.com");
    let (content_type, served) = stack.open(envelope["data"]["url"].as_str().unwrap()).await;
    assert_eq!(content_type, "image/png");
    assert!(
        served == hosted,
        "the stored object differs from the hosted image"
    );

    // Rendered and stored in one call.
    let (status, envelope) = stack
        .post(
            "/api/v1/charts/generate",
            json!({ "config": config, "persist": true }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{envelope}");
    let (content_type, served) = stack.open(envelope["data"]["url"].as_str().unwrap()).await;
    assert_eq!(content_type, "image/png");
    assert_eq!(envelope["data"]["size"], served.len() as u64);
    assert_png_of_size(&served, width, height);
}

#[tokio::test]
async fn main_path_on_embedded_store() {
    main_path(false).await;
}

#[tokio::test]
async fn main_path_on_moto() {
    main_path(true).await;
}
