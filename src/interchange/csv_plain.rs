//! CSV import of everything but Jira (SPEC §5): plain CSV with a header row
//! naming at least a title column, and the exports of Azure DevOps/TFS,
//! GitHub (`gh` issues CSV, Projects' tab-separated export), Linear and
//! Plane, told apart by their headers ([`Tracker`]). Lines are the file's
//! lines, the header being line 1, so an error can be found in any editor.

use super::csv_read::{CsvFile, Record};
use super::{Problem, dates, file, words};
use crate::domain::document::*;
use crate::domain::{Points, parse_labels};
use crate::ops;
use std::collections::HashMap;

/// The header names each role's column may have, compared after
/// [`words::header`] (lower case, no accents, `_` as a space).
const ROLES: &[(&str, &[&str])] = &[
    ("key", &["issuekey", "issue key", "key", "id", "number"]),
    (
        "points",
        &[
            "storypoint",
            "storypoints",
            "story points",
            "story point",
            "story point estimate",
            "points",
            "estimate",
            "effort",
            "size",
            "finalestimate",
            "final estimate",
        ],
    ),
    ("description", &["description", "issue description", "body"]),
    ("acceptance", &["acceptance", "acceptance criteria"]),
    ("epic", &["epic", "epic key", "epic link", "module name", "module"]),
    ("status", &["status", "state", "last state", "etat", "statut", "estado"]),
    ("kind", &["kind", "type", "issue type", "work item type", "workitem type"]),
    ("assignee", &["assignee", "assignees", "assigned to", "owner", "responsable"]),
    ("labels", &["labels", "label", "tags"]),
    ("created", &["created", "created date", "created at", "creation date"]),
    ("started", &["started", "started at"]),
    ("done", &["done", "completed", "completed at", "closed at", "resolved", "resolved date"]),
];
/// A title column, in this order of preference.
const TITLE: &[&str] = &["title", "summary", "name", "titre", "titel", "titulo", "resume", "zusammenfassung"];
/// Sprint columns: every one with one of these names, in file order.
const SPRINT: &[&str] = &["sprint", "iteration", "iteration path", "cycle name", "cycle"];

/// Whose export a CSV is, told from its header; each names its items its
/// own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracker {
    /// Azure DevOps or TFS: numbered work items, iteration paths.
    Azure,
    /// `gh issue list` as CSV: numbered issues.
    GitHubIssues,
    /// GitHub Projects' export: issues by URL.
    GitHubProjects,
    /// Linear: `Cycle Name` sprints, `Project` epics.
    Linear,
    /// Plane: `Cycle Name` sprints, `Module Name` epics.
    Plane,
    /// Any other CSV with a title column.
    Plain,
}

impl Tracker {
    fn of(names: &[String]) -> Tracker {
        let has = |n: &str| names.iter().any(|h| h == n);
        if has("work item type") || has("workitem type") || has("iteration path") {
            Tracker::Azure
        } else if has("number") && has("state") && has("title") {
            Tracker::GitHubIssues
        } else if has("url") && has("title") && (has("assignees") || has("status")) {
            Tracker::GitHubProjects
        } else if has("module name") || (has("name") && has("cycle name")) {
            Tracker::Plane
        } else if has("issue description") || (has("title") && has("cycle name")) {
            Tracker::Linear
        } else {
            Tracker::Plain
        }
    }
}

/// The columns found in a header.
struct Columns {
    tracker: Tracker,
    title: usize,
    sprints: Vec<usize>,
    url: Option<usize>,
    others: HashMap<&'static str, usize>,
}

impl Columns {
    fn find(header: &Record) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(words::header).collect();
        let index = |wanted: &[&str]| wanted.iter().find_map(|w| names.iter().position(|n| n == w));
        let Some(title) = index(TITLE) else {
            let found: Vec<&str> = header.iter().map(str::trim).collect();
            return Err(Problem::new(
                "line 1",
                format!("no title column (one of title, summary, name); the header has: {}", found.join(", ")),
            ));
        };
        let tracker = Tracker::of(&names);
        let mut others = HashMap::new();
        for (role, wanted) in ROLES {
            if let Some(i) = index(wanted) {
                others.insert(*role, i);
            }
        }
        // Linear's projects are what other trackers call epics.
        if tracker == Tracker::Linear
            && !others.contains_key("epic")
            && let Some(i) = index(&["project"])
        {
            others.insert("epic", i);
        }
        let sprints = names.iter().enumerate().filter(|(_, n)| SPRINT.contains(&n.as_str())).map(|(i, _)| i).collect();
        Ok(Columns { tracker, title, sprints, url: index(&["url"]), others })
    }
}

