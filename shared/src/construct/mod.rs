//! Natural-language chart requests turned into chart-img configs.
//!
//! [`construct`] reads a request such as "BTC 4h with RSI and MACD, last month" and returns the
//! chart-img config it requests, one reasoning line per decision (which text set which field)
//! and warnings for what it ignored or adjusted. It is pure: no I/O, and the clock comes from
//! the [`Context`], so the same request and context always give the same result.
//!
//! The text is tokenized once and matched against one dictionary built from the concept
//! tables (instruments, intervals, ranges, studies, drawings, appearance), longest phrase
//! first. Passes then run in a fixed order, each claiming the words it uses so that no word
//! counts twice: drawings (prices), studies (their parameters), ranges, intervals,
//! instruments, appearance.

mod appearance;
mod assemble;
mod assets;
mod drawings;
mod error;
mod findings;
mod instruments;
mod intervals;
mod lexicon;
mod ranges;
mod request;
mod sentence;
mod studies;
mod tokenizer;
mod units;

pub use error::ConstructError;
pub use request::{ConstructRequest, Constructed, Context, MAX_TEXT_CHARS, Preferences};

use assemble::{Overrides, assemble};
use findings::Findings;
use instruments::Instrument;
use lexicon::{LEXICON, Meaning};
use sentence::Sentence;
use tokenizer::TokenKind;

use crate::chart::{ChartRange, MIN_HEIGHT, MIN_WIDTH};

/// Turns a plain-language chart request into a chart-img config.
///
/// # Errors
///
/// [`ConstructError`] when the text is empty or over 2,000 characters, when a field contains a
/// value the service cannot use, or when no instrument can be identified.
pub fn construct(
    request: &ConstructRequest,
    context: &Context,
) -> Result<Constructed, ConstructError> {
    let text = request.natural_language.as_str();
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(ConstructError::TextTooLong { length });
    }
    if text.trim().is_empty() {
        return Err(ConstructError::EmptyText);
    }

    let overrides = Overrides {
        symbol: request.symbol.as_deref().map(symbol_field).transpose()?,
        exchange: request
            .exchange
            .as_deref()
            .map(exchange_field)
            .transpose()?,
        resolution: request
            .preferences
            .resolution
            .as_deref()
            .map(resolution_field)
            .transpose()?,
    };
    check_range_preference(request.preferences.range.as_ref())?;

    let mut sentence = Sentence::read(text);
    let mut findings = Findings::default();
    drawings::find(&mut sentence, &mut findings, context.now);
    studies::find(&mut sentence, &mut findings);
    ranges::find(&mut sentence, &mut findings, context.now);
    intervals::find(&mut sentence, &mut findings);
    instruments::find(&mut sentence, &mut findings);
    appearance::find(&mut sentence, &mut findings);
    report_unused(&sentence, &mut findings);

    assemble(findings, overrides, &request.preferences, context)
}

/// Reads the `symbol` field: `EXCHANGE:SYMBOL` (kept, uppercased), or a name or ticker from the
/// instrument tables ("btc", "AAPL").
fn symbol_field(value: &str) -> Result<Instrument, ConstructError> {
    let invalid = || ConstructError::InvalidField {
        field: "symbol",
        value: value.to_owned(),
        expected: "use EXCHANGE:SYMBOL, for example BINANCE:BTCUSDT, NASDAQ:AAPL or CME_MINI:ES1!"
            .to_owned(),
    };
    let trimmed = value.trim();

    if let Some((exchange, ticker)) = trimmed.split_once(':') {
        let exchange_valid = exchange.starts_with(|first: char| first.is_ascii_alphabetic())
            && exchange
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        let ticker_valid = ticker.starts_with(|first: char| first.is_ascii_alphanumeric())
            && ticker
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '!'));
        if !exchange_valid || !ticker_valid || trimmed.len() > 64 {
            return Err(invalid());
        }
        return Ok(Instrument::Explicit(trimmed.to_ascii_uppercase()));
    }

    if trimmed.chars().count() > 64 {
        return Err(invalid());
    }
    let mut sentence = Sentence::read(trimmed);
    let mut findings = Findings::default();
    instruments::find(&mut sentence, &mut findings);
    findings
        .instrument
        .map(|found| found.value)
        .ok_or_else(invalid)
}

/// Reads the `exchange` field: an exchange name from the venue table ("coinbase", "Binance
/// US"), or an exchange id such as `BITMEX`.
fn exchange_field(value: &str) -> Result<String, ConstructError> {
    let trimmed = value.trim();
    let key = tokenizer::tokenize(trimmed)
        .into_iter()
        .map(|token| token.key)
        .collect::<Vec<_>>()
        .join(" ");
    let known = LEXICON.get(&key).and_then(|(_, meanings)| {
        meanings.iter().find_map(|meaning| match meaning {
            Meaning::Venue(venue) => Some(venue.id),
            _ => None,
        })
    });
    if let Some(id) = known {
        return Ok(id.to_owned());
    }

    let valid = (1..=32).contains(&trimmed.len())
        && trimmed.starts_with(|first: char| first.is_ascii_alphabetic())
        && trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(ConstructError::InvalidField {
            field: "exchange",
            value: value.to_owned(),
            expected: "use an exchange id such as BINANCE, COINBASE, NASDAQ or NYSE".to_owned(),
        });
    }
    Ok(trimmed.to_ascii_uppercase())
}

