//! The advanced-chart request body that chart-img renders, in its normalized form: every field
//! that chart-img defaults is filled in, and every closed set is a typed value.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{DEFAULT_SYMBOL, ImageFormat, Interval, RangePreset, Scale, Session, Style, Theme};

/// A chart-img advanced-chart request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ChartConfig {
    /// `EXCHANGE:SYMBOL`, or a formula of such symbols.
    pub symbol: String,
    pub interval: Interval,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<ChartRange>,
    pub theme: Theme,
    pub style: Style,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    pub studies: Vec<Study>,
    pub drawings: Vec<Drawing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// IANA time zone name, such as `America/New_York`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<ImageFormat>,
    /// Chart-wide style overrides, passed to chart-img unchanged.
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub chart_override: Option<Map<String, Value>>,
    /// Watermark text (ULTRA and ENTERPRISE plans only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_opacity: Option<f64>,
}

impl Default for ChartConfig {
    /// Returns chart-img's own defaults.
    fn default() -> Self {
        ChartConfig {
            symbol: DEFAULT_SYMBOL.to_owned(),
            interval: Interval::Day1,
            range: None,
            theme: Theme::Light,
            style: Style::Candle,
            width: 800,
            height: 600,
            studies: Vec::new(),
            drawings: Vec::new(),
            scale: None,
            session: None,
            timezone: None,
            format: None,
            chart_override: None,
            watermark: None,
            watermark_size: None,
            watermark_opacity: None,
        }
    }
}

impl ChartConfig {
    /// Returns the image format chart-img will produce, which is PNG unless `format` says JPEG.
    pub fn image_format(&self) -> ImageFormat {
        self.format.unwrap_or(ImageFormat::Png)
    }

    /// Returns how many parameters the config uses against the plan's limit: chart-img counts
    /// studies and drawings together.
    pub fn parameter_count(&self) -> usize {
        self.studies.len() + self.drawings.len()
    }
}

/// The span of time a chart shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChartRange {
    Preset(RangePreset),
    /// An explicit span. chart-img requires both ends.
    Span {
        #[serde(
            serialize_with = "serialize_instant",
            deserialize_with = "deserialize_instant"
        )]
        from: DateTime<Utc>,
        #[serde(
            serialize_with = "serialize_instant",
            deserialize_with = "deserialize_instant"
        )]
        to: DateTime<Utc>,
    },
}

/// Writes an instant as ISO-8601 in UTC with milliseconds, the form chart-img's examples use.
fn serialize_instant<S: Serializer>(
    instant: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&instant.to_rfc3339_opts(SecondsFormat::Millis, true))
}

fn deserialize_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|instant| instant.with_timezone(&Utc))
        .map_err(|error| {
            serde::de::Error::custom(format!("invalid ISO-8601 instant `{text}`: {error}"))
        })
}

/// One indicator drawn on the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Study {
    /// One of chart-img's exact study names, such as `Relative Strength Index`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Map<String, Value>>,
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub style_override: Option<Map<String, Value>>,
    /// Draws the study over the price pane instead of below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_overlay: Option<bool>,
}

impl Study {
    /// Returns a study with chart-img's default inputs.
    pub fn named(name: &str) -> Self {
        Study {
            name: name.to_owned(),
            input: None,
            style_override: None,
            force_overlay: None,
        }
    }
}

/// One drawing placed on the chart at coordinates the caller gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Drawing {
    /// One of chart-img's drawing names, such as `Horizontal Line`.
    pub name: String,
    pub input: Map<String, Value>,
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub style_override: Option<Map<String, Value>>,
    /// `top` or `bottom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z_order: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_gets_chart_img_defaults() {
        let config: ChartConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, ChartConfig::default());
        assert_eq!(config.symbol, "BINANCE:BTCUSDT");
        assert_eq!(config.interval, Interval::Day1);
        assert_eq!((config.width, config.height), (800, 600));
    }

    #[test]
    fn range_accepts_preset_and_span() {
        let preset: ChartRange = serde_json::from_str("\"3M\"").unwrap();
        assert_eq!(preset, ChartRange::Preset(RangePreset::Month3));

        let span: ChartRange =
            serde_json::from_str(r#"{"from":"2025-01-01T00:00:00Z","to":"2025-01-08T00:00:00Z"}"#)
                .unwrap();
        let ChartRange::Span { from, to } = span else {
            panic!("expected a span")
        };
        assert_eq!((to - from).num_days(), 7);
    }

    #[test]
    fn span_serializes_with_milliseconds() {
        let from = DateTime::parse_from_rfc3339("2025-11-16T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let span = ChartRange::Span { from, to: from };
        let json = serde_json::to_string(&span).unwrap();
        assert_eq!(
            json,
            r#"{"from":"2025-11-16T10:30:00.000Z","to":"2025-11-16T10:30:00.000Z"}"#
        );
    }

    #[test]
    fn override_keeps_its_wire_name() {
        let mut config = ChartConfig::default();
        let mut overrides = Map::new();
        overrides.insert("showLegend".into(), Value::Bool(false));
        config.chart_override = Some(overrides);
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(json["override"]["showLegend"], Value::Bool(false));
    }

    #[test]
    fn parameter_count_adds_studies_and_drawings() {
        let drawing = Drawing {
            name: "Horizontal Line".into(),
            input: Map::new(),
            style_override: None,
            z_order: None,
        };
        let config = ChartConfig {
            studies: vec![Study::named("MACD"), Study::named("Volume")],
            drawings: vec![drawing],
            ..ChartConfig::default()
        };
        assert_eq!(config.parameter_count(), 3);
    }
}
