//! Jira CSV import (the "All fields" and "Current fields" exports, SPEC §5),
//! with headers in English, French, German, Spanish or Portuguese. Jira
//! repeats a header once per value (`Sprint`, `Sprint`, `Labels`, …), so
//! columns are found by position, never by name alone. Issues of type Epic
//! become epics; every other issue becomes a story.

use super::csv_plain::References;
use super::csv_read::{CsvFile, Record};
use super::{Problem, dates, file, words};
use crate::domain::Points;
use crate::domain::document::*;
use crate::ops;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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
    /// `Inward issue link (Blocks)`: the issues this one is blocked by.
    blocked_by: Vec<usize>,
    /// `Outward issue link (Blocks)`: the issues this one blocks.
    blocks: Vec<usize>,
}

/// The header names of each field in Jira's languages (compared after
/// [`words::header`]: lower case, without accents), the preferred first.
const KEY: &[&str] = &[
    "issue key",
    "cle",
    "cle de ticket",
    "cle du ticket",
    "vorgangsschlussel",
    "schlussel",
    "clave",
    "clave de incidencia",
    "chave",
    "chave do item",
    "chave da issue",
];
const SUMMARY: &[&str] = &["summary", "resume", "zusammenfassung", "resumen", "resumo", "title"];
const KIND: &[&str] = &[
    "issue type",
    "type de ticket",
    "type de demande",
    "type",
    "vorgangstyp",
    "tipo de incidencia",
    "tipo de item",
    "tipo de issue",
];
const STATUS: &[&str] = &["status", "etat", "statut", "estado", "situacao"];
const ASSIGNEE: &[&str] = &["assignee", "responsable", "bearbeiter", "zugewiesene person", "responsavel"];
const CREATED: &[&str] = &["created", "creation", "cree", "erstellt", "creado", "creada", "criado"];
const RESOLVED: &[&str] = &["resolved", "resolue", "resolu", "erledigt", "resuelta", "resuelto", "resolvido"];
const LABELS: &[&str] = &["labels", "etiquettes", "stichworter", "etiquetas", "rotulos"];
const POINTS: &[&str] = &[
    "custom field (story points)",
    "custom field (story point estimate)",
    "story points",
    "champ personnalise (story points)",
    "benutzerdefiniertes feld (story points)",
    "campo personalizado (story points)",
];
const PARENT: &[&str] = &["parent key", "parent", "parent id", "custom field (epic link)", "epic link"];

impl Columns {
    fn new(header: &Record) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(words::header).collect();
        // The columns of the first name that has any, then of the next…:
        // `first` then takes the first non-empty value in this order.
        let of = |wanted: &[&str]| -> Vec<usize> {
            wanted.iter().flat_map(|w| names.iter().enumerate().filter(move |(_, n)| n == w).map(|(i, _)| i)).collect()
        };
        let cols = Columns {
            key: of(KEY),
            id: of(&["issue id", "id du ticket", "vorgangs-id", "id de incidencia", "id do item"]),
            kind: of(KIND),
            summary: of(SUMMARY),
            epic_name: of(&["custom field (epic name)", SUMMARY[0], SUMMARY[1], SUMMARY[2], SUMMARY[3], SUMMARY[4]]),
            description: of(&["description", "descripcion", "beschreibung", "descricao"]),
            status: of(STATUS),
            assignee: of(ASSIGNEE),
            created: of(CREATED),
            resolved: of(RESOLVED),
            points: of(POINTS),
            parent: of(PARENT),
            sprints: of(&["sprint"]),
            labels: of(LABELS),
            blocked_by: of(&["inward issue link (blocks)"]),
            blocks: of(&["outward issue link (blocks)"]),
        };
        if cols.summary.is_empty() || cols.key.is_empty() {
            return Err(Problem::new("line 1", "a Jira export has Summary and Issue key columns; this file has not"));
        }
        Ok(cols)
    }
}

/// Whether a header is a Jira export's: an issue key and a summary, in one
/// of Jira's languages.
pub fn is_jira_header(names: &[String]) -> bool {
    names.iter().any(|n| KEY.contains(&n.as_str()))
        && names.iter().any(|n| SUMMARY[..5].contains(&n.as_str()) || n == "title")
}

/// Every non-empty value of these columns, in their order.
fn all<'r>(record: &'r Record, cols: &[usize]) -> impl Iterator<Item = &'r str> {
    cols.iter().filter_map(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty())
}

/// The first non-empty value of these columns.
fn first<'r>(record: &'r Record, cols: &[usize]) -> Option<&'r str> {
    all(record, cols).next()
}

fn is_epic(cols: &Columns, r: &Record) -> bool {
    first(r, &cols.kind).is_some_and(words::is_epic)
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
    file: CsvFile,
    parents: Option<Parents>,
    left_out: LeftOut,
}

impl JiraCsv {
    /// The export in `file`.
    pub fn new(file: CsvFile) -> JiraCsv {
        JiraCsv { file, parents: None, left_out: LeftOut::default() }
    }

    /// What the last reading left out, shared with the caller.
    pub fn left_out(&self) -> LeftOut {
        self.left_out.clone()
    }
}

/// Points cells of the last reading that were not numbers: how many, and
/// the first one's line and text. Shared (`Rc`) so that the import can say
/// it once the reader has been handed over.
#[derive(Clone, Default)]
pub struct LeftOut(Rc<RefCell<Tally>>);

