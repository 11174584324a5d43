//! Drawings placed at coordinates the text gives: "horizontal line at 65000", "support at 60k
//! and resistance at 70k", "long position entry 3200 target 3500 stop 3100", "fib from 58000
//! to 72000", "vertical line on March 3".
//!
//! A drawing is added only with every price (and date) it needs from the text, and nothing is ever
//! filled in with sample values. "support", "resistance", "level", "long" and "short" are
//! everyday words and add nothing without a price ("is eth near resistance?", "long term").
//! A named drawing without its coordinates ("draw a trend line") is reported in a warning.
//! Times the text leaves out are taken from the chart itself: a position starts 20 bars before
//! now and ends now, and a line or box between two prices spans the chart's range.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::findings::{Finding, Findings};
use super::lexicon::Meaning;
use super::ranges::{DateCue, read_date};
use super::sentence::Sentence;
use super::studies::format_number;
use super::tokenizer::TokenKind;
use crate::chart::{Drawing, Interval};

/// A word that names a drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DrawingWord {
    HorizontalLine,
    VerticalLine,
    TrendLine,
    Rectangle,
    FibRetracement,
    DateRange,
    DatePriceRange,
    LongPosition,
    ShortPosition,
    ArrowUp,
    ArrowDown,
    /// "support", "resistance", "level", "long", "short": a drawing only with prices.
    Everyday(Everyday),
}

/// Everyday words that name a drawing only when prices follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Everyday {
    Support,
    Resistance,
    Level,
    Long,
    Short,
    /// "box", "zone": a rectangle.
    Zone,
}

/// The prices of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Entry,
    Target,
    Stop,
}

const DRAWING_WORDS: &[(&str, DrawingWord)] = &[
    ("horizontal line", DrawingWord::HorizontalLine),
    ("horizontal lines", DrawingWord::HorizontalLine),
    ("horizontal level", DrawingWord::HorizontalLine),
    ("hline", DrawingWord::HorizontalLine),
    ("h line", DrawingWord::HorizontalLine),
    ("price line", DrawingWord::HorizontalLine),
    ("line at", DrawingWord::HorizontalLine),
    ("vertical line", DrawingWord::VerticalLine),
    ("vline", DrawingWord::VerticalLine),
    ("trend line", DrawingWord::TrendLine),
    ("trendline", DrawingWord::TrendLine),
    ("rectangle", DrawingWord::Rectangle),
    ("box", DrawingWord::Everyday(Everyday::Zone)),
    ("zone", DrawingWord::Everyday(Everyday::Zone)),
    ("fib retracement", DrawingWord::FibRetracement),
    ("fibonacci retracement", DrawingWord::FibRetracement),
    ("fib", DrawingWord::FibRetracement),
    ("fibs", DrawingWord::FibRetracement),
    ("fibonacci", DrawingWord::FibRetracement),
    ("retracement", DrawingWord::FibRetracement),
    ("date range", DrawingWord::DateRange),
    ("date price range", DrawingWord::DatePriceRange),
    ("long position", DrawingWord::LongPosition),
    ("long trade", DrawingWord::LongPosition),
    ("long setup", DrawingWord::LongPosition),
    ("short position", DrawingWord::ShortPosition),
    ("short trade", DrawingWord::ShortPosition),
    ("short setup", DrawingWord::ShortPosition),
    ("arrow up", DrawingWord::ArrowUp),
    ("up arrow", DrawingWord::ArrowUp),
    ("arrow mark up", DrawingWord::ArrowUp),
    ("arrow down", DrawingWord::ArrowDown),
    ("down arrow", DrawingWord::ArrowDown),
    ("arrow mark down", DrawingWord::ArrowDown),
    ("support", DrawingWord::Everyday(Everyday::Support)),
    ("support level", DrawingWord::Everyday(Everyday::Support)),
    ("support line", DrawingWord::Everyday(Everyday::Support)),
    ("resistance", DrawingWord::Everyday(Everyday::Resistance)),
    (
        "resistance level",
        DrawingWord::Everyday(Everyday::Resistance),
    ),
    (
        "resistance line",
        DrawingWord::Everyday(Everyday::Resistance),
    ),
    ("level", DrawingWord::Everyday(Everyday::Level)),
    ("levels", DrawingWord::Everyday(Everyday::Level)),
    ("key level", DrawingWord::Everyday(Everyday::Level)),
    ("long", DrawingWord::Everyday(Everyday::Long)),
    ("short", DrawingWord::Everyday(Everyday::Short)),
];

