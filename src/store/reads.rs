//! Queries. Screens read windows of a column and tallies; nothing here
//! scans the board except the explicit whole-board reads used by export.

use super::db::{Db, Sql};
use super::rows::*;
use super::{Error, Result, Store, Tx, values};
use super::{HistoryEntry, SprintEvent, Table};
use crate::domain::*;
use rusqlite::params;
use std::collections::HashMap;

const FILTER_SQL: &str = " AND (CAST(?3 AS TEXT) IS NULL OR key LIKE ?3 ESCAPE '\\' OR title LIKE ?3 ESCAPE '\\' OR labels LIKE ?3 ESCAPE '\\' \
     OR ('@' || assignee) LIKE ?3 ESCAPE '\\' OR epic_id IN (SELECT id FROM epic WHERE key LIKE ?3 ESCAPE '\\' OR title LIKE ?3 ESCAPE '\\'))";

/// Stands in for the tally in a list read without it: the screens' lists
/// (the open sprints, the epics) and their tallies are read apart, so that
/// after a story's change only the tallies are new, and a server need not
/// send the list again (`postgres::Conn::held`).
const TALLY_APART: &str = "(SELECT 0 AS stories, 0 AS points, 0 AS done, 0 AS unestimated) t";

/// The tallies of `scope` ("place" or "epic"), by owner; with `owners`
/// (a query of ids), only theirs.
fn tallies_of(conn: &Db, scope: &str, owners: Option<&str>) -> Result<HashMap<i64, Tally>> {
    let only = owners.map(|o| format!(" AND owner IN ({o})")).unwrap_or_default();
    let sql = format!("SELECT owner, {} FROM tally WHERE scope = ?1{only}", tally::SQL);
    let rows = conn.query_map(&sql, params![scope], |r| Ok((r.get(0)?, tally_at(r, 1)?)))?;
    Ok(rows.into_iter().collect())
}

mod sealed {
    /// Gives the read queries their connection; not nameable outside the store.
    pub trait Conn {
        fn conn(&self) -> &crate::store::db::Db;
    }
}

impl sealed::Conn for Store {
    fn conn(&self) -> &Db {
        &self.db
    }
}

impl sealed::Conn for Tx<'_> {
    fn conn(&self) -> &Db {
        self.db
    }
}

impl Reads for Store {}
impl Reads for Tx<'_> {}

/// The read queries, available on the store and inside a write transaction.
pub trait Reads: sealed::Conn {
    /// The board's name and key prefix.
    fn board(&self) -> Result<Board> {
        self.conn().query_row("SELECT name, key_prefix FROM board WHERE id = 1", &[], |r| {
            Ok(Board { name: r.get(0)?, key_prefix: r.get(1)? })
        })
    }

