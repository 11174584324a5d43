//! The instrument a request is about, and the `EXCHANGE:SYMBOL` chart-img needs for it.
//!
//! An explicit `EXCHANGE:SYMBOL` in the text wins and is kept as written, uppercased. Otherwise
//! the first instrument the text names is used. A coin is quoted in USDT on Binance unless the
//! text names a quote or an exchange ("btc/usd", "eth in usdc", "on coinbase"). A US stock or
//! fund is charted on its listing exchange, and a forex pair may be written in any spelling
//! ("EUR/USD", "eurusd", "euro dollar", "cable"). Indices and commodities have fixed symbols.
//! Any further instrument is reported in a warning, because one chart shows one symbol.
//!
//! Aliases that are everyday words ("near", "link", "op", "cost") name their asset when written
//! in capitals or as a cashtag (`NEAR`, `$LINK`), or when a quote or "stock" follows. In
//! lowercase they count only when the text names no other instrument and the word opens the
//! text or a timeframe follows it ("dot 8h", "link daily"), so "is eth near resistance" stays
//! about Ethereum.
//! "perp" or "perpetual" anywhere in the text makes a coin's market the perpetual contract.
//! A name that is both an exchange and a company ("coinbase") is the company when "stock" or
//! "shares" follows it or when the text names no other instrument, and the exchange otherwise.

use super::assets::{
    Asset, AssetKind, BASE_ORDER, COINS, CURRENCIES, MAJORS, Market, QUOTES, VENUES, Venue,
};
use super::findings::{Finding, Findings};
use super::lexicon::Meaning;
use super::sentence::Sentence;
use super::tokenizer::TokenKind;

/// An instrument found in the text, before an exchange preference is applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Instrument {
    /// `EXCHANGE:SYMBOL` written in the text or sent in the `symbol` field.
    Explicit(String),
    Coin {
        asset: &'static Asset,
        quote: Option<&'static str>,
        perpetual: bool,
    },
    Listed(&'static Asset),
    Pair {
        base: &'static str,
        quote: &'static str,
    },
}

/// The symbol an instrument resolves to, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    pub symbol: String,
    pub explanation: String,
    pub warning: Option<String>,
}

impl Instrument {
    /// Returns the chart-img symbol, on `exchange` when one is preferred.
    pub(crate) fn resolve(&self, exchange: Option<&str>) -> Resolved {
        match self {
            Instrument::Explicit(symbol) => resolve_explicit(symbol, exchange),
            Instrument::Coin {
                asset,
                quote,
                perpetual,
            } => resolve_coin(asset, *quote, exchange, *perpetual),
            Instrument::Listed(asset) => resolve_listed(asset, exchange),
            Instrument::Pair { base, quote } => resolve_pair(base, quote, exchange),
        }
    }

    /// Returns a short name for warnings about instruments left out.
    pub(crate) fn label(&self) -> String {
        match self {
            Instrument::Explicit(symbol) => symbol.clone(),
            Instrument::Coin { asset, .. } | Instrument::Listed(asset) => asset.name.to_owned(),
            Instrument::Pair { base, quote } => format!("{base}/{quote}"),
        }
    }
}

/// Keeps an explicit symbol as written: it already names its exchange.
fn resolve_explicit(symbol: &str, exchange: Option<&str>) -> Resolved {
    let prefix = symbol.split_once(':').map_or("", |(prefix, _)| prefix);
    let warning = exchange.filter(|exchange| *exchange != prefix).map(|exchange| {
        format!("{symbol} names its own exchange, so the preferred exchange {exchange} is not applied")
    });
    Resolved {
        symbol: symbol.to_owned(),
        explanation: "written as EXCHANGE:SYMBOL".to_owned(),
        warning,
    }
}

/// Returns whether an exchange can list an asset of `kind`. An exchange missing from the venue
/// table is trusted to list it.
fn lists(exchange: &str, kind: AssetKind) -> bool {
    match find_venue(exchange).map(|venue| venue.market) {
        Some(Market::Crypto { .. }) => kind == AssetKind::Crypto,
        Some(Market::Stocks) => matches!(kind, AssetKind::Stock | AssetKind::Fund),
        Some(Market::Forex) => matches!(kind, AssetKind::Forex | AssetKind::Commodity),
        None => true,
    }
}