const ROLE_WORDS: &[(&str, Role)] = &[
    ("entry", Role::Entry),
    ("entry at", Role::Entry),
    ("enter", Role::Entry),
    ("entering", Role::Entry),
    ("target", Role::Target),
    ("targets", Role::Target),
    ("tp", Role::Target),
    ("take profit", Role::Target),
    ("profit target", Role::Target),
    ("stop", Role::Stop),
    ("stop loss", Role::Stop),
    ("stoploss", Role::Stop),
    ("sl", Role::Stop),
    ("invalidation", Role::Stop),
];

/// How many bars before now a position starts when the text gives no time.
const POSITION_BARS: i64 = 20;

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for (word, drawing) in DRAWING_WORDS {
        add(word, Meaning::Drawing(*drawing));
    }
    for (word, role) in ROLE_WORDS {
        add(word, Meaning::Role(*role));
    }
}

/// A drawing with the coordinates the text gave, before the chart's times fill the rest.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sketch {
    HorizontalLine {
        price: f64,
        text: Option<&'static str>,
    },
    VerticalLine {
        at: DateTime<Utc>,
    },
    /// Trend Line, Rectangle, Fib Retracement, Date Range or Date Price Range.
    Span {
        name: &'static str,
        start_price: f64,
        end_price: f64,
        dates: Option<(DateTime<Utc>, DateTime<Utc>)>,
    },
    Position {
        name: &'static str,
        entry: f64,
        target: f64,
        stop: f64,
    },
    Arrow {
        name: &'static str,
        price: f64,
        at: DateTime<Utc>,
    },
}

/// The coordinates in a drawing's clause: prices with the role word before each, and dates.
#[derive(Default)]
struct Coordinates {
    prices: Vec<(Option<Role>, f64)>,
    dates: Vec<DateTime<Utc>>,
}

/// Finds the drawings in the text, claiming the words and numbers they use.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings, now: DateTime<Utc>) {
    let mut at = 0;
    while at < sentence.len() {
        let word = sentence.is_free(at).then(|| {
            sentence.find(at, |meaning| match meaning {
                Meaning::Drawing(word) => Some(*word),
                _ => None,
            })
        });
        let Some(Some(word)) = word else {
            at += 1;
            continue;
        };

        let (mut coordinates, end) = read_coordinates(sentence, at + 1, now);
        let mut start = at;
        if coordinates.prices.is_empty() && takes_prices_before(word) {
            let (prices, first) = prices_before(sentence, at);
            coordinates.prices = prices;
            start = first;
        }
        let source = sentence.quote(start..end);
        let everyday = matches!(word, DrawingWord::Everyday(_));
        if everyday && coordinates.prices.is_empty() {
            at += 1;
            continue;
        }

        sentence.claim(start..end);
        if let Some(negation) = sentence.negated_by(at) {
            let asked = sentence.quote(negation..end);
            findings
                .notes
                .push(format!("no drawing is added, as {asked} asks"));
        } else {
            match sketches(word, &coordinates) {
                Ok(sketches) => findings.drawings.extend(
                    sketches
                        .into_iter()
                        .map(|sketch| Finding::new(sketch, source.clone())),
                ),
                Err(needs) => findings.warnings.push(format!(
                    "no drawing is added for {source}: it needs {needs}"
                )),
            }
            for warning in position_warnings(word, &coordinates) {
                findings.warnings.push(format!("{source}: {warning}"));
            }
        }
        at = end.max(at + 1);
    }
}

