//! Importing the team and money part of a document into a blank board
//! (the JSON round trip): checked as the commands check them, each problem
//! named by its JSON path.

use super::*;
use crate::domain::money::{Currency, Money};
use crate::domain::team_document::TeamDoc;
use crate::store::{TeamReads, Tx};

fn bad<T>(path: String, why: impl std::fmt::Display) -> Result<T> {
    refuse(format!("{path}: {why}"))
}

/// A name the file gives that the board lacks, said at its JSON path.
fn named<T>(path: impl Fn() -> String, found: Result<T>) -> Result<T> {
    found.or_else(|e| match e {
        Error::NotFound(why) => bad(path(), why),
        other => Err(other),
    })
}

/// Writes the team, days off, budgets, expenses, dependencies and frozen
/// sprint numbers of `doc` (names resolved against what the import wrote).
pub(super) fn import_team(tx: &mut Tx<'_>, doc: &TeamDoc) -> Result<()> {
    let today = tx.now().date();
    for (i, m) in doc.members.iter().enumerate() {
        let at = |f: &str| format!("members[{i}].{f}");
        let fields = MemberFields {
            name: m.name.trim().to_string(),
            role: m.role.clone(),
            hours: m.hours.hundredths(),
            availability: m.availability,
            day_rate: m.day_rate.map(Money),
            active_from: m.active_from,
            active_to: m.active_to,
        };
        if fields.name.is_empty() || tx.member_by_name(&fields.name)?.is_some() {
            return bad(at("name"), "a member needs a name of their own");
        }
        if !(1..=2400).contains(&fields.hours) || !(0..=100).contains(&fields.availability) {
            return bad(at("hours"), "hours are more than 0 and at most 24, availability 0 to 100");
        }
        if m.day_rate.is_some_and(|r| r < 0) {
            return bad(at("day_rate"), "a day rate cannot be negative");
        }
        tx.insert_member(&fields, m.added_on.unwrap_or(today))?;
    }
    for (i, d) in doc.days_off.iter().enumerate() {
        let member = match &d.member {
            Some(name) => match tx.member_by_name(name)? {
                Some(m) => Some(m.id),
                None => return bad(format!("days_off[{i}].member"), format!("there is no member named \"{name}\"")),
            },
            None => None,
        };
        let fraction = d.fraction.hundredths();
        if d.to < d.from || !(1..=100).contains(&fraction) {
            return bad(format!("days_off[{i}]"), "the last day is before the first, or the fraction is not in (0, 1]");
        }
        tx.insert_day_off(&DayOff { id: DayOffId(0), member, start: d.from, end: d.to, fraction })?;
    }
    let mut currency: Option<String> = None;
    for (i, b) in doc.budgets.iter().enumerate() {
        let code = match Currency::of(&b.currency) {
            Ok(c) => c.code,
            Err(why) => return bad(format!("budgets[{i}].currency"), why),
        };
        if currency.get_or_insert(code.clone()) != &code {
            return bad(format!("budgets[{i}].currency"), "a board keeps its budgets in one currency");
        }
        let scope = match (b.scope.as_str(), &b.target) {
            ("board", _) => BudgetScope::Board,
            ("epic", Some(k)) => BudgetScope::Epic(named(|| format!("budgets[{i}].target"), find_epic(tx, k))?.id),
            ("objective", Some(t)) => match tx.objectives()?.into_iter().find(|o| &o.title == t) {
                Some(o) => BudgetScope::Objective(o.id),
                None => return bad(format!("budgets[{i}].target"), format!("there is no objective titled \"{t}\"")),
            },
            _ => return bad(format!("budgets[{i}].scope"), "a budget is for the board, an objective or an epic"),
        };
        if b.amount < 0 {
            return bad(format!("budgets[{i}].amount"), "an amount cannot be negative");
        }
        let budget = Budget {
            id: 0,
            scope,
            amount: Money(b.amount),
            currency: code,
            from: b.from,
            to: b.to,
            note: b.note.clone(),
        };
        tx.set_budget(&budget)?;
    }
    for (i, e) in doc.expenses.iter().enumerate() {
        if e.amount < 0 {
            return bad(format!("expenses[{i}].amount"), "an amount cannot be negative");
        }
        let epic = e.epic.as_deref().map(|k| named(|| format!("expenses[{i}].epic"), find_epic(tx, k))).transpose()?;
        let sprint =
            e.sprint.as_deref().map(|n| named(|| format!("expenses[{i}].sprint"), find_sprint(tx, n))).transpose()?;
        let (epic, sprint) = (epic.map(|e| e.id), sprint.map(|s| s.id));
        let row = Expense {
            id: 0,
            date: e.date,
            amount: Money(e.amount),
            category: e.category.clone(),
            note: e.note.clone(),
            epic,
            sprint,
        };
        tx.insert_expense(&row)?;
    }
    for (i, d) in doc.dependencies.iter().enumerate() {
        let story = named(|| format!("dependencies[{i}].story"), find_story(tx, &d.story))?;
        let blocker = named(|| format!("dependencies[{i}].by"), find_story(tx, &d.by))?;
        if story.id == blocker.id {
            return bad(format!("dependencies[{i}]"), "a story cannot wait on itself");
        }
        tx.insert_dependency(story.id, blocker.id)?;
    }
    for (i, f) in doc.sprint_team.iter().enumerate() {
        let s = named(|| format!("sprint_team[{i}].sprint"), find_sprint(tx, &f.sprint))?;
        tx.freeze_team(s.id, f.person_days.hundredths(), Money(f.cost.unwrap_or(0)))?;
    }
    Ok(())
}
