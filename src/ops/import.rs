//! Import: a whole file written in one transaction, all or nothing, with
//! one history entry. Every file format is read as a [`Source`]: the small
//! parts of a [`Document`] (board, objectives, epics, sprints, risks) and its
//! stories one at a time, so that memory does not grow with the file. This
//! is the one place that decides how a file lands on a board.
//!
//! Into a blank board everything is kept as the file has it (name, key
//! prefix, keys, sprint numbers), so that export → import → export gives the
//! same bytes. Into a board that already holds work the file is added:
//! objectives with a title the board has are shared, an epic with a key the
//! board has is shared when its title matches (else it gets the next free
//! key), a planned sprint with a name the board has is joined, and a story
//! key the board already has is refused, because keys are never reused.

mod history;
mod imported;
mod links;
mod roadmap;
mod sprints;
mod stories;
mod survey;
mod update;

use super::*;
use crate::domain::document::*;
use crate::store::Tx;
use chrono::NaiveDate;
use roadmap::{find_epic_ref, import_epics, import_objectives};
use sprints::{commit_started, import_sprints};
use std::collections::HashMap;
use stories::StoryWriter;
use survey::Survey;

pub use imported::Imported;

/// A file being imported, read from its start each time [`Source::read`]
/// is called. An import reads it twice: first for what it must know of all
/// stories before writing any (sums, the highest keys), then to write them
/// one by one; so no import holds all of a file's stories in memory.
pub trait Source {
    /// Reads the whole file: hands each story to `story` in file order and
    /// returns everything else, with `stories` left empty. An error from
    /// `story` stops the reading and is returned as it is.
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> Result<()>) -> Result<Document>;

    /// The first reading: like [`Source::read`], but only each story's key,
    /// sprint, points and status are looked at, so a reader may leave the
    /// rest out (the second reading checks it).
    fn survey(&mut self, story: &mut dyn FnMut(StoryDoc) -> Result<()>) -> Result<Document> {
        self.read(story)
    }
}

/// A document already in memory (the demo, Trello boards, tests).
impl Source for Document {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> Result<()>) -> Result<Document> {
        for s in &self.stories {
            story(s.clone())?;
        }
        Ok(Document {
            format: self.format.clone(),
            board: self.board.clone(),
            objectives: self.objectives.clone(),
            epics: self.epics.clone(),
            sprints: self.sprints.clone(),
            stories: Vec::new(),
            risks: self.risks.clone(),
            notes: self.notes.clone(),
            team: self.team.clone(),
        })
    }
}

/// How an import treats the board it goes into.
#[derive(Clone, Copy, Debug)]
pub struct ImportHow {
    /// A story whose key the board has is updated in place (`import
    /// --update`); without it, the file's story gets a new key.
    pub update: bool,
    /// Days in a sprint (settings), for sprints the file gives no dates.
    pub sprint_days: i64,
}

impl Default for ImportHow {
    fn default() -> ImportHow {
        ImportHow { update: false, sprint_days: Settings::default().sprint_days }
    }
}

/// Imports a file into the board: one transaction, one history entry, so a
/// single undo takes the whole import back. `file` names it in the message.
pub fn import_file(store: &mut Store, source: &mut dyn Source, file: &str) -> Result<Done> {
    import_file_with(store, source, file, ImportHow::default())
}

/// [`import_file`], updating stories by key or not, with the settings' sprint length.
pub fn import_file_with(store: &mut Store, source: &mut dyn Source, file: &str, how: ImportHow) -> Result<Done> {
    let today = store.today();
    store.bulk(|store| {
        let mut tx = store.write()?;
        let got = apply(&mut tx, source, today, how)?;
        let message = got.message(file);
        tx.commit(&message)?;
        Ok(Done { message })
    })
}

/// Builds a blank board from a file, without history (the demo, generated
/// boards): there is nothing before it to go back to, so a fresh board has
/// nothing to undo.
pub fn create_board(store: &mut Store, source: &mut dyn Source) -> Result<Imported> {
    let today = store.today();
    store.bulk(|store| {
        let mut tx = store.write()?.untracked();
        if !tx.is_blank()? {
            return refuse(format!("{} already holds a board; choose a new file for it", tx.path().display()));
        }
        let got = apply(&mut tx, source, today, ImportHow::default())?;
        tx.commit_without_history()?;
        Ok(got)
    })
}

/// A refusal that names where in the file and why.
fn bad<T>(at: impl std::fmt::Display, why: impl std::fmt::Display) -> Result<T> {
    refuse(format!("{at}: {why}"))
}

fn at(list: &str, i: usize, field: &str) -> String {
    format!("{list}[{i}].{field}")
}

/// Where a story is in its file: its CSV line, or its JSON path. Written
/// out only when something is wrong there (not once per field and story).
#[derive(Clone, Copy)]
struct StoryAt<'f> {
    line: Option<u64>,
    i: usize,
    field: &'f str,
}

impl std::fmt::Display for StoryAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(n) => write!(f, "line {n}"),
            None => write!(f, "stories[{}].{}", self.i, self.field),
        }
    }
}

