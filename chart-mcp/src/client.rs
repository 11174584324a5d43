//! The HTTP client of the chart API: sends one [`ApiRequest`] and unwraps the response envelope.
//!
//! Every failure becomes a [`ClientError`] whose message names the setting to check, and none
//! of them contains the API key. Redirects are not followed, so the key is only ever sent to
//! `CHART_API_URL`'s host. A response body larger than [`MAX_RESPONSE_BYTES`] is rejected.

use std::time::Duration;

use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use reqwest::redirect::Policy;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::request::ApiRequest;
use crate::settings::{API_KEY_VAR, API_URL_VAR, Settings, TIMEOUT_VAR};

/// The largest response body read. The API returns inline images of at most 4.4 MB, which are
/// about 5.9 MB as base64.
pub(crate) const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

/// Client of the chart API, built once and shared by every tool call.
#[derive(Debug, Clone)]
pub(crate) struct ApiClient {
    http: reqwest::Client,
    base: String,
    timeout: Duration,
}

/// The `data` and `meta.requestId` of a success envelope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiSuccess {
    pub(crate) data: Value,
    pub(crate) request_id: Option<String>,
}

/// A failed API request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ClientError {
    #[error(
        "could not connect to the chart API at {url}: {reason}. Check {API_URL_VAR}: it must be \
         the base URL of a running chart API"
    )]
    Unreachable { url: String, reason: String },

    #[error(
        "the chart API at {url} did not respond within {} ms; retry, or raise {TIMEOUT_VAR}",
        timeout.as_millis()
    )]
    TimedOut { url: String, timeout: Duration },

    #[error("{code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        code: String,
        message: String,
        details: Option<Value>,
        request_id: Option<String>,
    },

    #[error(
        "the server at {url} responded HTTP {status}{detail}, which is not a chart API response; \
         {hint}"
    )]
    NotTheApi {
        url: String,
        status: u16,
        detail: String,
        hint: String,
    },

    #[error(
        "the chart API's response from {url} is larger than {MAX_RESPONSE_BYTES} bytes; ask for \
         less, such as a smaller limit or one documentation section"
    )]
    TooLarge { url: String },
}

#[derive(Deserialize)]
struct Envelope {
    success: bool,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    error: Option<ErrorBody>,
    #[serde(default)]
    meta: Option<Meta>,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    message: String,
    #[serde(default)]
    details: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    #[serde(default)]
    request_id: Option<String>,
}

impl ApiClient {
    pub(crate) fn new(settings: &Settings) -> Result<Self, reqwest::Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(key) = &settings.api_key {
            headers.insert(API_KEY_HEADER, key.header_value());
        }

        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("chart-mcp/", env!("CARGO_PKG_VERSION")))
            .redirect(Policy::none())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()?;
        Ok(ApiClient {
            http,
            base: settings.api_base.clone(),
            timeout: settings.timeout,
        })
    }

    /// Sends `request` and returns the envelope's data.
    pub(crate) async fn send(&self, request: &ApiRequest) -> Result<ApiSuccess, ClientError> {
        let url = self.url(request)?;
        let shown = url.to_string();

        let mut builder = self.http.request(request.method.clone(), url);
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|error| self.transport_error(&shown, &error))?;

        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(&shown, &error))?
        {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(ClientError::TooLarge { url: shown });
            }
            body.extend_from_slice(&chunk);
        }
        read_envelope(&shown, status, &body)
    }

    fn url(&self, request: &ApiRequest) -> Result<Url, ClientError> {
        let text = format!("{}{}", self.base, request.path);
        let mut url = Url::parse(&text).map_err(|error| ClientError::Unreachable {
            url: text.clone(),
            reason: format!("the URL is invalid ({error})"),
        })?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }

    fn transport_error(&self, url: &str, error: &reqwest::Error) -> ClientError {
        if error.is_timeout() {
            return ClientError::TimedOut {
                url: url.to_owned(),
                timeout: self.timeout,
            };
        }
        ClientError::Unreachable {
            url: url.to_owned(),
            reason: describe(error),
        }
    }
}

