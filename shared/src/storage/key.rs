//! Object keys of stored charts:
//! `charts/{YYYY}/{MM}/{SYMBOL}-{interval}-{YYYYMMDDTHHMMSS}-{hash8}.{ext}`.
//!
//! The time is one UTC instant, and the year and month come from that same instant. SYMBOL is
//! the symbol without its exchange prefix, in uppercase, reduced to `A-Z 0-9 . _` with no two
//! separators in a row and none at either end; the interval keeps only ASCII letters and
//! digits. Neither part can contain `-`, so a key splits back into its parts unambiguously. The
//! hash is the first 8 hex digits of the image's SHA-256 and the extension follows the bytes.
//! Every key therefore lies under `charts/` and contains no `..`, `//`, control character or
//! leading slash, whatever the caller sent.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};

use super::error::KeyError;
use super::metadata::{MAX_INTERVAL_CHARS, MAX_SYMBOL_CHARS};
use super::sniff::ImageKind;

/// The prefix of every chart key.
pub(crate) const KEY_PREFIX: &str = "charts/";

/// The years a key's time may fall in: four digits, so that keys sort by time within a month.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

const TIME_FORMAT: &str = "%Y%m%dT%H%M%S";

/// A symbol as it appears in keys, such as `BTCUSDT` for `BINANCE:BTCUSDT`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeySymbol(String);

impl KeySymbol {
    /// Reduces a symbol to its key form, or `None` when no ASCII letter or digit remains.
    pub fn from_symbol(symbol: &str) -> Option<Self> {
        let name = symbol.rsplit(':').next().unwrap_or_default();
        let mut reduced = String::new();
        let mut separator: Option<char> = None;
        for character in name.chars() {
            if reduced.len() >= MAX_SYMBOL_CHARS {
                break;
            }
            if !character.is_ascii_alphanumeric() {
                separator.get_or_insert(if character == '.' { '.' } else { '_' });
                continue;
            }
            if let Some(pending) = separator.take()
                && !reduced.is_empty()
            {
                reduced.push(pending);
            }
            if reduced.len() < MAX_SYMBOL_CHARS {
                reduced.push(character.to_ascii_uppercase());
            }
        }
        while reduced.ends_with(['.', '_']) {
            reduced.pop();
        }
        (!reduced.is_empty()).then_some(KeySymbol(reduced))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An interval as it appears in keys: its ASCII letters and digits, case kept, because `1m` is
/// a minute and `1M` a month.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct KeyInterval(String);

impl KeyInterval {
    /// Reduces an interval to its key form, or `None` when no ASCII letter or digit remains.
    pub(crate) fn from_interval(interval: &str) -> Option<Self> {
        let reduced: String = interval
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(MAX_INTERVAL_CHARS)
            .collect();
        (!reduced.is_empty()).then_some(KeyInterval(reduced))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// The parts a chart key is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParts {
    pub symbol: String,
    pub interval: String,
    /// The chart's time, to the second.
    pub time: DateTime<Utc>,
    /// The first 8 hex digits of the image's SHA-256.
    pub hash: String,
    pub kind: ImageKind,
}

/// A valid chart key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartKey {
    text: String,
    parts: KeyParts,
}

impl ChartKey {
    /// Builds the key of an image. Only a time outside the years 1970 to 9999 is rejected.
    pub(crate) fn new(
        symbol: &KeySymbol,
        interval: &KeyInterval,
        time: DateTime<Utc>,
        sha256: &[u8; 32],
        kind: ImageKind,
    ) -> Result<Self, KeyError> {
        if !YEARS.contains(&time.year()) {
            return Err(KeyError::new(
                &time.to_rfc3339(),
                "the time must fall in the years 1970 to 9999",
            ));
        }
        let time = time.with_nanosecond(0).unwrap_or(time);
        let hash = hex::encode(&sha256[..4]);
        let text = format!(
            "{KEY_PREFIX}{year:04}/{month:02}/{symbol}-{interval}-{stamp}-{hash}.{extension}",
            year = time.year(),
            month = time.month(),
            symbol = symbol.as_str(),
            interval = interval.as_str(),
            stamp = time.format(TIME_FORMAT),
            extension = kind.extension(),
        );
        Ok(ChartKey {
            text,
            parts: KeyParts {
                symbol: symbol.as_str().to_owned(),
                interval: interval.as_str().to_owned(),
                time,
                hash,
                kind,
            },
        })
    }

    /// Parses a key, accepting only the exact form that [`ChartKey::new`] builds.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let fail = |reason| KeyError::new(text, reason);

        let rest = text
            .strip_prefix(KEY_PREFIX)
            .ok_or_else(|| fail("it must start with charts/"))?;
        let segments: Vec<&str> = rest.split('/').collect();
        let [year, month, file] = segments[..] else {
            return Err(fail("it must be charts/YYYY/MM/FILE"));
        };
        if year.len() != 4 || !year.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(fail("the year must be four digits"));
        }
        if month.len() != 2 || !month.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(fail("the month must be two digits"));
        }

