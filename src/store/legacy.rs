//! Translating history written by schema 2, where each entry held its row
//! images as one JSON array, into schema 3's `history_row` and
//! `story_event`, so that entries written before the migration stay
//! undoable and still drive the burndown.

use super::events;
use super::history::Image;
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

/// Runs inside the schema-3 migration, while the old `history` table (with
/// its `changes` column) still stands beside the new one.
pub(super) fn translate_v2_history(conn: &Connection) -> rusqlite::Result<()> {
    let mut read = conn.prepare("SELECT seq, changes FROM history ORDER BY seq")?;
    let mut rows = read.query([])?;
    // Old partial images of a story name only what changed; the sprint it
    // was in comes from the entries before (or, failing those, the row now).
    let mut sprint_of: HashMap<i64, serde_json::Value> = HashMap::new();
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
        for (ord, c) in changes.into_iter().enumerate() {
            let text = |m: &Option<Image>| m.as_ref().map(|m| serde_json::Value::Object(m.clone()).to_string());
            conn.execute(
                "INSERT INTO history_row (seq, ord, tbl, row_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![seq, ord as i64, c.table, c.id, text(&c.before), text(&c.after)],
            )?;
            if c.table != "story" {
                continue;
            }
            let (mut before, mut after) = (c.before.clone(), c.after.clone());
            let known = match (sprint_of.get(&c.id), &before) {
                (_, Some(b)) if b.contains_key("sprint_id") => b["sprint_id"].clone(),
                (Some(s), _) => s.clone(),
                (None, _) => conn
                    .query_row("SELECT sprint_id FROM story WHERE id = ?1", [c.id], |r| r.get::<_, Option<i64>>(0))
                    .map(|s| s.map_or(serde_json::Value::Null, serde_json::Value::from))
                    .unwrap_or(serde_json::Value::Null),
            };
            for image in [before.as_mut(), after.as_mut().filter(|_| c.before.is_some())].into_iter().flatten() {
                image.entry("sprint_id").or_insert_with(|| known.clone());
            }
            if let Some(s) = after.as_ref().and_then(|a| a.get("sprint_id")) {
                sprint_of.insert(c.id, s.clone());
            }
            events::record(conn, seq, c.id, before.as_ref(), after.as_ref())
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        }
    }
    Ok(())
}
