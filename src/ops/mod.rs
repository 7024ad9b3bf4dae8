//! The operations: the single door through which anything changes, used by
//! the screens, the command line and import alike. Each is one transaction
//! that also writes its history entry, and returns a sentence saying what
//! happened, in words a meeting watching a screen share can follow.

mod budget;
mod budget_view;
mod burndown;
mod capacity;
mod cost_report;
mod dependency;
mod forecast;
mod import;
mod reports;
mod roadmap;
mod sprint;
mod story;
mod team;
mod team_import;

pub use budget::*;
pub use budget_view::*;
pub use burndown::*;
pub use capacity::*;
pub use cost_report::*;
pub use dependency::*;
pub use forecast::*;
pub use import::*;
pub use reports::*;
pub use roadmap::*;
pub use sprint::*;
pub use story::*;
pub use team::*;

use crate::domain::*;
use crate::store::{self, Reads, Stepped, Store, Whose};

/// What can go wrong in an operation; each message is one sentence.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed (file, lock, damage).
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Something named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request breaks a rule of the product.
    #[error("{0}")]
    Refused(String),
    /// The item changed since the screen that asked showed it: nothing was
    /// done, and the screen should show the item as it now is.
    #[error("{0}")]
    Stale(String),
}

/// An item an operation acts on, with the version the caller saw. The
/// screens pass what they show (`&Card`, `&Epic`), so a relative action
/// (`+`, `Space`, `L`, `>`, …) never applies to values the user did not see;
/// the command line passes the id, and acts on the current values (scripts
/// say what they mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen<Id> {
    /// The item.
    pub id: Id,
    /// The version shown, if the action was decided on a view of it.
    pub seen: Option<i64>,
}

/// A story as an operation's caller saw it.
pub type StoryRef = Seen<StoryId>;
/// An epic as an operation's caller saw it.
pub type EpicRef = Seen<EpicId>;

macro_rules! seen_from {
    ($($id:ty, $shown:ty);*) => {$(
        impl From<$id> for Seen<$id> {
            fn from(id: $id) -> Self {
                Seen { id, seen: None }
            }
        }
        impl From<&$shown> for Seen<$id> {
            fn from(item: &$shown) -> Self {
                Seen { id: item.id, seen: Some(item.version) }
            }
        }
    )*};
}
seen_from!(StoryId, Card; EpicId, Epic);

/// The epic as it is inside the transaction, or a refusal when it changed
/// since the caller saw it.
pub(crate) fn current_epic(r: &impl Reads, epic: EpicRef) -> Result<Epic> {
    let now = r.epic(epic.id)?.ok_or_else(|| Error::NotFound("that epic no longer exists".into()))?;
    match epic.seen {
        Some(seen) if seen != now.version => {
            Err(Error::Stale(stale_words(r, &format!("Epic {}", now.key), store::Table::Epic, now.id.0)?))
        }
        _ => Ok(now),
    }
}

/// The story as it is inside the transaction, or a refusal when it changed
/// since the caller saw it, naming who changed it and how.
pub(crate) fn current_story(r: &impl Reads, story: StoryRef) -> Result<Story> {
    let now = story_by_id(r, story.id)?;
    match story.seen {
        Some(seen) if seen != now.version => {
            Err(Error::Stale(stale_words(r, &now.key, store::Table::Story, now.id.0)?))
        }
        _ => Ok(now),
    }
}

/// "SB-12 changed since your screen showed it (maya: …); nothing was changed".
pub(crate) fn stale_words(r: &impl Reads, name: &str, table: store::Table, id: i64) -> Result<String> {
    let why = match r.last_change(table, id)? {
        Some(e) => format!(" ({}: {})", author_words(&e.author), text::fit(&e.label, 70)),
        None => String::new(),
    };
    Ok(format!("{name} changed since your screen showed it{why}; nothing was changed — look again and retry"))
}

/// Result of an operation.
pub type Result<T> = std::result::Result<T, Error>;

