//! The fields operations write: what a form or a file gives for a story,
//! sprint, epic or risk.

use crate::domain::*;

/// A story to create. `key: None` takes the board's next key.
#[derive(Clone, Debug, Default)]
pub struct NewStory {
    /// Key to keep (imports); `None` = next `PREFIX-N`.
    pub key: Option<String>,
    /// The editable fields.
    pub row: StoryRow,
    /// Backlog or a sprint.
    pub place: Option<SprintId>,
    /// Timestamps to keep (imports); `None` = now.
    pub created: Option<chrono::NaiveDateTime>,
}

/// The editable fields of a story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryRow {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Acceptance criteria.
    pub acceptance: String,
    /// Kind.
    pub kind: Option<Kind>,
    /// Estimate.
    pub points: Option<Points>,
    /// Epic.
    pub epic: Option<EpicId>,
    /// Status.
    pub status: Option<Status>,
    /// Assignee.
    pub assignee: String,
    /// Labels.
    pub labels: Vec<String>,
    /// When work started.
    pub started: Option<chrono::NaiveDateTime>,
    /// When it was done.
    pub done: Option<chrono::NaiveDateTime>,
}

impl StoryRow {
    /// The editable fields of an existing story.
    pub fn of(s: &Story) -> StoryRow {
        StoryRow {
            title: s.title.clone(),
            description: s.description.clone(),
            acceptance: s.acceptance.clone(),
            kind: Some(s.kind),
            points: s.points,
            epic: s.epic,
            status: Some(s.status),
            assignee: s.assignee.clone(),
            labels: s.labels.clone(),
            started: s.started,
            done: s.done,
        }
    }
}

impl StoryRow {
    /// Applies to `self` the fields in which `edited` differs from `shown`:
    /// what a form changed, leaving what someone else changed meanwhile.
    pub fn apply_edits(&mut self, shown: &StoryRow, edited: &StoryRow) {
        macro_rules! take {
            ($($f:ident),*) => {$(if edited.$f != shown.$f { self.$f = edited.$f.clone(); })*};
        }
        take!(title, description, acceptance, kind, points, epic, status, assignee, labels, started, done);
    }

    /// The fields that both `edited` (against `shown`) and `self` (the story
    /// as it now is, against `shown`) changed, to different values: a form
    /// saved now would overwrite someone else's change to them.
    pub fn clashes(&self, shown: &StoryRow, edited: &StoryRow) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! check {
            ($($f:ident => $name:literal),*) => {$(
                if edited.$f != shown.$f && self.$f != shown.$f && self.$f != edited.$f { out.push($name); }
            )*};
        }
        check!(title => "title", description => "description", acceptance => "acceptance criteria", kind => "kind",
            points => "points", epic => "epic", status => "status", assignee => "assignee", labels => "labels");
        out
    }
}

/// The fields of a sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintRow {
    /// Number.
    pub number: i64,
    /// Name.
    pub name: String,
    /// Goal.
    pub goal: String,
    /// First day.
    pub start: chrono::NaiveDate,
    /// Last day.
    pub end: chrono::NaiveDate,
    /// Capacity.
    pub capacity: Option<Points>,
    /// State.
    pub state: SprintState,
    /// Committed points at start.
    pub committed: Option<Points>,
}

impl SprintRow {
    /// The fields of an existing sprint.
    pub fn of(s: &Sprint) -> SprintRow {
        SprintRow {
            number: s.number,
            name: s.name.clone(),
            goal: s.goal.clone(),
            start: s.start,
            end: s.end,
            capacity: s.capacity,
            state: s.state,
            committed: s.committed,
        }
    }
}

/// The fields of an epic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpicRow {
    /// Key; `None` on create = next `E-N`.
    pub key: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Objective served.
    pub objective: Option<ObjectiveId>,
    /// Target quarter.
    pub quarter: Option<Quarter>,
    /// Colour.
    pub colour: Option<String>,
}

/// The fields of a risk.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskRow {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// 1–5.
    pub probability: u8,
    /// 1–5.
    pub impact: u8,
    /// Response.
    pub response: String,
    /// Owner.
    pub owner: String,
    /// Status.
    pub status: RiskStatus,
    /// Epic.
    pub epic: Option<EpicId>,
}

impl RiskRow {
    /// The fields of an existing risk.
    pub fn of(r: &Risk) -> RiskRow {
        RiskRow {
            title: r.title.clone(),
            description: r.description.clone(),
            probability: r.probability,
            impact: r.impact,
            response: r.response.clone(),
            owner: r.owner.clone(),
            status: r.status,
            epic: r.epic,
        }
    }
}
