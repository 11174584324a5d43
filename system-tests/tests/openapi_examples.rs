//! Sends every example request of `infra/openapi.yaml` to the local API, started in-process on
//! the embedded store in front of the chart-img stand-in, and checks that each gets the status
//! under which the description lists the response example of the same name.
//!
//! A request example is a request body example or a set of parameter examples that share a
//! name; its response example has that name too. Requests go out in the order of the
//! description, so an upload comes before the listing and the delete that find it. Response
//! examples without a request of the same name, such as a spent chart-img quota, are not sent.

use std::collections::BTreeMap;

use fake_chart_img::{FakeConfig, RunningFake};
use local_api::{LocalApi, LocalApiOptions, S3Target};
use serde_json::Value as Json;
use serde_yaml_ng::Value;
use shared::settings::Settings;
use system_tests::load_yaml;
use tempfile::TempDir;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The local API in front of the stand-in, storing into a temporary folder.
struct Running {
    api: LocalApi,
    _fake: RunningFake,
    _data: TempDir,
}

async fn start() -> Running {
    let fake = fake_chart_img::start(FakeConfig {
        rate_limits: false,
        ..FakeConfig::default()
    })
    .await
    .expect("the stand-in starts on loopback");
    let variables = BTreeMap::from([
        ("CHART_IMG_BASE_URL", fake.base_url()),
        ("CHART_IMG_API_KEY", "test-key".to_owned()),
        ("CHART_IMG_PLAN", "PRO".to_owned()),
        // Only the stand-in's own origin, so no `imageUrl` example can reach another host.
        ("IMAGE_URL_ALLOWED_ORIGINS", fake.base_url()),
    ]);
    let settings =
        Settings::from_lookup(|name| variables.get(name).cloned()).expect("valid test settings");
    let data = tempfile::tempdir().expect("creating a data folder");
    let api = LocalApi::start(LocalApiOptions {
        settings,
        port: 0,
        s3: S3Target::Embedded {
            data_dir: data.path().to_path_buf(),
        },
    })
    .await
    .expect("starting the local API");
    Running {
        api,
        _fake: fake,
        _data: data,
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("building an HTTP client")
}

/// Follows a local `$ref` such as `#/components/responses/BadRequest`.
fn resolve<'a>(description: &'a Value, node: &'a Value) -> &'a Value {
    let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
        return node;
    };
    let pointer = reference
        .strip_prefix("#/")
        .unwrap_or_else(|| panic!("only local references are supported: {reference}"));
    let target = pointer
        .split('/')
        .fold(description, |node, segment| &node[segment]);
    resolve(description, target)
}

fn example_names(node: &Value) -> Vec<String> {
    node["examples"]
        .as_mapping()
        .map(|examples| {
            examples
                .keys()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// One example request, ready to send.
#[derive(Debug)]
struct ExampleRequest {
    /// The method and path of the operation, such as `GET /api/v1/health`.
    operation: String,
    /// `{operation} example {name}`, for messages.
    label: String,
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Json>,
    /// The documented status and response example.
    expected: Option<(u16, Json)>,
}

/// Renders a parameter example as it appears in a URL.
fn parameter_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        other => panic!("parameter examples are scalars, not {other:?}"),
    }
}

/// Returns the status and value of the response example named `name`, if exactly one status
/// lists it.
fn documented_response(description: &Value, operation: &Value, name: &str) -> Option<(u16, Json)> {
    let responses = operation["responses"].as_mapping()?;
    let mut found = Vec::new();
    for (status, response) in responses {
        let response = resolve(description, response);
        let example = &response["content"]["application/json"]["examples"][name]["value"];
        if example.is_null() {
            continue;
        }
        let status: u16 = status
            .as_str()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("status {status:?} is not a number"));
        let value = serde_json::to_value(example).expect("examples convert to JSON");
        found.push((status, value));
    }
    (found.len() == 1).then(|| found.remove(0))
}

