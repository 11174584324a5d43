//! Compares `infra/openapi.yaml` with the service: its operations with the function crates'
//! route tables and the routes `template.yaml` deploys, its security with the template's API
//! key requirements, and its enums and limits with the tables the service validates against.

use std::collections::BTreeSet;

use serde_yaml_ng::Value;
use shared::chart::{
    DRAWINGS, ImageFormat, Interval, MIN_HEIGHT, MIN_WIDTH, Plan, RangePreset, STUDIES, Scale,
    Session, Style, Theme,
};
use system_tests::{
    Route, deployed_routes, is_open, load_template, load_yaml, openapi_path, served_routes,
};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn description() -> Value {
    load_yaml("infra/openapi.yaml")
}

/// Lists each operation of the description as a method and path, with the operation.
fn operations(description: &Value) -> Vec<(Route, &Value)> {
    let paths = description["paths"]
        .as_mapping()
        .expect("the description has a paths mapping");
    let mut operations = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().expect("paths are strings");
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                operations.push(((method.to_ascii_uppercase(), path.to_owned()), operation));
            }
        }
    }
    operations
}

fn described_routes(description: &Value) -> BTreeSet<Route> {
    operations(description)
        .into_iter()
        .map(|(route, _)| route)
        .collect()
}

/// Returns whether an operation needs the API key, from its own `security` or the document's.
fn requires_api_key(description: &Value, operation: &Value) -> bool {
    let security = operation
        .get("security")
        .unwrap_or(&description["security"]);
    security
        .as_sequence()
        .is_some_and(|requirements| requirements.iter().any(|item| item.get("ApiKey").is_some()))
}

fn schema<'a>(description: &'a Value, name: &str) -> &'a Value {
    &description["components"]["schemas"][name]
}

fn enum_values(schema: &Value) -> Vec<String> {
    schema["enum"]
        .as_sequence()
        .unwrap_or_else(|| panic!("not an enum: {schema:?}"))
        .iter()
        .map(|value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("{value:?} is not a string"))
                .to_owned()
        })
        .collect()
}

fn words<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|value| name(*value).to_owned()).collect()
}

#[test]
fn description_has_every_served_route() {
    let described = described_routes(&description());
    let missing: Vec<Route> = served_routes()
        .into_keys()
        .map(|(method, path)| (method, openapi_path(&path)))
        .filter(|route| !described.contains(route))
        .collect();
    assert!(
        missing.is_empty(),
        "served by a function crate but absent from infra/openapi.yaml: {missing:?}"
    );
}

#[test]
fn description_has_only_served_routes() {
    let served: BTreeSet<Route> = served_routes()
        .into_keys()
        .map(|(method, path)| (method, openapi_path(&path)))
        .collect();
    let unserved: Vec<Route> = described_routes(&description())
        .into_iter()
        .filter(|route| !served.contains(route))
        .collect();
    assert!(
        unserved.is_empty(),
        "in infra/openapi.yaml but served by no function crate: {unserved:?}"
    );
}

#[test]
fn description_matches_template_routes() {
    let deployed: BTreeSet<Route> = deployed_routes(&load_template())
        .into_iter()
        .map(|deployed| (deployed.route.0, openapi_path_of(&deployed.route.1)))
        .collect();
    assert_eq!(described_routes(&description()), deployed);
}

#[test]
fn security_matches_template_api_keys() {
    let description = description();
    let template = load_template();
    let deployed = deployed_routes(&template);
    for ((method, path), operation) in operations(&description) {
        let route = deployed
            .iter()
            .find(|deployed| {
                deployed.route.0 == method && openapi_path_of(&deployed.route.1) == path
            })
            .unwrap_or_else(|| panic!("{method} {path} is not in template.yaml"));
        assert_eq!(
            requires_api_key(&description, operation),
            route.api_key_required,
            "{method} {path}: the description and template.yaml disagree on the API key"
        );
    }
}

#[test]
fn only_open_routes_skip_api_key() {
    let description = description();
    for (route, operation) in operations(&description) {
        assert_eq!(
            requires_api_key(&description, operation),
            !is_open(&route),
            "{route:?}"
        );
    }
}

#[test]
fn api_key_scheme_is_x_api_key_header() {
    let description = description();
    let scheme = &description["components"]["securitySchemes"]["ApiKey"];
    assert_eq!(scheme["type"].as_str(), Some("apiKey"));
    assert_eq!(scheme["in"].as_str(), Some("header"));
    assert_eq!(scheme["name"].as_str(), Some("x-api-key"));
}

#[test]
fn operations_have_unique_ids() {
    let description = description();
    let mut seen = BTreeSet::new();
    for (route, operation) in operations(&description) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{route:?} has no operationId"));
        assert!(seen.insert(id.to_owned()), "operationId {id} is repeated");
    }
}

#[test]
fn version_is_crate_version() {
    assert_eq!(
        description()["info"]["version"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn enums_match_chart_tables() {
    let description = description();
    let cases = [
        ("Interval", words(Interval::ALL, Interval::as_str)),
        ("RangePreset", words(RangePreset::ALL, RangePreset::as_str)),
        ("Theme", words(Theme::ALL, Theme::as_str)),
        ("Style", words(Style::ALL, Style::as_str)),
        ("Scale", words(Scale::ALL, Scale::as_str)),
        ("Session", words(Session::ALL, Session::as_str)),
        ("ImageFormat", words(ImageFormat::ALL, ImageFormat::as_str)),
        ("Plan", words(Plan::ALL, Plan::as_str)),
        (
            "StudyName",
            STUDIES.iter().map(|spec| spec.name.to_owned()).collect(),
        ),
        (
            "DrawingName",
            DRAWINGS.iter().map(|spec| spec.name.to_owned()).collect(),
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(
            enum_values(schema(&description, name)),
            expected,
            "components.schemas.{name}"
        );
    }
}

#[test]
fn sizes_match_plan_limits() {
    let description = description();
    let properties = &schema(&description, "ChartConfig")["properties"];
    let largest = |limit: fn(Plan) -> u32| Plan::ALL.iter().map(|plan| limit(*plan)).max();

    assert_eq!(
        properties["width"]["minimum"].as_u64(),
        Some(u64::from(MIN_WIDTH))
    );
    assert_eq!(
        properties["height"]["minimum"].as_u64(),
        Some(u64::from(MIN_HEIGHT))
    );
    assert_eq!(
        properties["width"]["maximum"].as_u64(),
        largest(|plan| plan.limits().max_width).map(u64::from)
    );
    assert_eq!(
        properties["height"]["maximum"].as_u64(),
        largest(|plan| plan.limits().max_height).map(u64::from)
    );
}

#[test]
fn text_limit_matches_construct() {
    let description = description();
    let text = &schema(&description, "ConstructRequest")["properties"]["naturalLanguage"];
    assert_eq!(
        text["maxLength"].as_u64(),
        Some(shared::construct::MAX_TEXT_CHARS as u64)
    );
}

/// Rewrites a path in API Gateway's syntax for the description: `{key+}` becomes `{key}`.
fn openapi_path_of(api_gateway_path: &str) -> String {
    api_gateway_path.replace("+}", "}")
}
