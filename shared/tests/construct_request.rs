//! The request fields around the text. `symbol`, `exchange` and `preferences` override the text,
//! and invalid values are 422 errors that name the field. The plan's limits become adjustments
//! and warnings.

use chrono::{DateTime, TimeZone, Utc};
use shared::api::ApiError;
use shared::chart::{ChartRange, Interval, Plan, RangePreset, Style, Theme};
use shared::construct::{ConstructError, ConstructRequest, Constructed, Context, construct};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
}

fn request(text: &str) -> ConstructRequest {
    ConstructRequest {
        natural_language: text.to_owned(),
        ..ConstructRequest::default()
    }
}

fn run(request: &ConstructRequest, plan: Plan) -> Result<Constructed, ConstructError> {
    construct(request, &Context::new(plan, now()))
}

fn ok(request: &ConstructRequest) -> Constructed {
    run(request, Plan::Pro).unwrap_or_else(|error| panic!("{error}"))
}

fn with_preferences(text: &str, preferences: &str) -> ConstructRequest {
    ConstructRequest {
        preferences: serde_json::from_str(preferences).unwrap(),
        ..request(text)
    }
}

#[test]
fn symbol_field_overrides_the_text() {
    let constructed = ok(&ConstructRequest {
        symbol: Some("nasdaq:aapl".to_owned()),
        ..request("btc 4h rsi")
    });
    assert_eq!(constructed.config.symbol, "NASDAQ:AAPL");
    assert!(
        constructed.reasoning[0].contains("the symbol field"),
        "{:?}",
        constructed.reasoning
    );
    assert!(
        constructed
            .warnings
            .iter()
            .any(|warning| warning.contains("\"btc\"")),
        "{:?}",
        constructed.warnings
    );
}

#[test]
fn symbol_field_without_exchange_is_resolved() {
    let constructed = ok(&ConstructRequest {
        symbol: Some("ethereum".to_owned()),
        ..request("daily chart")
    });
    assert_eq!(constructed.config.symbol, "BINANCE:ETHUSDT");
}

#[test]
fn symbol_field_invalid_is_422_naming_the_field() {
    let error = run(
        &ConstructRequest {
            symbol: Some("not a symbol at all".to_owned()),
            ..request("btc daily")
        },
        Plan::Pro,
    )
    .unwrap_err();
    assert_eq!(error.field(), "symbol");
    assert_eq!(ApiError::from(error).status, 422);
}

#[test]
fn exchange_field_changes_the_exchange() {
    let constructed = ok(&ConstructRequest {
        exchange: Some("coinbase".to_owned()),
        ..request("eth 1h")
    });
    assert_eq!(constructed.config.symbol, "COINBASE:ETHUSD");
}

#[test]
fn exchange_in_text_changes_the_exchange() {
    assert_eq!(
        ok(&request("sol on kraken 4h")).config.symbol,
        "KRAKEN:SOLUSD"
    );
    assert_eq!(
        ok(&request("btc bybit perp 1h")).config.symbol,
        "BYBIT:BTCUSDT.P"
    );
}

#[test]
fn exchange_field_keeps_a_named_quote() {
    let constructed = ok(&ConstructRequest {
        exchange: Some("BINANCE".to_owned()),
        ..request("eth/btc daily")
    });
    assert_eq!(constructed.config.symbol, "BINANCE:ETHBTC");
}

#[test]
fn exchange_for_another_market_is_not_applied() {
    let constructed = ok(&ConstructRequest {
        exchange: Some("binance".to_owned()),
        ..request("apple daily")
    });
    assert_eq!(constructed.config.symbol, "NASDAQ:AAPL");
    assert_eq!(constructed.warnings.len(), 1, "{:?}", constructed.warnings);
}

#[test]
fn exchange_field_invalid_is_422_naming_the_field() {
    let error = run(
        &ConstructRequest {
            exchange: Some("no such place!".to_owned()),
            ..request("btc daily")
        },
        Plan::Pro,
    )
    .unwrap_err();
    assert_eq!(error.field(), "exchange");
}

#[test]
fn preferences_override_the_text() {
    let constructed = ok(&with_preferences(
        "eth 1h last week heikin ashi dark",
        r#"{"interval": "4h", "range": "3M", "theme": "light", "style": "line", "resolution": "1280x720"}"#,
    ));
    let config = &constructed.config;
    assert_eq!(config.interval, Interval::Hour4);
    assert_eq!(config.range, Some(ChartRange::Preset(RangePreset::Month3)));
    assert_eq!(config.theme, Theme::Light);
    assert_eq!(config.style, Style::Line);
    assert_eq!((config.width, config.height), (1280, 720));
    for field in ["interval", "range", "theme", "style", "resolution"] {
        let source = format!("preferences.{field}");
        assert!(
            constructed
                .reasoning
                .iter()
                .any(|line| line.contains(&source)),
            "{source} missing from {:?}",
            constructed.reasoning
        );
    }
}

