//! The plan's per-second limit with its burst, and the daily quota.

use std::time::Duration;

use fake_chart_img::FakeConfig;
use reqwest::StatusCode;
use serde_json::json;
use shared::chart::Plan;

use crate::support::{CHART, post_json, start_plan, start_with, status_and_message};

/// A body the limiter admits and the checks then reject at once, so requests stay fast.
fn rejected_body() -> serde_json::Value {
    json!({ "interval": "4H" })
}

#[tokio::test]
async fn per_second_limit_then_success_after_waiting() {
    let fake = start_plan(Plan::Basic).await;
    for attempt in 0..3 {
        let response = post_json(&fake, CHART, &rejected_body()).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {attempt}"
        );
    }

    let (status, message) = status_and_message(post_json(&fake, CHART, &json!({})).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message, "Too Many Requests");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn per_second_limit_allows_the_burst() {
    let fake = start_plan(Plan::Pro).await;
    let burst = Plan::Pro.limits().burst;
    let mut statuses = Vec::new();
    for _ in 0..burst * 3 {
        let response = post_json(&fake, CHART, &rejected_body()).await;
        statuses.push(response.status());
    }

    let within_burst = &statuses[..burst as usize];
    assert!(
        within_burst
            .iter()
            .all(|status| *status == StatusCode::UNPROCESSABLE_ENTITY),
        "{within_burst:?}"
    );
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn daily_quota_is_limit_exceeded() {
    let fake = start_with(FakeConfig {
        daily_quota: Some(2),
        ..FakeConfig::default()
    })
    .await;
    for attempt in 0..2 {
        let response = post_json(&fake, CHART, &json!({})).await;
        assert_eq!(response.status(), StatusCode::OK, "attempt {attempt}");
    }

    let (status, message) = status_and_message(post_json(&fake, CHART, &json!({})).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message, "Limit Exceeded");
}

#[tokio::test]
async fn daily_quota_outlasts_the_per_second_limit() {
    let fake = start_with(FakeConfig {
        plan: Plan::Basic,
        daily_quota: Some(1),
        ..FakeConfig::default()
    })
    .await;
    post_json(&fake, CHART, &rejected_body()).await;

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, message) = status_and_message(post_json(&fake, CHART, &json!({})).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(message, "Limit Exceeded");
}
