//! `GET /api/v1/exchanges` and `GET /api/v1/exchanges/{id}/symbols` against the stand-in's
//! catalogue, with the in-memory cache.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use common::{Harness, call, error_message, start};

async fn get(harness: &Harness, uri: &str) -> (StatusCode, Value) {
    call(&harness.service, Method::GET, uri, None).await
}

fn exchange_requests(harness: &Harness) -> usize {
    harness
        .fake
        .requests()
        .iter()
        .filter(|request| request.path.starts_with("/v3/"))
        .count()
}

#[tokio::test]
async fn exchanges_are_listed_then_cached() {
    let harness = start(&[]).await;

    let (status, first) = get(&harness, "/api/v1/exchanges").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let exchanges = first["data"]["exchanges"].as_array().unwrap();
    assert!(exchanges.iter().any(|id| id == "BINANCE"), "{first}");
    assert_eq!(first["data"]["count"], exchanges.len());
    assert_eq!(first["data"]["cached"], false);

    let (_, second) = get(&harness, "/api/v1/exchanges").await;
    assert_eq!(second["data"]["cached"], true);
    assert_eq!(second["data"]["exchanges"], first["data"]["exchanges"]);
    assert_eq!(exchange_requests(&harness), 1);
}

#[tokio::test]
async fn force_refresh_true_skips_the_cache() {
    let harness = start(&[]).await;
    get(&harness, "/api/v1/exchanges").await;

    let (_, refreshed) = get(&harness, "/api/v1/exchanges?forceRefresh=true").await;

    assert_eq!(refreshed["data"]["cached"], false);
    assert_eq!(exchange_requests(&harness), 2);
}

#[tokio::test]
async fn force_refresh_false_uses_the_cache() {
    let harness = start(&[]).await;
    get(&harness, "/api/v1/exchanges").await;

    let (status, body) = get(&harness, "/api/v1/exchanges?forceRefresh=false").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["cached"], true);
    assert_eq!(exchange_requests(&harness), 1);
}

#[tokio::test]
async fn force_refresh_must_be_a_boolean() {
    let harness = start(&[]).await;

    let (status, body) = get(&harness, "/api/v1/exchanges?forceRefresh=yes").await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(error_message(&body).contains("forceRefresh"), "{body}");
}

#[tokio::test]
async fn zero_ttl_turns_the_cache_off() {
    let harness = start(&[("EXCHANGE_CACHE_TTL_SECONDS", "0")]).await;
    get(&harness, "/api/v1/exchanges").await;

    let (_, second) = get(&harness, "/api/v1/exchanges").await;

    assert_eq!(second["data"]["cached"], false);
    assert_eq!(exchange_requests(&harness), 2);
}

#[tokio::test]
async fn symbols_need_no_query_parameters() {
    let harness = start(&[]).await;

    let (status, body) = get(&harness, "/api/v1/exchanges/BINANCE/symbols").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["exchange"], "BINANCE");
    let symbols = data["symbols"].as_array().unwrap();
    assert!(!symbols.is_empty());
    assert_eq!(data["count"], symbols.len());
    assert!(symbols.iter().all(|symbol| symbol["symbol"].is_string()));
}

#[tokio::test]
async fn symbols_search_and_limit_apply() {
    let harness = start(&[]).await;

    let (_, all) = get(&harness, "/api/v1/exchanges/BINANCE/symbols?search=USDT").await;
    let (status, limited) = get(
        &harness,
        "/api/v1/exchanges/BINANCE/symbols?search=USDT&limit=2",
    )
    .await;

    assert_eq!(status, StatusCode::OK, "{limited}");
    let total = all["data"]["total"].as_u64().unwrap();
    assert!(total > 2, "{all}");
    assert_eq!(limited["data"]["count"], 2);
    assert_eq!(limited["data"]["total"], total);
    assert_eq!(limited["data"]["search"], "USDT");
    for symbol in all["data"]["symbols"].as_array().unwrap() {
        assert!(
            symbol["symbol"].as_str().unwrap().contains("USDT"),
            "{symbol}"
        );
    }
    let searched = harness
        .fake
        .requests()
        .into_iter()
        .find(|request| request.path == "/v3/tradingview/exchange/BINANCE")
        .unwrap();
    assert_eq!(searched.query.as_deref(), Some("symbol=USDT"));
}

#[tokio::test]
async fn symbols_second_call_is_cached() {
    let harness = start(&[]).await;
    let uri = "/api/v1/exchanges/BINANCE/symbols?search=BTC";
    let (_, first) = get(&harness, uri).await;
    let requests_after_first = exchange_requests(&harness);

    let (status, second) = get(&harness, uri).await;

    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(first["data"]["cached"], false);
    assert_eq!(second["data"]["cached"], true);
    assert_eq!(second["data"]["symbols"], first["data"]["symbols"]);
    assert_eq!(exchange_requests(&harness), requests_after_first);
}

#[tokio::test]
async fn lowercase_exchange_id_is_resolved() {
    let harness = start(&[]).await;

    let (status, body) = get(&harness, "/api/v1/exchanges/binance/symbols?limit=1").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["exchange"], "BINANCE");
}

#[tokio::test]
async fn unknown_exchange_is_not_found() {
    let harness = start(&[]).await;

    let (status, body) = get(&harness, "/api/v1/exchanges/NOPE/symbols").await;

    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "EXCHANGE_NOT_FOUND");
    assert!(error_message(&body).contains("`NOPE`"), "{body}");
    assert!(
        harness
            .fake
            .requests()
            .iter()
            .all(|request| request.path != "/v3/tradingview/exchange/NOPE")
    );
}

#[tokio::test]
async fn limit_out_of_range_is_rejected() {
    let harness = start(&[]).await;

    for uri in [
        "/api/v1/exchanges/BINANCE/symbols?limit=0",
        "/api/v1/exchanges/BINANCE/symbols?limit=5000",
        "/api/v1/exchanges/BINANCE/symbols?limit=ten",
    ] {
        let (status, body) = get(&harness, uri).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert!(error_message(&body).contains("limit"), "{uri}: {body}");
    }
}
