//! The span of time a chart shows. A span that matches one of chart-img's presets exactly
//! becomes the preset ("last 24 hours" is `1D`, "3 months" is `3M`, "12 months" is `1Y`, "year
//! to date" is `YTD`). Any other span becomes a `{"from", "to"}` range covering exactly that
//! span and ending now ("last 7 days", "past 2 weeks", "2 months", "since March 1"), or between
//! the two dates given ("from 2025-01-01 to 2025-03-31").
//!
//! A month counts 30 days and a year 365, so "2 months" is 60 days. "last", "past", "previous"
//! and "trailing" always start a range. "over", "for", "within" and "during" do unless the
//! amount after them reads as an interval ("for the 4h"). An amount with no such word is a
//! range when the interval rule does not claim it ("5 days", "2 months"), and so is the word
//! "quarter" alone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use super::findings::{Finding, Findings};
use super::intervals;
use super::lexicon::Meaning;
use super::sentence::Sentence;
use super::tokenizer::TokenKind;
use super::units::{Unit, read_amount};
use crate::chart::{ChartRange, Interval, RangePreset};

/// A range word that is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RangeWord {
    Preset(RangePreset),
    /// Since the start of the current calendar quarter, which chart-img has no preset for.
    QuarterToDate,
}

/// Words and phrases that name a range on their own.
const RANGE_WORDS: &[(&str, RangeWord)] = &[
    ("today", RangeWord::Preset(RangePreset::DayToDate)),
    ("day to date", RangeWord::Preset(RangePreset::DayToDate)),
    ("dtd", RangeWord::Preset(RangePreset::DayToDate)),
    ("intraday", RangeWord::Preset(RangePreset::DayToDate)),
    ("this week", RangeWord::Preset(RangePreset::WeekToDate)),
    ("week to date", RangeWord::Preset(RangePreset::WeekToDate)),
    ("wtd", RangeWord::Preset(RangePreset::WeekToDate)),
    ("this month", RangeWord::Preset(RangePreset::MonthToDate)),
    ("month to date", RangeWord::Preset(RangePreset::MonthToDate)),
    ("mtd", RangeWord::Preset(RangePreset::MonthToDate)),
    ("this quarter", RangeWord::QuarterToDate),
    ("quarter to date", RangeWord::QuarterToDate),
    ("qtd", RangeWord::QuarterToDate),
    ("this year", RangeWord::Preset(RangePreset::YearToDate)),
    (
        "since the start of the year",
        RangeWord::Preset(RangePreset::YearToDate),
    ),
    (
        "since the beginning of the year",
        RangeWord::Preset(RangePreset::YearToDate),
    ),
    (
        "since the start of the month",
        RangeWord::Preset(RangePreset::MonthToDate),
    ),
    (
        "since the beginning of the month",
        RangeWord::Preset(RangePreset::MonthToDate),
    ),
    (
        "since the start of the week",
        RangeWord::Preset(RangePreset::WeekToDate),
    ),
    ("year to date", RangeWord::Preset(RangePreset::YearToDate)),
    ("ytd", RangeWord::Preset(RangePreset::YearToDate)),
    ("half year", RangeWord::Preset(RangePreset::Month6)),
    ("half a year", RangeWord::Preset(RangePreset::Month6)),
    ("all time", RangeWord::Preset(RangePreset::All)),
    ("all time high", RangeWord::Preset(RangePreset::All)),
    ("all history", RangeWord::Preset(RangePreset::All)),
    ("all data", RangeWord::Preset(RangePreset::All)),
    ("full history", RangeWord::Preset(RangePreset::All)),
    ("entire history", RangeWord::Preset(RangePreset::All)),
    ("whole history", RangeWord::Preset(RangePreset::All)),
    ("since inception", RangeWord::Preset(RangePreset::All)),
    ("since launch", RangeWord::Preset(RangePreset::All)),
    ("since listing", RangeWord::Preset(RangePreset::All)),
    ("lifetime", RangeWord::Preset(RangePreset::All)),
    ("max range", RangeWord::Preset(RangePreset::All)),
    ("maximum range", RangeWord::Preset(RangePreset::All)),
];

/// Words that start a range, and whether they do so even before an interval amount.
const RANGE_CUES: &[(&str, bool)] = &[
    ("last", true),
    ("past", true),
    ("previous", true),
    ("prior", true),
    ("trailing", true),
    ("over", false),
    ("for", false),
    ("within", false),
    ("during", false),
];

