//! chart-img's range presets. A range can also be an explicit `{"from", "to"}` span, which
//! `ChartRange` models.

use super::names::string_enum;

string_enum!(
    /// A named span of time that ends now, or a period to date.
    RangePreset {
        Day1 => "1D",
        Day5 => "5D",
        Month1 => "1M",
        Month3 => "3M",
        Month6 => "6M",
        Year1 => "1Y",
        Year5 => "5Y",
        All => "ALL",
        DayToDate => "DTD",
        WeekToDate => "WTD",
        MonthToDate => "MTD",
        YearToDate => "YTD",
    }
);

const DAY: u64 = 24 * 60 * 60;

impl RangePreset {
    /// Returns the longest span the preset can cover, in seconds. `ALL` is taken as 30 years
    /// and each period-to-date as its whole period, so bar counts estimated from these are upper
    /// bounds.
    pub const fn max_seconds(self) -> u64 {
        match self {
            RangePreset::Day1 | RangePreset::DayToDate => DAY,
            RangePreset::Day5 => 5 * DAY,
            RangePreset::WeekToDate => 7 * DAY,
            RangePreset::Month1 | RangePreset::MonthToDate => 31 * DAY,
            RangePreset::Month3 => 92 * DAY,
            RangePreset::Month6 => 183 * DAY,
            RangePreset::Year1 | RangePreset::YearToDate => 366 * DAY,
            RangePreset::Year5 => 5 * 366 * DAY,
            RangePreset::All => 30 * 366 * DAY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_chart_img_preset() {
        let spelled: Vec<&str> = RangePreset::ALL
            .iter()
            .map(|preset| preset.as_str())
            .collect();
        assert_eq!(
            spelled.join(" "),
            "1D 5D 1M 3M 6M 1Y 5Y ALL DTD WTD MTD YTD"
        );
    }
}
