//! A bounded in-memory cache of serialised responses.
//!
//! The data only changes on rebuild (or on an authorised write), so a
//! response is fully determined by the data version, the request (query,
//! dataset, preset parameters) and the negotiated format. Entries of an
//! older version are dropped as soon as a newer version is seen; when the
//! byte budget is exceeded the oldest entries go first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;

/// A serialised response body and what is needed to send it again.
#[derive(Debug)]
pub(crate) struct Cached {
    /// The body.
    pub(crate) body: Bytes,
    /// Its media type.
    pub(crate) content_type: String,
    /// Whether `--max-rows` cut the result.
    pub(crate) truncated: bool,
}

#[derive(Debug, Default)]
struct Inner {
    version: String,
    entries: HashMap<String, Arc<Cached>>,
    order: VecDeque<String>,
    bytes: usize,
}

/// The cache. Keys are built by [`ResponseCache::key`].
#[derive(Debug)]
pub(crate) struct ResponseCache {
    capacity: usize,
    inner: Mutex<Inner>,
}

impl ResponseCache {
    /// A cache holding at most `capacity` bytes of bodies.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// A key from the parts of a request that determine its response.
    pub(crate) fn key(parts: &[&str]) -> String {
        // A separator that cannot occur in any part's text meaningfully.
        parts.join("\u{0}")
    }

    /// The response cached for `key` at data version `version`.
    pub(crate) fn get(&self, version: &str, key: &str) -> Option<Arc<Cached>> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.version != version {
            return None;
        }
        inner.entries.get(key).cloned()
    }

    /// Stores a response; entries larger than an eighth of the capacity are
    /// not kept (one huge result must not evict everything else).
    pub(crate) fn put(&self, version: &str, key: String, value: Cached) {
        let size = value.body.len() + key.len();
        if size > self.capacity / 8 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.version != version {
            *inner = Inner {
                version: version.to_owned(),
                ..Inner::default()
            };
        }
        if let Some(old) = inner.entries.insert(key.clone(), Arc::new(value)) {
            inner.bytes -= old.body.len() + key.len();
            inner.order.retain(|k| k != &key);
        }
        inner.bytes += size;
        inner.order.push_back(key);
        while inner.bytes > self.capacity {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(v) = inner.entries.remove(&oldest) {
                inner.bytes -= v.body.len() + oldest.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Cached {
        Cached {
            body: Bytes::from(vec![b'x'; n]),
            content_type: "text/csv".into(),
            truncated: false,
        }
    }

    #[test]
    fn a_new_version_empties_the_cache() {
        let c = ResponseCache::new(1000);
        c.put("v1", "q".into(), entry(10));
        assert!(c.get("v1", "q").is_some());
        assert!(c.get("v2", "q").is_none());
        c.put("v2", "r".into(), entry(10));
        assert!(c.get("v1", "q").is_none());
    }

    #[test]
    fn oldest_entries_are_evicted_first() {
        let c = ResponseCache::new(800);
        for k in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
            c.put("v", k.into(), entry(99));
        }
        assert!(c.get("v", "a").is_none());
        assert!(c.get("v", "i").is_some());
    }

    #[test]
    fn huge_entries_are_not_kept() {
        let c = ResponseCache::new(800);
        c.put("v", "big".into(), entry(500));
        assert!(c.get("v", "big").is_none());
    }
}
