use serde_json::{Value, json};

use super::*;
use crate::chart::STUDIES;

/// `studies` studies and `drawings` horizontal lines on top of a plain config.
fn with_parameters(studies: usize, drawings: usize) -> Value {
    let studies: Vec<Value> = STUDIES
        .iter()
        .cycle()
        .take(studies)
        .map(|spec| json!({ "name": spec.name }))
        .collect();
    let drawings: Vec<Value> = (0..drawings)
        .map(|index| json!({ "name": "Horizontal Line", "input": { "price": 100 + index } }))
        .collect();
    json!({ "symbol": "NASDAQ:AAPL", "studies": studies, "drawings": drawings })
}

fn sized(width: u32, height: u32) -> Value {
    json!({ "symbol": "NASDAQ:AAPL", "width": width, "height": height })
}

/// Returns named configs and whether each is valid on BASIC, PRO, MEGA, ULTRA and ENTERPRISE,
/// in that order.
fn plan_table() -> Vec<(&'static str, Value, [bool; 5])> {
    vec![
        ("minimal", json!({"symbol": "NASDAQ:AAPL"}), [true; 5]),
        ("empty", json!({}), [true; 5]),
        ("basic max size", sized(800, 600), [true; 5]),
        (
            "one pixel over basic",
            sized(801, 600),
            [false, true, true, true, true],
        ),
        (
            "pro max size",
            sized(1920, 1080),
            [false, true, true, true, true],
        ),
        (
            "mega max size",
            sized(1920, 1600),
            [false, false, true, true, true],
        ),
        (
            "ultra max size",
            sized(2048, 1920),
            [false, false, false, true, true],
        ),
        ("wider than any plan", sized(2049, 1920), [false; 5]),
        ("below minimum width", sized(399, 300), [false; 5]),
        ("below minimum height", sized(400, 299), [false; 5]),
        ("minimum size", sized(400, 300), [true; 5]),
        ("3 studies", with_parameters(3, 0), [true; 5]),
        (
            "4 studies",
            with_parameters(4, 0),
            [false, true, true, true, true],
        ),
        ("2 studies 1 drawing", with_parameters(2, 1), [true; 5]),
        (
            "2 studies 2 drawings",
            with_parameters(2, 2),
            [false, true, true, true, true],
        ),
        (
            "4 studies 3 drawings",
            with_parameters(4, 3),
            [false, false, true, true, true],
        ),
        (
            "0 studies 6 drawings",
            with_parameters(0, 6),
            [false, false, true, true, true],
        ),
        (
            "10 studies 1 drawing",
            with_parameters(10, 1),
            [false, false, false, true, true],
        ),
        (
            "20 studies 6 drawings",
            with_parameters(20, 6),
            [false, false, false, false, true],
        ),
        (
            "50 studies",
            with_parameters(50, 0),
            [false, false, false, false, true],
        ),
        (
            "40 studies 11 drawings",
            with_parameters(40, 11),
            [false; 5],
        ),
        (
            "watermark",
            json!({"symbol": "NASDAQ:AAPL", "watermark": "desk", "watermarkOpacity": 0.5}),
            [false, false, false, true, true],
        ),
    ]
}

#[test]
fn plan_table_validity() {
    for (name, config, expected) in plan_table() {
        for (plan, valid) in Plan::ALL.iter().zip(expected) {
            let report = validate(&config, *plan);
            assert_eq!(report.valid, valid, "{name} on {plan}: {:?}", report.errors);
        }
    }
}

#[test]
fn plan_table_valid_configs_parse() {
    for (name, config, expected) in plan_table() {
        for (plan, valid) in Plan::ALL.iter().zip(expected) {
            if valid {
                let parsed = parse_config(&config, *plan);
                assert!(parsed.is_ok(), "{name} on {plan}: {parsed:?}");
            }
        }
    }
}

#[test]
fn report_carries_plan_limits() {
    let report = validate(&json!({}), Plan::Mega);
    assert_eq!(report.plan, Plan::Mega);
    assert_eq!(report.limits.max_parameters, 10);
    assert_eq!(report.limits.max_height, 1600);
}

#[test]
fn parameter_limit_counts_studies_and_drawings_together() {
    let report = validate(&with_parameters(4, 3), Plan::Pro);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].field, "studies, drawings");
    assert!(report.errors[0].message.contains("make 7 parameters"));
    assert!(report.errors[0].message.contains("limit of 5"));
}

#[test]
fn parameter_limit_suggestions() {
    let report = validate(&with_parameters(4, 3), Plan::Pro);
    let drop = &report.suggestions[0];
    assert!(drop.starts_with("remove 2 of the 7"), "{drop}");
    assert!(drop.contains(&format!("`{}`", STUDIES[3].name)), "{drop}");
    assert!(drop.contains(&format!("`{}`", STUDIES[2].name)), "{drop}");
    assert!(report.suggestions[1].contains("MEGA plan allows 10"));
}