/// How many cells were left out, and the first one's line and text.
type Tally = (usize, Option<(u64, String)>);

impl LeftOut {
    fn clear(&self) {
        *self.0.borrow_mut() = (0, None);
    }

    fn note(&self, line: u64, cell: &str) {
        let mut l = self.0.borrow_mut();
        l.0 += 1;
        l.1.get_or_insert_with(|| (line, cell.to_string()));
    }

    /// The sentence the import's message ends with, if anything was left out.
    pub fn sentence(&self) -> Option<String> {
        match &*self.0.borrow() {
            (0, _) | (_, None) => None,
            (1, Some((line, cell))) => {
                Some(format!("line {line}: '{cell}' is not a number of points, so that story came in unestimated"))
            }
            (n, Some((line, _))) => Some(format!(
                "{n} Story Points cells were not numbers (the first on line {line}), so those stories came in unestimated"
            )),
        }
    }
}

impl ops::Source for JiraCsv {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        if self.parents.is_none() {
            self.parents = Some(parents(&self.file)?);
        }
        self.left_out.clear();
        read(&self.file, self.parents.as_ref().expect("read just above"), &self.left_out, story)
    }
}

/// Reads the rows of a Jira export, one at a time, non-empty ones only.
fn rows(file: &CsvFile, each: &mut dyn FnMut(&Columns, &Record) -> ops::Result<()>) -> ops::Result<()> {
    let mut rows = file.rows().map_err(file::cannot_read)?;
    let mut record = Record::default();
    if !rows.next_into(&mut record)? {
        return Err(Problem::new("the file", "it is empty").into());
    }
    let cols = Columns::new(&record)?;
    while rows.next_into(&mut record)? {
        if !record.is_blank() {
            each(&cols, &record)?;
        }
    }
    Ok(())
}

fn parents(input: &CsvFile) -> ops::Result<Parents> {
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
    input: &CsvFile,
    parents: &Parents,
    left_out: &LeftOut,
    story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>,
) -> ops::Result<Document> {
    let mut refs = References::default();
    rows(input, &mut |cols, r| {
        if is_epic(cols, r) {
            return Ok(());
        }
        story(issue(cols, r, parents, left_out, &mut refs)?)
    })?;
    let mut epics = parents.epics.clone();
    epics.extend(refs.epics);
    Ok(Document { format: FORMAT.to_string(), epics, sprints: refs.sprints, ..Document::default() })
}

fn issue(
    cols: &Columns,
    r: &Record,
    parents: &Parents,
    left_out: &LeftOut,
    refs: &mut References,
) -> Result<StoryDoc, Problem> {
    let line = r.line;
    // A points cell that is not a number is left unestimated, and said,
    // rather than refusing the file: Jira Server exports whose attachments
    // spill into later columns put other fields' values there (`0|i003p9:`).
    let points = first(r, &cols.points).and_then(|p| {
        let read = Points::parse(p).ok();
        if read.is_none() {
            left_out.note(line, p);
        }
        read
    });
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
    let mut earlier_sprints: Vec<String> =
        all(r, &cols.sprints).filter(|s| is_sprint_name(s)).map(|s| refs.sprint(s, Some(line))).collect();
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
        blocked_by: linked(r, &cols.blocked_by),
        blocks: linked(r, &cols.blocks),
        assignee: first(r, &cols.assignee).unwrap_or_default().to_string(),
        labels,
        created: first(r, &cols.created).and_then(dates::parse),
        started: None,
        done: first(r, &cols.resolved).and_then(dates::parse),
        line: Some(line),
        ..StoryDoc::default()
    })
}

/// The issue keys of link columns (one per cell; a cell that is not a key
/// is not a link).
fn linked(record: &Record, cols: &[usize]) -> Vec<String> {
    all(record, cols).filter(|k| words::looks_like_key(k)).map(String::from).collect()
}

/// Whether a Sprint cell holds a sprint's name. Rows of Jira Server exports
/// whose attachments (`date;user;file;link`) spill into later columns put
/// dates, user names, file names and links under `Sprint`; those are not
/// sprints, and an issue key there is the epic link shifted over.
fn is_sprint_name(cell: &str) -> bool {
    let c = cell.trim();
    let file_name = c.rsplit_once('.').is_some_and(|(_, ext)| {
        (2..=4).contains(&ext.len())
            && ext.chars().all(|ch| ch.is_ascii_alphanumeric())
            && ext.chars().any(|ch| ch.is_ascii_alphabetic())
            && !c.contains(' ')
    });
    // A login (`clandais`); a sprint named in one word has a capital or a digit.
    let login = c.chars().all(|ch| ch.is_ascii_lowercase());
    !(c.contains("://") || file_name || dates::parse(c).is_some() || words::looks_like_key(c) || login)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprint_cells_that_hold_other_fields_are_not_sprints() {
        for name in ["Sprint 1", "BSSEF25T Sprint 1", "Sprint 4 — Build, Polish & Rep", "2015.06", "Kickoff"] {
            assert!(is_sprint_name(name), "{name}");
        }
        for not in ["clandais", "petitbloc_x2.png", "CNED-2", "29/mars/16 11:31 AM", "https://x.net/a.png"] {
            assert!(!is_sprint_name(not), "{not}");
        }
    }
}
