//! Undo and redo of one author's own changes, and the news another
//! instance reads to say who changed what.
//!
//! Undo takes the author's newest change in effect and writes its before
//! images back; redo takes the author's most recent undo and writes the
//! after images. Either is refused when someone else has since changed one
//! of the same rows, because writing old images over their change would
//! lose it without a word.

use super::db::{Db, Row, Sql, Value, as_params};
use super::history::{HistoryEntry, Image, Table, json_to_sql, next_stamp};
use super::{Error, Result, Store, values};
use super::{Reads, Tx};
use crate::domain::Sprint;
use rusqlite::params;

/// Whose changes `undo`/`redo` may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whose {
    /// The store's author's own (and entries older than authors).
    Mine,
    /// Anyone's: `undo --anyone`.
    Anyone,
}

/// What an undo or redo did.
#[derive(Clone, Debug, PartialEq)]
pub enum Stepped {
    /// There was nothing to undo (or redo).
    Nothing,
    /// Nothing of the author's own; `newest` is someone else's that
    /// `--anyone` would take.
    OnlyOthers(HistoryEntry),
    /// The entry was undone (or redone).
    Done(HistoryEntry),
    /// Refused: `theirs`, by someone else, changed the same rows since.
    Blocked {
        /// The entry that was to be undone or redone.
        mine: HistoryEntry,
        /// The later change in the way.
        theirs: HistoryEntry,
    },
}

/// One line of the history as `sprintboard history` shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Logged {
    /// Order in the log.
    pub seq: i64,
    /// When (ISO time).
    pub at: String,
    /// Who ('' for entries written before authors were recorded).
    pub author: String,
    /// What happened.
    pub label: String,
    /// Who undid it, if it is undone.
    pub undone_by: Option<String>,
}

/// Something another author (or another instance) did since a mark.
#[derive(Clone, Debug, PartialEq)]
pub struct News {
    /// Who.
    pub author: String,
    /// What, as the entry's label says it.
    pub label: String,
    /// Whether it was an undo of that change (else the change or its redo).
    pub undone: bool,
}

fn entry(r: &Row) -> rusqlite::Result<HistoryEntry> {
    let at: String = r.get("at")?;
    Ok(HistoryEntry {
        seq: r.get("seq")?,
        at: values::parse_time(&at).unwrap_or_default(),
        label: r.get("label")?,
        author: r.get("author")?,
    })
}

impl Store {
    /// Undoes the newest change (of the author, or of anyone).
    pub fn undo(&mut self, whose: Whose) -> Result<Stepped> {
        self.step(true, whose).map(|(stepped, _)| stepped)
    }

    /// Redoes the most recently undone change (of the author, or anyone's).
    pub fn redo(&mut self, whose: Whose) -> Result<Stepped> {
        self.step(false, whose).map(|(stepped, _)| stepped)
    }

    /// [`Store::undo`] (`undo`) or [`Store::redo`], with the open sprints
    /// as they were just before it, read in its transaction: a message
    /// says what the step changed in them. On a server the step reads all
    /// it needs in its first round trip, and what the message reads after
    /// it (the entry's first story, that story and its sprint, the open
    /// sprints) comes back with its COMMIT.
    pub fn step_seeing_sprints(&mut self, undo: bool, whose: Whose) -> Result<(Stepped, Vec<Sprint>)> {
        self.step(undo, whose)
    }