fn not_listed(exchange: &str, name: &str, symbol: &str) -> String {
    format!("exchange {exchange} does not list {name}, so {symbol} is charted")
}

fn resolve_coin(
    asset: &Asset,
    quote: Option<&'static str>,
    exchange: Option<&str>,
    perpetual: bool,
) -> Resolved {
    let mut warning = None;
    let exchange = match exchange {
        Some(exchange) if !lists(exchange, AssetKind::Crypto) => {
            let default = resolve_coin(asset, quote, None, perpetual);
            warning = Some(not_listed(exchange, asset.name, &default.symbol));
            None
        }
        other => other,
    };
    let venue_quote = exchange.and_then(|id| match find_venue(id)?.market {
        Market::Crypto { quote } => Some(quote),
        _ => None,
    });
    let quote_venue = quote.and_then(|code| {
        QUOTES
            .iter()
            .find(|(_, quote, _)| *quote == code)
            .map(|(_, _, venue)| *venue)
    });
    let chosen_quote = quote.or(venue_quote).unwrap_or("USDT");
    let chosen_venue = exchange.or(quote_venue).unwrap_or("BINANCE");

    let suffix = if perpetual && matches!(chosen_quote, "USDT" | "USDC") {
        ".P"
    } else {
        if perpetual {
            warning = Some(format!(
                "perpetual contracts are listed against USDT or USDC, so the {chosen_quote} spot market is charted instead"
            ));
        }
        ""
    };

    let mut explanation = asset.name.to_owned();
    explanation.push_str(match (quote, exchange) {
        (None, None) => "; coins default to Binance, quoted in USDT",
        (Some(_), None) => "; quoted as asked",
        (None, Some(_)) if venue_quote.is_some() => "; on the exchange asked, in its usual quote",
        _ => "; on the exchange asked",
    });
    if !suffix.is_empty() {
        explanation.push_str(", perpetual contract");
    }

    Resolved {
        symbol: format!("{chosen_venue}:{}{chosen_quote}{suffix}", asset.symbol),
        explanation,
        warning,
    }
}

fn resolve_listed(asset: &Asset, exchange: Option<&str>) -> Resolved {
    let (listing, ticker) = asset.symbol.split_once(':').unwrap_or(("", asset.symbol));
    let Some(exchange) = exchange.filter(|exchange| *exchange != listing) else {
        return Resolved {
            symbol: asset.symbol.to_owned(),
            explanation: listed_explanation(asset),
            warning: None,
        };
    };

    if !lists(exchange, asset.kind) {
        return Resolved {
            symbol: asset.symbol.to_owned(),
            explanation: listed_explanation(asset),
            warning: Some(not_listed(exchange, asset.name, asset.symbol)),
        };
    }
    Resolved {
        symbol: format!("{exchange}:{ticker}"),
        explanation: format!("{}, on the exchange asked", asset.name),
        warning: None,
    }
}

fn listed_explanation(asset: &Asset) -> String {
    match asset.kind {
        AssetKind::Stock | AssetKind::Fund => format!("{} on its listing exchange", asset.name),
        _ => asset.name.to_owned(),
    }
}

fn resolve_pair(base: &str, quote: &str, exchange: Option<&str>) -> Resolved {
    let metal = matches!(base, "XAU" | "XAG");
    let conventional = BASE_ORDER
        .iter()
        .position(|code| *code == base)
        .zip(BASE_ORDER.iter().position(|code| *code == quote))
        .is_some_and(|(base, quote)| base < quote);
    let feed = if metal {
        "OANDA"
    } else if conventional && MAJORS.contains(&base) && MAJORS.contains(&quote) {
        "FX"
    } else {
        "FX_IDC"
    };
    let name = format!("{base}/{quote}");
    let symbol = format!("{feed}:{base}{quote}");
    match exchange {
        Some(exchange) if !lists(exchange, AssetKind::Forex) => Resolved {
            warning: Some(not_listed(exchange, &name, &symbol)),
            symbol,
            explanation: format!("forex pair {name}"),
        },
        Some(exchange) => Resolved {
            symbol: format!("{exchange}:{base}{quote}"),
            explanation: format!("forex pair {name}, on the exchange asked"),
            warning: None,
        },
        None => Resolved {
            symbol,
            explanation: format!("forex pair {name}"),
            warning: None,
        },
    }
}

