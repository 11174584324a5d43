//! The `drawings` list: each drawing's name, the inputs chart-img needs to place it, and the
//! type of each input value (prices and quantities are numbers, datetimes ISO-8601 text).

use chrono::DateTime;
use serde_json::{Map, Value};

use super::fields::check_override;
use super::keys::check_keys;
use super::report::Report;
use super::suggest::closest;
use crate::chart::{DRAWINGS, DrawingSpec};

const DRAWING_KEYS: &[&str] = &["name", "input", "override", "zOrder"];

/// Checks every drawing and returns the names of those given, in order.
pub(super) fn check(value: Option<&Value>, report: &mut Report) -> Vec<String> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        report.error(
            "drawings",
            format!(
                "must be a list such as [{{\"name\": \"Horizontal Line\", \"input\": {{\"price\": \
                 100}}}}], not {value}"
            ),
        );
        return Vec::new();
    };

    items
        .iter()
        .enumerate()
        .map(|(index, item)| check_drawing(item, &format!("drawings[{index}]"), report))
        .collect()
}

fn check_drawing(item: &Value, path: &str, report: &mut Report) -> String {
    let Some(drawing) = item.as_object() else {
        report.error(
            path,
            format!(
                "must be an object such as {{\"name\": \"Horizontal Line\", \"input\": \
                 {{\"price\": 100}}}}, not {item}"
            ),
        );
        return "drawing".to_owned();
    };

    check_keys(drawing, DRAWING_KEYS, path, "drawing", report);
    check_override(drawing.get("override"), &format!("{path}.override"), report);
    if let Some(value) = drawing
        .get("zOrder")
        .filter(|value| !matches!(value.as_str(), Some("top" | "bottom")))
    {
        report.error(
            format!("{path}.zOrder"),
            format!("must be \"top\" or \"bottom\", not {value}"),
        );
    }

    let name = drawing
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed drawing")
        .to_owned();
    let Some(spec) = check_name(drawing.get("name"), path, report) else {
        return name;
    };
    match drawing.get("input") {
        Some(Value::Object(input)) => check_inputs(spec, input, path, report),
        None | Some(Value::Null) => report.error(
            format!("{path}.input"),
            format!(
                "is missing; `{}` needs {}",
                spec.name,
                spec.required.join(", ")
            ),
        ),
        Some(other) => report.error(
            format!("{path}.input"),
            format!("must be an object of input values, not {other}"),
        ),
    }
    name
}

fn check_name(
    value: Option<&Value>,
    path: &str,
    report: &mut Report,
) -> Option<&'static DrawingSpec> {
    let field = format!("{path}.name");
    let Some(text) = value.and_then(Value::as_str) else {
        report.error(
            field,
            "is missing; name a chart-img drawing such as \"Horizontal Line\"",
        );
        return None;
    };
    if let Some(spec) = DrawingSpec::find(text) {
        return Some(spec);
    }

    let names = DRAWINGS.iter().map(|spec| spec.name);
    let hint = match closest(text, names.clone()) {
        Some(meant) => format!("did you mean `{meant}`?"),
        None => format!("use one of {}", names.collect::<Vec<_>>().join(", ")),
    };
    report.error(
        field,
        format!("`{text}` is not a chart-img drawing name; {hint}"),
    );
    None
}

fn check_inputs(spec: &DrawingSpec, input: &Map<String, Value>, path: &str, report: &mut Report) {
    for required in spec.required {
        if !input.contains_key(*required) {
            report.error(
                format!("{path}.input.{required}"),
                format!(
                    "is missing; `{}` needs {}",
                    spec.name,
                    spec.required.join(", ")
                ),
            );
        }
    }

    let known: Vec<&str> = spec.required.iter().chain(spec.optional).copied().collect();
    check_keys(
        input,
        &known,
        &format!("{path}.input"),
        &format!("`{}` input", spec.name),
        report,
    );
    for (key, value) in input {
        if !known.contains(&key.as_str()) {
            continue;
        }
        if let Err(message) = check_value(key, value) {
            report.error(format!("{path}.input.{key}"), message);
        }
    }
}

/// Checks a value by the kind its key names: prices and quantities are numbers, datetimes are
/// ISO-8601 instants, and `text` is text.
fn check_value(key: &str, value: &Value) -> Result<(), String> {
    let lowered = key.to_ascii_lowercase();
    if lowered.ends_with("price") || lowered == "quantity" {
        return match value.as_f64() {
            Some(number) if number.is_finite() => Ok(()),
            _ => Err(format!("must be a number, not {value}")),
        };
    }
    if lowered.ends_with("datetime") {
        let valid = value
            .as_str()
            .is_some_and(|text| DateTime::parse_from_rfc3339(text).is_ok());
        if valid {
            return Ok(());
        }
        return Err(format!(
            "must be an ISO-8601 instant with a time zone, such as \"2025-01-01T00:00:00Z\", not \
             {value}"
        ));
    }
    if lowered == "text" && !value.is_string() {
        return Err(format!("must be text, not {value}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chart::Plan;

    fn run(drawings: Value) -> Report {
        let mut report = Report::new(Plan::Pro);
        check(Some(&drawings), &mut report);
        report
    }

    #[test]
    fn complete_drawings_pass() {
        let report = run(json!([
            {"name": "Horizontal Line", "input": {"price": 42000.5, "text": "support"}},
            {"name": "Trend Line", "input": {
                "startDatetime": "2025-01-01T00:00:00Z", "startPrice": 1,
                "endDatetime": "2025-02-01T00:00:00Z", "endPrice": 2}, "zOrder": "top"},
        ]));
        assert!(report.errors.is_empty(), "{report:?}");
        assert!(report.warnings.is_empty(), "{report:?}");
    }

    #[test]
    fn missing_required_input_is_named() {
        let report = run(json!([{"name": "Trend Line", "input": {
            "startDatetime": "2025-01-01T00:00:00Z", "startPrice": 1, "endPrice": 2}}]));
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].field, "drawings[0].input.endDatetime");
    }

    #[test]
    fn missing_input_object_lists_required_keys() {
        let report = run(json!([{"name": "Horizontal Line"}]));
        assert_eq!(report.errors[0].field, "drawings[0].input");
        assert!(report.errors[0].message.contains("price"));
    }

    #[test]
    fn value_types_follow_the_key() {
        let report = run(json!([{"name": "Text", "input": {
            "datetime": "yesterday", "price": "100", "text": 5}}]));
        let fields: Vec<&str> = report
            .errors
            .iter()
            .map(|problem| problem.field.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "drawings[0].input.datetime",
                "drawings[0].input.price",
                "drawings[0].input.text"
            ]
        );
    }

    #[test]
    fn misspelled_name_gets_suggestion() {
        let report = run(json!([{"name": "horizontal line", "input": {"price": 1}}]));
        assert!(report.errors[0].message.contains("`Horizontal Line`"));
    }

    #[test]
    fn bad_z_order_is_rejected() {
        let report =
            run(json!([{"name": "Horizontal Line", "input": {"price": 1}, "zOrder": "front"}]));
        assert_eq!(report.errors[0].field, "drawings[0].zOrder");
    }
}
