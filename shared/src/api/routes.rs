//! Route tables. Each function declares its routes once as a list of [`Endpoint`]s; the router
//! is built from that list, and tests compare the same list with the SAM template and the
//! OpenAPI description, so the three cannot drift apart.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};

/// One method and path, with the handler that serves it.
pub struct Endpoint<S> {
    pub method: Method,
    /// The path in axum's syntax: `{id}` for one segment, `{*key}` for the rest of the path.
    pub path: &'static str,
    handler: MethodRouter<S>,
}

/// Declares an endpoint.
pub fn endpoint<H, T, S>(method: Method, path: &'static str, handler: H) -> Endpoint<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let filter =
        MethodFilter::try_from(method.clone()).expect("endpoints use standard HTTP methods");
    Endpoint {
        method,
        path,
        handler: on(filter, handler),
    }
}

/// Builds a router that serves every endpoint in the table.
pub fn build_router<S>(endpoints: Vec<Endpoint<S>>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    endpoints
        .into_iter()
        .fold(Router::new(), |router, endpoint| {
            router.route(endpoint.path, endpoint.handler)
        })
}

/// Lists the method and path of each endpoint.
pub fn describe<S>(endpoints: &[Endpoint<S>]) -> Vec<(Method, &'static str)> {
    endpoints
        .iter()
        .map(|endpoint| (endpoint.method.clone(), endpoint.path))
        .collect()
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn router_serves_two_methods_on_one_path() {
        let table: Vec<Endpoint<()>> = vec![
            endpoint(Method::GET, "/items", || async { "list" }),
            endpoint(Method::POST, "/items", || async { "create" }),
        ];
        assert_eq!(
            describe(&table),
            [(Method::GET, "/items"), (Method::POST, "/items")]
        );

        let router = build_router(table);
        let request = Request::builder()
            .method("POST")
            .uri("/items")
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