/// Reads the prices, role words and dates after a drawing word. Reading stops at the first item
/// that is neither one of these nor a joining word.
fn read_coordinates(
    sentence: &Sentence<'_>,
    mut at: usize,
    now: DateTime<Utc>,
) -> (Coordinates, usize) {
    let mut coordinates = Coordinates::default();
    let mut role = None;
    let mut end = at;

    while at < sentence.len() && sentence.is_free(at) {
        if let Some(found) = sentence.find(at, |meaning| match meaning {
            Meaning::Role(role) => Some(*role),
            _ => None,
        }) {
            role = Some(found);
            at += 1;
            continue;
        }
        if let Some((date, after)) = read_date(sentence, at, now, false) {
            coordinates.dates.push(date);
            at = after;
            end = at;
            continue;
        }
        if let Some(price) = price_at(sentence, at) {
            if study_follows(sentence, at + 1) {
                break;
            }
            coordinates.prices.push((role.take(), price));
            at += 1;
            end = at;
            continue;
        }
        if is_joining(sentence, at) {
            at += 1;
            continue;
        }
        break;
    }
    (coordinates, end)
}

/// Returns whether a drawing may take prices written before its name ("60k support", "mark
/// 65000 and 70000 as horizontal lines").
fn takes_prices_before(word: DrawingWord) -> bool {
    matches!(
        word,
        DrawingWord::HorizontalLine
            | DrawingWord::Everyday(Everyday::Support | Everyday::Resistance | Everyday::Level)
    )
}

/// Reads the prices right before a drawing word, over "and", "as" and commas. A number that
/// follows a study name, a unit or a range word belongs to them instead ("rsi 14 support").
/// Returns the prices in text order and the first item they cover.
fn prices_before(sentence: &Sentence<'_>, at: usize) -> (Vec<(Option<Role>, f64)>, usize) {
    let mut prices = Vec::new();
    let mut start = at;
    let mut index = at;
    while index > 0 && sentence.is_free(index - 1) {
        let candidate = index - 1;
        if let Some(price) = price_at(sentence, candidate) {
            prices.push((None, price));
            start = candidate;
        } else if !is_joining(sentence, candidate) {
            break;
        }
        index = candidate;
    }

    let owned = start > 0
        && sentence.has(start - 1, |meaning| {
            matches!(
                meaning,
                Meaning::Study { .. }
                    | Meaning::ParameterWord
                    | Meaning::Unit { .. }
                    | Meaning::RangeCue { .. }
            )
        });
    if owned {
        return (Vec::new(), at);
    }
    prices.reverse();
    (prices, start)
}

/// Returns whether a study name follows at `at`, possibly after "period" or "day". The number
/// before it is then the study's parameter ("horizontal line at 65000 and 200 ema").
fn study_follows(sentence: &Sentence<'_>, mut at: usize) -> bool {
    while sentence.has(at, |meaning| {
        matches!(meaning, Meaning::ParameterWord | Meaning::Unit { .. })
    }) {
        at += 1;
    }
    sentence.has(at, |meaning| matches!(meaning, Meaning::Study { .. }))
}

/// Returns whether item `at` may sit between coordinates: "at", "from", "to", "and", "of", a comma.
fn is_joining(sentence: &Sentence<'_>, at: usize) -> bool {
    let word = sentence
        .single_token(at)
        .map_or("", |token| token.key.as_str());
    sentence.is_break(at, &[','])
        || matches!(word, "on" | "is" | "with" | "price" | "as")
        || sentence.has(at, |meaning| {
            matches!(
                meaning,
                Meaning::PriceCue
                    | Meaning::Filler
                    | Meaning::And
                    | Meaning::DateCue(DateCue::From | DateCue::Until)
            )
        })
}

/// Returns a price at item `at`: a positive number such as `65000`, `65,000`, `$65,000`,
/// `0.45` or `65k`. A number followed by a unit of time is not a price.
fn price_at(sentence: &Sentence<'_>, at: usize) -> Option<f64> {
    let token = sentence.single_token(at)?;
    let value = match &token.kind {
        TokenKind::Number(value) => *value,
        TokenKind::Quantity { value, unit } => match &sentence.text[unit.clone()] {
            "k" | "K" => value * 1000.0,
            _ => return None,
        },
        _ => return None,
    };
    let unit_follows = sentence.has(at + 1, |meaning| matches!(meaning, Meaning::Unit { .. }));
    (value > 0.0 && value.is_finite() && !unit_follows).then_some(value)
}

