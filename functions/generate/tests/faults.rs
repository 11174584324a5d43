//! chart-img failures injected into the stand-in, and the envelope each one becomes.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use fake_chart_img::{FakeConfig, Fault};
use serde_json::{Value, json};
use shared::chart::Plan;

use common::{KEY, error_message, generate, render_requests, start, start_with};

fn chart(storage: bool) -> Value {
    json!({"config": {"symbol": "NASDAQ:AAPL", "width": 800, "height": 600}, "storage": storage})
}

/// Returns the attempt count an error message states, as in "on 3 attempt(s)".
fn stated_attempts(message: &str) -> usize {
    let before = message
        .split(" attempt(s)")
        .next()
        .expect("the message states its attempts");
    let count = before.rsplit([' ', '(']).next().unwrap();
    count
        .parse()
        .unwrap_or_else(|_| panic!("no count in {message}"))
}

#[tokio::test]
async fn slow_answer_within_deadline_succeeds() {
    let harness = start(&[]).await;
    harness
        .fake
        .push_fault(Fault::Slow(Duration::from_millis(1500)));

    let (status, body) = generate(&harness, chart(false)).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 1);
}

#[tokio::test]
async fn slow_answer_past_deadline_is_upstream_timeout() {
    let harness = start(&[("CHART_IMG_DEADLINE_MS", "1000")]).await;
    harness
        .fake
        .set_sticky_fault(Some(Fault::Slow(Duration::from_secs(5))));

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{body}");
    assert_eq!(body["error"]["code"], "UPSTREAM_TIMEOUT");
    assert!(error_message(&body).contains("1000 ms"), "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 1);
}

#[tokio::test]
async fn too_many_requests_is_retried() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::TooManyRequests);

    let (status, body) = generate(&harness, chart(false)).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 2);
}

#[tokio::test]
async fn daily_limit_is_not_retried() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::DailyLimit);

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "RATE_LIMIT_EXCEEDED");
    assert!(error_message(&body).contains("daily"), "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 1);
}

#[tokio::test]
async fn server_error_is_retried() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::ServerError);

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 2);
}

#[tokio::test]
async fn lasting_server_error_is_external_api_error() {
    let harness = start(&[("CHART_IMG_DEADLINE_MS", "1500")]).await;
    harness.fake.set_sticky_fault(Some(Fault::ServerError));

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
    assert!(error_message(&body).contains("HTTP 500"), "{body}");
    let requests = render_requests(&harness.fake).len();
    assert!(requests >= 2, "{requests} request(s)");
    assert_eq!(stated_attempts(error_message(&body)), requests);
}

#[tokio::test]
async fn lasting_gateway_timeout_is_upstream_timeout() {
    let harness = start(&[("CHART_IMG_DEADLINE_MS", "1500")]).await;
    harness.fake.set_sticky_fault(Some(Fault::GatewayTimeout));

    let (status, body) = generate(&harness, chart(false)).await;

    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{body}");
    assert_eq!(body["error"]["code"], "UPSTREAM_TIMEOUT");
    assert!(render_requests(&harness.fake).len() >= 2);
}

#[tokio::test]
async fn retries_stop_at_the_deadline() {
    let deadline = Duration::from_millis(1000);
    let harness = start(&[("CHART_IMG_DEADLINE_MS", "1000")]).await;
    harness.fake.set_sticky_fault(Some(Fault::TooManyRequests));

    let started = Instant::now();
    let (status, body) = generate(&harness, chart(true)).await;
    let elapsed = started.elapsed();

    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "RATE_LIMIT_EXCEEDED");
    let requests = render_requests(&harness.fake).len();
    assert!(requests >= 2, "{requests} request(s)");
    assert_eq!(stated_attempts(error_message(&body)), requests);
    // The deadline is the contract under test, not a speed target: the call must end by it,
    // with slack for a loaded machine.
    assert!(elapsed < deadline + Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn rejected_key_is_external_api_error() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::RejectKey);

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
    assert!(error_message(&body).contains("CHART_IMG_API_KEY"), "{body}");
    assert!(!body.to_string().contains(KEY), "{body}");
    assert_eq!(render_requests(&harness.fake).len(), 1);
}

#[tokio::test]
async fn wrong_key_never_appears_in_the_answer() {
    let secret = "sk-live-wrong-7f3a9";
    let harness = start(&[("CHART_IMG_API_KEY", secret)]).await;

    let (status, body) = generate(&harness, chart(false)).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert!(error_message(&body).contains("CHART_IMG_API_KEY"), "{body}");
    assert!(!body.to_string().contains(secret), "{body}");
}

#[tokio::test]
async fn session_disconnected_is_external_api_error() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::SessionDisconnected);

    let (status, body) = generate(&harness, chart(true)).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
    assert!(error_message(&body).contains("session"), "{body}");
}

#[tokio::test]
async fn malformed_body_is_external_api_error() {
    for storage in [true, false] {
        let harness = start(&[]).await;
        harness.fake.push_fault(Fault::MalformedBody);

        let (status, body) = generate(&harness, chart(storage)).await;

        assert_eq!(status, StatusCode::BAD_GATEWAY, "storage {storage}: {body}");
        assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
        assert!(!body.to_string().contains("<html"), "{body}");
    }
}

#[tokio::test]
async fn oversized_image_suggests_storage() {
    let harness = start(&[]).await;
    harness.fake.push_fault(Fault::OversizedImage);

    let (status, body) = generate(&harness, chart(false)).await;

    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert!(error_message(&body).contains("storage: true"), "{body}");
    assert!(error_message(&body).contains("persist: true"), "{body}");
}

#[tokio::test]
async fn plan_limit_from_chart_img_names_the_limit() {
    let fake_config = FakeConfig {
        plan: Plan::Basic,
        ..FakeConfig::default()
    };
    let harness = start_with(fake_config, &[("CHART_IMG_PLAN", "ENTERPRISE")]).await;
    let request = json!({"config": {"symbol": "NASDAQ:AAPL", "width": 1280, "height": 720}});

    let (status, body) = generate(&harness, request).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "INVALID_CONFIG");
    assert!(error_message(&body).contains("resolution"), "{body}");
    assert_eq!(body["error"]["details"]["allowed"], "800x600");
    assert!(error_message(&body).contains("CHART_IMG_PLAN"), "{body}");
}
