//! chart-img subscription plans and the limits each one enforces.

use super::names::string_enum;

string_enum!(
    /// A chart-img subscription level.
    Plan {
        Basic => "BASIC",
        Pro => "PRO",
        Mega => "MEGA",
        Ultra => "ULTRA",
        Enterprise => "ENTERPRISE",
    }
);

/// The smallest image chart-img renders.
pub const MIN_WIDTH: u32 = 400;
/// The smallest image chart-img renders.
pub const MIN_HEIGHT: u32 = 300;

/// What one plan allows. Figures are chart-img's published plan table (late 2025); ENTERPRISE
/// limits are negotiated, so its published minimums are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanLimits {
    pub plan: Plan,
    pub requests_per_second: u32,
    /// Requests allowed at once above the per-second rate.
    pub burst: u32,
    pub requests_per_day: u32,
    pub max_width: u32,
    pub max_height: u32,
    /// Studies and drawings together: chart-img counts both against this one limit.
    pub max_parameters: usize,
    /// Days chart-img keeps an image it hosts before deleting it.
    pub retention_days: u32,
    /// Whether the plan may set its own watermark fields.
    pub custom_watermark: bool,
}

const LIMITS: [PlanLimits; 5] = [
    PlanLimits {
        plan: Plan::Basic,
        requests_per_second: 1,
        burst: 3,
        requests_per_day: 50,
        max_width: 800,
        max_height: 600,
        max_parameters: 3,
        retention_days: 14,
        custom_watermark: false,
    },
    PlanLimits {
        plan: Plan::Pro,
        requests_per_second: 10,
        burst: 15,
        requests_per_day: 500,
        max_width: 1920,
        max_height: 1080,
        max_parameters: 5,
        retention_days: 30,
        custom_watermark: false,
    },
    PlanLimits {
        plan: Plan::Mega,
        requests_per_second: 15,
        burst: 25,
        requests_per_day: 1000,
        max_width: 1920,
        max_height: 1600,
        max_parameters: 10,
        retention_days: 60,
        custom_watermark: false,
    },
    PlanLimits {
        plan: Plan::Ultra,
        requests_per_second: 35,
        burst: 50,
        requests_per_day: 3000,
        max_width: 2048,
        max_height: 1920,
        max_parameters: 25,
        retention_days: 90,
        custom_watermark: true,
    },
    PlanLimits {
        plan: Plan::Enterprise,
        requests_per_second: 35,
        burst: 50,
        requests_per_day: 5000,
        max_width: 2048,
        max_height: 1920,
        max_parameters: 50,
        retention_days: 120,
        custom_watermark: true,
    },
];

impl Plan {
    /// Returns this plan's limits.
    pub fn limits(self) -> &'static PlanLimits {
        let limits = &LIMITS[self as usize];
        debug_assert_eq!(limits.plan, self);
        limits
    }

    /// Parses a plan name in any letter case, as settings and requests spell it.
    pub fn parse_loose(text: &str) -> Option<Self> {
        Self::parse(&text.trim().to_ascii_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_table_is_indexed_by_plan() {
        for plan in Plan::ALL {
            assert_eq!(plan.limits().plan, *plan);
        }
    }

    #[test]
    fn limits_grow_with_the_plan() {
        for pair in LIMITS.windows(2) {
            assert!(pair[0].max_parameters < pair[1].max_parameters);
            assert!(pair[0].retention_days < pair[1].retention_days);
            assert!(pair[0].max_width <= pair[1].max_width);
            assert!(pair[0].max_height <= pair[1].max_height);
        }
    }

    #[test]
    fn parse_loose_ignores_case() {
        assert_eq!(Plan::parse_loose(" pro "), Some(Plan::Pro));
        assert_eq!(Plan::parse_loose("gold"), None);
    }
}
