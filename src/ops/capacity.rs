//! Capacity and cost per sprint, prepared for the screens and the command
//! line: each sprint's person-days, suggested capacity (SPEC §1) and cost
//! (labour + expenses), read once from the team, its days off and the
//! expenses. Closed sprints show what was frozen at their close.

use super::*;
use crate::domain::capacity::{self, SprintTeam};
use crate::domain::money::Money;
use crate::store::{Frozen, TeamReads};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the team brings to one sprint and what it costs, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintPlan {
    /// The sprint.
    pub sprint: SprintId,
    /// Its name.
    pub name: String,
    /// Person-days, away members and labour, from the team and days off
    /// (for a closed sprint with frozen numbers: those numbers).
    pub team: SprintTeam,
    /// Whether `team.person_days` and `team.labour` are the ones frozen at close.
    pub frozen: bool,
    /// Expenses placed in it (its own, or dated within it).
    pub expenses: Money,
    /// Labour + expenses.
    pub cost: Money,
    /// Suggested capacity in points, for a sprint not yet closed.
    pub suggested: Option<Points>,
    /// Why, in words: "3 of 5 away for up to 4 days: 31 person-days of 50 → about 12 pts".
    pub reason: String,
}

/// The team, its days off and the expenses, read once for many sprints.
pub struct TeamData {
    /// The members.
    pub members: Vec<Member>,
    /// Every day off.
    pub days_off: Vec<DayOff>,
    /// Every expense.
    pub expenses: Vec<Expense>,
    /// What closed sprints froze.
    pub frozen: HashMap<SprintId, Frozen>,
}

impl TeamData {
    /// Reads them.
    pub fn read(r: &impl Reads) -> Result<TeamData> {
        Ok(TeamData {
            members: r.members()?,
            days_off: r.days_off()?,
            expenses: r.expenses()?,
            frozen: r.frozen_team()?,
        })
    }

    /// Reads them when the board has a team; one query when it has none
    /// (on a server every query is a round trip, and most boards have none).
    pub fn read_if_team(r: &impl Reads) -> Result<Option<TeamData>> {
        let members = r.members()?;
        if members.is_empty() {
            return Ok(None);
        }
        Ok(Some(TeamData { members, days_off: r.days_off()?, expenses: r.expenses()?, frozen: r.frozen_team()? }))
    }

    /// The team over some dates, as the members and days off say now.
    pub fn over(&self, start: NaiveDate, end: NaiveDate) -> SprintTeam {
        capacity::sprint_team(&self.members, &self.days_off, start, end)
    }

    /// The team of a sprint: frozen numbers for a sprint closed with them.
    fn of(&self, s: &Sprint) -> (SprintTeam, bool) {
        let mut team = self.over(s.fields.start, s.fields.end);
        match self.frozen.get(&s.id) {
            Some(Frozen { person_days: Some(pd), cost, .. }) => {
                team.person_days = *pd;
                team.labour = cost.unwrap_or_default();
                (team, true)
            }
            _ => (team, false),
        }
    }

    /// A sprint's labour cost: frozen at its close, else from the team now.
    pub fn labour_of(&self, s: &Sprint) -> Money {
        self.of(s).0.labour
    }

    /// The expenses a sprint carries: its own, and those dated within it
    /// that name no sprint (placed in the first sprint whose dates hold them).
    pub fn expenses_in(&self, s: &Sprint, sprints: &[Sprint]) -> Money {
        self.expenses
            .iter()
            .filter(|e| match e.sprint {
                Some(id) => id == s.id,
                None => {
                    sprints.iter().find(|o| o.fields.start <= e.date && e.date <= o.fields.end).map(|o| o.id)
                        == Some(s.id)
                }
            })
            .fold(Money::ZERO, |sum, e| sum.saturating_add(e.amount))
    }

    /// Person-days of each closed sprint of the velocity window: frozen,
    /// or (closed before the team was entered) as the team would have had.
    fn window_person_days(&self, closed: &[&Sprint]) -> Vec<i64> {
        closed.iter().map(|s| self.of(s).0.person_days).collect()
    }
}

