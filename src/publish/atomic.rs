//! Atomic replacement of a publication directory, on
//! [`crate::generations`].
//!
//! `--out DIR` is a symbolic link to a generation directory beside it:
//!
//! ```text
//! PARENT/
//!   DIR -> DIR.gen-0000000003     the live publication
//!   DIR.gen-0000000003/
//!   DIR.gen-0000000002/           the previous one, kept until the next publish
//!   .DIR.lock                     held by the publish writing (one at a time)
//! ```
//!
//! A publication is written into a new generation, every file and the
//! directory are fsynced, then a new link is renamed over `DIR` with one
//! `rename(2)`. A failure or a kill at any point before the rename leaves
//! the previous publication whole and live; the next publish removes the
//! abandoned generation and keeps the last complete one as the previous.

use std::path::{Path, PathBuf};

use super::error::io;
use super::PublishError;
use crate::generations::{GenerationError, Generations, Lock};

const GENERATION_INFIX: &str = ".gen-";
/// The file whose presence marks a directory as a civkg publication.
pub(crate) const MARKER: &str = "SHA256SUMS";

impl From<GenerationError> for PublishError {
    fn from(e: GenerationError) -> Self {
        Self::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// A publication being written; holds the lock until committed or dropped.
#[derive(Debug)]
pub(crate) struct Staging {
    inner: crate::generations::Staging,
    _lock: Lock,
    /// The directory to write into.
    pub(crate) dir: PathBuf,
}

fn layout(out: &Path) -> Result<(Generations, String), PublishError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "." && n != "..")
        .ok_or_else(|| PublishError::BadOut {
            path: out.to_owned(),
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{name}{GENERATION_INFIX}");
    Ok((Generations::new(parent, &name, &prefix, &[]), name))
}

/// The directory the live publication at `out` lives in, if any.
pub fn current(out: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(out).ok()?;
    if meta.file_type().is_symlink() || meta.is_dir() {
        let dir = std::fs::canonicalize(out).ok()?;
        dir.join(MARKER).is_file().then_some(dir)
    } else {
        None
    }
}

impl Staging {
    /// Takes the lock and creates the next generation directory beside `out`.
    pub(crate) fn begin(out: &Path) -> Result<Self, PublishError> {
        let (generations, _) = layout(out)?;
        let lock = generations.lock()?;
        adopt_plain_directory(out, &generations, &lock)?;
        let inner = generations.begin(&lock)?;
        std::fs::create_dir(&inner.dir).map_err(io(&inner.dir))?;
        Ok(Self {
            dir: inner.dir.clone(),
            inner,
            _lock: lock,
        })
    }

    /// Makes the new generation live, then removes all but it and the one
    /// that was live before.
    pub(crate) fn commit(self) -> Result<(), PublishError> {
        Ok(self.inner.commit()?)
    }

    /// Removes the half-written generation (best effort).
    pub(crate) fn abandon(self) {
        self.inner.abandon();
    }
}

/// `out` may be a plain directory: empty (made by hand) it is removed; a
/// publication it becomes the first generation; anything else is refused.
fn adopt_plain_directory(
    out: &Path,
    generations: &Generations,
    lock: &Lock,
) -> Result<(), PublishError> {
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    if !meta.is_dir() {
        return Err(PublishError::NotAPublication {
            path: out.to_owned(),
        });
    }
    let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
    if empty {
        return std::fs::remove_dir(out).map_err(io(out));
    }
    if !out.join(MARKER).is_file() {
        return Err(PublishError::NotAPublication {
            path: out.to_owned(),
        });
    }
    let adopted = generations.begin(lock)?;
    std::fs::rename(out, &adopted.dir).map_err(io(&adopted.dir))?;
    adopted.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publish(out: &Path, content: &str) {
        let s = Staging::begin(out).unwrap();
        std::fs::write(s.dir.join(MARKER), content).unwrap();
        s.commit().unwrap();
    }

    #[test]
    fn commits_swap_the_link_and_keep_one_previous_generation() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dumps");
        for round in 1..=3 {
            publish(&out, &round.to_string());
            assert_eq!(
                std::fs::read_to_string(out.join(MARKER)).unwrap(),
                round.to_string()
            );
        }
        let gens: Vec<String> = layout(&out)
            .unwrap()
            .0
            .list()
            .unwrap()
            .into_iter()
            .map(|g| g.1)
            .collect();
        assert_eq!(gens, ["dumps.gen-0000000002", "dumps.gen-0000000003"]);
        assert_eq!(
            current(&out).unwrap().file_name().unwrap(),
            "dumps.gen-0000000003"
        );
    }

    #[test]
    fn an_abandoned_generation_leaves_the_live_one_and_is_cleaned_later() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dumps");
        publish(&out, "one");
        let s = Staging::begin(&out).unwrap();
        std::fs::write(s.dir.join("half"), "x").unwrap();
        drop(s); // as if killed: the directory stays
        assert_eq!(std::fs::read_to_string(out.join(MARKER)).unwrap(), "one");
        publish(&out, "two");
        publish(&out, "three");
        assert_eq!(layout(&out).unwrap().0.list().unwrap().len(), 2);
    }

    #[test]
    fn a_plain_directory_is_adopted_only_when_empty_or_a_publication() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        publish(&empty, "1");
        assert!(current(&empty).is_some());

        let old = tmp.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join(MARKER), "0").unwrap();
        publish(&old, "1");
        assert_eq!(layout(&old).unwrap().0.list().unwrap().len(), 2);

        let other = tmp.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            Staging::begin(&other),
            Err(PublishError::NotAPublication { .. })
        ));
        assert!(other.join("notes.txt").is_file());
    }
}
