//! Transactions that record their own history. Every write an operation
//! makes goes through [`Tx`], which keeps the row's image before and after;
//! each image goes to `history_row` as it is taken (never all in memory),
//! under one `history` entry that names the author. Undo writes the before
//! images back, redo the after images (`undo.rs`): any operation is
//! undoable without code of its own, and the log survives restarts because
//! it lives in the file.

use super::db::{Db, Sql, Value, as_params};
pub use super::table::Table;
use super::{Error, Result, Store, events, schema, values};
use rusqlite::params;
use serde_json::{Map, Value as Json};

mod known;

/// A row image: column name → value. Only the changed columns for an
/// update (so moving a story with a long description logs two numbers).
pub type Image = Map<String, Json>;

/// The column history never records: versions only ever go up (updates,
/// undo's included, bump them; a row undo brings back gets one above any it
/// had), so a screen that saw an older version can always tell.
const VERSION_COLUMN: &str = "version";

/// One entry of the history log, as messages and undo name it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// Order in the log.
    pub seq: i64,
    /// When it happened.
    pub at: chrono::NaiveDateTime,
    /// What happened, in words.
    pub label: String,
    /// Who did it ('' for entries written before authors were recorded).
    pub author: String,
}

/// A write transaction of one operation.
pub struct Tx<'a> {
    pub(super) db: &'a Db,
    pub(super) path: std::path::PathBuf,
    pub(super) now: chrono::NaiveDateTime,
    author: &'a str,
    own: &'a mut super::Own,
    /// This operation's history entry, created with its first change.
    entry: Option<i64>,
    /// How many row changes the entry holds so far.
    rows: i64,
    tracking: bool,
    /// Until committed: a `Tx` dropped while open rolls back.
    open: bool,
    /// The rank the last epic this transaction inserted got, while no other
    /// epic's rank has changed: the next one goes below it without a scan
    /// of every epic (an import of thousands of epics was quadratic).
    pub(super) epic_bottom: Option<i64>,
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            self.db.rollback();
        }
    }
}

impl Store {
    /// Starts the transaction of one operation. `IMMEDIATE`, so that two
    /// instances queue on the lock instead of failing halfway.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone()));
        }
        if let Db::Postgres(c) = &self.db {
            // A lost connection is made again first (an action after the
            // server came back need not wait for the screen to notice).
            c.ensure()?;
            if c.read_only() {
                return Err(c.refused());
            }
        }
        let now = self.now();
        let Store { db, path, author, own, .. } = self;
        db.begin_write()?;
        Ok(Tx {
            db,
            path: path.clone(),
            now,
            author,
            own,
            entry: None,
            rows: 0,
            tracking: true,
            open: true,
            epic_bottom: None,
        })
    }
}

/// `col = ?2, …` for `columns`, with the row's version bumped in the same
/// write rather than by the trigger's second update of the row (moves and
/// re-ranks are the hot path).
fn sets_of(table: Table, columns: &[(&str, Value)]) -> Vec<String> {
    let mut sets: Vec<String> = columns.iter().enumerate().map(|(i, (n, _))| format!("{n} = ?{}", i + 2)).collect();
    if table.has_version() {
        sets.push(format!("{VERSION_COLUMN} = {}.{VERSION_COLUMN} + 1", table.name()));
    }
    sets
}

/// The `UPDATE` of some columns of row `id`, and its values.
fn update_of(table: Table, id: i64, columns: &[(&str, Value)]) -> (String, Vec<Value>) {
    let mut params = vec![Value::Integer(id)];
    params.extend(columns.iter().map(|(_, v)| v.clone()));
    (format!("UPDATE {} SET {} WHERE id = ?1", table.name(), sets_of(table, columns).join(", ")), params)
}

pub(super) fn json_to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// A value as a row image holds it.
pub(super) fn sql_to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => Json::from(f),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) => Json::String(String::from_utf8_lossy(&b).into_owned()),
    }
}

/// A whole row as an image: column name → value.
fn row_image(r: &super::db::Row) -> rusqlite::Result<Image> {
    Ok(r.names().into_iter().zip(r.values()?).map(|(n, v)| (n, sql_to_json(v))).collect())
}

/// The next `touched` stamp: every commit, undo and redo takes one, and
/// none is given out twice.
pub(super) fn next_stamp(db: &Db) -> Result<i64> {
    db.query_row("UPDATE history_state SET stamp = stamp + 1 WHERE id = 1 RETURNING stamp", &[], |r| r.get(0))
}

