//! chart-img's bar intervals. chart-img matches them case-sensitively: `4h` is four hours,
//! `1M` is one month, and `4H` is rejected.

use super::names::string_enum;

string_enum!(
    /// The length of one bar.
    Interval {
        Minute1 => "1m",
        Minute2 => "2m",
        Minute3 => "3m",
        Minute5 => "5m",
        Minute15 => "15m",
        Minute30 => "30m",
        Minute45 => "45m",
        Hour1 => "1h",
        Hour2 => "2h",
        Hour3 => "3h",
        Hour4 => "4h",
        Hour6 => "6h",
        Hour8 => "8h",
        Hour12 => "12h",
        Day1 => "1D",
        Day2 => "2D",
        Day3 => "3D",
        Week1 => "1W",
        Month1 => "1M",
        Month3 => "3M",
        Month6 => "6M",
        Year1 => "1Y",
    }
);

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

impl Interval {
    /// Returns the nominal length of one bar in seconds, counting a month as 30 days and a year
    /// as 365, which is close enough for estimating how many bars a range draws.
    pub const fn seconds(self) -> u64 {
        match self {
            Interval::Minute1 => MINUTE,
            Interval::Minute2 => 2 * MINUTE,
            Interval::Minute3 => 3 * MINUTE,
            Interval::Minute5 => 5 * MINUTE,
            Interval::Minute15 => 15 * MINUTE,
            Interval::Minute30 => 30 * MINUTE,
            Interval::Minute45 => 45 * MINUTE,
            Interval::Hour1 => HOUR,
            Interval::Hour2 => 2 * HOUR,
            Interval::Hour3 => 3 * HOUR,
            Interval::Hour4 => 4 * HOUR,
            Interval::Hour6 => 6 * HOUR,
            Interval::Hour8 => 8 * HOUR,
            Interval::Hour12 => 12 * HOUR,
            Interval::Day1 => DAY,
            Interval::Day2 => 2 * DAY,
            Interval::Day3 => 3 * DAY,
            Interval::Week1 => 7 * DAY,
            Interval::Month1 => 30 * DAY,
            Interval::Month3 => 91 * DAY,
            Interval::Month6 => 182 * DAY,
            Interval::Year1 => 365 * DAY,
        }
    }

    /// Finds the interval a case-insensitive spelling most likely means, for suggestions in
    /// error messages: `4H` suggests `4h`, `1d` suggests `1D`. Minutes and months differ only by
    /// case, so a lowercase `m` is read as minutes and an uppercase `M` as months.
    pub fn suggest(text: &str) -> Option<Self> {
        let trimmed = text.trim();
        if let Some(exact) = Self::parse(trimmed) {
            return Some(exact);
        }
        let unit = trimmed.chars().last()?;
        let count = &trimmed[..trimmed.len() - unit.len_utf8()];
        let canonical_unit = match unit {
            'm' => "m",
            'M' => "M",
            'h' | 'H' => "h",
            'd' | 'D' => "D",
            'w' | 'W' => "W",
            'y' | 'Y' => "Y",
            _ => return None,
        };
        Self::parse(&format!("{count}{canonical_unit}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_chart_img_interval() {
        let spelled: Vec<&str> = Interval::ALL
            .iter()
            .map(|interval| interval.as_str())
            .collect();
        let documented = "1m 2m 3m 5m 15m 30m 45m 1h 2h 3h 4h 6h 8h 12h 1D 2D 3D 1W 1M 3M 6M 1Y";
        assert_eq!(spelled.join(" "), documented);
    }

    #[test]
    fn seconds_increase_along_the_table() {
        for pair in Interval::ALL.windows(2) {
            assert!(pair[0].seconds() < pair[1].seconds(), "{:?}", pair);
        }
    }

    #[test]
    fn parse_rejects_wrong_case() {
        assert_eq!(Interval::parse("4H"), None);
        assert_eq!(Interval::parse("1d"), None);
        assert_eq!(Interval::parse("1M"), Some(Interval::Month1));
        assert_eq!(Interval::parse("1m"), Some(Interval::Minute1));
    }

    #[test]
    fn suggest_fixes_case() {
        assert_eq!(Interval::suggest("4H"), Some(Interval::Hour4));
        assert_eq!(Interval::suggest("1d"), Some(Interval::Day1));
        assert_eq!(Interval::suggest("1w"), Some(Interval::Week1));
        assert_eq!(Interval::suggest("7h"), None);
        assert_eq!(Interval::suggest(""), None);
    }
}
