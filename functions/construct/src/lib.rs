//! The construct function: health, natural-language construct, config validation, the
//! documentation built from the service's own tables, and the OpenAPI description. None of its
//! routes calls chart-img or S3 except the optional deep health check.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::http::Method;
use shared::api::{Endpoint, build_router, endpoint};
use shared::settings::Settings;
use url::Url;

mod construct_chart;
mod documentation;
mod health;
mod openapi;
mod validate_config;

/// What the handlers share, built once per process.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    started: Instant,
    /// The HTTP client of the deep health check: short timeout, no redirects, no credentials.
    probe: reqwest::Client,
    /// The S3 endpoint the deep health check probes.
    s3_endpoint: Option<Url>,
}

impl AppState {
    /// Builds the state, taking the S3 endpoint from `AWS_ENDPOINT_URL_S3` or
    /// `AWS_ENDPOINT_URL` when set, else from the bucket's region.
    pub fn new(settings: Settings) -> Self {
        let s3_endpoint = health::s3_endpoint(&settings, |name| std::env::var(name).ok());
        Self::with_s3_endpoint(settings, s3_endpoint)
    }

    /// Builds the state with the S3 endpoint that the deep health check probes.
    pub fn with_s3_endpoint(settings: Settings, s3_endpoint: Option<Url>) -> Self {
        let probe = reqwest::Client::builder()
            .timeout(health::PROBE_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a reqwest client with rustls and no custom certificates always builds");
        AppState {
            inner: Arc::new(Inner {
                settings,
                started: Instant::now(),
                probe,
                s3_endpoint,
            }),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Returns when this process started serving, for the uptime in health answers.
    pub fn started(&self) -> Instant {
        self.inner.started
    }

    fn probe_client(&self) -> &reqwest::Client {
        &self.inner.probe
    }

    fn s3_endpoint(&self) -> Option<&Url> {
        self.inner.s3_endpoint.as_ref()
    }
}

/// Lists the routes this function serves.
pub fn endpoints() -> Vec<Endpoint<AppState>> {
    vec![
        endpoint(Method::GET, "/api/v1/health", health::health),
        endpoint(
            Method::POST,
            "/api/v1/charts/construct",
            construct_chart::construct_chart,
        ),
        endpoint(
            Method::POST,
            "/api/v1/charts/validate",
            validate_config::validate_config,
        ),
        endpoint(
            Method::GET,
            "/api/v1/documentation",
            documentation::documentation,
        ),
        endpoint(Method::GET, "/api/v1/openapi.json", openapi::openapi),
    ]
}

/// Returns the router of this function.
pub fn router(state: AppState) -> Router {
    build_router(endpoints()).with_state(state)
}
