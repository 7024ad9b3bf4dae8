//! Jira CSV import (the "All fields" and "Current fields" exports, SPEC §5).
//! Jira repeats a header once per value (`Sprint`, `Sprint`, `Labels`, …),
//! so columns are found by position, never by name alone. Issues of type
//! Epic become epics; every other issue becomes a story.

use super::csv_plain::{References, csv_problem, reader};
use super::{Problem, words};
use crate::domain::Points;
use crate::domain::document::*;
use std::collections::HashMap;

/// Where each field is, by position; repeated headers keep every position.
struct Columns {
    by_name: HashMap<String, Vec<usize>>,
}

impl Columns {
    fn new(header: &csv::StringRecord) -> Columns {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            by_name.entry(words::header(name)).or_default().push(i);
        }
        Columns { by_name }
    }

    fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Every non-empty value of the named columns, in column order.
    fn all<'r>(&self, record: &'r csv::StringRecord, names: &[&str]) -> Vec<&'r str> {
        let mut cols: Vec<usize> =
            names.iter().flat_map(|n| self.by_name.get(*n).into_iter().flatten()).copied().collect();
        cols.sort_unstable();
        cols.iter().filter_map(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty()).collect()
    }

    /// The first non-empty value of the named columns.
    fn first<'r>(&self, record: &'r csv::StringRecord, names: &[&str]) -> Option<&'r str> {
        names.iter().find_map(|n| self.all(record, &[n]).first().copied())
    }
}

const POINTS: &[&str] = &["custom field (story points)", "custom field (story point estimate)", "story points"];
const PARENT: &[&str] = &["parent key", "parent", "custom field (epic link)", "epic link"];

/// One issue row, read.
struct Issue<'r> {
    line: u64,
    record: &'r csv::StringRecord,
}

/// Reads a Jira CSV export.
pub fn read(bytes: &[u8]) -> Result<Document, Problem> {
    let mut rows = reader(bytes).into_records();
    let header = match rows.next() {
        Some(h) => h.map_err(csv_problem)?,
        None => return Err(Problem::new("the file", "it is empty")),
    };
    let cols = Columns::new(&header);
    if !cols.has("summary") || !cols.has("issue key") {
        return Err(Problem::new("line 1", "a Jira export has Summary and Issue key columns; this file has not"));
    }
    let records: Vec<csv::StringRecord> = rows.collect::<Result<_, _>>().map_err(csv_problem)?;
    let issues: Vec<Issue> = records
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| Issue { line: r.position().map_or(0, |p| p.line()), record: r })
        .collect();
    let is_epic = |i: &Issue| cols.first(i.record, &["issue type"]).is_some_and(|t| t.eq_ignore_ascii_case("epic"));
    // Epics by key and by id: newer exports name the parent by its id.
    let mut epic_keys: HashMap<String, String> = HashMap::new();
    let mut parents_in_file: HashMap<String, bool> = HashMap::new();
    for i in &issues {
        let key = cols.first(i.record, &["issue key"]).unwrap_or_default().to_string();
        for id in [Some(key.as_str()), cols.first(i.record, &["issue id"])].into_iter().flatten() {
            parents_in_file.insert(id.to_lowercase(), is_epic(i));
            if is_epic(i) {
                epic_keys.insert(id.to_lowercase(), key.clone());
            }
        }
    }
    let mut doc = Document { format: FORMAT.to_string(), ..Document::default() };
    let mut refs = References::default();
    for i in issues.iter().filter(|i| is_epic(i)) {
        let title = cols.first(i.record, &["custom field (epic name)", "summary"]).unwrap_or_default();
        let key = cols.first(i.record, &["issue key"]).map(String::from);
        let description = cols.first(i.record, &["description"]).unwrap_or_default().to_string();
        doc.epics.push(EpicDoc { key, title: title.to_string(), description, ..EpicDoc::default() });
    }
    for i in issues.iter().filter(|i| !is_epic(i)) {
        doc.stories.push(story(&cols, i, &epic_keys, &parents_in_file, &mut refs)?);
    }
    doc.epics.extend(refs.epics);
    doc.sprints = refs.sprints;
    Ok(doc)
}

fn story(
    cols: &Columns,
    i: &Issue,
    epic_keys: &HashMap<String, String>,
    parents_in_file: &HashMap<String, bool>,
    refs: &mut References,
) -> Result<StoryDoc, Problem> {
    let r = i.record;
    let at = || format!("line {}", i.line);
    let points = match cols.first(r, POINTS) {
        Some(p) => Some(Points::parse(p).map_err(|why| Problem::new(at(), why))?),
        None => None,
    };
    // The parent is an epic when it is one in the file; a parent that is a
    // story in the file makes this a sub-task, not part of an epic; a key
    // not in the file is taken to be an epic elsewhere (Epic Link).
    let epic = cols.first(r, PARENT).and_then(|p| match epic_keys.get(&p.to_lowercase()) {
        Some(key) => Some(key.clone()),
        None if parents_in_file.contains_key(&p.to_lowercase()) => None,
        None if words::looks_like_key(p) => Some(refs.epic(p)),
        None => None,
    });
    // Jira lists every sprint an issue was in; the last one is where it is now.
    let sprint = cols.all(r, &["sprint"]).last().map(|s| refs.sprint(s, Some(i.line)));
    let mut labels: Vec<String> = Vec::new();
    for label in cols.all(r, &["labels"]).iter().flat_map(|l| l.split_whitespace()) {
        if !labels.iter().any(|l| l == label) {
            labels.push(label.to_string());
        }
    }
    Ok(StoryDoc {
        key: cols.first(r, &["issue key"]).map(String::from),
        title: cols.first(r, &["summary"]).unwrap_or_default().to_string(),
        description: cols.first(r, &["description"]).unwrap_or_default().to_string(),
        kind: cols.first(r, &["issue type"]).map_or(crate::domain::Kind::Story, words::kind),
        points,
        status: cols.first(r, &["status"]).map_or(crate::domain::Status::Todo, words::status),
        epic,
        sprint,
        assignee: cols.first(r, &["assignee"]).unwrap_or_default().to_string(),
        labels,
        created: cols.first(r, &["created"]).and_then(jira_time),
        started: None,
        done: cols.first(r, &["resolved"]).and_then(jira_time),
        line: Some(i.line),
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
