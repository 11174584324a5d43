//! The input of each tool, with the JSON Schema that an assistant reads to call it.
//!
//! Doc comments on fields become the schema's property descriptions, so each one states what
//! the field does for the assistant. Field names are the API's own, so a value passes through
//! unchanged. Closed sets of values are enums, which the schema lists. Unknown fields are
//! rejected, so a misspelled option fails instead of being dropped. Nested types are inlined, and
//! [`crate::schema::tidy`] cleans up each input schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A chart-img advanced-chart config, passed to the API as it is.
pub(crate) type ChartConfig = Map<String, Value>;

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct HealthParams {
    /// Also check that chart-img and S3 respond, which takes up to a few seconds. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deep: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct ConstructParams {
    /// The chart request in plain language, 1 to 2,000 characters, for example "ETH 4h with RSI
    /// and MACD, last 3 months, dark theme".
    #[schemars(length(min = 1, max = 2000))]
    pub(crate) natural_language: String,
    /// Symbol to chart instead of any instrument in the text: `EXCHANGE:TICKER` such as
    /// `BINANCE:ETHUSDT`, or a name or ticker such as `ethereum` or `AAPL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) symbol: Option<String>,
    /// Exchange to prefer when the text names only a ticker, such as `COINBASE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exchange: Option<String>,
    /// Chart settings that override the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) preferences: Option<Preferences>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(inline)]
pub(crate) struct Preferences {
    /// Bar length. Case matters: `1m` is one minute and `1M` one month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) interval: Option<Interval>,
    /// Time span: a preset such as `3M`, or `{"from", "to"}` with ISO-8601 instants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) range: Option<Range>,
    /// Light or dark chart colours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) theme: Option<Theme>,
    /// Chart style: candles, bars, a line and others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) style: Option<Style>,
    /// Image size as `WIDTHxHEIGHT` in pixels, such as `1280x720`; at least `400x300`, and at
    /// most what the chart-img plan allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]+x[0-9]+$"))]
    pub(crate) resolution: Option<String>,
}

/// chart-img's bar intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) enum Interval {
    #[serde(rename = "1m")]
    Minute1,
    #[serde(rename = "2m")]
    Minute2,
    #[serde(rename = "3m")]
    Minute3,
    #[serde(rename = "5m")]
    Minute5,
    #[serde(rename = "15m")]
    Minute15,
    #[serde(rename = "30m")]
    Minute30,
    #[serde(rename = "45m")]
    Minute45,
    #[serde(rename = "1h")]
    Hour1,
    #[serde(rename = "2h")]
    Hour2,
    #[serde(rename = "3h")]
    Hour3,
    #[serde(rename = "4h")]
    Hour4,
    #[serde(rename = "6h")]
    Hour6,
    #[serde(rename = "8h")]
    Hour8,
    #[serde(rename = "12h")]
    Hour12,
    #[serde(rename = "1D")]
    Day1,
    #[serde(rename = "2D")]
    Day2,
    #[serde(rename = "3D")]
    Day3,
    #[serde(rename = "1W")]
    Week1,
    #[serde(rename = "1M")]
    Month1,
    #[serde(rename = "3M")]
    Month3,
    #[serde(rename = "6M")]
    Month6,
    #[serde(rename = "1Y")]
    Year1,
}

/// A preset span that ends now, or an explicit span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline)]
pub(crate) enum Range {
    Preset(RangePreset),
    Span(Span),
}

/// chart-img's range presets: days, months and years back from now, everything, or a period
/// to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) enum RangePreset {
    #[serde(rename = "1D")]
    Day1,
    #[serde(rename = "5D")]
    Day5,
    #[serde(rename = "1M")]
    Month1,
    #[serde(rename = "3M")]
    Month3,
    #[serde(rename = "6M")]
    Month6,
    #[serde(rename = "1Y")]
    Year1,
    #[serde(rename = "5Y")]
    Year5,
    #[serde(rename = "ALL")]
    All,
    #[serde(rename = "DTD")]
    DayToDate,
    #[serde(rename = "WTD")]
    WeekToDate,
    #[serde(rename = "MTD")]
    MonthToDate,
    #[serde(rename = "YTD")]
    YearToDate,
}

