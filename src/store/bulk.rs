//! Reads and writes for moving whole boards in and out (import, export,
//! the demo): the key counters, whether a board is still blank, the
//! connection's settings for writing a board in bulk, and the inserts an
//! import repeats for every story, all through the tracked writes of `Tx`.

use super::{NewStory, Result, Store, Table, Tx, values};
use crate::domain::{Points, SprintId, StoryId};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

/// The numbers the next new story key and epic key will get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counters {
    /// Next `PREFIX-N` story number.
    pub next_story: i64,
    /// Next `E-N` epic number.
    pub next_epic: i64,
}

fn counters(conn: &Connection) -> Result<Counters> {
    Ok(conn.query_row("SELECT next_story, next_epic FROM board WHERE id = 1", [], |r| {
        Ok(Counters { next_story: r.get(0)?, next_epic: r.get(1)? })
    })?)
}

/// A board with nothing on it: no story, sprint, epic, objective or risk.
/// Each probe stops at the first row, so this is cheap on any size.
fn is_blank(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT (EXISTS (SELECT 1 FROM story) OR EXISTS (SELECT 1 FROM sprint) OR EXISTS (SELECT 1 FROM epic) \
         OR EXISTS (SELECT 1 FROM objective) OR EXISTS (SELECT 1 FROM risk))",
        [],
        |r| r.get(0),
    )?)
}

impl Store {
    /// The key counters.
    pub fn counters(&self) -> Result<Counters> {
        counters(&self.conn)
    }

    /// Whether the board is blank (a fresh file, perhaps named and prefixed).
    pub fn is_blank(&self) -> Result<bool> {
        is_blank(&self.conn)
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

impl Store {
    /// Runs `f` (which writes a whole board) with the connection set for
    /// bulk writing, then sets it back, whatever `f` returned.
    pub fn bulk<T, E: From<super::Error>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut before = Vec::with_capacity(BULK.len());
        for (name, value) in BULK {
            let old: rusqlite::types::Value =
                self.conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).map_err(super::Error::from)?;
            self.conn.pragma_update(None, name, value).map_err(super::Error::from)?;
            before.push((*name, old));
        }
        let result = f(self);
        for (name, old) in before {
            // Best effort: failing to set a pragma back must not report a
            // committed import as failed; the next connection starts afresh.
            let _ = self.conn.pragma_update(None, name, &old);
        }
        result
    }
}

impl Tx<'_> {
    /// The key counters, as this transaction sees them.
    pub fn counters(&self) -> Result<Counters> {
        counters(&self.tx)
    }

    /// Whether the board is blank, as this transaction sees it.
    pub fn is_blank(&self) -> Result<bool> {
        is_blank(&self.tx)
    }

    /// Sets the key counters (an import continues numbering after the keys
    /// it brought in, so that no key is ever given out twice).
    pub fn set_counters(&mut self, c: Counters) -> Result<()> {
        self.tracked(Table::Board, 1, |tx| {
            tx.execute(
                "UPDATE board SET next_story = ?1, next_epic = ?2 WHERE id = 1",
                params![c.next_story, c.next_epic],
            )
        })
    }

    /// Gives out the next free `E-N` epic key that `reserved` does not hold
    /// back (an import reserves the keys its file gives epics anywhere in it,
    /// so that a keyless epic met first cannot take a key a later one names).
    /// The counter moves outside the history, as for any new epic: a key
    /// once given out is not given out again, even after an undo.
    pub fn take_epic_key(&mut self, reserved: impl Fn(&str) -> bool) -> Result<String> {
        let mut n = counters(&self.tx)?.next_epic;
        let mut taken = self.tx.prepare_cached("SELECT 1 FROM epic WHERE key = ?1 COLLATE NOCASE")?;
        let key = loop {
            let key = format!("E-{n}");
            if !reserved(&key) && !taken.exists([&key])? {
                break key;
            }
            n += 1;
        };
        drop(taken);
        self.tx.prepare_cached("UPDATE board SET next_epic = ?1 WHERE id = 1")?.execute([n + 1])?;
        Ok(key)
    }

    /// Creates a story under a key the caller has checked is free, at a rank
    /// the caller knows is past the bottom of its place: what an import does
    /// thousands of times, without the index probes of a positioned insert.
    pub fn append_story(&mut self, key: &str, new: &NewStory, rank: i64) -> Result<StoryId> {
        let created = values::time_text(new.created.unwrap_or(self.now));
        let values = [
            Value::Text(key.to_string()),
            new.place.map_or(Value::Null, |s| Value::Integer(s.0)),
            Value::Integer(rank),
            Value::Text(created),
        ]
        .into_iter()
        .chain(super::rows::story_values(&new.row).into_iter().map(|(_, v)| v));
        let id = self.tracked_insert(Table::Story, |tx| {
            tx.prepare_cached(super::rows::insert_story_sql())?.execute(rusqlite::params_from_iter(values))
        })?;
        Ok(StoryId(id))
    }

    /// The highest story id so far (0 on a board without stories): every
    /// story written after this call has a higher one.
    pub fn highest_story_id(&self) -> Result<i64> {
        Ok(self.tx.query_row("SELECT coalesce(max(id), 0) FROM story", [], |r| r.get(0))?)
    }

    /// The id of the story with this key (case-insensitive), if any: one
    /// index probe, without reading the story.
    pub fn story_id_by_key(&self, key: &str) -> Result<Option<StoryId>> {
        let mut stmt = self.tx.prepare_cached("SELECT id FROM story WHERE key = ?1 COLLATE NOCASE")?;
        Ok(stmt.query_row([key.trim()], |r| r.get(0)).optional()?.map(StoryId))
    }

    /// Records that a story was committed to a sprint at its start, with a
    /// cached statement: an import writes one for each story of a started
    /// sprint.
    pub fn append_commitment(&mut self, sprint: SprintId, story: StoryId, points: Points) -> Result<()> {
        self.tracked_insert(Table::Commitment, |tx| {
            tx.prepare_cached("INSERT INTO commitment (sprint_id, story_id, points) VALUES (?1, ?2, ?3)")?
                .execute(params![sprint, story, points])
        })?;
        Ok(())
    }
}
