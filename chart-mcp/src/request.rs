//! Turns tool input into the API request that serves it: method, path, query and JSON body.
//!
//! Building a request does no I/O, so every route's shape is tested here. Path segments taken
//! from input are percent-encoded one by one, so an exchange id cannot leave its segment and a
//! storage key keeps its slashes. Empty segments, and `.` and `..`, which HTTP clients resolve
//! away, are rejected instead.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::params::{
    ConstructParams, DeleteParams, DocumentationParams, ExchangesParams, GenerateParams,
    HealthParams, ListParams, Section, SymbolsParams, UploadParams, ValidateParams,
};

/// Everything but RFC 3986's unreserved characters is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One request to the API, relative to its base URL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// The path from `/api/v1` on, already percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<Value>,
}

/// Tool input that cannot become a request.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum InputError {
    #[error("{field} is empty; pass a non-empty value")]
    Empty { field: &'static str },

    #[error(
        "{field}: `{value}` has {problem}, which a URL path cannot carry; pass the value exactly \
         as the API returned it"
    )]
    PathSegment {
        field: &'static str,
        value: String,
        problem: &'static str,
    },

    #[error(
        "set exactly one of imageUrl and imageData: imageUrl for an image on the web, imageData \
         for base64 bytes"
    )]
    ImageSource,
}

