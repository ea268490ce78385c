//! The state shared by every request: the open store, its data version,
//! the presets and the response cache.
//!
//! The store's live generation only changes when `civkg build` swaps the
//! `current` symlink. The server looks at the symlink at most once per
//! [`REFRESH_INTERVAL`] and reopens the store when it moved, so a rebuild
//! is served without a restart. In write mode the version also counts the
//! writes made through this server, so ETags and cached responses never
//! outlive the data they describe.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use super::cache::ResponseCache;
use super::error::{HttpError, ServerError};
use super::running::Running;
use super::ServerConfig;
use crate::presets::{self, Preset};
use crate::store::{self, StoreError};

/// How often the `current` symlink is checked for a rebuild.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(1);

/// One opened generation of the store.
pub(crate) struct Live {
    /// The store.
    pub(crate) store: Store,
    /// The generation's name (see [`store::data_version`]).
    pub(crate) generation: String,
    /// Writes made through this server to this generation.
    writes: AtomicU64,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("generation", &self.generation)
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
}

impl Live {
    /// The data version: changes on every rebuild and every write.
    pub(crate) fn version(&self) -> String {
        match self.writes.load(Ordering::SeqCst) {
            0 => self.generation.clone(),
            n => format!("{}+{n}", self.generation),
        }
    }

    /// Records a successful write.
    pub(crate) fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Debug)]
struct Shared {
    config: ServerConfig,
    base: NamedNode,
    presets: Vec<Preset>,
    live: RwLock<Arc<Live>>,
    checked: Mutex<Instant>,
    cache: ResponseCache,
    /// Turns to evaluate a query or an update.
    evaluations: Arc<Semaphore>,
    /// Turns to stream a result.
    streams: Arc<Semaphore>,
    /// Becomes `true` when the server stops: running queries cancel.
    stopping: watch::Sender<bool>,
    /// The evaluations running now, under the memory ceiling.
    running: Arc<Running>,
}

/// What every handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

impl AppState {
    /// Opens the store at `config.location` (read-only unless a write token
    /// is configured) and loads the presets.
    pub fn open(config: ServerConfig) -> Result<Self, ServerError> {
        let base = NamedNode::new(&config.base).map_err(|e| ServerError::Base {
            base: config.base.clone(),
            error: e.to_string(),
        })?;
        let live = open_live(&config.location, config.write_token.is_some())?;
        let presets = presets::all()?;
        let config_evaluations = config.max_evaluations.max(1);
        let config_streams = config.max_streams.max(1);
        let config_memory = config.max_memory;
        Ok(Self {
            shared: Arc::new(Shared {
                cache: ResponseCache::new(config.cache_bytes),
                config,
                base,
                presets,
                live: RwLock::new(Arc::new(live)),
                checked: Mutex::new(Instant::now()),
                evaluations: Arc::new(Semaphore::new(config_evaluations)),
                streams: Arc::new(Semaphore::new(config_streams)),
                stopping: watch::Sender::new(false),
                running: Running::watched(config_memory),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.shared.config
    }

    /// The base of data IRIs.
    pub(crate) fn base(&self) -> &str {
        self.shared.base.as_str()
    }

    /// The presets.
    pub(crate) fn presets(&self) -> &[Preset] {
        &self.shared.presets
    }

    /// The response cache.
    pub(crate) fn cache(&self) -> &ResponseCache {
        &self.shared.cache
    }

    /// Waits for a turn to evaluate, for at most `wait`; `None` when the
    /// server stays busy that long.
    pub(crate) async fn evaluation_turn(&self, wait: Duration) -> Option<OwnedSemaphorePermit> {
        let turn = self.shared.evaluations.clone().acquire_owned();
        tokio::time::timeout(wait, turn).await.ok()?.ok()
    }

    /// The evaluations running now.
    pub(crate) fn running(&self) -> &Arc<Running> {
        &self.shared.running
    }

    /// A turn to stream a result, if one is free now.
    pub(crate) fn stream_turn(&self) -> Option<OwnedSemaphorePermit> {
        self.shared.streams.clone().try_acquire_owned().ok()
    }

    /// Resolves when the server stops.
    pub(crate) fn stopping(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut stopping = self.shared.stopping.subscribe();
        async move {
            // An error means the sender is gone: the server is stopping too.
            let _ = stopping.wait_for(|stop| *stop).await;
        }
    }

    /// Whether the server is stopping.
    pub(crate) fn is_stopping(&self) -> bool {
        *self.shared.stopping.borrow()
    }

    /// What tells the handlers that the server stops (see [`super::run`]).
    pub(crate) fn stopping_sender(&self) -> watch::Sender<bool> {
        self.shared.stopping.clone()
    }

    /// Whether writes are enabled at all.
    pub(crate) fn writable(&self) -> bool {
        self.shared.config.write_token.is_some()
    }

    /// The live store, reopened first if a rebuild swapped generations.
    pub(crate) async fn live(&self) -> Result<Arc<Live>, HttpError> {
        let due = {
            let mut checked = self
                .shared
                .checked
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let due = checked.elapsed() >= REFRESH_INTERVAL;
            if due {
                *checked = Instant::now();
            }
            due
        };
        if due {
            let this = self.clone();
            tokio::task::spawn_blocking(move || this.refresh())
                .await
                .map_err(HttpError::internal)??;
        }
        Ok(self.current())
    }

    fn current(&self) -> Arc<Live> {
        self.shared
            .live
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Reopens the store if the live generation changed. Blocking.
    fn refresh(&self) -> Result<(), HttpError> {
        let location = &self.shared.config.location;
        let Some(generation) = store::data_version(location) else {
            return Ok(()); // keep serving what is open
        };
        if generation == self.current().generation {
            return Ok(());
        }
        let live = open_live(location, self.writable()).map_err(HttpError::internal)?;
        tracing::info!(generation = %live.generation, "store rebuilt: serving the new generation");
        *self
            .shared
            .live
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(live);
        Ok(())
    }

    /// Checks `Authorization: Bearer <token>` for a write.
    pub(crate) fn authorize_write(&self, headers: &axum::http::HeaderMap) -> Result<(), HttpError> {
        let Some(expected) = &self.shared.config.write_token else {
            return Err(HttpError::forbidden(
                "this endpoint is read-only (start the server with --write-token to allow writes)",
            ));
        };
        let given = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => Ok(()),
            Some(_) => Err(HttpError::forbidden("invalid write token")),
            None => Err(HttpError::forbidden(
                "writes need `Authorization: Bearer <token>`",
            )),
        }
    }
}

fn open_live(location: &std::path::Path, writable: bool) -> Result<Live, StoreError> {
    let generation = store::data_version(location).ok_or_else(|| StoreError::Missing {
        path: location.to_owned(),
    })?;
    let store = if writable {
        let dir: PathBuf = location.join(&generation);
        Store::open(&dir).map_err(|source| StoreError::Storage { path: dir, source })?
    } else {
        store::open_read_only(location)?
    };
    Ok(Live {
        store,
        generation,
        writes: AtomicU64::new(0),
    })
}

/// Compares secrets in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
