//! Any text up to 2,000 characters, in any plan, gives either a config that chart-img accepts
//! or an error that the API returns as 422, and never a panic.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use shared::api::ApiError;
use shared::chart::{
    ChartConfig, ChartRange, DrawingSpec, InputKind, MIN_HEIGHT, MIN_WIDTH, Plan, StudySpec,
};
use shared::construct::{ConstructRequest, Context, MAX_TEXT_CHARS, construct};

/// Words, numbers and punctuation the parser reacts to, so that generated texts reach deep into
/// its passes instead of only failing to find an instrument.
const VOCABULARY: &[&str] = &[
    "btc",
    "eth",
    "sol",
    "near",
    "NEAR",
    "link",
    "$LINK",
    "apple",
    "coinbase",
    "stock",
    "on",
    "nasdaq",
    "EUR/USD",
    "euro",
    "dollar",
    "index",
    "dollar index",
    "gold",
    "S&P",
    "500",
    "NYSE:BRK.B",
    "CME_MINI:ES1!",
    "rsi",
    "macd",
    "ema",
    "sma",
    "ma",
    "bb",
    "bollinger",
    "momentum",
    "volume",
    "without",
    "no",
    "indicators",
    "with",
    "and",
    "&",
    "+",
    ",",
    "(",
    ")",
    "0",
    "1",
    "2",
    "3",
    "4",
    "9",
    "14",
    "21",
    "50",
    "200",
    "2.5",
    "65,000",
    "65k",
    "0.02",
    "99999999999999999999",
    "-",
    "/",
    "4h",
    "4H",
    "1M",
    "15m",
    "1hr",
    "5y",
    "hourly",
    "daily",
    "weekly",
    "last",
    "past",
    "over",
    "for",
    "the",
    "a",
    "days",
    "day",
    "weeks",
    "months",
    "month",
    "year",
    "years",
    "hours",
    "bars",
    "candles",
    "chart",
    "ytd",
    "today",
    "all time",
    "since",
    "from",
    "to",
    "march",
    "1st",
    "2024",
    "2025-03-01",
    "10:30",
    "at",
    "above",
    "horizontal line",
    "long",
    "short",
    "entry",
    "target",
    "stop",
    "fib",
    "support",
    "resistance",
    "vertical line",
    "arrow up",
    "dark",
    "light",
    "heikin ashi",
    "line chart",
    "hi-lo",
    "1920x1080",
    "4k",
    "HD",
    "by",
    "x",
    "jpeg",
    "log",
    "perp",
    "usdt",
    "in",
    "vs",
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
}

/// Text made of any Unicode characters.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=MAX_TEXT_CHARS)
        .prop_map(|characters| characters.into_iter().collect())
}

/// Text made of vocabulary words joined by spaces or nothing.
fn vocabulary_text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(VOCABULARY), prop::bool::ANY), 0..40).prop_map(
        |words| {
            let mut text = String::new();
            for (word, spaced) in words {
                if spaced {
                    text.push(' ');
                }
                text.push_str(word);
            }
            text
        },
    )
}

/// Checks what chart-img needs of a config and returns the first problem found.
fn invariant_problem(config: &ChartConfig, plan: Plan) -> Option<String> {
    let limits = plan.limits();

    let Some((exchange, ticker)) = config.symbol.split_once(':') else {
        return Some(format!("symbol {} has no exchange", config.symbol));
    };
    let exchange_ok = exchange.starts_with(|first: char| first.is_ascii_uppercase())
        && exchange
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let ticker_ok = !ticker.is_empty()
        && ticker
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '!'));
    if !exchange_ok || !ticker_ok {
        return Some(format!("symbol {} is not EXCHANGE:SYMBOL", config.symbol));
    }

    if !(MIN_WIDTH..=limits.max_width).contains(&config.width)
        || !(MIN_HEIGHT..=limits.max_height).contains(&config.height)
    {
        return Some(format!(
            "size {}x{} is outside {plan}",
            config.width, config.height
        ));
    }

    if let Some(ChartRange::Span { from, to }) = &config.range
        && from >= to
    {
        return Some(format!("range {from} is not before {to}"));
    }

    for study in &config.studies {
        let Some(spec) = StudySpec::find(&study.name) else {
            return Some(format!("unknown study {}", study.name));
        };
        for (key, value) in study.input.iter().flatten() {
            let Some(input) = spec.input(key) else {
                return Some(format!("{} has no input {key}", study.name));
            };
            let number = value.as_f64().unwrap_or(f64::NAN);
            let valid = match input.kind {
                InputKind::Integer { min, max, .. } => {
                    value.is_i64() && (min as f64..=max as f64).contains(&number)
                }
                InputKind::Number { min, max, .. } => (min..=max).contains(&number),
                _ => false,
            };
            if !valid {
                return Some(format!("{} {key} = {value} is invalid", study.name));
            }
        }
    }

    for drawing in &config.drawings {
        let Some(spec) = DrawingSpec::find(&drawing.name) else {
            return Some(format!("unknown drawing {}", drawing.name));
        };
        if let Some(key) = spec
            .required
            .iter()
            .find(|key| !drawing.input.contains_key(**key))
        {
            return Some(format!("{} lacks {key}", drawing.name));
        }
    }
    None
}

fn check(text: String, plan: Plan) -> Result<(), TestCaseError> {
    let request = ConstructRequest {
        natural_language: text,
        ..ConstructRequest::default()
    };
    match construct(&request, &Context::new(plan, now())) {
        Ok(constructed) => {
            let problem = invariant_problem(&constructed.config, plan);
            prop_assert!(
                problem.is_none(),
                "{:?}: {problem:?}",
                request.natural_language
            );
        }
        Err(error) => {
            let status = ApiError::from(error.clone()).status;
            prop_assert_eq!(status, 422, "{}", error);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn construct_any_unicode_is_config_or_422(text in any_text(), plan in prop::sample::select(Plan::ALL)) {
        check(text, plan)?;
    }

    #[test]
    fn construct_vocabulary_is_config_or_422(text in vocabulary_text(), plan in prop::sample::select(Plan::ALL)) {
        check(text, plan)?;
    }
}

#[test]
fn invariants_catch_a_bad_config() {
    let config = ChartConfig {
        symbol: "BTCUSDT".to_owned(),
        ..ChartConfig::default()
    };
    assert!(invariant_problem(&config, Plan::Basic).is_some());
}