impl ApiRequest {
    fn get(path: impl Into<String>) -> Self {
        ApiRequest {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    fn post(path: &str, body: &impl Serialize) -> Self {
        ApiRequest {
            method: Method::POST,
            path: path.to_owned(),
            query: Vec::new(),
            // These parameter types are plain structs with string keys, which always serialize.
            body: Some(serde_json::to_value(body).unwrap_or(Value::Null)),
        }
    }

    fn with_query(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
        self
    }
}

pub(crate) fn health(params: &HealthParams) -> ApiRequest {
    ApiRequest::get("/api/v1/health").with_query("deep", params.deep)
}

pub(crate) fn construct(params: &ConstructParams) -> ApiRequest {
    ApiRequest::post("/api/v1/charts/construct", params)
}

pub(crate) fn validate(params: &ValidateParams) -> ApiRequest {
    ApiRequest::post("/api/v1/charts/validate", params)
}

pub(crate) fn generate(params: &GenerateParams) -> ApiRequest {
    ApiRequest::post("/api/v1/charts/generate", params)
}

pub(crate) fn upload(params: &UploadParams) -> Result<ApiRequest, InputError> {
    let present = |value: &Option<String>| value.clone().filter(|text| !text.trim().is_empty());
    let params = UploadParams {
        image_url: present(&params.image_url),
        image_data: present(&params.image_data),
        metadata: params.metadata.clone(),
    };
    if params.image_url.is_some() == params.image_data.is_some() {
        return Err(InputError::ImageSource);
    }
    Ok(ApiRequest::post("/api/v1/storage/s3", &params))
}

pub(crate) fn exchanges(params: &ExchangesParams) -> ApiRequest {
    ApiRequest::get("/api/v1/exchanges").with_query("forceRefresh", params.force_refresh)
}

pub(crate) fn symbols(params: &SymbolsParams) -> Result<ApiRequest, InputError> {
    let exchange = params.exchange.trim();
    if exchange.is_empty() {
        return Err(InputError::Empty { field: "exchange" });
    }
    let exchange = encode_segment("exchange", exchange, exchange)?;
    Ok(
        ApiRequest::get(format!("/api/v1/exchanges/{exchange}/symbols"))
            .with_query("search", params.search.as_deref())
            .with_query("limit", params.limit),
    )
}

pub(crate) fn documentation(params: &DocumentationParams) -> ApiRequest {
    let section = params.section.map(Section::as_str);
    ApiRequest::get("/api/v1/documentation").with_query("section", section)
}

pub(crate) fn list(params: &ListParams) -> ApiRequest {
    ApiRequest::get("/api/v1/storage/s3")
        .with_query("symbol", params.symbol.as_deref())
        .with_query("interval", params.interval.as_deref())
        .with_query("from", params.from.as_deref())
        .with_query("to", params.to.as_deref())
        .with_query("limit", params.limit)
        .with_query("cursor", params.cursor.as_deref())
}

pub(crate) fn delete(params: &DeleteParams) -> Result<ApiRequest, InputError> {
    let key = params.key.trim().trim_start_matches('/');
    if key.is_empty() {
        return Err(InputError::Empty { field: "key" });
    }
    let segments = key
        .split('/')
        .map(|segment| encode_segment("key", key, segment))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ApiRequest {
        method: Method::DELETE,
        path: format!("/api/v1/storage/s3/{}", segments.join("/")),
        query: Vec::new(),
        body: None,
    })
}

/// Percent-encodes one path segment of `value`, rejecting segments that clients remove or
/// resolve.
fn encode_segment(field: &'static str, value: &str, segment: &str) -> Result<String, InputError> {
    let problem = match segment {
        "" => "an empty path segment",
        "." => "the path segment `.`",
        ".." => "the path segment `..`",
        _ => return Ok(utf8_percent_encode(segment, SEGMENT).to_string()),
    };
    Err(InputError::PathSegment {
        field,
        value: value.to_owned(),
        problem,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::params::{Plan, Preferences, Theme, UploadMetadata};

    fn config() -> serde_json::Map<String, Value> {
        json!({"symbol": "BINANCE:ETHUSDT", "interval": "4h"})
            .as_object()
            .cloned()
            .unwrap()
    }

    fn upload_params(image_url: Option<&str>, image_data: Option<&str>) -> UploadParams {
        UploadParams {
            image_url: image_url.map(str::to_owned),
            image_data: image_data.map(str::to_owned),
            metadata: UploadMetadata {
                symbol: "BINANCE:ETHUSDT".to_owned(),
                interval: "1h".to_owned(),
                indicators: Some(vec!["RSI".to_owned()]),
                generated_at: None,
                source: None,
            },
        }
    }

    #[test]
    fn health_without_deep() {
        let request = health(&HealthParams::default());
        assert_eq!(request.method, Method::GET);
        assert_eq!(request.path, "/api/v1/health");
        assert!(request.query.is_empty());
    }

    #[test]
    fn health_deep_sets_query() {
        let request = health(&HealthParams { deep: Some(true) });
        assert_eq!(request.query, vec![("deep", "true".to_owned())]);
    }

    #[test]
    fn construct_body_uses_api_names() {
        let request = construct(&ConstructParams {
            natural_language: "ETH 4h with RSI".to_owned(),
            symbol: None,
            exchange: Some("BINANCE".to_owned()),
            preferences: Some(Preferences {
                theme: Some(Theme::Dark),
                resolution: Some("1280x720".to_owned()),
                ..Preferences::default()
            }),
        });
        assert_eq!(request.method, Method::POST);
        assert_eq!(request.path, "/api/v1/charts/construct");
        assert_eq!(
            request.body,
            Some(json!({
                "naturalLanguage": "ETH 4h with RSI",
                "exchange": "BINANCE",
                "preferences": {"theme": "dark", "resolution": "1280x720"},
            }))
        );
    }

    #[test]
    fn validate_body_has_plan_level() {
        let request = validate(&ValidateParams {
            config: config(),
            plan_level: Some(Plan::Mega),
        });
        assert_eq!(request.path, "/api/v1/charts/validate");
        assert_eq!(
            request.body,
            Some(json!({"config": config(), "planLevel": "MEGA"}))
        );
    }

    #[test]
    fn generate_body_defaults() {
        let params: GenerateParams = serde_json::from_value(json!({"config": config()})).unwrap();
        let request = generate(&params);
        assert_eq!(request.path, "/api/v1/charts/generate");
        assert_eq!(
            request.body,
            Some(json!({"config": config(), "storage": true, "persist": false}))
        );
    }

    #[test]
    fn generate_body_persist_and_format() {
        let params: GenerateParams = serde_json::from_value(json!({
            "config": config(), "storage": false, "format": "jpeg", "persist": true,
        }))
        .unwrap();
        let body = generate(&params).body.unwrap();
        assert_eq!(body["storage"], json!(false));
        assert_eq!(body["format"], json!("jpeg"));
        assert_eq!(body["persist"], json!(true));
    }

    #[test]
    fn generate_rejects_unknown_field() {
        let error = serde_json::from_value::<GenerateParams>(json!({
            "config": config(), "persistent": true,
        }))
        .unwrap_err();
        assert!(error.to_string().contains("persistent"), "{error}");
    }

    #[test]
    fn upload_from_url() {
        let request = upload(&upload_params(Some("https://example.com/a.png"), None)).unwrap();
        assert_eq!(request.method, Method::POST);
        assert_eq!(request.path, "/api/v1/storage/s3");
        assert_eq!(
            request.body,
            Some(json!({
                "imageUrl": "https://example.com/a.png",
                "metadata": {"symbol": "BINANCE:ETHUSDT", "interval": "1h", "indicators": ["RSI"]},
            }))
        );
    }

    #[test]
    fn upload_from_data() {
        let request = upload(&upload_params(None, Some("iVBORw0KGgo="))).unwrap();
        let body = request.body.unwrap();
        assert_eq!(body["imageData"], json!("iVBORw0KGgo="));
        assert!(body.get("imageUrl").is_none());
    }

    #[test]
    fn upload_drops_empty_source() {
        let request = upload(&upload_params(Some(" "), Some("iVBORw0KGgo="))).unwrap();
        let body = request.body.unwrap();
        assert!(body.get("imageUrl").is_none(), "{body}");
        assert_eq!(body["imageData"], json!("iVBORw0KGgo="));
    }

    #[test]
    fn upload_rejects_both_sources() {
        let params = upload_params(Some("https://example.com/a.png"), Some("iVBORw0KGgo="));
        assert_eq!(upload(&params), Err(InputError::ImageSource));
    }

    #[test]
    fn upload_rejects_no_source() {
        assert_eq!(
            upload(&upload_params(None, None)),
            Err(InputError::ImageSource)
        );
        assert_eq!(
            upload(&upload_params(Some(""), None)),
            Err(InputError::ImageSource)
        );
    }

    #[test]
    fn exchanges_force_refresh() {
        let request = exchanges(&ExchangesParams {
            force_refresh: Some(false),
        });
        assert_eq!(request.path, "/api/v1/exchanges");
        assert_eq!(request.query, vec![("forceRefresh", "false".to_owned())]);
    }

    #[test]
    fn symbols_query_and_path() {
        let request = symbols(&SymbolsParams {
            exchange: "BINANCE".to_owned(),
            search: Some("ETH".to_owned()),
            limit: Some(5),
        })
        .unwrap();
        assert_eq!(request.path, "/api/v1/exchanges/BINANCE/symbols");
        assert_eq!(
            request.query,
            vec![("search", "ETH".to_owned()), ("limit", "5".to_owned())]
        );
    }

    #[test]
    fn symbols_encodes_exchange() {
        let request = symbols(&SymbolsParams {
            exchange: "CME MINI/x?y#z%".to_owned(),
            search: None,
            limit: None,
        })
        .unwrap();
        assert_eq!(
            request.path,
            "/api/v1/exchanges/CME%20MINI%2Fx%3Fy%23z%25/symbols"
        );
    }

    #[test]
    fn symbols_rejects_dot_segment() {
        let error = symbols(&SymbolsParams {
            exchange: "..".to_owned(),
            search: None,
            limit: None,
        })
        .unwrap_err();
        assert!(matches!(error, InputError::PathSegment { .. }), "{error}");
    }

    #[test]
    fn symbols_rejects_empty_exchange() {
        let error = symbols(&SymbolsParams {
            exchange: " ".to_owned(),
            search: None,
            limit: None,
        })
        .unwrap_err();
        assert_eq!(error, InputError::Empty { field: "exchange" });
    }

    #[test]
    fn documentation_section_query() {
        let request = documentation(&DocumentationParams {
            section: Some(Section::Indicators),
        });
        assert_eq!(request.path, "/api/v1/documentation");
        assert_eq!(request.query, vec![("section", "indicators".to_owned())]);
    }

    #[test]
    fn documentation_without_section() {
        let request = documentation(&DocumentationParams::default());
        assert!(request.query.is_empty());
    }

    #[test]
    fn list_query_in_order() {
        let request = list(&ListParams {
            symbol: Some("ETHUSDT".to_owned()),
            interval: Some("4h".to_owned()),
            from: Some("2025-11-01".to_owned()),
            to: None,
            limit: Some(10),
            cursor: Some("v1.abc".to_owned()),
        });
        assert_eq!(request.path, "/api/v1/storage/s3");
        assert_eq!(
            request.query,
            vec![
                ("symbol", "ETHUSDT".to_owned()),
                ("interval", "4h".to_owned()),
                ("from", "2025-11-01".to_owned()),
                ("limit", "10".to_owned()),
                ("cursor", "v1.abc".to_owned()),
            ]
        );
    }

    #[test]
    fn delete_keeps_slashes() {
        let request = delete(&DeleteParams {
            key: "charts/2025/11/ETHUSDT-4h-20251116T103000-abc12345.png".to_owned(),
        })
        .unwrap();
        assert_eq!(request.method, Method::DELETE);
        assert_eq!(
            request.path,
            "/api/v1/storage/s3/charts/2025/11/ETHUSDT-4h-20251116T103000-abc12345.png"
        );
    }

    #[test]
    fn delete_encodes_each_segment() {
        let request = delete(&DeleteParams {
            key: "charts/2025/11/BRK B?x#é.png".to_owned(),
        })
        .unwrap();
        assert_eq!(
            request.path,
            "/api/v1/storage/s3/charts/2025/11/BRK%20B%3Fx%23%C3%A9.png"
        );
    }

    #[test]
    fn delete_drops_leading_slash() {
        let request = delete(&DeleteParams {
            key: "/charts/a.png".to_owned(),
        })
        .unwrap();
        assert_eq!(request.path, "/api/v1/storage/s3/charts/a.png");
    }

    #[test]
    fn delete_rejects_parent_segment() {
        let error = delete(&DeleteParams {
            key: "charts/../../health".to_owned(),
        })
        .unwrap_err();
        assert_eq!(
            error,
            InputError::PathSegment {
                field: "key",
                value: "charts/../../health".to_owned(),
                problem: "the path segment `..`",
            }
        );
    }

    #[test]
    fn delete_rejects_empty_segment() {
        let error = delete(&DeleteParams {
            key: "charts//a.png".to_owned(),
        })
        .unwrap_err();
        assert!(
            error.to_string().contains("an empty path segment"),
            "{error}"
        );
    }

    #[test]
    fn delete_rejects_empty_key() {
        let error = delete(&DeleteParams {
            key: "/".to_owned(),
        })
        .unwrap_err();
        assert_eq!(error, InputError::Empty { field: "key" });
    }
}
