//! The checks chart-img runs on an advanced-chart request body. Their order decides which error
//! a body with several problems gets:
//!
//! 1. JSON syntax (400),
//! 2. the plan's resolution limit (403), then the minimum size of 400 x 300 (422),
//! 3. the plan's parameter limit, which counts studies and drawings together (403),
//! 4. the interval (422 `Invalid Interval`), then the symbol (422 `Invalid Symbol`),
//! 5. every other field (422 with one array entry per rejected field).
//!
//! Every field is optional and unknown top-level keys are ignored, as chart-img does. A body
//! that passes becomes a [`ChartRequest`] with chart-img's defaults filled in.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use shared::chart::{
    DEFAULT_SYMBOL, DrawingSpec, ImageFormat, Interval, MIN_HEIGHT, MIN_WIDTH, PlanLimits,
    RangePreset, StudySpec, Style, Theme,
};

use crate::error::{ApiError, FieldError};
use crate::symbol;

const DEFAULT_WIDTH: u32 = 800;
const DEFAULT_HEIGHT: u32 = 600;

/// A request body that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartRequest {
    pub(crate) symbol: String,
    pub(crate) interval: Interval,
    /// Length of the requested range in seconds, when the request gave one.
    pub(crate) range_seconds: Option<u64>,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) style: Style,
    pub(crate) theme: Theme,
    pub(crate) format: ImageFormat,
    pub(crate) studies: Vec<StudyRequest>,
}

/// One study to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StudyRequest {
    pub(crate) name: &'static str,
    /// The request's `forceOverlay`, which puts the study on the price pane.
    pub(crate) force_overlay: bool,
}

/// Checks an advanced-chart body against chart-img's rules and the plan's limits.
pub(crate) fn check(body: &[u8], limits: &PlanLimits) -> Result<ChartRequest, ApiError> {
    let fields = parse_object(body)?;

    let width = dimension(&fields, "width", DEFAULT_WIDTH)?;
    let height = dimension(&fields, "height", DEFAULT_HEIGHT)?;
    if width > u64::from(limits.max_width) || height > u64::from(limits.max_height) {
        return Err(ApiError::ResolutionLimit {
            max_width: limits.max_width,
            max_height: limits.max_height,
        });
    }

    let mut too_small = Vec::new();
    if width < u64::from(MIN_WIDTH) {
        too_small.push(FieldError::invalid("width", field(&fields, "width")));
    }
    if height < u64::from(MIN_HEIGHT) {
        too_small.push(FieldError::invalid("height", field(&fields, "height")));
    }
    if !too_small.is_empty() {
        return Err(ApiError::InvalidFields(too_small));
    }
    // Both fit in u32 because they are at most the plan's maximum.
    let (width, height) = (width as u32, height as u32);

    let parameters = array_len(&fields, "studies") + array_len(&fields, "drawings");
    if parameters > limits.max_parameters {
        return Err(ApiError::ParameterLimit(limits.max_parameters));
    }

    let interval = match fields.get("interval") {
        None => Interval::Day1,
        Some(value) => value
            .as_str()
            .and_then(Interval::parse)
            .ok_or(ApiError::InvalidInterval)?,
    };

    let symbol = match fields.get("symbol") {
        None => DEFAULT_SYMBOL,
        Some(value) => value
            .as_str()
            .filter(|text| symbol::is_valid(text))
            .ok_or(ApiError::InvalidSymbol)?,
    };

    let mut rejected = Vec::new();
    let studies = studies(&fields, &mut rejected);
    check_drawings(&fields, &mut rejected);
    let range_seconds = range_seconds(&fields, &mut rejected);
    let style = word(&fields, "style", Style::parse, &mut rejected).unwrap_or(Style::Candle);
    let theme = word(&fields, "theme", Theme::parse, &mut rejected).unwrap_or(Theme::Light);
    let format =
        word(&fields, "format", ImageFormat::parse, &mut rejected).unwrap_or(ImageFormat::Png);
    word(&fields, "scale", shared::chart::Scale::parse, &mut rejected);
    word(
        &fields,
        "session",
        shared::chart::Session::parse,
        &mut rejected,
    );
    let timezone = field(&fields, "timezone");
    if !timezone.is_null() && !timezone.is_string() {
        rejected.push(FieldError::invalid("timezone", timezone));
    }
    if !rejected.is_empty() {
        return Err(ApiError::InvalidFields(rejected));
    }

    Ok(ChartRequest {
        symbol: symbol.to_owned(),
        interval,
        range_seconds,
        width,
        height,
        style,
        theme,
        format,
        studies,
    })
}

