//! The outcome of checking one config: every problem found, not just the first.

use serde::Serialize;

use crate::chart::{Plan, PlanLimits};

/// One problem with one field of the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field's path in the config, such as `studies[1].input.length`.
    pub field: String,
    /// The problem with the value, and how to fix it.
    pub message: String,
}

/// Everything found in one config, checked against one plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// True when chart-img would accept the config: no errors, whatever the warnings.
    pub valid: bool,
    pub plan: Plan,
    /// Problems that make chart-img reject the config or draw something other than asked.
    pub errors: Vec<FieldProblem>,
    /// Problems chart-img tolerates, such as keys it ignores.
    pub warnings: Vec<FieldProblem>,
    /// Changes that would make the config fit, such as which studies to drop.
    pub suggestions: Vec<String>,
    pub limits: PlanLimits,
}

impl Report {
    pub(super) fn new(plan: Plan) -> Self {
        Report {
            valid: true,
            plan,
            errors: Vec::new(),
            warnings: Vec::new(),
            suggestions: Vec::new(),
            limits: *plan.limits(),
        }
    }

    pub(super) fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.valid = false;
        self.errors.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    pub(super) fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    pub(super) fn suggest(&mut self, suggestion: impl Into<String>) {
        let suggestion = suggestion.into();
        if !self.suggestions.contains(&suggestion) {
            self.suggestions.push(suggestion);
        }
    }
}

/// A config that chart-img would reject, with the full report.
#[derive(Debug, thiserror::Error)]
#[error("{}", summary(.report))]
pub struct InvalidConfig {
    pub report: Report,
}

fn summary(report: &Report) -> String {
    let Some(first) = report.errors.first() else {
        return format!(
            "the config is not valid for chart-img's {} plan",
            report.plan
        );
    };
    let more = match report.errors.len() {
        1 => String::new(),
        count => format!(" (and {} more)", count - 1),
    };
    format!(
        "the config is not valid for chart-img's {} plan: {}: {}{more}",
        report.plan, first.field, first.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_marks_report_invalid() {
        let mut report = Report::new(Plan::Pro);
        report.warn("inputs", "ignored");
        assert!(report.valid);
        report.error("width", "too wide");
        assert!(!report.valid);
    }

    #[test]
    fn suggestions_are_not_repeated() {
        let mut report = Report::new(Plan::Basic);
        report.suggest("use 800x600");
        report.suggest("use 800x600");
        assert_eq!(report.suggestions.len(), 1);
    }

    #[test]
    fn summary_names_first_error_and_count() {
        let mut report = Report::new(Plan::Pro);
        report.error("width", "too wide");
        report.error("height", "too tall");
        let message = InvalidConfig { report }.to_string();
        assert_eq!(
            message,
            "the config is not valid for chart-img's PRO plan: width: too wide (and 1 more)"
        );
    }
}
