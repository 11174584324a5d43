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
#[derive(Debug, PartialEq)]
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
// NOTE: chart-img documents input keys only for RSI, MACD, Bollinger Bands, the simple,
// exponential and weighted moving averages, Stochastic, Stochastic RSI, Average True Range,
// Ichimoku Cloud, CCI, Super Trend and Parabolic SAR. The other studies have no inputs here, so
// numbers written after them are ignored with a warning. RSI's `smoothingLine` and
// `smoothingLength` and Moving Average Multiple's `firstPeriods`..`sixthPeriods` and `method` are
// documented without their valid values and are left out too.
pub const STUDIES: &[StudySpec] = &[
    study!(
        "Accumulation/Distribution",
        [
            "accumulation/distribution",
            "accumulation distribution",
            "acc/dist",
            "accdist",
            "a/d",
            "adl"
        ],
        []
    ),
    study!(
        "Accumulative Swing Index",
        ["accumulative swing index", "asi", "swing index"],
        []
    ),
    study!(
        "Advance/Decline",
        ["advance/decline", "advance decline", "advance decline line"],
        []
    ),
    study!(
        "Arnaud Legoux Moving Average",
        ["arnaud legoux moving average", "arnaud legoux", "alma"],
        []
    ),
    study!(
        "Aroon",
        ["aroon", "aroon indicator", "aroon oscillator"],
        []
    ),
    study!(
        "Average Directional Index",
        [
            "average directional index",
            "average directional movement index",
            "adx"
        ],
        []
    ),
    study!(
        "Average True Range",
        ["average true range", "atr"],
        [integer("in_0", 1, MAX_LENGTH, 14)]
    ),
    study!(
        "Awesome Oscillator",
        ["awesome oscillator", "awesome osc", "ao"],
        []
    ),
    study!("Balance of Power", ["balance of power", "bop"], []),
    study!(
        "Bollinger Bands",
        [
            "bollinger bands",
            "bollinger band",
            "bollinger",
            "bb",
            "bbands"
        ],
        [
            integer("in_0", 1, MAX_LENGTH, 20),
            number("in_1", 0.001, 50.0, 2.0)
        ]
    ),
    study!(
        "Bollinger Bands %B",
        [
            "bollinger bands %b",
            "bollinger %b",
            "bb %b",
            "%b",
            "percent b",
            "bollinger percent b"
        ],
        []
    ),
    study!(
        "Bollinger Bands Width",
        [
            "bollinger bands width",
            "bollinger band width",
            "bollinger width",
            "bb width",
            "bbw"
        ],
        []
    ),
    study!("Chaikin Money Flow", ["chaikin money flow", "cmf"], []),
    study!(
        "Chaikin Oscillator",
        ["chaikin oscillator", "chaikin osc"],
        []
    ),
    study!("Chaikin Volatility", ["chaikin volatility"], []),
    study!(
        "Chande Kroll Stop",
        ["chande kroll stop", "chande kroll", "kroll stop"],
        []
    ),
    study!(
        "Chande Momentum Oscillator",
        ["chande momentum oscillator", "chande momentum", "cmo"],
        []
    ),
    study!("Chop Zone", ["chop zone"], []),
    study!(
        "Choppiness Index",
        ["choppiness index", "choppiness", "chop index"],
        []
    ),
    study!(
        "Commodity Channel Index",
        ["commodity channel index", "cci"],
        [integer("in_0", 1, MAX_LENGTH, 20)]
    ),
    study!("Connors RSI", ["connors rsi", "crsi"], []),
    study!("Coppock Curve", ["coppock curve", "coppock"], []),
    study!(
        "Detrended Price Oscillator",
        ["detrended price oscillator", "dpo"],
        []
    ),
    study!(
        "Directional Movement",
        ["directional movement", "directional movement index", "dmi"],
        []
    ),
    study!(
        "Donchian Channels",
        ["donchian channels", "donchian channel", "donchian"],
        []
    ),
    study!(
        "Double EMA",
        ["double ema", "dema", "double exponential moving average"],
        []
    ),
    study!("Ease of Movement", ["ease of movement", "eom", "emv"], []),
    study!(
        "Elder's Force Index",
        [
            "elder's force index",
            "elders force index",
            "force index",
            "efi"
        ],
        []
    ),
    study!(
        "Envelopes",
        [
            "envelopes",
            "envelope",
            "ma envelope",
            "moving average envelope",
            "moving average envelopes"
        ],
        []
    ),
    study!("Fisher Transform", ["fisher transform", "fisher"], []),
    study!(
        "Historical Volatility",
        [
            "historical volatility",
            "historic volatility",
            "hist vol",
            "hv"
        ],
        []
    ),
    study!(
        "Hull Moving Average",
        ["hull moving average", "hull ma", "hma", "hull"],
        []
    ),
    study!(
        "Ichimoku Cloud",
        ["ichimoku cloud", "ichimoku", "ichimoku kinko hyo", "kumo"],
        [
            integer("in_0", 1, MAX_LENGTH, 9),
            integer("in_1", 1, MAX_LENGTH, 26),
            integer("in_2", 1, MAX_LENGTH, 52),
            integer("in_3", 1, MAX_LENGTH, 26),
        ]
    ),
    study!(
        "Keltner Channels",
        ["keltner channels", "keltner channel", "keltner"],
        []
    ),
    study!(
        "Klinger Oscillator",
        ["klinger oscillator", "klinger", "kvo"],
        []
    ),
    study!("Know Sure Thing", ["know sure thing", "kst"], []),
    study!(
        "Least Squares Moving Average",
        ["least squares moving average", "lsma"],
        []
    ),
    study!(
        "Linear Regression Curve",
        ["linear regression curve", "linear regression", "linreg"],
        []
    ),
    study!(
        "Linear Regression Slope",
        ["linear regression slope", "linreg slope"],
        []
    ),
    study!(
        "MA Cross",
        [
            "ma cross",
            "ma crossover",
            "moving average cross",
            "moving average crossover",
            "golden cross",
            "death cross"
        ],
        []
    ),
    study!(
        "MA with EMA Cross",
        ["ma with ema cross", "ma ema cross", "sma ema cross"],
        []
    ),
    study!(
        "MACD",
        ["macd", "moving average convergence divergence"],
        [
            integer("in_0", 1, MAX_LENGTH, 12),
            integer("in_1", 1, MAX_LENGTH, 26),
            integer("in_2", 1, 50, 9),
            source("in_3"),
        ]
    ),
    study!("Majority Rule", ["majority rule"], []),
    study!("Mass Index", ["mass index"], []),
    study!("McGinley Dynamic", ["mcginley dynamic", "mcginley"], []),
    study!("Momentum", ["momentum", "mom", "momentum indicator"], []),
    study!(
        "Money Flow Index",
        ["money flow index", "money flow", "mfi"],
        []
    ),
    study!(
        "Moving Average",
        [
            "moving average",
            "simple moving average",
            "sma",
            "ma",
            "simple ma",
            "mov avg"
        ],
        [
            integer("length", 1, MAX_LENGTH, 9),
            source("source"),
            integer("offset", -500, 500, 0)
        ]
    ),
    study!(
        "Moving Average Adaptive",
        ["moving average adaptive", "adaptive moving average", "kama"],
        []
    ),
    study!(
        "Moving Average Channel",
        ["moving average channel", "ma channel"],
        []
    ),
    study!(
        "Moving Average Double",
        [
            "moving average double",
            "double moving average",
            "double ma"
        ],
        []
    ),
    study!(
        "Moving Average Exponential",
        [
            "moving average exponential",
            "exponential moving average",
            "ema",
            "exponential ma"
        ],
        [
            integer("length", 1, MAX_LENGTH, 9),
            source("source"),
            integer("offset", -500, 500, 0)
        ]
    ),
    study!(
        "Moving Average Hamming",
        [
            "moving average hamming",
            "hamming moving average",
            "hamming ma"
        ],
        []
    ),
    study!(
        "Moving Average Multiple",
        [
            "moving average multiple",
            "multiple moving averages",
            "multiple moving average",
            "ma ribbon",
            "moving average ribbon"
        ],
        []
    ),
    study!(
        "Moving Average Triple",
        [
            "moving average triple",
            "triple moving average",
            "triple ma"
        ],
        []
    ),
    study!(
        "Moving Average Weighted",
        [
            "moving average weighted",
            "weighted moving average",
            "wma",
            "weighted ma"
        ],
        [
            integer("in_0", 1, MAX_LENGTH, 9),
            source("in_1"),
            integer("in_2", -500, 500, 0)
        ]
    ),
    study!("Net Volume", ["net volume"], []),
    study!(
        "On Balance Volume",
        ["on balance volume", "on-balance volume", "obv"],
        []
    ),
    study!(
        "Parabolic SAR",
        ["parabolic sar", "psar", "sar", "parabolic stop and reverse"],
        [
            number("in_0", 0.001, 1.0, 0.02),
            number("in_1", 0.001, 1.0, 0.02),
            number("in_2", 0.001, 1.0, 0.2)
        ]
    ),
    study!("Price Channel", ["price channel", "price channels"], []),
    study!(
        "Price Oscillator",
        ["price oscillator", "percentage price oscillator", "ppo"],
        []
    ),
    study!("Price Volume Trend", ["price volume trend", "pvt"], []),
    study!("Rate Of Change", ["rate of change", "roc"], []),
    study!(
        "Relative Strength Index",
        ["relative strength index", "relative strength", "rsi"],
        [integer("length", 1, MAX_LENGTH, 14)]
    ),
    study!(
        "Relative Vigor Index",
        [
            "relative vigor index",
            "relative vigour index",
            "rvi",
            "rvgi"
        ],
        []
    ),
    study!(
        "SMI Ergodic Indicator/Oscillator",
        [
            "smi ergodic indicator/oscillator",
            "smi ergodic indicator",
            "smi ergodic oscillator",
            "smi ergodic",
            "smi",
            "ergodic"
        ],
        []
    ),
    study!(
        "Smoothed Moving Average",
        ["smoothed moving average", "smoothed ma", "smma", "rma"],
        []
    ),
    study!(
        "Standard Deviation",
        ["standard deviation", "stdev", "std dev", "stddev"],
        []
    ),
    study!("Standard Error", ["standard error"], []),
    study!("Standard Error Bands", ["standard error bands"], []),
    study!(
        "Stochastic",
        [
            "stochastic",
            "stochastics",
            "stoch",
            "stochastic oscillator",
            "slow stochastic"
        ],
        [
            integer("in_0", 1, MAX_LENGTH, 14),
            integer("in_1", 1, MAX_LENGTH, 1),
            integer("in_2", 1, MAX_LENGTH, 3)
        ]
    ),
    study!(
        "Stochastic RSI",
        ["stochastic rsi", "stoch rsi", "stochrsi", "srsi"],
        [
            integer("in_0", 1, MAX_LENGTH, 14),
            integer("in_1", 1, MAX_LENGTH, 14),
            integer("in_2", 1, MAX_LENGTH, 3),
            integer("in_3", 1, MAX_LENGTH, 3),
        ]
    ),
    study!(
        "Super Trend",
        ["super trend", "supertrend"],
        [
            integer("in_0", 1, MAX_LENGTH, 10),
            number("in_1", 0.01, 100.0, 3.0)
        ]
    ),
    study!(
        "Trend Strength Index",
        ["trend strength index", "trend strength"],
        []
    ),
    study!(
        "Triple EMA",
        ["triple ema", "tema", "triple exponential moving average"],
        []
    ),
    study!("TRIX", ["trix"], []),
    study!(
        "True Strength Index",
        ["true strength index", "true strength", "tsi"],
        []
    ),
    study!(
        "Ultimate Oscillator",
        ["ultimate oscillator", "ultimate osc", "uo"],
        []
    ),
    study!(
        "Volatility Close-to-Close",
        ["volatility close-to-close", "close-to-close volatility"],
        []
    ),
    study!("Volatility Index", ["volatility index"], []),
    study!(
        "Volatility O-H-L-C",
        ["volatility o-h-l-c", "volatility ohlc", "ohlc volatility"],
        []
    ),
    study!(
        "Volatility Zero Trend Close-to-Close",
        [
            "volatility zero trend close-to-close",
            "zero trend volatility"
        ],
        []
    ),
    study!(
        "Volume",
        [
            "volume",
            "vol",
            "volume bars",
            "volume histogram",
            "volume indicator"
        ],
        []
    ),
    study!(
        "Volume Oscillator",
        ["volume oscillator", "volume osc", "vol osc"],
        []
    ),
    study!(
        "Volume Profile Visible Range",
        [
            "volume profile visible range",
            "visible range volume profile",
            "volume profile",
            "vpvr",
            "vrvp"
        ],
        []
    ),
    study!("Vortex Indicator", ["vortex indicator", "vortex"], []),
    study!("VWAP", ["vwap", "volume weighted average price"], []),
    study!("VWMA", ["vwma", "volume weighted moving average"], []),
    study!(
        "Williams %R",
        [
            "williams %r",
            "williams r",
            "williams percent r",
            "%r",
            "willr",
            "wpr"
        ],
        []
    ),
    study!(
        "Williams Alligator",
        ["williams alligator", "alligator"],
        []
    ),
    study!(
        "Williams Fractal",
        [
            "williams fractal",
            "williams fractals",
            "fractals",
            "fractal"
        ],
        []
    ),
    study!("Zig Zag", ["zig zag", "zigzag"], []),
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
    fn aliases_are_lowercase_and_name_one_study() {
        let mut seen = std::collections::HashSet::new();
        for spec in STUDIES {
            assert!(!spec.aliases.is_empty(), "{} has no alias", spec.name);
            for alias in spec.aliases {
                assert_eq!(*alias, alias.to_lowercase(), "{alias}");
                assert!(seen.insert(*alias), "{alias} names two studies");
            }
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
