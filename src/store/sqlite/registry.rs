//! The board files this process has open, each with what is known about it.
//!
//! On Linux, closing *any* descriptor of a file drops every POSIX lock the
//! process holds on it — SQLite's shared lock included, the one that tells
//! other processes the write-ahead log is in use. With it gone, the next
//! outside reader to close (the `sqlite3` shell, a backup script) deletes the
//! `-wal` and `-shm`, and our later commits go to a log nobody else reads.
//! SQLite guards its own descriptors against this; ours must not exist. So a
//! raw descriptor (the header check) is only opened while this registry says
//! the process has no connection on the file, under the registry's lock,
//! and an entry lives as long as any connection on the file does.

use super::check::Checking;
use crate::store::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};

/// Why a board is open read-only, as far as opening could tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ReadOnlyWhy {
    /// The file's permissions (or its mount, or its owner) allow no writing.
    File,
    /// The file could be written, but its folder cannot take the `-wal` and
    /// `-shm` files WAL needs beside it.
    Folder(PathBuf),
}

/// What this process knows about one open board file, shared by every
/// `Store` on it (the screen's and the forecast worker's) and the damage
/// check's connection.
pub(super) struct FileState {
    key: PathBuf,
    /// Set by whoever opened the file read-only, and why.
    pub(super) read_only: Mutex<Option<ReadOnlyWhy>>,
    /// The damage check of the stores open now; see `check.rs`.
    pub(super) check: Mutex<Checking>,
    /// Signalled when a verdict arrives.
    pub(super) arrived: Condvar,
}

static OPEN: Mutex<Option<HashMap<PathBuf, Weak<FileState>>>> = Mutex::new(None);

fn open_files() -> MutexGuard<'static, Option<HashMap<PathBuf, Weak<FileState>>>> {
    // A panic elsewhere while holding the lock leaves the map consistent.
    OPEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The name a file is known by in the registry: its canonical path, or for
/// a file not yet created, its canonical folder joined with its name.
pub(super) fn key(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// The entry for `path`, made if the process has no connection on the file;
/// `first` runs only then, under the registry's lock (the one moment a raw
/// descriptor on the file is harmless).
pub(super) fn enter(path: &Path, first: impl FnOnce() -> Result<()>) -> Result<Arc<FileState>> {
    let key = key(path);
    let mut guard = open_files();
    let map = guard.get_or_insert_with(HashMap::new);
    if let Some(state) = map.get(&key).and_then(Weak::upgrade) {
        return Ok(state);
    }
    first()?;
    let state = Arc::new(FileState {
        key: key.clone(),
        read_only: Mutex::new(None),
        check: Mutex::new(Checking::default()),
        arrived: Condvar::new(),
    });
    map.insert(key, Arc::downgrade(&state));
    Ok(state)
}

/// The entry for a file the process has open, if it has.
pub(super) fn find(path: &Path) -> Option<Arc<FileState>> {
    let key = key(path);
    open_files().as_ref()?.get(&key).and_then(Weak::upgrade)
}

impl Drop for FileState {
    fn drop(&mut self) {
        let mut guard = open_files();
        if let Some(map) = guard.as_mut() {
            // A newer entry for the same file may already have replaced this
            // one (it was made once this one had no owner left).
            if map.get(&self.key).is_some_and(|w| w.strong_count() == 0) {
                map.remove(&self.key);
            }
        }
    }
}
