//! Load against the local API: 20 concurrent clients send 200 uploads, a mix of base64 and URL
//! uploads of both fixture images, some of them repeats. Every success must read back
//! byte-identical with the right content type, both from S3 and from its returned URL. Every
//! failure must be a clean error envelope, and the bucket must end with exactly one object per
//! distinct chart. Counts and timings are printed, not asserted.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use test_support::{ImageOrigin, fixtures, list_keys, read_object};

use common::{Running, data_body, http, metadata, on_embedded_store, on_moto, url_body};

const CLIENTS: usize = 20;
const UPLOADS_PER_CLIENT: usize = 10;
/// One upload in this many repeats an earlier chart, and must be returned as existing.
const REPEAT_EVERY: usize = 8;

/// One planned upload.
#[derive(Clone)]
struct Plan {
    jpeg: bool,
    by_url: bool,
    symbol: String,
    generated_at: String,
}

impl Plan {
    fn new(index: usize) -> Self {
        // A repeat reuses the chart of an earlier upload that is not a repeat itself, so the
        // same bytes and time arrive again, often while the first is still in flight.
        let chart = if index >= REPEAT_EVERY && index.is_multiple_of(REPEAT_EVERY) {
            index - REPEAT_EVERY + 1
        } else {
            index
        };
        // Charts spread over six months, so listings cross month prefixes.
        let month = 1 + chart % 6;
        let minute = chart % 60;
        let hour = chart / 60;
        Plan {
            jpeg: chart % 2 == 1,
            by_url: index.is_multiple_of(3),
            symbol: format!("BINANCE:SYM{}", chart % 5),
            generated_at: format!("2025-{month:02}-10T{hour:02}:{minute:02}:00Z"),
        }
    }

    fn chart(&self) -> (bool, String, String) {
        (self.jpeg, self.symbol.clone(), self.generated_at.clone())
    }
}

/// What one upload returned.
struct Outcome {
    plan: Plan,
    status: StatusCode,
    body: Value,
    elapsed: Duration,
}

