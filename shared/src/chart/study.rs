//! chart-img's studies (indicators): exact names, the words people use for them, and the inputs
//! each one reads with their valid values.

/// What values one study input accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputKind {
    /// A whole number such as a length, inclusive bounds.
    Integer {
        min: i64,
        max: i64,
        default: i64,
    },
    /// A decimal number such as a multiplier, inclusive bounds.
    Number {
        min: f64,
        max: f64,
        default: f64,
    },
    /// A price source: `open`, `high`, `low`, `close`, `hl2`, `hlc3` or `ohlc4`.
    Source,
    Boolean,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
}

/// One input of a study, under the key chart-img reads it from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputSpec {
    pub key: &'static str,
    pub kind: InputKind,
}

/// One study chart-img can draw.
#[derive(Debug)]
pub struct StudySpec {
    /// The exact name chart-img expects.
    pub name: &'static str,
    /// Lowercase words and phrases that name this study in a request, such as `rsi`.
    pub aliases: &'static [&'static str],
    /// The inputs chart-img reads, in the order that bare numbers after the study's name fill
    /// them ("MACD 8 21 5"). Empty when the study takes no inputs.
    pub inputs: &'static [InputSpec],
}

/// Source choices accepted by studies with a `source` input.
pub const SOURCES: &[&str] = &["open", "high", "low", "close", "hl2", "hlc3", "ohlc4"];

const fn integer(key: &'static str, min: i64, max: i64, default: i64) -> InputSpec {
    InputSpec {
        key,
        kind: InputKind::Integer { min, max, default },
    }
}

const fn number(key: &'static str, min: f64, max: f64, default: f64) -> InputSpec {
    InputSpec {
        key,
        kind: InputKind::Number { min, max, default },
    }
}

const fn source(key: &'static str) -> InputSpec {
    InputSpec {
        key,
        kind: InputKind::Source,
    }
}

/// The longest lookback TradingView accepts for a length input.
const MAX_LENGTH: i64 = 5000;

macro_rules! study {
    ($name:literal, [$($alias:literal),* $(,)?], [$($input:expr),* $(,)?]) => {
        StudySpec { name: $name, aliases: &[$($alias),*], inputs: &[$($input),*] }
    };
}