/// One row's cells by role.
struct Row<'a> {
    record: &'a Record,
    columns: &'a Columns,
}

impl<'a> Row<'a> {
    /// The raw cell of a role (`""` when the column is absent).
    fn raw(&self, role: &str) -> &'a str {
        self.columns.others.get(role).and_then(|i| self.record.get(*i)).unwrap_or("")
    }

    /// The trimmed cell, `None` when empty.
    fn word(&self, role: &str) -> Option<&'a str> {
        Some(self.raw(role).trim()).filter(|s| !s.is_empty())
    }
}

/// A CSV file of one of these trackers, read from disk each time.
pub struct PlainCsv(pub CsvFile);

impl ops::Source for PlainCsv {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        let mut rows = self.0.rows().map_err(file::cannot_read)?;
        let mut record = Record::default();
        if !rows.next_into(&mut record)? {
            return Err(Problem::new("the file", "it is empty").into());
        }
        let columns = Columns::find(&record)?;
        let mut refs = References::default();
        while rows.next_into(&mut record)? {
            if record.is_blank() {
                continue;
            }
            let row = Row { record: &record, columns: &columns };
            if row.word("kind").is_some_and(words::is_epic) {
                refs.define_epic(EpicDoc {
                    key: key(&row),
                    title: title(&row).to_string(),
                    description: row.raw("description").to_string(),
                    ..EpicDoc::default()
                });
                continue;
            }
            story(row_story(&row, &mut refs)?)?;
        }
        Ok(Document { format: FORMAT.to_string(), epics: refs.epics, sprints: refs.sprints, ..Document::default() })
    }
}

fn title<'a>(row: &Row<'a>) -> &'a str {
    row.record.get(row.columns.title).unwrap_or("").trim()
}

/// The story's key: the file's own when it looks like one (`ENG-12`);
/// Azure DevOps and GitHub number their items, which become `ADO-4` and
/// `GH-30` (a bare number is no key on a board); other ids are left out.
fn key(row: &Row<'_>) -> Option<String> {
    let cell = row.word("key");
    let number = |prefix: &str, n: &str| is_number(n).then(|| format!("{prefix}-{n}"));
    let numbered = match row.columns.tracker {
        Tracker::Azure => cell.and_then(|n| number("ADO", n)),
        Tracker::GitHubIssues => cell.and_then(|n| number("GH", n.trim_start_matches('#'))),
        Tracker::GitHubProjects => {
            let url = row.columns.url.and_then(|i| row.record.get(i)).unwrap_or("").trim();
            let n = url.rsplit_once('/').map(|(_, n)| n).filter(|_| url.contains("/issues/") || url.contains("/pull/"));
            n.and_then(|n| number("GH", n))
        }
        _ => None,
    };
    let own = || {
        let plain = row.columns.tracker == Tracker::Plain;
        cell.filter(|k| words::looks_like_key(k) || plain && !is_number(k)).map(String::from)
    };
    numbered.or_else(own)
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// A sprint cell as a sprint's name: an Azure iteration path without its
/// project (`NCA\2015\06` → `2015\06`; the project alone is the backlog).
fn sprint_name(tracker: Tracker, cell: &str) -> Option<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    match tracker {
        Tracker::Azure => cell
            .split_once('\\')
            .map(|(_, rest)| rest.trim().to_string())
            .filter(|path| path.rsplit('\\').next().is_some_and(is_sprint_node)),
        _ => Some(cell.to_string()),
    }
}

/// Whether the last node of an Azure iteration path is a sprint: Azure
/// teams number their sprints (`Sprint 6 (24Oct-6Nov)`, `2015\06`); a node
/// without a number (`Queue`, `Backlog`, an area such as `APO`) or a bare
/// year (`2014`) is a folder of sprints, and what sits in it waits in the
/// backlog.
fn is_sprint_node(node: &str) -> bool {
    let node = node.trim();
    let year = node.len() == 4 && node.chars().all(|c| c.is_ascii_digit());
    node.chars().any(|c| c.is_ascii_digit()) && !year
}