fn example_requests(description: &Value) -> Vec<ExampleRequest> {
    let paths = description["paths"]
        .as_mapping()
        .expect("the description has paths");
    let mut requests = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().expect("paths are strings");
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let parameters: Vec<&Value> = operation["parameters"]
                .as_sequence()
                .map(|list| list.iter().map(|node| resolve(description, node)).collect())
                .unwrap_or_default();
            let body_examples = &operation["requestBody"]["content"]["application/json"];

            let mut names = example_names(body_examples);
            for parameter in &parameters {
                for name in example_names(parameter) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }

            for name in names {
                let mut target = path.to_owned();
                let mut query = Vec::new();
                for parameter in &parameters {
                    let example = &parameter["examples"][name.as_str()]["value"];
                    if example.is_null() {
                        continue;
                    }
                    let parameter_name = parameter["name"].as_str().expect("parameters have names");
                    let text = parameter_text(example);
                    match parameter["in"].as_str() {
                        Some("path") => {
                            target = target.replace(&format!("{{{parameter_name}}}"), &text);
                        }
                        Some("query") => query.push((parameter_name.to_owned(), text)),
                        other => panic!("parameters in {other:?} are not supported"),
                    }
                }
                let body = &body_examples["examples"][name.as_str()]["value"];
                let operation_label = format!("{} {path}", method.to_ascii_uppercase());
                requests.push(ExampleRequest {
                    label: format!("{operation_label} example {name}"),
                    operation: operation_label,
                    method: method.to_ascii_uppercase().parse().expect("a valid method"),
                    path: target,
                    query,
                    body: (!body.is_null())
                        .then(|| serde_json::to_value(body).expect("examples convert to JSON")),
                    expected: documented_response(description, operation, &name),
                });
            }
        }
    }
    requests
}

/// Sends one request and returns its status and JSON body.
async fn send(base_url: &str, request: &ExampleRequest) -> (u16, Json) {
    let mut builder = http()
        .request(
            request.method.clone(),
            format!("{base_url}{}", request.path),
        )
        .query(&request.query);
    if let Some(body) = &request.body {
        builder = builder.json(body);
    }
    let response = builder.send().await.unwrap_or_else(|error| {
        panic!("{}: the request failed: {error}", request.label);
    });
    let status = response.status().as_u16();
    let body = response
        .json()
        .await
        .unwrap_or_else(|error| panic!("{}: the body is not JSON: {error}", request.label));
    (status, body)
}

#[tokio::test]
async fn examples_get_documented_status() {
    let description = load_yaml("infra/openapi.yaml");
    let requests = example_requests(&description);
    let running = start().await;

    let undocumented: Vec<&str> = requests
        .iter()
        .filter(|request| request.expected.is_none())
        .map(|request| request.label.as_str())
        .collect();
    assert!(
        undocumented.is_empty(),
        "example requests whose name is under no response, or under several: {undocumented:#?}"
    );

    let mut mismatched = Vec::new();
    for request in &requests {
        let Some((expected_status, expected_body)) = &request.expected else {
            continue;
        };
        let (status, body) = send(running.api.base_url(), request).await;
        if status != *expected_status {
            mismatched.push(format!(
                "{}: status {status}, documented {expected_status}: {body}",
                request.label
            ));
        } else if body["error"]["code"] != expected_body["error"]["code"] {
            mismatched.push(format!(
                "{}: error code {}, documented {}",
                request.label, body["error"]["code"], expected_body["error"]["code"]
            ));
        }
    }
    assert!(mismatched.is_empty(), "{mismatched:#?}");
}

#[test]
fn examples_cover_every_operation() {
    let description = load_yaml("infra/openapi.yaml");
    let requests = example_requests(&description);
    let paths = description["paths"].as_mapping().unwrap();
    for (path, item) in paths {
        let path = path.as_str().unwrap();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let has_inputs =
                operation.get("parameters").is_some() || operation.get("requestBody").is_some();
            let operation_label = format!("{} {path}", method.to_ascii_uppercase());
            let examples = requests
                .iter()
                .filter(|request| request.operation == operation_label)
                .count();
            assert!(
                !has_inputs || examples >= 2,
                "{operation_label} has {examples} example requests; give it a success and an \
                 error example"
            );
        }
    }
}

#[tokio::test]
async fn served_description_matches_yaml() {
    let description = load_yaml("infra/openapi.yaml");
    let running = start().await;

    let response = http()
        .get(format!("{}/api/v1/openapi.json", running.api.base_url()))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let served: Json = response.json().await.unwrap();
    assert_eq!(served, serde_json::to_value(&description).unwrap());
}