#[test]
fn oversize_suggests_largest_size_and_larger_plan() {
    let report = validate(&sized(1920, 1080), Plan::Basic);
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    assert_eq!(report.errors[0].field, "width");
    assert_eq!(report.errors[1].field, "height");
    assert!(report.suggestions[0].contains("800x600"));
    assert!(report.suggestions[1].contains("PRO plan allows up to 1920x1080"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let config = json!({
        "symbol": "BTCUSDT",
        "interval": "4H",
        "range": "1y",
        "width": 100,
        "theme": "Dark",
        "studies": [{"name": "RSI"}, {"name": "MACD", "inputs": {"in_0": 8}}],
        "drawings": [{"name": "Trend Line", "input": {"startPrice": 1}}],
    });
    let report = validate(&config, Plan::Pro);
    let fields: Vec<&str> = report
        .errors
        .iter()
        .map(|problem| problem.field.as_str())
        .collect();
    for field in [
        "symbol",
        "interval",
        "range",
        "width",
        "theme",
        "studies[0].name",
        "studies[1].inputs",
        "drawings[0].input.startDatetime",
        "drawings[0].input.endDatetime",
        "drawings[0].input.endPrice",
    ] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
}

#[test]
fn unknown_top_level_key_is_a_warning() {
    let report = validate(
        &json!({"symbol": "NASDAQ:AAPL", "title": "Apple"}),
        Plan::Pro,
    );
    assert!(report.valid);
    assert_eq!(report.warnings[0].field, "title");
}

#[test]
fn misspelled_top_level_key_is_an_error() {
    let report = validate(&json!({"symbol": "NASDAQ:AAPL", "studys": []}), Plan::Pro);
    assert!(!report.valid);
    assert!(report.errors[0].message.contains("`studies`"));
}

#[test]
fn missing_symbol_warns_about_default() {
    let report = validate(&json!({}), Plan::Pro);
    assert!(report.valid);
    assert!(report.warnings[0].message.contains("BINANCE:BTCUSDT"));
}

#[test]
fn null_field_is_an_error() {
    let report = validate(&json!({"interval": null}), Plan::Pro);
    assert_eq!(report.errors[0].field, "interval");
}

#[test]
fn non_object_config_is_an_error() {
    let report = validate(&json!(["NASDAQ:AAPL"]), Plan::Pro);
    assert_eq!(report.errors[0].field, "config");
    assert!(report.errors[0].message.contains("a list"));
}

#[test]
fn parse_config_fills_defaults() {
    let (config, report) = parse_config(&json!({"symbol": "NYSE:BRK.B"}), Plan::Pro).unwrap();
    assert!(report.errors.is_empty());
    assert_eq!(config.symbol, "NYSE:BRK.B");
    assert_eq!((config.width, config.height), (800, 600));
}

#[test]
fn parse_config_rejects_invalid() {
    let error = parse_config(&json!({"interval": "4H"}), Plan::Pro).unwrap_err();
    assert!(error.to_string().contains("interval"), "{error}");
}

#[test]
fn full_config_passes_and_parses() {
    let config = json!({
        "symbol": "(NASDAQ:MARA+NASDAQ:RIOT)/10",
        "interval": "4h",
        "range": {"from": "2025-01-01T00:00:00Z", "to": "2025-03-01T00:00:00Z"},
        "theme": "dark",
        "style": "heikinAshi",
        "width": 1280,
        "height": 720,
        "scale": "logarithmic",
        "session": "extended",
        "timezone": "America/New_York",
        "format": "jpeg",
        "override": {"showLegend": false},
        "studies": [{"name": "Relative Strength Index", "input": {"length": 21}, "forceOverlay": false}],
        "drawings": [{"name": "Long Position", "input": {
            "startDatetime": "2025-02-01T00:00:00Z", "entryPrice": 10,
            "targetPrice": 12, "stopPrice": 9}}],
    });
    let (parsed, report) = parse_config(&config, Plan::Pro).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(parsed.studies.len(), 1);
    assert_eq!(parsed.drawings.len(), 1);
}

#[test]
fn symbol_message_names_symbol_once() {
    let report = validate(&json!({"symbol": "BTCUSDT"}), Plan::Pro);
    let message = &report.errors[0].message;
    assert_eq!(message.matches("`BTCUSDT`").count(), 1, "{message}");
    assert!(message.contains("has no exchange prefix"), "{message}");
}

#[test]
fn symbol_message_names_bad_formula_part() {
    let report = validate(&json!({"symbol": "(NASDAQ:MARA+RIOT)/10"}), Plan::Pro);
    let message = &report.errors[0].message;
    assert!(
        message.starts_with("`(NASDAQ:MARA+RIOT)/10`: `RIOT`"),
        "{message}"
    );
}
