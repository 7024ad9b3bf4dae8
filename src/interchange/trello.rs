//! Trello board JSON import (SPEC §5). Each open list is read by its name
//! (`trello_lists`): the backlog, a workflow state of the current sprint
//! (the newest list named as a sprint, else one "Current sprint"), a sprint
//! of its own, or a label of its cards (MoSCoW buckets, product areas). A
//! `(5)` before a card's name is its estimate. Archived lists and cards are
//! left out and counted in the message. A file that is not a board (one
//! card's export, `{}`) is refused, saying what it is.

use super::csv_plain::References;
use super::trello_lists::{self, Role};
use super::{Problem, words};
use crate::domain::document::*;
use crate::domain::{Kind, Points, Status};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Board {
    #[serde(default)]
    lists: Vec<List>,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct List {
    id: String,
    name: String,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    pos: f64,
}

#[derive(Deserialize)]
struct Card {
    #[serde(default)]
    id: String,
    name: String,
    #[serde(default)]
    desc: String,
    #[serde(rename = "idList")]
    id_list: String,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    pos: f64,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default, rename = "idMembers")]
    id_members: Vec<String>,
}

#[derive(Deserialize)]
struct Label {
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: Option<String>,
}

#[derive(Deserialize)]
struct Member {
    id: String,
    #[serde(default, rename = "fullName")]
    full_name: String,
}

/// `(5) Title` → 5 points and `Title`.
fn estimate(name: &str) -> (Option<Points>, &str) {
    let trimmed = name.trim_start();
    if let Some(rest) = trimmed.strip_prefix('(')
        && let Some((n, title)) = rest.split_once(')')
        && let Ok(p) = Points::parse(n)
    {
        return (Some(p), title.trim_start());
    }
    (None, name)
}

/// The sprint that workflow-state lists (`To Do`, `Doing`, `Done`) share
/// when the board has no list named as a sprint.
pub const CURRENT_SPRINT: &str = "Current sprint";

/// Reads a Trello board export; `lists` gives lists a role by hand
/// (`NAME=backlog|sprint|todo|doing|done|label`).
pub fn read(text: &str, lists: &[String]) -> Result<Document, Problem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| super::json_read::problem(".", e))?;
    not_a_board(&value)?;
    let board: Board = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        super::json_read::problem(&path, e.into_inner())
    })?;
    let mut open: Vec<&List> = board.lists.iter().filter(|l| !l.closed).collect();
    open.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let roles = roles(&open, lists)?;
    let order: HashMap<&str, usize> = open.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let members: HashMap<&str, &str> = board.members.iter().map(|m| (m.id.as_str(), m.full_name.as_str())).collect();
    // Archived cards, and the cards of archived lists, are left out: the
    // team put them away (most are old done work), and the message says so.
    let mut cards: Vec<(usize, &Card)> =
        board.cards.iter().enumerate().filter(|(_, c)| !c.closed && order.contains_key(c.id_list.as_str())).collect();
    let left_out = board.cards.len() - cards.len();
    cards.sort_by(|a, b| {
        order[a.1.id_list.as_str()].cmp(&order[b.1.id_list.as_str()]).then(a.1.pos.total_cmp(&b.1.pos))
    });
    let current = current_sprint(&roles);
    let mut refs = References::default();
    // Sprints in the order of their lists, left to right, even while empty;
    // the current sprint where its workflow lists begin.
    for role in &roles {
        match role {
            Role::Sprint(name, _) => {
                refs.sprint(name, None);
            }
            Role::State(_) => {
                refs.sprint(&current, None);
            }
            Role::Backlog | Role::Label => {}
        }
    }
    let mut stories = Vec::with_capacity(cards.len());
    for (i, card) in cards {
        let list = order[card.id_list.as_str()];
        let (sprint, status) = match &roles[list] {
            Role::Backlog | Role::Label => (None, Status::Todo),
            Role::State(status) => (Some(refs.sprint(&current, None)), *status),
            Role::Sprint(name, status) => (Some(refs.sprint(name, None)), *status),
        };
        let (points, title) = estimate(&card.name);
        if title.trim().is_empty() {
            return Err(Problem::new(format!("cards[{i}].name"), "a card needs a name"));
        }
        let mut labels: Vec<String> = Vec::new();
        let named = card.labels.iter().map(|l| {
            if l.name.trim().is_empty() { l.color.clone().unwrap_or_default() } else { l.name.trim().to_string() }
        });
        let list_label = (roles[list] == Role::Label).then(|| open[list].name.trim().to_string());
        for label in named.chain(list_label).map(|l| one_word(&l)) {
            if !label.is_empty() && !labels.contains(&label) {
                labels.push(label);
            }
        }
        let kind = labels.iter().map(|l| kind_of(l)).find(|k| *k != Kind::Story).unwrap_or(Kind::Story);
        stories.push(StoryDoc {
            title: title.to_string(),
            description: card.desc.clone(),
            kind,
            points,
            status,
            sprint,
            assignee: card.id_members.first().and_then(|m| members.get(m.as_str())).unwrap_or(&"").to_string(),
            labels,
            created: created(&card.id),
            ..StoryDoc::default()
        });
    }
    // An empty list named as a sprint is a sprint of the board; the
    // current sprint of empty workflow lists is not.
    if !stories.iter().any(|s| s.sprint.as_deref() == Some(CURRENT_SPRINT)) {
        refs.sprints.retain(|s| s.name != CURRENT_SPRINT);
    }
    // Sprints whose names all carry a number run in that order (boards put
    // the newest on either side); else the board's left-to-right order,
    // which places the current sprint of the workflow lists.
    if refs.sprints.iter().any(|s| !s.name.chars().any(|c| c.is_ascii_digit())) {
        for (n, s) in refs.sprints.iter_mut().enumerate() {
            s.number = Some(n as i64 + 1);
        }
    }
    let mut notes = Vec::new();
    if left_out > 0 {
        let noun = if left_out == 1 { "card was" } else { "cards were" };
        notes.push(format!("{left_out} archived {noun} left out"));
    }
    Ok(Document { format: FORMAT.to_string(), sprints: refs.sprints, stories, notes, ..Document::default() })
}

