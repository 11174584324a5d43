//! A record of the requests the stand-in received, so tests can check what a client sent.
//!
//! Every request outside the `/__fake/` control routes is kept, newest last. Only the most
//! recent [`MAX_RECORDED`] are kept, so a long-running stand-in does not grow without bound.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Requests kept before the oldest are dropped.
const MAX_RECORDED: usize = 10_000;

/// One request as the stand-in received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string without its `?`, when the request had one.
    pub query: Option<String>,
    /// Whether `x-api-key` held the configured key.
    pub key_matched: bool,
    /// The body parsed as JSON, or `None` when it was empty or not JSON.
    pub body: Option<Value>,
}

#[derive(Debug, Default)]
pub(crate) struct Recorder {
    requests: Mutex<VecDeque<RecordedRequest>>,
}

impl Recorder {
    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut requests = self.lock();
        if requests.len() == MAX_RECORDED {
            requests.pop_front();
        }
        requests.push_back(request);
    }

    /// Returns the kept requests, oldest first.
    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().iter().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<RecordedRequest>> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: path.into(),
            query: None,
            key_matched: true,
            body: None,
        }
    }

    #[test]
    fn record_drops_oldest_beyond_bound() {
        let recorder = Recorder::default();
        for index in 0..=MAX_RECORDED {
            recorder.record(request(&format!("/{index}")));
        }
        let kept = recorder.snapshot();
        assert_eq!(kept.len(), MAX_RECORDED);
        assert_eq!(kept[0].path, "/1");
    }
}
