//! The neutral board document: what every import format is read into and
//! what the JSON export writes out (`"format": "sprintboard/1"`, SPEC §5).
//! Field names are a contract with users' scripts: add fields, never rename.
//!
//! Items refer to each other by the names users see (epic key, sprint name,
//! objective title, story key), never by row ids, so a file can be written
//! by hand and imported into any board.

use super::{Kind, Points, Quarter, RiskStatus, SprintState, Status};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The value of the `format` field this program writes and reads.
pub const FORMAT: &str = "sprintboard/1";

/// A whole board, or the part of one a file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`FORMAT`].
    pub format: String,
    /// Name and key prefix; `None` for formats that do not carry them (CSV).
    #[serde(default)]
    pub board: Option<BoardDoc>,
    /// Business objectives, in order.
    #[serde(default)]
    pub objectives: Vec<ObjectiveDoc>,
    /// Epics in roadmap order.
    #[serde(default)]
    pub epics: Vec<EpicDoc>,
    /// Sprints in number order.
    #[serde(default)]
    pub sprints: Vec<SprintDoc>,
    /// Stories in board order: backlog by rank, then each sprint by rank.
    #[serde(default)]
    pub stories: Vec<StoryDoc>,
    /// The risk register, highest level first.
    #[serde(default)]
    pub risks: Vec<RiskDoc>,
    /// What the reader left out of the file on purpose (archived cards…),
    /// in words, for the import's message.
    #[serde(skip)]
    pub notes: Vec<String>,
    /// The team, days off, budgets, expenses and dependencies (schema 4),
    /// as top-level lists after the risks.
    #[serde(flatten)]
    pub team: super::team_document::TeamDoc,
}

/// The board's own fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BoardDoc {
    /// The product's name.
    pub name: String,
    /// The prefix of story keys, e.g. `SB`.
    pub key_prefix: String,
    /// The number the next new story key gets (keys are never reused, so it
    /// can be past the highest key still on the board).
    #[serde(default)]
    pub next_story: Option<i64>,
    /// The number the next new epic key (`E-N`) gets.
    #[serde(default)]
    pub next_epic: Option<i64>,
}

/// A business objective.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveDoc {
    /// Title; epics refer to the objective by it.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// How success is measured.
    #[serde(default)]
    pub metric: String,
}

/// An epic on the roadmap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpicDoc {
    /// Key, e.g. `E-3`; `None` = the board's next key.
    #[serde(default)]
    pub key: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Target quarter, `2027-Q1`.
    #[serde(default, with = "opt_text")]
    pub quarter: Option<Quarter>,
    /// Title of the objective it serves.
    #[serde(default)]
    pub objective: Option<String>,
    /// Colour name of its marker.
    #[serde(default)]
    pub colour: Option<String>,
    /// Only a reference (a CSV `epic` cell): use the board's epic with this
    /// key or title when there is one, create it otherwise.
    #[serde(skip)]
    pub reference: bool,
}

/// One story a sprint committed to at its start, with its points then.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommitmentDoc {
    /// The story's key; `None` for a committed story deleted since.
    pub story: Option<String>,
    /// Its points when the sprint started.
    pub points: Points,
}

/// A sprint, with its velocity record once closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SprintDoc {
    /// Name, unique on a board; stories refer to the sprint by it.
    pub name: String,
    /// Number (1, 2, …); `None` = after the board's last sprint.
    #[serde(default)]
    pub number: Option<i64>,
    /// State.
    #[serde(default = "planned", with = "text")]
    pub state: SprintState,
    /// First day; `None` = the day after the previous sprint ends.
    #[serde(default, with = "opt_text")]
    pub start: Option<NaiveDate>,
    /// Last day; `None` = start plus the default sprint length.
    #[serde(default, with = "opt_text")]
    pub end: Option<NaiveDate>,
    /// Goal.
    #[serde(default)]
    pub goal: String,
    /// Capacity in points.
    #[serde(default)]
    pub capacity: Option<Points>,
    /// Points committed at start (active and closed sprints).
    #[serde(default)]
    pub committed: Option<Points>,
    /// Points completed (closed sprints).
    #[serde(default)]
    pub completed: Option<Points>,
    /// Points added after start (closed sprints).
    #[serde(default)]
    pub added: Option<Points>,
    /// Committed points removed after start (closed sprints).
    #[serde(default)]
    pub removed: Option<Points>,
    /// Points of unfinished stories sent elsewhere at close (closed sprints).
    #[serde(default)]
    pub carried_over: Option<Points>,
    /// The stories committed at start (active and closed sprints); `None` =
    /// taken from the sprint's stories in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Vec<CommitmentDoc>>,
    /// Only a reference (a CSV `sprint` cell): join the board's sprint of
    /// this name, or plan a new one.
    #[serde(skip)]
    pub reference: bool,
    /// The first file line that names it (CSV), for error messages.
    #[serde(skip)]
    pub line: Option<u64>,
}

