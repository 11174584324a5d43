//! Images the storage route hosts, kept in memory under the path of their URL.
//!
//! The store keeps at most a fixed number of images and of bytes. Adding an image evicts the
//! oldest ones until both bounds hold, and an image larger than the byte bound on its own is not
//! kept at all, so its URL returns 404. Images are never dropped for age: chart-img keeps them
//! for weeks, longer than any test runs.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;
use shared::chart::ImageFormat;

/// One hosted image.
#[derive(Debug, Clone)]
pub(crate) struct HostedImage {
    pub(crate) bytes: Bytes,
    pub(crate) format: ImageFormat,
    pub(crate) etag: String,
}

#[derive(Debug)]
pub(crate) struct HostedStore {
    max_images: usize,
    max_bytes: usize,
    state: Mutex<StoreState>,
}

#[derive(Debug, Default)]
struct StoreState {
    images: HashMap<String, HostedImage>,
    /// Paths from oldest to newest.
    order: VecDeque<String>,
    bytes: usize,
}

impl HostedStore {
    pub(crate) fn new(max_images: usize, max_bytes: usize) -> Self {
        HostedStore {
            max_images,
            max_bytes,
            state: Mutex::default(),
        }
    }

    /// Keeps `image` under `path`, evicting the oldest images to make room. Returns whether the
    /// image was kept.
    pub(crate) fn insert(&self, path: String, image: HostedImage) -> bool {
        let size = image.bytes.len();
        if size > self.max_bytes || self.max_images == 0 {
            return false;
        }

        let mut state = self.lock();
        while state.order.len() >= self.max_images || state.bytes + size > self.max_bytes {
            let Some(oldest) = state.order.pop_front() else {
                break;
            };
            if let Some(evicted) = state.images.remove(&oldest) {
                state.bytes -= evicted.bytes.len();
            }
        }

        state.bytes += size;
        state.order.push_back(path.clone());
        state.images.insert(path, image);
        true
    }

    pub(crate) fn get(&self, path: &str) -> Option<HostedImage> {
        self.lock().images.get(path).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StoreState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(size: usize) -> HostedImage {
        HostedImage {
            bytes: Bytes::from(vec![0; size]),
            format: ImageFormat::Png,
            etag: String::new(),
        }
    }

    #[test]
    fn insert_evicts_oldest_beyond_count() {
        let store = HostedStore::new(2, 1000);
        store.insert("a".into(), image(10));
        store.insert("b".into(), image(10));
        store.insert("c".into(), image(10));
        assert!(store.get("a").is_none());
        assert!(store.get("b").is_some());
        assert!(store.get("c").is_some());
    }

    #[test]
    fn insert_evicts_oldest_beyond_bytes() {
        let store = HostedStore::new(10, 100);
        store.insert("a".into(), image(40));
        store.insert("b".into(), image(40));
        store.insert("c".into(), image(40));
        assert!(store.get("a").is_none());
        assert!(store.get("b").is_some());
        assert!(store.get("c").is_some());
    }

    #[test]
    fn insert_skips_image_above_byte_bound() {
        let store = HostedStore::new(10, 100);
        store.insert("a".into(), image(40));
        assert!(!store.insert("big".into(), image(101)));
        assert!(store.get("big").is_none());
        assert!(store.get("a").is_some());
    }
}
