//! The service that wraps a router for Lambda and for the local server alike.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::http::{Request, Response, StatusCode, Uri};
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
/// logged once, and API Gateway's stage prefix (`/Prod/api/v1/...`) is removed before routing.
#[derive(Clone)]
pub struct ApiService {
    router: Router,
}

impl ApiService {
    pub fn new(router: Router) -> Self {
        ApiService { router }
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
        Box::pin(async move { Ok(handle(router, request.map(Body::new)).await) })
    }
}

async fn handle(router: Router, mut request: Request<Body>) -> Response<Body> {
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

    let response = router
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let meta = Meta {
        request_id: &request_id,
        method: &method,
        path: &path,
    };
    let (response, error) = render(response, &meta).await;

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