/// An explicit time span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(inline)]
pub(crate) struct Span {
    /// Start, an ISO-8601 instant such as `2025-01-01T00:00:00Z`.
    pub(crate) from: String,
    /// End, an ISO-8601 instant such as `2025-02-01T00:00:00Z`.
    pub(crate) to: String,
}

/// Chart colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(inline)]
pub(crate) enum Theme {
    Light,
    Dark,
}

/// Chart styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(inline)]
pub(crate) enum Style {
    Bar,
    Candle,
    Line,
    Area,
    HeikinAshi,
    HollowCandle,
    Baseline,
    HiLo,
    Column,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct ValidateParams {
    /// The chart-img config to check, usually the `config` returned by construct_chart_config.
    pub(crate) config: ChartConfig,
    /// chart-img plan whose limits apply. Default: the plan the service is configured with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) plan_level: Option<Plan>,
}

/// chart-img subscription plans, from the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
#[schemars(inline)]
pub(crate) enum Plan {
    Basic,
    Pro,
    Mega,
    Ultra,
    Enterprise,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct GenerateParams {
    /// The chart-img config to render, usually the `config` returned by construct_chart_config.
    pub(crate) config: ChartConfig,
    /// true: chart-img hosts the image and the result has its temporary URL. false: the image
    /// comes back in the result, so you can look at it. Default true.
    #[serde(default = "default_true")]
    pub(crate) storage: bool,
    /// Image encoding. Default png, or the config's own `format`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) format: Option<ImageFormat>,
    /// true: also store the image in the service's S3 bucket in the same call. The result then
    /// has a permanent `url` and the storage fields (`key`, `size`, `sha256`). Use it whenever
    /// the user wants to keep or share the chart. Default false.
    #[serde(default)]
    pub(crate) persist: bool,
}

fn default_true() -> bool {
    true
}

/// Image encodings chart-img produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
pub(crate) enum ImageFormat {
    Png,
    Jpeg,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct UploadParams {
    /// URL of the image to store, such as the `imageUrl` from generate_chart_image. Set exactly
    /// one of imageUrl and imageData.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) image_url: Option<String>,
    /// The image as base64, with or without a `data:image/png;base64,` prefix. Set exactly one
    /// of imageUrl and imageData.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) image_data: Option<String>,
    /// Chart details. The symbol, interval and time become part of the storage key.
    pub(crate) metadata: UploadMetadata,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(inline)]
pub(crate) struct UploadMetadata {
    /// The chart's symbol, with or without its exchange prefix, such as `BINANCE:ETHUSDT`.
    pub(crate) symbol: String,
    /// The chart's bar interval, such as `4h` or `1D`.
    pub(crate) interval: String,
    /// Names of the indicators on the chart, such as `["RSI", "MACD"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) indicators: Option<Vec<String>>,
    /// Render time in RFC 3339, such as `2025-11-16T10:30:00Z`. It sets the time in the key, so
    /// the same image with the same time always maps to the same stored chart. Default: the
    /// upload time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) generated_at: Option<String>,
    /// Origin of the image, such as `chart-img.com`, which is the default for URL uploads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct ExchangesParams {
    /// Fetch the list from chart-img again instead of the service's cache. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) force_refresh: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct SymbolsParams {
    /// Exchange id as get_exchanges lists it, such as `BINANCE` or `NASDAQ`.
    #[schemars(length(min = 1, max = 40))]
    pub(crate) exchange: String,
    /// Only symbols whose ticker or description contains this text, such as `ETH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 64))]
    pub(crate) search: Option<String>,
    /// Maximum number of symbols to return, 1 to 1000. Default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000))]
    pub(crate) limit: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct DocumentationParams {
    /// Part to return: indicator names and inputs, config parameters, plan limits, example
    /// configs, or all of them. Default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) section: Option<Section>,
}

/// Parts of the chart documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
pub(crate) enum Section {
    Indicators,
    Parameters,
    Limits,
    Examples,
    All,
}

impl Section {
    /// Returns the name the API takes in `?section=`, the same as the serialized name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Section::Indicators => "indicators",
            Section::Parameters => "parameters",
            Section::Limits => "limits",
            Section::Examples => "examples",
            Section::All => "all",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct ListParams {
    /// Only charts of this symbol, with or without its exchange prefix, such as `ETHUSDT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) symbol: Option<String>,
    /// Only charts of this interval, such as `4h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) interval: Option<String>,
    /// Only charts from this time on: an RFC 3339 time, or a date for the start of that UTC day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<String>,
    /// Only charts up to this time: an RFC 3339 time, or a date for the end of that UTC day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<String>,
    /// Charts per page, 1 to 100. Default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub(crate) limit: Option<u32>,
    /// The `nextCursor` of the previous page, to get the page after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::schema::tidy)]
pub(crate) struct DeleteParams {
    /// Storage key of the chart, as list_stored_charts or an upload returns it, such as
    /// `charts/2025/11/ETHUSDT-4h-20251116T103000-abc12345.png`.
    #[schemars(length(min = 1))]
    pub(crate) key: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema<T: JsonSchema>() -> Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap()
    }

    #[test]
    fn optional_enum_has_no_null() {
        let theme =
            schema::<ConstructParams>()["properties"]["preferences"]["properties"]["theme"].clone();
        assert_eq!(theme["type"], json!("string"));
        assert_eq!(theme["enum"], json!(["light", "dark"]));
    }

    #[test]
    fn optional_object_is_inlined() {
        let preferences = schema::<ConstructParams>()["properties"]["preferences"].clone();
        assert_eq!(preferences["type"], json!("object"));
        assert_eq!(
            preferences["description"],
            json!("Chart settings that override the text.")
        );
        assert_eq!(preferences["properties"]["style"]["type"], json!("string"));
    }

    #[test]
    fn range_offers_preset_or_span() {
        let range =
            schema::<ConstructParams>()["properties"]["preferences"]["properties"]["range"].clone();
        let branches = range["anyOf"].as_array().unwrap();
        assert_eq!(branches.len(), 2, "{range}");
        assert_eq!(branches[0]["enum"][0], json!("1D"));
        assert_eq!(branches[1]["required"], json!(["from", "to"]));
    }

    #[test]
    fn required_fields_stay_required() {
        let upload = schema::<UploadParams>();
        assert_eq!(upload["required"], json!(["metadata"]));
        assert_eq!(
            upload["properties"]["metadata"]["required"],
            json!(["symbol", "interval"])
        );
    }

    #[test]
    fn range_accepts_preset_and_span() {
        let preset: Range = serde_json::from_value(json!("3M")).unwrap();
        assert_eq!(preset, Range::Preset(RangePreset::Month3));
        let span: Range =
            serde_json::from_value(json!({"from": "2025-01-01", "to": "2025-02-01"})).unwrap();
        assert!(matches!(span, Range::Span(_)));
    }

    #[test]
    fn section_names_match_serde() {
        for section in [
            Section::Indicators,
            Section::Parameters,
            Section::Limits,
            Section::Examples,
            Section::All,
        ] {
            assert_eq!(
                serde_json::to_value(section).unwrap(),
                json!(section.as_str())
            );
        }
    }

    #[test]
    fn interval_is_case_sensitive() {
        let minute: Interval = serde_json::from_value(json!("1m")).unwrap();
        let month: Interval = serde_json::from_value(json!("1M")).unwrap();
        assert_eq!(minute, Interval::Minute1);
        assert_eq!(month, Interval::Month1);
        assert!(serde_json::from_value::<Interval>(json!("4H")).is_err());
    }
}
