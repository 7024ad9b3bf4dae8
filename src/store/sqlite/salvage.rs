//! What can still be read from a damaged file, for `export` (SPEC §7): the
//! rows of every table copied into a database in memory, skipping the rows
//! on pages that cannot be read, so that the ordinary reads (and so every
//! export format) work on what is left.

use super::check;
use crate::store::db::Db;
use crate::store::{Result, Store};
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, params_from_iter};

impl Store {
    /// On a damaged board, swaps the file's connection for a copy in memory
    /// of every row that can still be read, and says so; `None` on a sound
    /// board (after waiting for the damage check, whatever the file's size:
    /// whoever exports reads the whole file anyway). The copy refuses writes
    /// as the file did.
    pub fn salvage_if_damaged(&mut self) -> Result<Option<String>> {
        let Db::Sqlite(c) = &mut self.db else { return Ok(None) };
        c.file.wait_for_verdict();
        let Some(what) = c.file.damage() else {
            return Ok(None);
        };
        let mut copy = Connection::open_in_memory()?;
        copy_schema(&c.conn, &copy)?;
        let tables: Vec<String> = c
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut lost = false;
        for table in &tables {
            lost |= copy_rows(&c.conn, &copy, table)?;
        }
        check::guard_writes(&mut copy, std::sync::Arc::clone(&c.file.0))?;
        let old = std::mem::replace(&mut c.conn, copy);
        // Closing the file's last connection would checkpoint into it.
        let _ = old.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        drop(old);
        let rows = if lost { "the rows on it are left out" } else { "no row was lost" };
        Ok(Some(format!("{} is damaged ({what}): {rows}", c.path.display())))
    }
}

/// Tables, then indexes; no triggers (nothing writes to the copy) and the
/// same identity, so the copy reads like the file.
fn copy_schema(from: &Connection, to: &Connection) -> Result<()> {
    for pragma in ["application_id", "user_version"] {
        let value: i64 = from.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?;
        to.pragma_update(None, pragma, value)?;
    }
    let sql: Vec<String> = from
        .prepare(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index', 'view')
             AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', type = 'view'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for statement in sql {
        to.execute_batch(&statement)?;
    }
    Ok(())
}

/// Copies the readable rows of `table` in key order; true if some could not
/// be read. A scan stops at an unreadable page; the next readable key is then
/// found by seeking past it (doubling the step, then halving it back), since
/// the pages above still lead around it.
fn copy_rows(from: &Connection, to: &Connection, table: &str) -> Result<bool> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let columns = from.prepare(&format!("SELECT * FROM {quoted} LIMIT 0"))?.column_count();
    let marks = vec!["?"; columns].join(", ");
    let mut insert = to.prepare(&format!("INSERT INTO {quoted} VALUES ({marks})"))?;
    // A table without rowids (the tallies) is read up to its first bad page.
    let key = if has_rowid(from, &quoted) { "rowid" } else { "NULL" };
    let filter = if key == "rowid" { "WHERE rowid >= ?1 ORDER BY rowid" } else { "WHERE ?1 IS NOT NULL" };
    let mut scan = from.prepare(&format!("SELECT {key}, * FROM {quoted} {filter}"))?;
    let mut seek = from.prepare(&format!("SELECT {key} FROM {quoted} WHERE {key} >= ?1 ORDER BY {key} LIMIT 1"))?;
    let mut from_key = i64::MIN;
    let mut lost = false;
    loop {
        let mut rows = scan.query([from_key])?;
        let mut last = None;
        let stopped = loop {
            match rows.next() {
                Ok(Some(row)) => {
                    last = row.get::<_, Option<i64>>(0)?;
                    let values: Vec<Value> = (1..=columns).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()?;
                    insert.execute(params_from_iter(values))?;
                }
                Ok(None) => break false,
                Err(e) if is_damage(&e) => break true,
                Err(e) => return Err(e.into()),
            }
        };
        if !stopped {
            return Ok(lost);
        }
        lost = true;
        if key != "rowid" {
            return Ok(lost);
        }
        let after = last.unwrap_or(from_key.saturating_sub(1));
        match next_readable(&mut seek, after)? {
            Some(k) => from_key = k,
            None => return Ok(lost),
        }
    }
}

/// The smallest readable key above `after`, seeking over unreadable pages.
fn next_readable(seek: &mut rusqlite::Statement<'_>, after: i64) -> Result<Option<i64>> {
    let mut probe = |k: i64| -> Result<Option<Option<i64>>> {
        match seek.query_row([k], |r| r.get::<_, i64>(0)) {
            Ok(found) => Ok(Some(Some(found))),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(Some(None)),
            Err(e) if is_damage(&e) => Ok(None),
            Err(e) => Err(e.into()),
        }
    };
    // Seeks up to `bad` fail; find the first that does not.
    let (mut bad, mut step) = (after, 1i64);
    let (mut good, mut found) = loop {
        let k = bad.saturating_add(step);
        if let Some(found) = probe(k)? {
            break (k, found);
        }
        if k == i64::MAX {
            return Ok(None);
        }
        bad = k;
        step = step.saturating_mul(2);
    };
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        match probe(mid)? {
            Some(f) => (good, found) = (mid, f),
            None => bad = mid,
        }
    }
    Ok(found)
}

fn is_damage(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt)
}

fn has_rowid(conn: &Connection, quoted: &str) -> bool {
    conn.prepare(&format!("SELECT rowid FROM {quoted} LIMIT 0")).is_ok()
}
