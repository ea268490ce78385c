//! Atomic replacement of a publication directory.
//!
//! `--out DIR` is a symbolic link to a generation directory beside it:
//!
//! ```text
//! PARENT/
//!   DIR -> DIR.gen-0000000003     the live publication
//!   DIR.gen-0000000003/
//!   DIR.gen-0000000002/           the previous one, kept until the next publish
//! ```
//!
//! A publication is written into a new generation, every file and the
//! directory are fsynced, then a new link is renamed over `DIR` with one
//! `rename(2)`. A failure or a kill at any point before the rename leaves
//! the previous publication whole and live; the next publish removes the
//! abandoned generation.

use std::path::{Path, PathBuf};

use super::error::io;
use super::PublishError;

const GENERATION_INFIX: &str = ".gen-";
/// The file whose presence marks a directory as a civkg publication.
pub(crate) const MARKER: &str = "SHA256SUMS";

/// A publication being written.
#[derive(Debug)]
pub(crate) struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    generation: String,
    /// The directory to write into.
    pub(crate) dir: PathBuf,
}

fn split(out: &Path) -> Result<(PathBuf, String), PublishError> {
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
    Ok((parent, name))
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

fn generations(parent: &Path, name: &str) -> Result<Vec<(u64, String)>, PublishError> {
    let prefix = format!("{name}{GENERATION_INFIX}");
    let mut v: Vec<(u64, String)> = std::fs::read_dir(parent)
        .map_err(io(parent))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let n = file.strip_prefix(&prefix)?.parse().ok()?;
            Some((n, file))
        })
        .collect();
    v.sort();
    Ok(v)
}

impl Staging {
    /// Creates the next generation directory beside `out`.
    pub(crate) fn begin(out: &Path) -> Result<Self, PublishError> {
        let (parent, name) = split(out)?;
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        adopt_plain_directory(out, &parent, &name)?;
        let n = generations(&parent, &name)?
            .last()
            .map_or(1, |(n, _)| n + 1);
        let generation = format!("{name}{GENERATION_INFIX}{n:010}");
        let dir = parent.join(&generation);
        std::fs::create_dir(&dir).map_err(io(&dir))?;
        Ok(Self {
            out: out.to_owned(),
            parent,
            name,
            generation,
            dir,
        })
    }

    /// Makes the new generation live, then removes all but it and the one before.
    pub(crate) fn commit(self) -> Result<(), PublishError> {
        sync_dir(&self.dir)?;
        let tmp = self
            .parent
            .join(format!(".{}.link-{}", self.name, std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        symlink(Path::new(&self.generation), &tmp).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &self.out).map_err(io(&self.out))?;
        sync_dir(&self.parent)?;
        self.remove_stale();
        Ok(())
    }

    /// Removes the half-written generation (best effort).
    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    fn remove_stale(&self) {
        let Ok(gens) = generations(&self.parent, &self.name) else {
            return;
        };
        let live = gens
            .iter()
            .find(|(_, g)| *g == self.generation)
            .map_or(0, |(n, _)| *n);
        let previous = gens.iter().map(|(n, _)| *n).filter(|n| *n < live).max();
        for (n, g) in gens {
            if n != live && Some(n) != previous {
                let _ = std::fs::remove_dir_all(self.parent.join(g));
            }
        }
    }
}

/// `out` may be a plain directory: empty (made by hand) it is removed; a
/// publication it becomes the first generation; anything else is refused.
fn adopt_plain_directory(out: &Path, parent: &Path, name: &str) -> Result<(), PublishError> {
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
    let n = generations(parent, name)?.last().map_or(1, |(n, _)| n + 1);
    let generation = format!("{name}{GENERATION_INFIX}{n:010}");
    let dir = parent.join(&generation);
    std::fs::rename(out, &dir).map_err(io(&dir))?;
    symlink(Path::new(&generation), out).map_err(io(out))
}

/// Flushes a directory's entries to disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(io(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
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
        let gens: Vec<String> = generations(tmp.path(), "dumps")
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
        assert_eq!(generations(tmp.path(), "dumps").unwrap().len(), 2);
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
        assert_eq!(generations(tmp.path(), "old").unwrap().len(), 2);

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
