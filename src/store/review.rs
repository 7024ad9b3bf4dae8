//! A closed sprint as it was when it closed, for its review (the markdown
//! minutes): which stories were in it, with what points and status, read
//! back from the history without a table of its own.
//!
//! The close is the history entry that wrote the sprint's velocity row.
//! From there the store looks forward, never back: a board built untracked
//! (the demo, an import) has no history before its first tracked change,
//! but every change after a tracked close is in the log. So:
//! - a story was in the sprint at close if its first burndown event
//!   (`story_event`) from the close on takes it out, or changes it in
//!   place; a story with no such event is in it at close if it is now;
//! - its points and status at close are the before image of the first later
//!   change to each (`history_row`), or its values now if none changed.
//!
//! A sprint that came closed (from a file, or the demo) has no close in the
//! history: its stories are read as they are now.
//!
//! Everything read is bounded by the sprint: its events since the close,
//! its stories and commitment, and those stories' history since the close.

use super::Result;
use super::db::Sql;
use super::history::Image;
use crate::domain::report::ReviewStory;
use crate::domain::*;
use rusqlite::params;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The stories in the sprint now (`IS`: PostgreSQL's dialect reads it by
/// the place index).
const MEMBERS: &str = "SELECT id FROM story WHERE sprint_id IS ?1";
/// The sprint's burndown events in effect from entry `?2` on.
const EVENTS: &str = "SELECT e.story_id, e.in_sprint FROM story_event e JOIN history h ON h.seq = e.seq \
     WHERE e.sprint_id = ?1 AND e.seq >= ?2 AND h.undone = 0 ORDER BY e.seq";
/// The sprint's commitment at start.
const COMMITMENT: &str = "SELECT story_id, points FROM commitment WHERE sprint_id = ?1";
/// The entry in effect that wrote the sprint's velocity row.
const CLOSE: &str = "SELECT max(r.seq) FROM velocity v JOIN history_row r ON r.tbl = 'velocity' AND r.row_id = v.id \
     JOIN history h ON h.seq = r.seq WHERE v.sprint_id = ?1 AND r.before IS NULL AND h.undone = 0";
/// The sprint's velocity record's removed and carried points.
const RECORD: &str = "SELECT removed, carried_over FROM velocity WHERE sprint_id = ?1";

/// Some stories by id, as the review shows them.
fn rows_sql(ids: &BTreeSet<i64>) -> String {
    format!("SELECT id, key, title, kind, points, status, sprint_id FROM story WHERE id IN ({})", id_list(ids))
}

/// Some stories' changes in effect after entry `?1`, oldest first.
fn changes_sql(ids: &BTreeSet<i64>) -> String {
    // CROSS JOIN: SQLite then reads the stories' rows by their index first,
    // rather than every entry since the close (which it may otherwise
    // pick, and which grows with the board's whole history).
    format!(
        "SELECT r.row_id, r.before, r.after FROM history_row r CROSS JOIN history h \
         WHERE h.seq = r.seq AND r.tbl = 'story' AND r.row_id IN ({}) AND r.seq > ?1 AND h.undone = 0 \
         ORDER BY r.seq, r.ord",
        id_list(ids)
    )
}

/// The sprint's stories as they were at its close (`from_history`: whether
/// the close was found in the history; if not, they are as they are now).
pub(super) fn sprint_at_close(conn: &impl Sql, sprint: SprintId) -> Result<(Vec<ReviewStory>, bool)> {
    let close = close_seq(conn, sprint)?;
    let now_in: BTreeSet<i64> = conn.query_map(MEMBERS, params![sprint], |r| r.get(0))?.into_iter().collect();
    let mut in_at_close = now_in.clone();
    if let Some(seq) = close {
        // The first event of each story from the close on says whether it
        // was in the sprint just before: joining means it was not.
        let events: Vec<(i64, Option<bool>)> =
            conn.query_map(EVENTS, params![sprint, seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut seen = BTreeSet::new();
        for (story, in_sprint) in events {
            if seen.insert(story) {
                if in_sprint == Some(true) {
                    in_at_close.remove(&story);
                } else {
                    in_at_close.insert(story);
                }
            }
        }
    }
    let committed: HashMap<i64, Points> =
        conn.query_map(COMMITMENT, params![sprint], |r| Ok((r.get(0)?, r.get(1)?)))?.into_iter().collect();
    if close.is_none() && carried_not_removed(conn, sprint)? {
        // No close to look back to (the sprint came closed from a file or
        // the demo): a committed story that has left the sprint was carried
        // over, unless its record says points were removed and none carried.
        in_at_close.extend(committed.keys().copied().filter(|id| *id > 0));
    }
    let ids: BTreeSet<i64> =
        in_at_close.iter().copied().chain(committed.keys().copied()).filter(|id| *id > 0).collect();
    let rows = current_rows(conn, &ids)?;
    let later = match close {
        Some(seq) => changes_since(conn, &ids, seq)?,
        None => BTreeMap::new(),
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let changes = later.get(&id).map(Vec::as_slice).unwrap_or_default();
        // A story deleted since the close: its delete's before image is the
        // whole row as it last was.
        let deleted = changes.iter().find_map(|(before, after)| after.is_none().then_some(before.as_ref()).flatten());
        let (row, now) = match (rows.get(&id), deleted) {
            (Some(row), _) => (row, Some(place_of(row))),
            (None, Some(image)) => (image, None),
            (None, None) => continue,
        };
        // The value at close: the before image of the first later change
        // that names the column, else the value the row has now.
        let at_close = |col: &str| -> Json {
            changes
                .iter()
                .find_map(|(before, _)| before.as_ref().and_then(|b| b.get(col)).cloned())
                .or_else(|| row.get(col).cloned())
                .unwrap_or(Json::Null)
        };
        let text = |v: Json| v.as_str().map(str::to_string).unwrap_or_default();
        let points = at_close("points").as_i64().map(Points::from_hundredths);
        let status = text(at_close("status")).parse().unwrap_or_default();
        out.push(ReviewStory {
            id: StoryId(id),
            key: text(row.get("key").cloned().unwrap_or(Json::Null)),
            title: text(row.get("title").cloned().unwrap_or(Json::Null)),
            kind: text(row.get("kind").cloned().unwrap_or(Json::Null)).parse().unwrap_or_default(),
            committed: committed.get(&id).copied(),
            at_close: in_at_close.contains(&id).then_some((points, status)),
            now,
        });
    }
    Ok((out, close.is_some()))
}

/// The history entry, in effect, that wrote the sprint's velocity row.
fn close_seq(conn: &impl Sql, sprint: SprintId) -> Result<Option<i64>> {
    conn.query_opt(CLOSE, params![sprint], |r| r.get::<_, Option<i64>>(0)).map(Option::flatten)
}

/// Whether the sprint's velocity record counts its committed stories that
/// left it as carried over rather than removed.
fn carried_not_removed(conn: &impl Sql, sprint: SprintId) -> Result<bool> {
    let record: Option<(i64, i64)> = conn.query_opt(RECORD, params![sprint], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(record.is_none_or(|(removed, carried)| removed == 0 || carried > 0))
}

/// `1, 2, 3`: ids for an `IN` list (integers, so nothing to escape).
fn id_list(ids: &BTreeSet<i64>) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// The stories among `ids` that exist, as images of the columns the review needs.
fn current_rows(conn: &impl Sql, ids: &BTreeSet<i64>) -> Result<HashMap<i64, Image>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = conn.query_map(&rows_sql(ids), &[], |r| {
        let mut m = Image::new();
        m.insert("key".into(), Json::String(r.get(1)?));
        m.insert("title".into(), Json::String(r.get(2)?));
        m.insert("kind".into(), Json::String(r.get(3)?));
        m.insert("points".into(), r.get::<_, Option<i64>>(4)?.map_or(Json::Null, Json::from));
        m.insert("status".into(), Json::String(r.get(5)?));
        m.insert("sprint_id".into(), r.get::<_, Option<i64>>(6)?.map_or(Json::Null, Json::from));
        Ok((r.get::<_, i64>(0)?, m))
    })?;
    Ok(rows.into_iter().collect())
}

/// Each story's changes in effect after entry `seq`, oldest first, as
/// (before, after) images.
#[allow(clippy::type_complexity)]
fn changes_since(
    conn: &impl Sql,
    ids: &BTreeSet<i64>,
    seq: i64,
) -> Result<BTreeMap<i64, Vec<(Option<Image>, Option<Image>)>>> {
    let mut out: BTreeMap<i64, Vec<(Option<Image>, Option<Image>)>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str::<Image>(&t).ok());
    for (id, before, after) in conn.query_map(&changes_sql(ids), params![seq], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
    })? {
        out.entry(id).or_default().push((parse(before), parse(after)));
    }
    Ok(out)
}

/// Where a story row is now.
fn place_of(row: &Image) -> Place {
    match row.get("sprint_id").and_then(Json::as_i64) {
        Some(s) => Place::Sprint(SprintId(s)),
        None => Place::Backlog,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::db::{Value, as_params};

    /// The real queries' plans on a board file: each starts from the
    /// sprint's or its stories' rows by an index and scans no table, so
    /// the read is bounded by the sprint, not by the board or its history.
    #[test]
    fn every_read_starts_from_the_sprint_or_its_stories() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("b.db")).unwrap();
        let ids: BTreeSet<i64> = [1, 2, 3].into();
        let one = [Value::Integer(7)];
        let two = [Value::Integer(7), Value::Integer(3)];
        for (sql, args, first) in [
            (MEMBERS.to_string(), &one[..], "story_by_place"),
            (EVENTS.to_string(), &two[..], "SEARCH e USING PRIMARY KEY (sprint_id=?"),
            (COMMITMENT.to_string(), &one[..], "SEARCH commitment"),
            (CLOSE.to_string(), &one[..], "SEARCH v "),
            (RECORD.to_string(), &one[..], "SEARCH velocity"),
            (rows_sql(&ids), &[][..], "SEARCH story USING INTEGER PRIMARY KEY"),
            (changes_sql(&ids), &one[..], "history_row_by_row (tbl=? AND row_id=?"),
        ] {
            let plan: Vec<String> =
                store.db.query_map(&format!("EXPLAIN QUERY PLAN {sql}"), &as_params(args), |r| r.get(3)).unwrap();
            assert!(plan[0].contains(first), "{sql}: {plan:?}");
            assert!(plan.iter().all(|step| !step.starts_with("SCAN")), "{sql}: {plan:?}");
        }
    }
}