fn find_venue(id: &str) -> Option<&'static Venue> {
    VENUES.iter().find(|venue| venue.id == id)
}

/// A candidate instrument at a place in the text.
struct Candidate {
    instrument: Instrument,
    items: std::ops::Range<usize>,
    /// Whether the item could also be read as an exchange ("coinbase").
    also_venue: bool,
}

/// Finds the instrument and any exchange the text names, claiming their items.
pub(crate) fn find(sentence: &mut Sentence<'_>, findings: &mut Findings) {
    let mut candidates = Vec::new();
    let mut at = 0;

    while at < sentence.len() {
        match candidate_at(sentence, at) {
            Some(candidate) => {
                at = candidate.items.end;
                candidates.push(candidate);
            }
            None => at += 1,
        }
    }

    if candidates.is_empty() {
        candidates.extend(fallback_candidate(sentence));
    }

    let others_exist = candidates
        .iter()
        .filter(|candidate| !candidate.also_venue)
        .count()
        > 0;
    let mut chosen: Option<Candidate> = None;
    for candidate in candidates {
        let followed_by_cue =
            sentence.has(candidate.items.end, |meaning| *meaning == Meaning::StockCue);
        if candidate.also_venue && others_exist && !followed_by_cue {
            continue;
        }
        sentence.claim(candidate.items.clone());
        if followed_by_cue {
            sentence.claim(candidate.items.end..candidate.items.end + 1);
        }
        match &chosen {
            None => chosen = Some(candidate),
            Some(first) if first.instrument == candidate.instrument => {}
            Some(first) => findings.warnings.push(format!(
                "{} names {} as well; one chart shows one instrument, so {} is charted",
                sentence.quote(candidate.items.clone()),
                candidate.instrument.label(),
                first.instrument.label()
            )),
        }
    }

    for at in 0..sentence.len() {
        if !sentence.is_free(at) {
            continue;
        }
        let Some(venue) = sentence.find(at, |meaning| match meaning {
            Meaning::Venue(venue) => Some(*venue),
            _ => None,
        }) else {
            continue;
        };
        sentence.claim(at..at + 1);
        if findings.venue.is_none() {
            findings.venue = Some(Finding::new(venue.id, sentence.quote(at..at + 1)));
        }
    }

    if let Some(Candidate {
        instrument: Instrument::Coin { perpetual, .. },
        ..
    }) = &mut chosen
        && let Some(at) = (0..sentence.len()).find(|at| {
            sentence.is_free(*at) && sentence.has(*at, |meaning| *meaning == Meaning::Perpetual)
        })
    {
        *perpetual = true;
        sentence.claim(at..at + 1);
    }

    findings.unknown_tickers = unknown_tickers(sentence);
    findings.instrument = chosen.map(|candidate| {
        let mut source = sentence.quote(candidate.items.clone());
        if let Some(read_as) = sentence.items[candidate.items.start].read_as {
            source.push_str(&format!(", read as \"{read_as}\""));
        }
        Finding::new(candidate.instrument, source)
    });
}

/// Reads the instrument that starts at item `at`, if any.
fn candidate_at(sentence: &Sentence<'_>, at: usize) -> Option<Candidate> {
    if !sentence.is_free(at) {
        return None;
    }

    if let Some(token) = sentence.single_token(at)
        && let TokenKind::Symbol(symbol) = &token.kind
    {
        return Some(Candidate {
            instrument: Instrument::Explicit(symbol.clone()),
            items: at..at + 1,
            also_venue: false,
        });
    }

    if let Some(pair) = forex_pair_at(sentence, at) {
        return Some(pair);
    }

    if let Some(asset) = asset_at(sentence, at) {
        let also_venue = sentence.has(at, |meaning| matches!(meaning, Meaning::Venue(_)));
        if asset.kind == AssetKind::Crypto {
            return Some(coin_market_at(sentence, at, asset));
        }
        return Some(Candidate {
            instrument: Instrument::Listed(asset),
            items: at..at + 1,
            also_venue,
        });
    }

    joined_word_at(sentence, at)
}

