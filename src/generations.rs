//! Numbered generation directories behind one symbolic link, replaced
//! atomically and by one writer at a time: the mechanism under both the
//! store ([`crate::store`]) and the publication ([`crate::publish`]).
//!
//! ```text
//! PARENT/
//!   LINK -> PREFIX0000000003       the live generation
//!   PREFIX0000000003/
//!   PREFIX0000000002/              the one live before it, kept for readers
//!   .LINK.lock                     held while a writer works (flock)
//! ```
//!
//! A writer takes the [`Lock`] first, so a second build or publish on the
//! same location waits for the first instead of racing it. It writes a new
//! generation ([`Generations::begin`]), then [`Staging::commit`] fsyncs it,
//! renames a new link over `LINK` (one `rename(2)`) and fsyncs the parent.
//! A failure or a kill before the rename leaves the live generation whole.
//! After the rename the generations kept are the new one and the one that
//! was live when the writer began — never a half-written one left by a
//! killed writer, whatever its number — and everything else (abandoned
//! generations, their companion files, stray temporary links) is removed.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A file-system operation on a generation failed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct GenerationError {
    /// The path involved.
    pub path: PathBuf,
    /// What the OS said.
    pub source: std::io::Error,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> GenerationError + '_ {
    move |source| GenerationError {
        path: path.to_owned(),
        source,
    }
}

/// Where a family of generations lives and how its names are made.
#[derive(Debug, Clone)]
pub struct Generations {
    parent: PathBuf,
    link: String,
    prefix: String,
    companions: &'static [&'static str],
}

/// The exclusive right to write a new generation; released when dropped
/// (or when the process dies: the kernel drops the lock with the file).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Generations {
    /// Generations `PARENT/PREFIX<n>` behind the link `PARENT/LINK`; each
    /// may have companion files `PREFIX<n><suffix>` that live and die with it.
    pub fn new(
        parent: impl Into<PathBuf>,
        link: &str,
        prefix: &str,
        companions: &'static [&'static str],
    ) -> Self {
        Self {
            parent: parent.into(),
            link: link.to_owned(),
            prefix: prefix.to_owned(),
            companions,
        }
    }

    /// The directory that holds the generations.
    pub fn parent(&self) -> &Path {
        &self.parent
    }

    /// The link's path.
    pub fn link_path(&self) -> PathBuf {
        self.parent.join(&self.link)
    }

    /// Takes the writer's lock, waiting (with a log line naming the holder)
    /// while another process has it.
    pub fn lock(&self) -> Result<Lock, GenerationError> {
        std::fs::create_dir_all(&self.parent).map_err(io(&self.parent))?;
        let path = self.parent.join(format!(".{}.lock", self.link));
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                tracing::warn!(
                    lock = %path.display(),
                    holder = holder.trim(),
                    "another civkg process is writing here; waiting for it to finish"
                );
                file.lock().map_err(io(&path))?;
            }
            Err(TryLockError::Error(e)) => return Err(io(&path)(e)),
        }
        // Who holds it, for the next one's message (best effort).
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| write!(file, "pid {}", std::process::id()));
        Ok(Lock { _file: file })
    }

    /// The name of the live generation, if the link points at a directory.
    pub fn live(&self) -> Option<String> {
        let target = std::fs::read_link(self.link_path()).ok()?;
        let name = target.file_name()?.to_string_lossy().into_owned();
        self.number(&name)?;
        self.parent.join(&name).is_dir().then_some(name)
    }

    fn number(&self, name: &str) -> Option<u64> {
        let digits = name.strip_prefix(&self.prefix)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// Every generation directory or file present, by number.
    pub fn list(&self) -> Result<Vec<(u64, String)>, GenerationError> {
        let mut v: Vec<(u64, String)> = std::fs::read_dir(&self.parent)
            .map_err(io(&self.parent))?
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                self.number(&name).map(|n| (n, name))
            })
            .collect();
        v.sort();
        Ok(v)
    }

    /// Names the next generation (one past every number present, abandoned
    /// ones included); the caller creates its directory. Needs the lock.
    pub fn begin(&self, _lock: &Lock) -> Result<Staging, GenerationError> {
        let n = self.list()?.last().map_or(1, |(n, _)| n + 1);
        let name = format!("{}{n:010}", self.prefix);
        Ok(Staging {
            dir: self.parent.join(&name),
            name,
            was_live: self.live(),
            generations: self.clone(),
        })
    }

    /// A companion file of generation `name`.
    pub fn companion(&self, name: &str, suffix: &str) -> PathBuf {
        self.parent.join(format!("{name}{suffix}"))
    }

    fn remove(&self, name: &str) {
        let path = self.parent.join(name);
        let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
        for suffix in self.companions {
            let _ = std::fs::remove_file(self.companion(name, suffix));
        }
    }
}

