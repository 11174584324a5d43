//! `GET /api/v1/health`, shallow and deep, against loopback servers standing in for chart-img
//! and S3.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use serde_json::Value;
use url::Url;

use common::{send, service, settings};

/// A loopback HTTP server that returns 404 on every path and records the request headers.
struct Listener {
    url: Url,
    headers: Arc<Mutex<Vec<HeaderMap>>>,
}

async fn listener() -> Listener {
    let headers: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
    let recorded = Arc::clone(&headers);
    let router = Router::new().fallback(get(move |request_headers: HeaderMap| {
        let recorded = Arc::clone(&recorded);
        async move {
            recorded.lock().unwrap().push(request_headers);
            StatusCode::NOT_FOUND
        }
    }));
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}/", socket.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(socket, router).await });
    Listener { url, headers }
}

fn closed_port_url() -> Url {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap()
}

const SECRET: &str = "sk-health-31337";

#[tokio::test]
async fn shallow_check_reports_configuration() {
    let settings = settings(&[("CHART_IMG_API_KEY", SECRET), ("AWS_S3_BUCKET", "charts")]);
    let service = service(settings, Some(closed_port_url()));

    let (status, body) = send(&service, "GET", "/api/v1/health", None).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["status"], "ok");
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
    assert!(data["uptimeSeconds"].is_u64());
    assert_eq!(data["services"]["chartImg"]["configured"], true);
    assert_eq!(data["services"]["s3"]["configured"], true);
    assert!(data["services"]["chartImg"].get("reachable").is_none());
    assert!(!body.to_string().contains(SECRET), "{body}");
}

#[tokio::test]
async fn missing_settings_make_it_degraded() {
    let service = service(settings(&[]), None);

    let (_, body) = send(&service, "GET", "/api/v1/health?deep=true", None).await;

    let data = &body["data"];
    assert_eq!(data["status"], "degraded");
    assert_eq!(data["services"]["chartImg"]["configured"], false);
    assert_eq!(data["services"]["s3"]["configured"], false);
    assert!(data["services"]["chartImg"].get("reachable").is_none());
}

#[tokio::test]
async fn deep_check_reaches_both_services() {
    let chart_img = listener().await;
    let s3 = listener().await;
    let settings = settings(&[
        ("CHART_IMG_API_KEY", SECRET),
        ("CHART_IMG_BASE_URL", chart_img.url.as_str()),
        ("AWS_S3_BUCKET", "charts"),
    ]);
    let service = service(settings, Some(s3.url.clone()));

    let (status, body) = send(&service, "GET", "/api/v1/health?deep=true", None).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let services = &body["data"]["services"];
    for name in ["chartImg", "s3"] {
        assert_eq!(services[name]["reachable"], true, "{name}: {body}");
        assert_eq!(services[name]["httpStatus"], 404, "{name}: {body}");
    }
    assert_eq!(body["data"]["status"], "ok");
}

#[tokio::test]
async fn deep_check_sends_no_credentials() {
    let chart_img = listener().await;
    let base_url = format!("{}v2", chart_img.url);
    let settings = settings(&[
        ("CHART_IMG_API_KEY", SECRET),
        ("CHART_IMG_BASE_URL", &base_url),
    ]);
    let service = service(settings, None);

    send(&service, "GET", "/api/v1/health?deep=true", None).await;

    let headers = chart_img.headers.lock().unwrap();
    assert_eq!(headers.len(), 1);
    assert!(headers[0].get("x-api-key").is_none());
    assert!(headers[0].get("authorization").is_none());
}

#[tokio::test]
async fn deep_check_reports_unreachable_services() {
    let settings = settings(&[
        ("CHART_IMG_API_KEY", SECRET),
        ("CHART_IMG_BASE_URL", closed_port_url().as_str()),
        ("AWS_S3_BUCKET", "charts"),
    ]);
    let service = service(settings, Some(closed_port_url()));

    let (status, body) = send(&service, "GET", "/api/v1/health?deep=true", None).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(data["status"], "degraded");
    for name in ["chartImg", "s3"] {
        let service: &Value = &data["services"][name];
        assert_eq!(service["reachable"], false, "{name}: {body}");
        assert_eq!(service["error"], "the connection failed", "{name}: {body}");
    }
}

#[tokio::test]
async fn deep_must_be_a_boolean() {
    let service = service(settings(&[]), None);

    let (status, body) = send(&service, "GET", "/api/v1/health?deep=please", None).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(common::error_message(&body).contains("deep"), "{body}");
}
