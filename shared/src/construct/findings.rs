//! The values the passes found in the text, each with the words that led to it, so that the
//! reasoning can name the text that set each field.
//!
//! A field the text sets twice keeps its first value, and the second mention becomes a
//! warning. The same value stated twice ("daily ... daily") is not reported.

use super::appearance::SizeWord;
use super::drawings::Sketch;
use super::instruments::Instrument;
use super::ranges::RangeSpec;
use crate::chart::{ImageFormat, Interval, Scale, Session, Study, Style, Theme};

/// One value and the quoted text it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding<T> {
    pub value: T,
    /// The words that set the value, in quotes.
    pub source: String,
}

impl<T> Finding<T> {
    pub(crate) fn new(value: T, source: String) -> Self {
        Finding { value, source }
    }
}

/// Everything the passes found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// The instrument to chart and the text that named it.
    pub instrument: Option<Finding<Instrument>>,
    /// An exchange the text names ("on coinbase").
    pub venue: Option<Finding<&'static str>>,
    /// Words that look like tickers but name nothing known, for the error message.
    pub unknown_tickers: Vec<String>,
    pub interval: Option<Finding<Interval>>,
    pub range: Option<Finding<RangeSpec>>,
    pub studies: Vec<Finding<Study>>,
    pub drawings: Vec<Finding<Sketch>>,
    pub style: Option<Finding<Style>>,
    pub theme: Option<Finding<Theme>>,
    pub format: Option<Finding<ImageFormat>>,
    pub scale: Option<Finding<Scale>>,
    pub session: Option<Finding<Session>>,
    pub timezone: Option<Finding<&'static str>>,
    pub size: Option<Finding<SizeWord>>,
    /// Decisions that set no field, such as a study left out because the text negates it.
    pub notes: Vec<String>,
    /// Text that was ignored and values that were adjusted, in the order they were found.
    pub warnings: Vec<String>,
}

impl Findings {
    pub(crate) fn set_interval(&mut self, finding: Finding<Interval>) {
        keep_first(&mut self.interval, finding, "interval", &mut self.warnings);
    }

    pub(crate) fn set_range(&mut self, finding: Finding<RangeSpec>) {
        keep_first(&mut self.range, finding, "range", &mut self.warnings);
    }

    pub(crate) fn set_style(&mut self, finding: Finding<Style>) {
        keep_first(&mut self.style, finding, "style", &mut self.warnings);
    }

    pub(crate) fn set_theme(&mut self, finding: Finding<Theme>) {
        keep_first(&mut self.theme, finding, "theme", &mut self.warnings);
    }

    pub(crate) fn set_format(&mut self, finding: Finding<ImageFormat>) {
        keep_first(&mut self.format, finding, "format", &mut self.warnings);
    }

    pub(crate) fn set_scale(&mut self, finding: Finding<Scale>) {
        keep_first(&mut self.scale, finding, "scale", &mut self.warnings);
    }

    pub(crate) fn set_session(&mut self, finding: Finding<Session>) {
        keep_first(&mut self.session, finding, "session", &mut self.warnings);
    }

    pub(crate) fn set_timezone(&mut self, finding: Finding<&'static str>) {
        keep_first(&mut self.timezone, finding, "timezone", &mut self.warnings);
    }

    pub(crate) fn set_size(&mut self, finding: Finding<SizeWord>) {
        keep_first(&mut self.size, finding, "size", &mut self.warnings);
    }
}

/// Stores a finding unless the field already has one, and reports a different second value.
fn keep_first<T: PartialEq>(
    slot: &mut Option<Finding<T>>,
    finding: Finding<T>,
    field: &str,
    warnings: &mut Vec<String>,
) {
    match slot {
        None => *slot = Some(finding),
        Some(kept) if kept.value == finding.value => {}
        Some(kept) => warnings.push(format!(
            "{} was ignored: the {field} is already set by {}",
            finding.source, kept.source
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_first_reports_a_different_second_value() {
        let mut findings = Findings::default();
        findings.set_interval(Finding::new(Interval::Hour4, "\"4h\"".into()));
        findings.set_interval(Finding::new(Interval::Hour4, "\"4 hour\"".into()));
        assert!(findings.warnings.is_empty());

        findings.set_interval(Finding::new(Interval::Hour1, "\"1h\"".into()));
        assert_eq!(findings.interval.as_ref().unwrap().value, Interval::Hour4);
        assert_eq!(findings.warnings.len(), 1);
        assert!(findings.warnings[0].contains("\"1h\""));
    }
}
