//! The config's single-value fields: interval, range, image size, the closed sets of words, time
//! zone, chart overrides and watermark fields.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::keys::check_keys;
use super::report::Report;
use super::suggest::closest;
use crate::chart::{
    ImageFormat, Interval, MIN_HEIGHT, MIN_WIDTH, Plan, RangePreset, Scale, Session, Style, Theme,
};

/// About the maximum number of bars chart-img draws in one chart. When a range contains more,
/// it draws the latest ones.
const MAX_BARS: u64 = 1000;

/// Checks `interval` and returns it when valid.
pub(super) fn check_interval(value: Option<&Value>, report: &mut Report) -> Option<Interval> {
    let Some(value) = value else {
        return Some(Interval::Day1);
    };
    let Some(text) = value.as_str() else {
        report.error(
            "interval",
            format!("must be a string such as `1h` or `1D`, not {value}"),
        );
        return None;
    };
    if let Some(interval) = Interval::parse(text) {
        return Some(interval);
    }

    let hint = match Interval::suggest(text) {
        Some(interval) => format!(
            "did you mean `{interval}`? chart-img matches intervals case-sensitively: `m` is \
             minutes and `M` months"
        ),
        None => format!("use one of {}", Interval::expected()),
    };
    report.error(
        "interval",
        format!("`{text}` is not a valid interval; {hint}"),
    );
    None
}

/// Checks `range`, and warns when it contains more bars than chart-img draws at `interval`.
pub(super) fn check_range(value: Option<&Value>, interval: Option<Interval>, report: &mut Report) {
    let Some(value) = value else {
        return;
    };
    let span = match value {
        Value::String(text) => check_preset(text, report),
        Value::Object(object) => check_span(object, report),
        other => {
            report.error(
                "range",
                format!(
                    "must be a preset such as `3M` or an object {{\"from\", \"to\"}} of ISO-8601 \
                     instants, not {other}"
                ),
            );
            None
        }
    };
    if let (Some((label, seconds)), Some(interval)) = (span, interval) {
        check_bars(&label, seconds, interval, report);
    }
}

/// Returns the preset's label and longest span in seconds; `ALL` has no span to check.
fn check_preset(text: &str, report: &mut Report) -> Option<(String, u64)> {
    let Some(preset) = RangePreset::parse(text) else {
        let names: Vec<&str> = RangePreset::ALL
            .iter()
            .map(|preset| preset.as_str())
            .collect();
        let hint = match closest(text, names.iter().copied()) {
            Some(name) => {
                format!("did you mean `{name}`? chart-img matches ranges case-sensitively")
            }
            None => format!(
                "use one of {}, or {{\"from\", \"to\"}}",
                RangePreset::expected()
            ),
        };
        report.error("range", format!("`{text}` is not a valid range; {hint}"));
        return None;
    };
    if preset == RangePreset::All {
        return None;
    }
    Some((format!("range `{preset}`"), preset.max_seconds()))
}

fn check_span(object: &Map<String, Value>, report: &mut Report) -> Option<(String, u64)> {
    check_keys(object, &["from", "to"], "range", "range", report);
    let from = instant(object.get("from"), "range.from", report);
    let to = instant(object.get("to"), "range.to", report);
    let (from, to) = (from?, to?);
    if from >= to {
        report.error(
            "range",
            format!(
                "`from` ({}) must be before `to` ({})",
                from.to_rfc3339(),
                to.to_rfc3339()
            ),
        );
        return None;
    }
    let seconds = (to - from).num_seconds().unsigned_abs();
    Some(("the range".to_owned(), seconds))
}

fn instant(value: Option<&Value>, field: &str, report: &mut Report) -> Option<DateTime<Utc>> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        report.error(
            field,
            "is missing; chart-img needs both `from` and `to`, such as \"2025-01-01T00:00:00Z\"",
        );
        return None;
    };
    let parsed = value
        .as_str()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok());
    if parsed.is_none() {
        report.error(
            field,
            format!(
                "{value} is not an ISO-8601 instant with a time zone, such as \
                 \"2025-01-01T00:00:00Z\""
            ),
        );
    }
    parsed.map(|instant| instant.with_timezone(&Utc))
}

fn check_bars(label: &str, seconds: u64, interval: Interval, report: &mut Report) {
    let bars = seconds / interval.seconds();
    if bars == 0 {
        report.warn(
            "range",
            format!(
                "{label} is shorter than one `{interval}` bar, so the chart is nearly empty; use \
                 a finer interval"
            ),
        );
        return;
    }
    if bars <= MAX_BARS {
        return;
    }

    report.warn(
        "range",
        format!(
            "{label} at interval `{interval}` holds up to about {bars} bars, but chart-img draws \
             at most about {MAX_BARS}, so the chart starts later than asked"
        ),
    );
    let coarser = Interval::ALL
        .iter()
        .find(|candidate| seconds / candidate.seconds() <= MAX_BARS);
    if let Some(coarser) = coarser {
        report.suggest(format!(
            "use interval `{coarser}` or coarser to show all of {label}"
        ));
    }
}