/// The outcome of an operation: the sentence for the message line.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    /// What happened, e.g. `SB-12 "Save favourite meals" (5 pts) → Sprint 14 · 23/25 pts`.
    pub message: String,
}

fn refuse<T>(why: impl Into<String>) -> Result<T> {
    Err(Error::Refused(why.into()))
}

/// Finds a story by key, or says it does not exist.
pub fn find_story(r: &impl Reads, key: &str) -> Result<Story> {
    r.story_by_key(key)?.ok_or_else(|| Error::NotFound(format!("there is no story {}", key.trim())))
}

/// Finds a story by id.
pub(crate) fn story_by_id(r: &impl Reads, id: StoryId) -> Result<Story> {
    r.story(id)?.ok_or_else(|| Error::NotFound("that story no longer exists".into()))
}

/// Finds a sprint by name (or number), or says it does not exist.
pub fn find_sprint(r: &impl Reads, name: &str) -> Result<Sprint> {
    r.sprint_by_name(name)?.ok_or_else(|| Error::NotFound(format!("there is no sprint named \"{}\"", name.trim())))
}

/// Finds a sprint by id.
pub(crate) fn sprint_by_id(r: &impl Reads, id: SprintId) -> Result<Sprint> {
    r.sprint(id)?.ok_or_else(|| Error::NotFound("that sprint no longer exists".into()))
}

/// Finds an epic by key, or says it does not exist.
pub fn find_epic(r: &impl Reads, key: &str) -> Result<Epic> {
    r.epic_by_key(key)?.ok_or_else(|| Error::NotFound(format!("there is no epic {}", key.trim())))
}

/// A story as the message line names it: `SB-12 "Save favourite meals" (5 pts)`.
pub fn story_words(key: &str, title: &str, points: Option<Points>) -> String {
    let pts = match points {
        Some(p) => format!("{p} pts"),
        None => "unestimated".to_string(),
    };
    format!("{key} \"{}\" ({pts})", text::fit(title, 40))
}

/// A place as the message line names it, with its total after the change:
/// `Sprint 14 · 23/25 pts` or `Backlog`.
/// [`place_words`] of a sprint (or the backlog) read before a change that
/// adds `added` points to it: the words it will have after the change,
/// without reading it again.
pub(crate) fn sprint_words(sprint: Option<&Sprint>, added: Points) -> String {
    match sprint {
        None => "Backlog".to_string(),
        Some(s) => {
            let points = s.tally.points + added;
            match s.fields.capacity {
                Some(c) => format!("{} · {}/{} pts", s.fields.name, points, c),
                None => format!("{} · {} pts", s.fields.name, points),
            }
        }
    }
}

pub fn place_words(r: &impl Reads, place: Place) -> Result<String> {
    Ok(match place {
        Place::Backlog => sprint_words(None, Points::ZERO),
        Place::Sprint(id) => sprint_words(Some(&sprint_by_id(r, id)?), Points::ZERO),
    })
}

/// Undoes the author's newest change (`Whose::Anyone`: the newest of anyone's).
pub fn undo(store: &mut Store, whose: Whose) -> Result<Done> {
    step_history(store, whose, true).map(|(done, _)| done)
}

/// Redoes the author's most recently undone change (or anyone's).
pub fn redo(store: &mut Store, whose: Whose) -> Result<Done> {
    step_history(store, whose, false).map(|(done, _)| done)
}

