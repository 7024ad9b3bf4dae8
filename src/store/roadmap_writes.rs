//! Typed writes of the product manager's side inside a [`Tx`]: epics,
//! objectives and risks; each records its row change for history.

use super::db::{Sql, Value};
use super::reads::Reads;
use super::{Result, Table, Tx};
use crate::domain::*;
use rusqlite::params;

/// The next epic number, and whether the key it makes is taken already
/// (by an imported epic): one read.
const NEXT_EPIC: &str = "SELECT next_epic, CASE WHEN EXISTS (SELECT 1 FROM epic \
     WHERE key = ('E-' || next_epic) COLLATE NOCASE) THEN 1 ELSE 0 END FROM board WHERE id = 1";

const INSERT_EPIC: &str = "INSERT INTO epic (key, title, description, objective_id, quarter, colour, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// A rank below every epic's.
const EPIC_BOTTOM: &str = "SELECT coalesce(max(rank), 0) + ?1 FROM epic";

/// The rows besides expenses and budgets that may name an epic.
const NAMING_EPIC: [(Table, &str); 2] = [
    (Table::Story, "SELECT id FROM story WHERE epic_id = ?1"),
    (Table::Risk, "SELECT id FROM risk WHERE epic_id = ?1"),
];

impl Tx<'_> {
    /// Creates an epic at the bottom of the roadmap under `key` (the
    /// caller has checked it is free), or the next `E-N`; returns its id.
    pub fn insert_epic(&mut self, key: Option<&str>, e: &EpicFields) -> Result<EpicId> {
        self.insert_epic_keyed(key, e).map(|(id, _)| id)
    }

    /// The reads [`Tx::insert_epic`] makes before its key is known (the
    /// board's counter, the roadmap's last rank), for an action to read
    /// ahead.
    pub fn epic_insert_reads(&self) {
        let _ = self.db.query_row(NEXT_EPIC, &[], |r| r.get::<_, i64>(0));
        let _ = self.db.query_row(EPIC_BOTTOM, params![rank::GAP], |r| r.get::<_, i64>(0));
    }

    /// [`Tx::insert_epic`], with the key the epic got.
    pub fn insert_epic_keyed(&mut self, key: Option<&str>, e: &EpicFields) -> Result<(EpicId, String)> {
        let (key, rank) = self.epic_key_and_rank(key)?;
        let id = self.tracked_insert(
            Table::Epic,
            INSERT_EPIC,
            params![key, e.title, e.description, e.objective, e.quarter, e.colour, rank],
        )?;
        Ok((EpicId(id), key))
    }

    /// [`Tx::insert_epic_keyed`] where only the key is wanted back (an add,
    /// which reads the id after its commit): on a server the insert and
    /// its history wait to go with the commit.
    pub fn add_epic_keyed(&mut self, e: &EpicFields) -> Result<String> {
        let (key, rank) = self.epic_key_and_rank(None)?;
        let values = params![key, e.title, e.description, e.objective, e.quarter, e.colour, rank];
        self.tracked_insert_later(Table::Epic, INSERT_EPIC, values, ("key = ?1", params![key]))?;
        Ok(key)
    }

    fn epic_key_and_rank(&mut self, key: Option<&str>) -> Result<(String, i64)> {
        let key = match key {
            Some(k) => k.to_string(),
            None => {
                let (mut n, mut taken): (i64, bool) =
                    self.db.query_row(NEXT_EPIC, &[], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?;
                while taken {
                    n += 1;
                    taken = self.epic_by_key(&format!("E-{n}"))?.is_some();
                }
                // Not in the history, like story keys: never given out twice.
                self.db.later("UPDATE board SET next_epic = ?1 WHERE id = 1", params![n + 1])?;
                format!("E-{n}")
            }
        };
        let rank: i64 = match self.epic_bottom {
            Some(bottom) => bottom + rank::GAP,
            None => self.db.query_row(EPIC_BOTTOM, params![rank::GAP], |r| r.get(0))?,
        };
        self.epic_bottom = Some(rank);
        Ok((key, rank))
    }

    /// Writes an epic's fields (its key stays).
    pub fn update_epic(&mut self, id: EpicId, e: &EpicFields) -> Result<()> {
        self.tracked_update(
            Table::Epic,
            id.0,
            "UPDATE epic SET title = ?2, description = ?3, objective_id = ?4, quarter = ?5, colour = ?6 WHERE id = ?1",
            params![id, e.title, e.description, e.objective, e.quarter, e.colour],
            &["title", "description", "objective_id", "quarter", "colour"],
        )
    }

    /// Sets an epic's rank on the roadmap.
    pub fn set_epic_rank(&mut self, id: EpicId, rank: i64) -> Result<()> {
        self.set_columns(Table::Epic, id.0, &[("rank", Value::Integer(rank))])
    }

    /// [`Tx::set_epic_rank`] of an epic read in this transaction at rank
    /// `was`: on a server the write needs no answer.
    pub fn set_epic_rank_over(&mut self, id: EpicId, rank: i64, was: i64) -> Result<()> {
        self.epic_bottom = None;
        self.set_columns_over(Table::Epic, id.0, &[("rank", Value::Integer(rank))], |_| {
            Ok(Some(vec![Value::Integer(was)]))
        })
    }

    /// What [`Tx::delete_epic`] reads: what names the epic, and its row.
    /// An action reads it ahead; each row that named the epic held its id,
    /// so its write needs no answer.
    pub fn delete_epic_reads(&self, id: EpicId) {
        self.release_reads("epic_id", id.0, "epic");
        for (_, sql) in NAMING_EPIC {
            let _ = self.db.query_map(sql, params![id], |r| r.get::<_, i64>(0));
        }
        let _ = self.image(Table::Epic, id.0);
    }

    /// Deletes an epic; its stories and risks no longer name it.
    pub fn delete_epic(&mut self, id: EpicId) -> Result<()> {
        self.release_epic(id)?;
        for (table, sql) in NAMING_EPIC {
            let ids: Vec<i64> = self.db.query_map(sql, params![id], |r| r.get(0))?;
            for row in ids {
                self.set_columns_over(table, row, &[("epic_id", Value::Null)], |_| {
                    Ok(Some(vec![Value::Integer(id.0)]))
                })?;
            }
        }
        self.tracked(Table::Epic, id.0, "DELETE FROM epic WHERE id = ?1", params![id])
    }

    /// Creates an objective; returns its id.
    pub fn insert_objective(&mut self, title: &str, description: &str, metric: &str) -> Result<ObjectiveId> {
        let rank: i64 = self.db.query_row("SELECT coalesce(max(rank), 0) + 1 FROM objective", &[], |r| r.get(0))?;
        let id = self.tracked_insert(
            Table::Objective,
            "INSERT INTO objective (title, description, metric, rank) VALUES (?1, ?2, ?3, ?4)",
            params![title, description, metric, rank],
        )?;
        Ok(ObjectiveId(id))
    }

    /// Writes an objective's fields.
    pub fn update_objective(&mut self, o: &Objective) -> Result<()> {
        self.tracked(
            Table::Objective,
            o.id.0,
            "UPDATE objective SET title = ?2, description = ?3, metric = ?4 WHERE id = ?1",
            params![o.id, o.title, o.description, o.metric],
        )
    }

    /// Deletes an objective; its epics no longer name it.
    pub fn delete_objective(&mut self, id: ObjectiveId) -> Result<()> {
        self.release_objective(id)?;
        let epics: Vec<i64> =
            self.db.query_map("SELECT id FROM epic WHERE objective_id = ?1", params![id], |r| r.get(0))?;
        for e in epics {
            self.tracked(Table::Epic, e, "UPDATE epic SET objective_id = NULL WHERE id = ?1", params![e])?;
        }
        self.tracked(Table::Objective, id.0, "DELETE FROM objective WHERE id = ?1", params![id])
    }

    /// Creates a risk; returns its id.
    pub fn insert_risk(&mut self, r: &RiskFields) -> Result<RiskId> {
        let id = self.tracked_insert(
            Table::Risk,
            "INSERT INTO risk (title, description, probability, impact, response, owner, status, epic_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![r.title, r.description, r.probability, r.impact, r.response, r.owner, r.status, r.epic],
        )?;
        Ok(RiskId(id))
    }

    /// Writes a risk's fields.
    pub fn update_risk(&mut self, id: RiskId, r: &RiskFields) -> Result<()> {
        self.tracked_update(
            Table::Risk,
            id.0,
            "UPDATE risk SET title = ?2, description = ?3, probability = ?4, impact = ?5, response = ?6, owner = ?7, \
                 status = ?8, epic_id = ?9 WHERE id = ?1",
            params![id, r.title, r.description, r.probability, r.impact, r.response, r.owner, r.status, r.epic],
            &["title", "description", "probability", "impact", "response", "owner", "status", "epic_id"],
        )
    }

    /// Deletes a risk.
    pub fn delete_risk(&mut self, id: RiskId) -> Result<()> {
        self.tracked(Table::Risk, id.0, "DELETE FROM risk WHERE id = ?1", params![id])
    }
}
