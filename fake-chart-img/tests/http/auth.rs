//! The `x-api-key` check on every keyed route.

use reqwest::StatusCode;
use shared::chart::Plan;

use crate::support::{CHART, KEY, STORAGE, get, post_raw, start_plan, status_and_message};

#[tokio::test]
async fn chart_without_key_is_401() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, CHART, None, "{}").await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(message, "Invalid Request");
}

#[tokio::test]
async fn chart_with_wrong_key_is_403() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, CHART, Some("not-the-key"), "{}").await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(message, "Forbidden");
}

#[tokio::test]
async fn chart_with_right_key_is_200() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, CHART, Some(KEY), "{}").await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn storage_without_key_is_401() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, STORAGE, None, "{}").await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(message, "Invalid Request");
}

#[tokio::test]
async fn storage_with_wrong_key_is_403() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, STORAGE, Some("not-the-key"), "{}").await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(message, "Forbidden");
}

#[tokio::test]
async fn exchange_list_without_key_is_401() {
    let fake = start_plan(Plan::Pro).await;
    let response = get(&fake, "/v3/tradingview/exchange/list", None).await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(message, "Invalid Request");
}

#[tokio::test]
async fn exchange_symbols_with_wrong_key_is_403() {
    let fake = start_plan(Plan::Pro).await;
    let response = get(
        &fake,
        "/v3/tradingview/exchange/BINANCE",
        Some("not-the-key"),
    )
    .await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(message, "Forbidden");
}

#[tokio::test]
async fn key_check_comes_before_body_checks() {
    let fake = start_plan(Plan::Pro).await;
    let response = post_raw(&fake, CHART, None, "not json").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
