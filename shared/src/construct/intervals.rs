//! The bar interval: read from words ("hourly", "on the daily", "quarter-hour", "H4") and
//! amounts ("15m", "15-minute", "fifteen minute", "4H", "1hr", "2 day candles"), and chosen for
//! the range when the text states none. chart-img's intervals are case-sensitive, so the value
//! is always one of [`Interval`]'s exact spellings (`4h`, `1D`, `1M`).
//!
//! An amount is an interval in four cases. It is written compactly and names one of
//! chart-img's intervals ("4h", "1D", "1M" with a capital M). It is under a day ("15 minute", "4
//! hours"). It is one of chart-img's day or week intervals, written in the singular or before a
//! chart word ("1 day", "2 day candles", "week chart"). Or it is a month, quarter or year
//! interval before a bar word ("3 month candles", "1 year bars"). Other amounts ("5 days", "2
//! months", "6 month chart", "24 hours") are ranges, which the range pass reads first.

use std::ops::Range;

use super::findings::{Finding, Findings};
use super::lexicon::Meaning;
use super::ranges::RangeSpec;
use super::sentence::Sentence;
use super::units::{Amount, Unit, read_amount};
use crate::chart::{Interval, RangePreset};

/// Interval words.
const INTERVAL_WORDS: &[(&str, Interval)] = &[
    ("minutely", Interval::Minute1),
    ("quarter hour", Interval::Minute15),
    ("quarter hourly", Interval::Minute15),
    ("half hour", Interval::Minute30),
    ("half hourly", Interval::Minute30),
    ("hourly", Interval::Hour1),
    ("daily", Interval::Day1),
    ("weekly", Interval::Week1),
    ("monthly", Interval::Month1),
    ("quarterly", Interval::Month3),
    ("yearly", Interval::Year1),
    ("annual", Interval::Year1),
    ("m1", Interval::Minute1),
    ("m5", Interval::Minute5),
    ("m15", Interval::Minute15),
    ("m30", Interval::Minute30),
    ("h1", Interval::Hour1),
    ("h2", Interval::Hour2),
    ("h4", Interval::Hour4),
    ("h6", Interval::Hour6),
    ("h8", Interval::Hour8),
    ("h12", Interval::Hour12),
    ("d1", Interval::Day1),
    ("w1", Interval::Week1),
    ("mn", Interval::Month1),
    ("mn1", Interval::Month1),
];

/// Intervals considered when choosing one for a range: the common ones, finest first.
const CHOICES: &[Interval] = &[
    Interval::Minute1,
    Interval::Minute5,
    Interval::Minute15,
    Interval::Minute30,
    Interval::Hour1,
    Interval::Hour2,
    Interval::Hour4,
    Interval::Day1,
    Interval::Week1,
    Interval::Month1,
];

/// The minimum and maximum number of bars a chosen interval should draw, and the count it aims
/// for.
const MIN_BARS: f64 = 100.0;
const MAX_BARS: f64 = 1000.0;
const TARGET_BARS: f64 = 300.0;

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for (word, interval) in INTERVAL_WORDS {
        add(word, Meaning::Interval(*interval));
    }
}

/// Returns the chart-img interval of exactly `count` units, if there is one.
pub(crate) fn interval_for(count: f64, unit: Unit) -> Option<Interval> {
    if count.fract() != 0.0 || count <= 0.0 {
        return None;
    }
    let whole = count as u64;
    match unit {
        Unit::Month => [
            (1, Interval::Month1),
            (3, Interval::Month3),
            (6, Interval::Month6),
            (12, Interval::Year1),
        ]
        .into_iter()
        .find(|(months, _)| *months == whole)
        .map(|(_, interval)| interval),
        Unit::Quarter => (whole == 1).then_some(Interval::Month3),
        Unit::Year => (whole == 1).then_some(Interval::Year1),
        Unit::Bar => None,
        _ => {
            let seconds = whole.checked_mul(unit.seconds()? as u64)?;
            Interval::ALL
                .iter()
                .find(|interval| interval.seconds() == seconds && interval.seconds() <= 7 * 86_400)
                .copied()
        }
    }
}

