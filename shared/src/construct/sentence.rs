//! A request read once: its tokens grouped into items (the longest dictionary phrase at each
//! place, or a single token), which item each pass has already used, and which items a
//! negation such as "without" covers.
//!
//! Passes run one after another over the same items, and an item that one pass claims is
//! invisible to the later ones. So a number read as a study's length is not also a price, and
//! the "15m" read as an interval is not also a study parameter.

use std::ops::Range;

use super::lexicon::{LEXICON, Meaning};
use super::tokenizer::{Token, TokenKind, tokenize};

/// One unit of meaning: a dictionary phrase, or a token no phrase covers.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// The tokens the item covers.
    pub tokens: Range<usize>,
    /// The item's possible meanings, empty for tokens missing from the dictionary.
    pub meanings: &'static [Meaning],
    /// The dictionary word a misspelling was read as ("bolinger" as "bollinger").
    pub read_as: Option<&'static str>,
}

/// The request text, its tokens and items, and the claims passes have made on them.
pub(crate) struct Sentence<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub items: Vec<Item>,
    claimed: Vec<bool>,
    /// For each item, the negation word whose clause covers it.
    negated_by: Vec<Option<usize>>,
}

/// Punctuation that ends the clause a negation covers.
const CLAUSE_BREAKS: &[char] = &[',', ';', '.', '?', '!', ':', '(', ')'];

impl<'t> Sentence<'t> {
    /// Tokenizes `text` and groups the tokens into items.
    pub(crate) fn read(text: &'t str) -> Self {
        let tokens = tokenize(text);
        let items = group(&tokens);
        let negated_by = negation_scopes(&tokens, &items);
        Sentence {
            text,
            claimed: vec![false; items.len()],
            tokens,
            items,
            negated_by,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns whether no pass has used item `at` yet. Positions past the end are never free.
    pub(crate) fn is_free(&self, at: usize) -> bool {
        self.claimed.get(at).is_some_and(|claimed| !claimed)
    }

    /// Marks items as used.
    pub(crate) fn claim(&mut self, items: Range<usize>) {
        for claimed in &mut self.claimed[items] {
            *claimed = true;
        }
    }

    /// Returns the negation word ("without", "no") whose clause covers item `at`.
    pub(crate) fn negated_by(&self, at: usize) -> Option<usize> {
        self.negated_by.get(at).copied().flatten()
    }

    pub(crate) fn meanings(&self, at: usize) -> &'static [Meaning] {
        self.items.get(at).map_or(&[], |item| item.meanings)
    }

    /// Returns the first meaning of item `at` that `pick` accepts.
    pub(crate) fn find<T>(&self, at: usize, pick: impl Fn(&Meaning) -> Option<T>) -> Option<T> {
        self.meanings(at).iter().find_map(pick)
    }

    /// Returns whether item `at` has a meaning that `test` accepts.
    pub(crate) fn has(&self, at: usize, test: impl Fn(&Meaning) -> bool) -> bool {
        self.meanings(at).iter().any(test)
    }

    /// Returns the token of an item that covers exactly one token.
    pub(crate) fn single_token(&self, at: usize) -> Option<&Token> {
        let item = self.items.get(at)?;
        (item.tokens.len() == 1).then(|| &self.tokens[item.tokens.start])
    }

    /// Returns the value of an item that is a plain number (`21`, `2.5`, `65,000`).
    pub(crate) fn plain_number(&self, at: usize) -> Option<f64> {
        match self.single_token(at)?.kind {
            TokenKind::Number(value) => Some(value),
            _ => None,
        }
    }

    /// Returns whether item `at` is one of the given punctuation marks.
    pub(crate) fn is_break(&self, at: usize, marks: &[char]) -> bool {
        self.single_token(at).is_some_and(
            |token| matches!(token.kind, TokenKind::Break(mark) if marks.contains(&mark)),
        )
    }

    /// Returns the original text of a run of items.
    pub(crate) fn source(&self, items: Range<usize>) -> &'t str {
        let Some(first) = self.items.get(items.start) else {
            return "";
        };
        let last = &self.items[items.end.max(items.start + 1).min(self.items.len()) - 1];
        let start = self.tokens[first.tokens.start].span.start;
        let end = self.tokens[last.tokens.end - 1].span.end;
        &self.text[start..end]
    }

    /// Returns the original text of a run of items in quotes, for reasoning and warnings.
    pub(crate) fn quote(&self, items: Range<usize>) -> String {
        format!("\"{}\"", self.source(items))
    }

    /// Returns the first item at or after `at` that is not "the" or "of".
    pub(crate) fn skip_fillers(&self, mut at: usize) -> usize {
        while at < self.len() && self.has(at, |meaning| *meaning == Meaning::Filler) {
            at += 1;
        }
        at
    }

    /// Returns the last item before `at` that is not "the", "a" or "of", if any.
    pub(crate) fn previous_word(&self, at: usize) -> Option<usize> {
        let mut index = at;
        while index > 0 {
            index -= 1;
            let filler = self.has(index, |meaning| {
                matches!(meaning, Meaning::Filler | Meaning::Article)
            });
            if !filler {
                return Some(index);
            }
        }
        None
    }
}

