//! Runs every plain-language case in `testdata/construct/*.jsonl` through the parser and checks
//! the fields each case determines. The file format is described in `testdata/README.md`.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use shared::chart::{ChartConfig, ChartRange, Plan};
use shared::construct::{ConstructRequest, Context, construct};

/// Returns a context on the PRO plan, which allows the 1920x1080 images some cases request.
fn context() -> Context {
    Context::new(Plan::Pro, now())
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
}

fn cases(file: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/construct")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{line}: {error}")))
        .collect()
}

/// Checks one case and returns what differs from its expectation.
fn check(case: &Value) -> Vec<String> {
    let text = case["text"].as_str().expect("case has text");
    let expect = &case["expect"];
    let request = ConstructRequest {
        natural_language: text.to_owned(),
        ..ConstructRequest::default()
    };
    let result = construct(&request, &context());

    if expect["error"] == Value::Bool(true) {
        return match result {
            Err(error) if shared::api::ApiError::from(error.clone()).status == 422 => Vec::new(),
            Err(error) => vec![format!("expected a 422 error, got {error}")],
            Ok(constructed) => vec![format!(
                "expected an error, got {}",
                constructed.config.symbol
            )],
        };
    }

    let config = match result {
        Ok(constructed) => constructed.config,
        Err(error) => return vec![format!("unexpected error: {error}")],
    };
    let mut problems = Vec::new();
    check_symbol(expect, &config, &mut problems);
    check_exact(expect, &config, &mut problems);
    check_range(expect, &config, &mut problems);
    check_studies(expect, &config, &mut problems);
    problems
}

fn check_symbol(expect: &Value, config: &ChartConfig, problems: &mut Vec<String>) {
    let Some(symbols) = expect["symbol"].as_array() else {
        return;
    };
    if !symbols
        .iter()
        .any(|symbol| symbol == &Value::from(config.symbol.clone()))
    {
        problems.push(format!(
            "symbol {} is not one of {symbols:?}",
            config.symbol
        ));
    }
}

fn check_exact(expect: &Value, config: &ChartConfig, problems: &mut Vec<String>) {
    let actual = serde_json::to_value(config).unwrap();
    for field in ["interval", "theme", "style", "width", "height"] {
        if !expect[field].is_null() && expect[field] != actual[field] {
            problems.push(format!(
                "{field} is {}, expected {}",
                actual[field], expect[field]
            ));
        }
    }
}

fn check_range(expect: &Value, config: &ChartConfig, problems: &mut Vec<String>) {
    let wanted = &expect["range"];
    if wanted.is_null() {
        return;
    }
    let options: Vec<&Value> = match wanted {
        Value::Array(options) => options.iter().collect(),
        one => vec![one],
    };
    if !options
        .iter()
        .any(|option| range_matches(option, config.range.as_ref()))
    {
        problems.push(format!(
            "range {:?} matches none of {options:?}",
            config.range
        ));
    }
}

fn range_matches(option: &Value, range: Option<&ChartRange>) -> bool {
    match (option, range) {
        (Value::String(preset), Some(ChartRange::Preset(actual))) => actual.as_str() == preset,
        (Value::Object(span), Some(ChartRange::Span { from, to })) => {
            let days = span["days"].as_f64().unwrap_or(f64::NAN);
            let hours = (*to - *from).num_seconds() as f64 / 3600.0;
            (hours - days * 24.0).abs() <= 1.0
        }
        _ => false,
    }
}

fn check_studies(expect: &Value, config: &ChartConfig, problems: &mut Vec<String>) {
    let Some(wanted) = expect["studies"].as_array() else {
        return;
    };
    let mut remaining: Vec<&shared::chart::Study> = config.studies.iter().collect();
    for entry in wanted {
        let name = entry["name"].as_str().unwrap_or_default();
        let length = &entry["length"];
        let position = remaining.iter().position(|study| {
            study.name == name && (length.is_null() || study_length(study) == Some(length))
        });
        match position {
            Some(index) => {
                remaining.remove(index);
            }
            None => problems.push(format!("missing study {entry}")),
        }
    }
    for extra in remaining {
        problems.push(format!("extra study {} {:?}", extra.name, extra.input));
    }
}

/// Returns the study's length input: `length`, or `in_0` where the first input is the length.
fn study_length(study: &shared::chart::Study) -> Option<&Value> {
    let input = study.input.as_ref()?;
    input.get("length").or_else(|| input.get("in_0"))
}

fn run(file: &str) {
    let cases = cases(file);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let problems = check(case);
            (!problems.is_empty()).then(|| {
                format!(
                    "{} {:?}: {}",
                    case["id"],
                    case["text"].as_str().unwrap_or(""),
                    problems.join("; ")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases in {file} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn dev_cases_all_pass() {
    run("dev-cases.jsonl");
}

#[test]
fn more_cases_all_pass() {
    run("more-cases.jsonl");
}