/// Parses the body as a JSON object. An empty body counts as `{}`, as every field is optional.
fn parse_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(ApiError::InvalidJson),
    }
}

/// Returns the field's value, or `null` when the body has no such field.
fn field<'a>(fields: &'a Map<String, Value>, key: &str) -> &'a Value {
    fields.get(key).unwrap_or(&Value::Null)
}

/// Reads a size in pixels. A value that is not a whole number is rejected here, and any whole
/// number passes on to the limit checks.
fn dimension(fields: &Map<String, Value>, key: &str, default: u32) -> Result<u64, ApiError> {
    let Some(value) = fields.get(key) else {
        return Ok(u64::from(default));
    };
    value
        .as_u64()
        .ok_or_else(|| ApiError::InvalidFields(vec![FieldError::invalid(key, value)]))
}

fn array_len(fields: &Map<String, Value>, key: &str) -> usize {
    fields
        .get(key)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// Reads one of the closed sets of words, recording a rejection when the value is not in it.
fn word<T>(
    fields: &Map<String, Value>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    rejected: &mut Vec<FieldError>,
) -> Option<T> {
    let value = fields.get(key)?;
    let parsed = value.as_str().and_then(parse);
    if parsed.is_none() {
        rejected.push(FieldError::invalid(key, value));
    }
    parsed
}

fn studies(fields: &Map<String, Value>, rejected: &mut Vec<FieldError>) -> Vec<StudyRequest> {
    let Some(value) = fields.get("studies") else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        rejected.push(FieldError::invalid("studies", value));
        return Vec::new();
    };

    let mut studies = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let name = item.get("name").unwrap_or(&Value::Null);
        let Some(spec) = name.as_str().and_then(StudySpec::find) else {
            rejected.push(FieldError::invalid(format!("studies[{index}].name"), name));
            continue;
        };
        let force_overlay = item.get("forceOverlay").and_then(Value::as_bool);
        studies.push(StudyRequest {
            name: spec.name,
            force_overlay: force_overlay.unwrap_or(false),
        });
    }
    studies
}

/// Checks each drawing's name and that its `input` has every key that drawing requires.
fn check_drawings(fields: &Map<String, Value>, rejected: &mut Vec<FieldError>) {
    let Some(value) = fields.get("drawings") else {
        return;
    };
    let Some(items) = value.as_array() else {
        rejected.push(FieldError::invalid("drawings", value));
        return;
    };

    for (index, item) in items.iter().enumerate() {
        let name = item.get("name").unwrap_or(&Value::Null);
        let Some(spec) = name.as_str().and_then(DrawingSpec::find) else {
            rejected.push(FieldError::invalid(format!("drawings[{index}].name"), name));
            continue;
        };

        let input = item.get("input").and_then(Value::as_object);
        for key in spec.required {
            if input.is_none_or(|input| !input.contains_key(*key)) {
                let param = format!("drawings[{index}].input.{key}");
                rejected.push(FieldError::invalid(param, &Value::Null));
            }
        }
    }
}

