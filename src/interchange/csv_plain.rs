//! Plain CSV import (SPEC §5): a header row naming at least a title column,
//! then one story per row. Lines are the file's lines, the header being
//! line 1, so an error can be found in any editor.

use super::{Problem, file, words};
use crate::domain::document::*;
use crate::domain::{Points, parse_labels};
use crate::ops;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

/// The header names each column may have (compared after [`words::header`]).
const TITLE: &[&str] = &["title", "summary", "name"];
const KEY: &[&str] = &["issuekey", "issue key", "key"];
const POINTS: &[&str] = &["storypoint", "storypoints", "story points", "story point", "points", "estimate"];
const DESCRIPTION: &[&str] = &["description"];
const ACCEPTANCE: &[&str] = &["acceptance", "acceptance criteria"];
const EPIC: &[&str] = &["epic", "epic key", "epic link"];
const SPRINT: &[&str] = &["sprint"];
const STATUS: &[&str] = &["status"];
const KIND: &[&str] = &["kind", "type", "issue type"];
const ASSIGNEE: &[&str] = &["assignee"];
const LABELS: &[&str] = &["labels", "label"];
const CREATED: &[&str] = &["created"];
const STARTED: &[&str] = &["started"];
const DONE: &[&str] = &["done"];

/// The columns found in a header.
struct Columns {
    title: usize,
    others: HashMap<&'static str, usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(words::header).collect();
        let index = |wanted: &[&str]| wanted.iter().find_map(|w| names.iter().position(|n| n == w));
        let Some(title) = index(TITLE) else {
            let found: Vec<&str> = header.iter().map(str::trim).collect();
            return Err(Problem::new(
                "line 1",
                format!("no title column (one of title, summary, name); the header has: {}", found.join(", ")),
            ));
        };
        let mut others = HashMap::new();
        for (role, wanted) in [
            ("key", KEY),
            ("points", POINTS),
            ("description", DESCRIPTION),
            ("acceptance", ACCEPTANCE),
            ("epic", EPIC),
            ("sprint", SPRINT),
            ("status", STATUS),
            ("kind", KIND),
            ("assignee", ASSIGNEE),
            ("labels", LABELS),
            ("created", CREATED),
            ("started", STARTED),
            ("done", DONE),
        ] {
            if let Some(i) = index(wanted) {
                others.insert(role, i);
            }
        }
        Ok(Columns { title, others })
    }
}

/// One row's cells by role.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a Columns,
}

impl<'a> Row<'a> {
    /// The raw cell of a role (`""` when the column is absent or short).
    fn raw(&self, role: &str) -> &'a str {
        self.columns.others.get(role).and_then(|i| self.record.get(*i)).unwrap_or("")
    }

    /// The trimmed cell, `None` when empty.
    fn word(&self, role: &str) -> Option<&'a str> {
        Some(self.raw(role).trim()).filter(|s| !s.is_empty())
    }
}

/// A CSV reader with the header read as a record, rows of any length.
pub fn reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input)
}

/// A CSV error with its line.
pub fn csv_problem(e: csv::Error) -> Problem {
    let line = e.position().map(|p| p.line());
    let why = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8; save the file as UTF-8 and try again".to_string(),
        _ => e.to_string(),
    };
    Problem::new(line.map_or_else(|| "the file".to_string(), |l| format!("line {l}")), why)
}

/// A plain CSV file, read from disk each time it is read.
pub struct PlainCsv(pub PathBuf);

impl ops::Source for PlainCsv {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        read(file::open(&self.0).map_err(file::cannot_read)?, story)
    }
}

/// Reads a plain CSV file, handing each row's story to `story`; returns the
/// epics and sprints the rows name, as references, in order of first use.
pub fn read(input: impl Read, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
    let mut rdr = reader(input);
    let mut record = csv::StringRecord::new();
    if !rdr.read_record(&mut record).map_err(csv_problem)? {
        return Err(Problem::new("the file", "it is empty").into());
    }
    let columns = Columns::find(&record)?;
    let mut refs = References::default();
    while rdr.read_record(&mut record).map_err(csv_problem)? {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        story(row_story(&Row { record: &record, columns: &columns }, &mut refs)?)?;
    }
    Ok(Document { format: FORMAT.to_string(), epics: refs.epics, sprints: refs.sprints, ..Document::default() })
}

/// The story of one row, noting the epic and sprint it names.
fn row_story(row: &Row<'_>, refs: &mut References) -> Result<StoryDoc, Problem> {
    let line = row.record.position().map_or(0, |p| p.line());
    let at = || format!("line {line}");
    let time = |role: &str| -> Result<_, Problem> {
        row.word(role)
            .map(|t| chrono::NaiveDateTime::from_text(t).map_err(|why| Problem::new(at(), format!("{role}: {why}"))))
            .transpose()
    };
    let points = Points::parse_optional(row.raw("points")).map_err(|why| Problem::new(at(), why))?;
    Ok(StoryDoc {
        key: row.word("key").map(String::from),
        title: row.record.get(row.columns.title).unwrap_or("").trim().to_string(),
        description: row.raw("description").to_string(),
        acceptance: row.raw("acceptance").to_string(),
        kind: row.word("kind").map_or(crate::domain::Kind::Story, words::kind),
        points,
        status: row.word("status").map_or(crate::domain::Status::Todo, words::status),
        epic: row.word("epic").map(|e| refs.epic(e)),
        sprint: row.word("sprint").map(|s| refs.sprint(s, Some(line))),
        earlier_sprints: Vec::new(),
        assignee: row.raw("assignee").trim().to_string(),
        labels: parse_labels(row.raw("labels")),
        created: time("created")?,
        started: time("started")?,
        done: time("done")?,
        line: Some(line),
    })
}

/// The epics and sprints named by cells, each once, in order of first use.
#[derive(Default)]
pub struct References {
    /// Epic references.
    pub epics: Vec<EpicDoc>,
    /// Sprint references.
    pub sprints: Vec<SprintDoc>,
    seen: std::collections::HashSet<(bool, String)>,
}

impl References {
    /// Notes an epic cell (a key like `MESOS-12`, or a title); returns how
    /// the story refers to it.
    pub fn epic(&mut self, cell: &str) -> String {
        let cell = cell.trim();
        if self.seen.insert((true, cell.to_lowercase())) {
            let key = words::looks_like_key(cell).then(|| cell.to_string());
            self.epics.push(EpicDoc { key, title: cell.to_string(), reference: true, ..EpicDoc::default() });
        }
        cell.to_string()
    }

    /// Notes a sprint cell (first seen on `line`, if the file has lines);
    /// returns its name.
    pub fn sprint(&mut self, cell: &str, line: Option<u64>) -> String {
        let cell = cell.trim();
        if self.seen.insert((false, cell.to_lowercase())) {
            self.sprints.push(SprintDoc { name: cell.to_string(), reference: true, line, ..SprintDoc::default() });
        }
        cell.to_string()
    }
}