/// Words around the dates of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateCue {
    /// "since": a span from a date to now.
    Since,
    /// "from", "between": the start of a span.
    From,
    /// "to", "until", "through": the end of a span.
    Until,
}

const DATE_CUES: &[(&str, DateCue)] = &[
    ("since", DateCue::Since),
    ("starting", DateCue::Since),
    ("from", DateCue::From),
    ("between", DateCue::From),
    ("to", DateCue::Until),
    ("until", DateCue::Until),
    ("till", DateCue::Until),
    ("through", DateCue::Until),
    ("thru", DateCue::Until),
];

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const NOW_WORDS: &[&str] = &["now", "present", "date", "the present"];

/// Amounts that are exactly one of chart-img's presets.
const PRESET_AMOUNTS: &[(f64, Unit, RangePreset)] = &[
    (1.0, Unit::Day, RangePreset::Day1),
    (24.0, Unit::Hour, RangePreset::Day1),
    (5.0, Unit::Day, RangePreset::Day5),
    (1.0, Unit::Month, RangePreset::Month1),
    (3.0, Unit::Month, RangePreset::Month3),
    (1.0, Unit::Quarter, RangePreset::Month3),
    (6.0, Unit::Month, RangePreset::Month6),
    (2.0, Unit::Quarter, RangePreset::Month6),
    (12.0, Unit::Month, RangePreset::Year1),
    (4.0, Unit::Quarter, RangePreset::Year1),
    (1.0, Unit::Year, RangePreset::Year1),
    (5.0, Unit::Year, RangePreset::Year5),
    (60.0, Unit::Month, RangePreset::Year5),
];

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for (word, range) in RANGE_WORDS {
        add(word, Meaning::RangeWord(*range));
    }
    for (word, strong) in RANGE_CUES {
        add(word, Meaning::RangeCue { strong: *strong });
    }
    for (word, cue) in DATE_CUES {
        add(word, Meaning::DateCue(*cue));
    }
    for (word, month) in MONTHS {
        add(word, Meaning::Month(*month));
    }
    for word in NOW_WORDS {
        add(word, Meaning::Now);
    }
}

/// A range as the text states it, before the interval and the clock make it concrete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RangeSpec {
    Preset(RangePreset),
    /// The last `count` units, ending now. Bars take the chart's interval as their length.
    Last {
        count: f64,
        unit: Unit,
    },
    /// From a date to now.
    Since(DateTime<Utc>),
    /// Between two dates.
    Between {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    QuarterToDate,
}

impl RangeSpec {
    /// Returns the span in seconds, or `None` for bars, whose length depends on the interval.
    pub(crate) fn seconds(&self, now: DateTime<Utc>) -> Option<f64> {
        let since = |start: DateTime<Utc>| (now - start).num_seconds().max(0) as f64;
        match *self {
            RangeSpec::Preset(preset) => Some(match preset {
                RangePreset::DayToDate => since(start_of_day(now)),
                RangePreset::WeekToDate => since(start_of_week(now)),
                RangePreset::MonthToDate => since(start_of_month(now)),
                RangePreset::YearToDate => since(start_of_year(now)),
                fixed => fixed.max_seconds() as f64,
            }),
            RangeSpec::Last { count, unit } => Some(count * unit.seconds()? as f64),
            RangeSpec::Since(from) => Some(since(from)),
            RangeSpec::Between { from, to } => Some((to - from).num_seconds() as f64),
            RangeSpec::QuarterToDate => Some(since(start_of_quarter(now))),
        }
    }

    /// Returns the chart-img range: a preset, or a span ending now or at the given date.
    pub(crate) fn to_chart_range(self, now: DateTime<Utc>, interval: Interval) -> ChartRange {
        let span_to_now = |from: DateTime<Utc>| ChartRange::Span { from, to: now };
        match self {
            RangeSpec::Preset(preset) => ChartRange::Preset(preset),
            RangeSpec::Last { count, unit } => {
                let unit_seconds = unit.seconds().unwrap_or(interval.seconds() as i64) as f64;
                let seconds = (count * unit_seconds).min(MAX_SPAN_SECONDS);
                span_to_now(now - Duration::seconds(seconds as i64))
            }
            RangeSpec::Since(from) => span_to_now(from),
            RangeSpec::Between { from, to } => ChartRange::Span { from, to },
            RangeSpec::QuarterToDate => span_to_now(start_of_quarter(now)),
        }
    }
}

