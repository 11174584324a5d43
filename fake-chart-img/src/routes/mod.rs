//! The stand-in's HTTP routes: chart-img's own, the hosted images, and the `/__fake/` control
//! routes that exist only here. Anything else, wrong methods included, is 404
//! `{"message":"Not Found"}`.
//!
//! Every request is logged on one line with its method, path, status and milliseconds, and
//! every request outside the control routes is recorded with its body.

mod chart;
mod control;
mod exchange;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use shared::chart::Plan;

use crate::access::Access;
use crate::error::ApiError;
use crate::faults::Faults;
use crate::hosted::HostedStore;
use crate::recorder::{RecordedRequest, Recorder};

const CONTROL_PREFIX: &str = "/__fake/";

/// State every handler shares.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) plan: Plan,
    pub(crate) access: Access,
    pub(crate) faults: Faults,
    pub(crate) hosted: HostedStore,
    pub(crate) recorder: Recorder,
    /// `http://host:port` of the stand-in, for the hosted image URLs it hands out.
    pub(crate) base_url: String,
}

pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/v2/tradingview/advanced-chart",
            post(chart::advanced_chart),
        )
        .route(
            "/v2/tradingview/advanced-chart/storage",
            post(chart::advanced_chart_storage),
        )
        .route("/hosted/{*path}", get(chart::hosted_image))
        .route("/v3/tradingview/exchange/list", get(exchange::list))
        .route(
            "/v3/tradingview/exchange/{exchange_id}",
            get(exchange::symbols),
        )
        .route(
            "/__fake/faults",
            post(control::push_faults).delete(control::clear_faults),
        )
        .route("/__fake/sticky-fault", put(control::set_sticky_fault))
        .route("/__fake/requests", get(control::requests))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_and_log,
        ))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Records the request (outside the control routes), runs it, and logs its outcome.
async fn record_and_log(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();

    let response = if path.starts_with(CONTROL_PREFIX) {
        next.run(request).await
    } else {
        match record(&state, request).await {
            Ok(request) => next.run(request).await,
            Err(error) => error.into_response(),
        }
    };

    let status = response.status().as_u16();
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    tracing::info!(%method, %path, status, elapsed_ms, "request");
    response
}

/// Buffers the body, records the request, and returns it with the body restored.
async fn record(state: &AppState, request: Request) -> Result<Request, ApiError> {
    let (parts, body) = request.into_parts();
    let bytes = match Bytes::from_request(Request::new(body), &()).await {
        Ok(bytes) => bytes,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::PayloadTooLarge);
        }
        Err(rejection) => {
            tracing::warn!(error = %rejection, "reading the request body failed");
            return Err(ApiError::InvalidJson);
        }
    };

    state.recorder.record(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        key_matched: state.access.key_matches(&parts.headers),
        body: serde_json::from_slice(&bytes).ok(),
    });
    Ok(Request::from_parts(parts, Body::from(bytes)))
}