/// Returns the causes of a transport error, which name what failed (connection refused, DNS,
/// TLS) without the URL that the caller already shows.
fn describe(error: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    if causes.is_empty() {
        return error.to_string();
    }
    causes.join(": ")
}

/// Unwraps a response: the data of a success envelope, or the error it carries.
fn read_envelope(url: &str, status: u16, body: &[u8]) -> Result<ApiSuccess, ClientError> {
    let envelope = serde_json::from_slice::<Envelope>(body).ok();
    let request_id = envelope
        .as_ref()
        .and_then(|envelope| envelope.meta.as_ref())
        .and_then(|meta| meta.request_id.clone());

    match envelope {
        Some(Envelope {
            success: true,
            data,
            ..
        }) if (200..300).contains(&status) => Ok(ApiSuccess {
            data: data.unwrap_or(Value::Null),
            request_id,
        }),
        Some(Envelope {
            success: false,
            error: Some(error),
            ..
        }) => Err(ClientError::Api {
            status,
            code: error.code,
            message: error.message,
            details: error.details.filter(|details| !is_empty(details)),
            request_id,
        }),
        _ => Err(not_the_api(url, status, body)),
    }
}

/// Describes a response without the envelope, such as API Gateway's own
/// `{"message": "Forbidden"}` for a missing key, or another server at that address.
fn not_the_api(url: &str, status: u16, body: &[u8]) -> ClientError {
    let message = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|value| value.get("message")?.as_str().map(str::to_owned));
    let detail = match message {
        Some(message) => format!(" with the message `{message}`"),
        None => String::new(),
    };
    let hint = match status {
        401 | 403 => format!(
            "check {API_KEY_VAR}: a deployed API needs its key, which `aws apigateway get-api-key \
             --include-value` prints"
        ),
        404 => format!(
            "check {API_URL_VAR}: it must be the base URL that the routes follow, such as the \
             stack's ApiUrl output"
        ),
        _ => format!("check that {API_URL_VAR} points at the chart API"),
    };
    ClientError::NotTheApi {
        url: url.to_owned(),
        status,
        detail,
        hint,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use serde_json::json;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::params::HealthParams;
    use crate::request;

    const URL: &str = "http://127.0.0.1:3010/api/v1/health";

    fn read(status: u16, body: &Value) -> Result<ApiSuccess, ClientError> {
        read_envelope(URL, status, body.to_string().as_bytes())
    }

    fn client(variables: &[(&str, String)]) -> ApiClient {
        let settings = Settings::from_lookup(|name| {
            variables
                .iter()
                .find(|(variable, _)| *variable == name)
                .map(|(_, value)| OsString::from(value))
        })
        .unwrap();
        ApiClient::new(&settings).unwrap()
    }

    /// Serves one connection on loopback with `head` (status line and headers) and `body`, and
    /// returns the base URL and the request head it read.
    async fn serve_once(
        head: &'static str,
        body: &'static str,
    ) -> (String, tokio::task::JoinHandle<String>) {
        let response = format!("{head}content-length: {}\r\n\r\n{body}", body.len());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut received = Vec::new();
            let mut buffer = [0u8; 4096];
            while !received.windows(4).any(|window| window == b"\r\n\r\n") {
                let read = stream.read(&mut buffer).await.unwrap();
                if read == 0 {
                    break;
                }
                received.extend_from_slice(&buffer[..read]);
            }
            stream.write_all(response.as_bytes()).await.unwrap();
            stream.shutdown().await.unwrap();
            String::from_utf8_lossy(&received).into_owned()
        });
        (base, task)
    }

    #[test]
    fn envelope_success_returns_data() {
        let success = read(
            200,
            &json!({"success": true, "data": {"status": "ok"}, "meta": {"requestId": "r-1"}}),
        )
        .unwrap();
        assert_eq!(success.data, json!({"status": "ok"}));
        assert_eq!(success.request_id.as_deref(), Some("r-1"));
    }

    #[test]
    fn envelope_error_keeps_code_and_status() {
        let error = read(
            422,
            &json!({
                "success": false,
                "error": {"code": "INVALID_CONFIG", "message": "interval: invalid", "details": {}},
                "meta": {"requestId": "r-2"},
            }),
        )
        .unwrap_err();
        let ClientError::Api {
            status,
            code,
            message,
            details,
            request_id,
        } = &error
        else {
            panic!("expected an API error, got {error:?}");
        };
        assert_eq!(*status, 422);
        assert_eq!(code, "INVALID_CONFIG");
        assert_eq!(message, "interval: invalid");
        assert_eq!(*details, None);
        assert_eq!(request_id.as_deref(), Some("r-2"));
        assert_eq!(
            error.to_string(),
            "INVALID_CONFIG (HTTP 422): interval: invalid"
        );
    }

    #[test]
    fn envelope_error_keeps_details() {
        let error = read(
            422,
            &json!({
                "success": false,
                "error": {"code": "VALIDATION_ERROR", "message": "m", "details": {"field": "x"}},
            }),
        )
        .unwrap_err();
        assert!(
            matches!(&error, ClientError::Api { details: Some(details), .. } if details["field"] == "x"),
            "{error:?}"
        );
    }

    #[test]
    fn gateway_forbidden_names_api_key() {
        let error = read(403, &json!({"message": "Forbidden"})).unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, ClientError::NotTheApi { status: 403, .. }));
        assert!(message.contains("`Forbidden`"), "{message}");
        assert!(message.contains(API_KEY_VAR), "{message}");
    }

    #[test]
    fn html_not_found_names_api_url() {
        let error = read_envelope(URL, 404, b"<html>Not Found</html>").unwrap_err();
        assert!(error.to_string().contains(API_URL_VAR), "{error}");
    }

    #[test]
    fn success_flag_with_error_status_is_not_data() {
        let error = read(500, &json!({"success": true, "data": {}})).unwrap_err();
        assert!(matches!(error, ClientError::NotTheApi { status: 500, .. }));
    }

    #[tokio::test]
    async fn send_adds_key_header_and_query() {
        let (base, server) = serve_once(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n",
            r#"{"success":true,"data":{"status":"ok"}}"#,
        )
        .await;
        let client = client(&[
            (API_URL_VAR, format!("{base}/api/v1")),
            (API_KEY_VAR, "secret-key".to_owned()),
        ]);

        let success = client
            .send(&request::health(&HealthParams { deep: Some(true) }))
            .await
            .unwrap();
        let received = server.await.unwrap().to_ascii_lowercase();

        assert_eq!(success.data, json!({"status": "ok"}));
        assert!(
            received.starts_with("get /api/v1/health?deep=true http/1.1"),
            "{received}"
        );
        assert!(received.contains("x-api-key: secret-key"), "{received}");
    }

    #[tokio::test]
    async fn send_does_not_follow_redirects() {
        let (base, server) = serve_once(
            "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/elsewhere\r\n",
            "",
        )
        .await;
        let client = client(&[(API_URL_VAR, base)]);

        let error = client
            .send(&request::health(&HealthParams::default()))
            .await
            .unwrap_err();
        server.await.unwrap();

        assert!(
            matches!(error, ClientError::NotTheApi { status: 302, .. }),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn closed_port_names_api_url() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let client = client(&[(API_URL_VAR, base.clone())]);

        let error = client
            .send(&request::health(&HealthParams::default()))
            .await
            .unwrap_err();

        assert!(
            matches!(error, ClientError::Unreachable { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(API_URL_VAR), "{message}");
        assert!(message.contains(&base), "{message}");
    }

    #[tokio::test]
    async fn silent_server_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(3)).await;
            drop(stream);
        });
        let client = client(&[(API_URL_VAR, base), (TIMEOUT_VAR, "1000".to_owned())]);

        let error = client
            .send(&request::health(&HealthParams::default()))
            .await
            .unwrap_err();
        server.abort();

        assert!(matches!(error, ClientError::TimedOut { .. }), "{error:?}");
        assert!(error.to_string().contains(TIMEOUT_VAR), "{error}");
    }
}
