//! Import: a whole [`Document`] written in one transaction, all or nothing.
//! Every file format is first read into a `Document`; this is the one place
//! that decides how it lands on a board.
//!
//! Into a blank board everything is kept as the file has it (name, key
//! prefix, keys, sprint numbers), so that export → import → export gives the
//! same bytes. Into a board that already holds work the file is added:
//! objectives with a title the board has are shared, an epic with a key the
//! board has is shared when its title matches (else it gets the next free
//! key), a planned sprint with a name the board has is joined, and a story
//! key the board already has is refused, because keys are never reused.

mod roadmap;
mod sprints;
mod stories;

use super::*;
use crate::domain::document::*;
use crate::store::{RiskRow, Tx};
use chrono::NaiveDate;
use roadmap::{find_epic_ref, import_epics, import_objectives};
use sprints::{commit_started, import_sprints};
use std::collections::HashMap;
use stories::import_stories;

/// What an import brought in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Stories created.
    pub stories: usize,
    /// Their points.
    pub points: Points,
    /// Sprints created.
    pub sprints: usize,
    /// Epics created.
    pub epics: usize,
    /// Objectives created.
    pub objectives: usize,
    /// Risks created.
    pub risks: usize,
}

impl Imported {
    /// In words: `1,680 stories (5,184 pts)`, then whatever else came along.
    pub fn words(&self) -> String {
        let noun = if self.stories == 1 { "story" } else { "stories" };
        let mut out = format!("{} {noun} ({} pts)", text::count(self.stories as i64), self.points.grouped());
        let extra: Vec<String> =
            [(self.sprints, "sprint"), (self.epics, "epic"), (self.objectives, "objective"), (self.risks, "risk")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
                .collect();
        if !extra.is_empty() {
            out.push_str(&format!(", {}", extra.join(", ")));
        }
        out
    }
}

/// Imports a document into the board: one transaction, one history entry,
/// so a single undo takes the whole import back. `source` names the file.
pub fn import_document(store: &mut Store, doc: &Document, source: &str) -> Result<Done> {
    let today = store.today();
    let mut tx = store.write()?;
    let got = apply(&mut tx, doc, today)?;
    let message = format!("Imported {} from {source}", got.words());
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Builds a blank board from a document, without history (the demo): there
/// is nothing before it to go back to, so a fresh board has nothing to undo.
pub fn create_board(store: &mut Store, doc: &Document) -> Result<Imported> {
    let today = store.today();
    let mut tx = store.write()?.untracked();
    if !tx.is_blank()? {
        return refuse(format!("{} already holds a board; choose a new file for it", tx.path().display()));
    }
    let got = apply(&mut tx, doc, today)?;
    tx.commit_without_history()?;
    Ok(got)
}

/// A refusal that names where in the file and why.
fn bad<T>(at: impl std::fmt::Display, why: impl std::fmt::Display) -> Result<T> {
    refuse(format!("{at}: {why}"))
}

fn at(list: &str, i: usize, field: &str) -> String {
    format!("{list}[{i}].{field}")
}

/// Where a story is in its file: its CSV line, or its JSON path.
fn story_at(s: &StoryDoc, i: usize, field: &str) -> String {
    s.line.map_or_else(|| at("stories", i, field), |n| format!("line {n}"))
}

fn check_text(at: &str, what: &str, text: &str) -> Result<()> {
    text::check_length(what, text).or_else(|why| bad(at, why))
}

fn check_title(at: &str, what: &str, title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return bad(at, format!("{what} needs a title"));
    }
    check_text(at, "the title", title)
}

/// Trimmed and ASCII lower-cased: keys, names and titles match as the
/// file's `COLLATE NOCASE` columns do, so what the file refuses, this does.
fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

/// The number of a key like `SB-42` when it has the given prefix.
fn key_number(key: &str, prefix: &str) -> Option<i64> {
    let (p, n) = key.trim().rsplit_once('-')?;
    if !p.eq_ignore_ascii_case(prefix) {
        return None;
    }
    n.parse().ok().filter(|n: &i64| *n >= 0)
}

fn apply(tx: &mut Tx<'_>, doc: &Document, today: NaiveDate) -> Result<Imported> {
    if doc.format != FORMAT {
        return bad("format", format!("\"{}\" is not a format this sprintboard reads ({FORMAT})", doc.format));
    }
    let blank = tx.is_blank()?;
    let mut got = Imported::default();
    if blank && let Some(b) = &doc.board {
        set_board(tx, b)?;
    }
    let objectives = import_objectives(tx, doc, blank, &mut got)?;
    let (epics, epic_numbers) = import_epics(tx, doc, blank, &objectives, &mut got)?;
    let sprints = import_sprints(tx, doc, blank, today, &mut got)?;
    bump_counters(tx, doc, blank, epic_numbers)?;
    let ids = import_stories(tx, doc, blank, &epics, &sprints.by_name, &mut got)?;
    commit_started(tx, doc, &sprints, &ids)?;
    for (i, r) in doc.risks.iter().enumerate() {
        check_title(&at("risks", i, "title"), "a risk", &r.title)?;
        check_text(&at("risks", i, "description"), "the description", &r.description)?;
        let probability =
            check_rating("probability", r.probability).or_else(|w| bad(at("risks", i, "probability"), w))?;
        let impact = check_rating("impact", r.impact).or_else(|w| bad(at("risks", i, "impact"), w))?;
        let epic = match &r.epic {
            Some(k) => Some(find_epic_ref(tx, &epics, blank, k, &at("risks", i, "epic"))?),
            None => None,
        };
        let row = RiskRow {
            title: r.title.clone(),
            description: r.description.clone(),
            probability,
            impact,
            response: r.response.clone(),
            owner: r.owner.clone(),
            status: r.status,
            epic,
        };
        tx.insert_risk(&row)?;
        got.risks += 1;
    }
    Ok(got)
}

fn set_board(tx: &mut Tx<'_>, b: &BoardDoc) -> Result<()> {
    let prefix = b.key_prefix.trim().to_uppercase();
    if prefix.is_empty() || prefix.len() > 10 || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return bad("board.key_prefix", format!("the key prefix must be 1–10 letters or digits, not \"{prefix}\""));
    }
    if b.name.trim().is_empty() {
        return bad("board.name", "the board needs a name");
    }
    check_text("board.name", "the board name", &b.name)?;
    tx.set_board(&Board { name: b.name.clone(), key_prefix: prefix })?;
    Ok(())
}

/// Keeps numbering after every imported key, and after the file's own
/// counters when the whole board came from the file.
fn bump_counters(tx: &mut Tx<'_>, doc: &Document, blank: bool, epic_numbers: Option<i64>) -> Result<()> {
    let prefix = tx.board()?.key_prefix;
    let mut c = tx.counters()?;
    let old = c;
    for s in &doc.stories {
        if let Some(n) = s.key.as_deref().and_then(|k| key_number(k, &prefix)) {
            c.next_story = c.next_story.max(n.saturating_add(1));
        }
    }
    c.next_epic = c.next_epic.max(epic_numbers.map_or(0, |n| n.saturating_add(1)));
    if blank && let Some(b) = &doc.board {
        c.next_story = c.next_story.max(b.next_story.unwrap_or(0));
        c.next_epic = c.next_epic.max(b.next_epic.unwrap_or(0));
    }
    if c != old {
        tx.set_counters(c)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_have_thousands_separators() {
        assert_eq!(key_number("sb-42", "SB"), Some(42));
        assert_eq!(key_number("MESOS-42", "SB"), None);
    }
}
