//! Unknown routes and the request record.

use fake_chart_img::RecordedRequest;
use reqwest::StatusCode;
use serde_json::json;
use shared::chart::Plan;

use crate::support::{
    CHART, KEY, client, get, post_json, post_raw, start_plan, status_and_message,
};

#[tokio::test]
async fn unknown_route_is_404() {
    let fake = start_plan(Plan::Pro).await;
    let response = get(&fake, "/v3/tradingview/search", Some(KEY)).await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(message, "Not Found");
}

#[tokio::test]
async fn wrong_method_is_404() {
    let fake = start_plan(Plan::Pro).await;
    let response = get(&fake, CHART, Some(KEY)).await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(message, "Not Found");
}

#[tokio::test]
async fn requests_record_key_and_body() {
    let fake = start_plan(Plan::Pro).await;
    let body = json!({ "symbol": "NASDAQ:AAPL" });
    post_json(&fake, CHART, &body).await;
    post_raw(&fake, CHART, Some("wrong"), "not json").await;
    get(&fake, "/v3/tradingview/exchange/NYSE?type=stock", None).await;

    let recorded = fake.requests();
    assert_eq!(
        recorded,
        [
            RecordedRequest {
                method: "POST".into(),
                path: CHART.into(),
                query: None,
                key_matched: true,
                body: Some(body),
            },
            RecordedRequest {
                method: "POST".into(),
                path: CHART.into(),
                query: None,
                key_matched: false,
                body: None,
            },
            RecordedRequest {
                method: "GET".into(),
                path: "/v3/tradingview/exchange/NYSE".into(),
                query: Some("type=stock".into()),
                key_matched: false,
                body: None,
            },
        ]
    );
}

#[tokio::test]
async fn requests_over_http_skip_control_routes() {
    let fake = start_plan(Plan::Pro).await;
    post_json(&fake, CHART, &json!({ "interval": "1h" })).await;
    client()
        .delete(format!("{}/__fake/faults", fake.base_url()))
        .send()
        .await
        .unwrap();

    let response = get(&fake, "/__fake/requests", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let recorded: Vec<RecordedRequest> = response.json().await.unwrap();
    assert_eq!(recorded, fake.requests());
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].body, Some(json!({ "interval": "1h" })));
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let fake = start_plan(Plan::Pro).await;
    let url = format!("{}/v3/tradingview/exchange/list", fake.base_url());
    let http = client();
    let before = http.get(&url).header("x-api-key", KEY).send().await;
    assert_eq!(before.unwrap().status(), StatusCode::OK);

    fake.shutdown().await;
    let after = http.get(&url).header("x-api-key", KEY).send().await;
    assert!(after.is_err(), "{after:?}");
}
