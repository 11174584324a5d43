//! Studies (indicators): found by their names and abbreviations in [`STUDIES`], with the numbers
//! written next to them mapped onto chart-img's input keys.
//!
//! Numbers fill a study's leading numeric inputs in order: "RSI 21" sets `length`, "MACD 8 21
//! 5" sets `in_0` to `in_2`, "bollinger 20 2.5" sets `in_0` and `in_1`. They may follow the
//! name ("ema 21", "EMA(21)", "rsi length 21") or come before it ("the 200 EMA", "50 period
//! simple moving average", "200-day moving average"). A study with one numeric input gets one
//! study per number, so "50 and 200 SMA", "sma 50 200" and "the 9, 21 and 55 EMAs" give one
//! study each. A unit after a number belongs to the length when it is a singular "day" or "bar",
//! or any singular unit that does not form a chart-img interval ("200-week moving average").
//! Otherwise the number and unit are an interval or a range, never a parameter ("4 hour rsi",
//! "rsi 14 4 hour", "rsi 14 days"). A value outside the input's valid range is dropped with
//! a warning, and chart-img's default is used instead.
//!
//! Everyday words. "momentum", "mom", "volume" and "vol" are ordinary words as well as study
//! names, so they add their study only when used as an indicator name:
//! - followed by an indicator word or numbers ("momentum indicator", "volume study",
//!   "momentum 10"),
//! - after a word that introduces studies ("with volume", "add momentum", "using momentum",
//!   "plus volume", "just volume"), or
//! - in a list next to another study ("rsi and volume", "rsi, volume", "volume + macd").
//!
//! So "check apple's momentum using rsi" adds only RSI, and "high volume" adds nothing, with
//! a warning that names the word. "trend" on its own is never a study: "trend strength index",
//! "super trend" and "trend line" are named in full.
//!
//! Negation. A study inside the clause of "without", "no", "hide" and the like is left out
//! ("without volume, just rsi"), and "no indicators" leaves out every study.

use serde_json::{Map, Value};

use super::findings::{Finding, Findings};
use super::intervals;
use super::lexicon::Meaning;
use super::sentence::Sentence;
use super::units::Unit;
use crate::chart::{InputKind, InputSpec, STUDIES, Study, StudySpec};

/// Study aliases that are also everyday words, which the module documentation describes.
pub(super) const EVERYDAY_WORDS: &[&str] = &["momentum", "mom", "volume", "vol"];

/// Words that mark a neighbouring everyday word as an indicator name.
const STUDY_NOUNS: &[&str] = &[
    "indicator",
    "indicators",
    "study",
    "studies",
    "oscillator",
    "histogram",
    "overlay",
];

/// Words that may sit between a study's name and its numbers.
const PARAMETER_WORDS: &[&str] = &[
    "period", "periods", "length", "len", "lookback", "setting", "settings",
];