/// Groups tokens into items, taking the longest dictionary phrase at each place. A word the
/// dictionary lacks is tried as its singular ("emas") and then as a misspelling of a proper
/// name ("etherium").
fn group(tokens: &[Token]) -> Vec<Item> {
    let mut items = Vec::with_capacity(tokens.len());
    let mut key = String::new();
    let mut at = 0;

    while at < tokens.len() {
        let found = match_phrase(tokens, at, &mut key);
        let item = found.unwrap_or(Item {
            tokens: at..at + 1,
            meanings: &[],
            read_as: None,
        });
        at = item.tokens.end;
        items.push(item);
    }
    items
}

/// Finds the longest phrase that starts at token `at`.
fn match_phrase(tokens: &[Token], at: usize, key: &mut String) -> Option<Item> {
    let first = &tokens[at].key;
    if first.is_empty() {
        return None;
    }

    let (first_word, read_as) = match LEXICON.longest_from(first) {
        Some(_) => (first.as_str(), None),
        None => {
            let singular = singular(first).filter(|word| LEXICON.longest_from(word).is_some());
            match singular {
                Some(word) => (word, None),
                None => {
                    let corrected = LEXICON.correct(first)?;
                    (corrected, Some(corrected))
                }
            }
        }
    };
    let longest = LEXICON.longest_from(first_word)?;

    let available = tokens[at..]
        .iter()
        .take(longest)
        .take_while(|token| !token.key.is_empty())
        .count();

    for length in (1..=available).rev() {
        key.clear();
        key.push_str(first_word);
        for token in &tokens[at + 1..at + length] {
            key.push(' ');
            key.push_str(&token.key);
        }
        let found = LEXICON.get(key).or_else(|| {
            let last = if length == 1 {
                first_word
            } else {
                &tokens[at + length - 1].key
            };
            let stem = singular(last)?;
            key.truncate(key.len() - 1);
            debug_assert!(key.ends_with(stem));
            LEXICON.get(key)
        });
        if let Some((_, meanings)) = found {
            return Some(Item {
                tokens: at..at + length,
                meanings,
                read_as,
            });
        }
    }
    None
}

/// Returns a word without its plural `s`, when it is long enough to have one.
fn singular(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s')?;
    (stem.len() >= 2 && !stem.ends_with('s')).then_some(stem)
}

/// Marks the items that a negation covers: from "without", "no", "hide" and the like to the end
/// of its clause, which is a punctuation mark, "but", "just" or "only", or a word such as
/// "with" that starts a new list.
fn negation_scopes(tokens: &[Token], items: &[Item]) -> Vec<Option<usize>> {
    let mut negated = vec![None; items.len()];
    let mut active = None;

    for (index, item) in items.iter().enumerate() {
        let ends_clause = item.meanings.iter().any(|meaning| {
            matches!(
                meaning,
                Meaning::ClauseEnd | Meaning::With | Meaning::Negation
            )
        }) || (item.tokens.len() == 1
            && matches!(tokens[item.tokens.start].kind, TokenKind::Break(mark) if CLAUSE_BREAKS.contains(&mark)));
        if ends_clause {
            active = None;
        }
        if item.meanings.contains(&Meaning::Negation) {
            active = Some(index);
            continue;
        }
        negated[index] = active;
    }
    negated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(text: &str) -> Vec<String> {
        let sentence = Sentence::read(text);
        (0..sentence.len())
            .map(|index| sentence.source(index..index + 1).to_owned())
            .collect()
    }

    #[test]
    fn read_takes_longest_phrase() {
        assert_eq!(sources("dollar index daily"), ["dollar index", "daily"]);
        assert_eq!(sources("price action 4h"), ["price action", "4h"]);
        assert_eq!(sources("S&P 500 daily"), ["S&P 500", "daily"]);
    }

    #[test]
    fn read_matches_plurals_and_misspellings() {
        let sentence = Sentence::read("the 9 EMAs bolinger bands");
        assert_eq!(sentence.source(2..3), "EMAs");
        assert!(!sentence.meanings(2).is_empty());
        assert_eq!(sentence.source(3..4), "bolinger bands");
        assert_eq!(sentence.items[3].read_as, Some("bollinger"));
    }

    #[test]
    fn negation_covers_its_clause_only() {
        let sentence = Sentence::read("without volume, just rsi");
        assert_eq!(sentence.negated_by(1), Some(0));
        assert_eq!(sentence.negated_by(4), None);
    }

    #[test]
    fn negation_stops_at_with() {
        let sentence = Sentence::read("no volume with rsi");
        assert_eq!(sentence.negated_by(1), Some(0));
        assert_eq!(sentence.negated_by(3), None);
    }

    #[test]
    fn claim_hides_items() {
        let mut sentence = Sentence::read("btc 4h");
        assert!(sentence.is_free(1));
        sentence.claim(1..2);
        assert!(!sentence.is_free(1));
        assert!(!sentence.is_free(9));
    }
}