/// Returns the chart-img interval closest to `seconds`, comparing ratios.
pub(crate) fn nearest(seconds: f64) -> Interval {
    Interval::ALL
        .iter()
        .copied()
        .min_by(|left, right| {
            let distance = |interval: &Interval| (interval.seconds() as f64 / seconds).ln().abs();
            distance(left).total_cmp(&distance(right))
        })
        .unwrap_or(Interval::Day1)
}

/// The word after an amount, which may mark it as an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    /// "chart", "graph".
    Chart,
    /// "candles", "bars", "timeframe", "interval": the amount is the length of one bar.
    Bars,
}

/// Returns the marker word at item `at`.
pub(crate) fn marker_at(sentence: &Sentence<'_>, at: usize) -> Marker {
    let bar_word = sentence.has(at, |meaning| {
        matches!(
            meaning,
            Meaning::Unit {
                unit: Unit::Bar,
                ..
            }
        )
    });
    let written = sentence.source(at..at + 1).to_lowercase();
    if bar_word
        || matches!(
            written.as_str(),
            "timeframe" | "interval" | "tf" | "time frame"
        )
    {
        return Marker::Bars;
    }
    if sentence.has(at, |meaning| *meaning == Meaning::ChartNoun) {
        return Marker::Chart;
    }
    Marker::None
}

/// Returns whether an amount written without "last", "past" or a similar word is an interval
/// rather than a range. The module documentation states the rule.
pub(crate) fn reads_as_interval(amount: &Amount, marker: Marker) -> bool {
    let valid = interval_for(amount.count, amount.unit).is_some();
    let under_a_day = amount
        .unit
        .seconds()
        .is_some_and(|seconds| amount.count * (seconds as f64) < 86_400.0);
    match amount.unit {
        Unit::Minute | Unit::Hour => under_a_day,
        Unit::Day | Unit::Week if amount.compact => valid,
        Unit::Day | Unit::Week => valid && (!amount.plural || marker != Marker::None),
        Unit::Month if amount.compact && amount.capital_month => valid,
        Unit::Month | Unit::Quarter | Unit::Year => valid && marker == Marker::Bars,
        Unit::Bar => false,
    }
}

/// An interval read at one place in the text.
struct Candidate {
    interval: Interval,
    items: Range<usize>,
    source: String,
    /// The reason the interval differs from the text, when it does.
    note: Option<String>,
    /// The range preset a compact month amount also spells ("6M").
    preset: Option<RangePreset>,
}

/// Finds the interval words and amounts left after the range pass. When the text has two and
/// one of them is a compact month amount that is also a range preset ("1D 6M"), that one is the
/// range.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings) {
    let candidates = candidates(sentence);
    let mut reinterpret = candidates.len() > 1 && findings.range.is_none();

    for candidate in candidates {
        sentence.claim(candidate.items.clone());
        if reinterpret && let Some(preset) = candidate.preset {
            let range = Finding::new(RangeSpec::Preset(preset), candidate.source);
            findings.set_range(range);
            reinterpret = false;
            continue;
        }
        if let Some(note) = candidate.note {
            findings.warnings.push(note);
        }
        findings.set_interval(Finding::new(candidate.interval, candidate.source));
    }
}

fn candidates(sentence: &Sentence<'_>) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    let mut at = 0;
    while at < sentence.len() {
        if !sentence.is_free(at) {
            at += 1;
            continue;
        }

        if let Some(interval) = sentence.find(at, |meaning| match meaning {
            Meaning::Interval(interval) => Some(*interval),
            _ => None,
        }) {
            let end = chart_word_end(sentence, at + 1);
            candidates.push(Candidate {
                interval,
                items: at..end,
                source: sentence.quote(at..at + 1),
                note: None,
                preset: None,
            });
            at = end;
            continue;
        }

        let Some(amount) = read_amount(sentence, at) else {
            at += 1;
            continue;
        };
        let marker = marker_at(sentence, amount.end);
        let counted = amount.counted || marker != Marker::None;
        if amount.count <= 0.0 || !counted || !reads_as_interval(&amount, marker) {
            at += 1;
            continue;
        }

        let source = sentence.quote(at..amount.end);
        let seconds = amount.count * amount.unit.seconds().unwrap_or(86_400) as f64;
        let (interval, note) = match interval_for(amount.count, amount.unit) {
            Some(interval) => (interval, None),
            None => {
                let interval = nearest(seconds);
                let note = format!(
                    "chart-img has no {source} interval, so the nearest one, {interval}, is used"
                );
                (interval, Some(note))
            }
        };
        let preset = amount
            .capital_month
            .then(|| RangePreset::parse(interval.as_str()))
            .flatten();
        let end = chart_word_end(sentence, amount.end);
        candidates.push(Candidate {
            interval,
            items: at..end,
            source,
            note,
            preset,
        });
        at = end;
    }
    candidates
}

