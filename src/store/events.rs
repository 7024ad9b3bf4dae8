//! The burndown's own record: per sprint, each story joining or leaving it,
//! its points and whether it is done, as each change left them. Written in
//! the same transaction as the change, so the Sprint screen reads a few
//! indexed rows per key instead of parsing the history (60 ms a key after a
//! 1,680-story import, before this table).

use super::Result;
use super::db::Sql;
use super::history::Image;
use rusqlite::params;
use serde_json::Value as Json;

/// One story change as the burndown replays it (`None`: unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SprintEvent {
    /// The history entry it belongs to.
    pub seq: i64,
    /// Story row id.
    pub story: i64,
    /// When.
    pub at: chrono::NaiveDateTime,
    /// Joined (`true`) or left (`false`) the sprint.
    pub in_sprint: Option<bool>,
    /// Points after the change (hundredths).
    pub points: Option<i64>,
    /// Done after the change.
    pub done: Option<bool>,
}

/// An event row written from `rows` (values or a select), replacing the
/// one the same entry wrote for the same story and sprint.
macro_rules! event_upsert {
    ($rows:literal) => {
        concat!(
            "INSERT INTO story_event (sprint_id, seq, story_id, in_sprint, points, done) ",
            $rows,
            " ON CONFLICT (sprint_id, seq, story_id) DO UPDATE SET \
             in_sprint = excluded.in_sprint, points = excluded.points, done = excluded.done"
        )
    };
}

/// The sprint a story image names: `Some(None)` is the backlog, `None`
/// that the image does not say.
fn sprint_of(image: &Image) -> Option<Option<i64>> {
    image.get("sprint_id").map(Json::as_i64)
}

/// Writes the events of one story row change (`before`/`after`: `None` when
/// the row did not or no longer exists; partial images name what they set).
pub(super) fn record(
    conn: &impl Sql,
    seq: i64,
    story: i64,
    before: Option<&Image>,
    after: Option<&Image>,
) -> Result<()> {
    let changed = |col: &str| match (before, after) {
        (Some(b), Some(a)) => a.get(col).is_some_and(|v| b.get(col) != Some(v)),
        (None, Some(a)) => a.contains_key(col),
        _ => false,
    };
    let from = before.and_then(sprint_of);
    let to = after.and_then(sprint_of);
    let moved = before.is_none() || after.is_none() || (from.is_some() && to.is_some() && from != to);
    let points_changed = changed("points");
    let status_changed = changed("status");
    if !moved && !points_changed && !status_changed {
        return Ok(());
    }
    // A partial image (a move, an estimate) may not say which sprint the
    // story is in, nor its points and status: those the statement takes
    // from the row as it now is, on the engine's side, so that no answer
    // is waited for (on a server this write goes with the next statement).
    let known = |col: &str| after.and_then(|a| a.get(col));
    let now_in: Option<Option<i64>> = after.and_then(sprint_of);
    let was_in: Option<i64> = match from {
        Some(s) => s,
        None if before.is_some() => now_in.flatten(),
        None => None,
    };
    let write = |sprint: i64, in_sprint: Option<bool>, points: Option<i64>, done: Option<bool>| -> Result<()> {
        conn.later(
            event_upsert!("VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
            params![sprint, seq, story, in_sprint, points, done],
        )
    };
    let joined = after.is_some() && (before.is_none() || now_in.is_some_and(|n| was_in != n));
    if let Some(s) = was_in.filter(|_| before.is_some() && (after.is_none() || now_in.is_some_and(|n| was_in != n))) {
        write(s, Some(false), None, None)?;
    }
    if after.is_none() {
        return Ok(());
    }
    if joined {
        // Joining: what it brings matters, changed or not.
        return match (now_in, known("points"), known("status")) {
            (Some(Some(s)), Some(p), Some(st)) => {
                write(s, Some(true), Some(p.as_i64().unwrap_or(0)), Some(st.as_str() == Some("done")))
            }
            (Some(None), ..) => Ok(()),
            _ => join_from_row(conn, seq, story),
        };
    }
    let points = known("points").filter(|_| points_changed).map(|v| v.as_i64());
    let done = known("status").filter(|_| status_changed).map(|v| v.as_str() == Some("done"));
    match now_in {
        Some(Some(s)) => write(s, None, points.flatten(), done),
        Some(None) => Ok(()),
        // The image does not say the sprint: the row does.
        None => conn.later(
            event_upsert!(
                "SELECT sprint_id, CAST(?2 AS BIGINT), id, CAST(NULL AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT) \
                 FROM story WHERE id = ?1 AND sprint_id IS NOT NULL"
            ),
            params![story, seq, points.flatten(), done],
        ),
    }
}

/// A story joins the sprint its row is in (if any), with the points and
/// status the row has.
fn join_from_row(conn: &impl Sql, seq: i64, story: i64) -> Result<()> {
    record_insert_where(conn, seq, ("id = ?1", params![story]))
}

/// The events of a story just created: it joins its sprint, if it has one.
pub(super) fn record_insert(conn: &impl Sql, seq: i64, story: i64) -> Result<()> {
    join_from_row(conn, seq, story)
}

/// [`record_insert`] of the story `found` picks (an SQL condition on its
/// unique columns, with its parameters): for a row whose id is not known
/// yet, as it waits to be written with the next statement.
pub(super) fn record_insert_where(conn: &impl Sql, seq: i64, (found, by): (&str, super::db::Params<'_>)) -> Result<()> {
    let sql = format!(
        event_upsert!(
            "SELECT sprint_id, CAST(?{s} AS BIGINT), id, 1, coalesce(points, 0), CASE WHEN status = 'done' THEN 1 ELSE 0 END \
             FROM story WHERE {found} AND sprint_id IS NOT NULL"
        ),
        s = by.len() + 1,
        found = found,
    );
    let mut all: Vec<&dyn rusqlite::ToSql> = by.to_vec();
    all.push(&seq);
    conn.later(&sql, &all)
}

/// The events of a sprint from `since` on and after entry `after_seq`, in
/// effect (not undone), oldest first.
pub(super) fn sprint_events(conn: &impl Sql, sprint: i64, since: &str, after_seq: i64) -> Result<Vec<SprintEvent>> {
    conn.query_map(
        "SELECT e.seq, e.story_id, h.at, e.in_sprint, e.points, e.done FROM story_event e \
         JOIN history h ON h.seq = e.seq \
         WHERE e.sprint_id = ?1 AND e.seq > ?3 AND h.undone = 0 AND h.at >= ?2 ORDER BY e.seq",
        params![sprint, since, after_seq],
        |r| {
            let at: String = r.get(2)?;
            Ok(SprintEvent {
                seq: r.get(0)?,
                story: r.get(1)?,
                at: super::values::parse_time(&at).unwrap_or_default(),
                in_sprint: r.get(3)?,
                points: r.get(4)?,
                done: r.get(5)?,
            })
        },
    )
}
