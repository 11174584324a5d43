//! Compares the routes in `template.yaml` with the route tables of the three function crates,
//! which the local server also serves. A route is deployed exactly when a crate serves it, and on
//! that crate's function. Every route except the open ones requires an API key.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_yaml_ng::Value;
use shared::api::describe;

/// Routes that callers reach without an API key: monitors poll health, and clients read the
/// OpenAPI description before they have a key.
const OPEN_ROUTES: [(&str, &str); 2] = [("GET", "/api/v1/health"), ("GET", "/api/v1/openapi.json")];

/// A method and a path in API Gateway's syntax (`{id}`, `{key+}`).
type Route = (String, String);

/// One `Type: Api` event of a function in the template.
#[derive(Debug)]
struct DeployedRoute {
    route: Route,
    /// Logical id of the function resource.
    function: String,
    /// Last segment of the function's `CodeUri`, which is its crate's folder and name.
    crate_name: String,
    /// Logical id named by `RestApiId: !Ref ...`, if the event has one.
    rest_api: Option<String>,
    api_key_required: bool,
}

/// Rewrites an axum path for API Gateway: `{*rest}` becomes `{rest+}`; `{id}` stays.
fn api_gateway_path(axum_path: &str) -> String {
    axum_path
        .split('/')
        .map(|segment| match segment.strip_prefix("{*") {
            Some(rest) => format!("{{{}+}}", rest.trim_end_matches('}')),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Returns each served route with the crate that serves it.
fn served_routes() -> BTreeMap<Route, &'static str> {
    let tables = [
        ("construct", describe(&construct::endpoints())),
        ("generate", describe(&generate::endpoints())),
        ("upload", describe(&upload::endpoints())),
    ];
    let mut served = BTreeMap::new();
    for (crate_name, table) in tables {
        for (method, path) in table {
            let route = (method.as_str().to_owned(), api_gateway_path(path));
            let previous = served.insert(route.clone(), crate_name);
            assert!(
                previous.is_none(),
                "{route:?} is served by both {crate_name} and {previous:?}"
            );
        }
    }
    served
}

fn load_template() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_yaml_ng::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid YAML: {error}", path.display()))
}

fn resources(template: &Value) -> &serde_yaml_ng::Mapping {
    template["Resources"]
        .as_mapping()
        .expect("template.yaml has a Resources mapping")
}

/// Returns the logical id in `!Ref Name` or `{Ref: Name}`.
fn ref_target(value: &Value) -> Option<String> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" => tagged.value.as_str().map(str::to_owned),
        Value::Mapping(_) => value["Ref"].as_str().map(str::to_owned),
        _ => None,
    }
}

/// Returns whether an API requires a key on routes without their own `Auth.ApiKeyRequired`.
fn api_requires_key_by_default(template: &Value, api: &str) -> bool {
    let own = &template["Resources"][api]["Properties"]["Auth"]["ApiKeyRequired"];
    let global = &template["Globals"]["Api"]["Auth"]["ApiKeyRequired"];
    own.as_bool().or(global.as_bool()).unwrap_or(false)
}

fn deployed_routes(template: &Value) -> Vec<DeployedRoute> {
    let mut deployed = Vec::new();
    for (id, resource) in resources(template) {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let function = id.as_str().expect("resource ids are strings").to_owned();
        let code_uri = resource["Properties"]["CodeUri"]
            .as_str()
            .unwrap_or_else(|| panic!("{function} has no CodeUri path"));
        let crate_name = code_uri.trim_end_matches('/').rsplit('/').next().unwrap();
        let Some(events) = resource["Properties"]["Events"].as_mapping() else {
            continue;
        };

        for event in events.values() {
            if event["Type"].as_str() != Some("Api") {
                continue;
            }
            let properties = &event["Properties"];
            let method = properties["Method"]
                .as_str()
                .unwrap_or_else(|| panic!("an Api event of {function} has no Method"));
            let path = properties["Path"]
                .as_str()
                .unwrap_or_else(|| panic!("an Api event of {function} has no Path"));
            let rest_api = ref_target(&properties["RestApiId"]);
            let api_key_required = match properties["Auth"]["ApiKeyRequired"].as_bool() {
                Some(required) => required,
                None => rest_api
                    .as_deref()
                    .is_some_and(|api| api_requires_key_by_default(template, api)),
            };
            deployed.push(DeployedRoute {
                route: (method.to_ascii_uppercase(), path.to_owned()),
                function: function.clone(),
                crate_name: crate_name.to_owned(),
                rest_api,
                api_key_required,
            });
        }
    }
    deployed
}

