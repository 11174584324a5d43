//! `GET /api/v1/documentation`, built from the service's own tables.

mod common;

use axum::http::StatusCode;
use serde_json::Value;
use shared::chart::{Plan, STUDIES};
use shared::validate::validate;

use common::{error_message, send, service, settings};

async fn section(query: &str) -> (StatusCode, Value) {
    let service = service(settings(&[("CHART_IMG_PLAN", "PRO")]), None);
    send(
        &service,
        "GET",
        &format!("/api/v1/documentation{query}"),
        None,
    )
    .await
}

#[tokio::test]
async fn default_is_every_section() {
    let (status, body) = section("").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    for name in ["indicators", "parameters", "limits", "examples"] {
        assert!(body["data"].get(name).is_some(), "{name} missing");
    }
}

#[tokio::test]
async fn indicators_list_every_study_with_inputs() {
    let (_, body) = section("?section=indicators").await;

    let indicators = &body["data"]["indicators"];
    assert!(body["data"].get("limits").is_none());
    assert_eq!(indicators["count"], STUDIES.len());
    let studies = indicators["studies"].as_array().unwrap();
    assert_eq!(studies.len(), STUDIES.len());
    let macd = studies
        .iter()
        .find(|study| study["name"] == "MACD")
        .unwrap();
    let keys: Vec<&str> = macd["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|input| input["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["in_0", "in_1", "in_2", "in_3"]);
    assert_eq!(macd["inputs"][0]["default"], 12);
}

#[tokio::test]
async fn parameters_list_case_sensitive_intervals() {
    let (_, body) = section("?section=parameters").await;

    let parameters = body["data"]["parameters"].as_array().unwrap();
    let interval = parameters
        .iter()
        .find(|parameter| parameter["name"] == "interval")
        .unwrap();
    let values: Vec<&str> = interval["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap())
        .collect();
    assert!(values.contains(&"4h"));
    assert!(values.contains(&"1M"));
    assert!(!values.contains(&"4H"));
    let drawings = parameters
        .iter()
        .find(|parameter| parameter["name"] == "drawings")
        .unwrap();
    assert_eq!(drawings["values"][0]["name"], "Horizontal Line");
}

#[tokio::test]
async fn limits_cover_every_plan() {
    let (_, body) = section("?section=limits").await;

    let limits = &body["data"]["limits"];
    assert_eq!(limits["configuredPlan"], "PRO");
    assert_eq!(limits["minWidth"], 400);
    let plans = limits["plans"].as_array().unwrap();
    assert_eq!(plans.len(), Plan::ALL.len());
    assert_eq!(plans[1]["plan"], "PRO");
    assert_eq!(plans[1]["maxParameters"], 5);
    assert_eq!(plans[4]["retentionDays"], 120);
}

#[tokio::test]
async fn examples_are_valid_on_their_plan() {
    let (_, body) = section("?section=examples").await;

    let examples = body["data"]["examples"].as_array().unwrap();
    assert!(!examples.is_empty());
    for example in examples {
        let plan = Plan::parse(example["plan"].as_str().unwrap()).unwrap();
        let report = validate(&example["config"], plan);
        assert!(
            report.errors.is_empty(),
            "{}: {:?}",
            example["title"],
            report.errors
        );
        assert!(
            report.warnings.is_empty(),
            "{}: {:?}",
            example["title"],
            report.warnings
        );
    }
}

#[tokio::test]
async fn section_ignores_case() {
    let (status, body) = section("?section=Limits").await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["data"].get("limits").is_some());
}

#[tokio::test]
async fn unknown_section_lists_the_valid_ones() {
    let (status, body) = section("?section=studies").await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert!(
        error_message(&body).contains("indicators, parameters, limits, examples, all"),
        "{body}"
    );
}
