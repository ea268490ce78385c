//! The persistent Oxigraph store (RocksDB), rebuilt atomically.
//!
//! A store location is a directory that civkg manages:
//!
//! ```text
//! LOCATION/
//!   current -> gen-0000000003     symlink to the live generation
//!   gen-0000000003/               the RocksDB store being served
//!   gen-0000000003.manifest.json  what the build put in it (see `pipeline`)
//!   gen-0000000002/               the previous one, kept until the next build
//! ```
//!
//! [`rebuild`] loads a new generation beside the live one, flushes it, then
//! swaps the `current` symlink with a single `rename(2)`: a failure or a kill
//! at any point before the rename leaves the previous store untouched and
//! still served, and readers that opened the previous generation keep
//! reading it until they reopen.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, Quad};
use oxigraph::store::{StorageError, Store};

use crate::generations::{GenerationError, Generations, Lock, Staging};

/// The default store location, relative to the working directory.
pub const DEFAULT_LOCATION: &str = "store";

const CURRENT: &str = "current";
const GENERATION_PREFIX: &str = "gen-";
const MANIFEST_SUFFIX: &str = ".manifest.json";
/// Files that live and die with a generation: its manifest (and the
/// manifest's temporary name while it is written).
const COMPANIONS: &[&str] = &[MANIFEST_SUFFIX, ".manifest.json.tmp"];

/// Errors raised by the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file-system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// RocksDB or Oxigraph failed.
    #[error("{path}: store error: {source}")]
    Storage {
        /// The store directory.
        path: PathBuf,
        /// The underlying error.
        source: StorageError,
    },
    /// No store has been built at this location yet.
    #[error("{path}: no store here yet (run `civkg build` first)")]
    Missing {
        /// The location.
        path: PathBuf,
    },
}

impl From<GenerationError> for StoreError {
    fn from(e: GenerationError) -> Self {
        Self::Io {
            path: e.path,
            source: e.source,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

fn storage(path: &Path) -> impl FnOnce(StorageError) -> StoreError + '_ {
    move |source| StoreError::Storage {
        path: path.to_owned(),
        source,
    }
}

fn layout(location: &Path) -> Generations {
    Generations::new(location, CURRENT, GENERATION_PREFIX, COMPANIONS)
}

/// The directory of the live generation, if a store was built here.
pub fn current_generation(location: &Path) -> Option<PathBuf> {
    layout(location).live().map(|name| location.join(name))
}

/// Takes the location's writer lock: a second build on the same location
/// waits for the first (see [`crate::generations`]).
pub fn lock(location: &Path) -> Result<Lock, StoreError> {
    Ok(layout(location).lock()?)
}

/// A short identifier of the live data (the generation's directory name):
/// it changes on every rebuild and on nothing else.
pub fn data_version(location: &Path) -> Option<String> {
    current_generation(location)
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// Opens the live generation read-only.
pub fn open_read_only(location: &Path) -> Result<Store, StoreError> {
    let dir = current_generation(location).ok_or_else(|| StoreError::Missing {
        path: location.to_owned(),
    })?;
    Store::open_read_only(&dir).map_err(storage(&dir))
}

/// Builds a new generation from `quads` alone and makes it the live one.
///
/// Returns the number of quads loaded. On error the previous generation stays
/// live and the half-built one is removed.
pub fn rebuild(location: &Path, quads: &[Quad]) -> Result<usize, StoreError> {
    let lock = lock(location)?;
    let next = NextGeneration::create(location, false, &lock)?;
    next.load(quads.iter().cloned())?;
    Ok(next.commit(None)?.unwrap_or(quads.len()))
}

/// A generation being built beside the live one: empty, or a checkpoint of
/// the live one (RocksDB hard-links its immutable files, so this costs
/// about nothing) that the caller then edits. Nothing is live until
/// [`NextGeneration::commit`]; dropped without a commit, it is removed.
pub struct NextGeneration {
    location: PathBuf,
    /// `None` once committed.
    staging: Option<Staging>,
    dir: PathBuf,
    store: Option<Store>,
    /// Started from a checkpoint: compacting the whole store on commit would
    /// cost the store's size, not the change's.
    checkpoint: bool,
}

impl NextGeneration {
    /// A new generation at `location`: a checkpoint of the live one when
    /// `from_live` and there is one, else empty. The caller holds the
    /// location's [`lock`] until it commits or drops the generation.
    pub fn create(location: &Path, from_live: bool, lock: &Lock) -> Result<Self, StoreError> {
        std::fs::create_dir_all(location).map_err(io(location))?;
        let staging = layout(location).begin(lock)?;
        let dir = staging.dir.clone();
        let live = current_generation(location).filter(|_| from_live);
        let mut next = Self {
            location: location.to_owned(),
            staging: Some(staging),
            dir: dir.clone(),
            store: None,
            checkpoint: live.is_some(),
        };
        if let Some(live) = live {
            let source = Store::open_read_only(&live).map_err(storage(&live))?;
            source.backup(&dir).map_err(storage(&dir))?;
        }
        next.store = Some(Store::open(&dir).map_err(storage(&dir))?);
        Ok(next)
    }

    /// The store being built.
    pub fn store(&self) -> Result<&Store, StoreError> {
        self.store.as_ref().ok_or_else(|| StoreError::Missing {
            path: self.dir.clone(),
        })
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Bulk-loads quads and records their named graphs.
    pub fn load(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        let mut loader = self.loader()?;
        loader.add(quads)?;
        loader.finish()
    }

    /// A bulk loader into this generation: quads added to it are written to
    /// files as they come (memory does not grow with their number) and
    /// ingested at once by [`GenerationLoader::finish`]; deletions made
    /// meanwhile ([`NextGeneration::remove_graph`]) apply to what was there
    /// before.
    pub fn loader(&self) -> Result<GenerationLoader<'_>, StoreError> {
        Ok(GenerationLoader {
            loader: self.store()?.bulk_loader(),
            graphs: std::collections::BTreeSet::new(),
            store: self.store()?,
            dir: &self.dir,
        })
    }

    /// Removes a named graph and everything in it.
    pub fn remove_graph(&self, graph: &oxigraph::model::NamedNode) -> Result<(), StoreError> {
        self.store()?
            .remove_named_graph(graph)
            .map(|_| ())
            .map_err(storage(&self.dir))
    }

    /// Flushes and (when built from scratch) optimises the store, writes
    /// `manifest` beside it, and makes it the live generation. Returns its
    /// number of quads when built from scratch (counting a checkpointed
    /// store would cost its size, not the change's).
    pub fn commit(mut self, manifest: Option<&[u8]>) -> Result<Option<usize>, StoreError> {
        let store = self.store.take().ok_or_else(|| StoreError::Missing {
            path: self.dir.clone(),
        })?;
        let dir = self.dir.clone();
        store.flush().map_err(storage(&dir))?;
        let n = if self.checkpoint {
            None
        } else {
            store.optimize().map_err(storage(&dir))?;
            Some(store.len().map_err(storage(&dir))?)
        };
        drop(store);
        let staging = self.staging.take().ok_or_else(|| StoreError::Missing {
            path: self.dir.clone(),
        })?;
        if let Some(bytes) = manifest {
            let path = manifest_path(&self.location, &staging.name);
            let tmp = path.with_extension("json.tmp");
            std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io(&path))?;
        }
        staging.commit()?;
        Ok(n)
    }
}

impl Drop for NextGeneration {
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            // Abandoned: the half-built generation is garbage (best effort).
            self.store = None;
            staging.abandon();
        }
    }
}