#[test]
fn preference_range_span_is_kept() {
    let constructed = ok(&with_preferences(
        "btc",
        r#"{"range": {"from": "2025-01-01T00:00:00Z", "to": "2025-02-01T00:00:00Z"}}"#,
    ));
    let Some(ChartRange::Span { from, to }) = constructed.config.range else {
        panic!("expected a span");
    };
    assert_eq!((to - from).num_days(), 31);
    assert_eq!(constructed.config.interval, Interval::Hour2);
}

#[test]
fn preference_range_backwards_is_422() {
    let error = run(
        &with_preferences(
            "btc",
            r#"{"range": {"from": "2025-02-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"}}"#,
        ),
        Plan::Pro,
    )
    .unwrap_err();
    assert_eq!(error.field(), "preferences.range");
}

#[test]
fn resolution_invalid_is_422_naming_the_field() {
    for resolution in ["big", "1920", "100x100", "axb"] {
        let body = format!(r#"{{"resolution": "{resolution}"}}"#);
        let error = run(&with_preferences("btc", &body), Plan::Pro).unwrap_err();
        assert_eq!(error.field(), "preferences.resolution", "{resolution}");
        assert!(error.to_string().contains(resolution), "{error}");
    }
}

#[test]
fn size_over_plan_is_capped() {
    let constructed = run(&request("btc daily 1920x1080"), Plan::Basic).unwrap();
    assert_eq!(
        (constructed.config.width, constructed.config.height),
        (800, 450)
    );
    assert!(
        constructed
            .warnings
            .iter()
            .any(|warning| warning.contains("BASIC")),
        "{:?}",
        constructed.warnings
    );
}

#[test]
fn too_many_studies_and_drawings_warn() {
    let text = "btc daily rsi macd bollinger bands horizontal line at 60000";
    let constructed = run(&request(text), Plan::Basic).unwrap();
    assert_eq!(constructed.config.parameter_count(), 4);
    assert!(
        constructed
            .warnings
            .iter()
            .any(|warning| warning.contains("allows 3")),
        "{:?}",
        constructed.warnings
    );
}

#[test]
fn reasoning_names_the_text_for_each_field() {
    let constructed = ok(&request("Bitcoin 4H with RSI 21, last month, dark"));
    let reasoning = constructed.reasoning.join("\n");
    for expected in [
        "\"Bitcoin\"",
        "\"4H\"",
        "\"RSI 21\"",
        "\"last month\"",
        "\"dark\"",
    ] {
        assert!(
            reasoning.contains(expected),
            "{expected} missing from:\n{reasoning}"
        );
    }
}

#[test]
fn reasoning_says_when_defaults_are_used() {
    let constructed = ok(&request("btc"));
    assert_eq!(constructed.config.interval, Interval::Day1);
    assert_eq!(
        constructed.config.range,
        Some(ChartRange::Preset(RangePreset::Month6))
    );
    assert!(
        constructed
            .reasoning
            .iter()
            .any(|line| line.contains("by default")),
        "{:?}",
        constructed.reasoning
    );
}

#[test]
fn interval_is_chosen_for_a_stated_range() {
    let cases = [
        ("btc today", RangePreset::DayToDate),
        ("btc 5 days", RangePreset::Day5),
        ("btc last month", RangePreset::Month1),
        ("btc 1 year", RangePreset::Year1),
        ("btc 5 years", RangePreset::Year5),
    ];
    for (text, range) in cases {
        let constructed = ok(&request(text));
        assert_eq!(
            constructed.config.range,
            Some(ChartRange::Preset(range)),
            "{text}"
        );
        let seconds = match range {
            RangePreset::DayToDate => 10.5 * 3600.0,
            other => other.max_seconds() as f64,
        };
        let bars = seconds / constructed.config.interval.seconds() as f64;
        assert!((100.0..=1000.0).contains(&bars), "{text}: {bars} bars");
    }
}

#[test]
fn jpeg_sets_the_format() {
    let constructed = ok(&request("btc daily as a jpg"));
    assert_eq!(
        constructed.config.format,
        Some(shared::chart::ImageFormat::Jpeg)
    );
}

#[test]
fn no_instrument_is_422() {
    let error = run(&request("show me a chart with RSI"), Plan::Pro).unwrap_err();
    let api = ApiError::from(error);
    assert_eq!(api.status, 422);
    assert!(api.message.contains("BINANCE:BTCUSDT"), "{}", api.message);
    assert!(api.message.contains("symbol field"), "{}", api.message);
}

#[test]
fn long_text_is_422() {
    let text = format!("btc {}", "x".repeat(2000));
    let error = run(&request(&text), Plan::Pro).unwrap_err();
    assert_eq!(error, ConstructError::TextTooLong { length: 2004 });
    assert_eq!(ApiError::from(error).status, 422);
}
