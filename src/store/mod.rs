//! The only code that knows SQL: opening a file safely, migrations, queries,
//! one transaction per operation, and the history log behind undo/redo.

mod bulk;
mod check;
mod events;
mod history;
mod legacy;
mod open;
mod reads;
mod registry;
mod rows;
mod salvage;
pub mod schema;
mod table;
mod undo;
mod values;
mod writes;

pub use crate::domain::Card;
pub use crate::domain::NewStory;
pub use crate::domain::{EpicFields, RiskFields, SprintFields, StoryFields};
pub use bulk::Counters;
pub use events::SprintEvent;
pub use history::{HistoryEntry, Image, Table, Tx};
pub use open::default_path;
pub use reads::Reads;
pub use rows::{FILTER_SCAN, Filter, SprintRecord};
pub use undo::{Logged, News, Stepped, Whose};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// What can go wrong in the store; each message is one sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not SQLite at all (or is empty).
    #[error("{0} is not a sprintboard database (it is not an SQLite file); it was left untouched")]
    NotSqlite(PathBuf),
    /// An SQLite file of some other program.
    #[error("{0} is an SQLite database of another application, not a sprintboard board; it was left untouched")]
    Foreign(PathBuf),
    /// Made by a newer sprintboard.
    #[error(
        "{path} was written by a newer sprintboard (schema version {found}, this one knows up to {known}); update sprintboard to open it — the file was left untouched"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i32,
        /// The newest this program knows.
        known: i32,
    },
    /// A write to a file opened read-only.
    #[error("{0} is read-only: nothing was changed")]
    ReadOnly(PathBuf),
    /// A write refused on a board that is open read-only for a reason the
    /// sentence names (a read-only folder, damage).
    #[error("{0}")]
    Refused(String),
    /// No room left on the disk (or for the `-shm` index SQLite maps).
    #[error("the disk is full: nothing was changed")]
    DiskFull,
    /// Another program holds the file locked for longer than the busy timeout.
    #[error("{0} is busy (another sprintboard is writing to it); try again")]
    Busy(PathBuf),
    /// Reading or writing the file failed.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A row the data refers to is missing or damaged.
    #[error("the board data is damaged: {0}")]
    Damaged(String),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

/// Failures that read the same wherever they happen: a full disk (a cache
/// spill can meet it in any statement), a page that cannot be read.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ffi;
        let extended = match &e {
            rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
            _ => return Error::Sql(e),
        };
        match (e.sqlite_error_code(), extended) {
            // Growing the -shm that SQLite maps fails when the disk is full.
            (Some(rusqlite::ErrorCode::DiskFull), _) | (_, ffi::SQLITE_IOERR_SHMSIZE | ffi::SQLITE_IOERR_SHMMAP) => {
                Error::DiskFull
            }
            (Some(rusqlite::ErrorCode::DatabaseCorrupt), _) => Error::Damaged(
                "part of the file cannot be read; `sprintboard export` writes what can still be read".into(),
            ),
            _ => Error::Sql(e),
        }
    }
}

/// Result of store calls.
pub type Result<T> = std::result::Result<T, Error>;

/// An open board file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Writes are refused before SQLite is asked (file permissions). Other
    /// reasons refuse at `BEGIN`, through the authorizer or SQLite itself,
    /// so that `explain` can say them; `is_read_only` tells all of them.
    read_only: bool,
    clock: Option<chrono::NaiveDateTime>,
    /// Who this store's changes are recorded as made by.
    author: String,
    own: Own,
    /// What the process knows about the file, shared with other stores on
    /// it; after `conn`, so that it outlives the connection (`registry.rs`).
    file: check::Counted,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.file.damage().is_some() {
            // Closing the last connection checkpoints the log into the file:
            // a write to a damaged file.
            let _ = self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        }
    }
}

/// What this store itself wrote, so that its news leaves it out.
#[derive(Default)]
struct Own {
    /// `history.touched` stamps of this store's commits, undos and redos.
    stamps: std::collections::HashSet<i64>,
    /// The SQL of each table's row image (`history.rs`), built once.
    image_sql: std::collections::HashMap<&'static str, std::sync::Arc<str>>,
}

/// The operating system's login name, the last choice for an author
/// (SPEC §1: `--user`, `$SPRINTBOARD_USER`, config `user`, then this).
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|n| n.trim().to_string())
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "someone".to_string())
}

impl Store {
    /// Opens (or creates) a board file; see `open.rs` for what is refused.
    pub fn open(path: &Path) -> Result<Store> {
        open::open(path)
    }

    /// Fixes the time operations record (tests, and `SPRINTBOARD_NOW` for
    /// reproducible scripts); `None` uses the local clock.
    pub fn set_clock(&mut self, now: Option<chrono::NaiveDateTime>) {
        self.clock = now;
    }

    /// Names the author of the changes made through this store.
    pub fn set_author(&mut self, name: &str) {
        let name = name.trim();
        self.author = if name.is_empty() { login_name() } else { name.to_string() };
    }

    /// Who the changes made through this store are recorded as made by.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// The time an operation starting now is recorded at (whole seconds).
    pub fn now(&self) -> chrono::NaiveDateTime {
        use chrono::Timelike;
        let t = self.clock.unwrap_or_else(|| chrono::Local::now().naive_local());
        t.with_nanosecond(0).unwrap_or(t)
    }

    /// Today's date, by the same clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date()
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the board is read-only: the file, its folder, or damage the
    /// check found (which may arrive a moment after opening).
    pub fn is_read_only(&self) -> bool {
        self.read_only
            || self.file.read_only.lock().unwrap_or_else(|e| e.into_inner()).is_some()
            || self.file.damage().is_some()
    }

    /// Why the board is read-only, as one sentence for the screen: file
    /// permissions, a read-only folder, or what is damaged.
    pub fn notice(&self) -> Option<String> {
        self.file.notice(&self.path)
    }

    /// The error a write to this read-only board meets (what a screen says
    /// before it opens a form that could not be saved).
    pub fn refused(&self) -> Error {
        self.file.refusal(&self.path).map_or_else(|| Error::ReadOnly(self.path.clone()), Error::Refused)
    }

    /// A number that changes when another connection commits to the file
    /// (`PRAGMA data_version`): cheap to poll between key presses.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Copies what the write-ahead log holds into the file, without waiting
    /// for readers (`PASSIVE`); the screen calls it when the user is idle so
    /// that actions rarely pay for it.
    pub fn checkpoint(&self) -> Result<()> {
        if !self.is_read_only() {
            self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Checks the file (`PRAGMA integrity_check`); `Ok(())` when sound.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(Error::Damaged(verdict)) }
    }
}

/// Maps busy and read-only SQLite failures to their own messages; a refused
/// write says why the board is read-only (a folder, damage) when the
/// process knows.
fn explain(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => Error::Busy(path.to_path_buf()),
        Some(ReadOnly | AuthorizationForStatementDenied) => registry::find(path)
            .and_then(|f| f.refusal(path))
            .map_or_else(|| Error::ReadOnly(path.to_path_buf()), Error::Refused),
        Some(NotADatabase) => Error::NotSqlite(path.to_path_buf()),
        _ => Error::from(e),
    }
}
