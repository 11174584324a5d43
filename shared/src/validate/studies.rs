//! The `studies` list: each study's name against chart-img's exact names, and its `input` keys
//! and values against the inputs that study reads.

use serde_json::{Map, Value};

use super::fields::check_override;
use super::keys::check_keys;
use super::report::Report;
use super::suggest::closest;
use crate::chart::{InputKind, InputSpec, SOURCES, STUDIES, StudySpec};

const STUDY_KEYS: &[&str] = &["name", "input", "override", "forceOverlay"];

/// Input keys chart-img documents without their valid values, so only the key is checked.
const UNCHECKED_INPUTS: &[(&str, &[&str])] = &[
    (
        "Relative Strength Index",
        &["smoothingLine", "smoothingLength"],
    ),
    (
        "Moving Average Multiple",
        &[
            "firstPeriods",
            "secondPeriods",
            "thirdPeriods",
            "fourthPeriods",
            "fifthPeriods",
            "sixthPeriods",
            "method",
        ],
    ),
];

/// Checks every study and returns the names of those given, in order, for parameter-limit
/// suggestions.
pub(super) fn check(value: Option<&Value>, report: &mut Report) -> Vec<String> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        report.error(
            "studies",
            format!("must be a list such as [{{\"name\": \"MACD\"}}], not {value}"),
        );
        return Vec::new();
    };

    items
        .iter()
        .enumerate()
        .map(|(index, item)| check_study(item, &format!("studies[{index}]"), report))
        .collect()
}

fn check_study(item: &Value, path: &str, report: &mut Report) -> String {
    let Some(study) = item.as_object() else {
        let message = match item.as_str() {
            Some(text) => format!(
                "must be an object, such as {{\"name\": \"{}\"}}",
                find_spec(text).map_or(text, |spec| spec.name)
            ),
            None => format!("must be an object such as {{\"name\": \"MACD\"}}, not {item}"),
        };
        report.error(path, message);
        return item.as_str().unwrap_or("study").to_owned();
    };

    check_keys(study, STUDY_KEYS, path, "study", report);
    check_override(study.get("override"), &format!("{path}.override"), report);
    if let Some(value) = study
        .get("forceOverlay")
        .filter(|value| !value.is_boolean())
    {
        report.error(
            format!("{path}.forceOverlay"),
            format!("must be true or false, not {value}"),
        );
    }

    let Some(spec) = check_name(study.get("name"), path, report) else {
        return label(study);
    };
    match study.get("input") {
        None | Some(Value::Null) => {}
        Some(Value::Object(input)) => check_inputs(spec, input, path, report),
        Some(other) => report.error(
            format!("{path}.input"),
            format!("must be an object of input values, not {other}"),
        ),
    }
    spec.name.to_owned()
}

fn label(study: &Map<String, Value>) -> String {
    study
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed study")
        .to_owned()
}

fn check_name(
    value: Option<&Value>,
    path: &str,
    report: &mut Report,
) -> Option<&'static StudySpec> {
    let field = format!("{path}.name");
    let Some(text) = value.and_then(Value::as_str) else {
        report.error(
            field,
            "is missing; name a chart-img study such as \"Relative Strength Index\"",
        );
        return None;
    };
    if let Some(spec) = StudySpec::find(text) {
        return Some(spec);
    }

    let message = match find_spec(text) {
        Some(spec) => format!(
            "`{text}` is not a chart-img study name; did you mean `{}`?",
            spec.name
        ),
        None => format!(
            "`{text}` is not a chart-img study name; GET /api/v1/documentation?section=indicators \
             lists all {}",
            STUDIES.len()
        ),
    };
    report.error(field, message);
    None
}

/// Finds the study a loose name means: an alias (`rsi`), a case-insensitive match, or a near
/// spelling.
fn find_spec(text: &str) -> Option<&'static StudySpec> {
    let lowered = text.trim().to_lowercase();
    if let Some(spec) = STUDIES
        .iter()
        .find(|spec| spec.aliases.contains(&lowered.as_str()))
    {
        return Some(spec);
    }
    let name = closest(text, STUDIES.iter().map(|spec| spec.name))?;
    StudySpec::find(name)
}

/// Checks each input key and value. A key the table does not list is an error for a study whose
/// inputs are listed, and a warning for one whose inputs chart-img does not document, since
/// chart-img may still read it.
fn check_inputs(spec: &StudySpec, input: &Map<String, Value>, path: &str, report: &mut Report) {
    let keys: Vec<&str> = spec.inputs.iter().map(|input| input.key).collect();
    let unchecked = unchecked_inputs(spec.name);
    for (key, value) in input {
        let field = format!("{path}.input.{key}");
        if let Some(input_spec) = spec.input(key) {
            if let Err(message) = check_value(input_spec, value) {
                report.error(field, message);
            }
            continue;
        }
        if unchecked.contains(&key.as_str()) {
            continue;
        }
        if keys.is_empty() {
            report.warn(
                field,
                format!(
                    "chart-img documents no inputs for `{}`, so `{key}` is sent unchecked and \
                     may be ignored",
                    spec.name
                ),
            );
            continue;
        }
        report.error(field, unknown_input(spec, key, &keys));
    }
}

fn unchecked_inputs(study: &str) -> &'static [&'static str] {
    UNCHECKED_INPUTS
        .iter()
        .find(|(name, _)| *name == study)
        .map_or(&[], |(_, keys)| keys)
}