/// The sprint that workflow lists (to do, doing, done) belong to: the
/// nearest list named as a sprint to the left of the first of them
/// ("Current Sprint 1 Backlog", then To Do, Doing, Done), else one sprint
/// of their own.
fn current_sprint(roles: &[Role]) -> String {
    let first = roles.iter().position(|r| matches!(r, Role::State(_))).unwrap_or(roles.len());
    roles[..first]
        .iter()
        .rev()
        .find_map(|r| match r {
            Role::Sprint(name, _) => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| CURRENT_SPRINT.to_string())
}

/// Refuses, in a sentence saying what the file is, JSON that is not a
/// Trello board: a single card's export, an empty object, a list.
fn not_a_board(value: &serde_json::Value) -> Result<(), Problem> {
    const WANTED: &str = "a Trello board export (an object with \"lists\" and \"cards\"; on the board: Menu → Print, export and share → Export as JSON)";
    let is = match value {
        serde_json::Value::Object(o) if o.contains_key("lists") => return Ok(()),
        serde_json::Value::Object(o) if o.contains_key("idList") || o.contains_key("idBoard") => {
            let name = o.get("name").and_then(|n| n.as_str()).unwrap_or_default();
            format!("a single Trello card (\"{name}\"), not a board")
        }
        serde_json::Value::Object(o) if o.is_empty() => "an empty JSON object".to_string(),
        serde_json::Value::Object(_) => "a JSON object without \"lists\"".to_string(),
        serde_json::Value::Array(_) => "a JSON list".to_string(),
        _ => "a single JSON value".to_string(),
    };
    Err(Problem::new("the file", format!("this is {is}; expected {WANTED}")))
}

/// Each open list's role: by hand (`--lists`), else by its name.
fn roles(open: &[&List], given: &[String]) -> Result<Vec<Role>, Problem> {
    let mut roles: Vec<Role> = open.iter().map(|l| trello_lists::role(&l.name)).collect();
    for spec in specs(given).iter().filter(|s| !s.trim().is_empty()) {
        let Some((name, word)) = spec.rsplit_once('=') else {
            return Err(Problem::new("--lists", format!("\"{spec}\" is not NAME=ROLE (e.g. \"Icebox=backlog\")")));
        };
        let wanted = words::header(name);
        let found: Vec<usize> = (0..open.len()).filter(|i| words::header(&open[*i].name) == wanted).collect();
        if found.is_empty() {
            let names: Vec<&str> = open.iter().map(|l| l.name.trim()).collect();
            return Err(Problem::new(
                "--lists",
                format!("the board has no open list named \"{}\" (its lists: {})", name.trim(), names.join(", ")),
            ));
        }
        for i in found {
            roles[i] = trello_lists::role_named(&open[i].name, word).ok_or_else(|| {
                Problem::new(
                    "--lists",
                    format!("\"{}\" is not one of backlog, sprint, todo, doing, done, label", word.trim()),
                )
            })?;
        }
    }
    Ok(roles)
}

/// A label as the board keeps labels, one word each (they are written
/// separated by spaces or commas): `Must Have` → `Must-Have`.
fn one_word(label: &str) -> String {
    label.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// The kind a label names: `Bug`, `Task`… as elsewhere, and Japanese
/// boards' バグ / 不具合 (bug) and タスク (task).
fn kind_of(label: &str) -> Kind {
    match label.trim() {
        "バグ" | "不具合" => Kind::Bug,
        "タスク" => Kind::Task,
        other => words::kind(other),
    }
}

/// `--lists` values, each `NAME=ROLE` or several separated by commas. List
/// names have commas of their own ("Assigned, Ready for Work"), so a comma
/// ends a spec only once an `=` has been seen.
fn specs(given: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for value in given {
        let mut spec = String::new();
        for part in value.split(',') {
            if !spec.is_empty() {
                spec.push(',');
            }
            spec.push_str(part);
            if part.contains('=') {
                out.push(std::mem::take(&mut spec));
            }
        }
        if !spec.trim().is_empty() {
            out.push(spec);
        }
    }
    out
}

/// When a card was made: the first 8 hex digits of a Trello id are the
/// Unix time of its creation.
fn created(id: &str) -> Option<chrono::NaiveDateTime> {
    let secs = i64::from_str_radix(id.get(..8)?, 16).ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_come_from_a_number_in_brackets() {
        assert_eq!(estimate("(5) Checkout"), (Some(Points::whole(5)), "Checkout"));
        assert_eq!(estimate("(0.5)Typo"), (Some(Points::parse("0.5").unwrap()), "Typo"));
        assert_eq!(estimate("(soon) Later"), (None, "(soon) Later"));
        assert_eq!(created("4e8a6c1f00000000000000ab").unwrap().to_string(), "2011-10-04 02:14:55");
    }

    #[test]
    fn files_that_are_not_boards_are_refused_saying_what_they_are() {
        for (json, says) in [
            ("{}", "this is an empty JSON object; expected a Trello board export"),
            ("[]", "this is a JSON list; expected a Trello board export"),
            (
                r#"{"id": "x", "idList": "y", "name": "Fix it"}"#,
                "this is a single Trello card (\"Fix it\"), not a board",
            ),
            (r#"{"cards": []}"#, "this is a JSON object without \"lists\""),
        ] {
            let e = read(json, &[]).unwrap_err();
            assert_eq!(e.at, "the file");
            assert!(e.why.starts_with(says), "{json}: {}", e.why);
        }
        let e = read(r#"{"lists": {}}"#, &[]).unwrap_err();
        assert_eq!((e.at.as_str(), e.why.as_str()), ("lists", "expected a list, found an object"));
    }

    #[test]
    fn lists_given_by_hand_override_their_names() {
        let board = r#"{"lists": [{"id": "a", "name": "Icebox", "pos": 1}, {"id": "b", "name": "Must Have", "pos": 2}],
            "cards": [{"id": "c1", "name": "(3) One", "idList": "a"}, {"id": "c2", "name": "Two", "idList": "b"}]}"#;
        assert_eq!(one_word(" MHD, TWX,  1/2 ATI"), "MHD-TWX-1/2-ATI");
        let given = ["Assigned, Ready for Work=done,Ideas=backlog".to_string(), "x".to_string()];
        assert_eq!(specs(&given), ["Assigned, Ready for Work=done", "Ideas=backlog", "x"]);
        let doc = read(board, &[]).unwrap();
        assert_eq!(
            (doc.stories[0].sprint.as_deref(), doc.stories[1].labels.clone()),
            (None, vec!["Must-Have".to_string()])
        );
        let doc = read(board, &["icebox=sprint".into(), "MUST HAVE=done".into()]).unwrap();
        assert_eq!(doc.stories[0].sprint.as_deref(), Some("Icebox"));
        // Workflow lists join the sprint the board names.
        assert_eq!((doc.stories[1].sprint.as_deref(), doc.stories[1].status), (Some("Icebox"), Status::Done));
        let doc = read(board, &["Must Have=done".into()]).unwrap();
        assert_eq!((doc.stories[1].sprint.as_deref(), doc.stories[1].status), (Some(CURRENT_SPRINT), Status::Done));
        let e = read(board, &["Later=backlog".into()]).unwrap_err();
        assert!(e.why.contains("no open list named \"Later\" (its lists: Icebox, Must Have)"), "{}", e.why);
        let e = read(board, &["Icebox=soon".into()]).unwrap_err();
        assert!(e.why.contains("\"soon\" is not one of backlog"), "{}", e.why);
    }

    #[test]
    fn sprint_lists_run_in_the_order_of_their_numbers_else_of_the_board() {
        let newest_left = r#"{"lists": [{"id": "a", "name": "Sprint 2", "pos": 1}, {"id": "b", "name": "Sprint 1", "pos": 2}],
            "cards": [{"id": "c1", "name": "One", "idList": "a"}, {"id": "c2", "name": "Two", "idList": "b"}]}"#;
        let doc = read(newest_left, &[]).unwrap();
        let numbers: Vec<Option<i64>> = doc.sprints.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [None, None], "left for the names' numbers to order");
        let with_workflow = r#"{"lists": [{"id": "a", "name": "Doing", "pos": 1}, {"id": "b", "name": "Sprint 9", "pos": 2}],
            "cards": [{"id": "c1", "name": "One", "idList": "a"}]}"#;
        let doc = read(with_workflow, &[]).unwrap();
        let order: Vec<(&str, Option<i64>)> = doc.sprints.iter().map(|s| (s.name.as_str(), s.number)).collect();
        assert_eq!(order, [(CURRENT_SPRINT, Some(1)), ("Sprint 9", Some(2))]);
    }
}
