//! `GET /api/v1/documentation?section=indicators|parameters|limits|examples|all`: what a config
//! may contain, built from the service's own tables in `shared::chart`, so it always matches
//! what the validator checks. Nothing is fetched from the web.

use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use shared::api::{ApiError, QueryParams, Success};
use shared::chart::{
    DEFAULT_SYMBOL, DRAWINGS, ImageFormat, InputKind, InputSpec, Interval, MIN_HEIGHT, MIN_WIDTH,
    Plan, RangePreset, SOURCES, STUDIES, Scale, Session, Style, Theme,
};

use crate::AppState;

/// The sections a request may ask for; `all` returns every other one.
const SECTIONS: &[&str] = &["indicators", "parameters", "limits", "examples", "all"];

#[derive(Debug, Deserialize)]
pub(crate) struct DocumentationQuery {
    section: Option<String>,
}

pub(crate) async fn documentation(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<DocumentationQuery>,
) -> Result<Success<Value>, ApiError> {
    let requested = query.section.as_deref().map(str::trim).unwrap_or("all");
    let Some(section) = SECTIONS
        .iter()
        .find(|section| section.eq_ignore_ascii_case(requested))
    else {
        return Err(ApiError::validation(format!(
            "query parameter section: `{requested}` is not a documentation section; use one of {}",
            SECTIONS.join(", ")
        ))
        .with_details(json!({ "field": "section", "allowed": SECTIONS })));
    };

    let configured_plan = state.settings().chart_img.plan;
    let data = match *section {
        "indicators" => json!({ "indicators": indicators() }),
        "parameters" => json!({ "parameters": parameters() }),
        "limits" => json!({ "limits": limits(configured_plan) }),
        "examples" => json!({ "examples": examples() }),
        _ => json!({
            "indicators": indicators(),
            "parameters": parameters(),
            "limits": limits(configured_plan),
            "examples": examples(),
        }),
    };
    Ok(Success::ok(data))
}

fn indicators() -> Value {
    let studies: Vec<Value> = STUDIES
        .iter()
        .map(|spec| {
            json!({
                "name": spec.name,
                "aliases": spec.aliases,
                "inputs": spec.inputs.iter().map(describe_input).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "count": STUDIES.len(),
        "usage": "each study is {\"name\": NAME, \"input\": {KEY: VALUE}}; names are exact and \
                  case-sensitive, and inputs left out take their defaults",
        "studies": studies,
    })
}

fn describe_input(input: &InputSpec) -> Value {
    match input.kind {
        InputKind::Integer { min, max, default } => {
            json!({"key": input.key, "type": "integer", "min": min, "max": max, "default": default})
        }
        InputKind::Number { min, max, default } => {
            json!({"key": input.key, "type": "number", "min": min, "max": max, "default": default})
        }
        InputKind::Source => json!({"key": input.key, "type": "source", "values": SOURCES}),
        InputKind::Boolean => json!({"key": input.key, "type": "boolean"}),
        InputKind::Choice(choices) => {
            json!({"key": input.key, "type": "choice", "values": choices})
        }
    }
}

fn words<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|value| name(*value)).collect()
}