    fn step(&mut self, undo: bool, whose: Whose) -> Result<(Stepped, Vec<Sprint>)> {
        let author = self.author.clone();
        let mut tx = self.write()?;
        // One parameter for every form, so `CAST(?1 AS TEXT) IS NOT NULL` (always true;
        // the cast gives the server a type for it)
        // stands in for "any author" where the author does not matter.
        let pick = match (undo, whose) {
            (true, Whose::Mine) => "WHERE undone = 0 AND author IN (?1, '') ORDER BY seq DESC",
            (true, Whose::Anyone) => "WHERE undone = 0 AND CAST(?1 AS TEXT) IS NOT NULL ORDER BY seq DESC",
            (false, Whose::Mine) => "WHERE undone > 0 AND author IN (?1, '') ORDER BY undone DESC",
            (false, Whose::Anyone) => "WHERE undone > 0 AND CAST(?1 AS TEXT) IS NOT NULL ORDER BY undone DESC",
        };
        let sql = format!("SELECT seq, at, label, author FROM history {pick} LIMIT 1");
        // Every read names the entry by the same pick (`?1` the author),
        // so that all of them can go at once, before the entry is known.
        let (seq, by) = (
            format!("(SELECT seq FROM history {pick} LIMIT 1)"),
            format!("(SELECT author FROM history {pick} LIMIT 1)"),
        );
        let in_the_way_sql = if undo { later_change_by_other(&seq, &by) } else { change_since_undo(&seq, &by) };
        let order = if undo { "DESC" } else { "ASC" };
        let rows_sql =
            format!("SELECT tbl, row_id, before, after FROM history_row WHERE seq = {seq} ORDER BY ord {order}");
        let first_sql =
            format!("SELECT row_id FROM history_row WHERE seq = {seq} AND tbl = 'story' ORDER BY ord LIMIT 1");
        tx.read_ahead(|t| {
            let _ = t.db.query_opt(&sql, params![author], entry);
            let _ = t.db.query_opt(&in_the_way_sql, params![author], entry);
            let _ = t.db.query_map(&rows_sql, params![author], |_| Ok(()));
            let _ = t.db.query_opt(&first_sql, params![author], |_| Ok(()));
            let _ = t.db.query_opt(STAMP, &[], |_| Ok(()));
            let _ = t.open_sprints();
        })?;
        let before = tx.open_sprints()?;
        let Some(mine) = tx.db.query_opt(&sql, params![author], entry)? else {
            if whose == Whose::Anyone {
                return Ok((Stepped::Nothing, before));
            }
            let (state, order) = if undo { ("undone = 0", "seq") } else { ("undone > 0", "undone") };
            let sql = format!("SELECT seq, at, label, author FROM history WHERE {state} ORDER BY {order} DESC LIMIT 1");
            let others = tx.db.query_opt(&sql, &[], entry)?;
            return Ok((others.map_or(Stepped::Nothing, Stepped::OnlyOthers), before));
        };
        if let Some(theirs) = tx.db.query_opt(&in_the_way_sql, params![author], entry)? {
            return Ok((Stepped::Blocked { mine, theirs }, before));
        }
        let first: Option<i64> = tx.db.query_opt(&first_sql, params![author], |r| r.get(0))?;
        // The board's stamp, above every version any row has had: a row
        // that comes back gets a version above it (see `restore`).
        let stamp_now: i64 = tx.db.query_row(STAMP, &[], |r| r.get(0))?;
        // What the message reads after the step, sent with its COMMIT.
        tx.db.read_after_commit(&mut || {
            reads_after_step(&tx, mine.seq, first);
        });
        // Rows come back in an order the foreign keys may only accept once
        // the whole entry is applied.
        tx.db.defer_foreign_keys()?;
        // Streamed, not collected, where the engine can: an import's entry
        // may hold a million rows.
        let sql = rows_sql;
        let db = tx.db;
        let apply = |r: &Row| -> Result<()> {
            let tbl: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let table = Table::named(&tbl).ok_or_else(|| Error::Damaged(format!("history names a table {tbl}")))?;
            let parse = |i: usize| -> Result<Option<Image>> {
                r.get::<_, Option<String>>(i)?
                    .map(|t| {
                        serde_json::from_str(&t).map_err(|e| Error::Damaged(format!("history entry {}: {e}", mine.seq)))
                    })
                    .transpose()
            };
            let (before, after) = (parse(2)?, parse(3)?);
            let partial = before.is_some() && after.is_some();
            let image = if undo { before } else { after };
            restore(db, table, id, image.as_ref(), partial, stamp_now)
        };
        match db {
            Db::Sqlite(_) => db.each_row(&sql, params![author], None, &mut |r| apply(&r))?,
            Db::Postgres(c) => {
                // The server's rows come whole anyway; an entry of many (an
                // import) recounts the tallies once at commit rather than
                // once per row (see the schema).
                let mut rows = Vec::new();
                db.each_row(&sql, params![author], None, &mut |r| {
                    rows.push(r.into_owned()?);
                    Ok(())
                })?;
                if rows.len() >= 1000 {
                    c.bulk_from_here()?;
                }
                for r in &rows {
                    apply(r)?;
                }
            }
        }
        let stamp = match db {
            Db::Sqlite(_) => {
                let stamp = next_stamp(db)?;
                if undo {
                    db.execute(
                        "UPDATE history SET undone = ?2, undone_by = ?3, touched = ?2 WHERE seq = ?1",
                        params![mine.seq, stamp, author],
                    )?;
                } else {
                    db.execute(
                        "UPDATE history SET undone = 0, undone_by = NULL, touched = ?2 WHERE seq = ?1",
                        params![mine.seq, stamp],
                    )?;
                }
                db.execute("UPDATE history_state SET undo_generation = undo_generation + 1", &[])?;
                stamp
            }
            // The same in one statement: each is a round trip to a server.
            // `?2` is named in both forms, so that the server knows its type.
            // Sent with COMMIT, in one round trip.
            Db::Postgres(_) => {
                let (undone, by) = if undo { ("(SELECT stamp FROM s)", "?2") } else { ("0", "NULL") };
                let stamp = tx.finish_returning(
                    &format!(
                        "WITH s AS (UPDATE history_state SET stamp = stamp + 1, undo_generation = undo_generation + 1 \
                         WHERE id = 1 RETURNING stamp) \
                         UPDATE history SET undone = {undone}, undone_by = {by}, touched = (SELECT stamp FROM s) \
                         WHERE seq = ?1 AND CAST(?2 AS TEXT) IS NOT NULL RETURNING touched"
                    ),
                    params![mine.seq, author],
                )?;
                tx.own_stamp(stamp);
                return Ok((Stepped::Done(mine), before));
            }
        };
        tx.own_stamp(stamp);
        tx.finish()?;
        Ok((Stepped::Done(mine), before))
    }

