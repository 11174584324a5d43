//! Failures a test can inject into render requests, so a client's retries, timeouts and error
//! handling can be checked against responses chart-img returns only now and then.
//!
//! Faults wait in a queue, and each render request (image or storage) takes the next one before
//! any other check. When the queue is empty, the sticky fault applies, if one is set. On the
//! wire a fault is a JSON object such as `{"fault": "slow", "millis": 1500}` or
//! `{"fault": "serverError"}`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// One injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WireFault", into = "WireFault")]
pub enum Fault {
    /// Waits this long, then responds normally.
    Slow(Duration),
    /// 429 `{"message":"Too Many Requests"}`.
    TooManyRequests,
    /// 429 `{"message":"Limit Exceeded"}`.
    DailyLimit,
    /// 500 `{"message":"Something Went Wrong"}`.
    ServerError,
    /// 504 `{"message":"External Request Timeout"}`.
    GatewayTimeout,
    /// 403 `{"message":"Forbidden"}`, even when the request carries the right key.
    RejectKey,
    /// 409 `{"message":"Session Disconnected"}`.
    SessionDisconnected,
    /// 200 whose body is an HTML page, sent under the content type the route promises
    /// (`image/png` for an image, `application/json` for storage).
    MalformedBody,
    /// 200 with a real PNG of noise pixels larger than 6 MiB.
    OversizedImage,
}

/// The action a render request takes for a fault.
#[derive(Debug)]
pub(crate) enum Effect {
    Delay(Duration),
    Fail(ApiError),
    MalformedBody,
    OversizedImage,
}

impl Fault {
    pub(crate) fn effect(self) -> Effect {
        match self {
            Fault::Slow(delay) => Effect::Delay(delay),
            Fault::TooManyRequests => Effect::Fail(ApiError::TooManyRequests),
            Fault::DailyLimit => Effect::Fail(ApiError::DailyLimit),
            Fault::ServerError => Effect::Fail(ApiError::ServerError),
            Fault::GatewayTimeout => Effect::Fail(ApiError::GatewayTimeout),
            Fault::RejectKey => Effect::Fail(ApiError::WrongKey),
            Fault::SessionDisconnected => Effect::Fail(ApiError::SessionDisconnected),
            Fault::MalformedBody => Effect::MalformedBody,
            Fault::OversizedImage => Effect::OversizedImage,
        }
    }
}

/// The JSON form of a fault. `Fault::Slow` contains a `Duration`, which has no plain JSON form,
/// so the wire form gives the delay in milliseconds.
#[derive(Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "camelCase", deny_unknown_fields)]
enum WireFault {
    Slow { millis: u64 },
    TooManyRequests,
    DailyLimit,
    ServerError,
    GatewayTimeout,
    RejectKey,
    SessionDisconnected,
    MalformedBody,
    OversizedImage,
}

impl From<WireFault> for Fault {
    fn from(wire: WireFault) -> Self {
        match wire {
            WireFault::Slow { millis } => Fault::Slow(Duration::from_millis(millis)),
            WireFault::TooManyRequests => Fault::TooManyRequests,
            WireFault::DailyLimit => Fault::DailyLimit,
            WireFault::ServerError => Fault::ServerError,
            WireFault::GatewayTimeout => Fault::GatewayTimeout,
            WireFault::RejectKey => Fault::RejectKey,
            WireFault::SessionDisconnected => Fault::SessionDisconnected,
            WireFault::MalformedBody => Fault::MalformedBody,
            WireFault::OversizedImage => Fault::OversizedImage,
        }
    }
}

impl From<Fault> for WireFault {
    fn from(fault: Fault) -> Self {
        match fault {
            Fault::Slow(delay) => WireFault::Slow {
                millis: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            },
            Fault::TooManyRequests => WireFault::TooManyRequests,
            Fault::DailyLimit => WireFault::DailyLimit,
            Fault::ServerError => WireFault::ServerError,
            Fault::GatewayTimeout => WireFault::GatewayTimeout,
            Fault::RejectKey => WireFault::RejectKey,
            Fault::SessionDisconnected => WireFault::SessionDisconnected,
            Fault::MalformedBody => WireFault::MalformedBody,
            Fault::OversizedImage => WireFault::OversizedImage,
        }
    }
}

/// The queued faults and the sticky one.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    state: Mutex<FaultState>,
}

#[derive(Debug, Default)]
struct FaultState {
    queue: VecDeque<Fault>,
    sticky: Option<Fault>,
}

impl Faults {
    pub(crate) fn push(&self, faults: impl IntoIterator<Item = Fault>) {
        self.lock().queue.extend(faults);
    }

    pub(crate) fn set_sticky(&self, fault: Option<Fault>) {
        self.lock().sticky = fault;
    }

    /// Empties the queue and clears the sticky fault.
    pub(crate) fn clear(&self) {
        let mut state = self.lock();
        state.queue.clear();
        state.sticky = None;
    }

    /// Takes the fault for the next render request: the head of the queue, else the sticky one.
    pub(crate) fn next(&self) -> Option<Fault> {
        let mut state = self.lock();
        state.queue.pop_front().or(state.sticky)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fault_json_round_trips() {
        let faults = [
            Fault::Slow(Duration::from_millis(1500)),
            Fault::TooManyRequests,
            Fault::OversizedImage,
        ];
        let wire = serde_json::to_value(faults).unwrap();
        assert_eq!(
            wire,
            json!([
                { "fault": "slow", "millis": 1500 },
                { "fault": "tooManyRequests" },
                { "fault": "oversizedImage" }
            ])
        );
        let back: Vec<Fault> = serde_json::from_value(wire).unwrap();
        assert_eq!(back, faults);
    }

    #[test]
    fn fault_json_rejects_unknown_name() {
        let result = serde_json::from_value::<Fault>(json!({ "fault": "meltdown" }));
        assert!(result.is_err());
    }

    #[test]
    fn next_takes_queue_before_sticky() {
        let faults = Faults::default();
        faults.set_sticky(Some(Fault::ServerError));
        faults.push([Fault::RejectKey]);
        assert_eq!(faults.next(), Some(Fault::RejectKey));
        assert_eq!(faults.next(), Some(Fault::ServerError));
        assert_eq!(faults.next(), Some(Fault::ServerError));
    }

    #[test]
    fn clear_removes_queue_and_sticky() {
        let faults = Faults::default();
        faults.push([Fault::RejectKey]);
        faults.set_sticky(Some(Fault::ServerError));
        faults.clear();
        assert_eq!(faults.next(), None);
    }
}