/// Who works on it: Azure DevOps writes `Name <DOMAIN\login>`; the name is
/// what the board shows.
fn assignee(cell: &str) -> String {
    let cell = cell.trim();
    match cell.rsplit_once(" <") {
        Some((name, rest)) if rest.ends_with('>') => name.trim().to_string(),
        _ => cell.to_string(),
    }
}

/// The row's kind; without a type column, a `bug` label (as GitHub marks
/// bugs) makes it a bug.
fn kind(row: &Row<'_>) -> crate::domain::Kind {
    match row.word("kind") {
        Some(k) => words::kind(k),
        None if parse_labels(row.raw("labels")).iter().any(|l| l.eq_ignore_ascii_case("bug")) => {
            crate::domain::Kind::Bug
        }
        None => crate::domain::Kind::Story,
    }
}

/// The story of one row, noting the epic and sprints it names.
fn row_story(row: &Row<'_>, refs: &mut References) -> Result<StoryDoc, Problem> {
    let line = row.record.line;
    let points = Points::parse_optional(row.raw("points")).map_err(|why| Problem::new(format!("line {line}"), why))?;
    let tracker = row.columns.tracker;
    let mut sprint_history: Vec<String> = row
        .columns
        .sprints
        .iter()
        .filter_map(|i| row.record.get(*i))
        .filter_map(|c| sprint_name(tracker, c))
        .map(|s| refs.sprint(&s, Some(line)))
        .collect();
    Ok(StoryDoc {
        key: key(row),
        title: title(row).to_string(),
        description: row.raw("description").to_string(),
        acceptance: row.raw("acceptance").to_string(),
        kind: kind(row),
        points,
        status: row.word("status").map_or(crate::domain::Status::Todo, words::status),
        epic: row.word("epic").map(|e| refs.epic(e)),
        sprint: sprint_history.pop(),
        earlier_sprints: sprint_history,
        blocked_by: Vec::new(),
        blocks: Vec::new(),
        assignee: assignee(row.raw("assignee")),
        labels: parse_labels(&row.raw("labels").replace(';', ",")),
        created: row.word("created").and_then(dates::parse),
        started: row.word("started").and_then(dates::parse),
        done: row.word("done").and_then(dates::parse),
        line: Some(line),
    })
}

/// The epics and sprints named by cells, each once, in order of first use.
#[derive(Default)]
pub struct References {
    /// Epics: references, and those the file defines (an Epic row).
    pub epics: Vec<EpicDoc>,
    /// Sprint references.
    pub sprints: Vec<SprintDoc>,
    seen: HashMap<(bool, String), usize>,
}

impl References {
    /// Notes an epic cell (a key like `MESOS-12`, or a title); returns how
    /// the story refers to it.
    pub fn epic(&mut self, cell: &str) -> String {
        let cell = cell.trim();
        let seen = (true, cell.to_lowercase());
        if !self.seen.contains_key(&seen) {
            self.seen.insert(seen, self.epics.len());
            let key = words::looks_like_key(cell).then(|| cell.to_string());
            self.epics.push(EpicDoc { key, title: cell.to_string(), reference: true, ..EpicDoc::default() });
        }
        cell.to_string()
    }

    /// Notes an epic the file defines, replacing a reference to its key
    /// made by an earlier row.
    pub fn define_epic(&mut self, epic: EpicDoc) {
        let name = epic.key.clone().unwrap_or_else(|| epic.title.clone()).trim().to_lowercase();
        match self.seen.get(&(true, name.clone())) {
            Some(&i) => self.epics[i] = epic,
            None => {
                self.seen.insert((true, name), self.epics.len());
                self.epics.push(epic);
            }
        }
    }

    /// Notes a sprint cell (first seen on `line`, if the file has lines);
    /// returns its name.
    pub fn sprint(&mut self, cell: &str, line: Option<u64>) -> String {
        let cell = cell.trim();
        let seen = (false, cell.to_lowercase());
        if !self.seen.contains_key(&seen) {
            self.seen.insert(seen, self.sprints.len());
            self.sprints.push(SprintDoc { name: cell.to_string(), reference: true, line, ..SprintDoc::default() });
        }
        cell.to_string()
    }
}
