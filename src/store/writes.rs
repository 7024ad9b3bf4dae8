//! Typed writes inside a [`Tx`]; each one records its row change for history.

use super::db::{Sql, Value, as_params};
use super::reads::{Reads, expect};
use super::{Result, Table, Tx, values};
use crate::domain::*;
use rusqlite::params;

/// A story's place and rank as column values.
fn place_rank(place: Place, rank: i64) -> [(&'static str, Value); 2] {
    [("sprint_id", place.sprint_id().map_or(Value::Null, |s| Value::Integer(s.0))), ("rank", Value::Integer(rank))]
}

const INSERT_SPRINT: &str = "INSERT INTO sprint (number, name, goal, start_date, end_date, capacity, state, committed) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

const UPDATE_SPRINT: &str = "UPDATE sprint SET number = ?2, name = ?3, goal = ?4, start_date = ?5, end_date = ?6, \
     capacity = ?7, committed = ?9, started_at = CASE WHEN state = 'planned' AND ?8 = 'active' THEN ?10 ELSE started_at END, \
     closed_at = CASE WHEN state != 'closed' AND ?8 = 'closed' THEN ?10 ELSE closed_at END, state = ?8 WHERE id = ?1";

impl Tx<'_> {
    /// Sets the board's name and key prefix.
    pub fn set_board(&mut self, board: &Board) -> Result<()> {
        self.tracked(
            Table::Board,
            1,
            "UPDATE board SET name = ?1, key_prefix = ?2 WHERE id = 1",
            params![board.name, board.key_prefix],
        )
    }

    /// The next unused story key, advancing the board's counter (keys are
    /// never reused, also after a delete, and skip keys taken by imports).
    fn next_story_key(&mut self) -> Result<String> {
        let (prefix, mut n, mut taken) = self.story_counter()?;
        while taken {
            n = n.checked_add(1).ok_or_else(|| super::Error::Damaged("story numbers have run out".into()))?;
            taken = self.key_taken(&format!("{prefix}-{n}"))?;
        }
        // Not in the history: undoing an add must not give its key out again.
        let next = n.checked_add(1).ok_or_else(|| super::Error::Damaged("story numbers have run out".into()))?;
        self.db.later("UPDATE board SET next_story = ?1 WHERE id = 1", params![next])?;
        Ok(format!("{prefix}-{n}"))
    }

    /// Rank for a story going to `position` in `place` (`moving` is left out
    /// of the neighbours). Renumbers the place when a gap has run out.
    fn rank_at(&mut self, place: Place, position: Position, moving: Option<StoryId>) -> Result<i64> {
        for _ in 0..2 {
            let (above, below) = match position {
                Position::Top => (None, self.first_rank_except(place, moving, false)?),
                Position::Bottom => (self.first_rank_except(place, moving, true)?, None),
                Position::Before(other) => {
                    let r = self.rank_next_to(place, other, Step::Up, moving)?;
                    (r.1, Some(r.0))
                }
                Position::After(other) => {
                    let r = self.rank_next_to(place, other, Step::Down, moving)?;
                    (Some(r.0), r.1)
                }
            };
            if let Some(rank) = rank::between(above, below) {
                return Ok(rank);
            }
            if let (Some(a), Some(b)) = (above, below) {
                self.respace(place, a, b)?;
            }
        }
        Err(super::Error::Damaged("ranks could not be renumbered".into()))
    }

    fn first_rank_except(&self, place: Place, except: Option<StoryId>, last: bool) -> Result<Option<i64>> {
        let (lo, hi) = self.rank_bounds(place)?;
        let edge = if last { hi } else { lo };
        let Some(edge) = edge else { return Ok(None) };
        match except {
            Some(id) if self.card(id)?.is_some_and(|c| c.rank == edge && self.story_place(id).ok() == Some(place)) => {
                let step = if last { Step::Up } else { Step::Down };
                Ok(self.neighbour(place, edge, step)?.map(|c| c.rank))
            }
            _ => Ok(Some(edge)),
        }
    }

    /// The rank of `other` and of the card next to it in `place` (`step`
    /// from it, `except` passed over). Next to a story in its own column
    /// the neighbour is read by the story (`neighbour_of`), which a move
    /// reads ahead.
    fn rank_next_to(
        &self,
        place: Place,
        other: StoryId,
        step: Step,
        except: Option<StoryId>,
    ) -> Result<(i64, Option<i64>)> {
        let card = expect("story", self.card(other)?)?;
        if card.place != place {
            return Ok((card.rank, self.next_rank_except(place, card.rank, step, except)?));
        }
        let next = match self.neighbour_of(other, step)? {
            Some(n) if Some(n.id) == except => self.neighbour(place, n.rank, step)?.map(|c| c.rank),
            n => n.map(|c| c.rank),
        };
        Ok((card.rank, next))
    }

    fn next_rank_except(&self, place: Place, rank: i64, step: Step, except: Option<StoryId>) -> Result<Option<i64>> {
        let Some(n) = self.neighbour(place, rank, step)? else {
            return Ok(None);
        };
        if Some(n.id) == except {
            return Ok(self.neighbour(place, n.rank, step)?.map(|c| c.rank));
        }
        Ok(Some(n.rank))
    }

    fn story_place(&self, id: StoryId) -> Result<Place> {
        Ok(expect("story", self.story(id)?)?.place)
    }

    /// Makes room between ranks `above` and `below` (adjacent, no integer
    /// left between them) by spreading out the stories from `below` on: a
    /// small stretch first, larger ones only if it is packed too — so a gap
    /// that runs out costs tens of rows, not the whole column.
    fn respace(&mut self, place: Place, above: i64, below: i64) -> Result<()> {
        let mut n = 64usize;
        loop {
            let stretch = self.cards_after(place, Some(below - 1), n + 1, &super::Filter::default())?;
            let (movers, next) =
                if stretch.len() > n { (&stretch[..n], Some(stretch[n].rank)) } else { (&stretch[..], None) };
            let hi = next.unwrap_or_else(|| above.saturating_add(rank::GAP.saturating_mul(movers.len() as i64 + 1)));
            let step = (hi - above) / (movers.len() as i64 + 1);
            if step >= 2 {
                for (i, c) in movers.iter().enumerate() {
                    let rank = above + step * (i as i64 + 1);
                    self.set_columns(Table::Story, c.id.0, &[("rank", Value::Integer(rank))])?;
                }
                return Ok(());
            }
            n = n.saturating_mul(4);
        }
    }

    /// Creates a story at `position` of its place; returns its id.
    pub fn insert_story(&mut self, new: &NewStory, position: Position) -> Result<StoryId> {
        self.insert_story_keyed(new, position).map(|(id, _)| id)
    }

    /// [`Tx::insert_story`], with the key the story got.
    pub fn insert_story_keyed(&mut self, new: &NewStory, position: Position) -> Result<(StoryId, String)> {
        let (key, rank) = self.key_and_rank(new, position)?;
        Ok((self.append_story(&key, new, rank)?, key))
    }

    /// [`Tx::insert_story_keyed`] where only the key is wanted back (an
    /// add): on a server the insert and its history wait to go with the
    /// commit instead of taking a round trip for the new row's id.
    pub fn add_story_keyed(&mut self, new: &NewStory, position: Position) -> Result<String> {
        let (key, rank) = self.key_and_rank(new, position)?;
        self.append_story_later(&key, new, rank)?;
        Ok(key)
    }

    fn key_and_rank(&mut self, new: &NewStory, position: Position) -> Result<(String, i64)> {
        let key = match &new.key {
            Some(k) => k.clone(),
            None => self.next_story_key()?,
        };
        let rank = self.rank_at(Place::from_sprint(new.place), position, None)?;
        Ok((key, rank))
    }

    /// Writes a story's editable fields.
    pub fn update_story(&mut self, id: StoryId, r: &StoryFields) -> Result<()> {
        let values =
            std::iter::once(Value::Integer(id.0)).chain(super::rows::story_values(r).into_iter().map(|(_, v)| v));
        let values: Vec<Value> = values.collect();
        self.tracked(Table::Story, id.0, super::rows::update_story_sql(), &as_params(&values))
    }

    /// Moves a story to `position` in `place`: one row written.
    pub fn place_story(&mut self, id: StoryId, place: Place, position: Position) -> Result<()> {
        let rank = self.rank_at(place, position, Some(id))?;
        let columns = place_rank(place, rank);
        // The values it replaces are the card's, read under the lock (and
        // read ahead by the move): the write needs no answer.
        self.set_columns_over(Table::Story, id.0, &columns, |tx| {
            Ok(tx.card(id)?.map(|c| {
                vec![c.place.sprint_id().map_or(Value::Null, |s| Value::Integer(s.0)), Value::Integer(c.rank)]
            }))
        })
    }

    /// [`Tx::update_story`] of a story read in this transaction as `old`:
    /// its images are known, so on a server the write waits for the next
    /// statement instead of being a round trip of its own.
    pub fn update_story_over(&mut self, id: StoryId, old: &StoryFields, r: &StoryFields) -> Result<()> {
        let image = |f: &StoryFields| -> super::Image {
            super::rows::story_values(f)
                .into_iter()
                .map(|(n, v)| (n.to_string(), super::history::sql_to_json(v)))
                .collect()
        };
        let values =
            std::iter::once(Value::Integer(id.0)).chain(super::rows::story_values(r).into_iter().map(|(_, v)| v));
        let values: Vec<Value> = values.collect();
        self.tracked_over(
            Table::Story,
            id.0,
            super::rows::update_story_sql(),
            &as_params(&values),
            (image(old), image(r)),
        )
    }

    /// Puts stories on top of a place in the order given, ranking them all
    /// from one look at the place's top (closing a sprint moves its
    /// unfinished stories this way).
    pub fn place_stories_on_top(&mut self, ids: &[StoryId], place: Place) -> Result<()> {
        let (top, _) = self.rank_bounds(place)?;
        let start = top.unwrap_or(0) - rank::GAP * ids.len() as i64;
        for (i, id) in ids.iter().enumerate() {
            self.set_columns(Table::Story, id.0, &place_rank(place, start + rank::GAP * i as i64))?;
        }
        Ok(())
    }

    /// [`Tx::place_stories_on_top`] of cards read in this transaction:
    /// the values replaced are theirs, so on a server no write waits for
    /// an answer.
    pub fn place_cards_on_top(&mut self, cards: &[Card], place: Place) -> Result<()> {
        let (top, _) = self.rank_bounds(place)?;
        self.place_cards_above(cards, place, top)
    }

    /// [`Tx::place_cards_on_top`] of a place whose top rank is known
    /// (`None`: it is empty, as a sprint just made is).
    pub fn place_cards_above(&mut self, cards: &[Card], place: Place, top: Option<i64>) -> Result<()> {
        let start = top.unwrap_or(0) - rank::GAP * cards.len() as i64;
        for (i, c) in cards.iter().enumerate() {
            let before = vec![c.place.sprint_id().map_or(Value::Null, |s| Value::Integer(s.0)), Value::Integer(c.rank)];
            let columns = place_rank(place, start + rank::GAP * i as i64);
            self.set_columns_over(Table::Story, c.id.0, &columns, |_| Ok(Some(before)))?;
        }
        Ok(())
    }

    /// Swaps the ranks of two stories of the same place (one step up/down).
    pub fn swap_ranks(&mut self, a: &Card, b: &Card) -> Result<()> {
        // Both cards were read in this transaction: their ranks are the
        // values replaced, and on a server neither write waits for an answer.
        for (id, old, rank) in [(a.id, a.rank, b.rank), (b.id, b.rank, a.rank)] {
            self.set_columns_over(Table::Story, id.0, &[("rank", Value::Integer(rank))], |_| {
                Ok(Some(vec![Value::Integer(old)]))
            })?;
        }
        Ok(())
    }

    /// Deletes a story.
    pub fn delete_story(&mut self, id: StoryId) -> Result<()> {
        self.release_story(id)?;
        self.tracked(Table::Story, id.0, "DELETE FROM story WHERE id = ?1", params![id])
    }

    /// Creates a sprint; returns its id.
    pub fn insert_sprint(&mut self, s: &SprintFields) -> Result<SprintId> {
        let (start, end) = (s.start.to_string(), s.end.to_string());
        let values = params![s.number, s.name, s.goal, start, end, s.capacity, s.state, s.committed];
        Ok(SprintId(self.tracked_insert(Table::Sprint, INSERT_SPRINT, values)?))
    }

    /// [`Tx::insert_sprint`] as number `id` ([`Tx::next_id`]): on a server
    /// the insert and its history wait to go with the commit.
    pub fn insert_sprint_as(&mut self, id: SprintId, s: &SprintFields) -> Result<()> {
        let (start, end) = (s.start.to_string(), s.end.to_string());
        let values = params![s.number, s.name, s.goal, start, end, s.capacity, s.state, s.committed, id];
        let sql = "INSERT INTO sprint (number, name, goal, start_date, end_date, capacity, state, committed, id) \
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        self.tracked_insert_as(Table::Sprint, id.0, sql, values)
    }

    /// [`Tx::insert_sprint`] without the id (a plan, which reads it after
    /// its commit by the sprint's name, unique on a board): on a server the
    /// insert and its history wait to go with the commit.
    pub fn add_sprint(&mut self, s: &SprintFields) -> Result<()> {
        let (start, end) = (s.start.to_string(), s.end.to_string());
        let values = params![s.number, s.name, s.goal, start, end, s.capacity, s.state, s.committed];
        self.tracked_insert_later(Table::Sprint, INSERT_SPRINT, values, ("name = ?1", params![s.name]))
    }

    /// Writes a sprint's fields; its start and close stamp the time.
    pub fn update_sprint(&mut self, id: SprintId, s: &SprintFields) -> Result<()> {
        let now = values::time_text(self.now);
        let (start, end) = (s.start.to_string(), s.end.to_string());
        let values = params![id, s.number, s.name, s.goal, start, end, s.capacity, s.state, s.committed, now];
        // The row as the update leaves it, worked out as the statement
        // does, so that a server needs no answer from it.
        let after = |before: &super::Image| {
            let mut row = before.clone();
            let state = |r: &super::Image| r.get("state").and_then(|v| v.as_str().map(str::to_string));
            let was = state(before);
            let json = |v: Option<i64>| v.map_or(serde_json::Value::Null, serde_json::Value::from);
            let text = |t: &str| serde_json::Value::String(t.to_string());
            row.insert("number".into(), s.number.into());
            row.insert("name".into(), text(&s.name));
            row.insert("goal".into(), text(&s.goal));
            row.insert("start_date".into(), text(&start));
            row.insert("end_date".into(), text(&end));
            row.insert("capacity".into(), json(s.capacity.map(|p| p.hundredths())));
            row.insert("committed".into(), json(s.committed.map(|p| p.hundredths())));
            row.insert("state".into(), text(s.state.as_str()));
            if was.as_deref() == Some("planned") && s.state == SprintState::Active {
                row.insert("started_at".into(), text(&now));
            }
            if was.as_deref() != Some("closed") && s.state == SprintState::Closed {
                row.insert("closed_at".into(), text(&now));
            }
            row
        };
        self.tracked_from_image(Table::Sprint, id.0, UPDATE_SPRINT, values, after)
    }

    /// Deletes a sprint (the caller has emptied it).
    pub fn delete_sprint(&mut self, id: SprintId) -> Result<()> {
        self.release_sprint(id)?;
        self.tracked(Table::Sprint, id.0, "DELETE FROM sprint WHERE id = ?1", params![id])
    }

    /// Records that a story was committed to a sprint at its start.
    pub fn insert_commitment(&mut self, sprint: SprintId, story: StoryId, points: Points) -> Result<()> {
        self.tracked_insert_later(
            Table::Commitment,
            "INSERT INTO commitment (sprint_id, story_id, points) VALUES (?1, ?2, ?3)",
            params![sprint, story, points],
            ("sprint_id = ?1 AND story_id = ?2", params![sprint, story]),
        )
    }

    /// Writes a closed sprint's velocity record.
    pub fn insert_velocity(&mut self, sprint: SprintId, v: &VelocityRecord) -> Result<()> {
        self.insert_velocity_frozen(sprint, v, None)
    }

    /// [`Tx::insert_velocity`] with the team it had frozen in the row
    /// (person-days, labour cost): a close writes both in one statement.
    pub fn insert_velocity_frozen(
        &mut self,
        sprint: SprintId,
        v: &VelocityRecord,
        team: Option<(i64, crate::domain::money::Money)>,
    ) -> Result<()> {
        let (days, cost) = (team.map(|t| t.0), team.map(|t| t.1.0));
        self.tracked_insert_later(
            Table::Velocity,
            "INSERT INTO velocity (sprint_id, committed, completed, added, removed, carried_over, person_days, cost) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![sprint, v.committed, v.completed, v.added, v.removed, v.carried_over, days, cost],
            ("sprint_id = ?1", params![sprint]),
        )
    }

    /// The ids of a sprint's commitment and velocity rows (to delete a sprint).
    fn sprint_dependants(&self, sprint: SprintId) -> Result<Vec<(Table, i64)>> {
        let mut out = Vec::new();
        for (table, sql) in [
            (Table::Commitment, "SELECT id FROM commitment WHERE sprint_id = ?1"),
            (Table::Velocity, "SELECT id FROM velocity WHERE sprint_id = ?1"),
        ] {
            for id in self.db.query_map(sql, params![sprint], |r| r.get::<_, i64>(0))? {
                out.push((table, id));
            }
        }
        Ok(out)
    }

    /// Deletes a sprint's commitment and velocity rows.
    pub fn delete_sprint_records(&mut self, sprint: SprintId) -> Result<()> {
        for (table, id) in self.sprint_dependants(sprint)? {
            let sql = format!("DELETE FROM {} WHERE id = ?1", table.name());
            self.tracked(table, id, &sql, params![id])?;
        }
        Ok(())
    }
}
