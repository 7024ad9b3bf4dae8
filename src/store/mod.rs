//! The only code that knows SQL: opening a file safely, migrations, queries,
//! one transaction per operation, and the history log behind undo/redo.

mod bulk;
mod events;
mod fields;
mod history;
mod legacy;
mod open;
mod reads;
mod rows;
pub mod schema;
mod undo;
mod values;
mod writes;

pub use bulk::Counters;
pub use events::SprintEvent;
pub use fields::{EpicRow, NewStory, RiskRow, SprintRow, StoryRow};
pub use history::{HistoryEntry, Image, Table, Tx};
pub use open::default_path;
pub use reads::Reads;
pub use rows::{Card, FILTER_SCAN, Filter, SprintRecord};
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
    Sql(#[from] rusqlite::Error),
}

/// Result of store calls.
pub type Result<T> = std::result::Result<T, Error>;

/// An open board file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    clock: Option<chrono::NaiveDateTime>,
    /// Who this store's changes are recorded as made by.
    author: String,
    own: Own,
}

/// What this store itself wrote, so that its news leaves it out.
#[derive(Default)]
struct Own {
    /// `history.touched` stamps of this store's commits, undos and redos.
    stamps: std::collections::HashSet<i64>,
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

    /// Whether the file was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
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
        if !self.read_only {
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

/// Maps busy and read-only SQLite failures to their own messages.
fn explain(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => Error::Busy(path.to_path_buf()),
        Some(ReadOnly) => Error::ReadOnly(path.to_path_buf()),
        Some(NotADatabase) => Error::NotSqlite(path.to_path_buf()),
        _ => Error::Sql(e),
    }
}
