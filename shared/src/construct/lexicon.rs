//! One dictionary of every word and phrase the parser reads, built once from the concept tables
//! (instruments, intervals, ranges, studies, drawings, appearance) and shared by all requests.
//!
//! Text is matched against it longest phrase first, so a word inside a longer phrase never
//! counts on its own. "dollar index" is the US Dollar Index, and "price action" matches a phrase
//! that means nothing, so neither "index" nor "price" is read alone. Keys are normalized with the request tokenizer
//! itself, so a table may spell an alias as people write it ("on-balance volume",
//! "Elder's Force Index") and still match every spelling that tokenizes the same way.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::appearance::{self, SizeWord};
use super::assets::{self, Asset, Venue};
use super::drawings::{self, DrawingWord, Role};
use super::intervals;
use super::ranges::{self, DateCue, RangeWord};
use super::studies;
use super::tokenizer::{TokenKind, tokenize};
use super::units::{COUNT_WORDS, UNIT_WORDS, Unit};
use crate::chart::{ImageFormat, Interval, Scale, Session, StudySpec, Style, Theme};

/// One meaning of a word or phrase. A phrase may have several ("coinbase" is an exchange and a
/// stock), and each pass takes the meaning it reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Meaning {
    /// An instrument. `ambiguous` marks an alias that is also an everyday word ("near").
    Asset {
        asset: &'static Asset,
        ambiguous: bool,
    },
    /// An exchange or broker ("coinbase", "oanda").
    Venue(&'static Venue),
    /// A currency a crypto pair can be quoted in ("usdt", "usd", "btc").
    Quote(&'static str),
    /// A forex currency ("eur", "yen", "pound").
    Currency(&'static str),
    /// "stock", "shares": the neighbouring name is a company.
    StockCue,
    /// "perp", "perpetual": a perpetual futures market.
    Perpetual,
    /// "vs", "in", "against": joins a coin to its quote.
    PairJoin,
    Interval(Interval),
    Unit {
        unit: Unit,
        plural: bool,
    },
    /// A number written as a word.
    Count(u32),
    /// "a", "an": a count of one before a unit ("an hour").
    Article,
    /// "chart", "candles", "timeframe": marks a neighbouring amount as an interval.
    ChartNoun,
    /// "last", "past", "over": starts a range. A weak cue ("over", "for") does not make an
    /// interval amount a range ("for the 4h").
    RangeCue {
        strong: bool,
    },
    RangeWord(RangeWord),
    DateCue(DateCue),
    Month(u32),
    /// "now", "today" as the end of a span.
    Now,
    /// A study. `everyday` marks an alias that is also an everyday word ("momentum").
    Study {
        spec: &'static StudySpec,
        everyday: bool,
    },
    /// "indicator", "study": marks a neighbouring everyday word as a study name.
    StudyNoun,
    /// "period", "length": may sit between a study and its numbers.
    ParameterWord,
    /// "with", "plus", "add", "using": introduces studies.
    With,
    /// "and", "&", "or": joins list entries.
    And,
    /// "without", "no", "hide": negates the studies and drawings that follow in its clause.
    Negation,
    /// "but", "just", "only": ends a negated clause.
    ClauseEnd,
    Drawing(DrawingWord),
    /// "entry", "target", "stop" of a position.
    Role(Role),
    /// "above", "at", "near": a price may follow.
    PriceCue,
    /// "the", "of": skipped inside patterns.
    Filler,
    Style(Style),
    Theme(Theme),
    Format(ImageFormat),
    Scale(Scale),
    Session(Session),
    /// An IANA time zone.
    Timezone(&'static str),
    Size(SizeWord),
    /// A phrase that means nothing here but keeps its words from matching on their own
    /// ("price action").
    Blocker,
}

/// The dictionary: phrase keys (tokenizer keys joined by spaces) and their meanings.
pub(crate) struct Lexicon {
    phrases: HashMap<String, Vec<Meaning>>,
    /// The maximum number of words of a phrase that starts with a given word.
    longest_from: HashMap<String, usize>,
    /// Words that a misspelling may be read as, by first letter.
    typo_targets: HashMap<char, Vec<&'static str>>,
}

/// Proper names long enough that a one-letter slip is still unambiguous ("etherium",
/// "bolinger"). Each starts a phrase of the dictionary.
const TYPO_TARGETS: &[&str] = &[
    "bitcoin",
    "ethereum",
    "solana",
    "cardano",
    "dogecoin",
    "litecoin",
    "polkadot",
    "chainlink",
    "avalanche",
    "ripple",
    "binance",
    "coinbase",
    "nvidia",
    "microsoft",
    "amazon",
    "google",
    "alphabet",
    "netflix",
    "facebook",
    "palantir",
    "berkshire",
    "bollinger",
    "ichimoku",
    "stochastic",
    "keltner",
    "donchian",
    "fibonacci",
    "williams",
    "alligator",
    "supertrend",
    "heikin",
    "candlestick",
    "nasdaq",
];

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    fn build() -> Self {
        let mut lexicon = Lexicon {
            phrases: HashMap::new(),
            longest_from: HashMap::new(),
            typo_targets: HashMap::new(),
        };

        for (word, meaning) in GRAMMAR_WORDS {
            lexicon.add(word, *meaning);
        }
        for (word, unit, plural) in UNIT_WORDS {
            lexicon.add(
                word,
                Meaning::Unit {
                    unit: *unit,
                    plural: *plural,
                },
            );
        }
        for (word, count) in COUNT_WORDS {
            lexicon.add(word, Meaning::Count(*count));
        }
        assets::add_words(&mut |word, meaning| lexicon.add(word, meaning));
        intervals::add_words(&mut |word, meaning| lexicon.add(word, meaning));
        ranges::add_words(&mut |word, meaning| lexicon.add(word, meaning));
        studies::add_words(&mut |word, meaning| lexicon.add(word, meaning));
        drawings::add_words(&mut |word, meaning| lexicon.add(word, meaning));
        appearance::add_words(&mut |word, meaning| lexicon.add(word, meaning));

        for target in TYPO_TARGETS {
            let first = target.chars().next().unwrap_or_default();
            lexicon.typo_targets.entry(first).or_default().push(target);
        }
        lexicon
    }

    /// Adds one meaning of a written word or phrase.
    fn add(&mut self, written: &str, meaning: Meaning) {
        let words: Vec<String> = tokenize(written)
            .into_iter()
            .filter(|token| !matches!(token.kind, TokenKind::Break(_)))
            .map(|token| token.key)
            .collect();
        debug_assert!(
            !words.is_empty() && words.iter().all(|word| !word.is_empty()),
            "table entry `{written}` does not tokenize into words"
        );

        let longest = self.longest_from.entry(words[0].clone()).or_insert(0);
        *longest = (*longest).max(words.len());

        let meanings = self.phrases.entry(words.join(" ")).or_default();
        if !meanings.contains(&meaning) {
            meanings.push(meaning);
        }
    }

    /// Returns the meanings of a phrase key.
    pub(crate) fn get(&'static self, key: &str) -> Option<(&'static str, &'static [Meaning])> {
        self.phrases
            .get_key_value(key)
            .map(|(key, meanings)| (key.as_str(), meanings.as_slice()))
    }

    /// Returns how many words the longest phrase starting with `word` has, or `None` when no
    /// phrase starts with it.
    pub(crate) fn longest_from(&self, word: &str) -> Option<usize> {
        self.longest_from.get(word).copied()
    }

    /// Returns the dictionary word a misspelled `word` most likely means: a proper name from
    /// [`TYPO_TARGETS`] with the same first letter, one edit away (two for names of nine or
    /// more letters), when exactly one such name exists.
    pub(crate) fn correct(&'static self, word: &str) -> Option<&'static str> {
        let length = word.chars().count();
        if length < 5 || word.chars().any(|letter| !letter.is_alphabetic()) {
            return None;
        }
        let first = word.chars().next()?;
        let mut found = None;
        for target in self.typo_targets.get(&first)? {
            let allowed = if target.len() >= 9 { 2 } else { 1 };
            if target.len().abs_diff(length) > allowed {
                continue;
            }
            if edit_distance(word, target, allowed) <= allowed {
                if found.is_some() {
                    return None;
                }
                found = Some(*target);
            }
        }
        found
    }
}

/// Words that shape sentences rather than name things.
const GRAMMAR_WORDS: &[(&str, Meaning)] = &[
    ("a", Meaning::Article),
    ("an", Meaning::Article),
    ("the", Meaning::Filler),
    ("of", Meaning::Filler),
    ("chart", Meaning::ChartNoun),
    ("charts", Meaning::ChartNoun),
    ("graph", Meaning::ChartNoun),
    ("candles", Meaning::ChartNoun),
    ("candle", Meaning::ChartNoun),
    ("bars", Meaning::ChartNoun),
    ("timeframe", Meaning::ChartNoun),
    ("time frame", Meaning::ChartNoun),
    ("tf", Meaning::ChartNoun),
    ("interval", Meaning::ChartNoun),
    ("resolution", Meaning::ChartNoun),
    ("with", Meaning::With),
    ("w", Meaning::With),
    ("plus", Meaning::With),
    ("+", Meaning::With),
    ("add", Meaning::With),
    ("adding", Meaning::With),
    ("include", Meaning::With),
    ("including", Meaning::With),
    ("show", Meaning::With),
    ("showing", Meaning::With),
    ("using", Meaning::With),
    ("use", Meaning::With),
    ("overlay", Meaning::With),
    ("also", Meaning::With),
    ("and", Meaning::And),
    ("&", Meaning::And),
    ("or", Meaning::And),
    ("without", Meaning::Negation),
    ("w o", Meaning::Negation),
    ("no", Meaning::Negation),
    ("not", Meaning::Negation),
    ("exclude", Meaning::Negation),
    ("excluding", Meaning::Negation),
    ("hide", Meaning::Negation),
    ("remove", Meaning::Negation),
    ("minus", Meaning::Negation),
    ("dont", Meaning::Negation),
    ("never", Meaning::Negation),
    ("skip", Meaning::Negation),
    ("except", Meaning::Negation),
    ("but", Meaning::ClauseEnd),
    ("just", Meaning::ClauseEnd),
    ("only", Meaning::ClauseEnd),
    ("then", Meaning::ClauseEnd),
    ("above", Meaning::PriceCue),
    ("below", Meaning::PriceCue),
    ("under", Meaning::PriceCue),
    ("over", Meaning::PriceCue),
    ("at", Meaning::PriceCue),
    ("@", Meaning::PriceCue),
    ("near", Meaning::PriceCue),
    ("around", Meaning::PriceCue),
    ("price action", Meaning::Blocker),
    ("trading range", Meaning::Blocker),
    ("price range", Meaning::Blocker),
];

/// Returns the optimal-string-alignment distance between two words, or `limit + 1` as soon as
/// it is certain to exceed `limit`.
fn edit_distance(left: &str, right: &str, limit: usize) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut before_previous = vec![0; right.len() + 1];
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current = vec![0; right.len() + 1];

    for row in 1..=left.len() {
        current[0] = row;
        let mut row_minimum = current[0];
        for column in 1..=right.len() {
            let cost = usize::from(left[row - 1] != right[column - 1]);
            let mut best = (previous[column] + 1)
                .min(current[column - 1] + 1)
                .min(previous[column - 1] + cost);
            if row > 1
                && column > 1
                && left[row - 1] == right[column - 2]
                && left[row - 2] == right[column - 1]
            {
                best = best.min(before_previous[column - 2] + 1);
            }
            current[column] = best;
            row_minimum = row_minimum.min(best);
        }
        if row_minimum > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_targets_start_dictionary_phrases() {
        for target in TYPO_TARGETS {
            assert!(LEXICON.longest_from(target).is_some(), "{target}");
        }
    }

    #[test]
    fn correct_fixes_one_slip() {
        assert_eq!(LEXICON.correct("etherium"), Some("ethereum"));
        assert_eq!(LEXICON.correct("bolinger"), Some("bollinger"));
        assert_eq!(LEXICON.correct("nvidea"), Some("nvidia"));
        assert_eq!(LEXICON.correct("solanna"), Some("solana"));
    }

    #[test]
    fn correct_leaves_other_words() {
        assert_eq!(LEXICON.correct("apply"), None);
        assert_eq!(LEXICON.correct("please"), None);
        assert_eq!(LEXICON.correct("bitter"), None);
        assert_eq!(LEXICON.correct("weekly"), None);
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("etheruem", "ethereum", 2), 1);
        assert_eq!(edit_distance("abc", "abc", 1), 0);
        assert_eq!(edit_distance("abc", "xyz", 1), 2);
    }

    #[test]
    fn phrases_keep_every_meaning() {
        let (_, meanings) = LEXICON.get("coinbase").unwrap();
        assert!(
            meanings
                .iter()
                .any(|meaning| matches!(meaning, Meaning::Venue(_)))
        );
        assert!(
            meanings
                .iter()
                .any(|meaning| matches!(meaning, Meaning::Asset { .. }))
        );
    }
}
