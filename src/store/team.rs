//! The team, days off, budgets, expenses and dependencies (schema 4):
//! their reads, and their writes inside a [`Tx`], each recorded for
//! history like a story's, so every change is undoable by its author.

use super::db::{Row, Sql, Value};
use super::{Reads, Result, Table, Tx, rows, values};
use crate::domain::money::Money;
use crate::domain::*;
use chrono::NaiveDate;
use rusqlite::params;

const MEMBER_COLUMNS: &str = "id, version, added_on, name, role, hours, availability, day_rate, active_from, active_to";
const DAY_OFF_COLUMNS: &str = "id, member_id, start_date, end_date, fraction";
const BUDGET_COLUMNS: &str = "id, scope, objective_id, epic_id, amount, currency, valid_from, valid_to, note";
const EXPENSE_COLUMNS: &str = "id, spent_on, amount, category, note, epic_id, sprint_id";

fn opt_date(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<String>>(i)?.and_then(|s| values::parse_date(&s)))
}

fn member(r: &Row) -> rusqlite::Result<Member> {
    Ok(Member {
        id: MemberId(r.get(0)?),
        version: r.get(1)?,
        added_on: rows::date_col(r, 2)?,
        fields: MemberFields {
            name: r.get(3)?,
            role: r.get(4)?,
            hours: r.get(5)?,
            availability: r.get(6)?,
            day_rate: r.get::<_, Option<i64>>(7)?.map(Money),
            active_from: opt_date(r, 8)?,
            active_to: opt_date(r, 9)?,
        },
    })
}

fn day_off(r: &Row) -> rusqlite::Result<DayOff> {
    Ok(DayOff {
        id: DayOffId(r.get(0)?),
        member: r.get::<_, Option<i64>>(1)?.map(MemberId),
        start: rows::date_col(r, 2)?,
        end: rows::date_col(r, 3)?,
        fraction: r.get(4)?,
    })
}

fn budget(r: &Row) -> rusqlite::Result<Budget> {
    let scope: String = r.get(1)?;
    let scope = match (scope.as_str(), r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
        ("objective", Some(o), _) => BudgetScope::Objective(ObjectiveId(o)),
        ("epic", _, Some(e)) => BudgetScope::Epic(EpicId(e)),
        _ => BudgetScope::Board,
    };
    Ok(Budget {
        id: r.get(0)?,
        scope,
        amount: Money(r.get(4)?),
        currency: r.get(5)?,
        from: opt_date(r, 6)?,
        to: opt_date(r, 7)?,
        note: r.get(8)?,
    })
}

fn expense(r: &Row) -> rusqlite::Result<Expense> {
    Ok(Expense {
        id: r.get(0)?,
        date: rows::date_col(r, 1)?,
        amount: Money(r.get(2)?),
        category: r.get(3)?,
        note: r.get(4)?,
        epic: r.get(5)?,
        sprint: r.get(6)?,
    })
}

fn date_text(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Text(d.to_string()))
}

/// What a closed sprint froze of its team at close: person-days
/// (hundredths) and labour cost; `None`s for sprints closed before schema 4.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Frozen {
    /// Available person-days, in hundredths.
    pub person_days: Option<i64>,
    /// Labour cost.
    pub cost: Option<Money>,
    /// The day the sprint was closed.
    pub closed_on: Option<NaiveDate>,
}