fn unknown_input(spec: &StudySpec, key: &str, keys: &[&str]) -> String {
    let hint = match closest(key, keys.iter().copied()) {
        Some(meant) => format!("did you mean `{meant}`? "),
        None => String::new(),
    };
    format!(
        "`{}` has no input `{key}`, and chart-img ignores unknown inputs; {hint}its inputs are {}",
        spec.name,
        keys.join(", ")
    )
}

/// Checks one input value, returning what is wrong with it.
fn check_value(spec: &InputSpec, value: &Value) -> Result<(), String> {
    match spec.kind {
        InputKind::Integer { min, max, default } => {
            let whole = value.as_i64().or_else(|| {
                value
                    .as_f64()
                    .filter(|number| number.fract() == 0.0 && number.abs() < 1e15)
                    .map(|number| number as i64)
            });
            match whole {
                Some(number) if (min..=max).contains(&number) => Ok(()),
                _ => Err(format!(
                    "{value} is not valid; use a whole number from {min} to {max} (default {default})"
                )),
            }
        }
        InputKind::Number { min, max, default } => match value.as_f64() {
            Some(number) if (min..=max).contains(&number) => Ok(()),
            _ => Err(format!(
                "{value} is not valid; use a number from {min} to {max} (default {default})"
            )),
        },
        InputKind::Source => check_choice(value, SOURCES),
        InputKind::Boolean if value.is_boolean() => Ok(()),
        InputKind::Boolean => Err(format!("{value} is not valid; use true or false")),
        InputKind::Choice(choices) => check_choice(value, choices),
    }
}

fn check_choice(value: &Value, choices: &[&str]) -> Result<(), String> {
    let text = value.as_str().unwrap_or_default();
    if choices.contains(&text) {
        return Ok(());
    }
    let hint = match closest(text, choices.iter().copied()) {
        Some(meant) => format!("did you mean `{meant}`? "),
        None => String::new(),
    };
    Err(format!(
        "{value} is not valid; {hint}use one of {}",
        choices.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chart::Plan;

    fn run(studies: Value) -> Report {
        let mut report = Report::new(Plan::Pro);
        check(Some(&studies), &mut report);
        report
    }

    #[test]
    fn known_studies_with_valid_inputs_pass() {
        let report = run(json!([
            {"name": "MACD", "input": {"in_0": 8, "in_1": 21, "in_2": 5, "in_3": "close"}},
            {"name": "Bollinger Bands", "input": {"in_0": 20, "in_1": 2.5}},
            {"name": "Volume"},
        ]));
        assert!(report.errors.is_empty(), "{report:?}");
    }

    #[test]
    fn misspelled_name_gets_suggestion() {
        let report = run(json!([{"name": "Bolinger Bands"}]));
        assert_eq!(report.errors[0].field, "studies[0].name");
        assert!(report.errors[0].message.contains("`Bollinger Bands`"));
    }

    #[test]
    fn wrong_case_name_gets_suggestion() {
        let report = run(json!([{"name": "macd"}]));
        assert!(report.errors[0].message.contains("`MACD`"));
    }

    #[test]
    fn unknown_input_key_lists_the_inputs() {
        let report = run(json!([{"name": "MACD", "input": {"fast": 8}}]));
        assert_eq!(report.errors[0].field, "studies[0].input.fast");
        assert!(report.errors[0].message.contains("in_0, in_1, in_2, in_3"));
    }

    #[test]
    fn undocumented_inputs_are_warnings() {
        let report = run(json!([{"name": "Donchian Channels", "input": {"length": 20}}]));
        assert!(report.errors.is_empty(), "{report:?}");
        assert_eq!(report.warnings[0].field, "studies[0].input.length");
    }

    #[test]
    fn documented_unchecked_inputs_pass() {
        let report = run(json!([
            {"name": "Relative Strength Index", "input": {"length": 14, "smoothingLength": 9}},
            {"name": "Moving Average Multiple", "input": {"firstPeriods": 5, "method": "EMA"}},
        ]));
        assert!(report.errors.is_empty(), "{report:?}");
        assert!(report.warnings.is_empty(), "{report:?}");
    }

    #[test]
    fn out_of_range_input_names_bounds() {
        let report = run(json!([{"name": "Relative Strength Index", "input": {"length": 0}}]));
        assert_eq!(report.errors[0].field, "studies[0].input.length");
        assert!(report.errors[0].message.contains("from 1 to"));
    }

    #[test]
    fn fractional_length_is_rejected() {
        let report = run(json!([{"name": "Relative Strength Index", "input": {"length": 14.5}}]));
        assert_eq!(report.errors.len(), 1);
    }

    #[test]
    fn source_input_suggests_spelling() {
        let report = run(json!([{"name": "MACD", "input": {"in_3": "Close"}}]));
        assert!(report.errors[0].message.contains("`close`"));
    }

    #[test]
    fn inputs_key_is_an_error() {
        let report = run(json!([{"name": "Relative Strength Index", "inputs": {"length": 21}}]));
        assert_eq!(report.errors[0].field, "studies[0].inputs");
    }

    #[test]
    fn bare_string_study_shows_object_form() {
        let report = run(json!(["Relative Strength Index"]));
        assert!(report.errors[0].message.contains("{\"name\""));
    }

    #[test]
    fn returns_names_in_order() {
        let mut report = Report::new(Plan::Pro);
        let names = check(
            Some(&json!([{"name": "MACD"}, {"name": "Volume"}])),
            &mut report,
        );
        assert_eq!(names, ["MACD", "Volume"]);
    }
}
