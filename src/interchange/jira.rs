//! Jira CSV import (the "All fields" and "Current fields" exports, SPEC §5).
//! Jira repeats a header once per value (`Sprint`, `Sprint`, `Labels`, …),
//! so columns are found by position, never by name alone. Issues of type
//! Epic become epics; every other issue becomes a story.

use super::csv_plain::{References, csv_problem, reader};
use super::{Problem, file, words};
use crate::domain::Points;
use crate::domain::document::*;
use crate::ops;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

/// The columns of each field, by position, found once per reading:
/// repeated headers keep every position.
struct Columns {
    key: Vec<usize>,
    id: Vec<usize>,
    kind: Vec<usize>,
    summary: Vec<usize>,
    epic_name: Vec<usize>,
    description: Vec<usize>,
    status: Vec<usize>,
    assignee: Vec<usize>,
    created: Vec<usize>,
    resolved: Vec<usize>,
    points: Vec<usize>,
    parent: Vec<usize>,
    sprints: Vec<usize>,
    labels: Vec<usize>,
}

const POINTS: &[&str] = &["custom field (story points)", "custom field (story point estimate)", "story points"];
const PARENT: &[&str] = &["parent key", "parent", "custom field (epic link)", "epic link"];

impl Columns {
    fn new(header: &csv::StringRecord) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(words::header).collect();
        // The columns of the first name that has any, then of the next…:
        // `first` then takes the first non-empty value in this order.
        let of = |wanted: &[&str]| -> Vec<usize> {
            wanted.iter().flat_map(|w| names.iter().enumerate().filter(move |(_, n)| n == w).map(|(i, _)| i)).collect()
        };
        let cols = Columns {
            key: of(&["issue key"]),
            id: of(&["issue id"]),
            kind: of(&["issue type"]),
            summary: of(&["summary"]),
            epic_name: of(&["custom field (epic name)", "summary"]),
            description: of(&["description"]),
            status: of(&["status"]),
            assignee: of(&["assignee"]),
            created: of(&["created"]),
            resolved: of(&["resolved"]),
            points: of(POINTS),
            parent: of(PARENT),
            sprints: of(&["sprint"]),
            labels: of(&["labels"]),
        };
        if cols.summary.is_empty() || cols.key.is_empty() {
            return Err(Problem::new("line 1", "a Jira export has Summary and Issue key columns; this file has not"));
        }
        Ok(cols)
    }
}

/// Every non-empty value of these columns, in their order.
fn all<'r>(record: &'r csv::StringRecord, cols: &[usize]) -> impl Iterator<Item = &'r str> {
    cols.iter().filter_map(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty())
}

/// The first non-empty value of these columns.
fn first<'r>(record: &'r csv::StringRecord, cols: &[usize]) -> Option<&'r str> {
    all(record, cols).next()
}

fn is_epic(cols: &Columns, r: &csv::StringRecord) -> bool {
    first(r, &cols.kind).is_some_and(|t| t.eq_ignore_ascii_case("epic"))
}

/// What stories need to know of every issue before the first one: which
/// are epics (by key and by id: newer exports name the parent by its id).
struct Parents {
    /// Epic key by the epic's key or id, lower case.
    epic_keys: HashMap<String, String>,
    /// Whether each key or id (lower case) of the file is an epic.
    in_file: HashMap<String, bool>,
    /// The file's epics.
    epics: Vec<EpicDoc>,
}

/// A Jira CSV export, read from disk: once for its epics, then once for
/// each reading of its stories.
pub struct JiraCsv {
    path: PathBuf,
    parents: Option<Parents>,
}

impl JiraCsv {
    /// The export at `path`.
    pub fn new(path: PathBuf) -> JiraCsv {
        JiraCsv { path, parents: None }
    }
}

impl ops::Source for JiraCsv {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        if self.parents.is_none() {
            self.parents = Some(parents(file::open(&self.path).map_err(file::cannot_read)?)?);
        }
        let input = file::open(&self.path).map_err(file::cannot_read)?;
        read(input, self.parents.as_ref().expect("read just above"), story)
    }
}

/// Reads the rows of a Jira export, one at a time, non-empty ones only.
fn rows(input: impl Read, each: &mut dyn FnMut(&Columns, &csv::StringRecord) -> ops::Result<()>) -> ops::Result<()> {
    let mut rdr = reader(input);
    let mut record = csv::StringRecord::new();
    if !rdr.read_record(&mut record).map_err(csv_problem)? {
        return Err(Problem::new("the file", "it is empty").into());
    }
    let cols = Columns::new(&record)?;
    while rdr.read_record(&mut record).map_err(csv_problem)? {
        if record.iter().any(|c| !c.trim().is_empty()) {
            each(&cols, &record)?;
        }
    }
    Ok(())
}

