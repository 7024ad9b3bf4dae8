//! Budgets and expenses: setting them, and each budget against what was
//! spent and what the remaining work will likely cost (P50/P85 from the
//! forecast's trials), with the estimate at completion and a shortfall in
//! words.

use super::*;
use crate::domain::capacity::{round_div, working_days};
use crate::domain::cost::{self, BudgetStatus, CostRange};
use crate::domain::forecast as mc;
use crate::domain::money::{Currency, Money};
use crate::store::TeamReads;
use chrono::NaiveDate;

/// What a budget is set on, as the user names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BudgetTarget {
    /// The whole board.
    Board,
    /// An objective, by title.
    Objective(String),
    /// An epic, by key.
    Epic(String),
}

fn scope_of(r: &impl Reads, target: &BudgetTarget) -> Result<(BudgetScope, String)> {
    Ok(match target {
        BudgetTarget::Board => (BudgetScope::Board, "the board".to_string()),
        BudgetTarget::Objective(title) => {
            let o = r
                .objectives()?
                .into_iter()
                .find(|o| o.title.eq_ignore_ascii_case(title.trim()))
                .ok_or_else(|| Error::NotFound(format!("there is no objective titled \"{}\"", title.trim())))?;
            (BudgetScope::Objective(o.id), format!("objective \"{}\"", o.title))
        }
        BudgetTarget::Epic(key) => {
            let e = find_epic(r, key)?;
            (BudgetScope::Epic(e.id), format!("epic {}", e.key))
        }
    })
}

/// Sets (or replaces) the budget of a scope; `amount` is typed text, read
/// in the board's currency (another currency is refused).
pub fn set_budget(
    store: &mut Store,
    settings: &Settings,
    target: BudgetTarget,
    amount: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Done> {
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return refuse(format!("the budget's last day {t} is before its first {f}"));
    }
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = board_currency(r, settings);
        let _ = scope_of(r, &target);
    })?;
    let currency = board_currency(&tx, settings)?;
    let amount = Money::parse(amount, &currency).map_err(Error::Refused)?;
    let (scope, words) = scope_of(&tx, &target)?;
    tx.set_budget(&Budget { id: 0, scope, amount, currency: currency.code.clone(), from, to, note: String::new() })?;
    let message = format!("Budget of {words}: {}", amount.format(&currency));
    tx.commit(&message)?;
    Ok(Done { message })
}

/// What an expense is, as typed.
#[derive(Clone, Debug, Default)]
pub struct ExpenseDraft {
    /// The amount, as typed.
    pub amount: String,
    /// Its category.
    pub category: String,
    /// When (default today).
    pub date: Option<NaiveDate>,
    /// The epic's key.
    pub epic: Option<String>,
    /// The sprint's name.
    pub sprint: Option<String>,
    /// A note.
    pub note: String,
}

/// Records an expense in the board's currency.
pub fn add_expense(store: &mut Store, settings: &Settings, draft: ExpenseDraft) -> Result<Done> {
    let today = store.today();
    let category = draft.category.trim().to_string();
    if category.is_empty() {
        return refuse("an expense needs a category, like licences");
    }
    text::check_length("the category", &category).map_err(Error::Refused)?;
    text::check_length("the note", &draft.note).map_err(Error::Refused)?;
    let mut tx = store.write()?;
    // Everything the form reads, and the number its message names, in one
    // round trip: the expense then goes with the commit.
    tx.read_ahead(|r| {
        let _ = board_currency(r, settings);
        if let Some(k) = &draft.epic {
            let _ = r.epic_by_key(k);
        }
        if let Some(n) = &draft.sprint {
            let _ = r.sprint_by_name(n);
        }
        let _ = r.next_id(store::Table::Expense);
    })?;
    let currency = board_currency(&tx, settings)?;
    let amount = Money::parse(&draft.amount, &currency).map_err(Error::Refused)?;
    let epic = draft.epic.as_deref().map(|k| find_epic(&tx, k)).transpose()?;
    let sprint = draft.sprint.as_deref().map(|n| find_sprint(&tx, n)).transpose()?;
    let id = tx.next_id(store::Table::Expense)?;
    let date = draft.date.or(sprint.as_ref().map(|s| s.fields.start.max(today).min(s.fields.end))).unwrap_or(today);
    let e = Expense {
        id,
        date,
        amount,
        category: category.clone(),
        note: draft.note,
        epic: epic.as_ref().map(|e| e.id),
        sprint: sprint.as_ref().map(|s| s.id),
    };
    tx.insert_expense_as(&e)?;
    let mut message = format!("Expense #{id}: {} for {category} on {date}", amount.format(&currency));
    if let Some(e) = &epic {
        message.push_str(&format!(" · {}", e.key));
    }
    if let Some(s) = &sprint {
        message.push_str(&format!(" · {}", s.fields.name));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// One budget against spending and the forecast, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetLine {
    /// The budget.
    pub budget: Budget,
    /// Its scope in words: `board`, `objective "Grow"`, `epic E-3`.
    pub scope: String,
    /// Spent, remaining, left, EAC.
    pub status: BudgetStatus,
    /// The shortfall in words, when the work at P85 costs more than the budget.
    pub shortfall: Option<String>,
}

/// Every budget, with the board's currency and cost per point.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetReport {
    /// The board's currency.
    pub currency: Currency,
    /// Cost per point over the velocity window, if sprints recorded cost.
    pub cost_per_point: Option<Money>,
    /// Each budget: the board's, objectives', epics'.
    pub lines: Vec<BudgetLine>,
}

