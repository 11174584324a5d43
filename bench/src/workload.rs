//! The requests each function is measured with, as plain HTTP bodies and as the API Gateway
//! REST proxy events Lambda hands the functions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration as CalendarDuration, SecondsFormat};
use clap::ValueEnum;
use serde_json::{Value, json};
use test_support::{ApiGatewayEvent, fixtures};

/// A Lambda function of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Function {
    Construct,
    Generate,
    Upload,
}

impl Function {
    pub fn name(self) -> &'static str {
        match self {
            Function::Construct => "construct",
            Function::Generate => "generate",
            Function::Upload => "upload",
        }
    }
}

/// The fixture image an upload sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Image {
    /// `eth-1h-chart-img-800x600.png`, 87,354 bytes.
    Png,
    /// `telegram-chart-screenshot-1080x2340.jpg`, 666,023 bytes.
    Jpeg,
}

/// The chart every generate request renders: 800 x 600 with one study, returned as base64
/// (`storage: false`), so the function neither uploads nor stores anything.
const GENERATE_BODY: &str = r#"{"config":{"symbol":"BINANCE:BTCUSDT","interval":"4h","width":800,"height":600,"studies":[{"name":"Relative Strength Index"}]},"storage":false}"#;

/// The `generatedAt` of the first upload. Each later upload adds one second, so every upload
/// creates a new object instead of returning an existing one.
const FIRST_GENERATED_AT: &str = "2025-01-01T00:00:00Z";

/// One kind of request, repeated with small variations.
pub struct Workload {
    function: Function,
    /// Request texts of `testdata/construct/dev-cases.jsonl`, for construct.
    texts: Vec<String>,
    /// The base64 fixture image, for upload.
    image_base64: Arc<String>,
    next: AtomicU64,
}

impl Workload {
    /// Builds the workload of `function`; `image` chooses the fixture that uploads send.
    pub fn new(function: Function, image: Image) -> Self {
        let texts = match function {
            Function::Construct => dev_case_texts(),
            _ => Vec::new(),
        };
        let image_base64 = match function {
            Function::Upload => {
                let bytes = match image {
                    Image::Png => fixtures::png(),
                    Image::Jpeg => fixtures::jpeg(),
                };
                Arc::new(STANDARD.encode(bytes))
            }
            _ => Arc::new(String::new()),
        };
        Workload {
            function,
            texts,
            image_base64,
            next: AtomicU64::new(0),
        }
    }

    pub fn function(&self) -> Function {
        self.function
    }

    /// Returns the method and path of the function's route.
    pub fn route(&self) -> (&'static str, &'static str) {
        match self.function {
            Function::Construct => ("POST", "/api/v1/charts/construct"),
            Function::Generate => ("POST", "/api/v1/charts/generate"),
            Function::Upload => ("POST", "/api/v1/storage/s3"),
        }
    }

    /// Returns the body of the next request: construct cycles through the dev cases, and each
    /// upload carries the next `generatedAt`.
    pub fn next_body(&self) -> String {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        match self.function {
            Function::Construct => {
                let text = &self.texts[index as usize % self.texts.len()];
                json!({ "naturalLanguage": text }).to_string()
            }
            Function::Generate => GENERATE_BODY.to_owned(),
            Function::Upload => {
                let first = DateTime::parse_from_rfc3339(FIRST_GENERATED_AT)
                    .expect("the first upload time is RFC 3339");
                let generated_at = (first + CalendarDuration::seconds(index as i64))
                    .to_rfc3339_opts(SecondsFormat::Secs, true);
                let metadata = json!({
                    "symbol": "BINANCE:BTCUSDT",
                    "interval": "1h",
                    "indicators": ["RSI"],
                    "generatedAt": generated_at,
                });
                format!(
                    r#"{{"imageData":"{}","metadata":{metadata}}}"#,
                    self.image_base64
                )
            }
        }
    }

    /// Returns the next request as a REST API proxy event with its own request id.
    pub fn next_event(&self, request_id: &str) -> String {
        let (method, path) = self.route();
        let event = ApiGatewayEvent::new(method, path).body(&self.next_body());
        let mut event: Value =
            serde_json::from_str(&event.to_json()).expect("the saved event is JSON");
        event["requestContext"]["requestId"] = json!(request_id);
        event["headers"]["Content-Type"] = json!("application/json");
        event["multiValueHeaders"]["Content-Type"] = json!(["application/json"]);
        event.to_string()
    }

    /// Returns whether `status` is a success for this workload. Construct returns 422 for the
    /// dev cases that are meant to fail, and each upload creates a new object (201).
    pub fn accepts(&self, status: u16) -> bool {
        match self.function {
            Function::Construct => status == 200 || status == 422,
            Function::Generate => status == 200,
            Function::Upload => status == 201,
        }
    }
}

fn dev_case_texts() -> Vec<String> {
    let path = fixtures::testdata("construct/dev-cases.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let case: Value = serde_json::from_str(line).expect("each dev case is JSON");
            case["text"]
                .as_str()
                .expect("each dev case has a text")
                .to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_get_distinct_times() {
        let workload = Workload::new(Function::Upload, Image::Png);
        let first: Value = serde_json::from_str(&workload.next_body()).unwrap();
        let second: Value = serde_json::from_str(&workload.next_body()).unwrap();
        assert_eq!(first["metadata"]["generatedAt"], "2025-01-01T00:00:00Z");
        assert_eq!(second["metadata"]["generatedAt"], "2025-01-01T00:00:01Z");
        assert!(first["imageData"].as_str().unwrap().len() > 100_000);
    }

    #[test]
    fn construct_cycles_dev_cases() {
        let workload = Workload::new(Function::Construct, Image::Png);
        let count = workload.texts.len();
        let first = workload.next_body();
        for _ in 1..count {
            workload.next_body();
        }
        assert_eq!(workload.next_body(), first);
    }

    #[test]
    fn event_carries_request_id_and_body() {
        let workload = Workload::new(Function::Generate, Image::Png);
        let event: Value = serde_json::from_str(&workload.next_event("req-7")).unwrap();
        assert_eq!(event["requestContext"]["requestId"], "req-7");
        assert_eq!(event["httpMethod"], "POST");
        assert_eq!(event["path"], "/api/v1/charts/generate");
        assert_eq!(event["body"], GENERATE_BODY);
        let request = lambda_http::request::from_str(&event.to_string());
        assert!(request.is_ok());
    }
}
