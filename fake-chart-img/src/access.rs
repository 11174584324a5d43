//! Access control: the `x-api-key` check and the plan's rate limits.
//!
//! The per-second limit is a token bucket that holds up to the plan's burst and refills at the
//! plan's requests-per-second rate. The daily quota counts the requests the bucket admitted
//! since midnight UTC, whether or not they then passed the body checks, because chart-img
//! does not document which requests it counts.

use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use shared::chart::PlanLimits;

use crate::error::ApiError;

const KEY_HEADER: &str = "x-api-key";
const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// The key check and the rate limits of one stand-in.
#[derive(Debug)]
pub(crate) struct Access {
    api_key: String,
    /// `None` lets every request through, for benchmarks and load scripts.
    limiter: Option<Mutex<Limiter>>,
}

impl Access {
    pub(crate) fn new(api_key: String, limits: Option<RateLimits>) -> Self {
        let limiter = limits.map(|limits| Mutex::new(Limiter::new(limits, Instant::now())));
        Access { api_key, limiter }
    }

    /// Returns whether the request carries the configured key.
    pub(crate) fn key_matches(&self, headers: &HeaderMap) -> bool {
        headers
            .get(KEY_HEADER)
            .is_some_and(|key| key.as_bytes() == self.api_key.as_bytes())
    }

    /// Checks the `x-api-key` header: missing is 401 `Invalid Request`, wrong is 403 `Forbidden`.
    pub(crate) fn check_key(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        if !headers.contains_key(KEY_HEADER) {
            return Err(ApiError::MissingKey);
        }
        if !self.key_matches(headers) {
            return Err(ApiError::WrongKey);
        }
        Ok(())
    }

    /// Counts one request against the daily quota and the per-second limit.
    pub(crate) fn admit(&self) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let mut limiter = limiter
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        limiter.admit(Instant::now(), utc_day())
    }
}

/// The figures the limiter enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateLimits {
    pub(crate) requests_per_second: u32,
    pub(crate) burst: u32,
    pub(crate) requests_per_day: u32,
}

impl RateLimits {
    /// Takes the plan's figures, with the daily quota replaced when `daily_quota` is set.
    pub(crate) fn of_plan(limits: &PlanLimits, daily_quota: Option<u32>) -> Self {
        RateLimits {
            requests_per_second: limits.requests_per_second,
            burst: limits.burst,
            requests_per_day: daily_quota.unwrap_or(limits.requests_per_day),
        }
    }
}

#[derive(Debug)]
struct Limiter {
    limits: RateLimits,
    /// Requests the bucket can admit right now; refills continuously up to the burst.
    tokens: f64,
    refilled_at: Instant,
    /// Days since the Unix epoch, in UTC, that `used_today` counts.
    day: u64,
    used_today: u32,
}

impl Limiter {
    fn new(limits: RateLimits, now: Instant) -> Self {
        Limiter {
            limits,
            tokens: f64::from(limits.burst),
            refilled_at: now,
            day: utc_day(),
            used_today: 0,
        }
    }

    fn admit(&mut self, now: Instant, day: u64) -> Result<(), ApiError> {
        if day != self.day {
            self.day = day;
            self.used_today = 0;
        }
        if self.used_today >= self.limits.requests_per_day {
            return Err(ApiError::DailyLimit);
        }

        let elapsed = now
            .saturating_duration_since(self.refilled_at)
            .as_secs_f64();
        let refill = elapsed * f64::from(self.limits.requests_per_second);
        self.tokens = (self.tokens + refill).min(f64::from(self.limits.burst));
        self.refilled_at = now;
        if self.tokens < 1.0 {
            return Err(ApiError::TooManyRequests);
        }

        self.tokens -= 1.0;
        self.used_today += 1;
        Ok(())
    }
}

fn utc_day() -> u64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    since_epoch.as_secs() / SECONDS_PER_DAY
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::http::HeaderValue;

    use super::*;

    const LIMITS: RateLimits = RateLimits {
        requests_per_second: 2,
        burst: 3,
        requests_per_day: 5,
    };

    fn headers_with_key(key: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(KEY_HEADER, HeaderValue::from_str(key).unwrap());
        headers
    }

    #[test]
    fn check_key_missing_is_missing_key() {
        let access = Access::new("secret".into(), None);
        let result = access.check_key(&HeaderMap::new());
        assert!(matches!(result, Err(ApiError::MissingKey)), "{result:?}");
    }

    #[test]
    fn check_key_wrong_is_wrong_key() {
        let access = Access::new("secret".into(), None);
        let result = access.check_key(&headers_with_key("secret2"));
        assert!(matches!(result, Err(ApiError::WrongKey)), "{result:?}");
    }

    #[test]
    fn check_key_right_passes() {
        let access = Access::new("secret".into(), None);
        assert!(access.check_key(&headers_with_key("secret")).is_ok());
    }

    #[test]
    fn limiter_admits_burst_then_rejects() {
        let start = Instant::now();
        let mut limiter = Limiter::new(LIMITS, start);
        for _ in 0..3 {
            assert!(limiter.admit(start, limiter.day).is_ok());
        }
        let fourth = limiter.admit(start, limiter.day);
        assert!(
            matches!(fourth, Err(ApiError::TooManyRequests)),
            "{fourth:?}"
        );
    }

    #[test]
    fn limiter_refills_at_the_rate() {
        let start = Instant::now();
        let mut limiter = Limiter::new(LIMITS, start);
        for _ in 0..3 {
            limiter.admit(start, limiter.day).unwrap();
        }

        let half_second = start + Duration::from_millis(500);
        assert!(limiter.admit(half_second, limiter.day).is_ok());
        let again = limiter.admit(half_second, limiter.day);
        assert!(matches!(again, Err(ApiError::TooManyRequests)), "{again:?}");
    }

    #[test]
    fn limiter_stops_at_daily_quota() {
        let start = Instant::now();
        let mut limiter = Limiter::new(LIMITS, start);
        for second in 0..5 {
            let now = start + Duration::from_secs(second);
            limiter.admit(now, limiter.day).unwrap();
        }
        let later = start + Duration::from_secs(10);
        let sixth = limiter.admit(later, limiter.day);
        assert!(matches!(sixth, Err(ApiError::DailyLimit)), "{sixth:?}");
    }

    #[test]
    fn limiter_resets_quota_on_a_new_day() {
        let start = Instant::now();
        let mut limiter = Limiter::new(LIMITS, start);
        let today = limiter.day;
        for second in 0..5 {
            limiter
                .admit(start + Duration::from_secs(second), today)
                .unwrap();
        }
        let tomorrow = limiter.admit(start + Duration::from_secs(10), today + 1);
        assert!(tomorrow.is_ok(), "{tomorrow:?}");
    }

    #[test]
    fn rejected_request_uses_no_quota() {
        let start = Instant::now();
        let limits = RateLimits {
            requests_per_day: 4,
            ..LIMITS
        };
        let mut limiter = Limiter::new(limits, start);
        for _ in 0..3 {
            limiter.admit(start, limiter.day).unwrap();
        }
        assert!(limiter.admit(start, limiter.day).is_err());
        let later = start + Duration::from_secs(1);
        assert!(limiter.admit(later, limiter.day).is_ok());
    }
}
