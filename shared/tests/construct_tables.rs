//! Every study alias, every chart-img interval and every range preset can be reached from plain
//! words, so no table entry is dead.

use chrono::{TimeZone, Utc};
use shared::chart::{ChartConfig, ChartRange, Interval, Plan, RangePreset, STUDIES};
use shared::construct::{ConstructRequest, Context, construct};

fn config(text: &str) -> ChartConfig {
    let request = ConstructRequest {
        natural_language: text.to_owned(),
        ..ConstructRequest::default()
    };
    let context = Context::new(
        Plan::Enterprise,
        Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap(),
    );
    construct(&request, &context)
        .unwrap_or_else(|error| panic!("{text:?}: {error}"))
        .config
}

#[test]
fn every_study_alias_adds_its_study() {
    let mut failures = Vec::new();
    for spec in STUDIES {
        for alias in spec.aliases.iter().chain([&spec.name]) {
            let text = format!("btc daily with {alias}");
            let names: Vec<String> = config(&text).studies.into_iter().map(|s| s.name).collect();
            if names != [spec.name] {
                failures.push(format!("{text:?} gave {names:?}, expected {}", spec.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_interval_from_words() {
    let cases = [
        ("1 minute", Interval::Minute1),
        ("2 minute", Interval::Minute2),
        ("three minute", Interval::Minute3),
        ("5-minute", Interval::Minute5),
        ("quarter-hour", Interval::Minute15),
        ("half hourly", Interval::Minute30),
        ("45 min", Interval::Minute45),
        ("hourly", Interval::Hour1),
        ("2 hour", Interval::Hour2),
        ("3hr", Interval::Hour3),
        ("4H", Interval::Hour4),
        ("6 hours", Interval::Hour6),
        ("8 hr", Interval::Hour8),
        ("12-hour", Interval::Hour12),
        ("on the daily", Interval::Day1),
        ("2 day", Interval::Day2),
        ("3-day candles", Interval::Day3),
        ("weekly", Interval::Week1),
        ("monthly candles", Interval::Month1),
        ("quarterly", Interval::Month3),
        ("6 month candles", Interval::Month6),
        ("yearly", Interval::Year1),
    ];
    assert_eq!(cases.len(), Interval::ALL.len());
    for (words, interval) in cases {
        assert_eq!(
            config(&format!("btc {words}")).interval,
            interval,
            "{words}"
        );
    }
}

#[test]
fn every_interval_from_its_spelling() {
    for interval in Interval::ALL
        .iter()
        .filter(|interval| **interval != Interval::Year1)
    {
        let text = format!("btc {interval}");
        assert_eq!(config(&text).interval, *interval, "{text}");
    }
}

#[test]
fn every_range_preset_from_words() {
    let cases = [
        ("last 24 hours", RangePreset::Day1),
        ("5 days", RangePreset::Day5),
        ("last month", RangePreset::Month1),
        ("quarter", RangePreset::Month3),
        ("6 months", RangePreset::Month6),
        ("12 months", RangePreset::Year1),
        ("5 years", RangePreset::Year5),
        ("all time", RangePreset::All),
        ("today", RangePreset::DayToDate),
        ("this week", RangePreset::WeekToDate),
        ("month to date", RangePreset::MonthToDate),
        ("year to date", RangePreset::YearToDate),
    ];
    assert_eq!(cases.len(), RangePreset::ALL.len());
    for (words, preset) in cases {
        let range = config(&format!("btc {words}")).range;
        assert_eq!(range, Some(ChartRange::Preset(preset)), "{words}");
    }
}