/// The maximum span written out, 100 years. Longer amounts are capped to it.
const MAX_SPAN_SECONDS: f64 = 100.0 * 365.0 * 86_400.0;

/// Finds the range in the text, claiming its items.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings, now: DateTime<Utc>) {
    let mut at = 0;
    while at < sentence.len() {
        let end = if sentence.is_free(at) {
            read_range(sentence, findings, at, now)
        } else {
            None
        };
        match end {
            Some(end) => {
                sentence.claim(at..end);
                at = end;
            }
            None => at += 1,
        }
    }
}

/// Reads a range that starts at item `at`, records it and returns the item after it.
fn read_range(
    sentence: &Sentence<'_>,
    findings: &mut Findings,
    at: usize,
    now: DateTime<Utc>,
) -> Option<usize> {
    if let Some(word) = sentence.find(at, |meaning| match meaning {
        Meaning::RangeWord(word) => Some(*word),
        _ => None,
    }) {
        let spec = match word {
            RangeWord::Preset(preset) => RangeSpec::Preset(preset),
            RangeWord::QuarterToDate => RangeSpec::QuarterToDate,
        };
        findings.set_range(Finding::new(spec, sentence.quote(at..at + 1)));
        return Some(at + 1);
    }

    if let Some(strong) = sentence.find(at, |meaning| match meaning {
        Meaning::RangeCue { strong } => Some(*strong),
        _ => None,
    }) {
        return read_after_cue(sentence, findings, at, strong);
    }

    if let Some(cue) = sentence.find(at, |meaning| match meaning {
        Meaning::DateCue(cue @ (DateCue::Since | DateCue::From)) => Some(*cue),
        _ => None,
    }) {
        return read_dates(sentence, findings, at, cue, now);
    }

    let amount = read_amount(sentence, at)
        .filter(|amount| amount.counted || amount.unit == Unit::Quarter)?;
    let marker = intervals::marker_at(sentence, amount.end);
    let article = sentence.has(at, |meaning| *meaning == Meaning::Article);
    if amount.count <= 0.0 || (!article && intervals::reads_as_interval(&amount, marker)) {
        return None;
    }
    let spec = spec_for(amount.count, amount.unit);
    findings.set_range(Finding::new(spec, sentence.quote(at..amount.end)));
    Some(amount.end)
}

/// Reads "last 7 days", "over the past 3 months", "previous quarter", "last 200 bars".
fn read_after_cue(
    sentence: &Sentence<'_>,
    findings: &mut Findings,
    at: usize,
    mut strong: bool,
) -> Option<usize> {
    let mut next = at + 1;
    while next < sentence.len() && sentence.is_free(next) {
        let cue = sentence.find(next, |meaning| match meaning {
            Meaning::RangeCue { strong } => Some(*strong),
            Meaning::Filler => Some(false),
            _ => None,
        });
        let Some(cue_strength) = cue else { break };
        strong |= cue_strength;
        next += 1;
    }

    let amount = read_amount(sentence, next)?;
    let marker = intervals::marker_at(sentence, amount.end);
    if amount.count <= 0.0 || (!strong && intervals::reads_as_interval(&amount, marker)) {
        return None;
    }
    let spec = spec_for(amount.count, amount.unit);
    findings.set_range(Finding::new(spec, sentence.quote(at..amount.end)));
    Some(amount.end)
}

/// Returns the preset an amount spells exactly, or the span it covers.
fn spec_for(count: f64, unit: Unit) -> RangeSpec {
    PRESET_AMOUNTS
        .iter()
        .find(|(preset_count, preset_unit, _)| *preset_count == count && *preset_unit == unit)
        .map_or(RangeSpec::Last { count, unit }, |(_, _, preset)| {
            RangeSpec::Preset(*preset)
        })
}

/// Reads "since March 1", "from 2025-01-01 to 2025-03-31", "between jan 5 and feb 1".
fn read_dates(
    sentence: &Sentence<'_>,
    findings: &mut Findings,
    at: usize,
    cue: DateCue,
    now: DateTime<Utc>,
) -> Option<usize> {
    let (from, mut end) = read_date(sentence, sentence.skip_fillers(at + 1), now, true)?;
    let mut to = None;

    let until = sentence.has(end, |meaning| {
        matches!(meaning, Meaning::DateCue(DateCue::Until) | Meaning::And)
    });
    if cue == DateCue::From && until {
        let ends_now = sentence.has(end + 1, |meaning| {
            matches!(
                meaning,
                Meaning::Now | Meaning::RangeWord(RangeWord::Preset(RangePreset::DayToDate))
            )
        });
        if ends_now {
            end += 2;
        } else if let Some((date, after)) = read_date(sentence, end + 1, now, true) {
            to = Some(date);
            end = after;
        }
    }

    let source = sentence.quote(at..end);
    let to_or_now = to.unwrap_or(now);
    if from >= to_or_now {
        findings.warnings.push(format!(
            "{source} was ignored: its start is not before its end"
        ));
        return Some(end);
    }
    let spec = match to {
        Some(to) => RangeSpec::Between { from, to },
        None => RangeSpec::Since(from),
    };
    findings.set_range(Finding::new(spec, source));
    Some(end)
}