/// Registers the words this module reads.
pub(super) fn add_words(add: &mut dyn FnMut(&'static str, Meaning)) {
    for spec in STUDIES {
        for alias in spec.aliases {
            let everyday = EVERYDAY_WORDS.contains(alias);
            add(alias, Meaning::Study { spec, everyday });
        }
    }
    for word in STUDY_NOUNS {
        add(word, Meaning::StudyNoun);
    }
    for word in PARAMETER_WORDS {
        add(word, Meaning::ParameterWord);
    }
}

/// A number written next to a study, and its item.
#[derive(Debug, Clone, Copy)]
struct Number {
    value: f64,
    at: usize,
}

/// Finds the studies in the text, with their parameters.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings) {
    let mentions: Vec<usize> = (0..sentence.len())
        .filter(|at| sentence.is_free(*at) && study_at(sentence, *at).is_some())
        .collect();
    let mut studies: Vec<Finding<Study>> = Vec::new();

    for at in mentions {
        let Some((spec, everyday)) = study_at(sentence, at) else {
            continue;
        };
        let (after, after_end) = numbers_after(sentence, at + 1);
        let (before, before_start) = numbers_before(sentence, at);
        let items = before_start..after_end.max(at + 1);
        let source = sentence.quote(items.clone());

        if let Some(negation) = sentence.negated_by(at) {
            sentence.claim(items);
            let asked = sentence.quote(negation..at + 1);
            findings
                .notes
                .push(format!("{} is left out, as {asked} asks", spec.name));
            continue;
        }

        let numbers: Vec<Number> = before.into_iter().chain(after).collect();
        if everyday && numbers.is_empty() && !everyday_cued(sentence, at) {
            findings.warnings.push(format!(
                "{} was read as a plain word, not the {} study; write \"{} indicator\" or \"with {}\" to add it",
                sentence.quote(at..at + 1),
                spec.name,
                sentence.source(at..at + 1).to_lowercase(),
                sentence.source(at..at + 1).to_lowercase(),
            ));
            continue;
        }

        sentence.claim(items);
        if let Some(read_as) = sentence.items[at].read_as {
            findings.notes.push(format!(
                "{} was read as \"{read_as}\"",
                sentence.quote(at..at + 1)
            ));
        }
        for study in build(spec, &numbers, sentence, &source, &mut findings.warnings) {
            let duplicate = studies.iter().any(|kept| kept.value == study);
            if !duplicate {
                studies.push(Finding::new(study, source.clone()));
            }
        }
    }

    if let Some(at) = (0..sentence.len()).find(|at| {
        sentence.negated_by(*at).is_some()
            && sentence.has(*at, |meaning| *meaning == Meaning::StudyNoun)
    }) {
        sentence.claim(at..at + 1);
        if !studies.is_empty() {
            let names: Vec<&str> = studies
                .iter()
                .map(|study| study.value.name.as_str())
                .collect();
            findings.notes.push(format!(
                "{} left out, as the text asks for no indicators",
                names.join(", ")
            ));
        }
        studies.clear();
    }

    findings.studies = studies;
}

/// Returns the study item `at` names.
fn study_at(sentence: &Sentence<'_>, at: usize) -> Option<(&'static StudySpec, bool)> {
    sentence.find(at, |meaning| match meaning {
        Meaning::Study { spec, everyday } => Some((*spec, *everyday)),
        _ => None,
    })
}

/// Returns whether an everyday study word at `at` is used as an indicator name.
fn everyday_cued(sentence: &Sentence<'_>, at: usize) -> bool {
    let next = at + 1;
    if sentence.has(next, |meaning| *meaning == Meaning::StudyNoun) {
        return true;
    }

    if let Some(previous) = sentence.previous_word(at) {
        let written = sentence.source(previous..previous + 1).to_lowercase();
        let introduces = sentence.has(previous, |meaning| *meaning == Meaning::With)
            || matches!(written.as_str(), "just" | "only");
        if introduces {
            return true;
        }
        let joined = sentence.has(previous, |meaning| *meaning == Meaning::And)
            || sentence.is_break(previous, &[',']);
        if joined && study_ends_at(sentence, previous) {
            return true;
        }
    }

    let written = sentence.source(next..next + 1).to_lowercase();
    let joins_after =
        sentence.is_break(next, &[',']) || matches!(written.as_str(), "+" | "&" | "plus");
    joins_after && study_at(sentence, next + 1).is_some()
}

/// Returns whether a study with its numbers ends right before item `at` ("rsi", "ema 21",
/// "RSI (14)").
fn study_ends_at(sentence: &Sentence<'_>, mut at: usize) -> bool {
    while at > 0 {
        at -= 1;
        let parameter = sentence.plain_number(at).is_some()
            || sentence.has(at, |meaning| *meaning == Meaning::ParameterWord)
            || sentence.is_break(at, &['(', ')', ',']);
        if !parameter {
            return study_at(sentence, at).is_some();
        }
    }
    false
}

