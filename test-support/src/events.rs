//! API Gateway REST API proxy events, for feeding handlers the exact shape Lambda receives.
//! The saved events in `testdata/events/` come from `sam local generate-event apigateway
//! aws-proxy`; a builder starts from one and sets the method, path, query and body.

use serde_json::{Map, Value, json};

use crate::fixtures::testdata;

/// A REST API proxy event.
#[derive(Debug, Clone)]
pub struct ApiGatewayEvent {
    event: Value,
}

impl ApiGatewayEvent {
    /// Loads `testdata/events/{name}.json` as it is.
    pub fn load(name: &str) -> Self {
        let path = testdata(&format!("events/{name}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let event = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
        ApiGatewayEvent { event }
    }

    /// Starts from SAM's generic event with the given method and path, no query and no body.
    pub fn new(method: &str, path: &str) -> Self {
        let mut event = Self::load("apigateway-aws-proxy");
        event.event["httpMethod"] = json!(method);
        event.event["requestContext"]["httpMethod"] = json!(method);
        event.event["path"] = json!(path);
        event.event["resource"] = json!(path);
        event.event["requestContext"]["resourcePath"] = json!(path);
        event.event["requestContext"]["stage"] = json!("Prod");
        event.event["requestContext"]["path"] = json!(format!("/Prod{path}"));
        event.event["pathParameters"] = Value::Null;
        event.body_text(None).query(&[])
    }

    /// Sets the body as API Gateway sends text: as it is, not base64-encoded.
    pub fn body(self, body: &str) -> Self {
        self.body_text(Some(body))
    }

    fn body_text(mut self, body: Option<&str>) -> Self {
        self.event["body"] = body.map_or(Value::Null, |text| json!(text));
        self.event["isBase64Encoded"] = json!(false);
        self
    }

    /// Replaces the query string parameters, single- and multi-valued alike.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        if pairs.is_empty() {
            self.event["queryStringParameters"] = Value::Null;
            self.event["multiValueQueryStringParameters"] = Value::Null;
            return self;
        }
        let mut single = Map::new();
        let mut multi = Map::new();
        for (name, value) in pairs {
            single.insert((*name).to_owned(), json!(value));
            multi.insert((*name).to_owned(), json!([value]));
        }
        self.event["queryStringParameters"] = Value::Object(single);
        self.event["multiValueQueryStringParameters"] = Value::Object(multi);
        self
    }

    /// Returns the event's request id, which the envelope's `meta.requestId` must repeat.
    pub fn request_id(&self) -> String {
        self.event["requestContext"]["requestId"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn to_json(&self) -> String {
        self.event.to_string()
    }

    /// Turns the event into the request a Lambda handler receives.
    pub fn into_request(self) -> lambda_http::Request {
        lambda_http::request::from_str(&self.to_json())
            .unwrap_or_else(|error| panic!("lambda_http rejected the event: {error}"))
    }
}
