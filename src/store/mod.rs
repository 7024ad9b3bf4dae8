//! The only code that knows SQL: opening a board safely, migrations,
//! queries, one transaction per operation, and the history log behind
//! undo/redo. Two engines keep boards: a file (`sqlite/`) or a PostgreSQL
//! database (`postgres/`); the queries, writes, history and undo here are
//! written once against `db.rs`, and what differs per engine lives in
//! the engine's folder.

mod bulk;
mod copy;
pub mod db;
mod events;
mod history;
pub mod postgres;
mod reads;
mod review;
mod roadmap_writes;
mod rows;
pub mod sqlite;
mod table;
mod team;
mod undo;
mod values;
mod writes;

pub use sqlite::schema;

pub use crate::domain::Card;
pub use crate::domain::NewStory;
pub use crate::domain::{EpicFields, RiskFields, SprintFields, StoryFields};
pub use bulk::Counters;
pub use copy::Copied;
pub use events::SprintEvent;
pub use history::{HistoryEntry, Image, Table, Tx};
pub use reads::Reads;
pub use rows::{FILTER_SCAN, Filter, SprintRecord};
pub use sqlite::open::default_path;
pub use team::{Frozen, TeamReads};
pub use undo::{Logged, News, Stepped, Whose};

use db::Db;
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
    /// The PostgreSQL server cannot be reached (or went away mid-action).
    #[error("the server is unreachable: nothing was changed")]
    Unreachable,
    /// The server refused or failed; the sentence names the board (without
    /// its password) and what the server said.
    #[error("{0}")]
    Server(String),
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

/// An open board: a file or a PostgreSQL database.
pub struct Store {
    db: Db,
    /// The file, or the database's URL without its password.
    path: PathBuf,
    /// Writes are refused before the engine is asked (file permissions, a
    /// role that cannot write). Other reasons refuse at `BEGIN`, through
    /// the authorizer or SQLite itself, so that the refusal can say them;
    /// `is_read_only` tells all of them.
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
    /// Opens (or creates) a board: a file (see `sqlite/open.rs` for what is
    /// refused), or a PostgreSQL database when `path` is a
    /// `postgres://` or `postgresql://` URL (see `postgres/`).
    pub fn open(path: &Path) -> Result<Store> {
        match path.to_str() {
            Some(url) if postgres::is_url(url) => postgres::open(url),
            _ => sqlite::open::open(path),
        }
    }

    pub(crate) fn new(db: Db, path: PathBuf, read_only: bool) -> Store {
        Store { db, path, read_only, clock: None, author: login_name(), own: Own::default() }
    }

    /// Which engine keeps the board: `"sqlite"` or `"postgres"`.
    pub fn engine(&self) -> &'static str {
        self.db.engine()
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

    /// The file's path, or the database's URL without its password (the
    /// process keeps the password, so the URL opens the board again).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the board is read-only: the file, its folder, damage the
    /// check found (which may arrive a moment after opening), a role
    /// without write rights, or a server that cannot be reached (until the
    /// next poll of `data_version` finds it again).
    pub fn is_read_only(&self) -> bool {
        self.read_only
            || match &self.db {
                Db::Sqlite(c) => c.read_only_now(),
                Db::Postgres(c) => c.read_only() || c.lost(),
            }
    }

    /// Why the board is read-only, as one sentence for the screen: file
    /// permissions, a read-only folder, what is damaged, the role; or that
    /// the server is unreachable.
    pub fn notice(&self) -> Option<String> {
        match &self.db {
            Db::Sqlite(c) => c.notice(),
            Db::Postgres(c) => c.notice(),
        }
    }

    /// The error a write to this read-only board meets (what a screen says
    /// before it opens a form that could not be saved).
    pub fn refused(&self) -> Error {
        match &self.db {
            Db::Sqlite(c) => c.refused(),
            Db::Postgres(c) => c.refused(),
        }
    }

    /// A number that changes when another connection commits to the board
    /// (`PRAGMA data_version` on a file; PostgreSQL's notifications on a
    /// server): cheap to poll between key presses.
    pub fn data_version(&self) -> Result<i64> {
        match &self.db {
            Db::Sqlite(c) => c.data_version(),
            Db::Postgres(c) => c.data_version(),
        }
    }

    /// Starts a screen reload named `name`, with its reads sent ahead: on
    /// a server, the reads the last reload of that name made go out
    /// together first, in one round trip, and serve the same reads of this
    /// one (`postgres::Conn::begin_replay`); [`Store::end_replay`] ends
    /// it. A file reads as it goes.
    pub fn begin_replay(&self, name: &'static str) {
        if let Db::Postgres(c) = &self.db {
            c.begin_replay(name);
        }
    }

    /// Ends the reload [`Store::begin_replay`] started.
    pub fn end_replay(&self) {
        if let Db::Postgres(c) = &self.db {
            c.end_replay();
        }
    }

    /// Copies what the write-ahead log holds into the file, without waiting
    /// for readers (`PASSIVE`); the screen calls it when the user is idle so
    /// that actions rarely pay for it. Nothing to do on a server.
    pub fn checkpoint(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(c) if !self.is_read_only() => c.checkpoint(),
            _ => Ok(()),
        }
    }

    /// Checks the file (`PRAGMA integrity_check`); `Ok(())` when sound. A
    /// server keeps its own pages.
    pub fn integrity_check(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(c) => c.integrity_check(),
            Db::Postgres(_) => Ok(()),
        }
    }
}
