//! `POST /api/v1/charts/validate`.

mod common;

use axum::http::StatusCode;
use serde_json::{Value, json};

use common::{error_message, send, service, settings};

async fn validate(request: Value) -> (StatusCode, Value) {
    let service = service(settings(&[("CHART_IMG_PLAN", "PRO")]), None);
    send(&service, "POST", "/api/v1/charts/validate", Some(request)).await
}

#[tokio::test]
async fn valid_config_uses_configured_plan() {
    let (status, body) =
        validate(json!({"config": {"symbol": "CME_MINI:ES1!", "width": 1920, "height": 1080}}))
            .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["valid"], true);
    assert_eq!(data["plan"], "PRO");
    assert_eq!(data["limits"]["maxWidth"], 1920);
    assert_eq!(data["errors"], json!([]));
}

#[tokio::test]
async fn plan_level_overrides_configured_plan() {
    let (_, body) =
        validate(json!({"config": {"width": 1920, "height": 1080}, "planLevel": "basic"})).await;

    let data = &body["data"];
    assert_eq!(data["plan"], "BASIC");
    assert_eq!(data["valid"], false);
    assert!(
        data["suggestions"][0].as_str().unwrap().contains("800x600"),
        "{body}"
    );
}

#[tokio::test]
async fn every_problem_is_listed() {
    let config = json!({
        "symbol": "AAPL",
        "interval": "1H",
        "studies": [{"name": "Relative Strength Index", "inputs": {"length": 21}}],
    });

    let (status, body) = validate(json!({ "config": config })).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let fields: Vec<&str> = body["data"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["symbol", "interval", "studies[0].inputs"]);
}

#[tokio::test]
async fn unknown_plan_level_is_rejected() {
    let (status, body) = validate(json!({"config": {}, "planLevel": "GOLD"})).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        error_message(&body).contains("BASIC, PRO, MEGA, ULTRA, ENTERPRISE"),
        "{body}"
    );
}

#[tokio::test]
async fn missing_config_is_rejected() {
    let (status, body) = validate(json!({"planLevel": "PRO"})).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(error_message(&body).contains("config"), "{body}");
}

#[tokio::test]
async fn list_body_is_rejected() {
    let (status, body) = validate(json!([null, null])).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert!(error_message(&body).contains("a JSON object"), "{body}");
}