/// Returns the item after a chart word at `at` ("chart", "candles"), or `at` when there is
/// none.
fn chart_word_end(sentence: &Sentence<'_>, at: usize) -> usize {
    if sentence.is_free(at) && sentence.has(at, |meaning| *meaning == Meaning::ChartNoun) {
        at + 1
    } else {
        at
    }
}

/// Chooses the interval that draws closest to 300 bars over `seconds`, among those that draw
/// between 100 and 1,000. When none does, the finest interval is used for short spans and the
/// coarsest for long ones. Returns the interval and the bars it draws.
pub(crate) fn choose_for(seconds: f64) -> (Interval, f64) {
    let bars = |interval: &Interval| seconds / interval.seconds() as f64;
    let within = CHOICES
        .iter()
        .filter(|interval| (MIN_BARS..=MAX_BARS).contains(&bars(interval)))
        .min_by(|left, right| {
            let distance = |interval: &Interval| (bars(interval) / TARGET_BARS).ln().abs();
            distance(left).total_cmp(&distance(right))
        });
    let interval = match within {
        Some(interval) => *interval,
        None if bars(&CHOICES[0]) < MIN_BARS => CHOICES[0],
        None => CHOICES[CHOICES.len() - 1],
    };
    (interval, bars(&interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: f64 = 86_400.0;

    #[test]
    fn interval_for_accepts_only_chart_img_intervals() {
        assert_eq!(interval_for(15.0, Unit::Minute), Some(Interval::Minute15));
        assert_eq!(interval_for(4.0, Unit::Hour), Some(Interval::Hour4));
        assert_eq!(interval_for(60.0, Unit::Minute), Some(Interval::Hour1));
        assert_eq!(interval_for(3.0, Unit::Day), Some(Interval::Day3));
        assert_eq!(interval_for(1.0, Unit::Week), Some(Interval::Week1));
        assert_eq!(interval_for(6.0, Unit::Month), Some(Interval::Month6));
        assert_eq!(interval_for(10.0, Unit::Minute), None);
        assert_eq!(interval_for(5.0, Unit::Day), None);
        assert_eq!(interval_for(1.5, Unit::Hour), None);
    }

    #[test]
    fn nearest_compares_ratios() {
        assert_eq!(nearest(10.0 * 60.0), Interval::Minute15);
        assert_eq!(nearest(50.0 * 60.0), Interval::Minute45);
    }

    #[test]
    fn choose_for_draws_100_to_1000_bars() {
        for days in [
            1.0, 2.0, 5.0, 7.0, 14.0, 31.0, 60.0, 92.0, 183.0, 366.0, 1830.0, 10980.0,
        ] {
            let (interval, bars) = choose_for(days * DAY);
            assert!(
                (100.0..=1000.0).contains(&bars),
                "{days} days: {interval} draws {bars}"
            );
        }
    }

    #[test]
    fn choose_for_picks_familiar_intervals() {
        assert_eq!(choose_for(DAY).0, Interval::Minute5);
        assert_eq!(choose_for(7.0 * DAY).0, Interval::Minute30);
        assert_eq!(choose_for(366.0 * DAY).0, Interval::Day1);
        assert_eq!(choose_for(5.0 * 366.0 * DAY).0, Interval::Week1);
    }

    #[test]
    fn choose_for_handles_extremes() {
        assert_eq!(choose_for(60.0).0, Interval::Minute1);
        assert_eq!(choose_for(1e12).0, Interval::Month1);
    }

    #[test]
    fn interval_words_are_unique() {
        for (index, (word, _)) in INTERVAL_WORDS.iter().enumerate() {
            assert!(
                INTERVAL_WORDS[index + 1..]
                    .iter()
                    .all(|(other, _)| other != word),
                "{word}"
            );
        }
    }
}