fn parameters() -> Value {
    let max_width: serde_json::Map<String, Value> = Plan::ALL
        .iter()
        .map(|plan| (plan.to_string(), json!(plan.limits().max_width)))
        .collect();
    let max_height: serde_json::Map<String, Value> = Plan::ALL
        .iter()
        .map(|plan| (plan.to_string(), json!(plan.limits().max_height)))
        .collect();
    let drawings: Vec<Value> = DRAWINGS
        .iter()
        .map(
            |spec| json!({"name": spec.name, "required": spec.required, "optional": spec.optional}),
        )
        .collect();

    json!([
        {"name": "symbol", "type": "string", "default": DEFAULT_SYMBOL,
         "description": "EXCHANGE:TICKER; a ticker may contain `!`, `.` and `_`, or a formula of \
                         tickers and numbers with + - * / and parentheses",
         "examples": ["BINANCE:BTCUSDT", "CME_MINI:ES1!", "BINANCE:BTCUSDT.P", "NYSE:BRK.B",
                      "(NASDAQ:MARA+NASDAQ:RIOT)/10"]},
        {"name": "interval", "type": "string", "default": Interval::Day1.as_str(),
         "values": words(Interval::ALL, Interval::as_str),
         "description": "bar length, case-sensitive: `m` is minutes and `M` months"},
        {"name": "range", "type": "string or object",
         "values": words(RangePreset::ALL, RangePreset::as_str),
         "description": "a preset, or {\"from\", \"to\"} ISO-8601 instants (both required); \
                         chart-img draws at most about 1000 bars"},
        {"name": "width", "type": "integer", "default": 800, "min": MIN_WIDTH, "maxByPlan": max_width},
        {"name": "height", "type": "integer", "default": 600, "min": MIN_HEIGHT, "maxByPlan": max_height},
        {"name": "style", "type": "string", "default": Style::Candle.as_str(),
         "values": words(Style::ALL, Style::as_str)},
        {"name": "theme", "type": "string", "default": Theme::Light.as_str(),
         "values": words(Theme::ALL, Theme::as_str)},
        {"name": "scale", "type": "string", "default": Scale::Regular.as_str(),
         "values": words(Scale::ALL, Scale::as_str)},
        {"name": "session", "type": "string", "default": Session::Regular.as_str(),
         "values": words(Session::ALL, Session::as_str)},
        {"name": "format", "type": "string", "default": ImageFormat::Png.as_str(),
         "values": words(ImageFormat::ALL, ImageFormat::as_str)},
        {"name": "timezone", "type": "string", "default": "Etc/UTC",
         "description": "an IANA time zone name such as America/New_York"},
        {"name": "studies", "type": "list",
         "description": "[{\"name\", \"input\"?, \"override\"?, \"forceOverlay\"?}]; see \
                         section=indicators for names and inputs"},
        {"name": "drawings", "type": "list",
         "description": "[{\"name\", \"input\", \"override\"?, \"zOrder\"?: \"top\" | \"bottom\"}]",
         "values": drawings},
        {"name": "override", "type": "object",
         "description": "chart-wide style overrides passed to chart-img unchanged, such as \
                         {\"showLegend\": false}"},
        {"name": "watermark", "type": "string",
         "description": "custom watermark text, with watermarkSize and watermarkOpacity (0 to 1); \
                         ULTRA and ENTERPRISE plans only"},
    ])
}

fn limits(configured_plan: Plan) -> Value {
    let plans: Vec<_> = Plan::ALL.iter().map(|plan| plan.limits()).collect();
    json!({
        "configuredPlan": configured_plan,
        "minWidth": MIN_WIDTH,
        "minHeight": MIN_HEIGHT,
        "plans": plans,
        "notes": [
            "studies and drawings count together against maxParameters",
            "images chart-img hosts are deleted retentionDays after rendering",
            "unknown keys are ignored by chart-img without an error, so misspelled keys lose \
             their setting",
        ],
    })
}

/// Example requests, each valid on the plan it names.
pub(crate) fn examples() -> Value {
    json!([
        {
            "title": "Bitcoin 4-hour with RSI and MACD, last month",
            "plan": "PRO",
            "config": {
                "symbol": "BINANCE:BTCUSDT", "interval": "4h", "range": "1M", "theme": "dark",
                "width": 1280, "height": 720,
                "studies": [
                    {"name": "Relative Strength Index", "input": {"length": 14}},
                    {"name": "MACD", "input": {"in_0": 12, "in_1": 26, "in_2": 9}},
                ],
            },
        },
        {
            "title": "Apple daily with Bollinger Bands and a support line",
            "plan": "BASIC",
            "config": {
                "symbol": "NASDAQ:AAPL", "interval": "1D", "range": "6M",
                "studies": [{"name": "Bollinger Bands", "input": {"in_0": 20, "in_1": 2}}],
                "drawings": [{"name": "Horizontal Line", "input": {"price": 200, "text": "support"}}],
            },
        },
        {
            "title": "E-mini S&P 500 futures weekly over five years, logarithmic",
            "plan": "BASIC",
            "config": {
                "symbol": "CME_MINI:ES1!", "interval": "1W", "range": "5Y",
                "scale": "logarithmic", "style": "line",
            },
        },
        {
            "title": "Two bitcoin miners as one basket, hourly",
            "plan": "BASIC",
            "config": {"symbol": "(NASDAQ:MARA+NASDAQ:RIOT)/2", "interval": "1h", "range": "1M"},
        },
        {
            "title": "Ether long position over an explicit span, as JPEG",
            "plan": "PRO",
            "config": {
                "symbol": "BINANCE:ETHUSDT", "interval": "1h", "format": "jpeg",
                "width": 1920, "height": 1080,
                "range": {"from": "2025-01-01T00:00:00Z", "to": "2025-01-20T00:00:00Z"},
                "drawings": [{"name": "Long Position", "input": {
                    "startDatetime": "2025-01-10T00:00:00Z", "entryPrice": 3300,
                    "targetPrice": 3700, "stopPrice": 3150}}],
            },
        },
    ])
}
