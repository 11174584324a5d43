//! `GET /api/v1/health`: version, uptime, and whether chart-img and S3 are configured. With
//! `?deep=true` it also checks that each configured service responds over HTTP.
//!
//! The deep check sends one unauthenticated GET to chart-img's base URL and to the S3 endpoint,
//! without following redirects. Any HTTP response, an error status included, counts as reachable,
//! because the point is the network path, and this function holds no S3 or SSM permissions to
//! sign anything with.

use std::time::{Duration, Instant};

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::api::{QueryParams, Success};
use shared::settings::{ApiKeySource, Settings};
use url::Url;

use crate::AppState;

/// How long one reachability probe may take.
pub(crate) const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Deserialize)]
pub(crate) struct HealthQuery {
    #[serde(default)]
    deep: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Health {
    /// `ok` when every service is configured (and, on a deep check, reachable), else `degraded`.
    status: &'static str,
    version: &'static str,
    uptime_seconds: u64,
    services: Services,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Services {
    chart_img: Service,
    s3: Service,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    configured: bool,
    /// The origin a deep check probes, without any path or credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
    /// Present on deep checks of configured services only.
    #[serde(skip_serializing_if = "Option::is_none")]
    reachable: Option<bool>,
    /// The HTTP status of the probe's response.
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latency_ms: Option<u64>,
    /// Why the probe got no HTTP response.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub(crate) async fn health(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<HealthQuery>,
) -> Success<Health> {
    let settings = state.settings();
    let chart_img_configured = !matches!(settings.chart_img.api_key, ApiKeySource::Missing);
    let s3_configured = settings.storage.bucket.is_some();
    let chart_img_endpoint = Some(&settings.chart_img.base_url).filter(|_| chart_img_configured);
    let s3_endpoint = state.s3_endpoint().filter(|_| s3_configured);

    let (chart_img, s3) = if query.deep {
        tokio::join!(
            check(&state, chart_img_configured, chart_img_endpoint),
            check(&state, s3_configured, s3_endpoint),
        )
    } else {
        (
            describe(chart_img_configured, chart_img_endpoint),
            describe(s3_configured, s3_endpoint),
        )
    };

    let healthy = [&chart_img, &s3]
        .iter()
        .all(|service| service.configured && service.reachable != Some(false));
    Success::ok(Health {
        status: if healthy { "ok" } else { "degraded" },
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: state.started().elapsed().as_secs(),
        services: Services { chart_img, s3 },
    })
}

fn describe(configured: bool, endpoint: Option<&Url>) -> Service {
    Service {
        configured,
        endpoint: endpoint.map(origin),
        reachable: None,
        http_status: None,
        latency_ms: None,
        error: None,
    }
}

async fn check(state: &AppState, configured: bool, endpoint: Option<&Url>) -> Service {
    let mut service = describe(configured, endpoint);
    let Some(endpoint) = endpoint else {
        return service;
    };

    let Ok(target) = Url::parse(&origin(endpoint)) else {
        service.reachable = Some(false);
        service.error = Some("the endpoint has no origin to probe".to_owned());
        return service;
    };
    let started = Instant::now();
    let answer = state.probe_client().get(target).send().await;
    service.latency_ms = Some(started.elapsed().as_millis() as u64);
    match answer {
        Ok(response) => {
            service.reachable = Some(true);
            service.http_status = Some(response.status().as_u16());
        }
        Err(error) => {
            let reason = if error.is_timeout() {
                format!("no answer within {} ms", PROBE_TIMEOUT.as_millis())
            } else if error.is_connect() {
                "the connection failed".to_owned()
            } else {
                "the request failed".to_owned()
            };
            tracing::warn!(endpoint = %origin(endpoint), error = %error, "health probe failed");
            service.reachable = Some(false);
            service.error = Some(reason);
        }
    }
    service
}

/// Returns `scheme://host[:port]`, leaving out any credentials, path or query.
fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Returns the S3 endpoint the deep check probes: `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`
/// when set (a local S3-compatible server), else the regional endpoint of the bucket.
pub(crate) fn s3_endpoint(
    settings: &Settings,
    lookup: impl Fn(&str) -> Option<String>,
) -> Option<Url> {
    let configured = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]
        .into_iter()
        .filter_map(&lookup)
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty());
    if let Some(text) = configured {
        return Url::parse(&text).ok();
    }
    let host = match &settings.storage.bucket_region {
        Some(region) => format!("https://s3.{region}.amazonaws.com"),
        None => "https://s3.amazonaws.com".to_owned(),
    };
    Url::parse(&host).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        Settings::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .unwrap()
    }

    #[test]
    fn s3_endpoint_prefers_the_service_variable() {
        let endpoint = s3_endpoint(&settings(&[]), |name| match name {
            "AWS_ENDPOINT_URL_S3" => Some("http://127.0.0.1:9000".to_owned()),
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:4566".to_owned()),
            _ => None,
        });
        assert_eq!(endpoint.unwrap().as_str(), "http://127.0.0.1:9000/");
    }

    #[test]
    fn s3_endpoint_falls_back_to_the_bucket_region() {
        let settings = settings(&[("AWS_S3_BUCKET_REGION", "eu-west-1")]);
        let endpoint = s3_endpoint(&settings, |_| None);
        assert_eq!(
            endpoint.unwrap().as_str(),
            "https://s3.eu-west-1.amazonaws.com/"
        );
    }

    #[test]
    fn origin_drops_credentials_and_path() {
        let url = Url::parse("https://user:secret@example.test:8443/v2/x?q=1").unwrap();
        assert_eq!(origin(&url), "https://example.test:8443");
    }
}
