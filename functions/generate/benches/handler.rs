//! Time for the generate router behind `ApiService` to handle `POST /api/v1/charts/generate`
//! with `storage: false`, rendering through the chart-img stand-in on loopback (rate limits
//! off). The stand-in renders a real 800 x 600 PNG for every request, so a second benchmark
//! times the same render sent to it directly, and the difference is the function's own work.
//! Each request is logged as in Lambda (JSON lines at `info`), to a sink.
//!
//! Run with `cargo bench -p generate --bench handler`. After criterion's figures, every request
//! of a further fixed pass is timed on its own and the median and 99th percentile are printed.

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use criterion::{Criterion, Throughput};
use fake_chart_img::{FakeConfig, RunningFake};
use shared::api::ApiService;
use shared::settings::Settings;
use test_support::bench::{install_sink_logging, post_json, print_percentiles};
use tokio::runtime::Runtime;

/// Requests in the per-request pass.
const TIMED_REQUESTS: usize = 1_000;

/// The chart config every request renders.
const CONFIG: &str = r#"{"symbol":"BINANCE:BTCUSDT","interval":"4h","width":800,"height":600,"studies":[{"name":"Relative Strength Index"}]}"#;

fn main() {
    install_sink_logging();
    let runtime = Runtime::new().expect("a tokio runtime starts");
    let fake = runtime.block_on(async {
        fake_chart_img::start(FakeConfig {
            rate_limits: false,
            ..FakeConfig::default()
        })
        .await
        .expect("the stand-in starts on loopback")
    });
    let service = service(&fake);
    let body = Bytes::from(format!(r#"{{"config":{CONFIG},"storage":false}}"#));
    let direct = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a loopback client builds");
    let render_url = format!("{}/v2/tradingview/advanced-chart", fake.base_url());

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("generate_handler");
    group.throughput(Throughput::Elements(1));
    group.bench_function("post_generate_storage_false", |bencher| {
        bencher.iter_custom(|iterations| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iterations {
                    black_box(send(&service, &body).await);
                }
                started.elapsed()
            })
        });
    });
    group.bench_function("stand_in_render_alone", |bencher| {
        bencher.iter_custom(|iterations| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..iterations {
                    black_box(render_directly(&direct, &render_url).await);
                }
                started.elapsed()
            })
        });
    });
    group.finish();
    criterion.final_summary();

    if std::env::args().any(|argument| argument == "--bench") {
        let mut through_service = Vec::with_capacity(TIMED_REQUESTS);
        let mut stand_in_alone = Vec::with_capacity(TIMED_REQUESTS);
        runtime.block_on(async {
            for _ in 0..TIMED_REQUESTS {
                let started = Instant::now();
                black_box(send(&service, &body).await);
                through_service.push(started.elapsed());

                let started = Instant::now();
                black_box(render_directly(&direct, &render_url).await);
                stand_in_alone.push(started.elapsed());
            }
        });
        print_percentiles(
            "generate_handler/post_generate_storage_false",
            &mut through_service,
        );
        print_percentiles(
            "generate_handler/stand_in_render_alone",
            &mut stand_in_alone,
        );
    }
}

/// Sends one generate request through the router and checks that it succeeded.
async fn send(service: &ApiService, body: &Bytes) -> Bytes {
    let (status, response) = post_json(service, "/api/v1/charts/generate", body).await;
    assert_eq!(
        status,
        200,
        "generate failed: {}",
        String::from_utf8_lossy(&response)
    );
    response
}

/// Sends the same render straight to the stand-in, as the function's chart-img client does.
async fn render_directly(client: &reqwest::Client, url: &str) -> Bytes {
    let response = client
        .post(url)
        .header("x-api-key", "test-key")
        .header("content-type", "application/json")
        .body(CONFIG)
        .send()
        .await
        .expect("the stand-in responds");
    assert_eq!(response.status(), 200, "the stand-in rejected the render");
    response
        .bytes()
        .await
        .expect("the stand-in sends the image")
}

/// Builds the router as the Lambda function does, against the stand-in with its key and plan.
fn service(fake: &RunningFake) -> ApiService {
    let base_url = fake.base_url();
    let settings = Settings::from_lookup(|name| match name {
        "CHART_IMG_BASE_URL" => Some(base_url.clone()),
        "CHART_IMG_API_KEY" => Some("test-key".to_owned()),
        "CHART_IMG_PLAN" => Some("PRO".to_owned()),
        _ => None,
    })
    .expect("the settings are valid");
    ApiService::new(generate::router(generate::AppState::new(settings)))
}