/// Reads a date at item `at`: `2025-03-01`, "March 1", "March 1st, 2025", "1 March 2025",
/// "the 1st of March", "March 2025", or with `bare_year` a year alone such as "2020". A day
/// and month without a year is the latest such date that is not in the future. Returns
/// midnight UTC of the date and the item after it.
pub(crate) fn read_date(
    sentence: &Sentence<'_>,
    at: usize,
    now: DateTime<Utc>,
    bare_year: bool,
) -> Option<(DateTime<Utc>, usize)> {
    if !sentence.is_free(at) {
        return None;
    }
    if let Some(token) = sentence.single_token(at)
        && let TokenKind::Date(date) = token.kind
    {
        return Some((midnight(date), at + 1));
    }

    let month_at = |index: usize| {
        sentence.find(index, |meaning| match meaning {
            Meaning::Month(month) => Some(*month),
            _ => None,
        })
    };

    if let Some(month) = month_at(at) {
        let mut next = at + 1;
        let day = day_at(sentence, next);
        if day.is_some() {
            next += 1;
        }
        let comma = sentence.is_break(next, &[',']);
        let year = year_at(sentence, next + usize::from(comma));
        if year.is_some() {
            next += 1 + usize::from(comma);
        }
        if day.is_none() && year.is_none() {
            return None;
        }
        let date = build_date(year, month, day.unwrap_or(1), now)?;
        return Some((date, next));
    }

    if let Some(day) = day_at(sentence, at) {
        let month_index = sentence.skip_fillers(at + 1);
        let month = month_at(month_index)?;
        let mut next = month_index + 1;
        let year = year_at(sentence, next);
        if year.is_some() {
            next += 1;
        }
        let date = build_date(year, month, day, now)?;
        return Some((date, next));
    }

    if !bare_year {
        return None;
    }
    let year = year_at(sentence, at)?;
    let date = NaiveDate::from_ymd_opt(year, 1, 1)?;
    Some((midnight(date), at + 1))
}

/// Returns a day of the month written as `1`..`31` or `1st`, `2nd`, `3rd`, `4th`.
fn day_at(sentence: &Sentence<'_>, at: usize) -> Option<u32> {
    let token = sentence.single_token(at)?;
    let value = match &token.kind {
        TokenKind::Number(value) => *value,
        TokenKind::Quantity { value, unit } => {
            let suffix = sentence.text[unit.clone()].to_ascii_lowercase();
            if !matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
                return None;
            }
            *value
        }
        _ => return None,
    };
    (value.fract() == 0.0 && (1.0..=31.0).contains(&value)).then_some(value as u32)
}

/// Returns a year from 1900 to 2100 written as a plain number.
fn year_at(sentence: &Sentence<'_>, at: usize) -> Option<i32> {
    let value = sentence.plain_number(at)?;
    (value.fract() == 0.0 && (1900.0..=2100.0).contains(&value)).then_some(value as i32)
}

fn build_date(
    year: Option<i32>,
    month: u32,
    day: u32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day).map(midnight);
    }
    let this_year = NaiveDate::from_ymd_opt(now.year(), month, day).map(midnight);
    match this_year {
        Some(date) if date <= now => Some(date),
        _ => NaiveDate::from_ymd_opt(now.year() - 1, month, day).map(midnight),
    }
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn start_of_day(now: DateTime<Utc>) -> DateTime<Utc> {
    midnight(now.date_naive())
}

fn start_of_week(now: DateTime<Utc>) -> DateTime<Utc> {
    let date = now.date_naive();
    let days = date.weekday().days_since(Weekday::Mon);
    midnight(date - Duration::days(i64::from(days)))
}

fn start_of_month(now: DateTime<Utc>) -> DateTime<Utc> {
    midnight(now.date_naive().with_day(1).unwrap_or(now.date_naive()))
}