        let (stem, extension) = file
            .rsplit_once('.')
            .ok_or_else(|| fail("the file name has no extension"))?;
        let kind = ImageKind::from_extension(extension)
            .ok_or_else(|| fail("the extension must be png, jpg or webp"))?;
        let pieces: Vec<&str> = stem.split('-').collect();
        let [symbol, interval, stamp, hash] = pieces[..] else {
            return Err(fail(
                "the file name must be SYMBOL-interval-YYYYMMDDTHHMMSS-hash",
            ));
        };

        if KeySymbol::from_symbol(symbol).is_none_or(|reduced| reduced.as_str() != symbol) {
            return Err(fail("the symbol part is not in key form"));
        }
        if KeyInterval::from_interval(interval).is_none_or(|reduced| reduced.as_str() != interval) {
            return Err(fail("the interval part is not in key form"));
        }
        if hash.len() != 8
            || !hash
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(fail("the hash must be 8 lowercase hex digits"));
        }
        let time = parse_stamp(stamp).ok_or_else(|| fail("the time must be YYYYMMDDTHHMMSS"))?;
        if format!("{:04}/{:02}", time.year(), time.month()) != format!("{year}/{month}") {
            return Err(fail("the year and month do not match the time"));
        }

        Ok(ChartKey {
            text: text.to_owned(),
            parts: KeyParts {
                symbol: symbol.to_owned(),
                interval: interval.to_owned(),
                time,
                hash: hash.to_owned(),
                kind,
            },
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn parts(&self) -> &KeyParts {
        &self.parts
    }
}

impl fmt::Display for ChartKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

/// Returns the key prefix of one month, such as `charts/2025/11/`.
pub(crate) fn month_prefix(year: i32, month: u32) -> String {
    format!("{KEY_PREFIX}{year:04}/{month:02}/")
}

fn parse_stamp(stamp: &str) -> Option<DateTime<Utc>> {
    if stamp.len() != 15 {
        return None;
    }
    let time = NaiveDateTime::parse_from_str(stamp, TIME_FORMAT).ok()?;
    let time = time.and_utc();
    YEARS.contains(&time.year()).then_some(time)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    use super::*;

    fn digest(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }

    fn key(symbol: &str, interval: &str, time: DateTime<Utc>, kind: ImageKind) -> ChartKey {
        ChartKey::new(
            &KeySymbol::from_symbol(symbol).unwrap(),
            &KeyInterval::from_interval(interval).unwrap(),
            time,
            &digest(b"image"),
            kind,
        )
        .unwrap()
    }

    #[test]
    fn key_has_documented_form() {
        let time = Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap();
        let key = key("BINANCE:BTCUSDT", "4h", time, ImageKind::Png);
        let hash = &hex::encode(digest(b"image"))[..8];
        assert_eq!(
            key.as_str(),
            format!("charts/2025/11/BTCUSDT-4h-20251116T103000-{hash}.png")
        );
    }

    #[test]
    fn key_month_is_zero_padded() {
        let time = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let key = key("ETHUSDT", "1h", time, ImageKind::Jpeg);
        assert!(key.as_str().starts_with("charts/2026/03/"), "{key}");
    }

    #[test]
    fn key_year_and_month_follow_utc_instant() {
        // 23:30 on 31 December at UTC-5 is already 1 January in UTC.
        let local = chrono::FixedOffset::west_opt(5 * 3600)
            .unwrap()
            .with_ymd_and_hms(2025, 12, 31, 23, 30, 0)
            .unwrap();
        let key = key("BTCUSD", "1D", local.with_timezone(&Utc), ImageKind::Png);
        assert!(key.as_str().starts_with("charts/2026/01/"), "{key}");
        assert!(key.as_str().contains("-20260101T043000-"), "{key}");
    }

    #[test]
    fn key_drops_fractional_seconds() {
        let time = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
            + chrono::Duration::milliseconds(987);
        let key = key("X", "1m", time, ImageKind::Png);
        assert!(key.as_str().contains("-20250102T030405-"), "{key}");
        assert_eq!(key.parts().time.timestamp_subsec_nanos(), 0);
    }

    #[test]
    fn key_extension_follows_kind() {
        let time = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        for (kind, extension) in [
            (ImageKind::Png, ".png"),
            (ImageKind::Jpeg, ".jpg"),
            (ImageKind::Webp, ".webp"),
        ] {
            assert!(key("A", "1h", time, kind).as_str().ends_with(extension));
        }
    }

    #[test]
    fn key_same_bytes_same_hash() {
        let time = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            key("A", "1h", time, ImageKind::Png),
            key("A", "1h", time, ImageKind::Png)
        );
    }

    #[test]
    fn key_rejects_time_outside_four_digit_years() {
        let time = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap();
        let result = ChartKey::new(
            &KeySymbol::from_symbol("A").unwrap(),
            &KeyInterval::from_interval("1h").unwrap(),
            time,
            &digest(b""),
            ImageKind::Png,
        );
        assert!(result.is_err());
    }

    #[test]
    fn symbol_drops_exchange_prefix() {
        let cases = [
            ("BINANCE:BTCUSDT", "BTCUSDT"),
            ("btcusdt", "BTCUSDT"),
            ("NYSE:BRK.B", "BRK.B"),
            ("BINANCE:BTCUSDT.P", "BTCUSDT.P"),
            ("NYMEX:CL1!", "CL1"),
            ("CME_MINI:ES1!", "ES1"),
            ("FX:EUR/USD", "EUR_USD"),
            ("../../etc/passwd", "ETC_PASSWD"),
            ("A..B", "A.B"),
            ("A-B", "A_B"),
            ("  spaced  out  ", "SPACED_OUT"),
        ];
        for (symbol, expected) in cases {
            assert_eq!(
                KeySymbol::from_symbol(symbol).map(|reduced| reduced.0),
                Some(expected.to_owned()),
                "{symbol}"
            );
        }
    }

    #[test]
    fn symbol_without_letters_is_none() {
        for symbol in ["", "BINANCE:", "::", "比特币", "!!!", "/"] {
            assert_eq!(KeySymbol::from_symbol(symbol), None, "{symbol}");
        }
    }

    #[test]
    fn symbol_is_cut_to_limit() {
        let symbol = KeySymbol::from_symbol(&"A.".repeat(100)).unwrap();
        assert!(symbol.as_str().len() <= MAX_SYMBOL_CHARS);
        assert!(!symbol.as_str().ends_with('.'));
    }

    #[test]
    fn interval_keeps_case_and_drops_others() {
        let reduced = |text| KeyInterval::from_interval(text).map(|interval| interval.0);
        assert_eq!(reduced("1M"), Some("1M".to_owned()));
        assert_eq!(reduced("1m"), Some("1m".to_owned()));
        assert_eq!(reduced("4 h/../"), Some("4h".to_owned()));
        assert_eq!(reduced("-/-"), None);
    }

    #[test]
    fn parse_round_trips_built_key() {
        let time = Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap();
        let built = key("NYSE:BRK.B", "1W", time, ImageKind::Webp);
        assert_eq!(ChartKey::parse(built.as_str()).unwrap(), built);
    }

    #[test]
    fn parse_rejects_malformed_keys() {
        for text in [
            "",
            "/charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png",
            "uploads/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png",
            "charts/2025/11/../BTCUSDT-4h-20251116T103000-abc12345.png",
            "charts/2025//11/BTCUSDT-4h-20251116T103000-abc12345.png",
            "charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.gif",
            "charts/2025/11/BTCUSDT-4h-20251116T103000-ABC12345.png",
            "charts/2025/11/BTCUSDT-4h-20251116T103000-abc1234.png",
            "charts/2025/12/BTCUSDT-4h-20251116T103000-abc12345.png",
            "charts/2025/11/btcusdt-4h-20251116T103000-abc12345.png",
            "charts/2025/11/BTC-USDT-4h-20251116T103000-abc12345.png",
            "charts/2025/11/BTCUSDT-4h-20251116T253000-abc12345.png",
            "charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png\n",
            "charts/25/11/BTCUSDT-4h-20251116T103000-abc12345.png",
        ] {
            assert!(ChartKey::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn parse_accepts_documented_example() {
        let key =
            ChartKey::parse("charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png").unwrap();
        assert_eq!(key.parts().symbol, "BTCUSDT");
        assert_eq!(key.parts().interval, "4h");
        assert_eq!(
            key.parts().time,
            Utc.with_ymd_and_hms(2025, 11, 16, 10, 30, 0).unwrap()
        );
        assert_eq!(key.parts().hash, "abc12345");
        assert_eq!(key.parts().kind, ImageKind::Png);
    }

    fn assert_safe(key: &str) {
        assert!(key.starts_with(KEY_PREFIX), "{key}");
        assert!(!key.contains(".."), "{key}");
        assert!(!key.contains("//"), "{key}");
        assert!(!key.starts_with('/'), "{key}");
        assert!(!key.chars().any(char::is_control), "{key}");
        assert!(
            key.bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"/-._".contains(&byte)),
            "{key}"
        );
    }

    proptest! {
        #[test]
        fn built_keys_are_safe_and_parse(
            symbol in any::<String>(),
            interval in any::<String>(),
            seconds in 0i64..253_402_300_799,
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            kind_index in 0usize..3,
        ) {
            let (Some(symbol), Some(interval)) =
                (KeySymbol::from_symbol(&symbol), KeyInterval::from_interval(&interval))
            else {
                return Ok(());
            };
            let time = DateTime::from_timestamp(seconds, 0).unwrap();
            let kind = ImageKind::ALL[kind_index];
            let key = ChartKey::new(&symbol, &interval, time, &digest(&bytes), kind).unwrap();
            assert_safe(key.as_str());
            prop_assert_eq!(ChartKey::parse(key.as_str()).unwrap(), key);
        }

        #[test]
        fn symbol_reduction_is_safe(symbol in any::<String>()) {
            if let Some(reduced) = KeySymbol::from_symbol(&symbol) {
                let text = reduced.as_str();
                prop_assert!(!text.is_empty() && text.len() <= MAX_SYMBOL_CHARS);
                prop_assert!(!text.contains(".."));
                prop_assert!(text.bytes().all(|byte| byte.is_ascii_uppercase()
                    || byte.is_ascii_digit() || byte == b'.' || byte == b'_'));
                prop_assert_eq!(KeySymbol::from_symbol(text), Some(reduced.clone()));
            }
        }

        #[test]
        fn parse_never_panics_and_accepts_only_safe_keys(text in "\\PC{0,120}|charts/[0-9]{4}/[0-9]{2}/.{0,60}") {
            if let Ok(key) = ChartKey::parse(&text) {
                assert_safe(key.as_str());
            }
        }
    }
}
