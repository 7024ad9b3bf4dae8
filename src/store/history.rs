//! Transactions that record their own history. Every write an operation
//! makes goes through [`Tx`], which keeps the row's image before and after;
//! committing writes those images as one history entry. Undo writes the
//! before images back, redo the after images: any operation is undoable
//! without code of its own, and the log survives restarts because it lives
//! in the file.

use super::{Error, Result, Store, values};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value as Json};

/// The tables whose rows history tracks (all have an `id` primary key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// `board`
    Board,
    /// `objective`
    Objective,
    /// `epic`
    Epic,
    /// `sprint`
    Sprint,
    /// `story`
    Story,
    /// `commitment`
    Commitment,
    /// `velocity`
    Velocity,
    /// `risk`
    Risk,
}

impl Table {
    /// The SQL table name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Board => "board",
            Table::Objective => "objective",
            Table::Epic => "epic",
            Table::Sprint => "sprint",
            Table::Story => "story",
            Table::Commitment => "commitment",
            Table::Velocity => "velocity",
            Table::Risk => "risk",
        }
    }
}

/// One row's change: all columns for an insert or delete, only the changed
/// columns for an update (so moving a story with a long description logs
/// two numbers, not the description).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RowChange {
    /// Which table.
    pub table: Table,
    /// The row's id.
    pub id: i64,
    /// Columns before (`None`: the row did not exist).
    pub before: Option<Map<String, Json>>,
    /// Columns after (`None`: the row no longer exists).
    pub after: Option<Map<String, Json>>,
}

/// One entry of the history log, as the screens and reports read it.
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    /// Order in the log.
    pub seq: i64,
    /// When it happened.
    pub at: chrono::NaiveDateTime,
    /// What happened, in words.
    pub label: String,
    /// The rows it changed.
    pub changes: Vec<RowChange>,
}

/// A write transaction of one operation.
pub struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) path: std::path::PathBuf,
    pub(super) now: chrono::NaiveDateTime,
    changes: Vec<RowChange>,
    tracking: bool,
}

impl Store {
    /// Starts the transaction of one operation. `IMMEDIATE`, so that two
    /// instances queue on the lock instead of failing halfway.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone()));
        }
        let path = self.path.clone();
        let now = self.now();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| super::explain(&path, e))?;
        Ok(Tx { tx, path, now, changes: Vec::new(), tracking: true })
    }

    /// Undoes the newest change; returns its label, `None` if there is none.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.step_history(true)
    }

    /// Redoes the oldest undone change; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.step_history(false)
    }

    fn step_history(&mut self, undo: bool) -> Result<Option<String>> {
        let tx = self.write()?;
        let sql = if undo {
            "SELECT seq, label, changes FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
        } else {
            "SELECT seq, label, changes FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
        };
        let found: Option<(i64, String, String)> =
            tx.tx.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
        let Some((seq, label, changes)) = found else {
            return Ok(None);
        };
        let changes: Vec<RowChange> =
            serde_json::from_str(&changes).map_err(|e| Error::Damaged(format!("history entry {seq}: {e}")))?;
        // Rows come back in an order the foreign keys may only accept once
        // the whole entry is applied.
        tx.tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        if undo {
            for c in changes.iter().rev() {
                restore(&tx.tx, c.table, c.id, c.before.as_ref(), c.after.is_some() && c.before.is_some())?;
            }
        } else {
            for c in &changes {
                restore(&tx.tx, c.table, c.id, c.after.as_ref(), c.after.is_some() && c.before.is_some())?;
            }
        }
        tx.tx.execute("UPDATE history SET undone = ?2 WHERE seq = ?1", params![seq, undo])?;
        let path = tx.path.clone();
        tx.tx.commit().map_err(|e| super::explain(&path, e))?;
        Ok(Some(label))
    }
}

/// Writes a row image back: deletes the row for `None`, updates the named
/// columns of an existing row for a partial image, inserts a full one.
fn restore(
    tx: &Transaction<'_>,
    table: Table,
    id: i64,
    image: Option<&Map<String, Json>>,
    partial: bool,
) -> Result<()> {
    let name = table.name();
    let Some(image) = image else {
        tx.prepare_cached(&format!("DELETE FROM {name} WHERE id = ?1"))?.execute([id])?;
        return Ok(());
    };
    let cols: Vec<&String> = image.keys().filter(|c| c.as_str() != "id").collect();
    let vals: Vec<Value> = cols.iter().map(|c| json_to_sql(&image[c.as_str()])).collect();
    if partial {
        let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        let sql = format!("UPDATE {name} SET {} WHERE id = ?1", sets.join(", "));
        let mut all = vec![Value::Integer(id)];
        all.extend(vals);
        // Cached: a fresh statement on `story` recompiles its tally triggers.
        tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(all))?;
    } else {
        let marks: Vec<String> = (0..=cols.len()).map(|i| format!("?{}", i + 1)).collect();
        let names: Vec<&str> = std::iter::once("id").chain(cols.iter().map(|c| c.as_str())).collect();
        let sql = format!("INSERT INTO {name} ({}) VALUES ({})", names.join(", "), marks.join(", "));
        let mut all = vec![Value::Integer(id)];
        all.extend(vals);
        tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(all))?;
    }
    Ok(())
}

