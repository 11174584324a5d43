//! The HTTP client and config loader behind every AWS SDK client.
//!
//! The SDK's own HTTPS client links aws-lc for TLS, while reqwest (the chart-img client and the
//! image fetcher) links ring, so a function that used both would carry two crypto libraries.
//! Every SDK client here is built on a hyper client with rustls over ring instead, which keeps
//! about 2 MB of aws-lc out of the generate and upload bootstraps (see BENCHMARKS.md). The
//! workspace turns off the SDK's `default-https-client` feature, so an SDK config made without
//! [`https_client`] has no HTTP client at all and fails on its first request, in tests as in
//! Lambda.

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_s3::config::SharedHttpClient;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

/// Returns an HTTP client for SDK clients: HTTPS through rustls over ring, with the platform's
/// root certificates, and plain HTTP for S3-compatible servers on loopback.
pub fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// Loads the SDK config from the environment (region, credentials, `AWS_ENDPOINT_URL`), as
/// `aws_config::load_defaults` does, with [`https_client`] as its HTTP client.
pub async fn load_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .load()
        .await
}
