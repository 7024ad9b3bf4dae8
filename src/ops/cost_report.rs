//! Cost as the screens draw it: each sprint's cost and cost per point (the
//! Reports screen), and the burn-up of spend against the board's budget
//! with the forecast band (screen 6). Prepared values; no view needs SQL.

use super::*;
use crate::domain::capacity::round_div;
use crate::domain::money::{Currency, Money};
use chrono::NaiveDate;

/// One sprint's cost.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintCostLine {
    /// The sprint.
    pub sprint: SprintId,
    /// Its name.
    pub name: String,
    /// Its state.
    pub state: SprintState,
    /// Available person-days (hundredths; frozen for closed sprints).
    pub person_days: i64,
    /// Labour.
    pub labour: Money,
    /// Expenses placed in it.
    pub expenses: Money,
    /// Labour + expenses.
    pub cost: Money,
    /// Points completed (closed sprints).
    pub completed: Option<Points>,
    /// Its own cost per completed point (closed sprints that completed some).
    pub per_point: Option<Money>,
}

/// Every sprint's cost, and cost per point over the velocity window.
#[derive(Clone, Debug, PartialEq)]
pub struct CostReport {
    /// The board's currency, to format with.
    pub currency: Currency,
    /// Each sprint, in order (empty without members or expenses).
    pub sprints: Vec<SprintCostLine>,
    /// Over the last N closed sprints.
    pub cost_per_point: Option<Money>,
}

/// Each sprint's cost for the Reports screen.
pub fn cost_report(r: &impl Reads, settings: &Settings) -> Result<CostReport> {
    let currency = board_currency(r, settings)?;
    let data = TeamData::read(r)?;
    if data.members.is_empty() && data.expenses.is_empty() {
        return Ok(CostReport { currency, sprints: Vec::new(), cost_per_point: None });
    }
    let completed: std::collections::HashMap<SprintId, Points> =
        r.velocity_records()?.into_iter().map(|v| (v.sprint.id, v.record.completed)).collect();
    let sprints = r.sprints()?;
    let mut lines = Vec::new();
    for s in &sprints {
        let labour = data.labour_of(s);
        let expenses = data.expenses_in(s, &sprints);
        let cost = labour.saturating_add(expenses);
        let done = completed.get(&s.id).copied();
        let per_point = done
            .filter(|p| p.hundredths() > 0)
            .map(|p| Money(round_div(i128::from(cost.0) * 100, i128::from(p.hundredths()))));
        let person_days = match data.frozen.get(&s.id).and_then(|f| f.person_days) {
            Some(pd) => pd,
            None => data.over(s.fields.start, s.fields.end).person_days,
        };
        lines.push(SprintCostLine {
            sprint: s.id,
            name: s.fields.name.clone(),
            state: s.fields.state,
            person_days,
            labour,
            expenses,
            cost,
            completed: done,
            per_point,
        });
    }
    let closed: Vec<crate::domain::cost::SprintCost> = lines
        .iter()
        .filter_map(|l| l.completed.map(|c| crate::domain::cost::SprintCost { completed: c, cost: l.cost }))
        .collect();
    let cost_per_point = crate::domain::cost::cost_per_point(&closed, settings.velocity_window);
    Ok(CostReport { currency, sprints: lines, cost_per_point })
}

/// One point of the burn-up: cumulative spend at a sprint's end.
#[derive(Clone, Debug, PartialEq)]
pub struct BurnPoint {
    /// The sprint's name (recorded, or a future one's).
    pub name: String,
    /// Its end date.
    pub end: NaiveDate,
    /// Spent by then (recorded sprints), or the band's P50 (future ones).
    pub p50: Money,
    /// The same, or the band's P85 (future ones).
    pub p85: Money,
    /// Whether this is a future sprint (the forecast band).
    pub forecast: bool,
}

/// Spend against the board's budget: what closed sprints spent, then the
/// forecast band to the finish (P50 reaching the estimate at completion in
/// the P50 sprint, P85 its P85 cost in the P85 sprint, spent evenly).
#[derive(Clone, Debug, PartialEq)]
pub struct BurnUp {
    /// The board's budget, the line the chart draws across.
    pub budget: Option<Money>,
    /// The points, in time order.
    pub points: Vec<BurnPoint>,
}

/// The burn-up of the board's spend, for screen 6.
pub fn burn_up(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<BurnUp> {
    let costs = cost_report(r, settings)?;
    let report = budget_report(r, settings, today)?;
    let board = report.lines.iter().find(|l| l.budget.scope == BudgetScope::Board);
    let mut points = Vec::new();
    let mut spent = Money::ZERO;
    let sprints = r.sprints()?;
    for line in costs.sprints.iter().filter(|l| l.state == SprintState::Closed) {
        spent = spent.saturating_add(line.cost);
        let end = sprints.iter().find(|s| s.id == line.sprint).map_or(today, |s| s.fields.end);
        points.push(BurnPoint { name: line.name.clone(), end, p50: spent, p85: spent, forecast: false });
    }
    let f = forecast(r, settings, today)?;
    let history = costed_history(r)?;
    let trials = crate::domain::forecast::monte_carlo_costed(
        &history,
        &[f.remaining],
        crate::domain::forecast::TRIALS_FOR_BUDGET,
        crate::domain::forecast::SEED,
    );
    if let Some(t) = trials.filter(|_| history.iter().any(|(_, c)| c.0 > 0)) {
        let (finish, cost) = t[0];
        let (base, open, last_number) = (future_base(r, today)?, r.open_sprints()?, r.sprint_extent()?.0);
        let along = |k: usize, of: usize, total: Money| {
            if of == 0 { total } else { Money(round_div(i128::from(total.0) * k.min(of) as i128, of as i128)) }
        };
        for k in 1..=finish.p85 {
            points.push(BurnPoint {
                name: future_sprint_name(&open, last_number, k),
                end: sprint_end(&open, k, settings.sprint_days, base),
                p50: spent.saturating_add(along(k, finish.p50, cost.p50)),
                p85: spent.saturating_add(along(k, finish.p85, cost.p85)),
                forecast: true,
            });
        }
    }
    Ok(BurnUp { budget: board.map(|l| l.budget.amount), points })
}