/// Builds the drawings a word and its coordinates request, or returns what is missing.
fn sketches(word: DrawingWord, coordinates: &Coordinates) -> Result<Vec<Sketch>, &'static str> {
    let prices: Vec<f64> = coordinates.prices.iter().map(|(_, price)| *price).collect();
    let first_date = coordinates.dates.first().copied();

    match word {
        DrawingWord::HorizontalLine
        | DrawingWord::Everyday(Everyday::Level | Everyday::Support | Everyday::Resistance) => {
            if prices.is_empty() {
                return Err("a price, as in \"horizontal line at 65000\"");
            }
            let text = match word {
                DrawingWord::Everyday(Everyday::Support) => Some("Support"),
                DrawingWord::Everyday(Everyday::Resistance) => Some("Resistance"),
                _ => None,
            };
            Ok(prices
                .into_iter()
                .map(|price| Sketch::HorizontalLine { price, text })
                .collect())
        }
        DrawingWord::VerticalLine => {
            let at = first_date.ok_or("a date, as in \"vertical line on March 3\"")?;
            Ok(vec![Sketch::VerticalLine { at }])
        }
        DrawingWord::TrendLine
        | DrawingWord::Rectangle
        | DrawingWord::Everyday(Everyday::Zone)
        | DrawingWord::FibRetracement
        | DrawingWord::DateRange
        | DrawingWord::DatePriceRange => {
            let [start_price, end_price, ..] = prices[..] else {
                return Err("two prices, as in \"fib from 58000 to 72000\"");
            };
            let dates = match coordinates.dates[..] {
                [start, end, ..] => Some((start, end)),
                _ => None,
            };
            Ok(vec![Sketch::Span {
                name: span_name(word),
                start_price,
                end_price,
                dates,
            }])
        }
        DrawingWord::LongPosition
        | DrawingWord::ShortPosition
        | DrawingWord::Everyday(Everyday::Long | Everyday::Short) => {
            let (entry, target, stop) = position_prices(coordinates).ok_or(
                "entry, target and stop prices, as in \"long entry 3200 target 3500 stop 3100\"",
            )?;
            let long = matches!(
                word,
                DrawingWord::LongPosition | DrawingWord::Everyday(Everyday::Long)
            );
            let name = if long {
                "Long Position"
            } else {
                "Short Position"
            };
            Ok(vec![Sketch::Position {
                name,
                entry,
                target,
                stop,
            }])
        }
        DrawingWord::ArrowUp | DrawingWord::ArrowDown => {
            let price = prices.first().copied();
            let (Some(price), Some(at)) = (price, first_date) else {
                return Err("a price and a date, as in \"arrow up at 62000 on March 3\"");
            };
            let name = if word == DrawingWord::ArrowUp {
                "Arrow Mark Up"
            } else {
                "Arrow Mark Down"
            };
            Ok(vec![Sketch::Arrow { name, price, at }])
        }
    }
}

fn span_name(word: DrawingWord) -> &'static str {
    match word {
        DrawingWord::Rectangle | DrawingWord::Everyday(Everyday::Zone) => "Rectangle",
        DrawingWord::FibRetracement => "Fib Retracement",
        DrawingWord::DateRange => "Date Range",
        DrawingWord::DatePriceRange => "Date Price Range",
        _ => "Trend Line",
    }
}

/// Assigns a position's prices: each after its role word, and prices without one in the order
/// entry, target, stop.
fn position_prices(coordinates: &Coordinates) -> Option<(f64, f64, f64)> {
    let mut entry = None;
    let mut target = None;
    let mut stop = None;
    let mut unassigned = Vec::new();

    for (role, price) in &coordinates.prices {
        match role {
            Some(Role::Entry) => entry = Some(*price),
            Some(Role::Target) => target = Some(*price),
            Some(Role::Stop) => stop = Some(*price),
            None => unassigned.push(*price),
        }
    }
    let mut rest = unassigned.into_iter();
    for slot in [&mut entry, &mut target, &mut stop] {
        if slot.is_none() {
            *slot = rest.next();
        }
    }
    Some((entry?, target?, stop?))
}

