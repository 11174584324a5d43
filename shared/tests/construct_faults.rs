//! Requests that an earlier implementation of this API got wrong, each checked for the right
//! value: range and interval words, indicator words inside other words, drawings with sample
//! coordinates, and symbols with `!`, `.` and `_`.

use chrono::{DateTime, TimeZone, Utc};
use shared::chart::{ChartConfig, ChartRange, Interval, Plan, RangePreset};
use shared::construct::{ConstructRequest, Context, construct};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
}

fn config(text: &str) -> ChartConfig {
    config_with(ConstructRequest {
        natural_language: text.to_owned(),
        ..ConstructRequest::default()
    })
}

fn config_with(request: ConstructRequest) -> ChartConfig {
    let context = Context::new(Plan::Pro, now());
    construct(&request, &context)
        .unwrap_or_else(|error| panic!("{:?}: {error}", request.natural_language))
        .config
}

fn preset(text: &str) -> Option<RangePreset> {
    match config(text).range {
        Some(ChartRange::Preset(preset)) => Some(preset),
        _ => None,
    }
}

fn span_days(text: &str) -> Option<i64> {
    match config(text).range {
        Some(ChartRange::Span { from, to }) => Some((to - from).num_days()),
        _ => None,
    }
}

fn study_names(text: &str) -> Vec<String> {
    config(text)
        .studies
        .into_iter()
        .map(|study| study.name)
        .collect()
}

#[test]
fn range_three_months_is_3m() {
    assert_eq!(preset("btc 3 months"), Some(RangePreset::Month3));
}

#[test]
fn range_six_months_is_6m() {
    assert_eq!(preset("btc 6 months"), Some(RangePreset::Month6));
}

#[test]
fn range_twelve_months_is_1y() {
    assert_eq!(preset("btc 12 months"), Some(RangePreset::Year1));
}

#[test]
fn range_five_years_is_5y() {
    assert_eq!(preset("btc 5 years"), Some(RangePreset::Year5));
}

#[test]
fn range_past_two_weeks_is_14_days() {
    assert_eq!(span_days("btc past 2 weeks"), Some(14));
}

#[test]
fn range_last_seven_days_is_7_days() {
    assert_eq!(span_days("btc last 7 days"), Some(7));
}

#[test]
fn range_span_ends_now() {
    let Some(ChartRange::Span { to, .. }) = config("btc last 7 days").range else {
        panic!("expected a span");
    };
    assert_eq!(to, now());
}

#[test]
fn interval_15m_is_15m() {
    assert_eq!(config("btc 15m").interval, Interval::Minute15);
}

#[test]
fn interval_15_minute_is_15m() {
    assert_eq!(config("btc 15 minute").interval, Interval::Minute15);
}

#[test]
fn interval_last_24_hours_is_not_4h() {
    let chart = config("btc last 24 hours");
    assert_ne!(chart.interval, Interval::Hour4);
    assert_eq!(chart.range, Some(ChartRange::Preset(RangePreset::Day1)));
}

#[test]
fn interval_30m_2h_12h_3d_are_detected() {
    let cases = [
        ("btc 30m", Interval::Minute30),
        ("btc 2h", Interval::Hour2),
        ("btc 12h", Interval::Hour12),
        ("btc 3D", Interval::Day3),
    ];
    for (text, interval) in cases {
        assert_eq!(config(text).interval, interval, "{text}");
    }
}

#[test]
fn indicator_on_adds_no_on_balance_volume() {
    assert!(study_names("tesla on the daily").is_empty());
}

#[test]
fn indicator_dollar_index_adds_no_stochastic() {
    let chart = config("dollar index daily");
    assert_eq!(chart.symbol, "TVC:DXY");
    assert!(chart.studies.is_empty());
}

#[test]
fn indicator_range_adds_no_williams_r() {
    assert!(study_names("eth 4h range").is_empty());
    assert!(study_names("eth 4h, is it in a range?").is_empty());
}

#[test]
fn indicator_price_adds_no_price_channel() {
    assert!(study_names("eth price action 4h").is_empty());
    assert!(study_names("eth price 4h").is_empty());
}

#[test]
fn indicator_two_moving_averages_add_no_cross() {
    assert_eq!(
        study_names("btc ma 20, ma 50"),
        ["Moving Average", "Moving Average"]
    );
}

#[test]
fn drawings_need_coordinates() {
    for text in [
        "eth line chart",
        "eth support",
        "eth resistance",
        "eth all time",
    ] {
        assert!(config(text).drawings.is_empty(), "{text}");
    }
}

#[test]
fn symbol_keeps_continuous_futures_bang() {
    assert_eq!(config("NYMEX:CL1! daily").symbol, "NYMEX:CL1!");
}

#[test]
fn symbol_ignores_a_time() {
    assert_eq!(config("btc at 10:30").symbol, "BINANCE:BTCUSDT");
}

#[test]
fn symbol_accepts_bang_dot_and_underscore_in_text() {
    for symbol in ["CME_MINI:ES1!", "BINANCE:BTCUSDT.P", "NYSE:BRK.B"] {
        assert_eq!(config(&format!("{symbol} daily")).symbol, symbol);
    }
}

#[test]
fn symbol_accepts_bang_dot_and_underscore_in_field() {
    for symbol in ["CME_MINI:ES1!", "BINANCE:BTCUSDT.P", "NYSE:BRK.B"] {
        let chart = config_with(ConstructRequest {
            natural_language: "daily with rsi".to_owned(),
            symbol: Some(symbol.to_owned()),
            ..ConstructRequest::default()
        });
        assert_eq!(chart.symbol, symbol);
    }
}
