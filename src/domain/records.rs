//! The records of the board, as the rest of the program sees them.

use super::*;
use chrono::{NaiveDate, NaiveDateTime};

/// The board: one per database file.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    /// The product's name.
    pub name: String,
    /// The prefix of story keys, e.g. `SB`.
    pub key_prefix: String,
}

/// A business objective that epics serve.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// Row id.
    pub id: ObjectiveId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// How success is measured, in words.
    pub metric: String,
}

/// An epic on the roadmap, with its derived progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Epic {
    /// Row id.
    pub id: EpicId,
    /// Key, e.g. `E-3`.
    pub key: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The objective it serves.
    pub objective: Option<ObjectiveId>,
    /// Target quarter, if any.
    pub quarter: Option<Quarter>,
    /// Colour name for its marker, if any.
    pub colour: Option<String>,
    /// Rank on the roadmap.
    pub rank: i64,
    /// Progress, kept up to date by the store.
    pub tally: Tally,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
}

/// Counts and points of a list of stories (a sprint, the backlog, an epic),
/// maintained as stories change so that reading them costs nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Number of stories.
    pub stories: i64,
    /// Sum of estimates.
    pub points: Points,
    /// Sum of estimates of done stories.
    pub done: Points,
    /// Stories without an estimate.
    pub unestimated: i64,
}

/// A user story (or bug, task, spike).
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// Row id.
    pub id: StoryId,
    /// Key, e.g. `SB-42`; never reused.
    pub key: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Acceptance criteria.
    pub acceptance: String,
    /// Kind.
    pub kind: Kind,
    /// Estimate; `None` = unestimated.
    pub points: Option<Points>,
    /// Epic it belongs to.
    pub epic: Option<EpicId>,
    /// Backlog or a sprint.
    pub place: Place,
    /// Rank within its place.
    pub rank: i64,
    /// Status.
    pub status: Status,
    /// Who works on it.
    pub assignee: String,
    /// Labels, comma separated words.
    pub labels: Vec<String>,
    /// When it was created.
    pub created: NaiveDateTime,
    /// When it first went to doing.
    pub started: Option<NaiveDateTime>,
    /// When it went to done.
    pub done: Option<NaiveDateTime>,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
}

/// A sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Sprint {
    /// Row id.
    pub id: SprintId,
    /// Number, 1, 2, …
    pub number: i64,
    /// Name, by default `Sprint N`; unique.
    pub name: String,
    /// Goal.
    pub goal: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Capacity in points, if set.
    pub capacity: Option<Points>,
    /// State.
    pub state: SprintState,
    /// Points committed when it started.
    pub committed: Option<Points>,
    /// Its stories' counts and points, kept up to date by the store.
    pub tally: Tally,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
}

/// What a closed sprint delivered, written once when it closes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VelocityRecord {
    /// Points committed at start.
    pub committed: Points,
    /// Points done at close.
    pub completed: Points,
    /// Points of stories added after start.
    pub added: Points,
    /// Points of committed stories removed after start.
    pub removed: Points,
    /// Points of unfinished stories sent elsewhere.
    pub carried_over: Points,
}

/// A risk in the register.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    /// Row id.
    pub id: RiskId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// 1–5.
    pub probability: u8,
    /// 1–5.
    pub impact: u8,
    /// What we do about it.
    pub response: String,
    /// Who watches it.
    pub owner: String,
    /// Status.
    pub status: RiskStatus,
    /// The epic it threatens, if any.
    pub epic: Option<EpicId>,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
}

impl Risk {
    /// Level = probability × impact (1–25).
    pub fn level(&self) -> u8 {
        self.probability * self.impact
    }
}

/// Checks a 1–5 rating of a risk.
pub fn check_rating(what: &str, v: i64) -> Result<u8, String> {
    if (1..=5).contains(&v) { Ok(v as u8) } else { Err(format!("{what} must be from 1 to 5, not {v}")) }
}

/// Splits a label text into labels: comma or space separated, no empties.
pub fn parse_labels(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}