impl<'a> Tx<'a> {
    /// The row as it is now, every column, or `None` if it does not exist
    /// (what a tracked write records as its before image: an action reads
    /// it ahead with this).
    pub fn image(&self, table: Table, id: i64) -> Result<Option<Image>> {
        self.db.query_opt(&format!("SELECT * FROM {} WHERE id = ?1", table.name()), params![id], row_image)
    }

    /// Runs `write` on the row `id` of `table` and records its change.
    /// `sql` is an `UPDATE` or `DELETE` of that one row (`WHERE id = ?1`);
    /// an update gives its after image itself (`RETURNING *`), a delete
    /// leaves none, so a change costs one read besides its write.
    pub(super) fn tracked(&mut self, table: Table, id: i64, sql: &str, params: super::db::Params<'_>) -> Result<()> {
        if !self.tracking {
            self.db.execute(sql, params)?;
            return Ok(());
        }
        let before = self.image(table, id)?;
        let after = if sql.starts_with("DELETE") {
            // No answer is waited for: on a server it goes with COMMIT.
            self.db.later(sql, params)?;
            None
        } else {
            self.db.query_opt(&format!("{sql} RETURNING *"), params, row_image)?
        };
        self.record(table, id, before, after)
    }

    /// Reads ahead what `f` reads: on a server, all in one round trip,
    /// kept until this transaction writes (`Db::read_ahead`). An action
    /// names there what it is about to read, so that it reads and then
    /// writes in two round trips in all.
    pub fn read_ahead(&self, mut f: impl FnMut(&Self)) -> Result<()> {
        self.db.read_ahead(&mut || f(self))
    }

    /// Notes what `f` reads, to be read right after this transaction
    /// commits (`Db::read_after_commit`): on a server in the commit's own
    /// round trip, so what an action reads after its step costs nothing.
    pub fn read_after_commit(&self, mut f: impl FnMut(&Self)) {
        self.db.read_after_commit(&mut || f(self))
    }

    /// Sets some columns of one row and records just those: cheaper than
    /// [`Tx::tracked`] for the hot writes (moves, re-ranks), which would
    /// otherwise read the whole row, description included, twice.
    pub(super) fn set_columns(&mut self, table: Table, id: i64, columns: &[(&str, Value)]) -> Result<()> {
        if table == Table::Epic {
            self.epic_bottom = None;
        }
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let sets = sets_of(table, columns);
        let mut params = vec![Value::Integer(id)];
        params.extend(columns.iter().map(|(_, v)| v.clone()));
        let name = table.name();
        let before: Option<Vec<Value>> = match self.db {
            Db::Sqlite(_) => {
                let select = format!("SELECT {} FROM {name} WHERE id = ?1", names.join(", "));
                let before = self.db.query_opt(&select, params![id], |r| r.values())?;
                if before.is_some() {
                    let (update, params) = update_of(table, id, columns);
                    self.db.execute(&update, &as_params(&params))?;
                }
                before
            }
            // One statement that returns the values it replaced: the row
            // as it was, joined to itself (SQLite's RETURNING cannot name
            // another table).
            Db::Postgres(_) => {
                let old: Vec<String> = names.iter().map(|n| format!("old.{n}")).collect();
                let update = format!(
                    "UPDATE {name} SET {} FROM (SELECT id, {} FROM {name} WHERE id = ?1 FOR UPDATE) AS old \
                     WHERE {name}.id = old.id RETURNING {}",
                    sets.join(", "),
                    names.join(", "),
                    old.join(", ")
                );
                self.db.query_opt(&update, &as_params(&params), |r| r.values())?
            }
        };
        let Some(before) = before else { return Ok(()) };
        self.record_columns(table, id, columns, before)
    }

    /// The id the next row of `table` takes ([`Db::next_id_sql`]). An
    /// action that names the new row's number in its message reads this
    /// with its other reads, and its insert ([`Tx::tracked_insert_as`])
    /// then waits for no answer.
    pub fn next_id(&self, table: Table) -> Result<i64> {
        self.db.query_row(&self.db.next_id_sql(table.name()), &[], |r| r.get(0))
    }

    /// Runs an insert that names its row's id (`id`, from [`Tx::next_id`])
    /// and records the new row; on a server both wait to go with the next
    /// statement that needs an answer.
    pub(super) fn tracked_insert_as(
        &mut self,
        table: Table,
        id: i64,
        sql: &str,
        params: super::db::Params<'_>,
    ) -> Result<()> {
        self.db.later(sql, params)?;
        if self.tracking {
            self.record_inserted(table, id)?;
        }
        Ok(())
    }

