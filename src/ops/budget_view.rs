//! What the screens show of the team and the money, prepared in one read
//! each: per sprint the person-days, cost and suggested capacity, the
//! stories flagged as waiting on a blocker (for the sprint headers and
//! cards), and for the Budget screen the team, the days off in words and
//! each budget's burn-up (spend per closed sprint, then the forecast band).

use super::*;
use crate::domain::cost::CostRange;
use crate::domain::forecast as mc;
use crate::domain::money::{Currency, Money};
use crate::store::TeamReads;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The team and dependency facts the board's other screens show.
#[derive(Clone, Debug, Default)]
pub struct TeamView {
    /// The board's currency.
    pub currency: Currency,
    /// Whether the board has members (headers show person-days then).
    pub has_members: bool,
    /// Each sprint's person-days, cost and suggested capacity.
    pub plans: HashMap<SprintId, SprintPlan>,
    /// Stories planned before (or with) a blocker that is not done.
    pub flagged: HashSet<StoryId>,
}

/// Reads what the sprint headers and cards need.
pub fn team_view(r: &impl Reads, settings: &Settings) -> Result<TeamView> {
    let plans = sprint_plans(r, settings)?;
    Ok(TeamView {
        currency: board_currency(r, settings)?,
        has_members: !plans.is_empty(),
        plans: plans.into_iter().map(|p| (p.sprint, p)).collect(),
        flagged: flagged_stories(r)?,
    })
}

/// A story's blockers in words, for the details strip:
/// `SB-3 (todo, Sprint 9)`, `SB-4 (done)`.
pub fn blocker_words(r: &impl Reads, story: StoryId) -> Result<Vec<String>> {
    let blockers: Vec<_> = r.dependencies()?.into_iter().filter(|d| d.story == story).collect();
    if blockers.is_empty() {
        // Read on every reload while a story is focused: most wait on nothing.
        return Ok(Vec::new());
    }
    let sprints: HashMap<SprintId, String> = r.sprints()?.into_iter().map(|s| (s.id, s.fields.name)).collect();
    let mut out = Vec::new();
    for d in blockers {
        let Some(b) = r.card(d.blocker)? else { continue };
        let place = match b.place {
            _ if b.status == Status::Done => String::new(),
            Place::Backlog => ", Backlog".to_string(),
            Place::Sprint(id) => format!(", {}", sprints.get(&id).map_or("a sprint", |n| n.as_str())),
        };
        out.push(format!("{} ({}{place})", b.key, b.status));
    }
    Ok(out)
}

/// A day off with whom it is for, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct DayOffRow {
    /// The entry.
    pub day_off: DayOff,
    /// A member's name, or `whole team`.
    pub who: String,
    /// Working days it covers.
    pub working_days: usize,
}

/// A budget's spend over time against its amount.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetBurnUp {
    /// The budget line.
    pub budget: Money,
    /// Spend so far after each closed sprint in the budget's dates, oldest
    /// first: the sprint's name and the running total.
    pub spent: Vec<(String, Money)>,
    /// Spent to date (closed sprints, the active sprint's days so far and
    /// expenses to today).
    pub now: Money,
    /// Each future sprint until the work is done at P85: its name and the
    /// running total at P50 and at P85.
    pub ahead: Vec<(String, Money, Money)>,
}

/// Everything screen 6 shows.
#[derive(Clone, Debug)]
pub struct BudgetScreen {
    /// The team, by name.
    pub members: Vec<Member>,
    /// Days off, earliest first.
    pub days_off: Vec<DayOffRow>,
    /// Every budget against spent and forecast.
    pub report: BudgetReport,
    /// Each budget's burn-up, in the order of `report.lines`.
    pub burn_ups: Vec<BudgetBurnUp>,
}

/// The longest forecast band drawn: past this the chart says "later".
const MOST_SPRINTS_AHEAD: usize = 52;

fn in_dates(b: &Budget, d: NaiveDate) -> bool {
    b.from.is_none_or(|f| f <= d) && b.to.is_none_or(|t| d <= t)
}