/// Warns when a position's target and stop sit on the wrong sides of its entry.
fn position_warnings(word: DrawingWord, coordinates: &Coordinates) -> Vec<String> {
    let long = match word {
        DrawingWord::LongPosition | DrawingWord::Everyday(Everyday::Long) => true,
        DrawingWord::ShortPosition | DrawingWord::Everyday(Everyday::Short) => false,
        _ => return Vec::new(),
    };
    let Some((entry, target, stop)) = position_prices(coordinates) else {
        return Vec::new();
    };
    let ordered = if long {
        stop < entry && entry < target
    } else {
        target < entry && entry < stop
    };
    if ordered {
        return Vec::new();
    }
    let expected = if long {
        "stop below entry below target"
    } else {
        "target below entry below stop"
    };
    vec![format!(
        "the prices are drawn as given, but a {} position usually has {expected}",
        if long { "long" } else { "short" }
    )]
}

impl Sketch {
    /// Returns the chart-img drawing. Times the text left out come from the chart: `start` is
    /// where the chart's range begins.
    pub(crate) fn to_drawing(
        &self,
        now: DateTime<Utc>,
        interval: Interval,
        start: DateTime<Utc>,
    ) -> Drawing {
        let mut input = Map::new();
        let name = match self {
            Sketch::HorizontalLine { price, text } => {
                input.insert("price".into(), price_value(*price));
                if let Some(text) = text {
                    input.insert("text".into(), Value::from(*text));
                }
                "Horizontal Line"
            }
            Sketch::VerticalLine { at } => {
                input.insert("datetime".into(), instant(*at));
                "Vertical Line"
            }
            Sketch::Span {
                name,
                start_price,
                end_price,
                dates,
            } => {
                let (from, to) = dates.unwrap_or((start, now));
                input.insert("startDatetime".into(), instant(from));
                input.insert("startPrice".into(), price_value(*start_price));
                input.insert("endDatetime".into(), instant(to));
                input.insert("endPrice".into(), price_value(*end_price));
                name
            }
            Sketch::Position {
                name,
                entry,
                target,
                stop,
            } => {
                let bars = Duration::seconds(POSITION_BARS * interval.seconds() as i64);
                input.insert("startDatetime".into(), instant(now - bars));
                input.insert("endDatetime".into(), instant(now));
                input.insert("entryPrice".into(), price_value(*entry));
                input.insert("targetPrice".into(), price_value(*target));
                input.insert("stopPrice".into(), price_value(*stop));
                name
            }
            Sketch::Arrow { name, price, at } => {
                input.insert("datetime".into(), instant(*at));
                input.insert("price".into(), price_value(*price));
                name
            }
        };
        Drawing {
            name: name.to_owned(),
            input,
            style_override: None,
            z_order: None,
        }
    }

    /// Describes the drawing for reasoning: "Horizontal Line at 65000".
    pub(crate) fn describe(&self) -> String {
        match self {
            Sketch::HorizontalLine { price, text } => match text {
                Some(text) => format!("Horizontal Line at {} ({text})", format_number(*price)),
                None => format!("Horizontal Line at {}", format_number(*price)),
            },
            Sketch::VerticalLine { at } => format!("Vertical Line at {}", at.date_naive()),
            Sketch::Span {
                name,
                start_price,
                end_price,
                dates,
            } => {
                let times = match dates {
                    Some((from, to)) => {
                        format!(" from {} to {}", from.date_naive(), to.date_naive())
                    }
                    None => " across the chart's range".to_owned(),
                };
                format!(
                    "{name} from {} to {}{times}",
                    format_number(*start_price),
                    format_number(*end_price)
                )
            }
            Sketch::Position {
                name,
                entry,
                target,
                stop,
            } => format!(
                "{name} entry {} target {} stop {}, over the last {POSITION_BARS} bars",
                format_number(*entry),
                format_number(*target),
                format_number(*stop)
            ),
            Sketch::Arrow { name, price, at } => {
                format!("{name} at {} on {}", format_number(*price), at.date_naive())
            }
        }
    }
}

