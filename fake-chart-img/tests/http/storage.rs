//! The storage route and the hosted images it hands out.

use chrono::{DateTime, TimeDelta, Utc};
use fake_chart_img::{FakeConfig, RunningFake};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::chart::Plan;
use uuid::Uuid;

use crate::support::{
    STORAGE, client, content_type, decode, get, post_json, start_unlimited, start_with,
    status_and_message,
};

async fn store(fake: &RunningFake, body: Value) -> Value {
    let response = post_json(fake, STORAGE, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/json");
    response.json().await.unwrap()
}

fn url_of(answer: &Value) -> &str {
    answer["url"]
        .as_str()
        .unwrap_or_else(|| panic!("no url in {answer}"))
}

fn expire_of(answer: &Value) -> DateTime<Utc> {
    let text = answer["expire"].as_str().unwrap();
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn storage_url_has_chart_img_shape() {
    let fake = start_unlimited(Plan::Pro).await;
    let answer = store(&fake, json!({})).await;
    let url = url_of(&answer);

    let prefix = format!("{}/hosted/", fake.base_url());
    let path = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url}"));
    let segments: Vec<&str> = path.split('/').collect();
    assert_eq!(segments.len(), 4, "{path}");
    assert_eq!(segments[0], Utc::now().format("%Y%m%d").to_string());
    assert_eq!(segments[1..3], ["tradingview", "advanced-chart"]);
    let file = segments[3]
        .strip_suffix(".png")
        .unwrap_or_else(|| panic!("{path}"));
    assert!(Uuid::parse_str(file).is_ok(), "{file}");
}

#[tokio::test]
async fn storage_url_serves_the_image() {
    let fake = start_unlimited(Plan::Pro).await;
    let answer = store(&fake, json!({ "width": 640, "height": 480 })).await;

    let hosted = client().get(url_of(&answer)).send().await.unwrap();
    assert_eq!(hosted.status(), StatusCode::OK);
    assert_eq!(content_type(&hosted), "image/png");
    let etag = hosted.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", answer["etag"].as_str().unwrap()));
    let (format, width, height) = decode(&hosted.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Png);
    assert_eq!((width, height), (640, 480));
}

#[tokio::test]
async fn storage_jpeg_is_served_as_jpeg() {
    let fake = start_unlimited(Plan::Pro).await;
    let answer = store(&fake, json!({ "format": "jpeg" })).await;
    let url = url_of(&answer);
    assert!(url.ends_with(".jpeg"), "{url}");

    let hosted = client().get(url).send().await.unwrap();
    assert_eq!(content_type(&hosted), "image/jpeg");
    let (format, ..) = decode(&hosted.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Jpeg);
}

#[tokio::test]
async fn storage_expire_follows_plan_retention() {
    for plan in [Plan::Basic, Plan::Pro, Plan::Enterprise] {
        let fake = start_unlimited(plan).await;
        let before = Utc::now();
        let answer = store(&fake, json!({})).await;
        let after = Utc::now();

        let retention = TimeDelta::days(i64::from(plan.limits().retention_days));
        let expire = expire_of(&answer);
        let slack = TimeDelta::milliseconds(1);
        assert!(expire >= before + retention - slack, "{plan}: {expire}");
        assert!(expire <= after + retention + slack, "{plan}: {expire}");
    }
}

#[tokio::test]
async fn storage_etag_is_hex() {
    let fake = start_unlimited(Plan::Pro).await;
    let answer = store(&fake, json!({})).await;
    let etag = answer["etag"].as_str().unwrap();
    assert_eq!(etag.len(), 32, "{etag}");
    assert!(etag.bytes().all(|byte| byte.is_ascii_hexdigit()), "{etag}");
}

#[tokio::test]
async fn hosted_store_evicts_the_oldest() {
    let fake = start_with(FakeConfig {
        rate_limits: false,
        hosted_max_images: 2,
        ..FakeConfig::default()
    })
    .await;
    let first = store(&fake, json!({})).await;
    let second = store(&fake, json!({})).await;
    let third = store(&fake, json!({})).await;

    let evicted = client().get(url_of(&first)).send().await.unwrap();
    let (status, message) = status_and_message(evicted).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(message, "Not Found");
    for kept in [&second, &third] {
        let response = client().get(url_of(kept)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{kept}");
    }
}

#[tokio::test]
async fn hosted_unknown_image_is_404() {
    let fake = start_unlimited(Plan::Pro).await;
    let path = format!(
        "/hosted/20251116/tradingview/advanced-chart/{}.png",
        Uuid::new_v4()
    );
    let (status, message) = status_and_message(get(&fake, &path, None).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(message, "Not Found");
}