/// A user story (or bug, task, spike).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryDoc {
    /// Key, e.g. `SB-42`; `None` = the board's next key.
    #[serde(default)]
    pub key: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Acceptance criteria.
    #[serde(default)]
    pub acceptance: String,
    /// Kind.
    #[serde(default = "story", with = "text")]
    pub kind: Kind,
    /// Estimate; `None` = unestimated.
    #[serde(default)]
    pub points: Option<Points>,
    /// Status.
    #[serde(default = "todo", with = "text")]
    pub status: Status,
    /// Key (or, for a keyless epic, title) of its epic.
    #[serde(default)]
    pub epic: Option<String>,
    /// Name of its sprint; `None` = the backlog.
    #[serde(default)]
    pub sprint: Option<String>,
    /// Sprints it was in before `sprint` and carried out of, oldest first
    /// (Jira's repeated `Sprint` columns): history inference counts it in
    /// their commitment and their carried-over points.
    #[serde(skip)]
    pub earlier_sprints: Vec<String>,
    /// Keys of the stories it waits on (Jira's "is blocked by" links,
    /// `Inward issue link (Blocks)`); our export keeps them in
    /// `dependencies` instead.
    #[serde(skip)]
    pub blocked_by: Vec<String>,
    /// Keys of the stories that wait on it (Jira's "blocks" links,
    /// `Outward issue link (Blocks)`).
    #[serde(skip)]
    pub blocks: Vec<String>,
    /// Who works on it.
    #[serde(default)]
    pub assignee: String,
    /// Labels.
    #[serde(default)]
    pub labels: Vec<String>,
    /// When it was created; `None` = when imported.
    #[serde(default, with = "opt_text")]
    pub created: Option<NaiveDateTime>,
    /// When work on it started.
    #[serde(default, with = "opt_text")]
    pub started: Option<NaiveDateTime>,
    /// When it was done.
    #[serde(default, with = "opt_text")]
    pub done: Option<NaiveDateTime>,
    /// The file line it came from (CSV), for error messages.
    #[serde(skip)]
    pub line: Option<u64>,
}

/// A risk in the register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskDoc {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// 1–5.
    pub probability: i64,
    /// 1–5.
    pub impact: i64,
    /// Probability × impact; written for readers, recomputed on import.
    #[serde(default)]
    pub level: Option<i64>,
    /// What we do about it.
    #[serde(default)]
    pub response: String,
    /// Who watches it.
    #[serde(default)]
    pub owner: String,
    /// Status.
    #[serde(default = "open", with = "text")]
    pub status: RiskStatus,
    /// Key of the epic it threatens.
    #[serde(default)]
    pub epic: Option<String>,
}

impl Default for SprintDoc {
    fn default() -> SprintDoc {
        SprintDoc {
            name: String::new(),
            number: None,
            state: SprintState::Planned,
            start: None,
            end: None,
            goal: String::new(),
            capacity: None,
            committed: None,
            completed: None,
            added: None,
            removed: None,
            carried_over: None,
            commitment: None,
            reference: false,
            line: None,
        }
    }
}

impl StoryDoc {
    /// Every sprint the file names for it, oldest first, its sprint now
    /// last: the sprints it passed through.
    pub fn sprint_history(&self) -> Vec<String> {
        self.earlier_sprints.iter().cloned().chain(self.sprint.clone()).collect()
    }
}

