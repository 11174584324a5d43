//! The v3 exchange routes.

use reqwest::StatusCode;
use serde_json::Value;
use shared::chart::Plan;

use crate::support::{KEY, get, start_plan, status_and_message};

async fn payload(path: &str) -> Vec<Value> {
    let fake = start_plan(Plan::Pro).await;
    let response = get(&fake, path, Some(KEY)).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let body: Value = response.json().await.unwrap();
    assert!(body["updatedAt"].is_string(), "{body}");
    body["payload"].as_array().unwrap().clone()
}

fn symbols(listings: &[Value]) -> Vec<&str> {
    listings
        .iter()
        .map(|listing| listing["symbol"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn exchange_list_names_exchanges() {
    let exchanges = payload("/v3/tradingview/exchange/list").await;
    for expected in ["BINANCE", "NASDAQ", "NYSE", "CME_MINI"] {
        assert!(exchanges.contains(&Value::from(expected)), "{expected}");
    }
}

#[tokio::test]
async fn exchange_symbols_without_filters() {
    let listings = payload("/v3/tradingview/exchange/NASDAQ").await;
    assert_eq!(listings.len(), 12);
    for listing in &listings {
        assert_eq!(listing["exchange"], "NASDAQ", "{listing}");
        for key in ["symbol", "description", "type", "currency_code"] {
            assert!(listing[key].is_string(), "{key} in {listing}");
        }
    }
}

#[tokio::test]
async fn exchange_symbols_filter_by_symbol() {
    let listings = payload("/v3/tradingview/exchange/BINANCE?symbol=btc").await;
    assert!(!listings.is_empty());
    for symbol in symbols(&listings) {
        assert!(symbol.contains("BTC"), "{symbol}");
    }
}

#[tokio::test]
async fn exchange_symbols_filter_by_type() {
    let listings = payload("/v3/tradingview/exchange/NASDAQ?type=fund").await;
    assert_eq!(symbols(&listings), ["QQQ"]);
}

#[tokio::test]
async fn exchange_symbols_filter_by_both() {
    let listings = payload("/v3/tradingview/exchange/BINANCE?symbol=ETH&type=swap").await;
    assert_eq!(symbols(&listings), ["ETHUSDT.P"]);
}

#[tokio::test]
async fn exchange_symbols_empty_filters_match_all() {
    let listings = payload("/v3/tradingview/exchange/FX?symbol=&type=").await;
    assert_eq!(listings.len(), 12);
}

#[tokio::test]
async fn exchange_unknown_is_404() {
    let fake = start_plan(Plan::Pro).await;
    let response = get(&fake, "/v3/tradingview/exchange/NOWHERE", Some(KEY)).await;
    let (status, message) = status_and_message(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(message, "Not Found");
}
