//! Compares the routes in `template.yaml` with the route tables of the three function crates,
//! which the local server also serves. A route is deployed exactly when a crate serves it, and on
//! that crate's function. Every route except the open ones requires an API key.

use std::collections::{BTreeMap, BTreeSet};

use system_tests::{
    DeployedRoute, OPEN_ROUTES, Route, api_gateway_path, deployed_routes, is_open, load_template,
};

/// Returns each served route in API Gateway's path syntax, with the crate that serves it.
fn served_routes() -> BTreeMap<Route, &'static str> {
    system_tests::served_routes()
        .into_iter()
        .map(|((method, path), crate_name)| ((method, api_gateway_path(&path)), crate_name))
        .collect()
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
