//! Time for the construct router behind `ApiService` to handle `POST /api/v1/charts/construct`,
//! cycling through the plain-language requests of `testdata/construct/dev-cases.jsonl`. Each
//! request is logged as in Lambda (JSON lines at `info`), to a sink.
//!
//! Run with `cargo bench -p construct --bench handler`. After criterion's figures, every request
//! of a further fixed pass is timed on its own and the median and 99th percentile are printed.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use bytes::Bytes;
use criterion::{Criterion, Throughput};
use shared::api::ApiService;
use shared::settings::Settings;
use test_support::bench::{install_sink_logging, post_json, print_percentiles};
use tokio::runtime::Runtime;

/// The route every request goes to.
const ROUTE: &str = "/api/v1/charts/construct";

/// Requests in the per-request pass.
const TIMED_REQUESTS: usize = 20_000;

fn main() {
    install_sink_logging();
    let runtime = Runtime::new().expect("a tokio runtime starts");
    let service = service();
    let bodies = dev_case_bodies();

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("construct_handler");
    group.throughput(Throughput::Elements(1));
    group.bench_function("post_construct", |bencher| {
        bencher.iter_custom(|iterations| {
            runtime.block_on(async {
                let started = Instant::now();
                for index in 0..iterations as usize {
                    black_box(post_json(&service, ROUTE, &bodies[index % bodies.len()]).await);
                }
                started.elapsed()
            })
        });
    });
    group.finish();
    criterion.final_summary();

    if std::env::args().any(|argument| argument == "--bench") {
        let mut samples = Vec::with_capacity(TIMED_REQUESTS);
        runtime.block_on(async {
            for index in 0..TIMED_REQUESTS {
                let started = Instant::now();
                black_box(post_json(&service, ROUTE, &bodies[index % bodies.len()]).await);
                samples.push(started.elapsed());
            }
        });
        print_percentiles("construct_handler/post_construct", &mut samples);
    }
}

/// Builds the router as the Lambda function does, with the PRO plan and no S3 endpoint.
fn service() -> ApiService {
    let settings = Settings::from_lookup(|name| match name {
        "CHART_IMG_PLAN" => Some("PRO".to_owned()),
        "CHART_IMG_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    })
    .expect("the settings are valid");
    let state = construct::AppState::with_s3_endpoint(settings, None);
    ApiService::new(construct::router(state))
}

/// Returns a request body for each dev case.
fn dev_case_bodies() -> Vec<Bytes> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/construct/dev-cases.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let case: serde_json::Value = serde_json::from_str(line).expect("each case is JSON");
            let body = serde_json::json!({ "naturalLanguage": case["text"] });
            Bytes::from(body.to_string())
        })
        .collect()
}