fn start_of_quarter(now: DateTime<Utc>) -> DateTime<Utc> {
    let month = (now.month() - 1) / 3 * 3 + 1;
    NaiveDate::from_ymd_opt(now.year(), month, 1).map_or(now, midnight)
}

fn start_of_year(now: DateTime<Utc>) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(now.year(), 1, 1).map_or(now, midnight)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
    }

    fn range_of(text: &str) -> Option<RangeSpec> {
        let mut sentence = Sentence::read(text);
        let mut findings = Findings::default();
        find(&mut sentence, &mut findings, now());
        findings.range.map(|finding| finding.value)
    }

    #[test]
    fn exact_amounts_become_presets() {
        let cases = [
            ("last 24 hours", RangePreset::Day1),
            ("past 5 days", RangePreset::Day5),
            ("last month", RangePreset::Month1),
            ("last quarter", RangePreset::Month3),
            ("3 months", RangePreset::Month3),
            ("6 months", RangePreset::Month6),
            ("12 months", RangePreset::Year1),
            ("over 5 years", RangePreset::Year5),
            ("ytd", RangePreset::YearToDate),
            ("btc quarter", RangePreset::Month3),
            ("all time", RangePreset::All),
            ("today", RangePreset::DayToDate),
        ];
        for (text, preset) in cases {
            assert_eq!(range_of(text), Some(RangeSpec::Preset(preset)), "{text}");
        }
    }

    #[test]
    fn other_amounts_become_spans() {
        let cases = [
            ("last 7 days", 7.0, Unit::Day),
            ("past 2 weeks", 2.0, Unit::Week),
            ("last 10 days", 10.0, Unit::Day),
            ("2 months", 2.0, Unit::Month),
            ("last 48 hours", 48.0, Unit::Hour),
            ("last week", 1.0, Unit::Week),
            ("last 200 bars", 200.0, Unit::Bar),
        ];
        for (text, count, unit) in cases {
            assert_eq!(
                range_of(text),
                Some(RangeSpec::Last { count, unit }),
                "{text}"
            );
        }
    }

    #[test]
    fn interval_amounts_are_not_ranges() {
        for text in ["4h", "15 minute", "for the 4h", "1 day candles", "daily"] {
            assert_eq!(range_of(text), None, "{text}");
        }
    }

    #[test]
    fn since_reads_the_latest_past_date() {
        let expected = Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap();
        assert_eq!(range_of("since March 1"), Some(RangeSpec::Since(expected)));
        assert_eq!(
            range_of("since 1st of march"),
            Some(RangeSpec::Since(expected))
        );
        let last_year = Utc.with_ymd_and_hms(2024, 12, 25, 0, 0, 0).unwrap();
        assert_eq!(range_of("since dec 25"), Some(RangeSpec::Since(last_year)));
    }

    #[test]
    fn from_to_reads_both_dates() {
        let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2025, 3, 31, 0, 0, 0).unwrap();
        assert_eq!(
            range_of("from 2025-01-01 to 2025-03-31"),
            Some(RangeSpec::Between { from, to })
        );
        assert_eq!(
            range_of("from jan 1 2025 to now"),
            Some(RangeSpec::Since(from))
        );
    }

    #[test]
    fn seconds_of_to_date_presets_follow_the_clock() {
        let ytd = RangeSpec::Preset(RangePreset::YearToDate)
            .seconds(now())
            .unwrap();
        let expected = (now() - start_of_year(now())).num_seconds() as f64;
        assert_eq!(ytd, expected);
    }

    #[test]
    fn to_chart_range_ends_now() {
        let spec = RangeSpec::Last {
            count: 7.0,
            unit: Unit::Day,
        };
        let ChartRange::Span { from, to } = spec.to_chart_range(now(), Interval::Hour1) else {
            panic!("expected a span")
        };
        assert_eq!(to, now());
        assert_eq!((to - from).num_days(), 7);
    }

    #[test]
    fn bars_take_the_interval_length() {
        let spec = RangeSpec::Last {
            count: 100.0,
            unit: Unit::Bar,
        };
        let ChartRange::Span { from, to } = spec.to_chart_range(now(), Interval::Hour4) else {
            panic!("expected a span")
        };
        assert_eq!((to - from).num_hours(), 400);
    }

    #[test]
    fn start_of_quarter_is_its_first_day() {
        let start = start_of_quarter(now());
        assert_eq!(start, Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap());
    }
}