fn parents(input: impl Read) -> ops::Result<Parents> {
    let mut p = Parents { epic_keys: HashMap::new(), in_file: HashMap::new(), epics: Vec::new() };
    rows(input, &mut |cols, r| {
        let epic = is_epic(cols, r);
        let key = first(r, &cols.key).unwrap_or_default();
        for id in [Some(key), first(r, &cols.id)].into_iter().flatten() {
            p.in_file.insert(id.to_lowercase(), epic);
            if epic {
                p.epic_keys.insert(id.to_lowercase(), key.to_string());
            }
        }
        if epic {
            p.epics.push(EpicDoc {
                key: first(r, &cols.key).map(String::from),
                title: first(r, &cols.epic_name).unwrap_or_default().to_string(),
                description: first(r, &cols.description).unwrap_or_default().to_string(),
                ..EpicDoc::default()
            });
        }
        Ok(())
    })?;
    Ok(p)
}

/// Reads the stories of a Jira export (every issue but the epics).
fn read(
    input: impl Read,
    parents: &Parents,
    story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>,
) -> ops::Result<Document> {
    let mut refs = References::default();
    rows(input, &mut |cols, r| {
        if is_epic(cols, r) {
            return Ok(());
        }
        story(issue(cols, r, parents, &mut refs)?)
    })?;
    let mut epics = parents.epics.clone();
    epics.extend(refs.epics);
    Ok(Document { format: FORMAT.to_string(), epics, sprints: refs.sprints, ..Document::default() })
}

fn issue(cols: &Columns, r: &csv::StringRecord, parents: &Parents, refs: &mut References) -> Result<StoryDoc, Problem> {
    let line = r.position().map_or(0, |p| p.line());
    let points = match first(r, &cols.points) {
        Some(p) => Some(Points::parse(p).map_err(|why| Problem::new(format!("line {line}"), why))?),
        None => None,
    };
    // The parent is an epic when it is one in the file; a parent that is a
    // story in the file makes this a sub-task, not part of an epic; a key
    // not in the file is taken to be an epic elsewhere (Epic Link).
    let epic = first(r, &cols.parent).and_then(|p| match parents.epic_keys.get(&p.to_lowercase()) {
        Some(key) => Some(key.clone()),
        None if parents.in_file.contains_key(&p.to_lowercase()) => None,
        None if words::looks_like_key(p) => Some(refs.epic(p)),
        None => None,
    });
    // Jira lists every sprint an issue was in; the last one is where it is
    // now, the earlier ones closed with it unfinished.
    let mut earlier_sprints: Vec<String> = all(r, &cols.sprints).map(|s| refs.sprint(s, Some(line))).collect();
    let sprint = earlier_sprints.pop();
    let mut labels: Vec<String> = Vec::new();
    for label in all(r, &cols.labels).flat_map(|l| l.split_whitespace()) {
        if !labels.iter().any(|l| l == label) {
            labels.push(label.to_string());
        }
    }
    Ok(StoryDoc {
        key: first(r, &cols.key).map(String::from),
        title: first(r, &cols.summary).unwrap_or_default().to_string(),
        description: first(r, &cols.description).unwrap_or_default().to_string(),
        kind: first(r, &cols.kind).map_or(crate::domain::Kind::Story, words::kind),
        points,
        status: first(r, &cols.status).map_or(crate::domain::Status::Todo, words::status),
        epic,
        sprint,
        earlier_sprints,
        assignee: first(r, &cols.assignee).unwrap_or_default().to_string(),
        labels,
        created: first(r, &cols.created).and_then(jira_time),
        started: None,
        done: first(r, &cols.resolved).and_then(jira_time),
        line: Some(line),
        ..StoryDoc::default()
    })
}

/// Jira's dates: `05/Mar/24 10:15 AM` (the default), or ISO. An unreadable
/// date is left out rather than failing the import: it is informative only.
fn jira_time(text: &str) -> Option<chrono::NaiveDateTime> {
    ["%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| chrono::NaiveDateTime::from_text(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jira_dates() {
        assert_eq!(jira_time("05/Mar/24 10:15 AM").unwrap().to_text(), "2024-03-05T10:15:00");
        assert_eq!(jira_time("2024-03-05 22:15").unwrap().to_text(), "2024-03-05T22:15:00");
        assert!(jira_time("yesterday").is_none());
    }
}
