//! The `sprintboard/1` JSON document: the writer of `export --format json`
//! (its reader is `json_read`).

use super::snapshot::Snapshot;
use crate::store::{self, Reads, Store};
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::io::Write;

/// Writes the whole board, pretty-printed and deterministic, ending in a
/// newline. Store errors met while streaming the stories come back as such.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<(), super::Error> {
    let snapshot = Snapshot::read(store).map_err(crate::ops::Error::from)?;
    let failed = RefCell::new(None);
    let doc = Streamed { snapshot: &snapshot, store, failed: &failed };
    let mut buf = std::io::BufWriter::new(out);
    let written = serde_json::to_writer_pretty(&mut buf, &doc);
    if let Some(e) = failed.into_inner() {
        return Err(crate::ops::Error::from(e).into());
    }
    written.map_err(|e| super::Error::Write(e.into()))?;
    buf.write_all(b"\n")?;
    buf.flush()?;
    Ok(())
}

/// The document with its stories streamed from the store.
struct Streamed<'a> {
    snapshot: &'a Snapshot,
    store: &'a Store,
    failed: &'a RefCell<Option<store::Error>>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Same fields, same order as `Document`, whose reader reads this back.
        let head = &self.snapshot.head;
        let mut doc = s.serialize_struct("Document", 13)?;
        doc.serialize_field("format", &head.format)?;
        doc.serialize_field("board", &head.board)?;
        doc.serialize_field("objectives", &head.objectives)?;
        doc.serialize_field("epics", &head.epics)?;
        doc.serialize_field("sprints", &head.sprints)?;
        doc.serialize_field("stories", &Stories(self))?;
        doc.serialize_field("risks", &head.risks)?;
        // The team and money lists, each left out when empty (as `TeamDoc`
        // serialises them), so a board without a team exports as before.
        let team = &head.team;
        if !team.members.is_empty() {
            doc.serialize_field("members", &team.members)?;
        }
        if !team.days_off.is_empty() {
            doc.serialize_field("days_off", &team.days_off)?;
        }
        if !team.budgets.is_empty() {
            doc.serialize_field("budgets", &team.budgets)?;
        }
        if !team.expenses.is_empty() {
            doc.serialize_field("expenses", &team.expenses)?;
        }
        if !team.dependencies.is_empty() {
            doc.serialize_field("dependencies", &team.dependencies)?;
        }
        if !team.sprint_team.is_empty() {
            doc.serialize_field("sprint_team", &team.sprint_team)?;
        }
        doc.end()
    }
}

struct Stories<'a>(&'a Streamed<'a>);

impl Serialize for Stories<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut write_error = None;
        let read = self.0.store.each_story(&mut |story| {
            if let Err(e) = seq.serialize_element(&self.0.snapshot.story(story)) {
                write_error = Some(e);
                // Stops the walk; the writer's own error is returned below.
                return Err(store::Error::Damaged("export stopped".into()));
            }
            Ok(())
        });
        if let Some(e) = write_error {
            return Err(e);
        }
        if let Err(e) = read {
            let message = e.to_string();
            *self.0.failed.borrow_mut() = Some(e);
            return Err(S::Error::custom(message));
        }
        seq.end()
    }
}
