//! The service that wraps a router for Lambda and for the local server alike.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD,
    CONTENT_TYPE, HeaderValue, VARY,
};
use axum::http::{Method, Request, Response, StatusCode, Uri};
use axum::response::IntoResponse;
use bytes::Bytes;
use http_body_util::BodyExt;
use lambda_http::request::RequestContext;
use tower::{Service, ServiceExt};

use super::envelope::{Meta, Payload, render_data, render_error};
use super::error::{ApiError, ErrorCode};

/// The id of one request: API Gateway's request id in AWS, a random UUID elsewhere. Handlers
/// read it from the request's extensions to put it in their own log lines.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Wraps a router so that every answer is an envelope with the request's id, every request is
/// logged once, API Gateway's stage prefix (`/Prod/api/v1/...`) is removed before routing, and
/// browsers get CORS headers.
#[derive(Clone)]
pub struct ApiService {
    router: Router,
    cors_origin: HeaderValue,
}

impl ApiService {
    /// Wraps `router`, allowing browsers on any origin.
    pub fn new(router: Router) -> Self {
        ApiService {
            router,
            cors_origin: HeaderValue::from_static("*"),
        }
    }

    /// Allows browsers on `origin` only (`CORS_ALLOW_ORIGIN`), or on any origin for `*`.
    pub fn with_cors_origin(mut self, origin: &str) -> Self {
        match HeaderValue::from_str(origin) {
            Ok(value) => self.cors_origin = value,
            Err(_) => tracing::warn!(origin, "CORS origin is not a valid header value; keeping *"),
        }
        self
    }
}

impl<B> Service<Request<B>> for ApiService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _context: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let router = self.router.clone();
        let cors_origin = self.cors_origin.clone();
        Box::pin(async move { Ok(handle(router, cors_origin, request.map(Body::new)).await) })
    }
}

async fn handle(
    router: Router,
    cors_origin: HeaderValue,
    mut request: Request<Body>,
) -> Response<Body> {
    let started = Instant::now();
    let (request_id, stage) = request_facts(&request);
    if let Some(stage) = stage {
        strip_stage(&mut request, &stage);
    }
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    request
        .extensions_mut()
        .insert(RequestId(request_id.clone()));

    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    let response = if preflight {
        preflight_response()
    } else {
        router
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {})
    };
    let meta = Meta {
        request_id: &request_id,
        method: &method,
        path: &path,
    };
    let (mut response, error) = render(response, &meta).await;
    add_cors_headers(&mut response, cors_origin);

    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match error {
        Some(error) if error.status.is_server_error() => tracing::error!(
            request_id, method, path, status, elapsed_ms,
            code = ?error.code, message = %error.message, cause = error.cause.as_deref().unwrap_or(""),
            "request failed"
        ),
        Some(error) => tracing::info!(
            request_id, method, path, status, elapsed_ms,
            code = ?error.code, message = %error.message, cause = error.cause.as_deref().unwrap_or(""),
            "request rejected"
        ),
        None => tracing::info!(
            request_id,
            method,
            path,
            status,
            elapsed_ms,
            "request finished"
        ),
    }
    response
}

/// Answers a browser's CORS preflight. Behind API Gateway the API answers preflights itself,
/// so this serves the local API.
fn preflight_response() -> Response<Body> {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type, x-api-key"),
    );
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

fn add_cors_headers(response: &mut Response<Body>, origin: HeaderValue) {
    let any_origin = origin == "*";
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-request-id"),
    );
    if !any_origin {
        headers.append(VARY, HeaderValue::from_static("origin"));
    }
}

/// Returns the request's id and, behind API Gateway, its stage.
fn request_facts(request: &Request<Body>) -> (String, Option<String>) {
    if let Some(RequestContext::ApiGatewayV1(context)) =
        request.extensions().get::<RequestContext>()
    {
        let id = context.request_id.clone().unwrap_or_else(random_id);
        return (id, context.stage.clone());
    }
    (random_id(), None)
}

fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Removes a leading `/{stage}` that lambda_http puts in front of REST API paths.
fn strip_stage(request: &mut Request<Body>, stage: &str) {
    let uri = request.uri();
    let Some(rest) = uri
        .path()
        .strip_prefix('/')
        .and_then(|path| path.strip_prefix(stage))
    else {
        return;
    };
    if !rest.starts_with('/') {
        return;
    }
    let path_and_query = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    if let Ok(stripped) = path_and_query.parse::<Uri>() {
        *request.uri_mut() = stripped;
    }
}

