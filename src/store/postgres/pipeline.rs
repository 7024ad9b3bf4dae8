//! Round trips: what goes to the server together. A transaction's
//! statements wait in a queue until one needs an answer (or `COMMIT`), and
//! then all go in one pipeline; an action's reads can be named up front
//! and sent together (`read_ahead`); a screen's reload sends the reads the
//! last one made at once (`begin_replay`), or finds them answered with
//! the commit before it.

use super::link::{Link, Reply, Request};
use super::values::Bind;
use super::{Conn, dialect};
use crate::store::db::Value;
use crate::store::{Error, Result};
use std::collections::HashMap;

/// A read named while reading ahead: its statement and values.
pub(super) type Noted = (String, Vec<Bind>);

/// A reload under way.
pub(super) struct Recording {
    pub name: &'static str,
    /// Its reads in order, each once.
    pub reads: Vec<Noted>,
    /// What they were answered, by `ahead_key`.
    pub answers: Answers,
}

/// Answers read ahead, by statement and values (`ahead_key`).
pub(super) type Answers = HashMap<String, Vec<Vec<Value>>>;

/// How long answers read with a commit may serve the reload after it.
pub(super) const FRESH: std::time::Duration = std::time::Duration::from_millis(500);

/// The read of [`Queued::Entry`].
const ENTRY: &str = "SELECT coalesce(max(seq), 0) + 1 FROM history";

/// The board's write lock, taken right after `BEGIN`.
pub(super) const LOCK: &str = "SELECT 1 FROM pg_advisory_xact_lock(?1)";

/// A statement waiting to be sent.
pub(super) enum Queued {
    /// A transaction's `BEGIN` (simple protocol).
    Begin(String),
    /// The number the transaction's first history entry will take, read
    /// under the lock (`ENTRY`).
    Entry,
    /// Parameterless statements (simple protocol).
    Simple(String),
    /// A statement (as the store writes it) and its values; its answer is
    /// its rows, or its count.
    Rows(String, Vec<Bind>),
    Count(String, Vec<Bind>),
}

impl Queued {
    /// Whether this only opens a transaction (its `BEGIN`, lock and entry
    /// number): a transaction that queued nothing else did nothing.
    pub(super) fn opens(&self) -> bool {
        match self {
            Queued::Begin(_) | Queued::Entry => true,
            Queued::Rows(sql, _) => sql == LOCK,
            Queued::Simple(_) | Queued::Count(..) => false,
        }
    }
}

impl Conn {
    /// Sends what the transaction has queued and then `requests`, all in
    /// one round trip (one more the first time a statement is used on
    /// this connection, to prepare it); the answers to `requests`.
    pub(super) fn send(&self, requests: Vec<Queued>) -> Result<Vec<Reply>> {
        if self.fleeting.take().is_some() {
            self.read_ahead.borrow_mut().clear();
        }
        let mut all = std::mem::take(&mut *self.queue.borrow_mut());
        let queued = all.len();
        all.extend(requests);
        if self.in_transaction.get() && !self.begun.get() && self.lost() {
            // Nothing of the transaction reached the server yet: it can
            // start on a new connection as well.
            self.in_transaction.set(false);
            let made = self.ensure();
            self.in_transaction.set(true);
            made?;
        } else {
            self.ensure()?;
        }
        if queued > 0 && self.unprepared(&all[queued..]) {
            // What waits may make what the new statements name (a schema
            // step): it goes first, then they are prepared.
            let rest = all.split_off(queued);
            *self.queue.borrow_mut() = all;
            self.send(Vec::new())?;
            return self.send(rest);
        }
        let guard = self.link.borrow();
        let link = guard.as_ref().ok_or(Error::Unreachable)?;
        if let Err(e) = self.prepare(link, &all) {
            // Said once the link is let go: a lost connection is dropped.
            drop(guard);
            return Err(self.error(e));
        }
        let statements = self.statements.borrow();
        let prepared = |sql: &String| statements[sql].clone();
        let entry_at = all.iter().position(|q| matches!(q, Queued::Entry));
        let out: Vec<Request> = all
            .into_iter()
            .map(|q| match q {
                Queued::Simple(sql) | Queued::Begin(sql) => Request::Simple(sql),
                Queued::Entry => Request::Query(prepared(&ENTRY.to_string()), Vec::new()),
                Queued::Rows(sql, binds) => Request::Query(prepared(&sql), binds),
                Queued::Count(sql, binds) => Request::Execute(prepared(&sql), binds),
            })
            .collect();
        drop(statements);
        self.round_trips.set(self.round_trips.get() + 1);
        if self.in_transaction.get() {
            self.begun.set(true);
        }
        let replies = link.run(&self.rt, out);
        drop(guard);
        let mut answers = Vec::with_capacity(replies.len() - queued);
        for (i, reply) in replies.into_iter().enumerate() {
            let reply = reply.map_err(|e| self.error(e))?;
            if Some(i) == entry_at
                && let Reply::Rows(rows) = &reply
            {
                let seq = rows.first().and_then(|r| match r.first() {
                    Some(Value::Integer(n)) => Some(*n),
                    _ => None,
                });
                self.next_entry.set(seq);
            }
            if i >= queued {
                answers.push(reply);
            }
        }
        Ok(answers)
    }