/// Reads `preferences.resolution` as `WIDTHxHEIGHT`, at least chart-img's 400x300.
fn resolution_field(value: &str) -> Result<(u32, u32), ConstructError> {
    let invalid = |expected: String| ConstructError::InvalidField {
        field: "preferences.resolution",
        value: value.to_owned(),
        expected,
    };
    let parsed = value
        .trim()
        .split_once(['x', 'X', '×'])
        .and_then(|(width, height)| {
            Some((
                width.trim().parse::<u32>().ok()?,
                height.trim().parse::<u32>().ok()?,
            ))
        });
    let Some((width, height)) = parsed else {
        return Err(invalid(
            "use WIDTHxHEIGHT in pixels, for example 1280x720".to_owned(),
        ));
    };
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(invalid(format!(
            "chart-img draws at least {MIN_WIDTH}x{MIN_HEIGHT}"
        )));
    }
    Ok((width, height))
}

fn check_range_preference(range: Option<&ChartRange>) -> Result<(), ConstructError> {
    match range {
        Some(ChartRange::Span { from, to }) if from >= to => Err(ConstructError::InvalidField {
            field: "preferences.range",
            value: format!("{from} to {to}"),
            expected: "from must be before to".to_owned(),
        }),
        _ => Ok(()),
    }
}

/// Reports numbers, times and dates that no pass used, so the caller knows they had no effect.
fn report_unused(sentence: &Sentence<'_>, findings: &mut Findings) {
    let unused: Vec<String> = (0..sentence.len())
        .filter(|at| sentence.is_free(*at))
        .filter(|at| {
            sentence.single_token(*at).is_some_and(|token| {
                matches!(
                    token.kind,
                    TokenKind::Number(_)
                        | TokenKind::Quantity { .. }
                        | TokenKind::Time
                        | TokenKind::Date(_)
                        | TokenKind::Size { .. }
                )
            })
        })
        .map(|at| sentence.quote(at..at + 1))
        .collect();
    if unused.is_empty() {
        return;
    }
    let verb = if unused.len() == 1 { "was" } else { "were" };
    findings.warnings.push(format!(
        "{} {verb} not used: a price marks the chart only as a drawing (\"horizontal line at 65000\"), and a chart always ends at the time it is rendered",
        unused.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::chart::Plan;

    fn context() -> Context {
        Context::new(
            Plan::Pro,
            Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap(),
        )
    }

    fn request(text: &str) -> ConstructRequest {
        ConstructRequest {
            natural_language: text.to_owned(),
            ..ConstructRequest::default()
        }
    }

    #[test]
    fn construct_rejects_empty_and_long_text() {
        assert_eq!(
            construct(&request("  "), &context()),
            Err(ConstructError::EmptyText)
        );
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            construct(&request(&long), &context()),
            Err(ConstructError::TextTooLong { length: 2001 })
        );
    }

    #[test]
    fn construct_accepts_exactly_2000_characters() {
        let text = format!("btc {}", "é".repeat(MAX_TEXT_CHARS - 4));
        assert!(construct(&request(&text), &context()).is_ok());
    }

    #[test]
    fn symbol_field_accepts_names_and_explicit_symbols() {
        assert_eq!(
            symbol_field("cme_mini:es1!"),
            Ok(Instrument::Explicit("CME_MINI:ES1!".to_owned()))
        );
        assert!(matches!(symbol_field("btc"), Ok(Instrument::Coin { .. })));
        assert!(symbol_field("no such thing").is_err());
        assert!(symbol_field("NASDAQ:").is_err());
    }

    #[test]
    fn exchange_field_reads_names_and_ids() {
        assert_eq!(exchange_field("Binance US"), Ok("BINANCEUS".to_owned()));
        assert_eq!(exchange_field("bitmex"), Ok("BITMEX".to_owned()));
        assert!(exchange_field("not an exchange!").is_err());
    }

    #[test]
    fn resolution_field_checks_the_minimum() {
        assert_eq!(resolution_field("1280x720"), Ok((1280, 720)));
        assert!(resolution_field("300x200").is_err());
        assert!(resolution_field("big").is_err());
    }

    #[test]
    fn report_unused_names_prices_and_times() {
        let constructed = construct(&request("btc at 10:30 above 65,000"), &context()).unwrap();
        let warning = constructed.warnings.join(" ");
        assert!(warning.contains("\"10:30\""), "{warning}");
        assert!(warning.contains("\"65,000\""), "{warning}");
    }
}
