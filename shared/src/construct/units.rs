//! Amounts of time as people write them: a count and a unit, in digits ("15m", "4 hours",
//! "15-minute") or words ("fifteen minute", "an hour"). Intervals and ranges both read them;
//! which of the two an amount sets is decided by their passes.

use super::lexicon::Meaning;
use super::sentence::Sentence;
use super::tokenizer::TokenKind;

/// A unit of time, or of bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    /// Bars or candles of the chart's own interval ("last 200 bars").
    Bar,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

impl Unit {
    /// Returns the unit's length in seconds, counting a month as 30 days and a year as 365, so
    /// that "2 months" is exactly 60 days. Bars have no fixed length.
    pub(crate) const fn seconds(self) -> Option<i64> {
        match self {
            Unit::Minute => Some(MINUTE),
            Unit::Hour => Some(HOUR),
            Unit::Day => Some(DAY),
            Unit::Week => Some(7 * DAY),
            Unit::Month => Some(30 * DAY),
            Unit::Quarter => Some(91 * DAY),
            Unit::Year => Some(365 * DAY),
            Unit::Bar => None,
        }
    }

    pub(crate) const fn name(self) -> &'static str {
        match self {
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
            Unit::Bar => "bar",
        }
    }
}

/// Unit words, and whether each is a plural. `m` is minutes, and an `M` in capitals is read as
/// months where it is attached to a number (`1M`).
pub(super) const UNIT_WORDS: &[(&str, Unit, bool)] = &[
    ("minute", Unit::Minute, false),
    ("minutes", Unit::Minute, true),
    ("min", Unit::Minute, false),
    ("mins", Unit::Minute, true),
    ("m", Unit::Minute, false),
    ("hour", Unit::Hour, false),
    ("hours", Unit::Hour, true),
    ("hr", Unit::Hour, false),
    ("hrs", Unit::Hour, true),
    ("h", Unit::Hour, false),
    ("day", Unit::Day, false),
    ("days", Unit::Day, true),
    ("d", Unit::Day, false),
    ("week", Unit::Week, false),
    ("weeks", Unit::Week, true),
    ("wk", Unit::Week, false),
    ("wks", Unit::Week, true),
    ("w", Unit::Week, false),
    ("month", Unit::Month, false),
    ("months", Unit::Month, true),
    ("mo", Unit::Month, false),
    ("mos", Unit::Month, true),
    ("mth", Unit::Month, false),
    ("mths", Unit::Month, true),
    ("quarter", Unit::Quarter, false),
    ("quarters", Unit::Quarter, true),
    ("year", Unit::Year, false),
    ("years", Unit::Year, true),
    ("yr", Unit::Year, false),
    ("yrs", Unit::Year, true),
    ("y", Unit::Year, false),
    ("bar", Unit::Bar, false),
    ("bars", Unit::Bar, true),
    ("candle", Unit::Bar, false),
    ("candles", Unit::Bar, true),
    ("candlesticks", Unit::Bar, true),
];

/// Numbers written as words.
pub(super) const COUNT_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("eighteen", 18),
    ("twenty", 20),
    ("twenty one", 21),
    ("twenty four", 24),
    ("thirty", 30),
    ("forty five", 45),
    ("forty eight", 48),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy two", 72),
    ("ninety", 90),
    ("hundred", 100),
    ("a hundred", 100),
    ("one hundred", 100),
    ("two hundred", 200),
    ("a couple of", 2),
    ("couple of", 2),
    ("a couple", 2),
];

/// A count of units found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Amount {
    pub count: f64,
    pub unit: Unit,
    /// Whether the unit was written as a plural ("hours").
    pub plural: bool,
    /// Whether the count and unit were written together with no space ("4h", "5y").
    pub compact: bool,
    /// Whether the unit was a capital `M`, chart-img's spelling of months ("1M").
    pub capital_month: bool,
    /// Whether a count was written. A bare unit word ("month" in "last month") counts one.
    pub counted: bool,
    /// The item after the amount.
    pub end: usize,
}

