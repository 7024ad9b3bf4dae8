//! `budget` and `expense` (SPEC §4): budgets against spending and the
//! forecast, and the non-labour costs.

use super::context::{Context, Failure, parse_date};
use super::output::{Align, Table, terminal_width, write_json};
use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;
use sprintboard::ops;
use sprintboard::store::{Reads, TeamReads};
use std::io::Write;

/// `budget [--json]` or `budget set …`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BudgetArgs {
    /// Set a budget
    #[command(subcommand)]
    pub command: Option<BudgetCommand>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `budget set`.
#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Set (or replace) the budget of the board, an objective or an epic
    Set(BudgetSetArgs),
}

/// `budget set (--board | --objective TITLE | --epic KEY) AMOUNT`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("scope").required(true).multiple(false)))]
pub struct BudgetSetArgs {
    /// The whole board
    #[arg(long, group = "scope")]
    pub board: bool,
    /// An objective, by title
    #[arg(long, value_name = "TITLE", group = "scope")]
    pub objective: Option<String>,
    /// An epic, by key
    #[arg(long, value_name = "KEY", group = "scope")]
    pub epic: Option<String>,
    /// The amount in the board's currency, e.g. 120,000 or €120000
    #[arg(allow_hyphen_values = true)]
    pub amount: String,
    /// First day it covers, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day it covers, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

/// `expense …`.
#[derive(Debug, Subcommand)]
pub enum ExpenseCommand {
    /// Record a non-labour cost
    Add(ExpenseArgs),
    /// List the expenses
    List(super::JsonFlag),
}

/// `expense add`.
#[derive(Debug, Args)]
pub struct ExpenseArgs {
    /// The amount in the board's currency
    #[arg(allow_hyphen_values = true)]
    pub amount: String,
    /// What kind of cost, e.g. licences
    #[arg(long, value_name = "C")]
    pub category: String,
    /// When it was spent, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The epic it was for
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// The sprint it belongs to
    #[arg(long, value_name = "NAME")]
    pub sprint: Option<String>,
    /// A note
    #[arg(long, value_name = "N")]
    pub note: Option<String>,
}

/// One budget in `budget --json`: a stable format; money in minor units.
#[derive(Serialize)]
struct BudgetJson {
    scope: &'static str,
    /// The objective's title or the epic's key; null for the board.
    target: Option<String>,
    amount: i64,
    spent: i64,
    left_p50: Option<i64>,
    left_p85: Option<i64>,
    eac: Option<i64>,
    currency: String,
    from: Option<String>,
    to: Option<String>,
    shortfall: Option<String>,
}

/// `budget --json`.
#[derive(Serialize)]
struct BudgetsJson {
    currency: String,
    cost_per_point: Option<i64>,
    budgets: Vec<BudgetJson>,
}

/// `budget`, `budget --json` and `budget set`.
pub fn budget(ctx: &Context, a: BudgetArgs, out: &mut dyn Write) -> Result<(), Failure> {
    if let Some(BudgetCommand::Set(s)) = a.command {
        let target = match (s.board, s.objective, s.epic) {
            (_, Some(o), _) => ops::BudgetTarget::Objective(o),
            (_, _, Some(e)) => ops::BudgetTarget::Epic(e),
            _ => ops::BudgetTarget::Board,
        };
        let from = s.from.as_deref().map(|d| parse_date("first", d)).transpose()?;
        let to = s.to.as_deref().map(|d| parse_date("last", d)).transpose()?;
        let mut store = ctx.open()?;
        let done = ops::set_budget(&mut store, ctx.settings(), target, &s.amount, from, to)?;
        writeln!(out, "{}", done.message)?;
        return Ok(());
    }
    let store = ctx.open()?;
    let report = ops::budget_report(&store, ctx.settings(), store.today())?;
    let c = &report.currency;
    if a.json {
        let budgets = report
            .lines
            .iter()
            .map(|l| {
                let left = l.status.left();
                BudgetJson {
                    scope: l.budget.scope.word(),
                    target: l.scope.split_once(' ').map(|(_, t)| t.trim_matches('"').to_string()),
                    amount: l.budget.amount.0,
                    spent: l.status.spent.0,
                    left_p50: left.map(|(p50, _)| p50.0),
                    left_p85: left.map(|(_, p85)| p85.0),
                    eac: l.status.eac().map(|m| m.0),
                    currency: l.budget.currency.clone(),
                    from: l.budget.from.map(|d| d.to_string()),
                    to: l.budget.to.map(|d| d.to_string()),
                    shortfall: l.shortfall.clone(),
                }
            })
            .collect();
        let doc = BudgetsJson { currency: c.code.clone(), cost_per_point: report.cost_per_point.map(|m| m.0), budgets };
        write_json(out, &doc)?;
        return Ok(());
    }
    if report.lines.is_empty() {
        writeln!(out, "No budget yet: set one with `sprintboard budget set --board AMOUNT`.")?;
    } else {
        // The scope is the column cut to fit a narrow terminal (the table
        // cuts its last one), never an amount: a cut number misleads.
        let mut table = Table::new(&[
            ("BUDGET", Align::Right),
            ("SPENT", Align::Right),
            ("%", Align::Right),
            ("LEFT P50", Align::Right),
            ("LEFT P85", Align::Right),
            ("EAC", Align::Right),
            ("SCOPE", Align::Left),
        ]);
        for l in &report.lines {
            let left = l.status.left();
            let money = |m: Option<sprintboard::domain::money::Money>| m.map_or("–".to_string(), |m| m.format(c));
            table.row(vec![
                l.budget.amount.format(c),
                l.status.spent.format(c),
                l.status.percent_spent().map_or("–".to_string(), |p| format!("{p} %")),
                money(left.map(|l| l.0)),
                money(left.map(|l| l.1)),
                money(l.status.eac()),
                l.scope.clone(),
            ]);
        }
        table.write(out, terminal_width())?;
        for l in &report.lines {
            if let Some(s) = &l.shortfall {
                writeln!(out, "{}: {s}", l.scope)?;
            }
        }
    }
    match report.cost_per_point {
        Some(cpp) => {
            writeln!(out, "Cost per point: {} (last {} closed sprints)", cpp.format(c), ctx.settings().velocity_window)?
        }
        None => writeln!(out, "Cost per point: not known yet (it needs closed sprints with day rates or expenses)")?,
    }
    Ok(())
}

/// One expense in `expense list --json`: a stable format.
#[derive(Serialize)]
struct ExpenseJson {
    id: i64,
    date: String,
    /// Minor units of `currency`.
    amount: i64,
    currency: String,
    category: String,
    note: String,
    epic: Option<String>,
    sprint: Option<String>,
}

/// `expense add|list`.
pub fn expense(ctx: &Context, command: ExpenseCommand, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        ExpenseCommand::Add(a) => {
            let date = a.date.as_deref().map(|d| parse_date("expense", d)).transpose()?;
            let mut store = ctx.open()?;
            let draft = ops::ExpenseDraft {
                amount: a.amount,
                category: a.category,
                date,
                epic: a.epic,
                sprint: a.sprint,
                note: a.note.unwrap_or_default(),
            };
            let done = ops::add_expense(&mut store, ctx.settings(), draft)?;
            writeln!(out, "{}", done.message)?;
        }
        ExpenseCommand::List(flag) => {
            let store = ctx.open()?;
            let c = ops::board_currency(&store, ctx.settings())?;
            let epics: std::collections::HashMap<_, _> = store.epics()?.into_iter().map(|e| (e.id, e.key)).collect();
            let sprints: std::collections::HashMap<_, _> =
                store.sprints()?.into_iter().map(|s| (s.id, s.fields.name)).collect();
            let expenses = store.expenses()?;
            if flag.json {
                let doc: Vec<ExpenseJson> = expenses
                    .into_iter()
                    .map(|e| ExpenseJson {
                        id: e.id,
                        date: e.date.to_string(),
                        amount: e.amount.0,
                        currency: c.code.clone(),
                        category: e.category,
                        note: e.note,
                        epic: e.epic.and_then(|id| epics.get(&id).cloned()),
                        sprint: e.sprint.and_then(|id| sprints.get(&id).cloned()),
                    })
                    .collect();
                write_json(out, &doc)?;
                return Ok(());
            }
            if expenses.is_empty() {
                writeln!(out, "No expenses yet: record one with `sprintboard expense add AMOUNT --category C`.")?;
                return Ok(());
            }
            let mut table = Table::new(&[
                ("#", Align::Right),
                ("DATE", Align::Left),
                ("AMOUNT", Align::Right),
                ("CATEGORY", Align::Left),
                ("EPIC", Align::Left),
                ("SPRINT", Align::Left),
                ("NOTE", Align::Left),
            ]);
            for e in expenses {
                table.row(vec![
                    e.id.to_string(),
                    e.date.to_string(),
                    e.amount.format(&c),
                    e.category,
                    e.epic.and_then(|id| epics.get(&id).cloned()).unwrap_or_default(),
                    e.sprint.and_then(|id| sprints.get(&id).cloned()).unwrap_or_default(),
                    e.note,
                ]);
            }
            table.write(out, terminal_width())?;
        }
    }
    Ok(())
}
