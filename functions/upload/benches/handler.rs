//! Time for the upload router behind `ApiService` to store a base64 image with
//! `POST /api/v1/storage/s3` in the embedded S3 store (s3s-fs over a temporary folder, on
//! loopback): the 87 KB PNG and the 666 KB JPEG fixtures. Each upload carries a new
//! `generatedAt`, so each one writes a new object (201) with one conditional PUT. The
//! object is deleted after each timed upload, outside the timing, so the folder stays small.
//! Each request is logged as in Lambda (JSON lines at `info`), to a sink.
//!
//! Run with `cargo bench -p upload --bench handler`. After criterion's figures, every upload of
//! a further fixed pass is timed on its own and the median and 99th percentile are printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, Throughput};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use shared::api::ApiService;
use shared::settings::Settings;
use test_support::bench::{install_sink_logging, print_percentiles};
use test_support::{EmbeddedStore, fixtures};
use tokio::runtime::Runtime;
use tower::ServiceExt;

const BUCKET: &str = "charts";

/// Uploads in the per-request pass, for the PNG and the JPEG.
const TIMED_UPLOADS: [usize; 2] = [1_000, 300];

/// One fixture image, base64-encoded once.
struct Fixture {
    name: &'static str,
    base64: String,
    size: usize,
}

/// The router and the store behind it.
struct Bench {
    service: ApiService,
    store: EmbeddedStore,
    next_time: std::cell::Cell<i64>,
}

impl Bench {
    /// Uploads `fixture` with the next `generatedAt`, deletes the new object without timing
    /// the delete, and returns the time the upload took.
    async fn upload(&self, fixture: &Fixture) -> Duration {
        let seconds = self.next_time.get();
        self.next_time.set(seconds + 1);
        let generated_at = chrono::DateTime::from_timestamp(seconds, 0)
            .expect("the time is in range")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let metadata = json!({
            "symbol": "BINANCE:BTCUSDT",
            "interval": "1h",
            "indicators": ["RSI"],
            "generatedAt": generated_at,
        });
        let body = format!(
            r#"{{"imageData":"{}","metadata":{metadata}}}"#,
            fixture.base64
        );
        let request = Request::builder()
            .method("POST")
            .uri("/api/v1/storage/s3")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("the request is valid");

        let started = Instant::now();
        let response = self
            .service
            .clone()
            .oneshot(request)
            .await
            .expect("ApiService never fails");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body is in memory")
            .to_bytes();
        let elapsed = started.elapsed();

        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&bytes));
        let envelope: Value = serde_json::from_slice(&bytes).expect("the envelope is JSON");
        let key = envelope["data"]["key"]
            .as_str()
            .expect("the envelope has the key");
        self.store
            .client()
            .delete_object()
            .bucket(BUCKET)
            .key(key)
            .send()
            .await
            .expect("the embedded store deletes the object");
        elapsed
    }
}

fn main() {
    install_sink_logging();
    let runtime = Runtime::new().expect("a tokio runtime starts");
    let store = runtime.block_on(async {
        let store = EmbeddedStore::start().await;
        store.create_bucket(BUCKET).await;
        store
    });
    let settings = Settings::from_lookup(|name| match name {
        "AWS_S3_BUCKET" => Some(BUCKET.to_owned()),
        "AWS_REGION" => Some("us-east-1".to_owned()),
        _ => None,
    })
    .expect("the settings are valid");
    let state = upload::AppState::new(&settings.storage, store.client());
    let bench = Bench {
        service: ApiService::new(upload::router(state)),
        store,
        next_time: std::cell::Cell::new(1_735_689_600),
    };
    let fixtures = [
        fixture("png_87_kb", fixtures::png()),
        fixture("jpeg_666_kb", fixtures::jpeg()),
    ];

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("upload_handler");
    group.sample_size(30);
    for fixture in &fixtures {
        group.throughput(Throughput::Bytes(fixture.size as u64));
        group.bench_function(fixture.name, |bencher| {
            bencher.iter_custom(|iterations| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        total += black_box(bench.upload(fixture).await);
                    }
                    total
                })
            });
        });
    }
    group.finish();
    criterion.final_summary();

    if std::env::args().any(|argument| argument == "--bench") {
        for (fixture, count) in fixtures.iter().zip(TIMED_UPLOADS) {
            let mut samples = Vec::with_capacity(count);
            runtime.block_on(async {
                for _ in 0..count {
                    samples.push(bench.upload(fixture).await);
                }
            });
            print_percentiles(&format!("upload_handler/{}", fixture.name), &mut samples);
        }
    }
}

fn fixture(name: &'static str, bytes: Vec<u8>) -> Fixture {
    Fixture {
        name,
        size: bytes.len(),
        base64: STANDARD.encode(&bytes),
    }
}
