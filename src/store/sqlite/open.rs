//! Opening a file: refuse what is not ours before touching a byte, then
//! PRAGMAs outside any transaction, then migrations in one exclusive
//! transaction (cargo's `util/sqlite.rs`, mozilla's `open_database.rs`).

use super::registry::{self, ReadOnlyWhy};
use super::{Conn, check, explain, schema};
use crate::store::{Error, Result, Store};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `sprintboard/board.db` under the platform data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "sprintboard").map(|d| d.data_dir().join("board.db"))
}

pub(in crate::store) fn open(path: &Path) -> Result<Store> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).ok().map(|m| m.len());
    if size.is_none()
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // The header is read with a descriptor of our own only while no
    // connection of this process is on the file (see `registry.rs`).
    let file = registry::enter(path, || match size {
        Some(_) => check_header(path),
        None => Ok(()),
    })?;
    if size == Some(0) {
        // SQLite takes an empty file for a new database and would write to it.
        return Err(Error::NotSqlite(path.to_path_buf()));
    }
    let exists = size.is_some();
    let why = if exists { read_only_why(path).map_err(io)? } else { None };
    if !exists && let Some(ReadOnlyWhy::Folder(dir)) = folder_why(path) {
        return Err(Error::Refused(format!(
            "the folder {} is read-only, so no board can be made there as {}",
            dir.display(),
            path.display()
        )));
    }
    let read_only = why.is_some();
    let immutable = read_only && !wal_in_use(path);
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    };
    let mut conn = connect(path, flags, immutable).map_err(|e| explain(path, e))?;
    // Reads only, so a foreign or newer file is refused without a write.
    let version = check_identity(&conn, path)?;
    // One check for the stores open at a time: a second store on the file
    // (the forecast worker's) shares the first one's verdict.
    let file = file.store_opened(size, path, if immutable { open_snapshot } else { open_reading });
    *file.read_only.lock().unwrap_or_else(|e| e.into_inner()) = why.clone();
    check::guard_writes(&mut conn, Arc::clone(&file.0))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Keep one plan per cached statement: without this, queries on `col IS ?`
    // are prepared again on every run (measured 5.5 µs against 1.9 µs).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    if !read_only {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).map_err(|e| explain(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Switching rewrites the header: not before the check has spoken.
            file.wait_before_writing();
            if file.damage().is_none() {
                conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| explain(path, e))?;
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A checkpoint inside an action's commit costs 3–13 ms; with a larger
        // threshold they are rare, and the screen checkpoints when idle.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    }
    // A read-only folder is refused at `BEGIN` by the authorizer, so that
    // `explain` can name the folder; file permissions before SQLite is asked.
    let refuse_early = why == Some(ReadOnlyWhy::File);
    let conn = Conn { conn, path: path.to_path_buf(), file };
    if version < schema::VERSION {
        if read_only {
            return Err(conn.refused());
        }
        migrate(&conn, version)?;
    }
    Ok(Store::new(crate::store::db::Db::Sqlite(conn), path.to_path_buf(), refuse_early))
}

/// Opens a connection; `immutable` for a read-only file nobody is writing:
/// a snapshot, so that reading leaves no -shm file behind (one owned by us,
/// read-only, would keep the file read-only for its owner until removed).
fn connect(path: &Path, flags: OpenFlags, immutable: bool) -> rusqlite::Result<Connection> {
    if immutable {
        let uri = format!("file:{}?immutable=1", uri_path(path));
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    } else {
        Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    }
}

fn open_reading(path: &Path) -> rusqlite::Result<Connection> {
    connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, false)
}

fn open_snapshot(path: &Path) -> rusqlite::Result<Connection> {
    connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, true)
}

/// Why an existing file must be opened read-only, if it must. Asked with
/// `faccessat`, which opens no descriptor (closing one would drop this
/// process's SQLite locks on the file). Permission bits are looked at as
/// well, because root passes `access` whatever they say.
fn read_only_why(path: &Path) -> std::io::Result<Option<ReadOnlyWhy>> {
    if std::fs::metadata(path)?.permissions().readonly() {
        return Ok(Some(ReadOnlyWhy::File));
    }
    match writable(path) {
        Ok(()) => Ok(folder_why(path)),
        // On a read-only mount the folder is as read-only as the file.
        Err(e) if e.raw_os_error() == Some(libc::EROFS) => Ok(Some(folder(path))),
        Err(_) => Ok(Some(ReadOnlyWhy::File)),
    }
}

/// The folder's reason, if new files cannot be made in it: WAL needs to
/// create the -wal and -shm files beside the board.
fn folder_why(path: &Path) -> Option<ReadOnlyWhy> {
    writable(&folder_of(path)).err().map(|_| folder(path))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    }
}

fn folder(path: &Path) -> ReadOnlyWhy {
    let dir = folder_of(path);
    ReadOnlyWhy::Folder(std::fs::canonicalize(&dir).unwrap_or(dir))
}

/// `faccessat(W_OK)` with the effective user, as `open` would judge it.
fn writable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    // SAFETY: `c` is a NUL-terminated path that outlives the call.
    let rc = unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
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
/// reading only its first bytes. Only called while this process has no
/// connection on the file (see `registry.rs`).
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

/// Runs the migrations from `from` in one exclusive transaction.
fn migrate(conn: &Conn, from: i32) -> Result<()> {
    // Exclusive: taken at once, so no other instance migrates meanwhile.
    conn.batch("BEGIN EXCLUSIVE")?;
    let run = || -> Result<()> {
        // Re-read inside the lock: another instance may have migrated meanwhile.
        let now: i32 = conn.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now < schema::VERSION {
            if now == 0 {
                conn.conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
            }
            schema::migrate(&conn.conn, now.max(from))?;
        }
        conn.batch("COMMIT")
    };
    run().inspect_err(|_| {
        let _ = conn.conn.execute_batch("ROLLBACK");
    })
}
