//! The `symbol` values chart-img accepts: one `EXCHANGE:SYMBOL` ticker, or a formula of
//! tickers and numbers joined by `+ - * /` with parentheses, such as
//! `(NASDAQ:MARA+NASDAQ:RIOT)/10`.
//!
//! An exchange is letters, digits and `_` (`CME_MINI`). A symbol adds `!` and `.` to those
//! (`ES1!`, `BTCUSDT.P`, `BRK.B`). A formula must name at least one ticker.

/// Returns whether chart-img accepts `text` as a symbol.
pub(crate) fn is_valid(text: &str) -> bool {
    let Some(tokens) = tokenize(text) else {
        return false;
    };
    if !tokens.contains(&Token::Ticker) {
        return false;
    }

    let mut parser = Parser {
        tokens: &tokens,
        position: 0,
    };
    parser.sum() && parser.position == tokens.len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Ticker,
    Number,
    Plus,
    Minus,
    Times,
    Divide,
    Open,
    Close,
}

fn is_exchange_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || character == '_'
}

fn is_symbol_char(character: char) -> bool {
    is_exchange_char(character) || character == '!' || character == '.'
}

fn is_number(word: &str) -> bool {
    let mut parts = word.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// Splits `text` into tokens, or returns `None` at the first character no token can contain.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut rest = text;

    while let Some(character) = rest.chars().next() {
        let operator = match character {
            '+' => Some(Token::Plus),
            '-' => Some(Token::Minus),
            '*' => Some(Token::Times),
            '/' => Some(Token::Divide),
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            _ => None,
        };
        if let Some(operator) = operator {
            tokens.push(operator);
            rest = &rest[1..];
            continue;
        }
        if character == ' ' {
            rest = &rest[1..];
            continue;
        }

        let word_end = rest
            .find(|c: char| !is_symbol_char(c))
            .unwrap_or(rest.len());
        if word_end == 0 {
            return None;
        }
        let word = &rest[..word_end];
        rest = &rest[word_end..];

        let Some(after_colon) = rest.strip_prefix(':') else {
            if !is_number(word) {
                return None;
            }
            tokens.push(Token::Number);
            continue;
        };
        if !word.chars().all(is_exchange_char) {
            return None;
        }
        let symbol_end = after_colon
            .find(|c: char| !is_symbol_char(c))
            .unwrap_or(after_colon.len());
        if symbol_end == 0 {
            return None;
        }
        tokens.push(Token::Ticker);
        rest = &after_colon[symbol_end..];
    }

    Some(tokens)
}

/// A recursive-descent parser over the grammar
/// `sum = product (("+" | "-") product)*`, `product = unary (("*" | "/") unary)*`,
/// `unary = "-" unary | operand`, `operand = ticker | number | "(" sum ")"`.
/// Each method returns whether its rule matched at the current position.
struct Parser<'a> {
    tokens: &'a [Token],
    position: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.position).copied()
    }

    fn take(&mut self, expected: &[Token]) -> bool {
        let matched = self.peek().is_some_and(|token| expected.contains(&token));
        if matched {
            self.position += 1;
        }
        matched
    }

    fn sum(&mut self) -> bool {
        if !self.product() {
            return false;
        }
        while self.take(&[Token::Plus, Token::Minus]) {
            if !self.product() {
                return false;
            }
        }
        true
    }

    fn product(&mut self) -> bool {
        if !self.unary() {
            return false;
        }
        while self.take(&[Token::Times, Token::Divide]) {
            if !self.unary() {
                return false;
            }
        }
        true
    }

    fn unary(&mut self) -> bool {
        if self.take(&[Token::Minus]) {
            return self.unary();
        }
        self.operand()
    }

    fn operand(&mut self) -> bool {
        if self.take(&[Token::Ticker, Token::Number]) {
            return true;
        }
        if !self.take(&[Token::Open]) {
            return false;
        }
        self.sum() && self.take(&[Token::Close])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_valid_accepts_tickers() {
        for symbol in [
            "BINANCE:BTCUSDT",
            "CME_MINI:ES1!",
            "BINANCE:BTCUSDT.P",
            "NYSE:BRK.B",
            "FX:EURUSD",
            "TVC:DXY",
        ] {
            assert!(is_valid(symbol), "{symbol}");
        }
    }

    #[test]
    fn is_valid_accepts_formulas() {
        for formula in [
            "(NASDAQ:MARA+NASDAQ:RIOT)/10",
            "BINANCE:BTCUSDT/BINANCE:ETHUSDT",
            "NASDAQ:AAPL * 2 - NASDAQ:MSFT",
            "-NASDAQ:AAPL",
            "((NYSE:BRK.B))",
            "BINANCE:BTCUSDT*0.5",
        ] {
            assert!(is_valid(formula), "{formula}");
        }
    }

    #[test]
    fn is_valid_rejects_malformed() {
        for symbol in [
            "",
            "BTCUSDT",
            "BINANCE:",
            ":BTCUSDT",
            "BINANCE:BTC USDT",
            "BINANCE:BTC$",
            "BIN.ANCE:BTCUSDT",
            "BINANCE:BTCUSDT:X",
            "(NASDAQ:MARA+NASDAQ:RIOT",
            "NASDAQ:MARA+",
            "NASDAQ:MARA NASDAQ:RIOT",
            "1+2",
            "()",
            "NASDAQ:MARA/1.2.3",
        ] {
            assert!(!is_valid(symbol), "{symbol:?}");
        }
    }
}