fn story_at<'f>(s: &StoryDoc, i: usize, field: &'f str) -> StoryAt<'f> {
    StoryAt { line: s.line, i, field }
}

fn check_text(at: impl std::fmt::Display, what: &str, text: &str) -> Result<()> {
    text::check_length(what, text).or_else(|why| bad(at, why))
}

fn check_title(at: impl std::fmt::Display, what: &str, title: &str) -> Result<()> {
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
    survey::split_key(key).filter(|(p, _)| p.eq_ignore_ascii_case(prefix)).map(|(_, n)| n)
}

/// Reads the file twice: the survey, then the stories into the board.
fn apply(tx: &mut Tx<'_>, source: &mut dyn Source, today: NaiveDate, how: ImportHow) -> Result<Imported> {
    let mut survey = Survey::default();
    let mut links = links::Links::default();
    let mut doc = source.survey(&mut |s| {
        survey.note(&s);
        links.note(&s);
        Ok(())
    })?;
    if doc.format != FORMAT {
        return bad("format", format!("\"{}\" is not a format this sprintboard reads ({FORMAT})", doc.format));
    }
    let blank = tx.is_blank()?;
    let has_active = !blank && tx.active_sprint()?.is_some();
    history::infer(&mut doc, &survey, &history::Board { today, sprint_days: how.sprint_days, blank, has_active });
    let mut got = Imported { notes: doc.notes.clone(), ..Imported::default() };
    if blank && let Some(b) = &doc.board {
        set_board(tx, b)?;
    }
    let objectives = import_objectives(tx, &doc, blank, &mut got)?;
    let (epics, epic_numbers) = import_epics(tx, &doc, blank, how.update, &objectives, &mut got)?;
    let sprints = import_sprints(tx, &doc, blank, today, how, &survey, &mut got)?;
    bump_counters(tx, &doc, &survey, blank, epic_numbers)?;
    let mut writer = StoryWriter::new(tx, blank, how.update, &epics, &sprints)?;
    let mut i = 0;
    let read = source.read(&mut |s| {
        writer.add(tx, i, s, &mut got)?;
        i += 1;
        Ok(())
    });
    if let Some((key, second)) = writer.twice.take() {
        let first = first_with_key(source, &key)?;
        return bad(second, format!("the key {key} appears twice in the file (first at {first})"));
    }
    read?;
    if writer.written != survey.stories {
        return refuse("the file changed while it was being imported; try again");
    }
    got.updated = writer.updated;
    got.unchanged = writer.unchanged;
    got.renamed = std::mem::take(&mut writer.renamed);
    let left_out = links.write(tx, writer.before, &writer.updated_ids, &got.renamed)?;
    got.notes.extend(left_out);
    writer.finish(tx)?;
    commit_started(tx, &doc, &sprints, &survey)?;
    import_risks(tx, &doc, &epics, blank, &mut got)?;
    if blank {
        super::team_import::import_team(tx, &doc.team)?;
    }
    Ok(got)
}

/// Where the file first gives a story this key (read once more: only an
/// import that fails on it pays for this).
fn first_with_key(source: &mut dyn Source, key: &str) -> Result<String> {
    let (wanted, mut i, mut found) = (norm(key), 0, None);
    let read = source.read(&mut |s| {
        if s.key.as_deref().is_some_and(|k| norm(k) == wanted) {
            found = Some(story_at(&s, i, "key").to_string());
            // Found: stop reading.
            return refuse("");
        }
        i += 1;
        Ok(())
    });
    match found {
        Some(at) => Ok(at),
        None => read.map(|_| "an earlier story".to_string()),
    }
}

fn import_risks(
    tx: &mut Tx<'_>,
    doc: &Document,
    epics: &HashMap<String, EpicId>,
    blank: bool,
    got: &mut Imported,
) -> Result<()> {
    for (i, r) in doc.risks.iter().enumerate() {
        check_title(at("risks", i, "title"), "a risk", &r.title)?;
        check_text(at("risks", i, "description"), "the description", &r.description)?;
        let probability =
            check_rating("probability", r.probability).or_else(|w| bad(at("risks", i, "probability"), w))?;
        let impact = check_rating("impact", r.impact).or_else(|w| bad(at("risks", i, "impact"), w))?;
        let epic = match &r.epic {
            Some(k) => Some(find_epic_ref(tx, epics, blank, k, at("risks", i, "epic"))?),
            None => None,
        };
        let row = RiskFields {
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
    Ok(())
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
fn bump_counters(tx: &mut Tx<'_>, doc: &Document, survey: &Survey, blank: bool, epics: Option<i64>) -> Result<()> {
    let prefix = tx.board()?.key_prefix;
    let mut c = tx.counters()?;
    let old = c;
    if let Some(n) = survey.highest_key(&prefix) {
        c.next_story = c.next_story.max(n.saturating_add(1));
    }
    c.next_epic = c.next_epic.max(epics.map_or(0, |n| n.saturating_add(1)));
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