/// Reads the numbers after a study's name: "21", "(9)", "8 21 5", "9, 21 and 55",
/// "length 21", "14 period". Stops before a number that belongs to the next study ("rsi 14 and
/// 50 ema") and before an amount of time ("14 4 hour").
fn numbers_after(sentence: &Sentence<'_>, mut at: usize) -> (Vec<Number>, usize) {
    let mut numbers = Vec::new();
    let mut end = at;

    while sentence.is_free(at)
        && (sentence.has(at, |meaning| *meaning == Meaning::ParameterWord)
            || sentence.is_break(at, &['(', ':']))
    {
        at += 1;
    }

    while let Some(value) = free_number(sentence, at) {
        if !is_parameter(sentence, at) || starts_next_study(sentence, at) {
            break;
        }
        numbers.push(Number { value, at });
        if parameter_unit(sentence, at) {
            at += 1;
        }
        at += 1;
        end = at;

        while sentence.is_free(at)
            && (sentence.has(at, |meaning| *meaning == Meaning::ParameterWord)
                || sentence.is_break(at, &[')']))
        {
            at += 1;
            end = at;
        }

        let separator =
            sentence.is_break(at, &[',']) || sentence.has(at, |meaning| *meaning == Meaning::And);
        if separator && free_number(sentence, at + 1).is_some() {
            at += 1;
        }
    }

    if numbers.is_empty() {
        return (numbers, end.min(at));
    }
    (numbers, end)
}

/// Reads the numbers before a study's name: "the 200 EMA", "50 and 200 SMA", "the 9, 21 and
/// 55 EMAs", "50 period simple moving average", "200-day moving average". Returns them in text
/// order with the first item they cover.
fn numbers_before(sentence: &Sentence<'_>, at: usize) -> (Vec<Number>, usize) {
    let mut start = at;
    let mut index = at;

    while index > 0
        && sentence.is_free(index - 1)
        && sentence.has(index - 1, |meaning| *meaning == Meaning::ParameterWord)
    {
        index -= 1;
    }
    if index > 1 && sentence.is_free(index - 1) && parameter_unit(sentence, index - 2) {
        index -= 1;
    }

    let mut numbers = Vec::new();
    while index > 0 {
        let candidate = index - 1;
        let Some(value) = free_number(sentence, candidate) else {
            break;
        };
        numbers.push(Number {
            value,
            at: candidate,
        });
        start = candidate;
        index = candidate;

        let separator = index > 0
            && (sentence.is_break(index - 1, &[','])
                || sentence.has(index - 1, |meaning| *meaning == Meaning::And));
        if separator && index > 1 && free_number(sentence, index - 2).is_some() {
            index -= 1;
        }
    }

    let after_range_word = start > 0
        && sentence.has(start - 1, |meaning| {
            matches!(meaning, Meaning::RangeCue { .. })
        });
    if after_range_word {
        return (Vec::new(), at);
    }
    numbers.reverse();
    (numbers, start)
}

/// Returns the value of a free plain number at `at`.
fn free_number(sentence: &Sentence<'_>, at: usize) -> Option<f64> {
    if !sentence.is_free(at) {
        return None;
    }
    sentence.plain_number(at)
}

/// Returns whether the number at `at` is a parameter rather than the count of an amount of
/// time.
fn is_parameter(sentence: &Sentence<'_>, at: usize) -> bool {
    unit_at(sentence, at + 1).is_none() || parameter_unit(sentence, at)
}

/// Returns whether the unit after the number at `at` belongs to a study's length rather than to
/// an interval: "200-day", "50 bar" and "200-week" do, "4 hour" and "15 minute" do not. A plural
/// unit never does ("14 days").
fn parameter_unit(sentence: &Sentence<'_>, at: usize) -> bool {
    let Some((unit, plural)) = unit_at(sentence, at + 1) else {
        return false;
    };
    let Some(value) = sentence.plain_number(at) else {
        return false;
    };
    match unit {
        _ if plural => false,
        Unit::Day | Unit::Bar => true,
        _ => intervals::interval_for(value, unit).is_none(),
    }
}

fn unit_at(sentence: &Sentence<'_>, at: usize) -> Option<(Unit, bool)> {
    sentence.find(at, |meaning| match meaning {
        Meaning::Unit { unit, plural } => Some((*unit, *plural)),
        _ => None,
    })
}

