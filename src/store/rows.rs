//! Rows as the program sees them: cards, filters, and the mapping of SQL
//! rows to domain records, shared by every read query.

use super::values;
use crate::domain::*;
use rusqlite::Row;

/// A story as a card on screen: what a column shows, nothing more.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Row id.
    pub id: StoryId,
    /// Key.
    pub key: String,
    /// Title, at most a few hundred characters (cards show one line).
    pub title: String,
    /// Kind.
    pub kind: Kind,
    /// Estimate.
    pub points: Option<Points>,
    /// Status.
    pub status: Status,
    /// Epic.
    pub epic: Option<EpicId>,
    /// Rank in its place.
    pub rank: i64,
    /// Backlog or sprint.
    pub place: Place,
}

/// A text filter over key, title, labels and epic (the `/` key).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// The words typed; empty = no filter.
    pub text: String,
}

impl Filter {
    pub(super) fn pattern(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
    }
}

/// How many stories one filtered window read searches in each direction.
pub const FILTER_SCAN: usize = 2_500;

/// A closed sprint with its velocity record.
#[derive(Clone, Debug)]
pub struct SprintRecord {
    /// The sprint.
    pub sprint: Sprint,
    /// What it delivered.
    pub record: VelocityRecord,
}

pub(super) const CARD_COLUMNS: &str = "id, key, substr(title, 1, 400), kind, points, status, epic_id, rank, sprint_id";
pub(super) const STORY_COLUMNS: &str = "id, key, title, description, acceptance, kind, points, epic_id, sprint_id, rank, status, assignee, labels, created_at, started_at, done_at";
pub(super) const SPRINT_COLUMNS: &str = "s.id, s.number, s.name, s.goal, s.start_date, s.end_date, s.capacity, s.state, s.committed, \
     coalesce(t.stories, 0), coalesce(t.points, 0), coalesce(t.done, 0), coalesce(t.unestimated, 0)";
pub(super) const EPIC_COLUMNS: &str = "e.id, e.key, e.title, e.description, e.objective_id, e.quarter, e.colour, e.rank, \
     coalesce(t.stories, 0), coalesce(t.points, 0), coalesce(t.done, 0), coalesce(t.unestimated, 0)";
pub(super) fn card(r: &Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        kind: r.get(3)?,
        points: r.get(4)?,
        status: r.get(5)?,
        epic: r.get(6)?,
        rank: r.get(7)?,
        place: Place::from_sprint(r.get(8)?),
    })
}

pub(super) fn time_col(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<chrono::NaiveDateTime>> {
    Ok(r.get::<_, Option<String>>(i)?.and_then(|s| values::parse_time(&s)))
}

pub(super) fn story(r: &Row<'_>) -> rusqlite::Result<Story> {
    let labels: String = r.get(12)?;
    Ok(Story {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        acceptance: r.get(4)?,
        kind: r.get(5)?,
        points: r.get(6)?,
        epic: r.get(7)?,
        place: Place::from_sprint(r.get(8)?),
        rank: r.get(9)?,
        status: r.get(10)?,
        assignee: r.get(11)?,
        labels: parse_labels(&labels),
        created: time_col(r, 13)?.unwrap_or_default(),
        started: time_col(r, 14)?,
        done: time_col(r, 15)?,
    })
}

pub(super) fn tally_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Tally> {
    Ok(Tally { stories: r.get(i)?, points: r.get(i + 1)?, done: r.get(i + 2)?, unestimated: r.get(i + 3)? })
}

pub(super) fn date_col(r: &Row<'_>, i: usize) -> rusqlite::Result<chrono::NaiveDate> {
    let s: String = r.get(i)?;
    values::parse_date(&s).ok_or_else(|| rusqlite::Error::InvalidColumnType(i, s, rusqlite::types::Type::Text))
}

pub(super) fn sprint(r: &Row<'_>) -> rusqlite::Result<Sprint> {
    Ok(Sprint {
        id: r.get(0)?,
        number: r.get(1)?,
        name: r.get(2)?,
        goal: r.get(3)?,
        start: date_col(r, 4)?,
        end: date_col(r, 5)?,
        capacity: r.get(6)?,
        state: r.get(7)?,
        committed: r.get(8)?,
        tally: tally_at(r, 9)?,
    })
}

pub(super) fn epic(r: &Row<'_>) -> rusqlite::Result<Epic> {
    Ok(Epic {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        objective: r.get(4)?,
        quarter: r.get(5)?,
        colour: r.get(6)?,
        rank: r.get(7)?,
        tally: tally_at(r, 8)?,
    })
}

pub(super) fn risk(r: &Row<'_>) -> rusqlite::Result<Risk> {
    Ok(Risk {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        probability: r.get(3)?,
        impact: r.get(4)?,
        response: r.get(5)?,
        owner: r.get(6)?,
        status: r.get(7)?,
        epic: r.get(8)?,
    })
}