/// Checks `width` and `height` against chart-img's minimum and the plan's maximum.
pub(super) fn check_size(object: &Map<String, Value>, plan: Plan, report: &mut Report) {
    let limits = plan.limits();
    let width = dimension(
        object.get("width"),
        "width",
        MIN_WIDTH,
        limits.max_width,
        plan,
        report,
    );
    let height = dimension(
        object.get("height"),
        "height",
        MIN_HEIGHT,
        limits.max_height,
        plan,
        report,
    );
    let (Some(width), Some(height)) = (width, height) else {
        return;
    };
    if width <= u64::from(limits.max_width) && height <= u64::from(limits.max_height) {
        return;
    }

    report.suggest(format!(
        "the largest image on the {plan} plan is {}x{}",
        limits.max_width, limits.max_height
    ));
    let larger_plan = Plan::ALL.iter().find(|candidate| {
        let candidate_limits = candidate.limits();
        width <= u64::from(candidate_limits.max_width)
            && height <= u64::from(candidate_limits.max_height)
    });
    if let Some(larger_plan) = larger_plan {
        let larger_limits = larger_plan.limits();
        report.suggest(format!(
            "the {larger_plan} plan allows up to {}x{}",
            larger_limits.max_width, larger_limits.max_height
        ));
    }
}

/// Returns the requested pixels, or chart-img's default when absent, or `None` when invalid.
fn dimension(
    value: Option<&Value>,
    field: &str,
    min: u32,
    max: u32,
    plan: Plan,
    report: &mut Report,
) -> Option<u64> {
    let Some(value) = value else {
        return Some(if field == "width" { 800 } else { 600 });
    };
    let Some(pixels) = value.as_u64() else {
        report.error(
            field,
            format!("must be a whole number of pixels from {min} to {max}, not {value}"),
        );
        return None;
    };
    if pixels < u64::from(min) {
        report.error(
            field,
            format!("{pixels} is below chart-img's minimum of {min} pixels"),
        );
    } else if pixels > u64::from(max) {
        report.error(
            field,
            format!("{pixels} is above the {plan} plan's maximum of {max} pixels"),
        );
    }
    Some(pixels)
}

/// Checks the fields whose value is one word from a fixed set.
pub(super) fn check_words(object: &Map<String, Value>, report: &mut Report) {
    let fields: [(&str, Vec<&'static str>); 5] = [
        ("style", names(Style::ALL, Style::as_str)),
        ("theme", names(Theme::ALL, Theme::as_str)),
        ("scale", names(Scale::ALL, Scale::as_str)),
        ("session", names(Session::ALL, Session::as_str)),
        ("format", names(ImageFormat::ALL, ImageFormat::as_str)),
    ];
    for (field, allowed) in fields {
        if let Some(value) = object.get(field) {
            check_word(field, value, &allowed, report);
        }
    }
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|value| name(*value)).collect()
}

fn check_word(field: &str, value: &Value, allowed: &[&'static str], report: &mut Report) {
    let expected = allowed.join(", ");
    let Some(text) = value.as_str() else {
        report.error(field, format!("must be one of {expected}, not {value}"));
        return;
    };
    if allowed.contains(&text) {
        return;
    }
    let message = match closest(text, allowed.iter().copied()) {
        Some(name) => format!(
            "`{text}` is not a valid {field}; did you mean `{name}`? chart-img matches it \
             case-sensitively"
        ),
        None => format!("`{text}` is not a valid {field}; use one of {expected}"),
    };
    report.error(field, message);
}

/// Checks that `timezone` looks like an IANA name such as `America/New_York`.
// NOTE: chart-img accepts time zones from a fixed list that it does not publish in a
// machine-readable form, so only the shape of the name is checked here.
pub(super) fn check_timezone(value: Option<&Value>, report: &mut Report) {
    let Some(value) = value else {
        return;
    };
    let Some(text) = value.as_str() else {
        report.error(
            "timezone",
            format!("must be an IANA time zone name such as `America/New_York`, not {value}"),
        );
        return;
    };
    let looks_like_iana = text == "UTC"
        || (text.contains('/')
            && text.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
            }));
    if !looks_like_iana {
        report.warn(
            "timezone",
            format!(
                "`{text}` does not look like an IANA time zone name such as `America/New_York` \
                 or `Etc/UTC`; chart-img may reject it"
            ),
        );
    }
}