/// Returns whether the number at `at` starts the numbers of the next study ("50 ema" in "rsi 14
/// and 50 ema"). That is the case when a study follows it with no numbers after its name.
fn starts_next_study(sentence: &Sentence<'_>, at: usize) -> bool {
    let mut next = at + 1;
    if parameter_unit(sentence, at) {
        next += 1;
    }
    while sentence.has(next, |meaning| *meaning == Meaning::ParameterWord) {
        next += 1;
    }
    if study_at(sentence, next).is_none() {
        return false;
    }
    let mut after = next + 1;
    while sentence.has(after, |meaning| *meaning == Meaning::ParameterWord)
        || sentence.is_break(after, &['(', ':'])
    {
        after += 1;
    }
    sentence.plain_number(after).is_none()
}

/// Returns the inputs that bare numbers fill: the study's leading run of numeric inputs.
fn numeric_inputs(spec: &StudySpec) -> &'static [InputSpec] {
    let count = spec
        .inputs
        .iter()
        .take_while(|input| {
            matches!(
                input.kind,
                InputKind::Integer { .. } | InputKind::Number { .. }
            )
        })
        .count();
    &spec.inputs[..count]
}

/// Builds the studies one mention requests: one per number when the study has a single
/// numeric input, otherwise one with the numbers in input order.
fn build(
    spec: &'static StudySpec,
    numbers: &[Number],
    sentence: &Sentence<'_>,
    source: &str,
    warnings: &mut Vec<String>,
) -> Vec<Study> {
    let slots = numeric_inputs(spec);

    if slots.is_empty() {
        if !numbers.is_empty() {
            let written: Vec<&str> = numbers
                .iter()
                .map(|number| sentence.source(number.at..number.at + 1))
                .collect();
            warnings.push(format!(
                "{} was ignored: {} takes no numeric inputs that chart-img documents",
                written.join(", "),
                spec.name
            ));
        }
        return vec![Study::named(spec.name)];
    }

    if slots.len() == 1 && numbers.len() > 1 {
        return numbers
            .iter()
            .map(|number| with_inputs(spec, &slots[..1], &[*number], source, warnings))
            .collect();
    }

    if numbers.len() > slots.len() {
        let extra: Vec<&str> = numbers[slots.len()..]
            .iter()
            .map(|number| sentence.source(number.at..number.at + 1))
            .collect();
        warnings.push(format!(
            "{} was ignored: {} takes {} numeric inputs",
            extra.join(", "),
            spec.name,
            slots.len()
        ));
    }
    vec![with_inputs(spec, slots, numbers, source, warnings)]
}

/// Builds one study with numbers assigned to inputs in order, dropping invalid values.
fn with_inputs(
    spec: &'static StudySpec,
    slots: &[InputSpec],
    numbers: &[Number],
    source: &str,
    warnings: &mut Vec<String>,
) -> Study {
    let mut input = Map::new();
    for (slot, number) in slots.iter().zip(numbers) {
        match input_value(slot, number.value) {
            Ok(value) => {
                input.insert(slot.key.to_owned(), value);
            }
            Err(reason) => warnings.push(format!(
                "{} {} {} in {source} was dropped: {reason}, so chart-img's default is used",
                spec.name,
                slot.key,
                format_number(number.value)
            )),
        }
    }
    let mut study = Study::named(spec.name);
    if !input.is_empty() {
        study.input = Some(input);
    }
    study
}

/// Returns the JSON value for an input, or why the number does not fit it.
fn input_value(slot: &InputSpec, value: f64) -> Result<Value, String> {
    match slot.kind {
        InputKind::Integer { min, max, .. } => {
            if value.fract() != 0.0 {
                return Err("it must be a whole number".to_owned());
            }
            if value < min as f64 || value > max as f64 {
                return Err(format!("the valid range is {min} to {max}"));
            }
            Ok(Value::from(value as i64))
        }
        InputKind::Number { min, max, .. } => {
            if value < min || value > max {
                return Err(format!("the valid range is {min} to {max}"));
            }
            Ok(Value::from(value))
        }
        InputKind::Source | InputKind::Boolean | InputKind::Choice(_) => {
            Err("the input is not a number".to_owned())
        }
    }
}

