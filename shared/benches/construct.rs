//! Time to construct a config from each plain-language request in
//! `testdata/construct/dev-cases.jsonl`. Run with `cargo bench -p shared --bench construct`.

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shared::chart::Plan;
use shared::construct::{ConstructRequest, Context, construct};

/// Reads the request texts of the dev cases.
fn dev_requests() -> Vec<ConstructRequest> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/construct/dev-cases.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let case: serde_json::Value = serde_json::from_str(line).expect("case is JSON");
            ConstructRequest {
                natural_language: case["text"].as_str().expect("case has text").to_owned(),
                ..ConstructRequest::default()
            }
        })
        .collect()
}

fn construct_dev_cases(criterion: &mut Criterion) {
    let requests = dev_requests();
    let context = Context::new(
        Plan::Pro,
        Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap(),
    );
    let mut group = criterion.benchmark_group("construct");

    group.throughput(Throughput::Elements(1));
    group.bench_function("one_request", |bencher| {
        let mut next = 0;
        bencher.iter(|| {
            let request = &requests[next % requests.len()];
            next += 1;
            black_box(construct(black_box(request), &context))
        });
    });

    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("all_dev_cases", |bencher| {
        bencher.iter(|| {
            for request in &requests {
                black_box(construct(black_box(request), &context)).ok();
            }
        });
    });
    group.finish();
}

criterion_group!(benches, construct_dev_cases);
criterion_main!(benches);
