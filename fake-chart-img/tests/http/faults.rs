//! Injected faults, set in-process and over HTTP.

use std::time::{Duration, Instant};

use fake_chart_img::Fault;
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::chart::Plan;

use crate::support::{
    CHART, KEY, STORAGE, client, content_type, decode, get, post_json, post_raw, start_unlimited,
    status_and_message,
};

const SIX_MEBIBYTES: usize = 6 * 1024 * 1024;

#[tokio::test]
async fn each_error_fault_sets_its_status() {
    let fake = start_unlimited(Plan::Pro).await;
    let cases = [
        (Fault::TooManyRequests, 429, "Too Many Requests"),
        (Fault::DailyLimit, 429, "Limit Exceeded"),
        (Fault::ServerError, 500, "Something Went Wrong"),
        (Fault::GatewayTimeout, 504, "External Request Timeout"),
        (Fault::RejectKey, 403, "Forbidden"),
        (Fault::SessionDisconnected, 409, "Session Disconnected"),
    ];
    for (fault, expected_status, expected_message) in cases {
        fake.push_fault(fault);
        let response = post_json(&fake, CHART, &json!({})).await;
        let (status, message) = status_and_message(response).await;
        assert_eq!(status.as_u16(), expected_status, "{fault:?}");
        assert_eq!(message, expected_message, "{fault:?}");
    }
}

#[tokio::test]
async fn slow_fault_delays_then_renders() {
    let fake = start_unlimited(Plan::Pro).await;
    let delay = Duration::from_millis(300);
    fake.push_fault(Fault::Slow(delay));

    let started = Instant::now();
    let response = post_json(&fake, CHART, &json!({})).await;
    let elapsed = started.elapsed();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(elapsed >= delay, "responded after {elapsed:?}");
    let (format, ..) = decode(&response.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Png);
}

#[tokio::test]
async fn slow_fault_still_checks_the_request() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::Slow(Duration::from_millis(10)));
    let response = post_raw(&fake, CHART, None, "{}").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_body_on_chart_is_not_an_image() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::MalformedBody);
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "image/png");
    let bytes = response.bytes().await.unwrap();
    assert!(image::load_from_memory(&bytes).is_err());
}

#[tokio::test]
async fn malformed_body_on_storage_is_not_json() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::MalformedBody);
    let response = post_json(&fake, STORAGE, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/json");
    let bytes = response.bytes().await.unwrap();
    assert!(serde_json::from_slice::<Value>(&bytes).is_err());
}

#[tokio::test]
async fn oversized_image_is_a_large_png() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::OversizedImage);
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "image/png");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.len() > SIX_MEBIBYTES, "{} bytes", bytes.len());
    let (format, ..) = decode(&bytes);
    assert_eq!(format, image::ImageFormat::Png);
}

#[tokio::test]
async fn oversized_image_is_hosted_by_storage() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::OversizedImage);
    let answer: Value = post_json(&fake, STORAGE, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let url = answer["url"].as_str().unwrap();
    let hosted = client().get(url).send().await.unwrap();
    assert_eq!(hosted.status(), StatusCode::OK);
    let bytes = hosted.bytes().await.unwrap();
    assert!(bytes.len() > SIX_MEBIBYTES, "{} bytes", bytes.len());
}

#[tokio::test]
async fn faults_are_taken_in_order() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::ServerError);
    fake.push_fault(Fault::GatewayTimeout);

    let first = post_json(&fake, CHART, &json!({})).await;
    let second = post_json(&fake, STORAGE, &json!({})).await;
    let third = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(first.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(second.status(), StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(third.status(), StatusCode::OK);
}

#[tokio::test]
async fn faults_skip_the_exchange_routes() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.push_fault(Fault::ServerError);
    let listed = get(&fake, "/v3/tradingview/exchange/list", Some(KEY)).await;
    let rendered = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(listed.status(), StatusCode::OK);
    assert_eq!(rendered.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn sticky_fault_applies_until_cleared() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.set_sticky_fault(Some(Fault::SessionDisconnected));
    for attempt in 0..3 {
        let response = post_json(&fake, CHART, &json!({})).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "attempt {attempt}");
    }

    fake.set_sticky_fault(None);
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn queued_fault_comes_before_sticky() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.set_sticky_fault(Some(Fault::ServerError));
    fake.push_fault(Fault::RejectKey);
    let first = post_json(&fake, CHART, &json!({})).await;
    let second = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(first.status(), StatusCode::FORBIDDEN);
    assert_eq!(second.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn http_faults_queue_in_order() {
    let fake = start_unlimited(Plan::Pro).await;
    let faults = json!([{ "fault": "serverError" }, { "fault": "slow", "millis": 200 }]);
    let pushed = post_raw(&fake, "/__fake/faults", None, faults.to_string()).await;
    assert_eq!(pushed.status(), StatusCode::NO_CONTENT);

    let first = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(first.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let started = Instant::now();
    let second = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(second.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn http_sticky_fault_and_delete() {
    let fake = start_unlimited(Plan::Pro).await;
    let sticky = client()
        .put(format!("{}/__fake/sticky-fault", fake.base_url()))
        .body(json!({ "fault": "rejectKey" }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(sticky.status(), StatusCode::NO_CONTENT);
    fake.push_fault(Fault::ServerError);

    let queued = post_json(&fake, CHART, &json!({})).await;
    let sticky_applied = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(queued.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(sticky_applied.status(), StatusCode::FORBIDDEN);

    fake.push_fault(Fault::ServerError);
    let cleared = client()
        .delete(format!("{}/__fake/faults", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let after = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(after.status(), StatusCode::OK);
}

#[tokio::test]
async fn http_sticky_null_clears() {
    let fake = start_unlimited(Plan::Pro).await;
    fake.set_sticky_fault(Some(Fault::ServerError));
    let cleared = client()
        .put(format!("{}/__fake/sticky-fault", fake.base_url()))
        .body("null")
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn http_invalid_fault_is_400() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!([{ "fault": "meltdown" }]).to_string();
    let response = post_raw(&fake, "/__fake/faults", None, body).await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("meltdown"), "{message}");
}
