//! The `symbol` field: `EXCHANGE:TICKER`, or a formula of such symbols and numbers.
//!
//! An exchange is letters, digits and `_` (`CME_MINI`); a ticker adds `!` and `.`
//! (`ES1!`, `BTCUSDT.P`, `BRK.B`). A formula combines symbols and numbers with `+ - * /` and
//! parentheses, as in `(NASDAQ:MARA+NASDAQ:RIOT)/10`.

/// Maximum length of a symbol or formula, in bytes.
const MAX_LENGTH: usize = 200;

/// A symbol that may be drawn, with a note when it would likely not resolve.
#[derive(Debug, PartialEq)]
pub(super) struct Checked {
    /// A warning to pass on, such as lowercase letters in a ticker.
    pub warning: Option<String>,
}

/// Checks a symbol or formula, returning why it is invalid.
pub(super) fn check(text: &str) -> Result<Checked, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("must not be empty; write EXCHANGE:TICKER, such as `NASDAQ:AAPL`".to_owned());
    }
    if text.len() > MAX_LENGTH {
        return Err(format!(
            "is {} characters long; the limit is {MAX_LENGTH}",
            text.len()
        ));
    }

    let tokens = tokenize(text)?;
    let symbols: Vec<&str> = tokens
        .iter()
        .filter_map(|token| match token {
            Token::Symbol(symbol) => Some(*symbol),
            _ => None,
        })
        .collect();
    if symbols.is_empty() && tokens.len() > 1 {
        return Err("is a formula without a symbol; name at least one EXCHANGE:TICKER".to_owned());
    }
    if symbols.is_empty() {
        return Err(missing_exchange(text));
    }
    if tokens.len() > 1 {
        check_formula(&tokens)?;
    }

    let lowercase: Vec<&str> = symbols
        .iter()
        .copied()
        .filter(|symbol| {
            symbol
                .chars()
                .any(|character| character.is_ascii_lowercase())
        })
        .collect();
    let warning = (!lowercase.is_empty()).then(|| {
        format!(
            "TradingView symbols are uppercase, so `{}` may not resolve; write `{}`",
            lowercase[0],
            lowercase[0].to_ascii_uppercase()
        )
    });
    Ok(Checked { warning })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Symbol(&'a str),
    Number,
    Operator(char),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token<'_>>, String> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        if first.is_whitespace() {
            rest = &rest[first.len_utf8()..];
            continue;
        }
        let token = match first {
            '+' | '-' | '*' | '/' => Token::Operator(first),
            '(' => Token::Open,
            ')' => Token::Close,
            _ if is_word_char(first) => {
                let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                let word = &rest[..end];
                rest = &rest[end..];
                tokens.push(classify_word(word)?);
                continue;
            }
            other => {
                return Err(format!(
                    "contains `{other}`, which a symbol cannot; write EXCHANGE:TICKER with \
                     letters, digits, `!`, `.` and `_`, or a formula with + - * / and parentheses"
                ));
            }
        };
        tokens.push(token);
        rest = &rest[first.len_utf8()..];
    }
    Ok(tokens)
}

fn is_word_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '!' | ':')
}

fn classify_word(word: &str) -> Result<Token<'_>, String> {
    if !word.contains(':') {
        if word.parse::<f64>().is_ok() {
            return Ok(Token::Number);
        }
        return Err(missing_exchange(word));
    }

    let (exchange, ticker) = word.split_once(':').unwrap_or((word, ""));
    if exchange.is_empty()
        || !exchange
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!(
            "`{word}` has an invalid exchange `{exchange}`; an exchange is letters, digits and \
             `_`, such as `CME_MINI`"
        ));
    }
    if ticker.is_empty()
        || ticker.contains(':')
        || ticker.starts_with('.')
        || !ticker
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '!'))
    {
        return Err(format!(
            "`{word}` has an invalid ticker `{ticker}`; a ticker is letters, digits, `!`, `.` \
             and `_`, such as `ES1!` or `BRK.B`"
        ));
    }
    Ok(Token::Symbol(word))
}

fn missing_exchange(word: &str) -> String {
    format!(
        "`{word}` has no exchange prefix; write EXCHANGE:TICKER, such as `BINANCE:{}` or \
         `NASDAQ:{}`",
        word.to_ascii_uppercase(),
        word.to_ascii_uppercase()
    )
}

/// Checks that operands and operators alternate and parentheses balance.
fn check_formula(tokens: &[Token<'_>]) -> Result<(), String> {
    let mut depth = 0usize;
    let mut expect_operand = true;
    for token in tokens {
        match (token, expect_operand) {
            (Token::Symbol(_) | Token::Number, true) => expect_operand = false,
            (Token::Open, true) => depth += 1,
            (Token::Operator(_), false) => expect_operand = true,
            (Token::Close, false) if depth > 0 => depth -= 1,
            (Token::Close, false) => {
                return Err("has a `)` without a matching `(`".to_owned());
            }
            (Token::Symbol(symbol), false) => {
                return Err(format!(
                    "needs an operator (+ - * /) before `{symbol}`; a formula looks like \
                     `(NASDAQ:MARA+NASDAQ:RIOT)/10`"
                ));
            }
            _ => {
                return Err(
                    "is not a valid formula; a formula looks like `(NASDAQ:MARA+NASDAQ:RIOT)/10`"
                        .to_owned(),
                );
            }
        }
    }
    if expect_operand {
        return Err("ends with an operator; a formula ends with a symbol, a number or `)`".into());
    }
    if depth > 0 {
        return Err("has a `(` without a matching `)`".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_symbols() {
        for symbol in [
            "BINANCE:BTCUSDT",
            "CME_MINI:ES1!",
            "BINANCE:BTCUSDT.P",
            "NYSE:BRK.B",
            "NYMEX:CL1!",
            "(NASDAQ:MARA+NASDAQ:RIOT)/10",
            "BINANCE:ETHUSDT / BINANCE:BTCUSDT",
            "0.5 * TVC:DXY",
        ] {
            assert_eq!(check(symbol), Ok(Checked { warning: None }), "{symbol}");
        }
    }

    #[test]
    fn rejects_missing_exchange() {
        let error = check("BTCUSDT").unwrap_err();
        assert!(error.contains("BINANCE:BTCUSDT"), "{error}");
    }

    #[test]
    fn rejects_bad_characters() {
        let error = check("NASDAQ:AAPL$").unwrap_err();
        assert!(error.contains("`$`"), "{error}");
    }

    #[test]
    fn rejects_empty_parts() {
        assert!(check("NASDAQ:").is_err());
        assert!(check(":AAPL").is_err());
        assert!(check("A:B:C").is_err());
    }

    #[test]
    fn rejects_broken_formulas() {
        for formula in [
            "(NASDAQ:MARA+NASDAQ:RIOT",
            "NASDAQ:MARA+NASDAQ:RIOT)",
            "NASDAQ:MARA+",
            "NASDAQ:MARA NASDAQ:RIOT",
            "NASDAQ:MARA*/2",
            "1+2",
            "-TVC:DXY",
        ] {
            assert!(check(formula).is_err(), "{formula}");
        }
    }

    #[test]
    fn warns_about_lowercase() {
        let checked = check("binance:btcusdt").unwrap();
        let warning = checked.warning.unwrap();
        assert!(warning.contains("BINANCE:BTCUSDT"), "{warning}");
    }

    #[test]
    fn rejects_over_long_text() {
        let long = format!("NASDAQ:{}", "A".repeat(MAX_LENGTH));
        assert!(check(&long).is_err());
    }
}
