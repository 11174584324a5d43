//! The binary: its address line, its flags and its loopback guard.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::client;

const BINARY: &str = env!("CARGO_BIN_EXE_fake-chart-img");

/// Kills the child process when the test ends, even when an assert fails first.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args` and returns it with the address from its first stdout line.
async fn spawn(args: &[&str]) -> (ChildGuard, String) {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let guard = ChildGuard(child);

    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .expect("binary prints its address");
    let base_url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (guard, base_url)
}

#[tokio::test]
async fn binary_prints_address_and_serves() {
    let (_child, base_url) = spawn(&["--port", "0", "--api-key", "cli-key"]).await;
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");

    let response = client()
        .get(format!("{base_url}/v3/tradingview/exchange/list"))
        .header("x-api-key", "cli-key")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn binary_applies_the_plan() {
    let (_child, base_url) = spawn(&["--port", "0", "--plan", "BASIC"]).await;
    let response = client()
        .post(format!("{base_url}/v2/tradingview/advanced-chart"))
        .header("x-api-key", "test-key")
        .body(json!({ "width": 801 }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Exceed Max Usage Resolution Limit (800x600)"
    );
}

#[tokio::test]
async fn binary_rejects_remote_host() {
    // 192.0.2.1 is reserved for documentation (RFC 5737). The binary rejects it before binding,
    // so nothing is sent anywhere.
    let output = Command::new(BINARY)
        .args(["--port", "0", "--host", "192.0.2.1"])
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    assert!(stderr.contains("non-loopback"), "{stderr}");
}

#[tokio::test]
async fn binary_rejects_unknown_plan() {
    let output = Command::new(BINARY)
        .args(["--port", "0", "--plan", "GOLD"])
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("unknown plan `GOLD`"), "{stderr}");
}