/// Turns a handler's payload into the envelope body. Responses without a payload pass through
/// unless they are errors from outside the handlers (an unmatched route, a wrong method, an
/// axum rejection), which get an envelope too.
async fn render(
    mut response: Response<Body>,
    meta: &Meta<'_>,
) -> (Response<Body>, Option<ApiError>) {
    let payload = response.extensions_mut().remove::<Payload>();
    let (body, error) = match payload {
        Some(Payload::Data(data)) => (render_data(&data, meta), None),
        Some(Payload::Error(error)) => (render_error(&error, meta), Some(*error)),
        None if response.status().is_client_error() || response.status().is_server_error() => {
            let error = framework_error(&mut response, meta).await;
            (render_error(&error, meta), Some(error))
        }
        None => return (response, None),
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.remove(axum::http::header::CONTENT_LENGTH);
    if let Ok(value) = HeaderValue::from_str(meta.request_id) {
        headers.insert("x-request-id", value);
    }
    *response.body_mut() = Body::from(body);
    (response, error)
}

/// Describes an error response that no handler produced.
async fn framework_error(response: &mut Response<Body>, meta: &Meta<'_>) -> ApiError {
    let status = response.status();
    let code = ErrorCode::for_status(status);
    let message = match status {
        StatusCode::NOT_FOUND => format!(
            "no route for {} {}; the routes are listed at GET /api/v1/openapi.json",
            meta.method, meta.path
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = response
                .headers()
                .get(axum::http::header::ALLOW)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("")
                .to_owned();
            format!(
                "{} is not allowed on {}; allowed methods: {allowed}",
                meta.method, meta.path
            )
        }
        _ => {
            let body = std::mem::take(response.body_mut());
            let text = match body.collect().await {
                Ok(collected) => String::from_utf8_lossy(&collected.to_bytes())
                    .trim()
                    .to_owned(),
                Err(_) => String::new(),
            };
            if text.is_empty() {
                status.canonical_reason().unwrap_or("error").to_owned()
            } else {
                text
            }
        }
    };
    ApiError::new(code, message).with_status(status)
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use serde_json::Value;

    use super::*;
    use crate::api::Success;

    fn router() -> Router {
        Router::new()
            .route(
                "/api/v1/ok",
                get(|| async { Success::ok(serde_json::json!({"answer": 42})) }),
            )
            .route(
                "/api/v1/fail",
                get(|| async { ApiError::validation("symbol: must not be empty") }),
            )
    }

    async fn call(uri: &str) -> (StatusCode, Value) {
        let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let response = ApiService::new(router()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn success_is_wrapped_in_envelope() {
        let (status, body) = call("/api/v1/ok").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["success"], true);
        assert_eq!(body["data"]["answer"], 42);
        assert!(
            body["meta"]["requestId"]
                .as_str()
                .is_some_and(|id| !id.is_empty())
        );
        assert!(
            body["meta"]["timestamp"]
                .as_str()
                .is_some_and(|time| time.ends_with('Z'))
        );
    }

    #[tokio::test]
    async fn error_envelope_has_path_and_method() {
        let (status, body) = call("/api/v1/fail").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["success"], false);
        assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
        assert_eq!(body["error"]["details"], serde_json::json!({}));
        assert_eq!(body["meta"]["path"], "/api/v1/fail");
        assert_eq!(body["meta"]["method"], "GET");
    }

    #[tokio::test]
    async fn unmatched_route_is_not_found_envelope() {
        let (status, body) = call("/api/v1/missing").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"]["code"], "NOT_FOUND");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("/api/v1/missing")
        );
    }

    #[tokio::test]
    async fn wrong_method_lists_allowed_methods() {
        let request = Request::builder()
            .method("POST")
            .uri("/api/v1/ok")
            .body(Body::empty())
            .unwrap();
        let response = ApiService::new(router()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"]["code"], "METHOD_NOT_ALLOWED");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("GET"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn responses_carry_cors_origin() {
        let request = Request::builder()
            .uri("/api/v1/ok")
            .body(Body::empty())
            .unwrap();
        let service = ApiService::new(router()).with_cors_origin("https://charts.example.com");
        let response = service.oneshot(request).await.unwrap();
        let headers = response.headers();
        assert_eq!(
            headers[ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://charts.example.com"
        );
        assert_eq!(headers[VARY], "origin");
        assert_eq!(headers[ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id");
    }

    #[tokio::test]
    async fn preflight_is_answered_without_routing() {
        let request = Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/fail")
            .header(ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .body(Body::empty())
            .unwrap();
        let response = ApiService::new(router()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let headers = response.headers();
        assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert!(
            headers[ACCESS_CONTROL_ALLOW_HEADERS]
                .to_str()
                .unwrap()
                .contains("x-api-key")
        );
    }

    #[test]
    fn strip_stage_removes_only_a_leading_stage() {
        let mut request = Request::builder()
            .uri("/Prod/api/v1/ok?x=1")
            .body(Body::empty())
            .unwrap();
        strip_stage(&mut request, "Prod");
        assert_eq!(request.uri().to_string(), "/api/v1/ok?x=1");

        let mut request = Request::builder()
            .uri("/Production/api")
            .body(Body::empty())
            .unwrap();
        strip_stage(&mut request, "Prod");
        assert_eq!(request.uri().path(), "/Production/api");
    }
}
