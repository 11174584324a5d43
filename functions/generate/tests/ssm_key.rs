//! The chart-img key read from an SSM SecureString parameter, served by moto on loopback.
//!
//! moto comes from PyPI (`pip install 'moto[server]'`); `MOTO_SERVER` may name its
//! `moto_server` executable when it is not on `PATH`.

mod common;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use aws_sdk_ssm::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_ssm::types::ParameterType;
use axum::http::StatusCode;
use fake_chart_img::FakeConfig;
use serde_json::{Value, json};
use shared::api::ApiService;
use tokio::process::{Child, Command};

use common::{Harness, KEY, error_message, generate, render_requests, settings_for};

const PARAMETER: &str = "/chart-service/chart-img-api-key";

/// A moto server on a free loopback port, stopped when dropped.
struct Moto {
    _process: Child,
    endpoint: String,
}

async fn start_moto() -> Moto {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port();
    let executable = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_owned());
    let process = Command::new(&executable)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| {
            panic!("starting `{executable}` failed ({error}); install it with pip install 'moto[server]'")
        });

    let address = format!("127.0.0.1:{port}");
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(&address).await.is_ok() {
            return Moto {
                _process: process,
                endpoint: format!("http://{address}"),
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto did not listen on {address} within 20 s");
}

fn ssm_client(endpoint: &str) -> aws_sdk_ssm::Client {
    let config = aws_sdk_ssm::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(shared::aws::https_client())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .build();
    aws_sdk_ssm::Client::from_conf(config)
}

async fn put_key(client: &aws_sdk_ssm::Client, value: &str) {
    client
        .put_parameter()
        .name(PARAMETER)
        .value(value)
        .r#type(ParameterType::SecureString)
        .overwrite(true)
        .send()
        .await
        .expect("moto stores the parameter");
}

/// Starts the stand-in and a service that reads its key from `PARAMETER` through `client`.
async fn start_with_parameter(client: aws_sdk_ssm::Client) -> Harness {
    start_with_parameter_and(client, &[]).await
}

async fn start_with_parameter_and(
    client: aws_sdk_ssm::Client,
    overrides: &[(&str, &str)],
) -> Harness {
    let fake = fake_chart_img::start(FakeConfig::default()).await.unwrap();
    let mut pairs = vec![
        ("CHART_IMG_API_KEY", ""),
        ("CHART_IMG_API_KEY_PARAMETER", PARAMETER),
    ];
    pairs.extend_from_slice(overrides);
    let settings = settings_for(&fake, &pairs);
    let state = generate::AppState::with_ssm_client(settings, client);
    let service = ApiService::new(generate::router(state));
    Harness { fake, service }
}

fn chart() -> Value {
    json!({"config": {"symbol": "NASDAQ:AAPL"}, "storage": true})
}

#[tokio::test]
async fn key_from_parameter_reaches_chart_img() {
    let moto = start_moto().await;
    let client = ssm_client(&moto.endpoint);
    put_key(&client, KEY).await;
    let harness = start_with_parameter(client).await;

    let (status, body) = generate(&harness, chart()).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    let requests = harness.fake.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].key_matched);
}

#[tokio::test]
async fn parameter_is_read_once_per_process() {
    let moto = start_moto().await;
    let client = ssm_client(&moto.endpoint);
    put_key(&client, KEY).await;
    let harness = start_with_parameter(client.clone()).await;
    let (first, _) = generate(&harness, chart()).await;

    put_key(&client, "a-key-written-later").await;
    let (second, body) = generate(&harness, chart()).await;

    assert_eq!(first, StatusCode::OK);
    assert_eq!(second, StatusCode::OK, "{body}");
    assert!(
        harness
            .fake
            .requests()
            .iter()
            .all(|request| request.key_matched)
    );
}

#[tokio::test]
async fn missing_parameter_is_not_configured() {
    let moto = start_moto().await;
    let harness = start_with_parameter(ssm_client(&moto.endpoint)).await;

    let (status, body) = generate(&harness, chart()).await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "NOT_CONFIGURED");
    assert!(error_message(&body).contains(PARAMETER), "{body}");
    assert!(
        error_message(&body).contains("CHART_IMG_API_KEY_PARAMETER"),
        "{body}"
    );
    assert!(render_requests(&harness.fake).is_empty());
}

#[tokio::test]
async fn failed_read_is_retried_on_the_next_request() {
    let moto = start_moto().await;
    let client = ssm_client(&moto.endpoint);
    let harness = start_with_parameter(client.clone()).await;
    let (before, _) = generate(&harness, chart()).await;

    put_key(&client, KEY).await;
    let (after, body) = generate(&harness, chart()).await;

    assert_eq!(before, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(after, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn unreachable_ssm_is_external_api_error() {
    let closed_port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let client = ssm_client(&format!("http://127.0.0.1:{closed_port}"));
    let harness = start_with_parameter(client).await;

    let (status, body) = generate(&harness, chart()).await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
    assert!(error_message(&body).contains("ssm:GetParameter"), "{body}");
    assert!(render_requests(&harness.fake).is_empty());
}

#[tokio::test]
async fn silent_ssm_times_out_within_the_deadline() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", silent.local_addr().unwrap());
    let accepting = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((connection, _)) = silent.accept().await {
            connections.push(connection);
        }
    });
    let harness =
        start_with_parameter_and(ssm_client(&endpoint), &[("CHART_IMG_DEADLINE_MS", "1000")]).await;

    let (status, body) = generate(&harness, chart()).await;

    accepting.abort();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "EXTERNAL_API_ERROR");
    assert!(error_message(&body).contains("timed out"), "{body}");
    assert!(render_requests(&harness.fake).is_empty());
}