fn price_value(price: f64) -> Value {
    if price.fract() == 0.0 && price.abs() < 1e15 {
        Value::from(price as i64)
    } else {
        Value::from(price)
    }
}

fn instant(at: DateTime<Utc>) -> Value {
    Value::from(at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::chart::DrawingSpec;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
    }

    fn sketches_of(text: &str) -> (Vec<Sketch>, Vec<String>) {
        let mut sentence = Sentence::read(text);
        let mut findings = Findings::default();
        find(&mut sentence, &mut findings, now());
        let sketches = findings
            .drawings
            .into_iter()
            .map(|found| found.value)
            .collect();
        (sketches, findings.warnings)
    }

    #[test]
    fn horizontal_line_takes_each_price() {
        let (sketches, _) = sketches_of("horizontal lines at 60,000 and 65k");
        assert_eq!(
            sketches,
            [
                Sketch::HorizontalLine {
                    price: 60_000.0,
                    text: None
                },
                Sketch::HorizontalLine {
                    price: 65_000.0,
                    text: None
                }
            ]
        );
    }

    #[test]
    fn position_reads_roles_in_any_order() {
        let (sketches, warnings) = sketches_of("long position entry 3200 stop 3100 target 3500");
        assert_eq!(
            sketches,
            [Sketch::Position {
                name: "Long Position",
                entry: 3200.0,
                target: 3500.0,
                stop: 3100.0
            }]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn everyday_words_need_prices() {
        for text in [
            "is eth near resistance?",
            "long term support",
            "short squeeze",
        ] {
            let (sketches, warnings) = sketches_of(text);
            assert!(sketches.is_empty(), "{text}");
            assert!(warnings.is_empty(), "{text}: {warnings:?}");
        }
    }

    #[test]
    fn prices_before_the_word_count() {
        let (sketches, _) = sketches_of("btc, mark 65000 and 70000 as horizontal lines");
        assert_eq!(sketches.len(), 2);
        let (sketches, _) = sketches_of("60k support");
        assert_eq!(
            sketches,
            [Sketch::HorizontalLine {
                price: 60_000.0,
                text: Some("Support")
            }]
        );
        let (sketches, _) = sketches_of("rsi 14 support");
        assert!(sketches.is_empty());
    }

    #[test]
    fn support_with_a_price_is_a_labelled_line() {
        let (sketches, _) = sketches_of("support at 60000");
        assert_eq!(
            sketches,
            [Sketch::HorizontalLine {
                price: 60_000.0,
                text: Some("Support")
            }]
        );
    }

    #[test]
    fn named_drawing_without_coordinates_is_a_warning() {
        let (sketches, warnings) = sketches_of("draw a trend line");
        assert!(sketches.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("two prices"), "{}", warnings[0]);
    }

    #[test]
    fn to_drawing_fills_every_required_input() {
        let start = now() - Duration::days(30);
        let samples = [
            Sketch::HorizontalLine {
                price: 1.0,
                text: None,
            },
            Sketch::VerticalLine { at: start },
            Sketch::Span {
                name: "Trend Line",
                start_price: 1.0,
                end_price: 2.0,
                dates: None,
            },
            Sketch::Position {
                name: "Short Position",
                entry: 2.0,
                target: 1.0,
                stop: 3.0,
            },
            Sketch::Arrow {
                name: "Arrow Mark Up",
                price: 1.0,
                at: start,
            },
        ];
        for sketch in samples {
            let drawing = sketch.to_drawing(now(), Interval::Hour1, start);
            let spec = DrawingSpec::find(&drawing.name).unwrap();
            for key in spec.required {
                assert!(
                    drawing.input.contains_key(*key),
                    "{} lacks {key}",
                    drawing.name
                );
            }
        }
    }
}
