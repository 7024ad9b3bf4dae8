//! Money in the minutes (issue 12): the reviewed sprint's person-days and
//! cost, as frozen in its velocity record at close, and the status of each
//! budget. Written only when the board has members or budgets, in the
//! board's currency; scope names (user text) are escaped like the rest.

use super::text;
use crate::domain::capacity::days_words;
use crate::domain::money::{Currency, Money};
use crate::ops::{BudgetReport, SprintPlan};
use std::fmt::Write as _;

/// `**Team:** 42.5 person-days · cost €18,400.00 (labour €17,000.00,
/// expenses €1,400.00).`, for under the review's velocity record.
pub(super) fn sprint_team(plan: &SprintPlan, currency: &Currency) -> String {
    let days = days_words(plan.team.person_days);
    let m = |x: Money| text(&x.format(currency));
    let split = if plan.expenses.0 != 0 {
        format!(" (labour {}, expenses {})", m(plan.team.labour), m(plan.expenses))
    } else {
        String::new()
    };
    format!("**Team:** {days} person-days · cost {}{split}.\n\n", m(plan.cost))
}

/// `## Budget` with a table of every budget and, under it, each shortfall
/// in words.
pub(super) fn budgets(report: &BudgetReport, md: &mut String) {
    let c = &report.currency;
    md.push_str("## Budget\n\n");
    if report.lines.is_empty() {
        md.push_str("No budget is set.\n\n");
        return;
    }
    let m = |x: Money| text(&x.format(c));
    md.push_str(
        "| Budget | Amount | Spent | Left at P50 | Left at P85 | Estimate at completion |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for l in &report.lines {
        let st = &l.status;
        let (p50, p85) = st.left().map_or(("–".to_string(), "–".to_string()), |(a, b)| (m(a), m(b)));
        let eac = st.eac().map_or("–".to_string(), m);
        let _ = writeln!(md, "| {} | {} | {} | {p50} | {p85} | {eac} |", text(&l.scope), m(st.amount), m(st.spent));
    }
    md.push('\n');
    if let Some(p) = report.cost_per_point {
        let _ = writeln!(md, "Cost per point over the velocity window: {}.\n", m(p));
    }
    for l in &report.lines {
        if let Some(words) = &l.shortfall {
            let _ = writeln!(md, "- {}: {}", text(&l.scope), text(words));
        }
    }
    if report.lines.iter().any(|l| l.shortfall.is_some()) {
        md.push('\n');
    } else if report.lines.iter().any(|l| l.status.remaining.is_some()) {
        md.push_str("Every budget covers its remaining work at P85.\n\n");
    }
}