/// See [`NextGeneration::loader`].
pub struct GenerationLoader<'g> {
    loader: oxigraph::store::BulkLoader<'g>,
    graphs: std::collections::BTreeSet<String>,
    store: &'g Store,
    dir: &'g Path,
}

impl GenerationLoader<'_> {
    /// Adds quads.
    pub fn add(&mut self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        let graphs = &mut self.graphs;
        self.loader
            .load_quads(quads.into_iter().inspect(|q| {
                if let GraphNameRef::NamedNode(g) = q.graph_name.as_ref() {
                    if !graphs.contains(g.as_str()) {
                        graphs.insert(g.as_str().to_owned());
                    }
                }
            }))
            .map_err(storage(self.dir))
    }

    /// Ingests everything added and records the named graphs.
    pub fn finish(self) -> Result<(), StoreError> {
        self.loader.commit().map_err(storage(self.dir))?;
        // Bulk loading skips the named-graph index; record each graph once.
        for g in self.graphs {
            let g = oxigraph::model::NamedNode::new_unchecked(g);
            self.store
                .insert_named_graph(&g)
                .map_err(storage(self.dir))?;
        }
        Ok(())
    }
}

fn manifest_path(location: &Path, generation: &str) -> PathBuf {
    layout(location).companion(generation, MANIFEST_SUFFIX)
}

/// The manifest written with the live generation, if any.
pub fn live_manifest(location: &Path) -> Option<Vec<u8>> {
    let dir = current_generation(location)?;
    let name = dir.file_name()?.to_string_lossy().into_owned();
    std::fs::read(manifest_path(location, &name)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn quad(i: usize) -> Quad {
        let s = NamedNode::new_unchecked(format!("http://example.com/{i}"));
        Quad::new(
            s.clone(),
            s,
            Literal::from(i as i64),
            GraphName::DefaultGraph,
        )
    }

    #[test]
    fn rebuild_swaps_generations_and_keeps_one_previous() {
        let dir = tempfile::tempdir().unwrap();
        let loc = dir.path().join("s");
        assert!(matches!(
            open_read_only(&loc),
            Err(StoreError::Missing { .. })
        ));
        for round in 1..=3 {
            let quads: Vec<Quad> = (0..round).map(quad).collect();
            assert_eq!(rebuild(&loc, &quads).unwrap(), round);
            let store = open_read_only(&loc).unwrap();
            assert_eq!(store.len().unwrap(), round);
        }
        let names: Vec<String> = layout(&loc)
            .list()
            .unwrap()
            .into_iter()
            .map(|g| g.1)
            .collect();
        assert_eq!(names, ["gen-0000000002", "gen-0000000003"]);
        assert_eq!(data_version(&loc).as_deref(), Some("gen-0000000003"));
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_store_live() {
        let dir = tempfile::tempdir().unwrap();
        let loc = dir.path().join("s");
        rebuild(&loc, &[quad(1)]).unwrap();
        let lock = lock(&loc).unwrap();
        let next = NextGeneration::create(&loc, true, &lock).unwrap();
        next.load([quad(2)]).unwrap();
        let half = next.dir().to_owned();
        drop(next); // an error on the way: never committed
        drop(lock);
        assert!(!half.exists());
        let store = open_read_only(&loc).unwrap();
        assert_eq!(store.len().unwrap(), 1);
    }
}
