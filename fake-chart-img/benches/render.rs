//! Round-trip time of one advanced-chart request over loopback HTTP, which is dominated by
//! drawing and encoding the image. Rate limits are off so criterion can repeat freely.
//!
//! `cargo bench -p fake-chart-img --bench render`

use criterion::{Criterion, criterion_group, criterion_main};
use fake_chart_img::{FakeConfig, start};
use serde_json::json;
use shared::chart::Plan;

fn render(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("Tokio runtime");
    let config = FakeConfig {
        plan: Plan::Pro,
        rate_limits: false,
        ..FakeConfig::default()
    };
    let fake = runtime.block_on(start(config)).expect("stand-in starts");
    let url = format!("{}/v2/tradingview/advanced-chart", fake.base_url());
    let client = reqwest::Client::new();

    let mut group = criterion.benchmark_group("advanced_chart");
    for (width, height) in [(800, 600), (1920, 1080)] {
        for format in ["png", "jpeg"] {
            let body = json!({
                "symbol": "BINANCE:BTCUSDT",
                "interval": "4h",
                "range": "3M",
                "width": width,
                "height": height,
                "format": format,
                "studies": [{ "name": "Moving Average" }, { "name": "Relative Strength Index" }],
            });
            group.bench_function(format!("{format}_{width}x{height}"), |bencher| {
                bencher.iter(|| {
                    runtime.block_on(async {
                        let response = client
                            .post(&url)
                            .header("x-api-key", "test-key")
                            .json(&body)
                            .send()
                            .await
                            .expect("request succeeds");
                        assert!(response.status().is_success());
                        response.bytes().await.expect("body arrives")
                    })
                });
            });
        }
    }
    group.finish();

    runtime.block_on(fake.shutdown());
}

criterion_group!(benches, render);
criterion_main!(benches);
