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
    /// Rank on the roadmap.
    pub rank: i64,
    /// Progress, kept up to date by the store.
    pub tally: Tally,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
    /// What a form or a file sets.
    pub fields: EpicFields,
}

/// The fields of an epic that forms and files set (its key is given once,
/// when it is created).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpicFields {
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
    /// Who works on it ('' for nobody), shown on cards outside presenter mode.
    pub assignee: String,
}

/// A user story (or bug, task, spike): where it is and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// Row id.
    pub id: StoryId,
    /// Key, e.g. `SB-42`; never reused.
    pub key: String,
    /// Backlog or a sprint.
    pub place: Place,
    /// Rank within its place.
    pub rank: i64,
    /// When it was created.
    pub created: NaiveDateTime,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
    /// What a form, a file or a command sets.
    pub fields: StoryFields,
}

/// Declares [`StoryFields`] once, with the per-field helpers that must list
/// every field (merging a form's edits, finding clashes, naming changes), so
/// a new field is added here and nowhere else in this file.
macro_rules! story_fields {
    ($($(#[$doc:meta])* $field:ident: $ty:ty => $words:literal),* $(,)?) => {
        /// The fields of a story that forms, files and commands set.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct StoryFields {
            $($(#[$doc])* pub $field: $ty,)*
        }

        impl StoryFields {
            /// Applies to `self` the fields in which `edited` differs from
            /// `shown`: what a form changed, leaving what someone else
            /// changed meanwhile.
            pub fn apply_edits(&mut self, shown: &StoryFields, edited: &StoryFields) {
                $(if edited.$field != shown.$field { self.$field = edited.$field.clone(); })*
            }

            /// The fields that both `edited` (against `shown`) and `self`
            /// (the story as it now is) changed, to different values: a form
            /// saved now would overwrite someone else's change to them.
            pub fn clashes(&self, shown: &StoryFields, edited: &StoryFields) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(if edited.$field != shown.$field && self.$field != shown.$field && self.$field != edited.$field {
                    out.push($words);
                })*
                out
            }

            /// The names of the fields in which `other` differs from `self`.
            pub fn changed(&self, other: &StoryFields) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(if self.$field != other.$field { out.push($words); })*
                out
            }
        }
    };
}

story_fields! {
    /// Title.
    title: String => "title",
    /// Description.
    description: String => "description",
    /// Acceptance criteria.
    acceptance: String => "acceptance criteria",
    /// Kind.
    kind: Kind => "kind",
    /// Estimate; `None` = unestimated.
    points: Option<Points> => "estimate",
    /// Epic it belongs to.
    epic: Option<EpicId> => "epic",
    /// Status.
    status: Status => "status",
    /// Who works on it.
    assignee: String => "assignee",
    /// Labels.
    labels: Vec<String> => "labels",
    /// When it first went to doing.
    started: Option<NaiveDateTime> => "start time",
    /// When it went to done.
    done: Option<NaiveDateTime> => "done time",
}

impl StoryFields {
    /// The free-text fields with their names, for length checks.
    pub fn texts(&self) -> [(&'static str, &str); 4] {
        [
            ("the title", &self.title),
            ("the description", &self.description),
            ("the acceptance criteria", &self.acceptance),
            ("the assignee", &self.assignee),
        ]
    }
}

/// A story to create. `key: None` takes the board's next key.
#[derive(Clone, Debug, Default)]
pub struct NewStory {
    /// Key to keep (imports); `None` = next `PREFIX-N`.
    pub key: Option<String>,
    /// What it is.
    pub row: StoryFields,
    /// Backlog (`None`) or a sprint.
    pub place: Option<SprintId>,
    /// Creation time to keep (imports); `None` = now.
    pub created: Option<NaiveDateTime>,
}

/// A sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Sprint {
    /// Row id.
    pub id: SprintId,
    /// Its stories' counts and points, kept up to date by the store.
    pub tally: Tally,
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
    /// What forms, commands and the sprint cycle set.
    pub fields: SprintFields,
}

/// The fields of a sprint that forms, commands and the sprint cycle set.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintFields {
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
    /// Goes up with every change: an action decided on an older version is refused.
    pub version: i64,
    /// What a form or a file sets.
    pub fields: RiskFields,
}

/// The fields of a risk that forms and files set.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskFields {
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
}

impl RiskFields {
    /// Level = probability × impact (1–25).
    pub fn level(&self) -> u8 {
        self.probability * self.impact
    }
}

impl Risk {
    /// Level = probability × impact (1–25).
    pub fn level(&self) -> u8 {
        self.fields.level()
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
