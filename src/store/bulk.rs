//! Reads and writes for moving whole boards in and out (import, export,
//! the demo): the key counters, and whether a board is still blank.

use super::{NewStory, Result, Store, Table, Tx, values};
use crate::domain::StoryId;
use rusqlite::types::Value;
use rusqlite::{Connection, params};

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
}