/// The team and money reads, on the store and inside a transaction.
pub trait TeamReads: Reads {
    /// The team, by name.
    fn members(&self) -> Result<Vec<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM member ORDER BY name COLLATE NOCASE, id");
        self.conn().query_map(&sql, &[], member)
    }

    /// A member by name (case-insensitive).
    fn member_by_name(&self, name: &str) -> Result<Option<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM member WHERE name = ?1 COLLATE NOCASE");
        self.conn().query_opt(&sql, params![name.trim()], member)
    }

    /// Every day off, by first day.
    fn days_off(&self) -> Result<Vec<DayOff>> {
        let sql = format!("SELECT {DAY_OFF_COLUMNS} FROM day_off ORDER BY start_date, id");
        self.conn().query_map(&sql, &[], day_off)
    }

    /// One day off.
    fn day_off(&self, id: DayOffId) -> Result<Option<DayOff>> {
        let sql = format!("SELECT {DAY_OFF_COLUMNS} FROM day_off WHERE id = ?1");
        self.conn().query_opt(&sql, params![id.0], day_off)
    }

    /// Every budget: the board's first, then objectives', then epics'.
    fn budgets(&self) -> Result<Vec<Budget>> {
        let sql = format!(
            "SELECT {BUDGET_COLUMNS} FROM budget ORDER BY CASE scope WHEN 'board' THEN 0 WHEN 'objective' THEN 1 ELSE 2 END, id"
        );
        self.conn().query_map(&sql, &[], budget)
    }

    /// Every expense, by date.
    fn expenses(&self) -> Result<Vec<Expense>> {
        let sql = format!("SELECT {EXPENSE_COLUMNS} FROM expense ORDER BY spent_on, id");
        self.conn().query_map(&sql, &[], expense)
    }

    /// Every dependency, in the order they were made.
    fn dependencies(&self) -> Result<Vec<Dependency>> {
        self.conn().query_map("SELECT id, story_id, blocker_id FROM dependency ORDER BY id", &[], |r| {
            Ok(Dependency { id: r.get(0)?, story: r.get(1)?, blocker: r.get(2)? })
        })
    }

    /// Each closed sprint's frozen person-days and labour cost.
    fn frozen_team(&self) -> Result<std::collections::HashMap<SprintId, Frozen>> {
        let rows = self.conn().query_map(
            "SELECT v.sprint_id, v.person_days, v.cost, s.closed_at FROM velocity v JOIN sprint s ON s.id = v.sprint_id",
            &[],
            |r| {
                let frozen = Frozen {
                    person_days: r.get(1)?,
                    cost: r.get::<_, Option<i64>>(2)?.map(Money),
                    closed_on: rows::time_col(r, 3)?.map(|t| t.date()),
                };
                Ok((SprintId(r.get(0)?), frozen))
            },
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Done points per closed sprint and epic: how a sprint's cost is
    /// shared among the epics whose work it finished.
    fn done_by_sprint_and_epic(&self) -> Result<Vec<(SprintId, EpicId, Points)>> {
        self.conn().query_map(
            "SELECT s.sprint_id, s.epic_id, sum(s.points) FROM story s JOIN sprint p ON p.id = s.sprint_id \
             WHERE p.state = 'closed' AND s.status = 'done' AND s.epic_id IS NOT NULL AND s.points IS NOT NULL \
             GROUP BY s.sprint_id, s.epic_id",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }
}

impl<T: Reads> TeamReads for T {}

const INSERT_MEMBER: &str = "INSERT INTO member (name, role, hours, availability, day_rate, active_from, active_to, added_on) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

impl Tx<'_> {
    /// Adds a member, entered today.
    pub fn insert_member(&mut self, f: &MemberFields, added_on: NaiveDate) -> Result<MemberId> {
        let (from, to, on) = (date_text(f.active_from), date_text(f.active_to), added_on.to_string());
        let values = params![f.name, f.role, f.hours, f.availability, f.day_rate.map(|m| m.0), from, to, on];
        Ok(MemberId(self.tracked_insert(Table::Member, INSERT_MEMBER, values)?))
    }

    /// [`Tx::insert_member`] without the id (the Budget screen's form): the
    /// row and its image, found again by the member's name (unique on a
    /// board), wait to go with the commit on a server.
    pub fn add_member(&mut self, f: &MemberFields, added_on: NaiveDate) -> Result<()> {
        let (from, to, on) = (date_text(f.active_from), date_text(f.active_to), added_on.to_string());
        let values = params![f.name, f.role, f.hours, f.availability, f.day_rate.map(|m| m.0), from, to, on];
        self.tracked_insert_later(Table::Member, INSERT_MEMBER, values, ("name = ?1", params![f.name]))
    }

    /// Writes a member's fields.
    pub fn update_member(&mut self, id: MemberId, f: &MemberFields) -> Result<()> {
        self.tracked(
            Table::Member,
            id.0,
            "UPDATE member SET name = ?2, role = ?3, hours = ?4, availability = ?5, day_rate = ?6, \
             active_from = ?7, active_to = ?8 WHERE id = ?1",
            params![
                id.0,
                f.name,
                f.role,
                f.hours,
                f.availability,
                f.day_rate.map(|m| m.0),
                date_text(f.active_from),
                date_text(f.active_to)
            ],
        )
    }

    /// Removes a member with their days off.
    pub fn delete_member(&mut self, id: MemberId) -> Result<()> {
        let days: Vec<i64> =
            self.db.query_map("SELECT id FROM day_off WHERE member_id = ?1", params![id.0], |r| r.get(0))?;
        for d in days {
            self.tracked(Table::DayOff, d, "DELETE FROM day_off WHERE id = ?1", params![d])?;
        }
        self.tracked(Table::Member, id.0, "DELETE FROM member WHERE id = ?1", params![id.0])
    }

    /// Adds a day off (or a range of them) for a member or the whole team.
    pub fn insert_day_off(&mut self, d: &DayOff) -> Result<DayOffId> {
        let id = self.tracked_insert(
            Table::DayOff,
            "INSERT INTO day_off (member_id, start_date, end_date, fraction) VALUES (?1, ?2, ?3, ?4)",
            params![d.member.map(|m| m.0), d.start.to_string(), d.end.to_string(), d.fraction],
        )?;
        Ok(DayOffId(id))
    }

    /// [`Tx::insert_day_off`] as number `d.id` ([`Tx::next_id`]), which the
    /// form's message names: on a server it waits for no answer.
    pub fn insert_day_off_as(&mut self, d: &DayOff) -> Result<()> {
        self.tracked_insert_as(
            Table::DayOff,
            d.id.0,
            "INSERT INTO day_off (member_id, start_date, end_date, fraction, id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![d.member.map(|m| m.0), d.start.to_string(), d.end.to_string(), d.fraction, d.id.0],
        )
    }

    /// Removes a day off.
    pub fn delete_day_off(&mut self, id: DayOffId) -> Result<()> {
        self.tracked(Table::DayOff, id.0, "DELETE FROM day_off WHERE id = ?1", params![id.0])
    }

    /// Sets the budget of a scope: replaces its amount and dates when it
    /// has one, else creates it.
    pub fn set_budget(&mut self, b: &Budget) -> Result<i64> {
        let (objective, epic) = match b.scope {
            BudgetScope::Board => (None, None),
            BudgetScope::Objective(o) => (Some(o.0), None),
            BudgetScope::Epic(e) => (None, Some(e.0)),
        };
        let existing: Option<i64> = self.db.query_opt(
            "SELECT id FROM budget WHERE scope = ?1 AND coalesce(objective_id, 0) = coalesce(?2, 0) \
             AND coalesce(epic_id, 0) = coalesce(?3, 0)",
            params![b.scope.word(), objective, epic],
            |r| r.get(0),
        )?;
        match existing {
            Some(id) => {
                self.tracked(
                    Table::Budget,
                    id,
                    "UPDATE budget SET amount = ?2, currency = ?3, valid_from = ?4, valid_to = ?5, note = ?6 WHERE id = ?1",
                    params![id, b.amount.0, b.currency, date_text(b.from), date_text(b.to), b.note],
                )?;
                Ok(id)
            }
            None => self.tracked_insert(
                Table::Budget,
                "INSERT INTO budget (scope, objective_id, epic_id, amount, currency, valid_from, valid_to, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    b.scope.word(),
                    objective,
                    epic,
                    b.amount.0,
                    b.currency,
                    date_text(b.from),
                    date_text(b.to),
                    b.note
                ],
            ),
        }
    }

    /// Records an expense.
    pub fn insert_expense(&mut self, e: &Expense) -> Result<i64> {
        self.tracked_insert(
            Table::Expense,
            "INSERT INTO expense (spent_on, amount, category, note, epic_id, sprint_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![e.date.to_string(), e.amount.0, e.category, e.note, e.epic, e.sprint],
        )
    }

    /// [`Tx::insert_expense`] as number `e.id` ([`Tx::next_id`]), which the
    /// form's message names: on a server it waits for no answer.
    pub fn insert_expense_as(&mut self, e: &Expense) -> Result<()> {
        self.tracked_insert_as(
            Table::Expense,
            e.id,
            "INSERT INTO expense (spent_on, amount, category, note, epic_id, sprint_id, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![e.date.to_string(), e.amount.0, e.category, e.note, e.epic, e.sprint, e.id],
        )
    }

    /// Records that `story` is blocked by `blocker`.
    pub fn insert_dependency(&mut self, story: StoryId, blocker: StoryId) -> Result<i64> {
        let id = self.tracked_insert(
            Table::Dependency,
            "INSERT INTO dependency (story_id, blocker_id) VALUES (?1, ?2)",
            params![story, blocker],
        )?;
        self.links_changed(story)?;
        Ok(id)
    }

    /// Removes a dependency.
    pub fn delete_dependency(&mut self, id: i64) -> Result<()> {
        let story: Option<StoryId> =
            self.db.query_opt("SELECT story_id FROM dependency WHERE id = ?1", params![id], |r| r.get(0))?;
        self.tracked(Table::Dependency, id, "DELETE FROM dependency WHERE id = ?1", params![id])?;
        match story {
            Some(s) => self.links_changed(s),
            None => Ok(()),
        }
    }

    /// A story's "blocked by" links are part of what its form shows: a
    /// change to them moves its version on, so a form drawn before is stale.
    fn links_changed(&mut self, story: StoryId) -> Result<()> {
        self.db.execute("UPDATE story SET version = version + 1 WHERE id = ?1", params![story])?;
        Ok(())
    }

    /// Freezes a closed sprint's person-days and labour cost into its
    /// velocity record.
    pub fn freeze_team(&mut self, sprint: SprintId, person_days: i64, cost: Money) -> Result<()> {
        let id: Option<i64> =
            self.db.query_opt("SELECT id FROM velocity WHERE sprint_id = ?1", params![sprint], |r| r.get(0))?;
        match id {
            Some(id) => self.set_columns(
                Table::Velocity,
                id,
                &[("person_days", Value::Integer(person_days)), ("cost", Value::Integer(cost.0))],
            ),
            None => Ok(()),
        }
    }

    /// Before a story is deleted: the dependencies that name it go.
    pub(super) fn release_story(&mut self, id: StoryId) -> Result<()> {
        let deps = self.dependencies_touching(id)?;
        for d in deps {
            self.delete_dependency(d)?;
        }
        Ok(())
    }

    /// Before an epic is deleted: its budget goes, its expenses stay
    /// (money spent is spent) without naming it.
    pub(super) fn release_epic(&mut self, id: EpicId) -> Result<()> {
        self.release("epic_id", id.0, "epic")
    }

    /// Before an objective is deleted: its budget goes.
    pub(super) fn release_objective(&mut self, id: ObjectiveId) -> Result<()> {
        self.release("objective_id", id.0, "objective")
    }

    /// Before a sprint is deleted: its expenses stay, placed by their date.
    pub(super) fn release_sprint(&mut self, id: SprintId) -> Result<()> {
        self.release("sprint_id", id.0, "sprint")
    }

    /// The reads [`Tx::release`] makes, to be read ahead.
    pub(super) fn release_reads(&self, column: &str, id: i64, what: &str) {
        for (table, skip) in [("expense", "objective"), ("budget", "sprint")] {
            if what != skip {
                let _ = self.db.query_map(&naming(table, column), params![id], |r| r.get::<_, i64>(0));
            }
        }
    }

    fn release(&mut self, column: &str, id: i64, what: &str) -> Result<()> {
        // Expenses name epics and sprints; budgets epics and objectives.
        if what != "objective" {
            for e in self.db.query_map(&naming("expense", column), params![id], |r| r.get::<_, i64>(0))? {
                // The column held `id`: on a server the write needs no answer.
                self.set_columns_over(Table::Expense, e, &[(column, Value::Null)], |_| {
                    Ok(Some(vec![Value::Integer(id)]))
                })?;
            }
        }
        if what != "sprint" {
            for b in self.db.query_map(&naming("budget", column), params![id], |r| r.get::<_, i64>(0))? {
                self.tracked(Table::Budget, b, "DELETE FROM budget WHERE id = ?1", params![b])?;
            }
        }
        Ok(())
    }
}

/// The rows of `table` whose `column` names a row being deleted.
fn naming(table: &str, column: &str) -> String {
    format!("SELECT id FROM {table} WHERE {column} = ?1")
}
