//! Opening a file: refuse what is not ours before touching a byte, then
//! PRAGMAs outside any transaction, then migrations in one exclusive
//! transaction (cargo's `util/sqlite.rs`, mozilla's `open_database.rs`).

use super::{Error, Result, Store, explain, schema};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `sprintboard/board.db` under the platform data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "sprintboard").map(|d| d.data_dir().join("board.db"))
}

pub(super) fn open(path: &Path) -> Result<Store> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let exists = path.exists();
    let read_only = if exists {
        check_header(path)?;
        // Permission bits say read-only even to root; a file owned by someone
        // else, or on a read-only mount, only shows when opened for writing.
        std::fs::metadata(path).map_err(io)?.permissions().readonly()
            || std::fs::OpenOptions::new().write(true).open(path).is_err()
    } else {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        false
    };
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    };
    let conn = if read_only && !wal_in_use(path) {
        // Nobody is writing: open it as a snapshot, so that reading leaves
        // no -shm file behind (one owned by us, read-only, would keep the
        // file read-only for its owner until removed by hand).
        let uri = format!("file:{}?immutable=1", uri_path(path));
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    } else {
        Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    }
    .map_err(|e| explain(path, e))?;
    // Reads only, so a foreign or newer file is refused without a write.
    let version = check_identity(&conn, path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Keep one plan per cached statement: without this, queries on `col IS ?`
    // are prepared again on every run (measured 5.5 µs against 1.9 µs).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| explain(path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A checkpoint inside an action's commit costs 3–13 ms; with a larger
        // threshold they are rare, and the screen checkpoints when idle.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    }
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        read_only,
        clock: None,
        author: super::login_name(),
        own: Default::default(),
    };
    if version < schema::VERSION {
        if read_only {
            return Err(Error::ReadOnly(path.to_path_buf()));
        }
        store.migrate(version)?;
    }
    Ok(store)
}

/// Whether another connection may be writing (its write-ahead log exists).
fn wal_in_use(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    Path::new(&wal).exists()
}

/// A path as an SQLite URI path: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.replace('%', "%25").replace('?', "%3f").replace('#', "%23")
}

/// Refuses a file that does not start like SQLite (an empty file included),
/// reading only its first bytes.
fn check_header(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(Error::Io { path: path.to_path_buf(), source });
            }
        }
    }
    if read < head.len() || &head != SQLITE_MAGIC {
        return Err(Error::NotSqlite(path.to_path_buf()));
    }
    Ok(())
}

/// The file's schema version, after checking it is a sprintboard file (or a
/// blank SQLite file, which becomes one) that this program can read.
fn check_identity(conn: &Connection, path: &Path) -> Result<i32> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| explain(path, e))?;
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != schema::APPLICATION_ID && (app_id != 0 || objects > 0) {
        return Err(Error::Foreign(path.to_path_buf()));
    }
    if version > schema::VERSION {
        return Err(Error::Newer { path: path.to_path_buf(), found: version, known: schema::VERSION });
    }
    Ok(version)
}

impl Store {
    /// Runs the migrations from `from` in one exclusive transaction.
    fn migrate(&mut self, from: i32) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
            .map_err(|e| explain(&path, e))?;
        // Re-read inside the lock: another instance may have migrated meanwhile.
        let now: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now < schema::VERSION {
            if now == 0 {
                tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
            }
            schema::migrate(&tx, now.max(from))?;
        }
        tx.commit().map_err(|e| explain(&path, e))?;
        Ok(())
    }
}
