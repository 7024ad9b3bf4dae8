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
    /// The story's version when read: an action on this card is refused if
    /// the story has changed since.
    pub version: i64,
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

// Rows are mapped by column name (below), so these lists may change order
// or grow without touching the mapping.
pub(super) const CARD_COLUMNS: &str =
    "id, key, substr(title, 1, 400) AS title, kind, points, status, epic_id, rank, sprint_id, version";
pub(super) const STORY_COLUMNS: &str = "id, key, title, description, acceptance, kind, points, epic_id, sprint_id, rank, status, assignee, labels, created_at, started_at, done_at, version";
pub(super) const SPRINT_COLUMNS: &str = "s.id AS id, s.number AS number, s.name AS name, s.goal AS goal, \
     s.start_date AS start_date, s.end_date AS end_date, s.capacity AS capacity, s.state AS state, \
     s.committed AS committed, s.version AS version, coalesce(t.stories, 0) AS stories, coalesce(t.points, 0) AS tally_points, \
     coalesce(t.done, 0) AS tally_done, coalesce(t.unestimated, 0) AS unestimated";
pub(super) const EPIC_COLUMNS: &str = "e.id AS id, e.key AS key, e.title AS title, e.description AS description, \
     e.objective_id AS objective_id, e.quarter AS quarter, e.colour AS colour, e.rank AS rank, e.version AS version, \
     coalesce(t.stories, 0) AS stories, coalesce(t.points, 0) AS tally_points, \
     coalesce(t.done, 0) AS tally_done, coalesce(t.unestimated, 0) AS unestimated";
pub(super) const RISK_COLUMNS: &str =
    "id, title, description, probability, impact, response, owner, status, epic_id, version";
pub(super) fn card(r: &Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get("id")?,
        key: r.get("key")?,
        title: r.get("title")?,
        kind: r.get("kind")?,
        points: r.get("points")?,
        status: r.get("status")?,
        epic: r.get("epic_id")?,
        rank: r.get("rank")?,
        place: Place::from_sprint(r.get("sprint_id")?),
        version: r.get("version")?,
    })
}

pub(super) fn time_col(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<chrono::NaiveDateTime>> {
    Ok(r.get::<_, Option<String>>(col)?.and_then(|s| values::parse_time(&s)))
}

pub(super) fn story(r: &Row<'_>) -> rusqlite::Result<Story> {
    let labels: String = r.get("labels")?;
    Ok(Story {
        id: r.get("id")?,
        key: r.get("key")?,
        title: r.get("title")?,
        description: r.get("description")?,
        acceptance: r.get("acceptance")?,
        kind: r.get("kind")?,
        points: r.get("points")?,
        epic: r.get("epic_id")?,
        place: Place::from_sprint(r.get("sprint_id")?),
        rank: r.get("rank")?,
        status: r.get("status")?,
        assignee: r.get("assignee")?,
        labels: parse_labels(&labels),
        created: time_col(r, "created_at")?.unwrap_or_default(),
        started: time_col(r, "started_at")?,
        done: time_col(r, "done_at")?,
        version: r.get("version")?,
    })
}

pub(super) fn tally(r: &Row<'_>) -> rusqlite::Result<Tally> {
    Ok(Tally {
        stories: r.get("stories")?,
        points: r.get("tally_points")?,
        done: r.get("tally_done")?,
        unestimated: r.get("unestimated")?,
    })
}

pub(super) fn date_col(r: &Row<'_>, col: &str) -> rusqlite::Result<chrono::NaiveDate> {
    let s: String = r.get(col)?;
    values::parse_date(&s).ok_or_else(|| {
        let i = r.as_ref().column_index(col).unwrap_or(0);
        rusqlite::Error::InvalidColumnType(i, s, rusqlite::types::Type::Text)
    })
}

pub(super) fn sprint(r: &Row<'_>) -> rusqlite::Result<Sprint> {
    Ok(Sprint {
        id: r.get("id")?,
        number: r.get("number")?,
        name: r.get("name")?,
        goal: r.get("goal")?,
        start: date_col(r, "start_date")?,
        end: date_col(r, "end_date")?,
        capacity: r.get("capacity")?,
        state: r.get("state")?,
        committed: r.get("committed")?,
        tally: tally(r)?,
        version: r.get("version")?,
    })
}

pub(super) fn epic(r: &Row<'_>) -> rusqlite::Result<Epic> {
    Ok(Epic {
        id: r.get("id")?,
        key: r.get("key")?,
        title: r.get("title")?,
        description: r.get("description")?,
        objective: r.get("objective_id")?,
        quarter: r.get("quarter")?,
        colour: r.get("colour")?,
        rank: r.get("rank")?,
        tally: tally(r)?,
        version: r.get("version")?,
    })
}

pub(super) fn risk(r: &Row<'_>) -> rusqlite::Result<Risk> {
    Ok(Risk {
        id: r.get("id")?,
        title: r.get("title")?,
        description: r.get("description")?,
        probability: r.get("probability")?,
        impact: r.get("impact")?,
        response: r.get("response")?,
        owner: r.get("owner")?,
        status: r.get("status")?,
        epic: r.get("epic_id")?,
        version: r.get("version")?,
    })
}
