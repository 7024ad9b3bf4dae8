//! Reads and writes for moving whole boards in and out (import, export,
//! the demo): the key counters, and whether a board is still blank.

use super::{NewStory, Result, Store, Table, Tx, values};
use crate::domain::{Kind, Status, StoryId};
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
        let r = &new.row;
        let id = self.tracked_insert(Table::Story, |tx| {
            tx.prepare_cached(
                "INSERT INTO story (key, title, description, acceptance, kind, points, epic_id, sprint_id, rank, status, \
                 assignee, labels, created_at, started_at, done_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                key,
                r.title,
                r.description,
                r.acceptance,
                r.kind.unwrap_or(Kind::Story),
                r.points,
                r.epic,
                new.place,
                rank,
                r.status.unwrap_or(Status::Todo),
                r.assignee,
                r.labels.join(", "),
                created,
                r.started.map(values::time_text),
                r.done.map(values::time_text),
            ])
        })?;
        Ok(StoryId(id))
    }
}