impl Default for StoryDoc {
    fn default() -> StoryDoc {
        StoryDoc {
            key: None,
            title: String::new(),
            description: String::new(),
            acceptance: String::new(),
            kind: Kind::Story,
            points: None,
            status: Status::Todo,
            epic: None,
            sprint: None,
            earlier_sprints: Vec::new(),
            blocked_by: Vec::new(),
            blocks: Vec::new(),
            assignee: String::new(),
            labels: Vec::new(),
            created: None,
            started: None,
            done: None,
            line: None,
        }
    }
}

impl Default for RiskDoc {
    fn default() -> RiskDoc {
        RiskDoc {
            title: String::new(),
            description: String::new(),
            probability: 1,
            impact: 1,
            level: None,
            response: String::new(),
            owner: String::new(),
            status: RiskStatus::Open,
            epic: None,
        }
    }
}

fn planned() -> SprintState {
    SprintState::Planned
}
fn story() -> Kind {
    Kind::Story
}
fn todo() -> Status {
    Status::Todo
}
fn open() -> RiskStatus {
    RiskStatus::Open
}

/// Values written in files as text: dates, times, quarters and the words
/// of the closed sets (read case-insensitively, with a message that lists
/// what is accepted).
pub trait TextValue: Sized {
    /// The value as written in a file.
    fn to_text(&self) -> String;
    /// The value read from a file, or why it is not one.
    fn from_text(s: &str) -> Result<Self, String>;
}

impl TextValue for NaiveDate {
    fn to_text(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
    fn from_text(s: &str) -> Result<Self, String> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("\"{s}\" is not a date like 2027-01-31"))
    }
}

impl TextValue for NaiveDateTime {
    fn to_text(&self) -> String {
        self.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
    fn from_text(s: &str) -> Result<Self, String> {
        let t = s.trim();
        NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
            .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN)))
            .map_err(|_| format!("\"{s}\" is not a time like 2027-01-31T09:30:00"))
    }
}

impl TextValue for Quarter {
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_text(s: &str) -> Result<Self, String> {
        s.parse()
    }
}

macro_rules! word_text {
    ($($t:ty),*) => {$(
        impl TextValue for $t {
            fn to_text(&self) -> String { self.as_str().to_string() }
            fn from_text(s: &str) -> Result<Self, String> { s.parse() }
        }
    )*};
}
word_text!(Kind, Status, SprintState, RiskStatus);

/// Serde glue for a [`TextValue`].
mod text {
    use super::TextValue;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<T: TextValue, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_text())
    }

    pub fn deserialize<'de, T: TextValue, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let s = String::deserialize(d)?;
        T::from_text(&s).map_err(D::Error::custom)
    }
}

/// Serde glue for an optional [`TextValue`] (`null` = none).
mod opt_text {
    use super::TextValue;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<T: TextValue, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&v.to_text()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: TextValue, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => T::from_text(&s).map(Some).map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_story_takes_defaults_and_words_are_case_insensitive() {
        let s: StoryDoc = serde_json::from_str(r#"{"title": "T", "kind": "Bug"}"#).unwrap();
        assert_eq!((s.kind, s.status, s.points, s.key), (Kind::Bug, Status::Todo, None, None));
        let e = serde_json::from_str::<StoryDoc>(r#"{"title": "T", "kind": "epic"}"#).unwrap_err();
        assert!(e.to_string().contains("'epic' is not one of story, bug, task, spike"), "{e}");
    }

    #[test]
    fn dates_and_quarters_read_back_what_they_write() {
        let s: SprintDoc =
            serde_json::from_str(r#"{"name": "S", "start": "2027-01-04", "end": "2027-01-17"}"#).unwrap();
        assert_eq!(s.start.unwrap().to_text(), "2027-01-04");
        assert_eq!(s.state, SprintState::Planned);
        let e = serde_json::from_str::<EpicDoc>(r#"{"title": "E", "quarter": "soon"}"#).unwrap_err();
        assert!(e.to_string().contains("is not a quarter like 2027-Q1"), "{e}");
        let t = NaiveDateTime::from_text("2027-01-04T09:30:00").unwrap();
        assert_eq!(t.to_text(), "2027-01-04T09:30:00");
        assert!(NaiveDate::from_text("2027-13-01").is_err());
    }
}
