//! The construct request and response, and the context a request is read in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::chart::{ChartConfig, ChartRange, Interval, Plan, RangePreset, Style, Theme};

/// The maximum number of characters in `naturalLanguage`.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The body of `POST /api/v1/charts/construct`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConstructRequest {
    /// The chart request in plain language, 1 to 2,000 characters.
    pub natural_language: String,
    /// `EXCHANGE:SYMBOL`, or a name or ticker from the instrument tables, charted instead of
    /// any instrument in the text.
    #[serde(default)]
    pub symbol: Option<String>,
    /// The exchange to chart on, such as `COINBASE`.
    #[serde(default)]
    pub exchange: Option<String>,
    /// Values that override the text.
    #[serde(default, deserialize_with = "crate::api::deserialize_object")]
    pub preferences: Preferences,
}

/// Chart settings that override the text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Preferences {
    #[serde(default)]
    pub interval: Option<Interval>,
    /// A preset such as `3M` (any letter case), or `{"from", "to"}` ISO-8601 instants.
    #[serde(default, deserialize_with = "deserialize_range")]
    pub range: Option<ChartRange>,
    #[serde(default)]
    pub theme: Option<Theme>,
    #[serde(default)]
    pub style: Option<Style>,
    /// `WIDTHxHEIGHT` in pixels, such as `1280x720`.
    #[serde(default)]
    pub resolution: Option<String>,
}

/// The setting a request is read in: the plan whose limits apply, and the current time, which
/// ends every span such as "last 7 days". Tests fix both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Context {
    pub plan: Plan,
    pub now: DateTime<Utc>,
}

impl Context {
    pub fn new(plan: Plan, now: DateTime<Utc>) -> Self {
        Context { plan, now }
    }

    /// Returns a context at the current time.
    pub fn current(plan: Plan) -> Self {
        Context::new(plan, Utc::now())
    }
}

/// The response `data` of a construct request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Constructed {
    /// The chart-img advanced-chart body.
    pub config: ChartConfig,
    /// One line per decision: which text, preference or default led to which field.
    pub reasoning: Vec<String>,
    /// Text that was ignored and values that were adjusted, including a config over the plan's
    /// limits.
    pub warnings: Vec<String>,
}

/// Reads a range preference: a preset in any letter case, or a `{"from", "to"}` span.
fn deserialize_range<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<ChartRange>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    let Some(value) = value else {
        return Ok(None);
    };
    if let serde_json::Value::String(text) = &value {
        return RangePreset::parse(&text.trim().to_ascii_uppercase())
            .map(|preset| Some(ChartRange::Preset(preset)))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "invalid range `{text}`: expected one of {}, or {{\"from\", \"to\"}}",
                    RangePreset::expected()
                ))
            });
    }
    serde_json::from_value::<ChartRange>(value)
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "invalid range: expected one of {}, or {{\"from\", \"to\"}} with ISO-8601 instants",
                RangePreset::expected()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_rejects_unknown_fields() {
        let error = serde_json::from_str::<ConstructRequest>(
            r#"{"naturalLanguage": "btc", "interval": "4h"}"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("interval"), "{error}");
    }

    #[test]
    fn request_requires_natural_language() {
        let error = serde_json::from_str::<ConstructRequest>(r#"{"symbol": "X:Y"}"#).unwrap_err();
        assert!(error.to_string().contains("naturalLanguage"), "{error}");
    }

    #[test]
    fn preferences_must_be_an_object() {
        let error = serde_json::from_str::<ConstructRequest>(
            r#"{"naturalLanguage": "btc", "preferences": ["4h"]}"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("a JSON object"), "{error}");
    }

    #[test]
    fn range_preference_accepts_any_case_and_spans() {
        let preferences: Preferences = serde_json::from_str(r#"{"range": "ytd"}"#).unwrap();
        assert_eq!(
            preferences.range,
            Some(ChartRange::Preset(RangePreset::YearToDate))
        );

        let preferences: Preferences = serde_json::from_str(
            r#"{"range": {"from": "2025-01-01T00:00:00Z", "to": "2025-02-01T00:00:00Z"}}"#,
        )
        .unwrap();
        assert!(matches!(preferences.range, Some(ChartRange::Span { .. })));
    }

    #[test]
    fn range_preference_error_lists_presets() {
        let error = serde_json::from_str::<Preferences>(r#"{"range": "2W"}"#).unwrap_err();
        assert!(error.to_string().contains("1D, 5D"), "{error}");
    }

    #[test]
    fn interval_preference_is_case_sensitive() {
        let error = serde_json::from_str::<Preferences>(r#"{"interval": "4H"}"#).unwrap_err();
        assert!(error.to_string().contains("4h"), "{error}");
    }
}
