//! What the tests in `tests/` share: the routes the function crates serve, the routes
//! `template.yaml` deploys, and the YAML files they are compared with.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_yaml_ng::{Mapping, Value};
use shared::api::describe;

/// Routes that callers reach without an API key: monitors poll health, and clients read the
/// OpenAPI description before they have a key.
pub const OPEN_ROUTES: [(&str, &str); 2] =
    [("GET", "/api/v1/health"), ("GET", "/api/v1/openapi.json")];

/// A method and a path, such as `("GET", "/api/v1/health")`.
pub type Route = (String, String);

/// One `Type: Api` event of a function in the template.
#[derive(Debug)]
pub struct DeployedRoute {
    /// The method and the path in API Gateway's syntax (`{id}`, `{key+}`).
    pub route: Route,
    /// Logical id of the function resource.
    pub function: String,
    /// Last segment of the function's `CodeUri`, which is its crate's folder and name.
    pub crate_name: String,
    /// Logical id named by `RestApiId: !Ref ...`, if the event has one.
    pub rest_api: Option<String>,
    pub api_key_required: bool,
}

/// Returns the workspace root, the folder of `template.yaml`.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("system-tests lies inside the workspace")
        .to_path_buf()
}

/// Reads a YAML file, given relative to the workspace root.
pub fn load_yaml(relative_path: &str) -> Value {
    let path = workspace_root().join(relative_path);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_yaml_ng::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid YAML: {error}", path.display()))
}

pub fn load_template() -> Value {
    load_yaml("template.yaml")
}

/// Returns each route the function crates serve, in axum's path syntax (`{id}`, `{*key}`),
/// with the crate that serves it.
pub fn served_routes() -> BTreeMap<Route, &'static str> {
    let tables = [
        ("construct", describe(&construct::endpoints())),
        ("generate", describe(&generate::endpoints())),
        ("upload", describe(&upload::endpoints())),
    ];
    let mut served = BTreeMap::new();
    for (crate_name, table) in tables {
        for (method, path) in table {
            let route = (method.as_str().to_owned(), path.to_owned());
            let previous = served.insert(route.clone(), crate_name);
            assert!(
                previous.is_none(),
                "{route:?} is served by both {crate_name} and {previous:?}"
            );
        }
    }
    served
}

/// Rewrites an axum path for API Gateway: `{*rest}` becomes `{rest+}`; `{id}` stays.
pub fn api_gateway_path(axum_path: &str) -> String {
    rewrite_greedy_segment(axum_path, |name| format!("{{{name}+}}"))
}

/// Rewrites an axum path for OpenAPI, which has no greedy parameter: `{*rest}` becomes
/// `{rest}`; `{id}` stays.
pub fn openapi_path(axum_path: &str) -> String {
    rewrite_greedy_segment(axum_path, |name| format!("{{{name}}}"))
}

fn rewrite_greedy_segment(axum_path: &str, rewrite: impl Fn(&str) -> String) -> String {
    axum_path
        .split('/')
        .map(|segment| match segment.strip_prefix("{*") {
            Some(rest) => rewrite(rest.trim_end_matches('}')),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn resources(template: &Value) -> &Mapping {
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

/// Lists the `Type: Api` events of every function in the template.
pub fn deployed_routes(template: &Value) -> Vec<DeployedRoute> {
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

pub fn is_open(route: &Route) -> bool {
    OPEN_ROUTES
        .iter()
        .any(|(method, path)| route.0 == *method && route.1 == *path)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn openapi_path_rewrites_greedy_segment() {
        assert_eq!(
            openapi_path("/api/v1/storage/s3/{*key}"),
            "/api/v1/storage/s3/{key}"
        );
        assert_eq!(
            openapi_path("/api/v1/exchanges/{id}/symbols"),
            "/api/v1/exchanges/{id}/symbols"
        );
    }
}