    /// One story, in full.
    fn story(&self, id: StoryId) -> Result<Option<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM story WHERE id = ?1");
        self.conn().query_opt(&sql, params![id], story)
    }

    /// One story by its key (case-insensitive: `sb-3` finds `SB-3`).
    fn story_by_key(&self, key: &str) -> Result<Option<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM story WHERE key = ?1 COLLATE NOCASE");
        self.conn().query_opt(&sql, params![key.trim()], story)
    }

    /// Cards of a place in rank order, starting after `after_rank` (or at the
    /// top), at most `limit`: a window read through the place index. With a
    /// filter, only the next [`FILTER_SCAN`] stories are searched, so a word
    /// that matches nothing costs the same on any board.
    fn cards_after(&self, place: Place, after_rank: Option<i64>, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
        self.window(place, after_rank.unwrap_or(i64::MIN), true, limit, filter)
    }

    /// Cards of a place just before `before_rank` (or at the bottom), nearest
    /// first, at most `limit` (filtered: within [`FILTER_SCAN`] stories).
    fn cards_before(&self, place: Place, before_rank: Option<i64>, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
        self.window(place, before_rank.unwrap_or(i64::MAX), false, limit, filter)
    }

    /// A story's card and those below it in `place`, at most `limit`: the
    /// focused card's window read by the story rather than by its rank, so
    /// that a screen's reload after a drag up or down reads what the last
    /// one did (on a server, answered with the action's commit).
    fn cards_from_story(&self, place: Place, story: StoryId, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
        window_at(self.conn(), place, Anchor::Story(story), true, limit, filter)
    }

    /// The cards just above a story in `place`, nearest first.
    fn cards_above_story(&self, place: Place, story: StoryId, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
        window_at(self.conn(), place, Anchor::Story(story), false, limit, filter)
    }

    /// The shared query of `cards_after` and `cards_before`.
    fn window(&self, place: Place, from: i64, down: bool, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
        window_at(self.conn(), place, Anchor::Rank(from), down, limit, filter)
    }

    /// The rank [`FILTER_SCAN`] stories on from `from` (down or up), where a
    /// filtered search stopped; `None` when the column ends first.
    fn filter_scan_edge(&self, place: Place, from: Option<i64>, down: bool) -> Result<Option<i64>> {
        let sql = if down {
            "SELECT rank FROM story WHERE sprint_id IS ?1 AND rank > ?2 ORDER BY rank LIMIT 1 OFFSET ?3"
        } else {
            "SELECT rank FROM story WHERE sprint_id IS ?1 AND rank < ?2 ORDER BY rank DESC LIMIT 1 OFFSET ?3"
        };
        let from = from.unwrap_or(if down { i64::MIN } else { i64::MAX });
        self.conn().query_opt(sql, params![place.sprint_id(), from, FILTER_SCAN as i64 - 1], |r| r.get(0))
    }

    /// The card of a story.
    fn card(&self, id: StoryId) -> Result<Option<Card>> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM story WHERE id = ?1");
        self.conn().query_opt(&sql, params![id], card)
    }

    /// Every card of a place in rank order (sprints: bounded by sprint size).
    fn cards_in(&self, place: Place) -> Result<Vec<Card>> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM story WHERE sprint_id IS ?1 ORDER BY rank");
        self.conn().query_map(&sql, params![place.sprint_id()], card)
    }

    /// Every story of a place in rank order (sprints: bounded by sprint size).
    fn stories_in(&self, place: Place) -> Result<Vec<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM story WHERE sprint_id IS ?1 ORDER BY rank");
        self.conn().query_map(&sql, params![place.sprint_id()], story)
    }

    /// Every story in board order: backlog by rank, then each sprint (by
    /// number) by rank. Whole-board: for export only.
    fn each_story(&self, f: &mut dyn FnMut(Story) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM story LEFT JOIN (SELECT id AS sid, number FROM sprint) AS n ON sid = sprint_id \
             ORDER BY sprint_id IS NOT NULL, number, rank"
        );
        self.conn().each_row(&sql, &[], None, &mut |r| f(story(&r)?))
    }

    /// Each unfinished story of a place in rank order, as (epic, points):
    /// the work the forecast walks. Reads two small columns by the index.
    fn each_remaining(&self, place: Place, f: &mut dyn FnMut(Option<EpicId>, Option<Points>)) -> Result<()> {
        // The backlog by a constant, not a parameter: a server then plans
        // the read for the backlog's size (tens of thousands of stories:
        // read in rank order through the index) rather than for an
        // average place (a few hundred: fetched, then sorted on disk),
        // twice as fast on a big board.
        let sprint = place.sprint_id();
        let (sql, params) = match sprint {
            None => ("SELECT epic_id, points, status FROM story WHERE sprint_id IS NULL ORDER BY rank", params![]),
            Some(_) => {
                ("SELECT epic_id, points, status FROM story WHERE sprint_id IS ?1 ORDER BY rank", params![sprint])
            }
        };
        self.conn().each_row(sql, params, None, &mut |r| {
            if r.get::<_, Status>(2)? != Status::Done {
                f(r.get(0)?, r.get(1)?);
            }
            Ok(())
        })
    }

    /// Kind, status and start/done times of a place's stories (reports).
    #[allow(clippy::type_complexity)]
    fn story_stats(
        &self,
        place: Place,
    ) -> Result<Vec<(Kind, Status, Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)>> {
        self.conn().query_map(
            "SELECT kind, status, started_at, done_at FROM story WHERE sprint_id IS ?1",
            params![place.sprint_id()],
            |r| Ok((r.get(0)?, r.get(1)?, time_col(r, 2)?, time_col(r, 3)?)),
        )
    }

    /// The counts and points of a place.
    fn tally(&self, place: Place) -> Result<Tally> {
        let owner = place.sprint_id().map_or(0, |s| s.0);
        Ok(self
            .conn()
            .query_opt(
                &format!("SELECT {} FROM tally WHERE scope = 'place' AND owner = ?1", tally::SQL),
                params![owner],
                |r| tally_at(r, 0),
            )?
            .unwrap_or_default())
    }

    /// Sum of points of the first `limit` stories of a place before `rank`:
    /// where a forecast walk resumes for a window that starts mid-column.
    fn points_before(&self, place: Place, rank: i64, limit: usize) -> Result<(Points, usize)> {
        let (sum, n): (Points, i64) = self.conn().query_row(
            "SELECT coalesce(sum(CASE WHEN status = 'done' THEN 0 ELSE points END), 0), count(*) FROM \
             (SELECT points, status FROM story WHERE sprint_id IS ?1 AND rank < ?2 ORDER BY rank LIMIT ?3) AS w",
            params![place.sprint_id(), rank, limit as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((sum, n as usize))
    }

    /// [`Reads::points_before`] the card of `story` (the first of a
    /// window), by the story: a reload reads it again with the same values.
    fn points_above_story(&self, place: Place, story: StoryId, limit: usize) -> Result<(Points, usize)> {
        let (sum, n): (Points, i64) = self.conn().query_row(
            "SELECT coalesce(sum(CASE WHEN status = 'done' THEN 0 ELSE points END), 0), count(*) FROM \
             (SELECT points, status FROM story WHERE sprint_id IS ?1 AND rank < (SELECT rank FROM story WHERE id = ?2) \
             ORDER BY rank LIMIT ?3) AS w",
            params![place.sprint_id(), story, limit as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((sum, n as usize))
    }

    /// The story next to `rank` in a place, above or below.
    fn neighbour(&self, place: Place, rank: i64, step: Step) -> Result<Option<Card>> {
        let sql = match step {
            Step::Up => format!(
                "SELECT {CARD_COLUMNS} FROM story WHERE sprint_id IS ?1 AND rank < ?2 ORDER BY rank DESC LIMIT 1"
            ),
            Step::Down => {
                format!("SELECT {CARD_COLUMNS} FROM story WHERE sprint_id IS ?1 AND rank > ?2 ORDER BY rank LIMIT 1")
            }
        };
        self.conn().query_opt(&sql, params![place.sprint_id(), rank], card)
    }

    /// The card next to a story in its column, one step up or down: by
    /// the story alone, so that an action can read it ahead.
    fn neighbour_of(&self, story: StoryId, step: Step) -> Result<Option<Card>> {
        let (cmp, order) = match step {
            Step::Up => ("<", "DESC"),
            Step::Down => (">", "ASC"),
        };
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM story WHERE sprint_id IS (SELECT sprint_id FROM story WHERE id = ?1) \
             AND rank {cmp} (SELECT rank FROM story WHERE id = ?1) ORDER BY rank {order} LIMIT 1"
        );
        self.conn().query_opt(&sql, params![story], card)
    }

    /// Lowest and highest rank of a place.
    fn rank_bounds(&self, place: Place) -> Result<(Option<i64>, Option<i64>)> {
        // Two index probes; `min`/`max` together would not use the index.
        let lo = self.conn().query_opt(
            "SELECT rank FROM story WHERE sprint_id IS ?1 ORDER BY rank LIMIT 1",
            params![place.sprint_id()],
            |r| r.get(0),
        )?;
        let hi = self.conn().query_opt(
            "SELECT rank FROM story WHERE sprint_id IS ?1 ORDER BY rank DESC LIMIT 1",
            params![place.sprint_id()],
            |r| r.get(0),
        )?;
        Ok((lo, hi))
    }

    /// The top rank of the first planned sprint (by number), if it holds
    /// a story: where a close carries its unfinished stories "to the next
    /// sprint", read ahead with the close's other reads.
    fn top_of_first_planned(&self) -> Result<Option<i64>> {
        self.conn().query_opt(
            "SELECT rank FROM story WHERE sprint_id IS (SELECT id FROM sprint WHERE state = 'planned' ORDER BY number LIMIT 1) \
             ORDER BY rank LIMIT 1",
            &[],
            |r| r.get(0),
        )
    }

    /// All sprints, by number, with their tallies.
    fn sprints(&self) -> Result<Vec<Sprint>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS} FROM sprint s LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id ORDER BY s.number"
        );
        self.conn().query_map(&sql, &[], sprint)
    }

    /// The planned and active sprints, by number (a screen's columns; the
    /// closed ones, which grow with the board's age, are not read).
    fn open_sprints(&self) -> Result<Vec<Sprint>> {
        let sql =
            format!("SELECT {SPRINT_COLUMNS} FROM sprint s, {TALLY_APART} WHERE s.state != 'closed' ORDER BY s.number");
        let mut sprints = self.conn().query_map(&sql, &[], sprint)?;
        let mut tallies = tallies_of(self.conn(), "place", Some("SELECT id FROM sprint WHERE state != 'closed'"))?;
        for s in &mut sprints {
            s.tally = tallies.remove(&s.id.0).unwrap_or_default();
        }
        Ok(sprints)
    }

    /// The highest sprint number and the latest end date of any sprint.
    fn sprint_extent(&self) -> Result<(i64, Option<chrono::NaiveDate>)> {
        self.conn().query_row("SELECT coalesce(max(number), 0), max(end_date) FROM sprint", &[], |r| {
            Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.and_then(|s| values::parse_date(&s))))
        })
    }

    /// Completed points of the last `n` closed sprints, oldest first.
    fn recent_completed(&self, n: usize) -> Result<Vec<Points>> {
        // The count is written into the statement: PostgreSQL plans a
        // `LIMIT` parameter afresh on every run (a generic plan cannot
        // know it), which cost more than the read itself.
        let sql = format!(
            "SELECT v.completed FROM velocity v JOIN sprint s ON s.id = v.sprint_id ORDER BY s.number DESC LIMIT {n}"
        );
        let mut v: Vec<Points> = self.conn().query_map(&sql, &[], |r| r.get(0))?;
        v.reverse();
        Ok(v)
    }

    /// One sprint.
    fn sprint(&self, id: SprintId) -> Result<Option<Sprint>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS} FROM sprint s LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id WHERE s.id = ?1"
        );
        self.conn().query_opt(&sql, params![id], sprint)
    }

    /// The sprint a story is in (none in the backlog): by the story, so
    /// that an action can read it ahead before it knows the sprint.
    fn sprint_of_story(&self, story: StoryId) -> Result<Option<Sprint>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS} FROM sprint s LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id \
             WHERE s.id = (SELECT sprint_id FROM story WHERE id = ?1)"
        );
        self.conn().query_opt(&sql, params![story], sprint)
    }

    /// A sprint by name (case-insensitive), or by number when `name` is one.
    fn sprint_by_name(&self, name: &str) -> Result<Option<Sprint>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS} FROM sprint s LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id \
             WHERE s.name = ?1 COLLATE NOCASE OR CAST(s.number AS TEXT) = ?1 ORDER BY s.name = ?1 COLLATE NOCASE DESC LIMIT 1"
        );
        self.conn().query_opt(&sql, params![name.trim()], sprint)
    }

    /// The active sprint, if any.
    fn active_sprint(&self) -> Result<Option<Sprint>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS} FROM sprint s LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id WHERE s.state = 'active'"
        );
        self.conn().query_opt(&sql, &[], sprint)
    }

    /// Closed sprints in order with their velocity records.
    fn velocity_records(&self) -> Result<Vec<SprintRecord>> {
        let sql = format!(
            "SELECT {SPRINT_COLUMNS}, v.committed, v.completed, v.added, v.removed, v.carried_over \
             FROM sprint s JOIN velocity v ON v.sprint_id = s.id \
             LEFT JOIN tally t ON t.scope = 'place' AND t.owner = s.id ORDER BY s.number"
        );
        self.conn().query_map(&sql, &[], |r| {
            Ok(SprintRecord {
                sprint: sprint(r)?,
                record: VelocityRecord {
                    // The record's columns follow the sprint's.
                    committed: r.get(sprint::COUNT)?,
                    completed: r.get(sprint::COUNT + 1)?,
                    added: r.get(sprint::COUNT + 2)?,
                    removed: r.get(sprint::COUNT + 3)?,
                    carried_over: r.get(sprint::COUNT + 4)?,
                },
            })
        })
    }

    /// The stories and points a sprint committed to when it started.
    fn commitment(&self, sprint: SprintId) -> Result<HashMap<StoryId, Points>> {
        Ok(self
            .conn()
            .query_map("SELECT story_id, points FROM commitment WHERE sprint_id = ?1", params![sprint], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .into_iter()
            .collect())
    }

    /// A closed sprint's stories as they were when it closed (points and
    /// status then), with the stories it committed to at start; `true` when
    /// the close is in the history (else they are read as they are now).
    fn sprint_at_close(&self, sprint: SprintId) -> Result<(Vec<crate::domain::report::ReviewStory>, bool)> {
        super::review::sprint_at_close(self.conn(), sprint)
    }

    /// All epics in roadmap order, with progress.
    fn epics(&self) -> Result<Vec<Epic>> {
        let sql = format!("SELECT {EPIC_COLUMNS} FROM epic e, {TALLY_APART} ORDER BY e.rank");
        let mut epics = self.conn().query_map(&sql, &[], epic)?;
        // Every epic tally is an epic's (a deleted epic's is left at zero).
        let mut tallies = tallies_of(self.conn(), "epic", None)?;
        for e in &mut epics {
            e.tally = tallies.remove(&e.id.0).unwrap_or_default();
        }
        Ok(epics)
    }

    /// One epic by key (case-insensitive).
    fn epic_by_key(&self, key: &str) -> Result<Option<Epic>> {
        let sql = format!(
            "SELECT {EPIC_COLUMNS} FROM epic e LEFT JOIN tally t ON t.scope = 'epic' AND t.owner = e.id WHERE e.key = ?1 COLLATE NOCASE"
        );
        self.conn().query_opt(&sql, params![key.trim()], epic)
    }

    /// One epic.
    fn epic(&self, id: EpicId) -> Result<Option<Epic>> {
        let sql = format!(
            "SELECT {EPIC_COLUMNS} FROM epic e LEFT JOIN tally t ON t.scope = 'epic' AND t.owner = e.id WHERE e.id = ?1"
        );
        self.conn().query_opt(&sql, params![id], epic)
    }

    /// All objectives in order.
    fn objectives(&self) -> Result<Vec<Objective>> {
        self.conn().query_map("SELECT id, title, description, metric FROM objective ORDER BY rank, id", &[], |r| {
            Ok(Objective { id: r.get(0)?, title: r.get(1)?, description: r.get(2)?, metric: r.get(3)? })
        })
    }

    /// All risks, highest level first.
    fn risks(&self) -> Result<Vec<Risk>> {
        let sql = format!("SELECT {RISK_COLUMNS} FROM risk ORDER BY probability * impact DESC, id");
        self.conn().query_map(&sql, &[], risk)
    }

    /// One risk.
    fn risk(&self, id: RiskId) -> Result<Option<Risk>> {
        let sql = format!("SELECT {RISK_COLUMNS} FROM risk WHERE id = ?1");
        self.conn().query_opt(&sql, params![id], risk)
    }

    /// Number of stories on the board (by the tallies, not a scan).
    fn story_count(&self) -> Result<i64> {
        self.conn().query_row("SELECT coalesce(sum(stories), 0) FROM tally WHERE scope = 'place'", &[], |r| r.get(0))
    }

    /// The burndown's events of a sprint from `at` on, after entry
    /// `after_seq` (0: all), oldest first.
    fn sprint_events(&self, sprint: SprintId, at: chrono::NaiveDateTime, after_seq: i64) -> Result<Vec<SprintEvent>> {
        super::events::sprint_events(self.conn(), sprint.0, &values::time_text(at), after_seq)
    }

    /// A number that goes up with every undo and redo (which change old
    /// entries, where commits only add new ones).
    fn undo_generation(&self) -> Result<i64> {
        self.conn().query_row("SELECT undo_generation FROM history_state WHERE id = 1", &[], |r| r.get(0))
    }

    /// The newest change in effect that touched a row: who made it and what
    /// it was, for a sentence saying why a screen's action was refused.
    fn last_change(&self, table: Table, id: i64) -> Result<Option<HistoryEntry>> {
        self.conn().query_opt(
            "SELECT h.seq, h.at, h.label, h.author FROM history_row r JOIN history h ON h.seq = r.seq \
             WHERE r.tbl = ?1 AND r.row_id = ?2 AND h.undone = 0 ORDER BY r.seq DESC LIMIT 1",
            params![table.name(), id],
            |r| {
                let at: String = r.get(1)?;
                Ok(HistoryEntry {
                    seq: r.get(0)?,
                    at: values::parse_time(&at).unwrap_or_default(),
                    label: r.get(2)?,
                    author: r.get(3)?,
                })
            },
        )
    }

    /// Whether a story key is taken.
    /// The board's key prefix and the number its next story key starts
    /// looking from.
    /// The board's key prefix, its next story number and whether the key
    /// they make is taken already (by an imported story): one read, so an
    /// add knows its key in the round trip it reads the rest in.
    fn story_counter(&self) -> Result<(String, i64, bool)> {
        self.conn().query_row(
            "SELECT key_prefix, next_story, CASE WHEN EXISTS (SELECT 1 FROM story \
             WHERE key = (key_prefix || '-' || next_story) COLLATE NOCASE) THEN 1 ELSE 0 END \
             FROM board WHERE id = 1",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0)),
        )
    }

    /// The dependencies a story is in, either side (what its deletion
    /// removes with it).
    fn dependencies_touching(&self, story: StoryId) -> Result<Vec<i64>> {
        self.conn()
            .query_map("SELECT id FROM dependency WHERE story_id = ?1 OR blocker_id = ?1", params![story], |r| r.get(0))
    }

    fn key_taken(&self, key: &str) -> Result<bool> {
        self.conn().exists("SELECT 1 FROM story WHERE key = ?1 COLLATE NOCASE", params![key])
    }
}