/// A generation being written (see [`Generations::begin`]).
#[derive(Debug)]
pub struct Staging {
    /// Its name.
    pub name: String,
    /// Its directory (not created by `begin`).
    pub dir: PathBuf,
    was_live: Option<String>,
    generations: Generations,
}

impl Staging {
    /// Makes it live: fsyncs it, swaps the link, fsyncs the parent, then
    /// keeps only it and the generation that was live before.
    pub fn commit(self) -> Result<(), GenerationError> {
        sync_dir(&self.dir)?;
        let g = &self.generations;
        let tmp = g
            .parent
            .join(format!(".{}.link-{}", g.link, std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        symlink(Path::new(&self.name), &tmp).map_err(io(&tmp))?;
        let link = g.link_path();
        std::fs::rename(&tmp, &link).map_err(io(&link))?;
        sync_dir(&g.parent)?;
        self.remove_stale();
        Ok(())
    }

    /// Removes what was written (best effort).
    pub fn abandon(self) {
        self.generations.remove(&self.name);
    }

    fn remove_stale(&self) {
        let g = &self.generations;
        if let Ok(all) = g.list() {
            for (_, name) in all {
                if name != self.name && Some(&name) != self.was_live.as_ref() {
                    g.remove(&name);
                }
            }
        }
        // Temporary links of writers killed between symlink and rename.
        let stray = format!(".{}.link-", g.link);
        if let Ok(entries) = std::fs::read_dir(&g.parent) {
            for e in entries.filter_map(Result::ok) {
                if e.file_name().to_string_lossy().starts_with(&stray) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

/// Flushes a directory's entries to disk.
pub fn sync_dir(dir: &Path) -> Result<(), GenerationError> {
    #[cfg(unix)]
    {
        File::open(dir)
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

    fn write(g: &Generations, content: &str) -> String {
        let lock = g.lock().unwrap();
        let s = g.begin(&lock).unwrap();
        std::fs::create_dir(&s.dir).unwrap();
        std::fs::write(s.dir.join("data"), content).unwrap();
        let name = s.name.clone();
        s.commit().unwrap();
        name
    }

    fn names(g: &Generations) -> Vec<String> {
        g.list().unwrap().into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn a_killed_writer_never_becomes_the_previous_generation() {
        let tmp = tempfile::tempdir().unwrap();
        let g = Generations::new(tmp.path(), "current", "gen-", &[".manifest"]);
        let first = write(&g, "1");
        // Killed half-way: a numbered directory, a companion, a stray link.
        let lock = g.lock().unwrap();
        let half = g.begin(&lock).unwrap();
        std::fs::create_dir(&half.dir).unwrap();
        std::fs::write(g.companion(&half.name, ".manifest"), "half").unwrap();
        symlink(Path::new("x"), &tmp.path().join(".current.link-99999")).unwrap();
        drop(lock);
        let second = write(&g, "2");
        assert_eq!(names(&g), [first.clone(), second.clone()]);
        assert!(!g.companion(&half.name, ".manifest").exists());
        assert!(!tmp.path().join(".current.link-99999").exists());
        assert_eq!(g.live().unwrap(), second);
        let third = write(&g, "3");
        assert_eq!(names(&g), [second, third]);
        assert!(!tmp.path().join(first).exists());
    }

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let g = Generations::new(tmp.path(), "dumps", "dumps.gen-", &[]);
        let lock = g.lock().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let other = g.clone();
        let waiter = std::thread::spawn(move || {
            let _second = other.lock().unwrap();
            tx.send(()).unwrap();
        });
        assert!(rx
            .recv_timeout(std::time::Duration::from_millis(300))
            .is_err());
        drop(lock);
        rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        waiter.join().unwrap();
    }
}