/// Reads screen 6: team, days off, budgets and their burn-ups.
pub fn budget_screen(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<BudgetScreen> {
    let members = r.members()?;
    let names: HashMap<MemberId, String> = members.iter().map(|m| (m.id, m.fields.name.clone())).collect();
    let mut days_off: Vec<DayOffRow> = r
        .days_off()?
        .into_iter()
        .map(|d| DayOffRow {
            who: d.member.map_or("whole team".to_string(), |m| names.get(&m).cloned().unwrap_or_default()),
            working_days: crate::domain::capacity::working_days(d.start, d.end).count(),
            day_off: d,
        })
        .collect();
    days_off.sort_by_key(|d| (d.day_off.start, d.day_off.id));
    let report = budget_report(r, settings, today)?;
    let burn_ups = if report.lines.is_empty() { Vec::new() } else { burn_ups(r, settings, today, &report)? };
    Ok(BudgetScreen { members, days_off, report, burn_ups })
}

fn burn_ups(r: &impl Reads, settings: &Settings, today: NaiveDate, report: &BudgetReport) -> Result<Vec<BudgetBurnUp>> {
    let data = TeamData::read(r)?;
    let records = r.velocity_records()?;
    let by_epic = r.done_by_sprint_and_epic()?;
    let epics = r.epics()?;
    let open = r.open_sprints()?;
    let last_number = r.sprint_extent()?.0;
    let f = forecast(r, settings, today)?;
    let history = costed_history(r)?;
    // The board's whole remaining work, simulated as its budget line is.
    let board_finish = mc::monte_carlo_costed(&history, &[f.remaining], mc::TRIALS_FOR_BUDGET, mc::SEED)
        .and_then(|t| t.first().map(|(finish, _)| *finish));
    let mut out = Vec::new();
    for line in &report.lines {
        let b = &line.budget;
        let ids: Vec<EpicId> = match b.scope {
            BudgetScope::Board => Vec::new(),
            BudgetScope::Epic(e) => vec![e],
            BudgetScope::Objective(o) => epics.iter().filter(|e| e.fields.objective == Some(o)).map(|e| e.id).collect(),
        };
        // The same shares as the budget's "spent": all labour for the
        // board, the share of points done on the scope's epics otherwise.
        let mut total = Money::ZERO;
        let mut spent = Vec::new();
        for v in records.iter().filter(|v| in_dates(b, v.sprint.fields.end)) {
            let labour = data.labour_of(&v.sprint);
            let share = match b.scope {
                BudgetScope::Board => labour,
                _ => {
                    let done: i64 = by_epic
                        .iter()
                        .filter(|(s, e, _)| *s == v.sprint.id && ids.contains(e))
                        .map(|(_, _, p)| p.hundredths())
                        .sum();
                    let all = v.record.completed.hundredths();
                    if all > 0 {
                        Money(crate::domain::capacity::round_div(
                            i128::from(labour.0) * i128::from(done),
                            i128::from(all),
                        ))
                    } else {
                        Money::ZERO
                    }
                }
            };
            let (start, end) = (v.sprint.fields.start, v.sprint.fields.end);
            let expenses = data
                .expenses
                .iter()
                .filter(|e| e.date >= start && e.date <= end && e.date <= today && in_dates(b, e.date))
                .filter(|e| b.scope == BudgetScope::Board || e.epic.is_some_and(|id| ids.contains(&id)))
                .fold(Money::ZERO, |sum, e| sum.saturating_add(e.amount));
            total = total.saturating_add(share).saturating_add(expenses);
            spent.push((v.sprint.fields.name.clone(), total));
        }
        let now = line.status.spent;
        let finish = match b.scope {
            BudgetScope::Board => board_finish,
            _ => f.epics.iter().filter(|e| ids.contains(&e.epic.id)).filter_map(|e| e.finish).fold(
                None,
                |acc: Option<mc::Finish>, x| {
                    Some(acc.map_or(x, |a| mc::Finish { p50: a.p50.max(x.p50), p85: a.p85.max(x.p85) }))
                },
            ),
        };
        let ahead = match (line.status.remaining, finish) {
            (Some(rest), Some(k)) => band(now, rest, k, |i| future_sprint_name(&open, last_number, i)),
            _ => Vec::new(),
        };
        out.push(BudgetBurnUp { budget: b.amount, spent, now, ahead });
    }
    Ok(out)
}

/// The forecast band: the remaining cost at P50 spread evenly over the
/// sprints the work needs at P50, and at P85 over those at P85 (the same
/// even spread the budget's "runs out in" uses).
fn band(now: Money, rest: CostRange, k: mc::Finish, name: impl Fn(usize) -> String) -> Vec<(String, Money, Money)> {
    let (k50, k85) = (k.p50.max(1), k.p85.max(k.p50).max(1));
    let along = |cost: Money, i: usize, n: usize| {
        let part = crate::domain::capacity::round_div(i128::from(cost.0) * i.min(n) as i128, n as i128);
        now.saturating_add(Money(part))
    };
    if rest.p85.0 <= 0 && rest.p50.0 <= 0 {
        return Vec::new();
    }
    (1..=k85.min(MOST_SPRINTS_AHEAD)).map(|i| (name(i), along(rest.p50, i, k50), along(rest.p85, i, k85))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_spreads_the_remaining_cost_evenly_to_each_finish() {
        // €1,000 spent; €600 more at P50 over 2 sprints, €900 at P85 over 3:
        // P50 1,300 → 1,600 → 1,600; P85 1,300 → 1,600 → 1,900.
        let rest = CostRange { p50: Money(60_000), p85: Money(90_000) };
        let b = band(Money(100_000), rest, mc::Finish { p50: 2, p85: 3 }, |i| format!("S{i}"));
        let totals: Vec<(i64, i64)> = b.iter().map(|(_, a, c)| (a.0, c.0)).collect();
        assert_eq!(totals, vec![(130_000, 130_000), (160_000, 160_000), (160_000, 190_000)]);
        assert_eq!(b[2].0, "S3");
        assert!(band(Money(5), CostRange::default(), mc::Finish { p50: 1, p85: 1 }, |_| String::new()).is_empty());
    }
}
