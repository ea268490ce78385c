//! The evaluations running now, and the memory ceiling over them.
//!
//! A time limit alone does not bound memory: a query that materialises a
//! cartesian product to sort it can take gigabytes within its seconds. The
//! server's resident memory is read every [`POLL`]; an evaluation during
//! which it has grown by more than [`super::ServerConfig::max_memory`] is
//! cancelled (its client gets 503 saying why) and frees what it holds.
//!
//! Growth, not the total, is the measure: the allocator keeps memory a
//! cancelled query freed and reuses it, so the resident set may stay high
//! with nothing running, and a total ceiling would then cancel every query
//! that follows. The memory of one evaluation cannot be told apart from
//! the others' in a shared heap: evaluations running beside one that
//! passes the ceiling are cancelled with it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use oxigraph::sparql::CancellationToken;

/// How often the resident memory is read while evaluations run.
pub const POLL: Duration = Duration::from_millis(50);

/// The evaluations running now.
#[derive(Debug, Default)]
pub(crate) struct Running {
    entries: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
    /// The resident memory at the last reading, in bytes.
    resident: AtomicU64,
}

struct Entry {
    token: CancellationToken,
    over_memory: Arc<AtomicBool>,
    /// The resident memory when it started.
    baseline: u64,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("cancelled", &self.token.is_cancelled())
            .field("over_memory", &self.over_memory)
            .field("baseline", &self.baseline)
            .finish()
    }
}

/// One running evaluation; dropping it takes it off the list.
#[derive(Debug)]
pub(crate) struct Registration {
    running: Weak<Running>,
    id: u64,
    over_memory: Arc<AtomicBool>,
}

impl Registration {
    /// Whether the memory ceiling cancelled it (rather than its time limit).
    pub(crate) fn over_memory(&self) -> bool {
        self.over_memory.load(Ordering::SeqCst)
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(running) = self.running.upgrade() {
            running.lock().remove(&self.id);
        }
    }
}

impl Running {
    /// Starts the watch over the ceiling (a thread that ends with the last
    /// reference to the list) and returns the list.
    pub(crate) fn watched(ceiling_bytes: u64) -> Arc<Self> {
        let running = Arc::new(Self::default());
        running
            .resident
            .store(resident_bytes().unwrap_or(0), Ordering::Relaxed);
        let weak = Arc::downgrade(&running);
        let spawned = std::thread::Builder::new()
            .name("civkg-memory".into())
            .spawn(move || watch(&weak, ceiling_bytes));
        if let Err(error) = spawned {
            tracing::warn!(%error, "cannot start the memory watch: no memory ceiling");
        }
        running
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts an evaluation on the list.
    pub(crate) fn register(self: &Arc<Self>, token: &CancellationToken) -> Registration {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let over_memory = Arc::new(AtomicBool::new(false));
        self.lock().insert(
            id,
            Entry {
                token: token.clone(),
                over_memory: over_memory.clone(),
                baseline: self.resident.load(Ordering::Relaxed),
            },
        );
        Registration {
            running: Arc::downgrade(self),
            id,
            over_memory,
        }
    }

    /// Cancels the evaluations during which the resident memory grew by
    /// more than `ceiling` bytes.
    fn enforce(&self, resident: u64, ceiling: u64) {
        let entries = self.lock();
        for entry in entries.values() {
            if resident.saturating_sub(entry.baseline) > ceiling && !entry.token.is_cancelled() {
                tracing::warn!(
                    resident_mb = resident >> 20,
                    started_at_mb = entry.baseline >> 20,
                    ceiling_mb = ceiling >> 20,
                    "memory ceiling reached: cancelling a query"
                );
                entry.over_memory.store(true, Ordering::SeqCst);
                entry.token.cancel();
            }
        }
    }
}

fn watch(running: &Weak<Running>, ceiling: u64) {
    loop {
        std::thread::sleep(POLL);
        let Some(running) = running.upgrade() else {
            return;
        };
        let Some(resident) = resident_bytes() else {
            tracing::warn!("cannot read the resident memory: no memory ceiling");
            return;
        };
        running.resident.store(resident, Ordering::Relaxed);
        if !running.lock().is_empty() {
            running.enforce(resident, ceiling);
        }
    }
}

/// This process's resident memory (`VmRSS` of `/proc/self/status`);
/// `None` where that file does not exist.
pub(crate) fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    kilobytes(&status, "VmRSS:").map(|kb| kb << 10)
}

/// The memory of this machine (`MemTotal` of `/proc/meminfo`).
pub(crate) fn total_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    kilobytes(&meminfo, "MemTotal:").map(|kb| kb << 10)
}

fn kilobytes(text: &str, key: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_its_own_memory() {
        if std::path::Path::new("/proc/self/status").exists() {
            let resident = resident_bytes().unwrap_or(0);
            assert!(resident > 1 << 20, "{resident}");
            assert!(total_memory_bytes().unwrap_or(0) > resident);
        }
        assert_eq!(kilobytes("VmRSS:\t  2048 kB\n", "VmRSS:"), Some(2048));
    }

    #[test]
    fn the_ceiling_cancels_what_grows_and_only_that() {
        // 128 MB of growth passes a 48 MB ceiling; what other tests
        // allocate meanwhile stays below it.
        let running = Running::watched(48 << 20);
        let token = CancellationToken::new();
        let registration = running.register(&token);
        let grown: Vec<u8> = std::hint::black_box(vec![1; 128 << 20]);
        std::thread::sleep(POLL * 6);
        assert!(token.is_cancelled(), "{:?}", running.lock());
        assert!(registration.over_memory());
        drop(registration);
        // What started after the growth is measured from there.
        let later = CancellationToken::new();
        let _later = running.register(&later);
        std::thread::sleep(POLL * 4);
        assert!(!later.is_cancelled());
        drop(grown);
    }
}