    /// Runs an insert and records the new row; returns its id.
    pub(super) fn tracked_insert(&mut self, table: Table, sql: &str, params: super::db::Params<'_>) -> Result<i64> {
        let id = self.db.insert(sql, params, "id")?;
        if self.tracking {
            self.record_inserted(table, id)?;
        }
        Ok(id)
    }

    /// Records row `id` of `table`, just inserted.
    fn record_inserted(&mut self, table: Table, id: i64) -> Result<()> {
        // The new row's image is written by the engine itself (json_object), not
        // read into a map and serialised: an import records a million of
        // these, and the map was most of what history cost it.
        let seq = self.entry()?;
        let sql = format!(
            "INSERT INTO history_row (seq, ord, tbl, row_id, before, after) \
             SELECT ?1, ?2, '{}', id, NULL, {} FROM {} WHERE id = ?3",
            table.name(),
            self.image_json(table)?,
            table.name()
        );
        self.db.later(&sql, params![seq, self.rows, id])?;
        self.rows += 1;
        if table == Table::Story {
            // A story created in a sprint joins its burndown.
            events::record_insert(self.db, seq, id)?;
        }
        Ok(())
    }

    /// [`Tx::tracked_insert`] of a row nobody needs the id of, found again
    /// by `found` (an SQL condition on its unique columns, with its own
    /// parameters): the insert and its image wait to go with the next
    /// statement, so a sprint's start writes its commitments without a
    /// round trip each.
    pub(super) fn tracked_insert_later(
        &mut self,
        table: Table,
        sql: &str,
        params: super::db::Params<'_>,
        (found, by): (&str, super::db::Params<'_>),
    ) -> Result<()> {
        if matches!(self.db, Db::Sqlite(_)) || !self.tracking {
            return self.tracked_insert(table, sql, params).map(drop);
        }
        self.db.later(sql, params)?;
        let seq = self.entry()?;
        let image = format!(
            "INSERT INTO history_row (seq, ord, tbl, row_id, before, after) \
             SELECT CAST(?{s} AS BIGINT), CAST(?{o} AS BIGINT), '{name}', id, NULL, {json} FROM {name} WHERE {found}",
            s = by.len() + 1,
            o = by.len() + 2,
            name = table.name(),
            json = self.image_json(table)?,
        );
        let (seq, ord) = (seq, self.rows);
        let mut all: Vec<&dyn rusqlite::ToSql> = by.to_vec();
        all.push(&seq);
        all.push(&ord);
        self.db.later(&image, &all)?;
        self.rows += 1;
        if table == Table::Story {
            // A story created in a sprint joins its burndown.
            events::record_insert_where(self.db, seq, (found, by))?;
        }
        Ok(())
    }

    /// `json_object('col', col, …)` over a table's columns but `version`:
    /// the SQL of a row image, built once per table and kept.
    fn image_json(&mut self, table: Table) -> Result<std::sync::Arc<str>> {
        if let Some(sql) = self.own.image_sql.get(&table.name()) {
            return Ok(sql.clone());
        }
        let columns: Vec<String> = self.db.columns(table.name())?.into_iter().filter(|c| c != VERSION_COLUMN).collect();
        let sql: std::sync::Arc<str> = self.db.json_object(&columns).into();
        self.own.image_sql.insert(table.name(), sql.clone());
        Ok(sql)
    }

    /// This operation's history entry, created on its first change (its
    /// label and time are set at commit).
    fn entry(&mut self) -> Result<i64> {
        if let Some(seq) = self.entry {
            return Ok(seq);
        }
        let seq = self.db.new_entry(&values::time_text(self.now), self.author, schema::VERSION)?;
        self.entry = Some(seq);
        Ok(seq)
    }

    /// Writes one row's change to the entry (and, for stories, the events
    /// the burndown reads).
    fn record(&mut self, table: Table, id: i64, before: Option<Image>, after: Option<Image>) -> Result<()> {
        let strip = |m: Option<Image>| {
            m.map(|mut m| {
                m.remove(VERSION_COLUMN);
                m
            })
        };
        let (before, after) = (strip(before), strip(after));
        let (before, after) = match (before, after) {
            (Some(b), Some(a)) => {
                let changed: Vec<String> =
                    a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
                if changed.is_empty() {
                    return Ok(());
                }
                if table == Table::Story {
                    let seq = self.entry()?;
                    events::record(self.db, seq, id, Some(&b), Some(&a))?;
                }
                let pick = |m: &Image| changed.iter().map(|k| (k.clone(), m[k].clone())).collect::<Image>();
                (Some(pick(&b)), Some(pick(&a)))
            }
            (None, None) => return Ok(()),
            (b, a) => {
                if table == Table::Story {
                    let seq = self.entry()?;
                    events::record(self.db, seq, id, b.as_ref(), a.as_ref())?;
                }
                (b, a)
            }
        };
        let seq = self.entry()?;
        let text = |m: Option<Image>| m.map(|m| Json::Object(m).to_string());
        self.db.later(
            "INSERT INTO history_row (seq, ord, tbl, row_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![seq, self.rows, table.name(), id, text(before), text(after)],
        )?;
        self.rows += 1;
        Ok(())
    }

    /// Stops recording row images: for building a board in bulk (demo,
    /// generated benchmark boards), which is then committed with
    /// [`Tx::commit_without_history`].
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

    /// Marks a `touched` stamp as this store's own, so its news leaves it out.
    pub(super) fn own_stamp(&mut self, stamp: i64) {
        self.own.stamps.insert(stamp);
    }

    /// Who makes this change.
    pub fn author(&self) -> &str {
        self.author
    }

    /// Commits the operation with its history entry; a new change discards
    /// what its author had undone before it (there is nothing left for them
    /// to redo), and leaves other authors' redo alone.
    pub fn commit(mut self, label: &str) -> Result<()> {
        if let Some(seq) = self.entry {
            let stamp = match self.db {
                Db::Sqlite(_) => {
                    let dropped: Vec<i64> = self.db.query_map(
                        "SELECT seq FROM history WHERE undone > 0 AND author IN (?1, '')",
                        params![self.author],
                        |r| r.get(0),
                    )?;
                    for old in dropped {
                        discard(self.db, old)?;
                    }
                    let stamp = next_stamp(self.db)?;
                    self.db.execute(
                        "UPDATE history SET label = ?2, touched = ?3 WHERE seq = ?1",
                        params![seq, label, stamp],
                    )?;
                    stamp
                }
                // The same in one statement, sent with COMMIT: on a
                // server this is every action's last round trip.
                Db::Postgres(_) => {
                    let author = self.author;
                    let stamp = self.finish_returning(
                    "WITH dropped AS (SELECT seq FROM history WHERE undone > 0 AND author IN (?3, '')), \
                     images AS (DELETE FROM history_row WHERE seq IN (SELECT seq FROM dropped)), \
                     events AS (DELETE FROM story_event WHERE seq IN (SELECT seq FROM dropped)), \
                     ended AS (UPDATE history SET undone = -1 WHERE seq IN (SELECT seq FROM dropped)), \
                     stamp AS (UPDATE history_state SET stamp = stamp + 1 WHERE id = 1 RETURNING stamp) \
                     UPDATE history SET label = ?2, touched = (SELECT stamp FROM stamp) WHERE seq = ?1 RETURNING touched",
                        params![seq, label, author],
                    )?;
                    self.own.stamps.insert(stamp);
                    return Ok(());
                }
            };
            self.own.stamps.insert(stamp);
        }
        self.finish()
    }

    /// Runs `sql` (which returns one integer) last and commits, in one
    /// round trip on a server; the transaction is over either way.
    pub(super) fn finish_returning(&mut self, sql: &str, params: super::db::Params<'_>) -> Result<i64> {
        self.open = false;
        let done = self.db.commit_returning(sql, params);
        if done.is_err() {
            self.db.rollback();
        }
        done
    }

    /// Commits; the transaction is over whether or not that worked.
    pub(super) fn finish(&mut self) -> Result<()> {
        self.open = false;
        let done = self.db.commit();
        if done.is_err() {
            self.db.rollback();
        }
        done
    }

    /// Commits without a history entry: for building a new board (init,
    /// demo), where there is nothing before to go back to.
    pub fn commit_without_history(mut self) -> Result<()> {
        if let Some(seq) = self.entry {
            forget(self.db, seq)?;
        }
        self.finish()
    }
}

/// Ends an undone entry's chance of a redo: its row images and events go,
/// the entry stays in the log (`undone = -1`) so the history still says
/// what was done and who undid it.
fn discard(db: &Db, seq: i64) -> Result<()> {
    drop_rows(db, seq, "UPDATE history SET undone = -1 WHERE seq = ?1")
}

/// Removes an entry with its row images and events.
fn forget(db: &Db, seq: i64) -> Result<()> {
    drop_rows(db, seq, "DELETE FROM history WHERE seq = ?1")
}

/// Deletes an entry's row images and events, then runs `then` on it.
fn drop_rows(db: &Db, seq: i64, then: &str) -> Result<()> {
    for sql in ["DELETE FROM history_row WHERE seq = ?1", "DELETE FROM story_event WHERE seq = ?1", then] {
        db.execute(sql, params![seq])?;
    }
    Ok(())
}