/// Reads an amount starting at item `at`: "4h", "4 hour", "four hours", "an hour" or, with
/// no count, a bare unit word, which counts one ("last month").
pub(crate) fn read_amount(sentence: &Sentence<'_>, at: usize) -> Option<Amount> {
    if let Some(amount) = read_compact(sentence, at) {
        return Some(amount);
    }

    let count = count_at(sentence, at);
    let unit_at = if count.is_some() { at + 1 } else { at };
    let (unit, plural) = unit_at_item(sentence, unit_at)?;
    Some(Amount {
        count: count.unwrap_or(1.0),
        unit,
        plural,
        compact: false,
        capital_month: sentence.source(unit_at..unit_at + 1) == "M",
        counted: count.is_some(),
        end: unit_at + 1,
    })
}

/// Reads a number with its unit attached, such as `15m`, `4H`, `1hr` or `1M`.
fn read_compact(sentence: &Sentence<'_>, at: usize) -> Option<Amount> {
    if !sentence.is_free(at) {
        return None;
    }
    let token = sentence.single_token(at)?;
    let TokenKind::Quantity { value, unit } = &token.kind else {
        return None;
    };
    let written = &sentence.text[unit.clone()];
    let (unit, plural) = unit_named(written)?;
    Some(Amount {
        count: *value,
        unit,
        plural,
        compact: true,
        capital_month: written == "M",
        counted: true,
        end: at + 1,
    })
}

/// Returns the count at item `at`: a plain number, a number word, or "a"/"an".
pub(crate) fn count_at(sentence: &Sentence<'_>, at: usize) -> Option<f64> {
    if !sentence.is_free(at) {
        return None;
    }
    if let Some(value) = sentence.plain_number(at) {
        return Some(value);
    }
    sentence.find(at, |meaning| match meaning {
        Meaning::Count(count) => Some(f64::from(*count)),
        Meaning::Article => Some(1.0),
        _ => None,
    })
}

/// Returns the unit named by item `at`, reading a capital `M` as months.
fn unit_at_item(sentence: &Sentence<'_>, at: usize) -> Option<(Unit, bool)> {
    if !sentence.is_free(at) {
        return None;
    }
    let found = sentence.find(at, |meaning| match meaning {
        Meaning::Unit { unit, plural } => Some((*unit, *plural)),
        _ => None,
    })?;
    let written = sentence.source(at..at + 1);
    if found.0 == Unit::Minute && written == "M" {
        return Some((Unit::Month, false));
    }
    Some(found)
}

/// Returns the unit a written suffix names: `m`, `min`, `H`, `hr`, `D`, `W`, `M`, `y`, ...
pub(crate) fn unit_named(written: &str) -> Option<(Unit, bool)> {
    if written == "M" {
        return Some((Unit::Month, false));
    }
    let lower = written.to_lowercase();
    UNIT_WORDS
        .iter()
        .find(|(word, _, _)| *word == lower)
        .map(|(_, unit, plural)| (*unit, *plural))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_named_reads_capital_m_as_months() {
        assert_eq!(unit_named("M"), Some((Unit::Month, false)));
        assert_eq!(unit_named("m"), Some((Unit::Minute, false)));
        assert_eq!(unit_named("H"), Some((Unit::Hour, false)));
        assert_eq!(unit_named("hrs"), Some((Unit::Hour, true)));
        assert_eq!(unit_named("k"), None);
    }

    #[test]
    fn unit_words_are_unique() {
        for (index, (word, _, _)) in UNIT_WORDS.iter().enumerate() {
            assert!(
                UNIT_WORDS[index + 1..]
                    .iter()
                    .all(|(other, _, _)| other != word),
                "{word}"
            );
        }
    }

    #[test]
    fn read_amount_reads_digits_and_words() {
        let cases = [
            ("15m", 15.0, Unit::Minute, true),
            ("4 hour", 4.0, Unit::Hour, false),
            ("15-minute", 15.0, Unit::Minute, false),
            ("fifteen minute", 15.0, Unit::Minute, false),
            ("an hour", 1.0, Unit::Hour, false),
            ("1M", 1.0, Unit::Month, true),
            ("month", 1.0, Unit::Month, false),
        ];
        for (text, count, unit, compact) in cases {
            let sentence = Sentence::read(text);
            let amount = read_amount(&sentence, 0).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(amount.count, count, "{text}");
            assert_eq!(amount.unit, unit, "{text}");
            assert_eq!(amount.compact, compact, "{text}");
        }
    }
}
