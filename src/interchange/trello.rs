//! Trello board JSON import (SPEC §5). Lists named like a backlog
//! (`Backlog`, `Icebox`, `Ideas`, `Someday`) become the backlog; lists named
//! like workflow states (`To Do`, `Doing`, `Done`, …) together become one
//! sprint, the board's current one, with each card's status taken from its
//! list; any other list becomes a sprint of its own name. A `(5)` before a
//! card's name is its estimate. Archived lists and cards are left out.

use super::csv_plain::References;
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

/// The sprint that workflow-state lists (`To Do`, `Doing`, `Done`) share.
pub const CURRENT_SPRINT: &str = "Current sprint";

/// Where a list's cards go.
enum Target {
    Backlog,
    /// A sprint, and the status its cards have.
    Sprint(String, Status),
}

fn target(list: &str) -> Target {
    let name = words::header(list);
    const BACKLOG: [&str; 5] = ["backlog", "icebox", "ideas", "someday", "later"];
    const STATES: [&str; 14] = [
        "to do",
        "todo",
        "next",
        "doing",
        "in progress",
        "wip",
        "review",
        "in review",
        "testing",
        "qa",
        "done",
        "complete",
        "completed",
        "finished",
    ];
    if BACKLOG.iter().any(|b| name.contains(b)) {
        Target::Backlog
    } else if STATES.contains(&name.as_str()) {
        Target::Sprint(CURRENT_SPRINT.to_string(), words::status(&name))
    } else {
        Target::Sprint(list.trim().to_string(), words::status(&name))
    }
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

/// Reads a Trello board export.
pub fn read(text: &str) -> Result<Document, Problem> {
    let mut de = serde_json::Deserializer::from_str(text);
    let board: Board = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        super::json_read::problem(&path, e.into_inner())
    })?;
    let mut lists: Vec<&List> = board.lists.iter().filter(|l| !l.closed).collect();
    lists.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let order: HashMap<&str, usize> = lists.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let members: HashMap<&str, &str> = board.members.iter().map(|m| (m.id.as_str(), m.full_name.as_str())).collect();
    let mut cards: Vec<(usize, &Card)> = board.cards.iter().enumerate().filter(|(_, c)| !c.closed).collect();
    // Cards of archived lists are left out with their list.
    cards.retain(|(_, c)| order.contains_key(c.id_list.as_str()));
    cards.sort_by(|a, b| {
        order[a.1.id_list.as_str()].cmp(&order[b.1.id_list.as_str()]).then(a.1.pos.total_cmp(&b.1.pos))
    });
    let mut refs = References::default();
    let mut stories = Vec::with_capacity(cards.len());
    for (i, card) in cards {
        let list = lists[order[card.id_list.as_str()]];
        let (sprint, status) = match target(&list.name) {
            Target::Backlog => (None, Status::Todo),
            Target::Sprint(name, status) => (Some(refs.sprint(&name, None)), status),
        };
        let (points, title) = estimate(&card.name);
        let labels: Vec<String> = card
            .labels
            .iter()
            .map(|l| if l.name.trim().is_empty() { l.color.clone().unwrap_or_default() } else { l.name.clone() })
            .filter(|l| !l.is_empty())
            .collect();
        let kind = labels.iter().map(|l| words::kind(l)).find(|k| *k != Kind::Story).unwrap_or(Kind::Story);
        if title.trim().is_empty() {
            return Err(Problem::new(format!("cards[{i}].name"), "a card needs a name"));
        }
        stories.push(StoryDoc {
            title: title.to_string(),
            description: card.desc.clone(),
            kind,
            points,
            status,
            sprint,
            assignee: card.id_members.first().and_then(|m| members.get(m.as_str())).unwrap_or(&"").to_string(),
            labels: labels.iter().flat_map(|l| l.split_whitespace()).map(String::from).collect(),
            ..StoryDoc::default()
        });
    }
    Ok(Document { format: FORMAT.to_string(), sprints: refs.sprints, stories, ..Document::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_and_lists_map_to_points_and_places() {
        assert_eq!(estimate("(5) Checkout"), (Some(Points::whole(5)), "Checkout"));
        assert_eq!(estimate("(0.5)Typo"), (Some(Points::parse("0.5").unwrap()), "Typo"));
        assert_eq!(estimate("(soon) Later"), (None, "(soon) Later"));
        assert!(matches!(target("Product Backlog"), Target::Backlog));
        assert!(matches!(target("Done"), Target::Sprint(n, Status::Done) if n == CURRENT_SPRINT));
        assert!(matches!(target("Sprint 12"), Target::Sprint(n, Status::Todo) if n == "Sprint 12"));
    }
}
