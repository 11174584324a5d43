//! Checking a chart config against a chart-img plan before paying for a render.
//!
//! The config is read as raw JSON and checked field by field, so one call reports every problem
//! with its path, not just the first that a typed parse would hit. Nothing here touches the
//! network: names, inputs and limits come from the tables in [`crate::chart`]. A config that
//! passes here also parses as a [`ChartConfig`], which [`parse_config`] returns.

mod drawings;
mod fields;
mod keys;
mod report;
mod studies;
mod suggest;
mod symbol;

use serde_json::{Map, Value};

pub use report::{FieldProblem, InvalidConfig, Report};

use crate::chart::{ChartConfig, DEFAULT_SYMBOL, Plan};

/// Every top-level key chart-img reads from an advanced-chart body.
const CONFIG_KEYS: &[&str] = &[
    "symbol",
    "interval",
    "range",
    "theme",
    "style",
    "width",
    "height",
    "studies",
    "drawings",
    "scale",
    "session",
    "timezone",
    "format",
    "override",
    "watermark",
    "watermarkSize",
    "watermarkOpacity",
];

/// Checks a config against `plan` and reports every problem found.
pub fn validate(config: &Value, plan: Plan) -> Report {
    let mut report = Report::new(plan);
    let Some(object) = config.as_object() else {
        report.error(
            "config",
            format!(
                "must be a JSON object such as {{\"symbol\": \"NASDAQ:AAPL\", \"interval\": \
                 \"1D\"}}, not {}",
                kind_of(config)
            ),
        );
        return report;
    };

    keys::check_keys(object, CONFIG_KEYS, "", "config", &mut report);
    let object = without_nulls(object, &mut report);

    check_symbol(object.get("symbol"), &mut report);
    let interval = fields::check_interval(object.get("interval"), &mut report);
    fields::check_range(object.get("range"), interval, &mut report);
    fields::check_size(&object, plan, &mut report);
    fields::check_words(&object, &mut report);
    fields::check_timezone(object.get("timezone"), &mut report);
    fields::check_override(object.get("override"), "override", &mut report);
    fields::check_watermark(&object, plan, &mut report);

    let study_names = studies::check(object.get("studies"), &mut report);
    let drawing_names = drawings::check(object.get("drawings"), &mut report);
    check_parameters(&study_names, &drawing_names, plan, &mut report);
    report
}

/// Checks a config against `plan` and, when chart-img would accept it, returns it parsed with
/// chart-img's defaults filled in, along with the report and its warnings.
pub fn parse_config(config: &Value, plan: Plan) -> Result<(ChartConfig, Report), InvalidConfig> {
    let mut report = validate(config, plan);
    if !report.valid {
        return Err(InvalidConfig { report });
    }
    match serde_json::from_value::<ChartConfig>(config.clone()) {
        Ok(parsed) => Ok((parsed, report)),
        Err(error) => {
            report.error("config", error.to_string());
            Err(InvalidConfig { report })
        }
    }
}

/// Reports known keys set to `null`, which chart-img's schema rejects, and returns the object
/// without them.
fn without_nulls(object: &Map<String, Value>, report: &mut Report) -> Map<String, Value> {
    let mut present = Map::new();
    for (key, value) in object {
        if !value.is_null() {
            present.insert(key.clone(), value.clone());
        } else if CONFIG_KEYS.contains(&key.as_str()) {
            report.error(
                key.as_str(),
                "is null; omit the key to use chart-img's default",
            );
        }
    }
    present
}

fn check_symbol(value: Option<&Value>, report: &mut Report) {
    let Some(value) = value else {
        report.warn(
            "symbol",
            format!("is missing, so chart-img draws its default `{DEFAULT_SYMBOL}`"),
        );
        return;
    };
    let Some(text) = value.as_str() else {
        report.error(
            "symbol",
            format!("must be a string such as \"NASDAQ:AAPL\", not {value}"),
        );
        return;
    };
    match symbol::check(text) {
        Ok(checked) => {
            if let Some(warning) = checked.warning {
                report.warn("symbol", warning);
            }
        }
        Err(message) => report.error("symbol", symbol_message(text, &message)),
    }
}

/// Puts the symbol in front of a message from `symbol::check`, unless the message already
/// starts with it: a message about one part of a formula names that part, after a colon.
fn symbol_message(text: &str, message: &str) -> String {
    if message.starts_with(&format!("`{text}` ")) {
        message.to_owned()
    } else if message.starts_with('`') {
        format!("`{text}`: {message}")
    } else {
        format!("`{text}` {message}")
    }
}

/// Checks studies and drawings together against the plan's parameter limit, as chart-img
/// counts them, and suggests which to drop: the last studies first, then the last drawings.
fn check_parameters(studies: &[String], drawings: &[String], plan: Plan, report: &mut Report) {
    let count = studies.len() + drawings.len();
    let max = plan.limits().max_parameters;
    if count <= max {
        return;
    }

    let field = match (studies.is_empty(), drawings.is_empty()) {
        (false, true) => "studies",
        (true, false) => "drawings",
        _ => "studies, drawings",
    };
    report.error(
        field,
        format!(
            "{} studies and {} drawings make {count} parameters, above the {plan} plan's limit \
             of {max}; chart-img counts studies and drawings together",
            studies.len(),
            drawings.len()
        ),
    );

    let excess = count - max;
    let dropped: Vec<String> = studies
        .iter()
        .rev()
        .chain(drawings.iter().rev())
        .take(excess)
        .map(|name| format!("`{name}`"))
        .collect();
    report.suggest(format!(
        "remove {excess} of the {count}, for example {}",
        dropped.join(", ")
    ));
    if let Some(larger) = Plan::ALL
        .iter()
        .find(|candidate| candidate.limits().max_parameters >= count)
    {
        report.suggest(format!(
            "the {larger} plan allows {} studies and drawings together",
            larger.limits().max_parameters
        ));
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