    /// Whether any of `all` is not prepared on this connection yet.
    pub(super) fn unprepared(&self, all: &[Queued]) -> bool {
        let known = self.statements.borrow();
        all.iter().any(|q| match q {
            Queued::Rows(sql, _) | Queued::Count(sql, _) => !known.contains_key(sql),
            Queued::Entry => !known.contains_key(ENTRY),
            Queued::Simple(_) | Queued::Begin(_) => false,
        })
    }

    /// Prepares the statements of `all` this connection has not prepared
    /// yet, together in one round trip. The driver's error is returned as
    /// it is: the caller, which holds the link, says it after letting go.
    pub(super) fn prepare(&self, link: &Link, all: &[Queued]) -> std::result::Result<(), tokio_postgres::Error> {
        let mut missing: Vec<String> = Vec::new();
        {
            let known = self.statements.borrow();
            for q in all {
                let sql = match q {
                    Queued::Rows(sql, _) | Queued::Count(sql, _) => sql.as_str(),
                    Queued::Entry => ENTRY,
                    Queued::Simple(_) | Queued::Begin(_) => continue,
                };
                if !known.contains_key(sql) && !missing.iter().any(|m| m == sql) {
                    missing.push(sql.to_string());
                }
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        self.round_trips.set(self.round_trips.get() + 1);
        let translated: Vec<String> = missing.iter().map(|s| dialect::translate(s)).collect();
        let made = link.prepare(&self.rt, &translated);
        let mut known = self.statements.borrow_mut();
        for (sql, statement) in missing.into_iter().zip(made) {
            known.insert(sql, statement?);
        }
        Ok(())
    }

    /// Runs the reads `f` makes all at once, in one round trip (with what
    /// the transaction has waiting), and keeps their answers for the rest
    /// of the transaction, until it writes: an action that says what it
    /// will read first then reads from memory. What `f` sees is empty; a
    /// read it did not name is still made, in a round trip of its own.
    pub(in crate::store) fn read_ahead(&self, f: &mut dyn FnMut()) -> Result<()> {
        *self.noting.borrow_mut() = Some(Vec::new());
        f();
        let noted = self.noting.borrow_mut().take().unwrap_or_default();
        let keys: Vec<String> = noted.iter().map(|(sql, binds)| ahead_key(sql, binds)).collect();
        let replies = self.send(noted.into_iter().map(|(sql, binds)| Queued::Rows(sql, binds)).collect())?;
        let mut ahead = self.read_ahead.borrow_mut();
        for (key, reply) in keys.into_iter().zip(replies) {
            if let Reply::Rows(rows) = reply {
                ahead.insert(key, rows);
            }
        }
        Ok(())
    }

    /// Starts a screen reload named `name`: the reads the last one of that
    /// name made are sent at once, in one round trip, and their answers
    /// serve this one's reads that are the same (most are: the same lists,
    /// the same windows); a read that differs is made as it comes. What
    /// this reload reads is noted for the next. Outside transactions only.
    /// Notes the reads `f` makes, to be made right after this
    /// transaction's COMMIT in its round trip; their answers then serve
    /// the same reads made before the next round trip (an action's
    /// message, read after it).
    pub(in crate::store) fn read_after_commit(&self, f: &mut dyn FnMut()) {
        *self.noting.borrow_mut() = Some(Vec::new());
        f();
        let noted = self.noting.borrow_mut().take().unwrap_or_default();
        self.then_reads.borrow_mut().extend(noted);
    }

    pub(in crate::store) fn begin_replay(&self, name: &'static str) {
        if self.in_transaction.get() || self.recording.borrow().is_some() {
            return;
        }
        let last = self.replays.borrow_mut().remove(name).unwrap_or_default();
        if self.fleeting.get().is_none() {
            // What the action read after its commit stays, for the reads
            // made after the reload (until the next round trip).
            self.read_ahead.borrow_mut().clear();
        }
        let answered = match self.after_commit.borrow_mut().as_mut() {
            Some((at, by_name)) if at.elapsed() < FRESH => by_name.remove(name),
            _ => None,
        };
        if let Some(answers) = answered {
            self.read_ahead.borrow_mut().extend(answers);
        } else if !last.is_empty() {
            let keys: Vec<String> = last.iter().map(|(sql, binds)| ahead_key(sql, binds)).collect();
            // A failure here (the server gone) is met again, and said, by
            // the reload's own reads.
            if let Ok(replies) = self.send(last.into_iter().map(|(sql, binds)| Queued::Rows(sql, binds)).collect()) {
                let mut ahead = self.read_ahead.borrow_mut();
                for (key, reply) in keys.into_iter().zip(replies) {
                    if let Reply::Rows(rows) = reply {
                        ahead.insert(key, rows);
                    }
                }
            }
        }
        *self.recording.borrow_mut() = Some(Recording { name, reads: Vec::new(), answers: Answers::new() });
    }

    /// Ends a screen reload: its reads are kept for the next one, with
    /// their answers (`held`), and the answers read ahead are let go.
    pub(in crate::store) fn end_replay(&self) {
        if let Some(Recording { name, reads, answers }) = self.recording.borrow_mut().take() {
            self.replays.borrow_mut().insert(name, reads);
            self.held.borrow_mut().insert(name, answers);
        }
        // Answers read with a commit go on serving until the next round
        // trip (the action's follow-up reads); others go now.
        if self.fleeting.get().is_none() {
            self.read_ahead.borrow_mut().clear();
        }
    }
}

/// Whether a statement only reads (its answer can be read ahead).
pub(super) fn is_read(sql: &str) -> bool {
    sql.trim_start().get(..6).is_some_and(|w| w.eq_ignore_ascii_case("SELECT")) && !sql.contains("FOR UPDATE")
}

impl Conn {
    /// Drops the answers read ahead that a write may change: those that
    /// read the table it writes (an insert or an update; a story's also
    /// changes the tallies its triggers keep). A delete, whose foreign
    /// keys reach other tables, and any other statement drop them all.
    /// So an action may write its history, its velocity record or its
    /// sprint and still use what it read of the stories.
    pub(super) fn written(&self, sql: &str) {
        if !self.in_transaction.get() {
            // A write of its own: what the reloads hold is not kept track of.
            self.held.borrow_mut().clear();
        }
        let mut answers = self.read_ahead.borrow_mut();
        let mut wrote = self.wrote.borrow_mut();
        let Some(tables) = tables_written(sql) else {
            answers.clear();
            *wrote = None;
            return;
        };
        answers.retain(|key, _| {
            let read = key.split('\u{0}').next().unwrap_or(key);
            !tables.iter().any(|t| names_table(read, t))
        });
        if let Some(wrote) = wrote.as_mut() {
            wrote.extend(tables.into_iter().map(str::to_string));
        }
    }

    /// Whether the reload read `sql` may be answered as it was before the
    /// transaction: the transaction wrote no table it reads.
    pub(super) fn untouched_by_transaction(&self, sql: &str) -> bool {
        self.wrote.borrow().as_ref().is_some_and(|wrote| !wrote.iter().any(|t| names_table(sql, t)))
    }
}

/// The tables a statement writes: every `INSERT INTO`, `UPDATE` and
/// `DELETE FROM` in it (a `WITH` may hold several), and the tallies a
/// story's triggers keep; no foreign key cascades, so a delete writes its
/// own table only. `None` for a statement that writes none of these ways
/// (a function that may write anything).
fn tables_written(sql: &str) -> Option<Vec<&str>> {
    // `(DELETE FROM …)` in a `WITH`: a word is read without its brackets.
    let words: Vec<&str> = sql.split_whitespace().map(|w| w.trim_start_matches('(')).collect();
    let mut tables = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let into =
            w.eq_ignore_ascii_case("INTO") && words[..i].iter().rev().take(3).any(|w| w.eq_ignore_ascii_case("INSERT"));
        let target = if into || w.eq_ignore_ascii_case("UPDATE") {
            words.get(i + 1)
        } else if w.eq_ignore_ascii_case("DELETE") && words.get(i + 1).is_some_and(|f| f.eq_ignore_ascii_case("FROM")) {
            words.get(i + 2)
        } else {
            None
        };
        if let Some(t) = target {
            let t = t.split('(').next().unwrap_or(t);
            if t == "story" {
                tables.push("tally");
            }
            tables.push(t);
        }
    }
    if tables.is_empty() { None } else { Some(tables) }
}

/// Whether `sql` names `table` as a whole word (`story`, not `story_id`).
fn names_table(sql: &str, table: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    sql.match_indices(table).any(|(at, _)| {
        !sql[..at].chars().next_back().is_some_and(word) && !sql[at + table.len()..].chars().next().is_some_and(word)
    })
}

/// A read and its values, as the answers read ahead are kept by.
pub(super) fn ahead_key(sql: &str, binds: &[Bind]) -> String {
    format!("{sql}\u{0}{binds:?}")
}

#[cfg(test)]
mod tests {
    use super::{names_table, tables_written};

