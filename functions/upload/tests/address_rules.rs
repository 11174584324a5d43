//! Each address rule rejects `imageUrl`s before any connection. Every test points the request
//! at a loopback tripwire and asserts that nothing connected to it.
//!
//! A rule's sample address (169.254.169.254, 10.0.0.1, ...) is never contacted: a table
//! resolves a test host name to the tripwire's own 127.0.0.1, which the operator allowed,
//! followed by the sample. A fetcher that skipped the check would connect to the first address
//! and trip the wire, and so would one that dropped only the forbidden address. The fetcher
//! must reject the whole host instead.

mod common;

use std::net::IpAddr;
use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::Value;
use shared::storage::AddressRule;
use test_support::{ImageOrigin, Tripwire, unreachable_s3_client};

use common::{Backend, Harness, TableLookup, error_code, metadata, url_body};

fn harness(allowed: &[String], lookup: TableLookup) -> Harness {
    let allowed = allowed.join(",");
    Harness::build(
        unreachable_s3_client(),
        Backend::None,
        &[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)],
        Some(Arc::new(lookup)),
    )
}

fn address(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// Fetches `http://{host}:{tripwire}/chart.png` with `host` resolving to the tripwire's
/// allowed 127.0.0.1 and to `sample`, and returns the response.
async fn fetch_through(sample: &str, tripwire: &Tripwire) -> (StatusCode, Value) {
    let host = "chart.rule.test";
    let port = tripwire.port();
    let allowed = [
        format!("http://{host}:{port}"),
        format!("http://127.0.0.1:{port}"),
    ];
    let lookup = TableLookup(vec![(host, vec![address("127.0.0.1"), address(sample)])]);
    let url = format!("http://{host}:{port}/chart.png");
    harness(&allowed, lookup)
        .post(url_body(&url, metadata("A", "2025-01-01T00:00:00Z")))
        .await
}

async fn assert_rejected(sample: &str, rule: AddressRule) {
    let tripwire = Tripwire::start().await;
    let (status, body) = fetch_through(sample, &tripwire).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{sample}: {body}");
    assert_eq!(error_code(&body), "VALIDATION_ERROR");
    assert_eq!(
        body["error"]["details"]["rule"],
        rule.name(),
        "{sample}: {body}"
    );
    assert_eq!(body["error"]["details"]["address"], sample, "{body}");
    assert_eq!(tripwire.connections(), 0, "{sample} reached the tripwire");
}

#[tokio::test]
async fn allowed_address_reaches_tripwire() {
    let tripwire = Tripwire::start().await;
    let port = tripwire.port();
    let allowed = [
        format!("http://ok.test:{port}"),
        format!("http://127.0.0.1:{port}"),
    ];
    let lookup = TableLookup(vec![("ok.test", vec![address("127.0.0.1")])]);
    let url = format!("http://ok.test:{port}/chart.png");
    let (status, _) = harness(&allowed, lookup)
        .post(url_body(&url, metadata("A", "2025-01-01T00:00:00Z")))
        .await;
    // The tripwire closes each connection at once, so the download fails, but it was made.
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(tripwire.connections() > 0);
}

#[tokio::test]
async fn loopback_is_rejected() {
    assert_rejected("127.0.0.2", AddressRule::Loopback).await;
    assert_rejected("::1", AddressRule::Loopback).await;
}

#[tokio::test]
async fn private_is_rejected() {
    assert_rejected("10.0.0.1", AddressRule::Private).await;
    assert_rejected("172.16.5.4", AddressRule::Private).await;
    assert_rejected("192.168.1.1", AddressRule::Private).await;
}

#[tokio::test]
async fn link_local_is_rejected() {
    assert_rejected("169.254.169.254", AddressRule::LinkLocal).await;
    assert_rejected("fe80::1", AddressRule::LinkLocal).await;
}

#[tokio::test]
async fn shared_address_space_is_rejected() {
    assert_rejected("100.64.0.1", AddressRule::SharedAddressSpace).await;
}

#[tokio::test]
async fn multicast_is_rejected() {
    assert_rejected("224.0.0.1", AddressRule::Multicast).await;
    assert_rejected("ff02::1", AddressRule::Multicast).await;
}

#[tokio::test]
async fn unspecified_is_rejected() {
    assert_rejected("0.0.0.0", AddressRule::Unspecified).await;
    assert_rejected("::", AddressRule::Unspecified).await;
}

#[tokio::test]
async fn broadcast_is_rejected() {
    assert_rejected("255.255.255.255", AddressRule::Broadcast).await;
}

#[tokio::test]
async fn unique_local_is_rejected() {
    assert_rejected("fd00::1", AddressRule::UniqueLocal).await;
}

#[tokio::test]
async fn reserved_is_rejected() {
    assert_rejected("192.0.2.1", AddressRule::Reserved).await;
    assert_rejected("240.0.0.1", AddressRule::Reserved).await;
}

#[tokio::test]
async fn ipv4_mapped_and_compatible_are_rejected() {
    assert_rejected("::ffff:169.254.169.254", AddressRule::LinkLocal).await;
    assert_rejected("::ffff:10.0.0.1", AddressRule::Private).await;
    assert_rejected("::ffff:127.0.0.1", AddressRule::Loopback).await;
    assert_rejected("::a9fe:a9fe", AddressRule::LinkLocal).await;
}

#[tokio::test]
async fn lambda_runtime_api_is_rejected() {
    // The Lambda runtime API listens on 127.0.0.1:9001 inside every function. The rule is
    // checked directly, and a host name that resolves to 127.0.0.1 is rejected without a
    // connection when the operator did not list 127.0.0.1 itself.
    assert_eq!(
        shared::storage::check_address(address("127.0.0.1")),
        Err(AddressRule::Loopback)
    );

    let tripwire = Tripwire::start().await;
    let port = tripwire.port();
    let lookup = TableLookup(vec![("runtime.test", vec![address("127.0.0.1")])]);
    let url = format!("http://runtime.test:{port}/2018-06-01/runtime/invocation/next");
    let (status, body) = harness(&[format!("http://runtime.test:{port}")], lookup)
        .post(url_body(&url, metadata("A", "2025-01-01T00:00:00Z")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["rule"], "loopback", "{body}");
    assert_eq!(tripwire.connections(), 0);
}

#[tokio::test]
async fn localhost_name_is_rejected_by_system_resolver() {
    let tripwire = Tripwire::start().await;
    let port = tripwire.port();
    let allowed = format!("http://localhost:{port}");
    let harness = Harness::build(
        unreachable_s3_client(),
        Backend::None,
        &[("IMAGE_URL_ALLOWED_ORIGINS", &allowed)],
        None,
    );
    let (status, body) = harness
        .post(url_body(
            &format!("http://localhost:{port}/chart.png"),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["rule"], "loopback", "{body}");
    assert_eq!(tripwire.connections(), 0);
}

#[tokio::test]
async fn unlisted_origin_is_rejected_without_connecting() {
    let tripwire = Tripwire::start().await;
    let (status, body) = harness(
        &["https://r2.chart-img.com".to_owned()],
        TableLookup(vec![]),
    )
    .post(url_body(
        &format!("http://127.0.0.1:{}/chart.png", tripwire.port()),
        metadata("A", "2025-01-01T00:00:00Z"),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not allowed"),
        "{body}"
    );
    assert_eq!(tripwire.connections(), 0);
}

#[tokio::test]
async fn redirect_to_unlisted_origin_is_rejected() {
    let origin = ImageOrigin::start().await;
    let tripwire = Tripwire::start().await;
    let target = format!("http://127.0.0.1:{}/chart.png", tripwire.port());
    let url = origin.url(&format!("/redirect?to={target}"));
    let (status, body) = harness(&[origin.origin()], TableLookup(vec![]))
        .post(url_body(&url, metadata("A", "2025-01-01T00:00:00Z")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not allowed"),
        "{body}"
    );
    assert_eq!(origin.requests(), 1);
    assert_eq!(tripwire.connections(), 0);
}

#[tokio::test]
async fn redirect_to_forbidden_address_is_rejected() {
    let origin = ImageOrigin::start().await;
    let tripwire = Tripwire::start().await;
    let port = tripwire.port();
    let allowed = [
        origin.origin(),
        format!("http://metadata.test:{port}"),
        format!("http://127.0.0.1:{port}"),
    ];
    let lookup = TableLookup(vec![(
        "metadata.test",
        vec![address("127.0.0.1"), address("169.254.169.254")],
    )]);
    let url = origin.url(&format!(
        "/redirect?to=http://metadata.test:{port}/latest/meta-data/"
    ));
    let (status, body) = harness(&allowed, lookup)
        .post(url_body(&url, metadata("A", "2025-01-01T00:00:00Z")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["rule"], "link-local", "{body}");
    assert_eq!(tripwire.connections(), 0);
}

#[tokio::test]
async fn redirects_within_limit_are_followed() {
    let origin = ImageOrigin::start().await;
    let harness = Harness::embedded(&[("IMAGE_URL_ALLOWED_ORIGINS", &origin.origin())]).await;
    let (status, body) = harness
        .post(url_body(
            &origin.url("/hops/2"),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(origin.requests(), 4);
}

#[tokio::test]
async fn too_many_redirects_are_rejected() {
    let origin = ImageOrigin::start().await;
    let (status, body) = harness(&[origin.origin()], TableLookup(vec![]))
        .post(url_body(
            &origin.url("/hops/3"),
            metadata("A", "2025-01-01T00:00:00Z"),
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("redirects"),
        "{body}"
    );
    assert_eq!(origin.requests(), 4);
}
