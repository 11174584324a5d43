//! Splits request text into tokens in one pass, so that nothing later scans the raw text again.
//!
//! Words come out in lowercase with a possessive `'s` removed ("Solana's" is `solana`), and
//! numbers with their value (`65,000` is 65000). A few shapes are recognised here because their
//! punctuation would otherwise split them: `EXCHANGE:SYMBOL` (`CME_MINI:ES1!`, `NYSE:BRK.B`),
//! clock times (`10:30`), ISO dates (`2025-03-01`) and sizes (`1920x1080`). A time or a date is
//! its own token, so it can never become a symbol or a number. Hyphens, slashes and apostrophes
//! join parts without making tokens of their own: "15-minute" is `15` and `minute`, and the
//! token after the joint remembers it in [`Token::glue`] ("eth/btc").

use std::ops::Range;

use chrono::NaiveDate;

use super::assets;

/// The kind of a token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// Letters, possibly with digits, `&` or a leading `%`: `rsi`, `h4`, `s&p`, `%r`.
    Word,
    /// A plain number: `21`, `2.5`, `65,000`.
    Number(f64),
    /// A number with letters attached: `15m`, `4H`, `1hr`, `65k`, `1st`, `10am`. The unit is a
    /// byte range of the original text, so its letter case is kept (`1M` is a month, `1m` a
    /// minute).
    Quantity { value: f64, unit: Range<usize> },
    /// An explicit `EXCHANGE:SYMBOL`, uppercased.
    Symbol(String),
    /// A clock time such as `10:30` or `9:15:00`.
    Time,
    /// An ISO date such as `2025-03-01` or `2025/03/01`.
    Date(NaiveDate),
    /// An image size such as `1920x1080`.
    Size { width: u32, height: u32 },
    /// Punctuation that ends a phrase: `, ; . ? ! : ( ) [ ] " `.
    Break(char),
}

/// One token and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The lowercase form that tables are looked up by, empty for tokens no table names.
    pub key: String,
    /// Whether a word was written in capitals (`NEAR`, `OP`), which marks it as a ticker.
    pub capitals: bool,
    /// A currency sign or `$` written directly before the token (`$65,000`, `$AAPL`).
    pub prefix: Option<char>,
    /// `/` or `-` written directly between the previous token and this one (`eth/btc`).
    pub glue: Option<char>,
}

/// Characters that end a phrase.
const BREAKS: &[char] = &[
    ',', ';', '.', '?', '!', ':', '(', ')', '[', ']', '"', '“', '”',
];

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut scanner = Scanner {
        text,
        position: 0,
        tokens: Vec::new(),
        glue: None,
        prefix: None,
    };
    scanner.run();
    scanner.tokens
}

