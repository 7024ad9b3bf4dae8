//! The SQLite engine: a board file. Everything here is about the file:
//! opening it without harming it (`open.rs`), the damage check and the
//! authorizer that refuses writes to a damaged or read-only board
//! (`check.rs`, `registry.rs`), salvage for export (`salvage.rs`), the
//! file's migrations (`schema.rs`, `legacy.rs`), and its change counter.

mod check;
mod legacy;
pub(super) mod open;
mod registry;
mod salvage;
pub mod schema;

use super::db::{Params, Row, Sql, Value};
use super::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open board file's connection, with what the process knows about the
/// file (shared with other stores on it).
pub struct Conn {
    pub(super) conn: Connection,
    path: PathBuf,
    /// After `conn`, so that it outlives the connection (`registry.rs`).
    file: check::Counted,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.file.damage().is_some() {
            // Closing the last connection checkpoints the log into the file:
            // a write to a damaged file.
            let _ = self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        }
    }
}

impl Sql for Connection {
    fn each_row(
        &self,
        sql: &str,
        params: Params<'_>,
        limit: Option<usize>,
        f: &mut dyn FnMut(Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut seen = 0;
        while limit.is_none_or(|l| seen < l)
            && let Some(r) = rows.next()?
        {
            // Read in place: the mappers take what they need from it.
            f(Row::sqlite(r))?;
            seen += 1;
        }
        Ok(())
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        Ok(self.prepare_cached(sql)?.execute(params)?)
    }

    fn insert(&self, sql: &str, params: Params<'_>, _key: &str) -> Result<i64> {
        self.prepare_cached(sql)?.execute(params)?;
        Ok(self.last_insert_rowid())
    }
}

impl Conn {
    /// Runs statements without parameters; busy and read-only failures
    /// say so in their own words.
    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(|e| explain(&self.path, e))
    }

    /// Whether the file is read-only for a reason found after opening
    /// (its folder, damage the check found).
    pub(super) fn read_only_now(&self) -> bool {
        self.file.read_only.lock().unwrap_or_else(|e| e.into_inner()).is_some() || self.file.damage().is_some()
    }

    /// Why the board is read-only, as one sentence.
    pub(super) fn notice(&self) -> Option<String> {
        self.file.notice(&self.path)
    }

    /// The error a write to the read-only board meets.
    pub(super) fn refused(&self) -> Error {
        self.file.refusal(&self.path).map_or_else(|| Error::ReadOnly(self.path.clone()), Error::Refused)
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub(super) fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A passive checkpoint of the write-ahead log.
    pub(super) fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// `PRAGMA integrity_check`.
    pub(super) fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(Error::Damaged(verdict)) }
    }

    /// Sets the connection for writing a whole board; returns the settings
    /// to put back with [`Conn::bulk_end`].
    pub(super) fn bulk_begin(&self) -> Result<Vec<(&'static str, Value)>> {
        let mut before = Vec::with_capacity(BULK.len());
        for (name, value) in BULK {
            let old: Value = self.conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
            self.conn.pragma_update(None, name, value)?;
            before.push((*name, old));
        }
        Ok(before)
    }

    /// Puts the settings back. Best effort: failing to set a pragma back
    /// must not report a committed import as failed; the next connection
    /// starts afresh.
    pub(super) fn bulk_end(&self, before: Vec<(&'static str, Value)>) {
        for (name, old) in before {
            let _ = self.conn.pragma_update(None, name, &old);
        }
    }
}

/// How a connection is set while it writes a whole board in one transaction.
const BULK: &[(&str, &str)] = &[
    // Statement journals in memory: each insert into `story` fires the tally
    // triggers, so SQLite journals the pages every statement changes, in
    // case it fails halfway. Once one statement's journal outgrew 64 KiB it
    // became a temporary file for the rest of the transaction, and every
    // later story cost ten `pwrite` calls: measured 9.8 million for a
    // million stories. A statement's journal is a few pages, so memory is
    // the right place; the setting is read when a transaction begins.
    ("temp_store", "MEMORY"),
];

/// Maps busy and read-only SQLite failures to their own messages; a refused
/// write says why the board is read-only (a folder, damage) when the
/// process knows.
pub(super) fn explain(path: &Path, e: rusqlite::Error) -> Error {
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
