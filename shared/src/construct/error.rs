//! The reasons a construct request cannot become a chart. Every case is the caller's to fix,
//! and each message names the field and the fix.

/// A construct request that cannot become a chart config.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConstructError {
    #[error(
        "naturalLanguage is empty; describe the chart, for example \"BTC 4h with RSI, last month\""
    )]
    EmptyText,

    #[error(
        "naturalLanguage is {length} characters long; the maximum is 2,000, so shorten the request"
    )]
    TextTooLong { length: usize },

    /// A field of the request has a value the service cannot use.
    #[error("{field}: invalid value `{value}`; {expected}")]
    InvalidField {
        field: &'static str,
        value: String,
        expected: String,
    },

    /// The text names no instrument the service recognises.
    #[error(
        "no instrument found in naturalLanguage{hint}; name one as EXCHANGE:SYMBOL (for example BINANCE:BTCUSDT or NASDAQ:AAPL), use a known name or ticker (bitcoin, AAPL, EUR/USD, gold), or send the symbol field"
    )]
    NoInstrument {
        /// Words that looked like tickers, such as ` ("SOFI" is not a ticker this service knows)`.
        hint: String,
    },
}

impl ConstructError {
    /// Returns the request field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            ConstructError::EmptyText
            | ConstructError::TextTooLong { .. }
            | ConstructError::NoInstrument { .. } => "naturalLanguage",
            ConstructError::InvalidField { field, .. } => field,
        }
    }

    pub(crate) fn no_instrument(unknown_tickers: &[String]) -> Self {
        let hint = match unknown_tickers {
            [] => String::new(),
            [one] => format!(" (\"{one}\" is not a ticker this service knows)"),
            many => format!(
                " ({} are not tickers this service knows)",
                many.iter()
                    .map(|ticker| format!("\"{ticker}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        ConstructError::NoInstrument { hint }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_instrument_says_how_to_name_one() {
        let message = ConstructError::no_instrument(&[]).to_string();
        assert!(message.contains("BINANCE:BTCUSDT"), "{message}");
        assert!(message.contains("symbol field"), "{message}");
    }

    #[test]
    fn no_instrument_names_unknown_tickers() {
        let message = ConstructError::no_instrument(&["SOFI".to_owned()]).to_string();
        assert!(message.contains("\"SOFI\""), "{message}");
    }

    #[test]
    fn field_names_the_request_field() {
        let error = ConstructError::InvalidField {
            field: "preferences.resolution",
            value: "big".into(),
            expected: "use WIDTHxHEIGHT".into(),
        };
        assert_eq!(error.field(), "preferences.resolution");
        assert_eq!(ConstructError::EmptyText.field(), "naturalLanguage");
    }
}
