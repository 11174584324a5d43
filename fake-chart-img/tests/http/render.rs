//! The images: real PNG and JPEG of exactly the requested size, drawn from the request.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::chart::{Plan, Style};

use crate::support::{CHART, content_type, decode, post_json, start_unlimited};

async fn render(body: Value) -> Vec<u8> {
    let fake = start_unlimited(Plan::Ultra).await;
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    response.bytes().await.unwrap().to_vec()
}

/// Returns the luma (0 to 255) of the image's top-left pixel, which is always background.
fn corner_luma(bytes: &[u8]) -> u8 {
    let image = image::load_from_memory(bytes).unwrap().to_luma8();
    image.get_pixel(0, 0).0[0]
}

#[tokio::test]
async fn png_by_default_at_800_by_600() {
    let fake = start_unlimited(Plan::Pro).await;
    let response = post_json(&fake, CHART, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "image/png");
    let (format, width, height) = decode(&response.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Png);
    assert_eq!((width, height), (800, 600));
}

#[tokio::test]
async fn png_at_requested_size() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({ "width": 1234, "height": 567, "format": "png" });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(content_type(&response), "image/png");
    let (format, width, height) = decode(&response.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Png);
    assert_eq!((width, height), (1234, 567));
}

#[tokio::test]
async fn jpeg_at_requested_size() {
    let fake = start_unlimited(Plan::Pro).await;
    let body = json!({ "width": 1920, "height": 1080, "format": "jpeg" });
    let response = post_json(&fake, CHART, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "image/jpeg");
    let (format, width, height) = decode(&response.bytes().await.unwrap());
    assert_eq!(format, image::ImageFormat::Jpeg);
    assert_eq!((width, height), (1920, 1080));
}

#[tokio::test]
async fn every_style_renders() {
    let fake = start_unlimited(Plan::Pro).await;
    for style in Style::ALL {
        let body = json!({ "style": style.as_str(), "width": 400, "height": 300 });
        let response = post_json(&fake, CHART, &body).await;
        assert_eq!(response.status(), StatusCode::OK, "{style}");
        let (_, width, height) = decode(&response.bytes().await.unwrap());
        assert_eq!((width, height), (400, 300), "{style}");
    }
}

#[tokio::test]
async fn theme_sets_background() {
    let light = render(json!({ "theme": "light" })).await;
    let dark = render(json!({ "theme": "dark" })).await;
    assert!(
        corner_luma(&light) > 200,
        "light corner {}",
        corner_luma(&light)
    );
    assert!(
        corner_luma(&dark) < 60,
        "dark corner {}",
        corner_luma(&dark)
    );
}

#[tokio::test]
async fn same_request_renders_same_image() {
    let first = render(json!({ "symbol": "NASDAQ:AAPL" })).await;
    let second = render(json!({ "symbol": "NASDAQ:AAPL" })).await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn symbol_changes_the_image() {
    let apple = render(json!({ "symbol": "NASDAQ:AAPL" })).await;
    let microsoft = render(json!({ "symbol": "NASDAQ:MSFT" })).await;
    assert_ne!(apple, microsoft);
}

#[tokio::test]
async fn study_changes_the_image() {
    let plain = render(json!({ "symbol": "NASDAQ:AAPL" })).await;
    let with_rsi = render(json!({
        "symbol": "NASDAQ:AAPL",
        "studies": [{ "name": "Relative Strength Index" }],
    }))
    .await;
    assert_ne!(plain, with_rsi);
}
