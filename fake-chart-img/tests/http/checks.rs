//! The body checks: plan limits, sizes, intervals, symbols, studies, drawings and ranges.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::chart::Plan;

use crate::support::{
    CHART, KEY, STORAGE, decode, post_json, post_raw, start_unlimited, status_and_message,
};

fn study(name: &str) -> Value {
    json!({ "name": name })
}

fn horizontal_line(price: f64) -> Value {
    json!({ "name": "Horizontal Line", "input": { "price": price } })
}

/// Returns the `param` of each entry of a 422 array body.
async fn rejected_params(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let entries = body
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {body}"));
    entries
        .iter()
        .map(|entry| entry["param"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn resolution_limit_per_plan() {
    for plan in Plan::ALL {
        let fake = start_unlimited(*plan).await;
        let limits = plan.limits();
        let expected = format!(
            "Exceed Max Usage Resolution Limit ({}x{})",
            limits.max_width, limits.max_height
        );

        let too_wide = json!({ "width": limits.max_width + 1, "height": 300 });
        let (status, message) = status_and_message(post_json(&fake, CHART, &too_wide).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{plan} width");
        assert_eq!(message, expected, "{plan} width");

        let too_tall = json!({ "width": 400, "height": limits.max_height + 1 });
        let (status, message) = status_and_message(post_json(&fake, CHART, &too_tall).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{plan} height");
        assert_eq!(message, expected, "{plan} height");

        let largest = json!({ "width": limits.max_width, "height": limits.max_height });
        let response = post_json(&fake, CHART, &largest).await;
        assert_eq!(response.status(), StatusCode::OK, "{plan} at the limit");
        let (_, width, height) = decode(&response.bytes().await.unwrap());
        assert_eq!(
            (width, height),
            (limits.max_width, limits.max_height),
            "{plan}"
        );
    }
}

#[tokio::test]
async fn minimum_size_rejects_narrow() {
    let fake = start_unlimited(Plan::Pro).await;
    let response = post_json(&fake, CHART, &json!({ "width": 399, "height": 300 })).await;
    assert_eq!(rejected_params(response).await, ["width"]);
}

#[tokio::test]
async fn minimum_size_rejects_short() {
    let fake = start_unlimited(Plan::Pro).await;
    let response = post_json(&fake, CHART, &json!({ "width": 400, "height": 299 })).await;
    assert_eq!(rejected_params(response).await, ["height"]);
}

#[tokio::test]
async fn minimum_size_accepts_400_by_300() {
    let fake = start_unlimited(Plan::Pro).await;
    let response = post_json(&fake, CHART, &json!({ "width": 400, "height": 300 })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (_, width, height) = decode(&response.bytes().await.unwrap());
    assert_eq!((width, height), (400, 300));
}

#[tokio::test]
async fn parameter_limit_counts_studies_and_drawings() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({
        "studies": [study("MACD"), study("Volume"), study("VWAP"), study("Stochastic")],
        "drawings": [horizontal_line(1.0), horizontal_line(2.0), horizontal_line(3.0)],
    });
    let (status, message) = status_and_message(post_json(&fake, CHART, &body).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(message, "Exceed Max Usage Parameter Limit (5)");
}

#[tokio::test]
async fn parameter_limit_allows_the_plan_maximum() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({
        "studies": [study("MACD"), study("Volume"), study("Moving Average")],
        "drawings": [horizontal_line(1.0), horizontal_line(2.0)],
    });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn parameter_limit_follows_the_plan() {
    let fake = start_unlimited(Plan::Basic).await;
    let body = json!({
        "studies": [study("MACD"), study("Volume")],
        "drawings": [horizontal_line(1.0), horizontal_line(2.0)],
    });
    let (status, message) = status_and_message(post_json(&fake, CHART, &body).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(message, "Exceed Max Usage Parameter Limit (3)");
}

#[tokio::test]
async fn interval_rejects_wrong_case() {
    let fake = start_unlimited(Plan::Pro).await;
    for interval in ["4H", "1d", "1w", "15M"] {
        let body = json!({ "interval": interval });
        let (status, message) = status_and_message(post_json(&fake, CHART, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{interval}");
        assert_eq!(message, "Invalid Interval", "{interval}");
    }
}

#[tokio::test]
async fn interval_accepts_exact_case() {
    let fake = start_unlimited(Plan::Pro).await;
    for interval in ["4h", "1D", "1W", "1M", "1m"] {
        let response = post_json(&fake, CHART, &json!({ "interval": interval })).await;
        assert_eq!(response.status(), StatusCode::OK, "{interval}");
    }
}

#[tokio::test]
async fn symbol_accepts_punctuation_and_formulas() {
    let fake = start_unlimited(Plan::Pro).await;
    for symbol in [
        "CME_MINI:ES1!",
        "BINANCE:BTCUSDT.P",
        "NYSE:BRK.B",
        "(NASDAQ:MARA+NASDAQ:RIOT)/10",
    ] {
        let response = post_json(&fake, CHART, &json!({ "symbol": symbol })).await;
        assert_eq!(response.status(), StatusCode::OK, "{symbol}");
    }
}

#[tokio::test]
async fn symbol_rejects_malformed() {
    let fake = start_unlimited(Plan::Pro).await;
    for symbol in [
        json!("BTCUSDT"),
        json!("BINANCE:"),
        json!("BINANCE:BTC/"),
        json!("(NASDAQ:MARA+NASDAQ:RIOT"),
        json!("BINANCE:BTC USDT"),
        json!(42),
    ] {
        let body = json!({ "symbol": symbol });
        let (status, message) = status_and_message(post_json(&fake, CHART, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{symbol}");
        assert_eq!(message, "Invalid Symbol", "{symbol}");
    }
}

#[tokio::test]
async fn unknown_study_is_422_array() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({ "studies": [study("MACD"), study("RSI")] });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        answer,
        json!([{
            "value": "RSI",
            "msg": "Invalid value",
            "param": "studies[1].name",
            "location": "body"
        }])
    );
}

#[tokio::test]
async fn drawing_missing_input_is_422_array() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({ "drawings": [{ "name": "Horizontal Line", "input": {} }] });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(rejected_params(response).await, ["drawings[0].input.price"]);
}

#[tokio::test]
async fn range_accepts_preset_and_span() {
    let fake = start_unlimited(Plan::Pro).await;
    let span = json!({ "from": "2025-10-01T00:00:00.000Z", "to": "2025-11-01T00:00:00.000Z" });
    for range in [json!("3M"), json!("YTD"), span] {
        let response = post_json(&fake, CHART, &json!({ "range": range })).await;
        assert_eq!(response.status(), StatusCode::OK, "{range}");
    }
}

#[tokio::test]
async fn range_rejects_unknown_and_half_spans() {
    let fake = start_unlimited(Plan::Pro).await;
    for range in [
        json!("2W"),
        json!({ "from": "2025-10-01T00:00:00Z" }),
        json!({ "from": "yesterday", "to": "2025-11-01T00:00:00Z" }),
    ] {
        let response = post_json(&fake, CHART, &json!({ "range": range })).await;
        assert_eq!(rejected_params(response).await, ["range"], "{range}");
    }
}

#[tokio::test]
async fn invalid_json_is_400() {
    let fake = start_unlimited(Plan::Pro).await;
    let response = post_raw(&fake, CHART, Some(KEY), "{\"symbol\": ").await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(message, "Invalid JSON Body");
}

#[tokio::test]
async fn unknown_keys_are_ignored() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({
        "symbol": "NASDAQ:AAPL",
        "inputs": { "length": 14 },
        "colour": "purple",
    });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn storage_runs_the_same_checks() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({ "interval": "4H" });
    let (status, message) = status_and_message(post_json(&fake, STORAGE, &body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message, "Invalid Interval");
}