fn is_open(route: &Route) -> bool {
    OPEN_ROUTES
        .iter()
        .any(|(method, path)| route.0 == *method && route.1 == *path)
}

#[test]
fn template_deploys_every_served_route() {
    let deployed: BTreeSet<Route> = deployed_routes(&load_template())
        .into_iter()
        .map(|deployed| deployed.route)
        .collect();
    let served = served_routes();
    let missing: Vec<&Route> = served
        .keys()
        .filter(|route| !deployed.contains(*route))
        .collect();
    assert!(
        missing.is_empty(),
        "served by a function crate but absent from template.yaml: {missing:?}"
    );
}

#[test]
fn template_deploys_only_served_routes() {
    let served = served_routes();
    let unserved: Vec<DeployedRoute> = deployed_routes(&load_template())
        .into_iter()
        .filter(|deployed| !served.contains_key(&deployed.route))
        .collect();
    assert!(
        unserved.is_empty(),
        "in template.yaml but served by no function crate: {unserved:?}"
    );
}

#[test]
fn template_declares_each_route_once() {
    let mut seen = BTreeSet::new();
    let repeated: Vec<Route> = deployed_routes(&load_template())
        .into_iter()
        .filter_map(|deployed| (!seen.insert(deployed.route.clone())).then_some(deployed.route))
        .collect();
    assert!(
        repeated.is_empty(),
        "declared more than once in template.yaml: {repeated:?}"
    );
}

#[test]
fn routes_run_on_serving_function() {
    let served = served_routes();
    let misplaced: Vec<String> = deployed_routes(&load_template())
        .into_iter()
        .filter_map(|deployed| {
            let server = served.get(&deployed.route)?;
            (*server != deployed.crate_name).then(|| {
                format!(
                    "{} {} is attached to {} (crate {}) but served by crate {server}",
                    deployed.route.0, deployed.route.1, deployed.function, deployed.crate_name
                )
            })
        })
        .collect();
    assert!(misplaced.is_empty(), "{misplaced:#?}");
}

#[test]
fn api_events_name_a_template_api() {
    let template = load_template();
    let unattached: Vec<String> = deployed_routes(&template)
        .into_iter()
        .filter(|deployed| {
            let api_type = deployed
                .rest_api
                .as_deref()
                .and_then(|api| template["Resources"][api]["Type"].as_str());
            api_type != Some("AWS::Serverless::Api")
        })
        .map(|deployed| format!("{} {}", deployed.route.0, deployed.route.1))
        .collect();
    // Without RestApiId, SAM attaches the route to an implicit API with no key or usage plan.
    assert!(
        unattached.is_empty(),
        "Api events without `RestApiId: !Ref` to an AWS::Serverless::Api: {unattached:?}"
    );
}

#[test]
fn closed_routes_require_api_key() {
    let keyless: Vec<Route> = deployed_routes(&load_template())
        .into_iter()
        .filter(|deployed| !is_open(&deployed.route) && !deployed.api_key_required)
        .map(|deployed| deployed.route)
        .collect();
    assert!(
        keyless.is_empty(),
        "routes that must require an API key but do not: {keyless:?}"
    );
}

#[test]
fn open_routes_need_no_api_key() {
    let deployed = deployed_routes(&load_template());
    for (method, path) in OPEN_ROUTES {
        let route = deployed
            .iter()
            .find(|deployed| deployed.route.0 == method && deployed.route.1 == path);
        assert!(
            route.is_some_and(|route| !route.api_key_required),
            "{method} {path} must be deployed without an API key requirement: {route:?}"
        );
    }
}

#[test]
fn api_gateway_path_rewrites_greedy_segment() {
    assert_eq!(
        api_gateway_path("/api/v1/storage/s3/{*key}"),
        "/api/v1/storage/s3/{key+}"
    );
    assert_eq!(
        api_gateway_path("/api/v1/exchanges/{id}/symbols"),
        "/api/v1/exchanges/{id}/symbols"
    );
}
