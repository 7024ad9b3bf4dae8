//! Translating history written by schema 2, where each entry held its row
//! images as one JSON array, into schema 3's `history_row` and
//! `story_event`, so that entries written before the migration stay
//! undoable and still drive the burndown.

use crate::store::events;
use crate::store::history::Image;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// A row change as schema 2 stored it.
#[derive(serde::Deserialize)]
struct OldChange {
    table: String,
    id: i64,
    before: Option<Image>,
    after: Option<Image>,
}

/// The columns the burndown events need.
const TRACKED: [&str; 3] = ["sprint_id", "points", "status"];

/// Runs inside the schema-3 migration, while the old `history` table (with
/// its `changes` column) still stands beside the new one.
pub(super) fn translate_v2_history(conn: &Connection) -> rusqlite::Result<()> {
    let entries = read_entries(conn)?;
    // Old partial images name only what changed. A story's sprint, points
    // and status at any entry come from walking the log from each one's
    // first known value: the `before` of its first change of that column
    // (or its insert), else the row as it is now — right, because the log
    // never changed that column.
    let mut first: HashMap<i64, Image> = HashMap::new();
    for (_, changes) in &entries {
        for c in changes.iter().filter(|c| c.table == "story") {
            let known = first.entry(c.id).or_default();
            let source = if c.before.is_some() { &c.before } else { &c.after };
            for col in TRACKED {
                if let Some(v) = source.as_ref().and_then(|m| m.get(col)).filter(|_| !known.contains_key(col)) {
                    known.insert(col.to_string(), v.clone());
                }
            }
        }
    }
    let mut state: HashMap<i64, Image> = HashMap::new();
    for (seq, changes) in entries {
        for (ord, c) in changes.into_iter().enumerate() {
            let text = |m: &Option<Image>| m.as_ref().map(|m| serde_json::Value::Object(m.clone()).to_string());
            conn.execute(
                "INSERT INTO history_row (seq, ord, tbl, row_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![seq, ord as i64, c.table, c.id, text(&c.before), text(&c.after)],
            )?;
            if c.table != "story" {
                continue;
            }
            let now = match state.remove(&c.id) {
                Some(s) => s,
                None => seed(conn, c.id, first.get(&c.id))?,
            };
            let before = c.before.as_ref().map(|_| now.clone());
            let after = c.after.as_ref().map(|a| {
                let mut next = now.clone();
                for col in TRACKED {
                    if let Some(v) = a.get(col) {
                        next.insert(col.to_string(), v.clone());
                    }
                }
                next
            });
            events::record(conn, seq, c.id, before.as_ref(), after.as_ref())
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            if let Some(a) = after {
                state.insert(c.id, a);
            }
        }
    }
    Ok(())
}

/// Every schema-2 entry with its parsed changes, in order.
fn read_entries(conn: &Connection) -> rusqlite::Result<Vec<(i64, Vec<OldChange>)>> {
    let mut read = conn.prepare("SELECT seq, changes FROM history ORDER BY seq")?;
    let mut rows = read.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text: String = r.get(1)?;
        let changes: Vec<OldChange> = serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                format!("history entry {seq}: {e}").into(),
            )
        })?;
        out.push((seq, changes));
    }
    Ok(out)
}

/// A story's tracked columns before the log's first entry about it.
fn seed(conn: &Connection, id: i64, first: Option<&Image>) -> rusqlite::Result<Image> {
    let mut image = first.cloned().unwrap_or_default();
    if TRACKED.iter().all(|c| image.contains_key(*c)) {
        return Ok(image);
    }
    let row = conn
        .query_row("SELECT sprint_id, points, status FROM story WHERE id = ?1", [id], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?))
        })
        .ok();
    let (sprint, points, status) = row.unwrap_or((None, None, "todo".into()));
    let json = |v: Option<i64>| v.map_or(serde_json::Value::Null, serde_json::Value::from);
    image.entry("sprint_id").or_insert_with(|| json(sprint));
    image.entry("points").or_insert_with(|| json(points));
    image.entry("status").or_insert_with(|| serde_json::Value::String(status));
    Ok(image)
}