async fn run_load(running: &Running, origin: &ImageOrigin) {
    let base = running.api.base_url().to_owned();
    let png = Arc::new(fixtures::png());
    let jpeg = Arc::new(fixtures::jpeg());
    let client = http();

    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..CLIENTS {
        let (base, client) = (base.clone(), client.clone());
        let (png, jpeg) = (Arc::clone(&png), Arc::clone(&jpeg));
        let origin_png = origin.url("/chart.png");
        let origin_jpeg = origin.url("/chart.jpg");
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for round in 0..UPLOADS_PER_CLIENT {
                let plan = Plan::new(round * CLIENTS + worker);
                let meta = metadata(&plan.symbol, &plan.generated_at);
                let body = match (plan.by_url, plan.jpeg) {
                    (true, true) => url_body(&origin_jpeg, meta),
                    (true, false) => url_body(&origin_png, meta),
                    (false, true) => data_body(&jpeg, meta),
                    (false, false) => data_body(&png, meta),
                };
                let sent = Instant::now();
                let response = client
                    .post(format!("{base}/api/v1/storage/s3"))
                    .json(&body)
                    .send()
                    .await
                    .expect("the local API accepts the connection");
                let status = response.status();
                let body: Value = response.json().await.expect("every response is JSON");
                outcomes.push(Outcome {
                    plan,
                    status,
                    body,
                    elapsed: sent.elapsed(),
                });
            }
            outcomes
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.extend(task.await.expect("an upload client panicked"));
    }
    let wall = started.elapsed();

    assert_eq!(outcomes.len(), CLIENTS * UPLOADS_PER_CLIENT);
    let mut stored: BTreeMap<(bool, String, String), String> = BTreeMap::new();
    let (mut created, mut existing, mut failed) = (0, 0, 0);
    for outcome in &outcomes {
        if !outcome.status.is_success() {
            failed += 1;
            assert_clean_failure(outcome);
            continue;
        }
        let data = &outcome.body["data"];
        let key = data["key"]
            .as_str()
            .expect("a success has a key")
            .to_owned();
        match outcome.status {
            StatusCode::CREATED => created += 1,
            StatusCode::OK => existing += 1,
            other => panic!("unexpected success status {other}: {}", outcome.body),
        }
        assert_eq!(data["existing"], outcome.status == StatusCode::OK, "{data}");
        if let Some(previous) = stored.insert(outcome.plan.chart(), key.clone()) {
            assert_eq!(previous, key, "one chart got two keys");
        }
    }

    let mut read_back = 0;
    for (chart, key) in &stored {
        let (bytes, content_type) = if chart.0 {
            (jpeg.as_slice(), "image/jpeg")
        } else {
            (png.as_slice(), "image/png")
        };
        let object = read_object(running.api.s3(), &running.bucket, key).await;
        assert!(
            object.bytes == bytes,
            "S3 holds different bytes under {key}"
        );
        assert_eq!(object.content_type.as_deref(), Some(content_type), "{key}");

        let served = client.get(format!("{base}/{key}")).send().await.unwrap();
        assert_eq!(served.status(), StatusCode::OK, "{key}");
        assert_eq!(served.headers()["content-type"], content_type, "{key}");
        assert!(
            served.bytes().await.unwrap() == bytes,
            "{key} is served with other bytes"
        );
        read_back += 1;
    }

    let mut keys = list_keys(running.api.s3(), &running.bucket).await;
    keys.sort();
    let expected: BTreeSet<&String> = stored.values().collect();
    assert_eq!(
        keys.iter().collect::<BTreeSet<_>>(),
        expected,
        "the bucket holds other objects"
    );

    let listed = list_everything(&client, &base).await;
    assert_eq!(listed.len(), keys.len());
    let times: Vec<&str> = listed
        .iter()
        .map(|key| &key[key.len() - 29..key.len() - 14])
        .collect();
    assert!(
        times.windows(2).all(|pair| pair[0] >= pair[1]),
        "listing is not newest first"
    );

    let mut latencies: Vec<Duration> = outcomes.iter().map(|outcome| outcome.elapsed).collect();
    latencies.sort();
    let percentile = |share: f64| {
        latencies[((latencies.len() as f64 * share) as usize).min(latencies.len() - 1)]
    };
    eprintln!(
        "load: {} uploads from {CLIENTS} clients in {:.2} s ({:.1}/s): {created} created, \
         {existing} existing, {failed} failed; latency p50 {} ms, p95 {} ms, max {} ms; \
         {read_back} objects read back, {} listed",
        outcomes.len(),
        wall.as_secs_f64(),
        outcomes.len() as f64 / wall.as_secs_f64(),
        percentile(0.5).as_millis(),
        percentile(0.95).as_millis(),
        latencies.last().unwrap().as_millis(),
        listed.len(),
    );
}

/// Asserts that a failed upload is a clean error envelope.
fn assert_clean_failure(outcome: &Outcome) {
    let body = &outcome.body;
    assert_eq!(body["success"], false, "{body}");
    assert!(
        body["error"]["code"]
            .as_str()
            .is_some_and(|code| !code.is_empty()),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body["meta"]["requestId"].as_str().is_some(), "{body}");
    assert!(body.get("data").is_none(), "{body}");
}

/// Lists every chart through the API, 100 at a time, and returns the keys in order.
async fn list_everything(client: &reqwest::Client, base: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/storage/s3?limit=100");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let body: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        assert_eq!(body["success"], true, "{body}");
        for chart in body["data"]["charts"].as_array().unwrap() {
            keys.push(chart["key"].as_str().unwrap().to_owned());
        }
        match body["data"]["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return keys,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_on_embedded_store() {
    let origin = ImageOrigin::start().await;
    let running = on_embedded_store(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;
    run_load(&running, &origin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_on_moto() {
    let origin = ImageOrigin::start().await;
    let running = on_moto(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;
    run_load(&running, &origin).await;
}
