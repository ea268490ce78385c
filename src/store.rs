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

/// The default store location, relative to the working directory.
pub const DEFAULT_LOCATION: &str = "store";

const CURRENT: &str = "current";
const GENERATION_PREFIX: &str = "gen-";

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

/// The directory of the live generation, if a store was built here.
pub fn current_generation(location: &Path) -> Option<PathBuf> {
    let link = location.join(CURRENT);
    let target = std::fs::read_link(&link).ok()?;
    let dir = location.join(target);
    dir.is_dir().then_some(dir)
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
    let next = NextGeneration::create(location, false)?;
    next.load(quads.iter().cloned())?;
    Ok(next.commit(None)?.unwrap_or(quads.len()))
}

/// A generation being built beside the live one: empty, or a checkpoint of
/// the live one (RocksDB hard-links its immutable files, so this costs
/// about nothing) that the caller then edits. Nothing is live until
/// [`NextGeneration::commit`]; dropped without a commit, it is removed.
pub struct NextGeneration {
    location: PathBuf,
    name: String,
    dir: PathBuf,
    store: Option<Store>,
    /// Started from a checkpoint: compacting the whole store on commit would
    /// cost the store's size, not the change's.
    checkpoint: bool,
}

impl NextGeneration {
    /// A new generation at `location`: a checkpoint of the live one when
    /// `from_live` and there is one, else empty.
    pub fn create(location: &Path, from_live: bool) -> Result<Self, StoreError> {
        Self::create_inner(location, from_live)
    }

    fn create_inner(location: &Path, from_live: bool) -> Result<Self, StoreError> {
        std::fs::create_dir_all(location).map_err(io(location))?;
        let name = next_generation(location)?;
        let dir = location.join(&name);
        let live = current_generation(location).filter(|_| from_live);
        let mut next = Self {
            location: location.to_owned(),
            name,
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
        if let Some(bytes) = manifest {
            let path = manifest_path(&self.location, &self.name);
            let tmp = path.with_extension("json.tmp");
            std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io(&path))?;
        }
        swap_current(&self.location, &self.name)?;
        remove_stale_generations(&self.location, &self.name);
        // Committed: nothing left to clean up.
        self.name.clear();
        Ok(n)
    }
}

impl Drop for NextGeneration {
    fn drop(&mut self) {
        if !self.name.is_empty() {
            // Abandoned: the half-built generation is garbage (best effort).
            self.store = None;
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::remove_file(manifest_path(&self.location, &self.name));
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
    location.join(format!("{generation}.manifest.json"))
}

/// The manifest written with the live generation, if any.
pub fn live_manifest(location: &Path) -> Option<Vec<u8>> {
    let dir = current_generation(location)?;
    let name = dir.file_name()?.to_string_lossy().into_owned();
    std::fs::read(manifest_path(location, &name)).ok()
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GENERATION_PREFIX)?.parse().ok()
}

fn generations(location: &Path) -> Result<Vec<(u64, String)>, StoreError> {
    let mut v: Vec<(u64, String)> = std::fs::read_dir(location)
        .map_err(io(location))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            generation_number(&name).map(|n| (n, name))
        })
        .collect();
    v.sort();
    Ok(v)
}

fn next_generation(location: &Path) -> Result<String, StoreError> {
    let n = generations(location)?.last().map_or(1, |(n, _)| n + 1);
    Ok(format!("{GENERATION_PREFIX}{n:010}"))
}

fn swap_current(location: &Path, generation: &str) -> Result<(), StoreError> {
    let tmp = location.join(format!("{CURRENT}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    symlink(Path::new(generation), &tmp).map_err(io(&tmp))?;
    let link = location.join(CURRENT);
    std::fs::rename(&tmp, &link).map_err(io(&link))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Keeps the live generation and the one before it (a server started before
/// the rebuild may still read it); removes older ones and abandoned builds.
fn remove_stale_generations(location: &Path, live: &str) {
    let Ok(gens) = generations(location) else {
        return;
    };
    let live_n = generation_number(live).unwrap_or(0);
    let previous = gens
        .iter()
        .filter(|(n, _)| *n < live_n)
        .map(|(n, _)| *n)
        .max();
    for (n, name) in gens {
        if n != live_n && Some(n) != previous {
            let _ = std::fs::remove_dir_all(location.join(&name));
            let _ = std::fs::remove_file(manifest_path(location, &name));
        }
    }
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
        let names: Vec<String> = generations(&loc)
            .unwrap()
            .into_iter()
            .map(|g| g.1)
            .collect();
        assert_eq!(names, ["gen-0000000002", "gen-0000000003"]);
        assert_eq!(data_version(&loc).as_deref(), Some("gen-0000000003"));
    }

    #[test]
    fn failed_rebuild_leaves_previous_store_live() {
        let dir = tempfile::tempdir().unwrap();
        let loc = dir.path().join("s");
        rebuild(&loc, &[quad(1)]).unwrap();
        // The next generation's directory is taken by a file: RocksDB cannot open it.
        std::fs::write(loc.join("gen-0000000002"), b"not a directory").unwrap();
        assert!(rebuild(&loc, &[quad(1), quad(2)]).is_err());
        let store = open_read_only(&loc).unwrap();
        assert_eq!(store.len().unwrap(), 1);
    }
}