/// The closed sprints of the velocity window, oldest first.
fn window<'a>(sprints: &'a [Sprint], records: &[SprintId], settings: &Settings) -> Vec<&'a Sprint> {
    let closed: Vec<&Sprint> = sprints.iter().filter(|s| records.contains(&s.id)).collect();
    let skip = closed.len().saturating_sub(settings.velocity_window.max(1));
    closed[skip..].to_vec()
}

/// Every sprint's plan, in sprint order; empty when the board has no members.
pub fn sprint_plans(r: &impl Reads, settings: &Settings) -> Result<Vec<SprintPlan>> {
    let Some(data) = TeamData::read_if_team(r)? else { return Ok(Vec::new()) };
    let sprints = r.sprints()?;
    let records: Vec<SprintId> = r.velocity_records()?.iter().map(|v| v.sprint.id).collect();
    let average = average_velocity(r, settings)?;
    let window_days = data.window_person_days(&window(&sprints, &records, settings));
    Ok(sprints.iter().map(|s| plan_of(&data, s, &sprints, average, &window_days)).collect())
}

fn plan_of(data: &TeamData, s: &Sprint, sprints: &[Sprint], average: Option<Points>, window: &[i64]) -> SprintPlan {
    let (team, frozen) = data.of(s);
    let expenses = data.expenses_in(s, sprints);
    let suggested = match s.fields.state {
        SprintState::Closed => None,
        _ => capacity::suggested_capacity(average, team.person_days, window),
    };
    let reason = capacity::reason(&team, suggested);
    SprintPlan {
        sprint: s.id,
        name: s.fields.name.clone(),
        cost: team.labour.saturating_add(expenses),
        team,
        frozen,
        expenses,
        suggested,
        reason,
    }
}

/// One sprint's plan (the start dialog's sentence is its `reason`);
/// `None` when the board has no members.
pub fn sprint_plan(r: &impl Reads, settings: &Settings, id: SprintId) -> Result<Option<SprintPlan>> {
    Ok(sprint_plans(r, settings)?.into_iter().find(|p| p.sprint == id))
}

/// The suggested capacity of a sprint planned over these dates, when the
/// board has members and a velocity window with person-days.
pub fn suggested_capacity_over(
    r: &impl Reads,
    settings: &Settings,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Option<Points>> {
    let Some(data) = TeamData::read_if_team(r)? else { return Ok(None) };
    let sprints = r.sprints()?;
    let records = r.velocity_records()?;
    let completed: Vec<Points> = records.iter().map(|v| v.record.completed).collect();
    let average = velocity::average(&completed, settings.velocity_window);
    let ids: Vec<SprintId> = records.iter().map(|v| v.sprint.id).collect();
    let window_days = data.window_person_days(&window(&sprints, &ids, settings));
    Ok(capacity::suggested_capacity(average, data.over(start, end).person_days, &window_days))
}

/// What a sprint closing now freezes: its person-days and labour cost,
/// when the board has members.
pub(super) fn team_at_close(r: &impl Reads, sprint: &Sprint) -> Result<Option<(i64, Money)>> {
    let Some(data) = TeamData::read_if_team(r)? else { return Ok(None) };
    let team = data.over(sprint.fields.start, sprint.fields.end);
    Ok(Some((team.person_days, team.labour)))
}

/// Every closed sprint with a velocity record, in order: what it completed
/// and what it cost (labour frozen at close, or as the team would have had
/// for sprints closed before it was entered; plus its expenses).
pub fn costed_history(r: &impl Reads) -> Result<Vec<(Points, Money)>> {
    let data = TeamData::read(r)?;
    let records = r.velocity_records()?;
    if data.members.is_empty() && data.expenses.is_empty() {
        return Ok(records.iter().map(|v| (v.record.completed, Money::ZERO)).collect());
    }
    let sprints = r.sprints()?;
    Ok(records
        .iter()
        .map(|v| {
            let (team, _) = data.of(&v.sprint);
            (v.record.completed, team.labour.saturating_add(data.expenses_in(&v.sprint, &sprints)))
        })
        .collect())
}
