//! Keys chart-img does not read. chart-img ignores them without an error, so a misspelled key
//! silently loses its setting: `inputs` instead of `input` draws a study with its defaults.
//! A key that looks like a misspelling of a known one is therefore an error; any other unknown
//! key is a warning.

use serde_json::{Map, Value};

use super::report::Report;
use super::suggest::closest;

/// Reports every key of `object` that is not in `known`. `path` is the object's own path, empty
/// for the top level, and `object_name` names the object in messages.
pub(super) fn check_keys(
    object: &Map<String, Value>,
    known: &[&str],
    path: &str,
    object_name: &str,
    report: &mut Report,
) {
    for key in object.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let field = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match closest(key, known.iter().copied()) {
            Some(meant) => report.error(
                field,
                format!(
                    "`{key}` is not a {object_name} key, and chart-img silently ignores unknown keys; \
                     did you mean `{meant}`?"
                ),
            ),
            None => report.warn(
                field,
                format!(
                    "chart-img ignores the unknown {object_name} key `{key}`; the known keys are {}",
                    known.join(", ")
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chart::Plan;

    #[test]
    fn misspelled_key_is_an_error() {
        let study = json!({"name": "MACD", "inputs": {"in_0": 8}});
        let mut report = Report::new(Plan::Pro);
        check_keys(
            study.as_object().unwrap(),
            &["name", "input", "override", "forceOverlay"],
            "studies[0]",
            "study",
            &mut report,
        );
        assert_eq!(report.errors[0].field, "studies[0].inputs");
        assert!(report.errors[0].message.contains("`input`"));
    }

    #[test]
    fn unrelated_key_is_a_warning() {
        let config = json!({"symbol": "NASDAQ:AAPL", "comment": "for the report"});
        let mut report = Report::new(Plan::Pro);
        check_keys(
            config.as_object().unwrap(),
            &["symbol"],
            "",
            "config",
            &mut report,
        );
        assert!(report.errors.is_empty());
        assert_eq!(report.warnings[0].field, "comment");
    }
}