struct Scanner<'t> {
    text: &'t str,
    position: usize,
    tokens: Vec<Token>,
    /// A joint seen since the last token, kept only when no space surrounds it.
    glue: Option<char>,
    /// A currency sign seen directly before the next token.
    prefix: Option<char>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while let Some(current) = self.peek(0) {
            let start = self.position;

            if current.is_whitespace() {
                self.glue = None;
                self.prefix = None;
                self.position += current.len_utf8();
                continue;
            }

            if matches!(current, '$' | '€' | '£') {
                self.prefix = Some(current);
                self.position += current.len_utf8();
                continue;
            }

            if matches!(
                current,
                '/' | '-' | '–' | '\'' | '’' | '_' | '=' | '*' | '#' | '~'
            ) {
                self.skip_joint(current);
                continue;
            }

            if current == '%' && !self.peek(1).is_some_and(char::is_alphabetic) {
                self.position += 1;
                continue;
            }

            if BREAKS.contains(&current) {
                self.position += current.len_utf8();
                self.push(TokenKind::Break(current), start, String::new(), false);
                continue;
            }

            if matches!(current, '+' | '&' | '@') {
                self.position += 1;
                self.push(TokenKind::Word, start, current.to_string(), false);
                continue;
            }

            if current.is_ascii_digit() {
                self.scan_numeric();
                continue;
            }

            if current.is_alphanumeric() || current == '%' {
                if !self.scan_symbol() {
                    self.scan_word();
                }
                continue;
            }

            self.glue = None;
            self.position += current.len_utf8();
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.text[self.position..].chars().nth(ahead)
    }

    fn push(&mut self, kind: TokenKind, start: usize, key: String, capitals: bool) {
        let glue = self.glue.take();
        let prefix = self.prefix.take();
        self.tokens.push(Token {
            kind,
            span: start..self.position,
            key,
            capitals,
            prefix,
            glue,
        });
    }

    /// Skips a hyphen, slash or other joint, remembering it when it sits between two tokens
    /// with no space around it.
    fn skip_joint(&mut self, joint: char) {
        let touches_previous = self
            .tokens
            .last()
            .is_some_and(|token| token.span.end == self.position);
        self.position += joint.len_utf8();
        let touches_next = self.peek(0).is_some_and(|next| !next.is_whitespace());
        self.glue = match joint {
            '/' | '-' | '–' if touches_previous && touches_next => Some(joint),
            _ => None,
        };
    }

    /// Reads a word: letters and digits, `&` between letters (`s&p`), a leading `%` (`%r`),
    /// and apostrophes, which are dropped (`don't` is `dont`) except that a final `'s` is
    /// removed (`solana's` is `solana`). A `!` right after a digit stays (`es1!`).
    fn scan_word(&mut self) {
        let start = self.position;
        let mut key = String::new();
        let mut letters = 0;
        let mut capitals = 0;

        while let Some(current) = self.peek(0) {
            let next = self.peek(1);
            if current.is_alphanumeric() || (current == '%' && key.is_empty()) {
                if current.is_alphabetic() {
                    letters += 1;
                    if current.is_uppercase() {
                        capitals += 1;
                    }
                }
                key.extend(current.to_lowercase());
                self.position += current.len_utf8();
            } else if current == '&' && next.is_some_and(char::is_alphanumeric) && !key.is_empty() {
                key.push('&');
                self.position += 1;
            } else if matches!(current, '\'' | '’') && next.is_some_and(char::is_alphabetic) {
                let after = self.peek(2);
                if matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric) {
                    let end = self.position;
                    self.position += current.len_utf8() + 1;
                    self.push_word(start, end, key, letters, capitals);
                    return;
                }
                self.position += current.len_utf8();
            } else if current == '!'
                && key.ends_with(|last: char| last.is_ascii_digit())
                && !next.is_some_and(char::is_alphanumeric)
            {
                key.push('!');
                self.position += 1;
            } else {
                break;
            }
        }

        let end = self.position;
        self.push_word(start, end, key, letters, capitals);
    }

    fn push_word(&mut self, start: usize, end: usize, key: String, letters: u32, capitals: u32) {
        let glue = self.glue.take();
        let prefix = self.prefix.take();
        self.tokens.push(Token {
            kind: TokenKind::Word,
            span: start..end,
            key,
            capitals: letters >= 2 && capitals == letters,
            prefix,
            glue,
        });
    }

    /// Reads `EXCHANGE:SYMBOL` when the text has one here. The exchange must be in the exchange
    /// table, or be written in capitals with a symbol that contains a letter, so that
    /// "note: btc" and "rsi:14" stay words. A trailing `.` ends a sentence rather than the
    /// symbol, and a trailing `!` is kept only after a digit, as in continuous futures (`ES1!`).
    fn scan_symbol(&mut self) -> bool {
        let rest = &self.text[self.position..];
        let exchange_length = rest
            .find(|current: char| !(current.is_ascii_alphanumeric() || current == '_'))
            .unwrap_or(rest.len());
        if exchange_length == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            return false;
        }
        if rest.as_bytes().get(exchange_length) != Some(&b':') {
            return false;
        }

        let after_colon = &rest[exchange_length + 1..];
        let mut symbol_length = after_colon
            .find(|current: char| {
                !(current.is_ascii_alphanumeric() || matches!(current, '_' | '.' | '!'))
            })
            .unwrap_or(after_colon.len());
        let symbol_bytes = after_colon.as_bytes();
        while symbol_length > 0 {
            let last = symbol_bytes[symbol_length - 1];
            let keep_bang = last == b'!'
                && symbol_length >= 2
                && symbol_bytes[symbol_length - 2].is_ascii_digit();
            if last == b'.' || (last == b'!' && !keep_bang) {
                symbol_length -= 1;
            } else {
                break;
            }
        }
        if symbol_length == 0 || !symbol_bytes[0].is_ascii_alphanumeric() {
            return false;
        }

        let exchange = &rest[..exchange_length];
        let symbol = &after_colon[..symbol_length];
        let exchange_upper = exchange.to_ascii_uppercase();
        let known = assets::is_exchange_id(&exchange_upper);
        let written_as_id = exchange.bytes().all(|byte| !byte.is_ascii_lowercase())
            && symbol.bytes().any(|byte| byte.is_ascii_alphabetic());
        if !known && !written_as_id {
            return false;
        }

        let start = self.position;
        self.position += exchange_length + 1 + symbol_length;
        let full = format!("{exchange_upper}:{}", symbol.to_ascii_uppercase());
        self.push(TokenKind::Symbol(full), start, String::new(), true);
        true
    }

    /// Reads what starts with a digit: a time, a date, a size, or a number with optional
    /// letters attached.
    fn scan_numeric(&mut self) {
        let start = self.position;
        let rest = &self.text[start..];

        if let Some(length) = time_length(rest) {
            self.position += length;
            self.push(TokenKind::Time, start, String::new(), false);
            return;
        }

        if let Some((length, date)) = iso_date(rest) {
            self.position += length;
            self.push(TokenKind::Date(date), start, String::new(), false);
            return;
        }

        if let Some((length, width, height)) = size(rest) {
            self.position += length;
            self.push(
                TokenKind::Size { width, height },
                start,
                String::new(),
                false,
            );
            return;
        }

        let (length, value, digits) = number(rest);
        self.position += length;

        let unit_start = self.position;
        let unit_length = self.text[unit_start..]
            .find(|current: char| !current.is_alphabetic())
            .unwrap_or(self.text.len() - unit_start);
        if unit_length == 0 {
            self.push(TokenKind::Number(value), start, digits, false);
            return;
        }

        self.position += unit_length;
        let unit = unit_start..self.position;
        let key = format!("{digits}{}", self.text[unit.clone()].to_lowercase());
        self.push(TokenKind::Quantity { value, unit }, start, key, false);
    }
}

