//! The team and money records: members, days off, budgets, expenses and
//! dependencies (schema 4).

use super::money::Money;
use super::{EpicId, ObjectiveId, SprintId, StoryId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Row id of a team member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberId(pub i64);
/// Row id of a day off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DayOffId(pub i64);

/// What a member form or `member add|set` gives.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberFields {
    /// Name, unique on the board (case-insensitive).
    pub name: String,
    /// Role, free text (`developer`, `designer`).
    pub role: String,
    /// Hundredths of an hour per working day (800 = 8 h).
    pub hours: i64,
    /// Percent of a working day given to the board's work (0–100).
    pub availability: i64,
    /// What one working day of theirs costs, if known.
    pub day_rate: Option<Money>,
    /// First day on the team; none = always.
    pub active_from: Option<NaiveDate>,
    /// Last day on the team; none = open-ended.
    pub active_to: Option<NaiveDate>,
}

impl Default for MemberFields {
    fn default() -> MemberFields {
        MemberFields {
            name: String::new(),
            role: String::new(),
            hours: 800,
            availability: 100,
            day_rate: None,
            active_from: None,
            active_to: None,
        }
    }
}

/// A team member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Row id.
    pub id: MemberId,
    /// Goes up with every change.
    pub version: i64,
    /// The day they were entered on the board.
    pub added_on: NaiveDate,
    /// What forms and files set.
    pub fields: MemberFields,
}

impl Member {
    /// Whether they are on the team on a day.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.fields.active_from.is_none_or(|f| f <= day) && self.fields.active_to.is_none_or(|t| day <= t)
    }
}

/// A day (or days) off: one member's, or the whole team's.
#[derive(Clone, Debug, PartialEq)]
pub struct DayOff {
    /// Row id.
    pub id: DayOffId,
    /// Whose; `None` = the whole team (a public holiday).
    pub member: Option<MemberId>,
    /// First day.
    pub start: NaiveDate,
    /// Last day (the first for a single day).
    pub end: NaiveDate,
    /// Hundredths of each day taken (100 = whole days, 50 = half days).
    pub fraction: i64,
}

/// What a budget covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BudgetScope {
    /// The whole board.
    Board,
    /// One objective and its epics.
    Objective(ObjectiveId),
    /// One epic.
    Epic(EpicId),
}

impl BudgetScope {
    /// The word stored in SQL and files.
    pub fn word(self) -> &'static str {
        match self {
            BudgetScope::Board => "board",
            BudgetScope::Objective(_) => "objective",
            BudgetScope::Epic(_) => "epic",
        }
    }
}

/// What the product manager may spend on a scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// Row id.
    pub id: i64,
    /// What it covers.
    pub scope: BudgetScope,
    /// How much.
    pub amount: Money,
    /// Its currency's ISO code (the board's).
    pub currency: String,
    /// First day it applies to.
    pub from: Option<NaiveDate>,
    /// Last day it applies to.
    pub to: Option<NaiveDate>,
    /// A note.
    pub note: String,
}

/// A non-labour cost: licences, services, hardware.
#[derive(Clone, Debug, PartialEq)]
pub struct Expense {
    /// Row id.
    pub id: i64,
    /// When it was spent.
    pub date: NaiveDate,
    /// How much.
    pub amount: Money,
    /// What kind of cost (`licences`).
    pub category: String,
    /// A note.
    pub note: String,
    /// The epic it was for, if any.
    pub epic: Option<EpicId>,
    /// The sprint it belongs to, if any (else its date places it).
    pub sprint: Option<SprintId>,
}

/// Story `story` is blocked by story `blocker`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dependency {
    /// Row id.
    pub id: i64,
    /// The story that waits.
    pub story: StoryId,
    /// The story it waits on.
    pub blocker: StoryId,
}
