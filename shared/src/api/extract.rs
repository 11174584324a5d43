//! Request extractors that reject bad input with the envelope's codes: 400 for a body that is
//! not JSON, 413 for one over the limit, 422 naming the field for JSON of the wrong shape.

use std::fmt;
use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::json;

use super::error::{ApiError, ErrorCode};

/// The body size accepted when a route sets no [`BodyLimit`] of its own.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// The largest body, in bytes, that [`JsonBody`] reads on the routes it is added to as a request
/// extension.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON object body. Any `Content-Type` is accepted, because clients such as `curl -d` send
/// the form type by default, and the body's own syntax decides.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        let limit = request
            .extensions()
            .get::<BodyLimit>()
            .map_or(DEFAULT_BODY_LIMIT, |limit| limit.0);
        let bytes = match Limited::new(request.into_body(), limit).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("request body is larger than the {limit}-byte limit of this route"),
                ));
            }
            Err(error) => {
                return Err(
                    ApiError::bad_request("reading the request body failed").with_cause(error)
                );
            }
        };
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses a JSON object body, telling syntax errors (400) from shape errors (422, naming the
/// field).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "request body is empty; send a JSON object",
        ));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer)
        .map(|Object(value)| value)
        .map_err(|error| {
            let field = error.path().to_string();
            let inner = error.into_inner();
            if inner.is_data() {
                let message = if field == "." {
                    inner.to_string()
                } else {
                    format!("{field}: {inner}")
                };
                ApiError::validation(message).with_details(json!({ "field": field }))
            } else {
                ApiError::bad_request(format!("request body is not valid JSON: {inner}"))
            }
        })
}

/// Deserializes a struct from a JSON object only, for `#[serde(deserialize_with)]` on struct
/// fields. serde's derived structs also read a JSON list as their fields in order, so without it
/// `["4h"]` would pass as `{"interval": "4h"}`.
pub fn deserialize_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// A value that [`deserialize_object`] read, for the top level of a body.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_object(deserializer).map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// Query parameters. A value of the wrong type is a 422 that names the parameter.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(QueryParams)
            .map_err(|error| {
                let field = error.path().to_string();
                let message = if field == "." {
                    format!("invalid query string: {}", error.inner())
                } else {
                    format!("query parameter {field}: {}", error.inner())
                };
                ApiError::validation(message).with_details(json!({ "field": field }))
            })
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Probe {
        natural_language: String,
        #[allow(dead_code)]
        count: Option<u32>,
    }

    #[test]
    fn parse_json_syntax_error_is_bad_request() {
        let error = parse_json::<Probe>(b"{not json").unwrap_err();
        assert_eq!(error.code, ErrorCode::BadRequest);
        assert!(
            error.message.contains("not valid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn parse_json_empty_body_is_bad_request() {
        let error = parse_json::<Probe>(b"  ").unwrap_err();
        assert_eq!(error.code, ErrorCode::BadRequest);
    }

    #[test]
    fn parse_json_wrong_type_names_field() {
        let error =
            parse_json::<Probe>(br#"{"naturalLanguage": "btc", "count": "x"}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationError);
        assert!(error.message.starts_with("count:"), "{}", error.message);
    }

    #[test]
    fn parse_json_unknown_field_is_validation_error() {
        let error = parse_json::<Probe>(br#"{"natural_language": "btc"}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationError);
        assert!(
            error.message.contains("naturalLanguage"),
            "{}",
            error.message
        );
    }

    #[test]
    fn parse_json_list_body_is_validation_error() {
        let error = parse_json::<Probe>(br#"["btc", null]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationError);
        assert!(error.message.contains("a JSON object"), "{}", error.message);
    }

    #[test]
    fn parse_json_accepts_valid_body() {
        let probe = parse_json::<Probe>(br#"{"naturalLanguage": "btc"}"#).unwrap();
        assert_eq!(probe.natural_language, "btc");
    }
}