    /// The newest `limit` entries of the history, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<Logged>> {
        self.db.query_map(
            "SELECT seq, at, author, label, undone, undone_by FROM history ORDER BY seq DESC LIMIT ?1",
            params![limit as i64],
            |r| {
                let undone: i64 = r.get("undone")?;
                Ok(Logged {
                    seq: r.get("seq")?,
                    at: r.get("at")?,
                    author: r.get("author")?,
                    label: r.get("label")?,
                    undone_by: if undone != 0 {
                        Some(r.get::<_, Option<String>>("undone_by")?.unwrap_or_default())
                    } else {
                        None
                    },
                })
            },
        )
    }

    /// The first story an entry changed, if any (where the screen's focus
    /// goes after undoing or redoing it), and whether the entry changed any
    /// other row too.
    pub fn first_story_of(&self, seq: i64) -> Result<Option<(crate::domain::StoryId, bool)>> {
        first_story_reads(&self.db, seq)
    }

    /// A mark to read news from: everything up to now counts as seen.
    pub fn news_mark(&self) -> Result<i64> {
        self.db.query_row("SELECT stamp FROM history_state WHERE id = 1", &[], |r| r.get(0))
    }

    /// What others did after `mark`: the newest `limit` of it (oldest
    /// first), how many there were in all, and the new mark. This store's
    /// own commits, undos and redos are left out.
    pub fn news_since(&self, mark: i64, limit: usize) -> Result<(Vec<News>, usize, i64)> {
        let (mut news, mut count, mut newest) = (std::collections::VecDeque::new(), 0, mark);
        let sql = "SELECT touched, author, label, undone, undone_by FROM history WHERE touched > ?1 ORDER BY touched";
        self.db.each_row(sql, params![mark], None, &mut |r| {
            let touched: i64 = r.get(0)?;
            newest = newest.max(touched);
            if self.own.stamps.contains(&touched) {
                return Ok(());
            }
            let undone = r.get::<_, i64>(3)? != 0;
            let author: String = if undone { r.get::<_, Option<String>>(4)?.unwrap_or_default() } else { r.get(1)? };
            count += 1;
            news.push_back(News { author, label: r.get(2)?, undone });
            if news.len() > limit {
                news.pop_front();
            }
            Ok(())
        })?;
        Ok((news.into(), count, newest))
    }
}

/// The newest change in effect after the entry `seq` (an SQL expression),
/// by someone other than its author `by`, that touched one of the same rows.
fn later_change_by_other(seq: &str, by: &str) -> String {
    format!(
        "SELECT h.seq, h.at, h.label, h.author FROM history_row m \
             JOIN history_row l ON l.tbl = m.tbl AND l.row_id = m.row_id AND l.seq > m.seq \
             JOIN history h ON h.seq = l.seq \
             WHERE m.seq = {seq} AND h.undone = 0 AND h.author != {by} ORDER BY h.seq DESC LIMIT 1"
    )
}