/// Formats a number without a needless `.0`.
pub(crate) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Describes a study's inputs for reasoning: "length 21", "in_0 8, in_1 21, in_2 5".
pub(crate) fn describe_inputs(study: &Study) -> String {
    study
        .input
        .iter()
        .flatten()
        .map(|(key, value)| format!("{key} {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn studies(text: &str) -> Vec<Study> {
        let mut sentence = Sentence::read(text);
        let mut findings = Findings::default();
        find(&mut sentence, &mut findings);
        findings
            .studies
            .into_iter()
            .map(|study| study.value)
            .collect()
    }

    fn lengths(text: &str) -> Vec<(String, Option<Value>)> {
        studies(text)
            .into_iter()
            .map(|study| {
                let length = study
                    .input
                    .as_ref()
                    .and_then(|input| input.get("length").or_else(|| input.get("in_0")).cloned());
                (study.name, length)
            })
            .collect()
    }

    fn entry(name: &str, length: i64) -> (String, Option<Value>) {
        (name.to_owned(), Some(Value::from(length)))
    }

    #[test]
    fn numbers_after_fill_inputs_in_order() {
        let macd = &studies("macd 8 21 5")[0];
        let input = macd.input.as_ref().unwrap();
        assert_eq!(input["in_0"], 8);
        assert_eq!(input["in_1"], 21);
        assert_eq!(input["in_2"], 5);
    }

    #[test]
    fn numbers_before_give_one_study_each() {
        let ema = "Moving Average Exponential";
        assert_eq!(
            lengths("the 9, 21 and 55 EMAs"),
            [entry(ema, 9), entry(ema, 21), entry(ema, 55)]
        );
        assert_eq!(
            lengths("50 and 200 SMA"),
            [entry("Moving Average", 50), entry("Moving Average", 200)]
        );
    }

    #[test]
    fn numbers_split_between_neighbouring_studies() {
        assert_eq!(
            lengths("rsi 14 and 50 ema"),
            [
                entry("Relative Strength Index", 14),
                entry("Moving Average Exponential", 50)
            ]
        );
        assert_eq!(
            lengths("EMA(9), EMA(21)"),
            [
                entry("Moving Average Exponential", 9),
                entry("Moving Average Exponential", 21)
            ]
        );
    }

    #[test]
    fn amounts_of_time_are_not_parameters() {
        let rsi = "Relative Strength Index";
        assert_eq!(lengths("rsi 14 4 hour"), [entry(rsi, 14)]);
        assert_eq!(lengths("4 hour rsi"), [(rsi.to_owned(), None)]);
        assert_eq!(lengths("rsi 14 days"), [(rsi.to_owned(), None)]);
    }

    #[test]
    fn length_units_are_parameters() {
        assert_eq!(lengths("200 day ma"), [entry("Moving Average", 200)]);
        assert_eq!(
            lengths("200-week moving average"),
            [entry("Moving Average", 200)]
        );
        assert_eq!(
            lengths("ema 50 bar"),
            [entry("Moving Average Exponential", 50)]
        );
    }

    #[test]
    fn out_of_range_value_is_dropped() {
        let mut sentence = Sentence::read("rsi 0");
        let mut findings = Findings::default();
        find(&mut sentence, &mut findings);
        assert_eq!(findings.studies[0].value.input, None);
        assert_eq!(findings.warnings.len(), 1);
        assert!(
            findings.warnings[0].contains("1 to 5000"),
            "{}",
            findings.warnings[0]
        );
    }

    #[test]
    fn everyday_words_need_a_cue() {
        assert!(studies("check apple's momentum using rsi").len() == 1);
        assert_eq!(studies("momentum indicator")[0].name, "Momentum");
        assert_eq!(studies("momentum 10")[0].name, "Momentum");
        assert_eq!(studies("btc with volume")[0].name, "Volume");
        assert_eq!(studies("rsi and volume").len(), 2);
        assert!(studies("high volume days").is_empty());
    }

    #[test]
    fn negated_studies_are_left_out() {
        assert_eq!(lengths("without volume, just rsi").len(), 1);
        assert!(studies("rsi, no indicators").is_empty());
    }

    #[test]
    fn everyday_words_name_studies() {
        for word in EVERYDAY_WORDS {
            assert!(
                STUDIES.iter().any(|spec| spec.aliases.contains(word)),
                "{word}"
            );
        }
    }
}