fn json_to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn sql_to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => Json::from(f),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) => Json::String(String::from_utf8_lossy(&b).into_owned()),
    }
}

impl<'a> Tx<'a> {
    /// The row as it is now, every column, or `None` if it does not exist.
    fn image(&self, table: Table, id: i64) -> Result<Option<Map<String, Json>>> {
        let mut stmt = self.tx.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1", table.name()))?;
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let row = stmt
            .query_row([id], |r| {
                let mut map = Map::new();
                for (i, n) in names.iter().enumerate() {
                    map.insert(n.clone(), sql_to_json(r.get::<_, Value>(i)?));
                }
                Ok(map)
            })
            .optional()?;
        Ok(row)
    }

    /// Runs `write` on the row `id` of `table` and records its change.
    pub(super) fn tracked(
        &mut self,
        table: Table,
        id: i64,
        write: impl FnOnce(&Transaction<'a>) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        if !self.tracking {
            write(&self.tx)?;
            return Ok(());
        }
        let before = self.image(table, id)?;
        write(&self.tx)?;
        let after = self.image(table, id)?;
        self.record(table, id, before, after);
        Ok(())
    }

    /// Sets some columns of one row and records just those: cheaper than
    /// [`Tx::tracked`] for the hot writes (moves, re-ranks), which would
    /// otherwise read the whole row, description included, twice.
    pub(super) fn set_columns(&mut self, table: Table, id: i64, columns: &[(&str, Value)]) -> Result<()> {
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let select = format!("SELECT {} FROM {} WHERE id = ?1", names.join(", "), table.name());
        let before: Option<Vec<Value>> = self
            .tx
            .prepare_cached(&select)?
            .query_row([id], |r| (0..names.len()).map(|i| r.get::<_, Value>(i)).collect())
            .optional()?;
        let Some(before) = before else { return Ok(()) };
        let sets: Vec<String> = names.iter().enumerate().map(|(i, n)| format!("{n} = ?{}", i + 2)).collect();
        let update = format!("UPDATE {} SET {} WHERE id = ?1", table.name(), sets.join(", "));
        let mut params = vec![Value::Integer(id)];
        params.extend(columns.iter().map(|(_, v)| v.clone()));
        self.tx.prepare_cached(&update)?.execute(rusqlite::params_from_iter(params))?;
        if self.tracking {
            let map = |vals: Vec<Value>| -> Map<String, Json> {
                names.iter().zip(vals).map(|(n, v)| (n.to_string(), sql_to_json(v))).collect()
            };
            let after = columns.iter().map(|(_, v)| v.clone()).collect();
            self.record(table, id, Some(map(before)), Some(map(after)));
        }
        Ok(())
    }

    /// Runs an insert and records the new row; returns its id.
    pub(super) fn tracked_insert(
        &mut self,
        table: Table,
        insert: impl FnOnce(&Transaction<'a>) -> rusqlite::Result<usize>,
    ) -> Result<i64> {
        insert(&self.tx)?;
        let id = self.tx.last_insert_rowid();
        if !self.tracking {
            return Ok(id);
        }
        let after = self.image(table, id)?;
        self.record(table, id, None, after);
        Ok(id)
    }

    fn record(&mut self, table: Table, id: i64, before: Option<Map<String, Json>>, after: Option<Map<String, Json>>) {
        let (before, after) = match (before, after) {
            (Some(b), Some(a)) => {
                let changed: Vec<String> =
                    a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
                if changed.is_empty() {
                    return;
                }
                let pick = |m: &Map<String, Json>| changed.iter().map(|k| (k.clone(), m[k].clone())).collect();
                (Some(pick(&b)), Some(pick(&a)))
            }
            (None, None) => return,
            other => other,
        };
        self.changes.push(RowChange { table, id, before, after });
    }

    /// Stops recording row images: for building a board in bulk (demo,
    /// generated benchmark boards), which is then committed with
    /// [`Tx::commit_without_history`]. Keeps memory flat for a million rows.
    pub fn untracked(mut self) -> Self {
        self.tracking = false;
        self
    }

    /// The file being written.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The time this operation happens at.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.now
    }

    /// Commits the operation with its history entry; a new change discards
    /// whatever was undone before it (there is nothing left to redo).
    pub fn commit(self, label: &str) -> Result<()> {
        if !self.changes.is_empty() {
            self.tx.prepare_cached("DELETE FROM history WHERE undone = 1")?.execute([])?;
            let changes = serde_json::to_string(&self.changes).map_err(|e| Error::Damaged(e.to_string()))?;
            self.tx
                .prepare_cached("INSERT INTO history (at, label, changes) VALUES (?1, ?2, ?3)")?
                .execute(params![values::time_text(self.now), label, changes])?;
        }
        let path = self.path;
        self.tx.commit().map_err(|e| super::explain(&path, e))
    }

    /// Commits without a history entry: for building a new board (init,
    /// demo), where there is nothing before to go back to.
    pub fn commit_without_history(self) -> Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| super::explain(&path, e))
    }
}
