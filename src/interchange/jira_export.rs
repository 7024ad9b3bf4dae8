//! `export --format jira-csv` (SPEC §5): a CSV that Jira's CSV importer
//! maps without help — `Summary`, `Issue key`, `Issue Type`, `Status`,
//! `Story Points`, `Sprint`, `Epic Link`, `Assignee` and `Description` — so
//! a team can go back (with who works on what: Jira's importer maps the
//! names to its users). Epics come first, as issues of type Epic, so that the stories'
//! `Epic Link` names an issue of the same file; sprintboard's own Jira
//! reader reads the file back to the same stories.

use super::Error;
use super::csv_export::write_error;
use super::snapshot::Snapshot;
use crate::domain::document::StoryDoc;
use crate::domain::{Kind, Status};
use crate::store::Store;
use std::io::Write;

/// The header row, in Jira's own (English) names.
pub const HEADER: [&str; 9] =
    ["Summary", "Issue key", "Issue Type", "Status", "Story Points", "Sprint", "Epic Link", "Assignee", "Description"];

/// Jira's default workflow names for our statuses.
fn status(s: Status) -> &'static str {
    match s {
        Status::Todo => "To Do",
        Status::Doing => "In Progress",
        Status::Done => "Done",
    }
}

/// Jira's issue types for our kinds (a spike keeps its name: Jira asks
/// which type to map it to when the project has none of that name).
fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Story => "Story",
        Kind::Bug => "Bug",
        Kind::Task => "Task",
        Kind::Spike => "Spike",
    }
}

fn row(s: &StoryDoc) -> [String; 9] {
    [
        s.title.clone(),
        s.key.clone().unwrap_or_default(),
        kind(s.kind).to_string(),
        status(s.status).to_string(),
        s.points.map(|p| p.to_string()).unwrap_or_default(),
        s.sprint.clone().unwrap_or_default(),
        s.epic.clone().unwrap_or_default(),
        s.assignee.clone(),
        s.description.clone(),
    ]
}

/// Writes the epics, then every story, streamed from the store.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<(), Error> {
    let snapshot = Snapshot::read(store)?;
    let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(out));
    csv.write_record(HEADER).map_err(write_error)?;
    for e in &snapshot.head.epics {
        let key = e.key.clone().unwrap_or_default();
        let fields = [&e.title, &key, "Epic", "To Do", "", "", "", "", &e.description];
        csv.write_record(fields).map_err(write_error)?;
    }
    super::csv_export::write_stories(store, &snapshot, &mut csv, row)?;
    csv.flush()?;
    Ok(())
}
