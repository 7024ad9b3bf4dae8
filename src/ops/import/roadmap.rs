//! Objectives and epics of an imported document.

use super::*;
use crate::store::EpicFields;
use std::collections::HashSet;

pub(super) fn import_objectives(
    tx: &mut Tx<'_>,
    doc: &Document,
    blank: bool,
    got: &mut Imported,
) -> Result<HashMap<String, ObjectiveId>> {
    let mut by_title: HashMap<String, ObjectiveId> = HashMap::new();
    if !blank {
        for o in tx.objectives()?.into_iter().rev() {
            by_title.insert(o.title, o.id);
        }
    }
    let on_board: HashSet<String> = by_title.keys().cloned().collect();
    for (i, o) in doc.objectives.iter().enumerate() {
        check_title(at("objectives", i, "title"), "an objective", &o.title)?;
        check_text(at("objectives", i, "description"), "the description", &o.description)?;
        if on_board.contains(&o.title) {
            continue;
        }
        let id = tx.insert_objective(&o.title, &o.description, &o.metric)?;
        by_title.entry(o.title.clone()).or_insert(id);
        got.objectives += 1;
    }
    Ok(by_title)
}

/// Creates the file's epics; returns how stories and risks find them (by the
/// file's key, or title for a keyless one) and the highest `E-N` kept.
pub(super) fn import_epics(
    tx: &mut Tx<'_>,
    doc: &Document,
    blank: bool,
    update: bool,
    objectives: &HashMap<String, ObjectiveId>,
    got: &mut Imported,
) -> Result<(HashMap<String, EpicId>, Option<i64>)> {
    let mut refs: HashMap<String, EpicId> = HashMap::new();
    let mut highest = None;
    let board_epics = if blank { Vec::new() } else { tx.epics()? };
    // The board's epics by key and by title, looked up once per file epic
    // (a scan per epic made big files into big boards quadratic).
    let (mut board_keys, mut board_titles) = (HashMap::new(), HashMap::new());
    for b in &board_epics {
        board_keys.entry(norm(&b.key)).or_insert(b);
        board_titles.entry(norm(&b.fields.title)).or_insert(b);
    }
    // Every key the file gives an epic, wherever it comes: a key made up for
    // an epic met earlier must not be one of them (else the later epic
    // could not have its own, and the import would fail on the order of rows).
    let file_keys: HashSet<String> = doc.epics.iter().filter_map(|e| e.key.as_deref()).map(norm).collect();
    for (i, e) in doc.epics.iter().enumerate() {
        check_title(at("epics", i, "title"), "an epic", &e.title)?;
        check_text(at("epics", i, "description"), "the description", &e.description)?;
        let key = e.key.as_deref().map(str::trim);
        if key == Some("") {
            return bad(at("epics", i, "key"), "an epic key cannot be empty");
        }
        let reference = norm(key.unwrap_or(&e.title));
        if key.is_some() && refs.contains_key(&reference) {
            return bad(at("epics", i, "key"), format!("\"{}\" appears twice in the file", key.unwrap_or_default()));
        }
        let objective = match &e.objective {
            Some(t) => Some(*objectives.get(t).map_or_else(
                || bad(at("epics", i, "objective"), format!("no objective titled \"{t}\" in the file")),
                Ok,
            )?),
            None => None,
        };
        let same_key = key.and_then(|k| board_keys.get(&norm(k)).copied());
        let same_title = || board_titles.get(&norm(&e.title)).copied();
        let shared = match same_key {
            Some(b) if e.reference || norm(&b.fields.title) == norm(&e.title) => Some(b.id),
            // `--update`: the board's epic of this key, renamed in the file.
            Some(b) if update => {
                let mut row = b.fields.clone();
                row.title = e.title.clone();
                if !e.description.trim().is_empty() {
                    row.description = e.description.clone();
                }
                if row != b.fields {
                    tx.update_epic(b.id, &row)?;
                    got.updated_epics += 1;
                }
                Some(b.id)
            }
            None if e.reference && key.is_none() => same_title().map(|b| b.id),
            _ => None,
        };
        let id = match shared {
            Some(id) => id,
            None => {
                // A key the board already uses for another epic: take the next free one.
                let key = match key.filter(|_| same_key.is_none()) {
                    Some(k) => {
                        if let Some(n) = key_number(k, "E") {
                            highest = highest.max(Some(n));
                        }
                        k.to_string()
                    }
                    None => tx.take_epic_key(|k| file_keys.contains(&norm(k)))?,
                };
                let row = EpicFields {
                    title: e.title.clone(),
                    description: e.description.clone(),
                    objective,
                    quarter: e.quarter,
                    colour: e.colour.clone(),
                };
                got.epics += 1;
                tx.insert_epic(Some(&key), &row)?
            }
        };
        refs.insert(reference, id);
    }
    Ok((refs, highest))
}

pub(super) fn find_epic_ref(
    tx: &Tx<'_>,
    refs: &HashMap<String, EpicId>,
    blank: bool,
    key: &str,
    at: impl std::fmt::Display,
) -> Result<EpicId> {
    if let Some(id) = refs.get(&norm(key)) {
        return Ok(*id);
    }
    if !blank && let Some(e) = tx.epic_by_key(key)? {
        return Ok(e.id);
    }
    let whence = if blank { "in the file" } else { "in the file or on the board" };
    bad(at, format!("no epic \"{}\" {whence}", key.trim()))
}