    #[test]
    fn a_write_names_every_table_it_writes() {
        assert_eq!(tables_written("INSERT INTO velocity (sprint_id) VALUES (?1)"), Some(vec!["velocity"]));
        assert_eq!(tables_written("INSERT INTO history(seq) VALUES (?1)"), Some(vec!["history"]));
        assert_eq!(tables_written("INSERT OR IGNORE INTO tally(scope) SELECT 1"), Some(vec!["tally"]));
        assert_eq!(tables_written("UPDATE sprint SET name = ?2 WHERE id = ?1"), Some(vec!["sprint"]));
        assert_eq!(tables_written("DELETE FROM story WHERE id = ?1"), Some(vec!["tally", "story"]));
        assert_eq!(
            tables_written(
                "WITH d AS (SELECT seq FROM history), i AS (DELETE FROM history_row WHERE seq IN (SELECT seq FROM d)) \
                 UPDATE history SET label = ''"
            ),
            Some(vec!["history_row", "history"])
        );
        assert_eq!(tables_written("SELECT sprintboard_recount()"), None);
    }

    #[test]
    fn a_table_is_named_as_a_whole_word_only() {
        assert!(names_table("SELECT rank FROM story WHERE sprint_id IS ?1", "story"));
        assert!(!names_table("SELECT rank FROM story WHERE sprint_id IS ?1", "sprint"));
        assert!(!names_table("SELECT seq FROM story_event", "story"));
        assert!(names_table("SELECT * FROM sprint s JOIN velocity v", "sprint"));
        assert!(names_table("SELECT 1 FROM tally", "tally"));
    }
}
