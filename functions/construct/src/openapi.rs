//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of every `/api/v1` route, converted
//! from `infra/openapi.yaml` to JSON by `build.rs`.

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

/// The description as compact JSON.
pub(crate) const OPENAPI_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.json"));

/// Returns the description bare, not wrapped in the envelope. Client generators, API Gateway's
/// import and schemathesis read an OpenAPI document from the top level of the body, and the
/// envelope would put it under `data`. `ApiService` passes a plain response through unchanged.
pub(crate) async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn description_is_openapi_json() {
        let description: Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert_eq!(description["openapi"], "3.1.0");
    }

    #[test]
    fn description_keeps_yaml_key_order() {
        let health = OPENAPI_JSON.find("\"/api/v1/health\"").unwrap();
        let construct = OPENAPI_JSON.find("\"/api/v1/charts/construct\"").unwrap();
        assert!(health < construct);
    }
}
