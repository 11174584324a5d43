//! Exponential backoff with full jitter between retries of one chart-img call.
//!
//! Each wait is drawn uniformly from zero up to a ceiling that doubles per attempt and stops at
//! a cap. Concurrent callers that were rejected together so spread their retries out, instead
//! of hitting chart-img's per-second limit again at the same instant.

use std::time::Duration;

use rand::Rng;

/// The backoff schedule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Backoff {
    /// The ceiling of the first wait.
    pub base: Duration,
    /// The largest ceiling any wait may have.
    pub cap: Duration,
}

impl Default for Backoff {
    /// 250 ms doubling up to 4 s: chart-img's per-second limit clears within a second, and
    /// renders take 4 s or more, so longer waits would only eat into the deadline.
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(250),
            cap: Duration::from_secs(4),
        }
    }
}

impl Backoff {
    /// Returns the ceiling of the wait after the `attempt`th failed attempt (1-based).
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(16);
        self.base.saturating_mul(1 << doublings).min(self.cap)
    }

    /// Draws the wait after the `attempt`th failed attempt.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt).as_millis() as u64;
        Duration::from_millis(rand::rng().random_range(0..=ceiling))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_then_stops_at_cap() {
        let backoff = Backoff::default();
        let ceilings: Vec<u128> = (1..=7)
            .map(|attempt| backoff.ceiling(attempt).as_millis())
            .collect();
        assert_eq!(ceilings, [250, 500, 1000, 2000, 4000, 4000, 4000]);
    }

    #[test]
    fn ceiling_survives_huge_attempt_numbers() {
        assert_eq!(Backoff::default().ceiling(u32::MAX), Duration::from_secs(4));
    }

    #[test]
    fn delay_stays_within_ceiling() {
        let backoff = Backoff::default();
        for attempt in 1..=6 {
            for _ in 0..200 {
                assert!(backoff.delay(attempt) <= backoff.ceiling(attempt));
            }
        }
    }

    #[test]
    fn delay_is_jittered() {
        let backoff = Backoff::default();
        let draws: std::collections::HashSet<Duration> =
            (0..50).map(|_| backoff.delay(5)).collect();
        assert!(draws.len() > 1, "50 draws gave one value: {draws:?}");
    }
}