/// Returns the asset item `at` names, applying the rule for everyday-word aliases.
fn asset_at(sentence: &Sentence<'_>, at: usize) -> Option<&'static Asset> {
    let (asset, ambiguous) = sentence.find(at, |meaning| match meaning {
        Meaning::Asset { asset, ambiguous } => Some((*asset, *ambiguous)),
        _ => None,
    })?;
    if !ambiguous {
        return Some(asset);
    }

    let token = sentence.single_token(at)?;
    let marked = token.capitals || token.prefix == Some('$');
    let next = at + 1;
    let cued = sentence.has(next, |meaning| {
        matches!(
            meaning,
            Meaning::StockCue | Meaning::Quote(_) | Meaning::Perpetual
        )
    }) || (asset.kind == AssetKind::Crypto
        && sentence.has(next, |meaning| *meaning == Meaning::PairJoin)
        && sentence.has(next + 1, |meaning| matches!(meaning, Meaning::Quote(_))));
    (marked || cued).then_some(asset)
}

/// Reads an everyday-word alias in lowercase as its asset when nothing else names an
/// instrument and the word opens the text or a timeframe follows it ("dot 8h", "link daily").
fn fallback_candidate(sentence: &Sentence<'_>) -> Option<Candidate> {
    (0..sentence.len()).find_map(|at| {
        if !sentence.is_free(at) {
            return None;
        }
        let asset = sentence.find(at, |meaning| match meaning {
            Meaning::Asset {
                asset,
                ambiguous: true,
            } => Some(*asset),
            _ => None,
        })?;
        let next = at + 1;
        let timeframe_follows = sentence.has(next, |meaning| {
            matches!(meaning, Meaning::Interval(_) | Meaning::ChartNoun)
        }) || sentence
            .single_token(next)
            .is_some_and(|token| matches!(token.kind, TokenKind::Quantity { .. }));
        if at != 0 && !timeframe_follows {
            return None;
        }
        let instrument = match asset.kind {
            AssetKind::Crypto => Instrument::Coin {
                asset,
                quote: None,
                perpetual: false,
            },
            _ => Instrument::Listed(asset),
        };
        Some(Candidate {
            instrument,
            items: at..next,
            also_venue: false,
        })
    })
}

/// Reads a coin and what follows it: a quote ("btc/usd", "eth in usdc", "sol usdt") and
/// "perp".
fn coin_market_at(sentence: &Sentence<'_>, at: usize, asset: &'static Asset) -> Candidate {
    let mut end = at + 1;
    let mut quote = None;

    let join_at = end;
    let quote_at = if sentence.has(join_at, |meaning| *meaning == Meaning::PairJoin) {
        join_at + 1
    } else {
        join_at
    };
    let glued = sentence
        .single_token(quote_at)
        .is_some_and(|token| token.glue.is_some());
    let joined = quote_at != join_at;
    if sentence.is_free(quote_at)
        && let Some(code) = sentence.find(quote_at, |meaning| match meaning {
            Meaning::Quote(code) => Some(*code),
            _ => None,
        })
        && code != asset.symbol
    {
        let crypto_quote =
            sentence.has(quote_at, |meaning| matches!(meaning, Meaning::Asset { .. }));
        if glued || joined || !crypto_quote {
            quote = Some(code);
            end = quote_at + 1;
        }
    }

    let perpetual =
        sentence.is_free(end) && sentence.has(end, |meaning| *meaning == Meaning::Perpetual);
    if perpetual {
        end += 1;
    }

    Candidate {
        instrument: Instrument::Coin {
            asset,
            quote,
            perpetual,
        },
        items: at..end,
        also_venue: false,
    }
}

/// Reads a forex pair written as two currencies: "EUR/USD", "eur usd", "euro dollar",
/// "aussie yen".
fn forex_pair_at(sentence: &Sentence<'_>, at: usize) -> Option<Candidate> {
    let currency = |index: usize| {
        sentence.find(index, |meaning| match meaning {
            Meaning::Currency(code) => Some(*code),
            _ => None,
        })
    };
    let base = currency(at)?;
    let mut quote_at = at + 1;
    if sentence.has(quote_at, |meaning| *meaning == Meaning::PairJoin) {
        quote_at += 1;
    }
    let quote = currency(quote_at).filter(|quote| *quote != base)?;
    if !sentence.is_free(quote_at) {
        return None;
    }
    Some(Candidate {
        instrument: Instrument::Pair { base, quote },
        items: at..quote_at + 1,
        also_venue: false,
    })
}

/// Reads a pair written as one word: a forex pair (`eurusd`, `xauusd`) or a coin with its
/// quote (`btcusdt`, `ethbtc`).
fn joined_word_at(sentence: &Sentence<'_>, at: usize) -> Option<Candidate> {
    let token = sentence.single_token(at)?;
    if token.kind != TokenKind::Word || !sentence.meanings(at).is_empty() {
        return None;
    }
    let word = token.key.as_str();

    if word.len() == 6 && word.is_ascii() {
        let (base, quote) = word.split_at(3);
        let code = |part: &str| {
            let upper = part.to_ascii_uppercase();
            CURRENCIES
                .iter()
                .chain(&[("xau", "XAU"), ("xag", "XAG")])
                .find(|(_, code)| *code == upper)
                .map(|(_, code)| *code)
        };
        if let (Some(base), Some(quote)) = (code(base), code(quote))
            && base != quote
        {
            return Some(Candidate {
                instrument: Instrument::Pair { base, quote },
                items: at..at + 1,
                also_venue: false,
            });
        }
    }

    for (quote_word, quote, _) in QUOTES {
        let Some(base) = word.strip_suffix(quote_word) else {
            continue;
        };
        let Some(asset) = COINS
            .iter()
            .find(|coin| coin.symbol.eq_ignore_ascii_case(base))
        else {
            continue;
        };
        return Some(Candidate {
            instrument: Instrument::Coin {
                asset,
                quote: Some(quote),
                perpetual: false,
            },
            items: at..at + 1,
            also_venue: false,
        });
    }
    None
}

/// Lists words that look like tickers but are in no table: cashtags (`$XYZ`) and unknown
/// words of 2 to 5 capitals.
fn unknown_tickers(sentence: &Sentence<'_>) -> Vec<String> {
    (0..sentence.len())
        .filter(|at| sentence.is_free(*at) && sentence.meanings(*at).is_empty())
        .filter_map(|at| {
            let token = sentence.single_token(at)?;
            let letters = token.key.chars().all(|letter| letter.is_ascii_alphabetic());
            let cashtag = token.prefix == Some('$') && letters;
            let capitals = token.capitals && letters && (2..=5).contains(&token.key.len());
            (token.kind == TokenKind::Word && (cashtag || capitals))
                .then(|| token.key.to_ascii_uppercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_coin_defaults_to_binance_usdt() {
        let bitcoin = &COINS[0];
        assert_eq!(
            resolve_coin(bitcoin, None, None, false).symbol,
            "BINANCE:BTCUSDT"
        );
        assert_eq!(
            resolve_coin(bitcoin, Some("USD"), None, false).symbol,
            "COINBASE:BTCUSD"
        );
        assert_eq!(
            resolve_coin(bitcoin, None, Some("COINBASE"), false).symbol,
            "COINBASE:BTCUSD"
        );
        assert_eq!(
            resolve_coin(bitcoin, None, None, true).symbol,
            "BINANCE:BTCUSDT.P"
        );
    }
    #[test]
    fn resolve_pair_picks_the_feed() {
        assert_eq!(resolve_pair("EUR", "USD", None).symbol, "FX:EURUSD");
        assert_eq!(resolve_pair("USD", "TRY", None).symbol, "FX_IDC:USDTRY");
        assert_eq!(resolve_pair("XAU", "USD", None).symbol, "OANDA:XAUUSD");
    }
}
