//! The team and money in the board document (schema 4): members, days
//! off, budgets, expenses, dependencies and what closed sprints froze.
//! Top-level lists of `sprintboard/1`, left out when empty so a board
//! without a team exports as it always did. Items refer to each other by
//! the names users see (member name, epic key, objective title, sprint
//! name, story key); money is minor units of the budgets' currency.

use super::Points;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the document holds of the team and money.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamDoc {
    /// The team, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberDoc>,
    /// Days off, by first day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<DayOffDoc>,
    /// Budgets: the board's, objectives', epics'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budgets: Vec<BudgetDoc>,
    /// Expenses, by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expenses: Vec<ExpenseDoc>,
    /// "Blocked by" links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<DependencyDoc>,
    /// Person-days and labour cost frozen into closed sprints' records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sprint_team: Vec<SprintTeamDoc>,
}

/// A team member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberDoc {
    /// Name, unique on the board.
    pub name: String,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Hours in a working day.
    #[serde(default = "eight")]
    pub hours: Points,
    /// Percent of a working day given to the board (0–100).
    #[serde(default = "hundred")]
    pub availability: i64,
    /// Cost of a working day, minor units.
    #[serde(default)]
    pub day_rate: Option<i64>,
    /// First day on the team.
    #[serde(default)]
    pub active_from: Option<NaiveDate>,
    /// Last day on the team.
    #[serde(default)]
    pub active_to: Option<NaiveDate>,
    /// The day they were entered.
    #[serde(default)]
    pub added_on: Option<NaiveDate>,
}

fn eight() -> Points {
    Points::whole(8)
}
fn hundred() -> i64 {
    100
}
fn one() -> Points {
    Points::whole(1)
}

/// A day off (or days): a member's, or the whole team's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayOffDoc {
    /// The member's name; `null` for the whole team.
    #[serde(default)]
    pub member: Option<String>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Fraction of each day (1 = whole days).
    #[serde(default = "one")]
    pub fraction: Points,
}

/// A budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetDoc {
    /// `board`, `objective` or `epic`.
    pub scope: String,
    /// The objective's title or the epic's key (`null` for the board).
    #[serde(default)]
    pub target: Option<String>,
    /// Minor units.
    pub amount: i64,
    /// ISO code.
    pub currency: String,
    /// First day it covers.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day it covers.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// A note.
    #[serde(default)]
    pub note: String,
}

/// An expense.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpenseDoc {
    /// When.
    pub date: NaiveDate,
    /// Minor units.
    pub amount: i64,
    /// What kind of cost.
    pub category: String,
    /// A note.
    #[serde(default)]
    pub note: String,
    /// The epic's key.
    #[serde(default)]
    pub epic: Option<String>,
    /// The sprint's name.
    #[serde(default)]
    pub sprint: Option<String>,
}

/// Story `story` is blocked by story `by`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DependencyDoc {
    /// The story that waits (key).
    pub story: String,
    /// The story it waits on (key).
    pub by: String,
}

/// What a closed sprint froze of its team at close.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SprintTeamDoc {
    /// The sprint's name.
    pub sprint: String,
    /// Available person-days.
    pub person_days: Points,
    /// Labour cost, minor units.
    pub cost: Option<i64>,
}
