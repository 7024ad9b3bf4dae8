//! Reads and writes for moving whole boards in and out (import, export,
//! the demo): the key counters, whether a board is still blank, the
//! connection's settings for writing a board in bulk, and the inserts an
//! import repeats for every story, all through the tracked writes of `Tx`.

use super::db::{Db, Sql, Value, as_params};
use super::{NewStory, Result, Store, Table, Tx, values};
use crate::domain::{Points, SprintId, StoryId};
use rusqlite::params;

/// The numbers the next new story key and epic key will get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counters {
    /// Next `PREFIX-N` story number.
    pub next_story: i64,
    /// Next `E-N` epic number.
    pub next_epic: i64,
}

fn counters(conn: &Db) -> Result<Counters> {
    conn.query_row("SELECT next_story, next_epic FROM board WHERE id = 1", &[], |r| {
        Ok(Counters { next_story: r.get(0)?, next_epic: r.get(1)? })
    })
}

/// A board with nothing on it: no story, sprint, epic, objective or risk.
/// Each probe stops at the first row, so this is cheap on any size.
fn is_blank(conn: &Db) -> Result<bool> {
    conn.query_row(
        "SELECT NOT (EXISTS (SELECT 1 FROM story) OR EXISTS (SELECT 1 FROM sprint) OR EXISTS (SELECT 1 FROM epic) \
         OR EXISTS (SELECT 1 FROM objective) OR EXISTS (SELECT 1 FROM risk))",
        &[],
        |r| r.get(0),
    )
}

impl Store {
    /// The key counters.
    pub fn counters(&self) -> Result<Counters> {
        counters(&self.db)
    }

    /// Whether the board is blank (a fresh file, perhaps named and prefixed).
    pub fn is_blank(&self) -> Result<bool> {
        is_blank(&self.db)
    }

    /// Runs `f` (which writes a whole board) with the connection set for
    /// bulk writing (on a file), then sets it back, whatever `f` returned.
    pub fn bulk<T, E: From<super::Error>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let before = match &self.db {
            Db::Sqlite(c) => c.bulk_begin()?,
            Db::Postgres(c) => {
                c.set_bulk(true);
                Vec::new()
            }
        };
        let result = f(self);
        match &self.db {
            Db::Sqlite(c) => c.bulk_end(before),
            Db::Postgres(c) => c.set_bulk(false),
        }
        result
    }
}

impl Tx<'_> {
    /// The key counters, as this transaction sees them.
    pub fn counters(&self) -> Result<Counters> {
        counters(self.db)
    }

    /// Whether the board is blank, as this transaction sees it.
    pub fn is_blank(&self) -> Result<bool> {
        is_blank(self.db)
    }

    /// Sets the key counters (an import continues numbering after the keys
    /// it brought in, so that no key is ever given out twice).
    pub fn set_counters(&mut self, c: Counters) -> Result<()> {
        self.tracked(
            Table::Board,
            1,
            "UPDATE board SET next_story = ?1, next_epic = ?2 WHERE id = 1",
            params![c.next_story, c.next_epic],
        )
    }

    /// Gives out the next free `E-N` epic key that `reserved` does not hold
    /// back (an import reserves the keys its file gives epics anywhere in it,
    /// so that a keyless epic met first cannot take a key a later one names).
    /// The counter moves outside the history, as for any new epic: a key
    /// once given out is not given out again, even after an undo.
    pub fn take_epic_key(&mut self, reserved: impl Fn(&str) -> bool) -> Result<String> {
        let mut n = counters(self.db)?.next_epic;
        let key = loop {
            let key = format!("E-{n}");
            if !reserved(&key) && !self.db.exists("SELECT 1 FROM epic WHERE key = ?1 COLLATE NOCASE", params![key])? {
                break key;
            }
            n += 1;
        };
        self.db.execute("UPDATE board SET next_epic = ?1 WHERE id = 1", params![n + 1])?;
        Ok(key)
    }

    /// Creates a story under a key the caller has checked is free, at a rank
    /// the caller knows is past the bottom of its place: what an import does
    /// thousands of times, without the index probes of a positioned insert.
    pub fn append_story(&mut self, key: &str, new: &NewStory, rank: i64) -> Result<StoryId> {
        let values = self.new_story_values(key, new, rank);
        let id = self.tracked_insert(Table::Story, super::rows::insert_story_sql(), &as_params(&values))?;
        Ok(StoryId(id))
    }

    /// [`Tx::append_story`] without the id: the row and its image, found
    /// again by its key, wait to go with the next statement on a server.
    pub(super) fn append_story_later(&mut self, key: &str, new: &NewStory, rank: i64) -> Result<()> {
        let values = self.new_story_values(key, new, rank);
        let found = ("key = ?1", params![key]);
        self.tracked_insert_later(Table::Story, super::rows::insert_story_sql(), &as_params(&values), found)
    }

    fn new_story_values(&self, key: &str, new: &NewStory, rank: i64) -> Vec<Value> {
        let created = values::time_text(new.created.unwrap_or(self.now));
        let values = [
            Value::Text(key.to_string()),
            new.place.map_or(Value::Null, |s| Value::Integer(s.0)),
            Value::Integer(rank),
            Value::Text(created),
        ]
        .into_iter()
        .chain(super::rows::story_values(&new.row).into_iter().map(|(_, v)| v));
        values.collect()
    }

    /// The highest story id so far (0 on a board without stories): every
    /// story written after this call has a higher one.
    pub fn highest_story_id(&self) -> Result<i64> {
        self.db.query_row("SELECT coalesce(max(id), 0) FROM story", &[], |r| r.get(0))
    }

    /// The id of the story with this key (case-insensitive), if any: one
    /// index probe, without reading the story.
    pub fn story_id_by_key(&self, key: &str) -> Result<Option<StoryId>> {
        Ok(self
            .db
            .query_opt("SELECT id FROM story WHERE key = ?1 COLLATE NOCASE", params![key.trim()], |r| r.get(0))?
            .map(StoryId))
    }

    /// Records that a story was committed to a sprint at its start, with a
    /// cached statement: an import writes one for each story of a started
    /// sprint.
    pub fn append_commitment(&mut self, sprint: SprintId, story: StoryId, points: Points) -> Result<()> {
        self.tracked_insert(
            Table::Commitment,
            "INSERT INTO commitment (sprint_id, story_id, points) VALUES (?1, ?2, ?3)",
            params![sprint, story, points],
        )?;
        Ok(())
    }
}