fn in_window(b: &Budget, d: NaiveDate) -> bool {
    b.from.is_none_or(|f| f <= d) && b.to.is_none_or(|t| d <= t)
}

/// Every budget against what was spent and what the rest will likely cost.
pub fn budget_report(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<BudgetReport> {
    let currency = board_currency(r, settings)?;
    let data = TeamData::read(r)?;
    let sprints = r.sprints()?;
    let records = r.velocity_records()?;
    let history = costed_history(r)?;
    let sprint_costs: Vec<cost::SprintCost> =
        history.iter().map(|(completed, cost)| cost::SprintCost { completed: *completed, cost: *cost }).collect();
    let cost_per_point =
        cost::cost_per_point(&sprint_costs, settings.velocity_window).filter(|_| history.iter().any(|(_, c)| c.0 > 0));
    let budgets = r.budgets()?;
    if budgets.is_empty() {
        return Ok(BudgetReport { currency, cost_per_point, lines: Vec::new() });
    }
    let f = forecast(r, settings, today)?;
    let open = r.open_sprints()?;
    let last_number = r.sprint_extent()?.0;
    let sprint_name = |k: usize| future_sprint_name(&open, last_number, k.max(1));
    let epics = r.epics()?;
    let by_epic = r.done_by_sprint_and_epic()?;
    let mut lines = Vec::new();
    for b in budgets {
        // Spent: labour of closed sprints (their share, for an epic), the
        // active sprint's days so far, and expenses to date.
        let epic_ids: Vec<EpicId> = match b.scope {
            BudgetScope::Board => Vec::new(),
            BudgetScope::Epic(e) => vec![e],
            BudgetScope::Objective(o) => epics.iter().filter(|e| e.fields.objective == Some(o)).map(|e| e.id).collect(),
        };
        let mut spent = Money::ZERO;
        for v in &records {
            if !in_window(&b, v.sprint.fields.end) {
                continue;
            }
            let labour = data.labour_of(&v.sprint);
            spent = spent.saturating_add(match b.scope {
                BudgetScope::Board => labour,
                _ => {
                    let done: i64 = by_epic
                        .iter()
                        .filter(|(s, e, _)| *s == v.sprint.id && epic_ids.contains(e))
                        .map(|(_, _, p)| p.hundredths())
                        .sum();
                    let all = v.record.completed.hundredths();
                    if all > 0 {
                        Money(round_div(i128::from(labour.0) * i128::from(done), i128::from(all)))
                    } else {
                        Money::ZERO
                    }
                }
            });
        }
        if b.scope == BudgetScope::Board
            && let Some(active) = sprints.iter().find(|s| s.fields.state == SprintState::Active)
        {
            let until = today.pred_opt().unwrap_or(today).min(active.fields.end);
            if until >= active.fields.start && working_days(active.fields.start, until).count() > 0 {
                spent = spent.saturating_add(data.over(active.fields.start, until).labour);
            }
        }
        for e in data.expenses.iter().filter(|e| e.date <= today && in_window(&b, e.date)) {
            let counts = match b.scope {
                BudgetScope::Board => true,
                _ => e.epic.is_some_and(|id| epic_ids.contains(&id)),
            };
            if counts {
                spent = spent.saturating_add(e.amount);
            }
        }
        // Remaining: the forecast's trials, for the epics; the whole board's
        // remaining points for the board.
        let (remaining, finishes, finishes_at) = match b.scope {
            BudgetScope::Board => {
                let t = mc::monte_carlo_costed(&history, &[f.remaining], mc::TRIALS_FOR_BUDGET, mc::SEED)
                    .filter(|_| cost_per_point.is_some());
                let finishes = t.as_ref().map(|t| ("the remaining work".to_string(), sprint_name(t[0].0.p85)));
                (t.as_ref().map(|t| t[0].1), finishes, t.map(|t| t[0].0.p85))
            }
            _ => {
                let mine: Vec<&EpicForecast> = f.epics.iter().filter(|e| epic_ids.contains(&e.epic.id)).collect();
                let costs: Option<Vec<CostRange>> =
                    mine.iter().filter(|e| e.finish.is_some()).map(|e| e.cost).collect();
                let remaining = costs.map(|c| c.into_iter().fold(CostRange::default(), |a, b| a + b));
                let last = mine.iter().filter_map(|e| e.finish.map(|x| (x.p85, e))).max_by_key(|(k, _)| *k);
                let finishes = last.map(|(k, e)| (e.epic.key.clone(), sprint_name(k)));
                let all_done = mine.iter().all(|e| e.outlook == Outlook::Done);
                let remaining =
                    if all_done { Some(CostRange::default()) } else { remaining.filter(|_| cost_per_point.is_some()) };
                (remaining, finishes, last.map(|(k, _)| k))
            }
        };
        let status = BudgetStatus { amount: b.amount, spent, remaining };
        let left = b.amount.0.saturating_sub(spent.0);
        let runs_out = match (b.scope, remaining, &finishes_at) {
            (BudgetScope::Board, _, _) => runs_out_in(&data, &sprints, &open, &history, settings, today, left),
            // An epic's or objective's work is spread over the sprints it
            // needs: its P85 cost, spent evenly until its P85 sprint.
            (_, Some(r), Some(k)) if left > 0 && r.p85.0 > 0 && *k > 0 => {
                let per_sprint = (r.p85.0 / *k as i64).max(1);
                let n = (left / per_sprint + 1) as usize;
                (n <= *k).then_some(n)
            }
            _ => None,
        }
        .map(sprint_name);
        let shortfall = cost::shortfall_words(
            &status,
            runs_out.as_deref(),
            finishes.as_ref().map(|(w, s)| (w.as_str(), s.as_str())),
            &currency,
        );
        let scope = match b.scope {
            BudgetScope::Board => "board".to_string(),
            BudgetScope::Epic(id) => {
                format!("epic {}", epics.iter().find(|e| e.id == id).map_or("?", |e| e.key.as_str()))
            }
            BudgetScope::Objective(id) => {
                let title = r.objectives()?.into_iter().find(|o| o.id == id).map(|o| o.title).unwrap_or_default();
                format!("objective \"{title}\"")
            }
        };
        lines.push(BudgetLine { budget: b, scope, status, shortfall });
    }
    Ok(BudgetReport { currency, cost_per_point, lines })
}

/// The future sprint (1 = the active or first open one) in which spending
/// passes what is left of a budget: open sprints at their planned cost,
/// then sprints at the window's mean cost. `None` when it never does
/// within the forecast's horizon, or nothing is left already (said apart).
fn runs_out_in(
    data: &TeamData,
    sprints: &[Sprint],
    open: &[Sprint],
    history: &[(Points, Money)],
    settings: &Settings,
    today: NaiveDate,
    left: i64,
) -> Option<usize> {
    if left <= 0 {
        return None;
    }
    let recent: Vec<i64> = history.iter().rev().take(settings.velocity_window.max(1)).map(|(_, c)| c.0).collect();
    let mean = if recent.is_empty() { 0 } else { recent.iter().sum::<i64>() / recent.len() as i64 };
    let mut spent = 0i64;
    for k in 1..=mc::MAX_SPRINTS {
        let cost = match open.get(k - 1) {
            Some(s) if s.fields.state == SprintState::Active => {
                let from = today.max(s.fields.start);
                if from > s.fields.end { 0 } else { data.over(from, s.fields.end).labour.0 }
            }
            Some(s) => data.over(s.fields.start, s.fields.end).labour.0 + data.expenses_in(s, sprints).0,
            None => mean,
        };
        if cost <= 0 && k > open.len() {
            return None;
        }
        spent = spent.saturating_add(cost);
        if spent > left {
            return Some(k);
        }
    }
    None
}
