//! `export --format csv`: one story per row in board order, under a header
//! whose names the plain CSV import reads back, so a spreadsheet round trip
//! keeps every story field.

use super::Error;
use super::snapshot::Snapshot;
use crate::domain::document::{StoryDoc, TextValue};
use crate::store::{self, Reads, Store};
use std::io::Write;

/// The header row; each name is one the plain CSV import recognises.
pub const HEADER: [&str; 14] = [
    "key",
    "title",
    "description",
    "acceptance",
    "kind",
    "points",
    "status",
    "epic",
    "sprint",
    "assignee",
    "labels",
    "created",
    "started",
    "done",
];

fn row(s: &StoryDoc) -> [String; 14] {
    let time = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.to_text()).unwrap_or_default();
    [
        s.key.clone().unwrap_or_default(),
        s.title.clone(),
        s.description.clone(),
        s.acceptance.clone(),
        s.kind.to_string(),
        s.points.map(|p| p.to_string()).unwrap_or_default(),
        s.status.to_string(),
        s.epic.clone().unwrap_or_default(),
        s.sprint.clone().unwrap_or_default(),
        s.assignee.clone(),
        s.labels.join(", "),
        time(s.created),
        time(s.started),
        time(s.done),
    ]
}

/// Writes every story, streamed from the store.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<(), Error> {
    let snapshot = Snapshot::read(store)?;
    let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(out));
    csv.write_record(HEADER).map_err(write_error)?;
    write_stories(store, &snapshot, &mut csv, row)?;
    csv.flush()?;
    Ok(())
}

/// Writes a row of every story in board order, streamed from the store
/// (also `export --format jira-csv`'s stories).
pub(super) fn write_stories<W: Write, const N: usize>(
    store: &Store,
    snapshot: &Snapshot,
    csv: &mut csv::Writer<W>,
    row: impl Fn(&StoryDoc) -> [String; N],
) -> Result<(), Error> {
    let mut failed = None;
    store
        .each_story(&mut |story| {
            if let Err(e) = csv.write_record(row(&snapshot.story(story))) {
                failed = Some(e);
                // Stops the walk; the writer's error is returned below.
                return Err(store::Error::Damaged("export stopped".into()));
            }
            Ok(())
        })
        .or_else(|e| if failed.is_some() { Ok(()) } else { Err(e) })?;
    match failed {
        Some(e) => Err(write_error(e)),
        None => Ok(()),
    }
}

pub(super) fn write_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Write(io),
        other => Error::Write(std::io::Error::other(format!("{other:?}"))),
    }
}