/// Reads `range`: a preset such as `3M`, or `{"from", "to"}` ISO-8601 instants with `from`
/// before `to`.
fn range_seconds(fields: &Map<String, Value>, rejected: &mut Vec<FieldError>) -> Option<u64> {
    let value = fields.get("range")?;

    if let Some(preset) = value.as_str().and_then(RangePreset::parse) {
        return Some(preset.max_seconds());
    }

    let instant = |key: &str| -> Option<DateTime<Utc>> {
        let text = value.get(key)?.as_str()?;
        let parsed = DateTime::parse_from_rfc3339(text).ok()?;
        Some(parsed.with_timezone(&Utc))
    };
    let span = match (instant("from"), instant("to")) {
        (Some(from), Some(to)) if from < to => u64::try_from((to - from).num_seconds()).ok(),
        _ => None,
    };
    if span.is_none() {
        rejected.push(FieldError::invalid("range", value));
    }
    span
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use shared::chart::{Plan, STUDIES};

    use super::*;

    fn check_json(body: Value) -> Result<ChartRequest, ApiError> {
        check(body.to_string().as_bytes(), Plan::Pro.limits())
    }

    fn rejected_params(result: Result<ChartRequest, ApiError>) -> Vec<String> {
        match result {
            Err(ApiError::InvalidFields(fields)) => {
                fields.into_iter().map(|field| field.param).collect()
            }
            other => panic!("expected rejected fields, got {other:?}"),
        }
    }

    #[test]
    fn check_empty_body_uses_defaults() {
        let request = check(b"", Plan::Pro.limits()).unwrap();
        assert_eq!(request.symbol, DEFAULT_SYMBOL);
        assert_eq!(request.interval, Interval::Day1);
        assert_eq!((request.width, request.height), (800, 600));
        assert_eq!(request.format, ImageFormat::Png);
        assert_eq!(request.style, Style::Candle);
        assert_eq!(request.theme, Theme::Light);
    }

    #[test]
    fn check_non_object_is_invalid_json() {
        let result = check(b"[1, 2]", Plan::Pro.limits());
        assert!(matches!(result, Err(ApiError::InvalidJson)), "{result:?}");
    }

    #[test]
    fn check_accepts_every_study_name() {
        for spec in STUDIES {
            let result = check_json(json!({ "studies": [{ "name": spec.name }] }));
            assert!(result.is_ok(), "{}: {result:?}", spec.name);
        }
    }

    #[test]
    fn check_accepts_every_style() {
        for style in Style::ALL {
            let request = check_json(json!({ "style": style.as_str() })).unwrap();
            assert_eq!(request.style, *style);
        }
    }

    #[test]
    fn check_rejects_study_name_case() {
        let result = check_json(json!({ "studies": [{ "name": "macd" }] }));
        assert_eq!(rejected_params(result), ["studies[0].name"]);
    }

    #[test]
    fn check_rejects_drawing_without_inputs() {
        let result = check_json(json!({
            "drawings": [{ "name": "Trend Line", "input": { "startPrice": 1 } }]
        }));
        assert_eq!(
            rejected_params(result),
            [
                "drawings[0].input.startDatetime",
                "drawings[0].input.endDatetime",
                "drawings[0].input.endPrice"
            ]
        );
    }

    #[test]
    fn check_rejects_unknown_drawing() {
        let result = check_json(json!({ "drawings": [{ "name": "Circle", "input": {} }] }));
        assert_eq!(rejected_params(result), ["drawings[0].name"]);
    }

    #[test]
    fn check_reads_range_span() {
        let request = check_json(json!({
            "range": { "from": "2025-01-01T00:00:00Z", "to": "2025-01-02T00:00:00Z" }
        }))
        .unwrap();
        assert_eq!(request.range_seconds, Some(86_400));
    }

    #[test]
    fn check_rejects_reversed_range() {
        let result = check_json(json!({
            "range": { "from": "2025-01-02T00:00:00Z", "to": "2025-01-01T00:00:00Z" }
        }));
        assert_eq!(rejected_params(result), ["range"]);
    }

    #[test]
    fn check_rejects_fractional_width() {
        let result = check_json(json!({ "width": 800.5 }));
        assert_eq!(rejected_params(result), ["width"]);
    }

    #[test]
    fn check_huge_width_is_resolution_limit() {
        let result = check_json(json!({ "width": 10_000_000_000_u64 }));
        assert!(
            matches!(result, Err(ApiError::ResolutionLimit { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn check_resolution_before_minimum_size() {
        let result = check_json(json!({ "width": 4000, "height": 100 }));
        assert!(
            matches!(result, Err(ApiError::ResolutionLimit { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn check_interval_before_symbol() {
        let result = check_json(json!({ "interval": "4H", "symbol": "BTC" }));
        assert!(
            matches!(result, Err(ApiError::InvalidInterval)),
            "{result:?}"
        );
    }

    #[test]
    fn check_collects_every_rejected_field() {
        let result = check_json(json!({
            "theme": "blue",
            "format": "gif",
            "scale": "linear",
            "session": "overnight",
        }));
        assert_eq!(
            rejected_params(result),
            ["theme", "format", "scale", "session"]
        );
    }
}