/// Undoes (or redoes) and says where the first story it changed now is
/// ("· SB-12 now in Backlog", the state after, not only the action taken
/// back); returns that story too, for the screen to focus.
pub fn step_history(store: &mut Store, whose: Whose, undo: bool) -> Result<(Done, Option<StoryId>)> {
    // Open sprints before and after, so the message can say what the step
    // changed in them (a few rows, whatever the history holds).
    let (stepped, sprints_before) = store.step_seeing_sprints(undo, whose)?;
    let story = match &stepped {
        Stepped::Done(entry) => store.first_story_of(entry.seq)?,
        _ => None,
    };
    let stepped_done = matches!(stepped, Stepped::Done(_));
    let mut done = stepped_words(store, stepped, undo)?;
    let now = match story {
        Some((id, _)) => store.story(id)?,
        None => None,
    };
    // A redo's label already says the state it brings back.
    if !stepped_done || !undo {
        return Ok((done, now.map(|s| s.id)));
    }
    // Said state first (what the room sees now), then what was taken back.
    let mut state = Vec::new();
    if let (Some(s), Some((_, false))) = (&now, story) {
        // By the story: read with the step's COMMIT on a server.
        let place = match store.sprint_of_story(s.id)? {
            None => "Backlog".to_string(),
            Some(sprint) => sprint.fields.name,
        };
        // A field edit comes back as its old values; a move as its place.
        let taken = done.message.split_once(": ").map_or("", |(_, t)| t);
        match undone_fields(taken) {
            Some(fields) => state.push(format!("{} back to {fields}", s.key)),
            None => state.push(format!("{} back in {place}", s.key)),
        }
    }
    let gone: Vec<SprintId> = sprints_before.iter().map(|b| b.id).collect();
    let after = store.open_sprints()?;
    // A sprint that left the open ones was closed (still there) or deleted.
    let closed: Vec<SprintId> =
        gone.into_iter().filter(|id| !after.iter().any(|s| s.id == *id) && sprint_by_id(store, *id).is_ok()).collect();
    state.extend(sprint_changes(&sprints_before, &after, &closed));
    if !state.is_empty()
        && let Some((did, taken)) = done.message.split_once(": ")
    {
        // `did` is "Undid" or "Undid maya's change"; `taken` the entry's label.
        done.message = format!("{did}: {} · was: {taken}", state.join(" · "));
    }
    Ok((done, now.map(|s| s.id)))
}

/// The old values of an edit's label (`SB-1 "…" (5 pts): estimate 3 pts →
/// 5 pts, status todo → doing` gives `estimate 3 pts, status todo`), or
/// `None` for a label that is not a field edit. Read after the title's
/// closing quote, so a title with `): ` in it cannot confuse it.
fn undone_fields(label: &str) -> Option<String> {
    let after_title = &label[label.rfind('"')?..];
    let (_, what) = after_title.split_once("): ")?;
    let old: Vec<&str> = what.split(", ").filter_map(|p| p.split_once(" → ").map(|(a, _)| a)).collect();
    (!old.is_empty()).then(|| old.join(", "))
}

/// What changed in the open sprints between two readings, in words
/// ("Sprint 10 now 18/19 pts", "Dinners planned again, Nov 3 – Nov 16").
fn sprint_changes(before: &[Sprint], after: &[Sprint], closed: &[SprintId]) -> Vec<String> {
    let dates = |s: &Sprint| format!("{} – {}", s.fields.start.format("%b %-d"), s.fields.end.format("%b %-d"));
    let points = |s: &Sprint| match s.fields.capacity {
        Some(c) => format!("{}/{c} pts", s.tally.points),
        None => format!("{} pts", s.tally.points),
    };
    let mut words = Vec::new();
    for s in after {
        let name = &s.fields.name;
        match before.iter().find(|b| b.id == s.id) {
            // Reopened by undoing its close, or restored by undoing its delete.
            None if s.fields.state == SprintState::Active => {
                words.push(format!("{name} active again, {}, {}", dates(s), points(s)))
            }
            None => words.push(format!("{name} is back ({}, {}, {})", s.fields.state, dates(s), points(s))),
            Some(b) if b.fields.state != s.fields.state => {
                words.push(format!("{name} {} again, {}", s.fields.state, dates(s)))
            }
            Some(b) if b.fields != s.fields => {
                let goal = if s.fields.goal.is_empty() {
                    "no goal".to_string()
                } else {
                    format!("goal \"{}\"", text::fit(&s.fields.goal, 30))
                };
                words.push(format!(
                    "{name} now {}, capacity {}, {goal}",
                    dates(s),
                    s.fields.capacity.map_or("none".to_string(), |c| format!("{c} pts"))
                ))
            }
            Some(b) if b.tally != s.tally => words.push(format!("{name} now {}", points(s))),
            Some(_) => {}
        }
    }
    for b in before.iter().filter(|b| !after.iter().any(|s| s.id == b.id)) {
        if closed.contains(&b.id) {
            words.push(format!("{} closed", b.fields.name));
        } else {
            words.push(format!("{} removed", b.fields.name));
        }
    }
    words
}