/// Checks that `override` is an object; its contents pass to chart-img unchanged.
pub(super) fn check_override(value: Option<&Value>, field: &str, report: &mut Report) {
    if let Some(value) = value.filter(|value| !value.is_object()) {
        report.error(
            field,
            format!("must be an object of style settings, such as {{\"showLegend\": false}}, not {value}"),
        );
    }
}

/// Checks the watermark fields, which only the ULTRA and ENTERPRISE plans may set.
pub(super) fn check_watermark(object: &Map<String, Value>, plan: Plan, report: &mut Report) {
    let present: Vec<&str> = ["watermark", "watermarkSize", "watermarkOpacity"]
        .into_iter()
        .filter(|key| object.contains_key(*key))
        .collect();
    if present.is_empty() {
        return;
    }
    if !plan.limits().custom_watermark {
        report.error(
            present[0],
            format!(
                "custom watermarks need the ULTRA or ENTERPRISE plan, not {plan}; remove {}",
                present.join(", ")
            ),
        );
    }

    if let Some(value) = object.get("watermark").filter(|value| !value.is_string()) {
        report.error("watermark", format!("must be text, not {value}"));
    }
    if let Some(value) = object.get("watermarkSize") {
        let valid = value
            .as_u64()
            .is_some_and(|size| size <= u64::from(u32::MAX));
        if !valid {
            report.error(
                "watermarkSize",
                format!("must be a whole number of pixels, not {value}"),
            );
        }
    }
    if let Some(value) = object.get("watermarkOpacity") {
        let valid = value
            .as_f64()
            .is_some_and(|opacity| (0.0..=1.0).contains(&opacity));
        if !valid {
            report.error(
                "watermarkOpacity",
                format!("must be a number from 0 to 1, not {value}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn report() -> Report {
        Report::new(Plan::Pro)
    }

    #[test]
    fn interval_suggests_case_fix() {
        let mut report = report();
        assert_eq!(check_interval(Some(&json!("4H")), &mut report), None);
        assert!(report.errors[0].message.contains("`4h`"), "{report:?}");
    }

    #[test]
    fn interval_absent_is_chart_img_default() {
        let mut report = report();
        assert_eq!(check_interval(None, &mut report), Some(Interval::Day1));
    }

    #[test]
    fn range_suggests_case_fix() {
        let mut report = report();
        check_range(Some(&json!("1y")), Some(Interval::Day1), &mut report);
        assert!(report.errors[0].message.contains("`1Y`"), "{report:?}");
    }

    #[test]
    fn range_span_needs_both_ends_in_order() {
        let mut report = report();
        check_range(
            Some(&json!({"from": "2025-01-01T00:00:00Z"})),
            None,
            &mut report,
        );
        assert_eq!(report.errors[0].field, "range.to");

        let mut report = Report::new(Plan::Pro);
        let backwards = json!({"from": "2025-02-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"});
        check_range(Some(&backwards), None, &mut report);
        assert_eq!(report.errors[0].field, "range");
    }

    #[test]
    fn range_with_too_many_bars_warns_and_suggests() {
        let mut report = report();
        check_range(Some(&json!("1Y")), Some(Interval::Hour1), &mut report);
        assert!(report.errors.is_empty(), "{report:?}");
        assert_eq!(report.warnings[0].field, "range");
        assert!(report.suggestions[0].contains("`12h`"), "{report:?}");
    }

    #[test]
    fn range_all_is_never_too_long() {
        let mut report = report();
        check_range(Some(&json!("ALL")), Some(Interval::Minute1), &mut report);
        assert!(report.warnings.is_empty(), "{report:?}");
    }

    #[test]
    fn words_suggest_case_fix() {
        let mut report = report();
        let config = json!({"style": "heikinashi", "theme": "Dark"});
        check_words(config.as_object().unwrap(), &mut report);
        assert!(report.errors[0].message.contains("`heikinAshi`"));
        assert!(report.errors[1].message.contains("`dark`"));
    }

    #[test]
    fn timezone_shape_is_checked() {
        let mut report = report();
        check_timezone(Some(&json!("America/Argentina/Buenos_Aires")), &mut report);
        check_timezone(Some(&json!("Etc/GMT+5")), &mut report);
        assert!(report.warnings.is_empty(), "{report:?}");
        check_timezone(Some(&json!("New York")), &mut report);
        assert_eq!(report.warnings.len(), 1);
    }

    #[test]
    fn watermark_needs_ultra() {
        let config = json!({"watermark": "mine"});
        let mut report = report();
        check_watermark(config.as_object().unwrap(), Plan::Pro, &mut report);
        assert_eq!(report.errors.len(), 1);

        let mut report = Report::new(Plan::Ultra);
        check_watermark(config.as_object().unwrap(), Plan::Ultra, &mut report);
        assert!(report.errors.is_empty());
    }
}