/// Returns the byte length of a clock time (`9:30`, `10:30`, `10:30:15`) at the start of
/// `text`.
fn time_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let hour_digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if !(1..=2).contains(&hour_digits) || bytes.get(hour_digits) != Some(&b':') {
        return None;
    }
    let mut length = hour_digits;
    for _ in 0..2 {
        if bytes.get(length) != Some(&b':') {
            break;
        }
        let digits = &bytes[length + 1..];
        if digits
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count()
            != 2
        {
            break;
        }
        length += 3;
    }
    (length > hour_digits).then_some(length)
}

/// Reads `YYYY-MM-DD` or `YYYY/MM/DD` at the start of `text`.
fn iso_date(text: &str) -> Option<(usize, NaiveDate)> {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let separator = bytes[4];
    if separator != b'-' && separator != b'/' {
        return None;
    }
    let month_digits = bytes[5..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    let day_start = 5 + month_digits + 1;
    if !(1..=2).contains(&month_digits) || bytes.get(day_start - 1) != Some(&separator) {
        return None;
    }
    let day_digits = bytes[day_start..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if !(1..=2).contains(&day_digits) {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = text[5..5 + month_digits].parse().ok()?;
    let day = text[day_start..day_start + day_digits].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some((day_start + day_digits, date))
}

/// Reads `WIDTHxHEIGHT` (`1920x1080`, `1920×1080`) at the start of `text`.
fn size(text: &str) -> Option<(usize, u32, u32)> {
    let width_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[width_digits..];
    let separator = rest.chars().next()?;
    if !matches!(separator, 'x' | 'X' | '×') {
        return None;
    }
    let after = &rest[separator.len_utf8()..];
    let height_digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if !(2..=5).contains(&width_digits) || !(2..=5).contains(&height_digits) {
        return None;
    }
    if after[height_digits..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let width = text[..width_digits].parse().ok()?;
    let height = after[..height_digits].parse().ok()?;
    Some((
        width_digits + separator.len_utf8() + height_digits,
        width,
        height,
    ))
}

/// Reads a number at the start of `text`: digits, thousands groups (`65,000`) and a decimal
/// part (`2.5`). Returns its byte length, its value and its digits without separators.
fn number(text: &str) -> (usize, f64, String) {
    let bytes = text.as_bytes();
    let mut digits = String::new();
    let mut length = 0;

    while length < bytes.len() && bytes[length].is_ascii_digit() {
        digits.push(bytes[length] as char);
        length += 1;
    }

    while is_thousands_group(&bytes[length..]) {
        digits.push_str(&text[length + 1..length + 4]);
        length += 4;
    }

    if bytes.get(length) == Some(&b'.') && bytes.get(length + 1).is_some_and(u8::is_ascii_digit) {
        digits.push('.');
        length += 1;
        while length < bytes.len() && bytes[length].is_ascii_digit() {
            digits.push(bytes[length] as char);
            length += 1;
        }
    }

    let value = digits.parse().unwrap_or(f64::MAX);
    (length, value, digits)
}

/// Returns whether `bytes` starts with `,ddd` and no fourth digit, as in `65,000`.
fn is_thousands_group(bytes: &[u8]) -> bool {
    bytes.len() >= 4
        && bytes[0] == b','
        && bytes[1..4].iter().all(u8::is_ascii_digit)
        && !bytes.get(4).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|token| match token.kind {
                TokenKind::Symbol(symbol) => symbol,
                TokenKind::Break(mark) => mark.to_string(),
                TokenKind::Time => "<time>".to_owned(),
                TokenKind::Date(date) => date.to_string(),
                TokenKind::Size { width, height } => format!("{width}x{height}"),
                _ => token.key,
            })
            .collect()
    }

    #[test]
    fn tokenize_lowercases_and_strips_possessives() {
        assert_eq!(keys("Solana's daily"), ["solana", "daily"]);
        assert_eq!(keys("apple’s momentum"), ["apple", "momentum"]);
        assert_eq!(keys("don't"), ["dont"]);
    }

    #[test]
    fn tokenize_keeps_explicit_symbols() {
        assert_eq!(keys("CME_MINI:ES1! 5m"), ["CME_MINI:ES1!", "5m"]);
        assert_eq!(keys("NYSE:BRK.B."), ["NYSE:BRK.B", "."]);
        assert_eq!(keys("binance:btcusdt.p"), ["BINANCE:BTCUSDT.P"]);
        assert_eq!(keys("NYMEX:CL1!"), ["NYMEX:CL1!"]);
    }

    #[test]
    fn tokenize_drops_bang_after_letters() {
        assert_eq!(keys("NASDAQ:AAPL!"), ["NASDAQ:AAPL", "!"]);
    }

    #[test]
    fn tokenize_rejects_symbol_lookalikes() {
        assert_eq!(keys("note: btc"), ["note", ":", "btc"]);
        assert_eq!(keys("rsi:14"), ["rsi", ":", "14"]);
    }

    #[test]
    fn tokenize_reads_times_dates_and_sizes() {
        assert_eq!(keys("btc at 10:30?"), ["btc", "at", "<time>", "?"]);
        assert_eq!(keys("since 2025-03-01"), ["since", "2025-03-01"]);
        assert_eq!(keys("1920x1080 dark"), ["1920x1080", "dark"]);
    }

    #[test]
    fn tokenize_reads_grouped_and_decimal_numbers() {
        let tokens = tokenize("above 65,000 and 2.5");
        assert_eq!(tokens[1].kind, TokenKind::Number(65_000.0));
        assert_eq!(tokens[3].kind, TokenKind::Number(2.5));
    }

    #[test]
    fn tokenize_keeps_list_commas() {
        assert_eq!(keys("9, 21 and 55"), ["9", ",", "21", "and", "55"]);
    }

    #[test]
    fn tokenize_keeps_unit_case() {
        let text = "1M 15m";
        let tokens = tokenize(text);
        let TokenKind::Quantity { unit, .. } = &tokens[0].kind else {
            panic!("expected a quantity")
        };
        assert_eq!(&text[unit.clone()], "M");
        assert_eq!(tokens[1].key, "15m");
    }

    #[test]
    fn tokenize_records_glue() {
        let tokens = tokenize("eth/btc 15-minute eth / btc");
        assert_eq!(tokens[1].glue, Some('/'));
        assert_eq!(tokens[3].glue, Some('-'));
        assert_eq!(tokens[5].glue, None);
    }

    #[test]
    fn tokenize_joins_ampersand_words() {
        assert_eq!(keys("S&P 500"), ["s&p", "500"]);
        assert_eq!(keys("rsi & macd"), ["rsi", "&", "macd"]);
        assert_eq!(keys("williams %r"), ["williams", "%r"]);
    }

    #[test]
    fn tokenize_marks_capitals_and_cashtags() {
        let tokens = tokenize("is $NEAR near");
        assert!(tokens[1].capitals);
        assert_eq!(tokens[1].prefix, Some('$'));
        assert!(!tokens[2].capitals);
    }

    #[test]
    fn tokenize_survives_odd_text() {
        for text in [
            "",
            "::",
            "1:",
            "12345678901234567890x1",
            "$",
            "'s",
            "ǅ'ß",
            "9,99,999",
        ] {
            tokenize(text);
        }
    }
}