/// An author as a sentence names them: entries from before authors were
/// recorded have none.
pub fn author_words(author: &str) -> &str {
    if author.is_empty() { "someone (before authors were recorded)" } else { author }
}

fn stepped_words(store: &Store, stepped: Stepped, undo: bool) -> Result<Done> {
    let verb = if undo { "undo" } else { "redo" };
    match stepped {
        Stepped::Nothing => Ok(Done { message: format!("Nothing to {verb}") }),
        Stepped::OnlyOthers(newest) => Ok(Done {
            message: format!(
                "Nothing of yours ({}) to {verb}; the newest change is {}'s: {} (`sprintboard {verb} --anyone` takes it)",
                store.author(),
                author_words(&newest.author),
                text::fit(&newest.label, 50)
            ),
        }),
        Stepped::Done(entry) => {
            let did = if undo { "Undid" } else { "Redid" };
            let whom = if entry.author.is_empty() || entry.author == store.author() {
                String::new()
            } else {
                format!(" {}'s change", entry.author)
            };
            Ok(Done { message: format!("{did}{whom}: {}", entry.label) })
        }
        // Who comes first: on a narrow message line it is what must show.
        Stepped::Blocked { mine, theirs } => refuse(format!(
            "Cannot {verb}: {} changed the same item since ({}); nothing was changed — yours was: {}",
            author_words(&theirs.author),
            text::fit(&theirs.label, 60),
            text::fit(&mine.label, 60)
        )),
    }
}

/// Checks a board's name and key prefix before anything is written (so a
/// refused `init` creates no file); returns them as they will be stored.
pub fn check_board(name: &str, key_prefix: &str) -> Result<(String, String)> {
    let prefix = key_prefix.trim().to_uppercase();
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) || prefix.len() > 10 {
        return refuse(format!("the key prefix must be 1–10 letters or digits, like SB (not \"{key_prefix}\")"));
    }
    let name = name.trim();
    if name.is_empty() {
        return refuse("the board needs a name");
    }
    text::check_length("the board name", name).map_err(Error::Refused)?;
    Ok((name.to_string(), prefix))
}

/// Names and prefixes a new board; refused once the board holds stories,
/// because keys already given out would no longer match.
pub fn init_board(store: &mut Store, name: &str, key_prefix: &str) -> Result<Done> {
    let (name, prefix) = check_board(name, key_prefix)?;
    let name = name.as_str();
    let mut tx = store.write()?;
    if tx.story_count()? > 0 && tx.board()?.key_prefix != prefix {
        return refuse(format!("{} already holds stories; its key prefix cannot change", tx.path().display()));
    }
    tx.set_board(&Board { name: name.to_string(), key_prefix: prefix.clone() })?;
    tx.commit_without_history()?;
    Ok(Done { message: format!("Board \"{name}\" ready, story keys {prefix}-1, {prefix}-2, …") })
}

pub use crate::domain::outlook::Velocity;

/// The average velocity alone: reads only the last `window` records.
pub fn average_velocity(r: &impl Reads, settings: &Settings) -> Result<Option<Points>> {
    let recent = r.recent_completed(settings.velocity_window.max(1))?;
    Ok(velocity::average(&recent, settings.velocity_window))
}

/// Reads the velocity records and their average.
pub fn velocity(r: &impl Reads, settings: &Settings) -> Result<Velocity> {
    let records = r.velocity_records()?;
    let completed: Vec<Points> = records.iter().map(|s| s.record.completed).collect();
    Ok(Velocity {
        window: settings.velocity_window,
        average: velocity::average(&completed, settings.velocity_window),
        sprints: records.into_iter().map(|s| (s.sprint.fields.name, s.record)).collect(),
    })
}