/// Every study chart-img documents, in its alphabetical order.
// NOTE: inputs are filled in for the studies whose input keys chart-img documents; the others
// are listed with no inputs until their keys are confirmed.
pub const STUDIES: &[StudySpec] = &[
    study!("Accumulation/Distribution", [], []),
    study!("Accumulative Swing Index", [], []),
    study!("Advance/Decline", [], []),
    study!("Arnaud Legoux Moving Average", [], []),
    study!("Aroon", [], []),
    study!("Average Directional Index", [], []),
    study!(
        "Average True Range",
        [],
        [integer("in_0", 1, MAX_LENGTH, 14)]
    ),
    study!("Awesome Oscillator", [], []),
    study!("Balance of Power", [], []),
    study!(
        "Bollinger Bands",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 20),
            number("in_1", 0.001, 50.0, 2.0)
        ]
    ),
    study!("Bollinger Bands %B", [], []),
    study!("Bollinger Bands Width", [], []),
    study!("Chaikin Money Flow", [], []),
    study!("Chaikin Oscillator", [], []),
    study!("Chaikin Volatility", [], []),
    study!("Chande Kroll Stop", [], []),
    study!("Chande Momentum Oscillator", [], []),
    study!("Chop Zone", [], []),
    study!("Choppiness Index", [], []),
    study!(
        "Commodity Channel Index",
        [],
        [integer("in_0", 1, MAX_LENGTH, 20)]
    ),
    study!("Connors RSI", [], []),
    study!("Coppock Curve", [], []),
    study!("Detrended Price Oscillator", [], []),
    study!("Directional Movement", [], []),
    study!("Donchian Channels", [], []),
    study!("Double EMA", [], []),
    study!("Ease of Movement", [], []),
    study!("Elder's Force Index", [], []),
    study!("Envelopes", [], []),
    study!("Fisher Transform", [], []),
    study!("Historical Volatility", [], []),
    study!("Hull Moving Average", [], []),
    study!(
        "Ichimoku Cloud",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 9),
            integer("in_1", 1, MAX_LENGTH, 26),
            integer("in_2", 1, MAX_LENGTH, 52),
            integer("in_3", 1, MAX_LENGTH, 26),
        ]
    ),
    study!("Keltner Channels", [], []),
    study!("Klinger Oscillator", [], []),
    study!("Know Sure Thing", [], []),
    study!("Least Squares Moving Average", [], []),
    study!("Linear Regression Curve", [], []),
    study!("Linear Regression Slope", [], []),
    study!("MA Cross", [], []),
    study!("MA with EMA Cross", [], []),
    study!(
        "MACD",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 12),
            integer("in_1", 1, MAX_LENGTH, 26),
            integer("in_2", 1, 50, 9),
            source("in_3"),
        ]
    ),
    study!("Majority Rule", [], []),
    study!("Mass Index", [], []),
    study!("McGinley Dynamic", [], []),
    study!("Momentum", [], []),
    study!("Money Flow Index", [], []),
    study!(
        "Moving Average",
        [],
        [
            integer("length", 1, MAX_LENGTH, 9),
            source("source"),
            integer("offset", -500, 500, 0)
        ]
    ),
    study!("Moving Average Adaptive", [], []),
    study!("Moving Average Channel", [], []),
    study!("Moving Average Double", [], []),
    study!(
        "Moving Average Exponential",
        [],
        [
            integer("length", 1, MAX_LENGTH, 9),
            source("source"),
            integer("offset", -500, 500, 0)
        ]
    ),
    study!("Moving Average Hamming", [], []),
    study!("Moving Average Multiple", [], []),
    study!("Moving Average Triple", [], []),
    study!(
        "Moving Average Weighted",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 9),
            source("in_1"),
            integer("in_2", -500, 500, 0)
        ]
    ),
    study!("Net Volume", [], []),
    study!("On Balance Volume", [], []),
    study!(
        "Parabolic SAR",
        [],
        [
            number("in_0", 0.001, 1.0, 0.02),
            number("in_1", 0.001, 1.0, 0.02),
            number("in_2", 0.001, 1.0, 0.2)
        ]
    ),
    study!("Price Channel", [], []),
    study!("Price Oscillator", [], []),
    study!("Price Volume Trend", [], []),
    study!("Rate Of Change", [], []),
    study!(
        "Relative Strength Index",
        [],
        [integer("length", 1, MAX_LENGTH, 14)]
    ),
    study!("Relative Vigor Index", [], []),
    study!("SMI Ergodic Indicator/Oscillator", [], []),
    study!("Smoothed Moving Average", [], []),
    study!("Standard Deviation", [], []),
    study!("Standard Error", [], []),
    study!("Standard Error Bands", [], []),
    study!(
        "Stochastic",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 14),
            integer("in_1", 1, MAX_LENGTH, 1),
            integer("in_2", 1, MAX_LENGTH, 3)
        ]
    ),
    study!(
        "Stochastic RSI",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 14),
            integer("in_1", 1, MAX_LENGTH, 14),
            integer("in_2", 1, MAX_LENGTH, 3),
            integer("in_3", 1, MAX_LENGTH, 3),
        ]
    ),
    study!(
        "Super Trend",
        [],
        [
            integer("in_0", 1, MAX_LENGTH, 10),
            number("in_1", 0.01, 100.0, 3.0)
        ]
    ),
    study!("Trend Strength Index", [], []),
    study!("Triple EMA", [], []),
    study!("TRIX", [], []),
    study!("True Strength Index", [], []),
    study!("Ultimate Oscillator", [], []),
    study!("Volatility Close-to-Close", [], []),
    study!("Volatility Index", [], []),
    study!("Volatility O-H-L-C", [], []),
    study!("Volatility Zero Trend Close-to-Close", [], []),
    study!("Volume", [], []),
    study!("Volume Oscillator", [], []),
    study!("Volume Profile Visible Range", [], []),
    study!("Vortex Indicator", [], []),
    study!("VWAP", [], []),
    study!("VWMA", [], []),
    study!("Williams %R", [], []),
    study!("Williams Alligator", [], []),
    study!("Williams Fractal", [], []),
    study!("Zig Zag", [], []),
];

impl StudySpec {
    /// Finds a study by its exact chart-img name.
    pub fn find(name: &str) -> Option<&'static StudySpec> {
        STUDIES.iter().find(|spec| spec.name == name)
    }

    /// Finds a study by name ignoring letter case, for suggestions in error messages.
    pub fn find_ignoring_case(name: &str) -> Option<&'static StudySpec> {
        STUDIES
            .iter()
            .find(|spec| spec.name.eq_ignore_ascii_case(name.trim()))
    }

    /// Returns the input chart-img reads under `key`.
    pub fn input(&self, key: &str) -> Option<&'static InputSpec> {
        self.inputs.iter().find(|input| input.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_92_unique_names() {
        assert_eq!(STUDIES.len(), 92);
        for (index, spec) in STUDIES.iter().enumerate() {
            assert!(
                STUDIES[index + 1..]
                    .iter()
                    .all(|other| other.name != spec.name),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn input_bounds_contain_their_defaults() {
        for spec in STUDIES {
            for input in spec.inputs {
                match input.kind {
                    InputKind::Integer { min, max, default } => {
                        assert!(
                            min <= default && default <= max,
                            "{} {}",
                            spec.name,
                            input.key
                        )
                    }
                    InputKind::Number { min, max, default } => {
                        assert!(
                            min <= default && default <= max,
                            "{} {}",
                            spec.name,
                            input.key
                        )
                    }
                    InputKind::Source | InputKind::Boolean | InputKind::Choice(_) => {}
                }
            }
        }
    }

    #[test]
    fn find_is_exact_and_find_ignoring_case_is_not() {
        assert!(StudySpec::find("MACD").is_some());
        assert!(StudySpec::find("macd").is_none());
        assert_eq!(
            StudySpec::find_ignoring_case("macd").map(|spec| spec.name),
            Some("MACD")
        );
    }
}