/// For a redo: anything someone else did to the same rows after this entry
/// was undone — a change, an undo or a redo of theirs, older entries
/// included (an undo of an older entry happens later in time though its
/// seq is lower). Writing the entry's after images over that would lose it.
fn change_since_undo(seq: &str, by: &str) -> String {
    format!(
        "SELECT h.seq, h.at, h.label, h.author FROM history_row m \
             JOIN history_row l ON l.tbl = m.tbl AND l.row_id = m.row_id AND l.seq != m.seq \
             JOIN history h ON h.seq = l.seq \
             WHERE m.seq = {seq} AND h.author != {by} \
               AND h.touched > (SELECT undone FROM history WHERE seq = {seq}) \
             ORDER BY h.touched DESC LIMIT 1"
    )
}

/// The board's stamp.
const STAMP: &str = "SELECT stamp FROM history_state WHERE id = 1";

/// The reads a step's message makes after it (`ops::step_history`): the
/// entry's first story and whether it changed more, that story and its
/// sprint, the open sprints.
fn reads_after_step(r: &Tx<'_>, seq: i64, first: Option<i64>) {
    // Each on its own: while they are only noted, a read answers nothing,
    // and a `?` would stop the ones after it from being noted.
    let _ = first_story_reads(r.db, seq);
    if let Some(id) = first {
        let id = crate::domain::StoryId(id);
        let _ = r.story(id);
        let _ = r.sprint_of_story(id);
        // Where the screen's focus goes: the story that came back.
        let _ = r.card(id);
    }
    let _ = r.open_sprints();
}

/// The reads of [`Store::first_story_of`].
fn first_story_reads(db: &Db, seq: i64) -> Result<Option<(crate::domain::StoryId, bool)>> {
    let story = db.query_opt(
        "SELECT row_id FROM history_row WHERE seq = ?1 AND tbl = 'story' ORDER BY ord LIMIT 1",
        params![seq],
        |r| r.get(0),
    )?;
    let rows: i64 = db.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM history_row WHERE seq = ?1 LIMIT 2) AS two",
        params![seq],
        |r| r.get(0),
    )?;
    Ok(story.map(|id| (id, rows > 1)))
}

/// Writes a row image back: deletes the row for `None`, updates the named
/// columns of an existing row for a partial image, inserts a full one.
fn restore(db: &Db, table: Table, id: i64, image: Option<&Image>, partial: bool, stamp: i64) -> Result<()> {
    let name = table.name();
    let Some(image) = image else {
        db.later(&format!("DELETE FROM {name} WHERE id = ?1"), params![id])?;
        return Ok(());
    };
    let cols: Vec<&String> = image.keys().filter(|c| c.as_str() != "id").collect();
    // Column names go into the SQL text: a damaged or hand-edited log must
    // not be able to put anything else there.
    if let Some(bad) = cols.iter().find(|c| c.is_empty() || !c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')) {
        return Err(Error::Damaged(format!("the history names a column \"{bad}\" that no table has")));
    }
    let vals: Vec<Value> = cols.iter().map(|c| json_to_sql(&image[c.as_str()])).collect();
    let mut all = vec![Value::Integer(id)];
    all.extend(vals);
    if !partial && table.has_version() {
        // A row that comes back (undo of a delete, redo of a create) must
        // not come back at a version a stale screen may still hold: the
        // board's stamp is above every version any row has had, since each
        // version step was part of a commit that took a stamp.
        let sql = insert_sql(name, &cols, true);
        all.push(Value::Integer(stamp + 1));
        db.later(&sql, &as_params(&all))?;
        return Ok(());
    }
    let sql = if partial {
        let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        format!("UPDATE {name} SET {} WHERE id = ?1", sets.join(", "))
    } else {
        insert_sql(name, &cols, false)
    };
    // Cached: a fresh statement on `story` recompiles its tally triggers.
    // No answer is waited for: on a server the writes of an undo go out
    // together, with its commit.
    db.later(&sql, &as_params(&all))?;
    Ok(())
}

/// `INSERT INTO name (id, cols…[, version]) VALUES (?1, …)`.
fn insert_sql(name: &str, cols: &[&String], version: bool) -> String {
    let mut names: Vec<&str> = std::iter::once("id").chain(cols.iter().map(|c| c.as_str())).collect();
    if version {
        names.push("version");
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO {name} ({}) VALUES ({})", names.join(", "), marks.join(", "))
}
