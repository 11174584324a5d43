//! An in-memory cache with a time to live. A Lambda instance keeps its memory between warm
//! invocations, so lists fetched once serve every request the instance handles until they
//! expire. Each instance has its own copy, so there is no cross-instance consistency to keep.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

/// Values by key, each dropped `ttl` after it was stored.
pub(crate) struct TtlCache<V> {
    ttl: Duration,
    /// Maximum number of entries. The oldest is dropped to make room.
    capacity: usize,
    entries: Mutex<HashMap<String, Entry<V>>>,
}

struct Entry<V> {
    value: Arc<V>,
    stored: Instant,
    fetched_at: DateTime<Utc>,
}

/// A value from the cache and when it was fetched.
pub(crate) struct Cached<V> {
    pub value: Arc<V>,
    pub fetched_at: DateTime<Utc>,
}

impl<V> TtlCache<V> {
    /// Creates a cache whose entries live for `ttl`. A zero `ttl` stores nothing.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        TtlCache {
            ttl,
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the value stored under `key` unless it has expired.
    pub fn get(&self, key: &str) -> Option<Cached<V>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(key)?;
        if entry.stored.elapsed() >= self.ttl {
            entries.remove(key);
            return None;
        }
        Some(Cached {
            value: Arc::clone(&entry.value),
            fetched_at: entry.fetched_at,
        })
    }

    /// Stores `value` under `key` and returns it as cached.
    pub fn insert(&self, key: String, value: V) -> Cached<V> {
        let cached = Cached {
            value: Arc::new(value),
            fetched_at: Utc::now(),
        };
        if self.ttl.is_zero() || self.capacity == 0 {
            return cached;
        }

        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, entry| entry.stored.elapsed() < self.ttl);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, entry)| entry.stored)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key,
            Entry {
                value: Arc::clone(&cached.value),
                stored: Instant::now(),
                fetched_at: cached.fetched_at,
            },
        );
        cached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn entry_expires_after_ttl() {
        let cache = TtlCache::new(Duration::from_secs(60), 8);
        cache.insert("k".to_owned(), 1);
        tokio::time::advance(Duration::from_secs(59)).await;
        assert_eq!(cache.get("k").map(|hit| *hit.value), Some(1));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(cache.get("k").is_none());
    }

    #[tokio::test]
    async fn zero_ttl_stores_nothing() {
        let cache = TtlCache::new(Duration::ZERO, 8);
        let inserted = cache.insert("k".to_owned(), 1);
        assert_eq!(*inserted.value, 1);
        assert!(cache.get("k").is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn full_cache_drops_the_oldest() {
        let cache = TtlCache::new(Duration::from_secs(60), 2);
        cache.insert("a".to_owned(), 1);
        tokio::time::advance(Duration::from_secs(1)).await;
        cache.insert("b".to_owned(), 2);
        tokio::time::advance(Duration::from_secs(1)).await;
        cache.insert("c".to_owned(), 3);
        assert!(cache.get("a").is_none());
        assert!(cache.get("b").is_some());
        assert!(cache.get("c").is_some());
    }
}