/// [`Reads::window`] from a rank (exclusive) or a story (from it
/// down, or above it).
fn window_at(conn: &Db, place: Place, at: Anchor, down: bool, limit: usize, filter: &Filter) -> Result<Vec<Card>> {
    let (cmp, order) = match (down, at) {
        (true, Anchor::Rank(_)) => ("> ?2", ""),
        (true, Anchor::Story(_)) => (">= (SELECT rank FROM story WHERE id = ?2)", ""),
        (false, Anchor::Rank(_)) => ("< ?2", "DESC"),
        (false, Anchor::Story(_)) => ("< (SELECT rank FROM story WHERE id = ?2)", "DESC"),
    };
    let from = match at {
        Anchor::Rank(r) => r,
        Anchor::Story(id) => id.0,
    };
    let pattern = filter.pattern();
    let sql = if pattern.is_some() {
        format!(
            "SELECT {CARD_COLUMNS} FROM (SELECT id, key, title, kind, points, status, epic_id, rank, version, \
             sprint_id, labels, assignee FROM story WHERE sprint_id IS ?1 AND rank {cmp} ORDER BY rank {order} LIMIT ?5) AS w \
             WHERE TRUE {FILTER_SQL} ORDER BY rank {order} LIMIT ?4"
        )
    } else {
        format!("SELECT {CARD_COLUMNS} FROM story WHERE sprint_id IS ?1 AND rank {cmp} ORDER BY rank {order} LIMIT ?3")
    };
    if pattern.is_some() {
        conn.query_map(&sql, params![place.sprint_id(), from, pattern, limit as i64, FILTER_SCAN as i64], card)
    } else {
        conn.query_map(&sql, params![place.sprint_id(), from, limit as i64], card)
    }
}

/// Where a window of cards starts: after or before a rank, or at a story.
#[derive(Clone, Copy)]
enum Anchor {
    Rank(i64),
    Story(StoryId),
}

/// A missing row that an operation expected: a damaged file, not a user error.
pub(super) fn expect<T>(what: &str, v: Option<T>) -> Result<T> {
    v.ok_or_else(|| Error::Damaged(format!("{what} is missing")))
}
