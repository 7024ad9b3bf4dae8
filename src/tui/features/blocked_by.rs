//! The story form's "Blocked by" field: the keys of the stories it waits
//! on, comma-separated. Saving links the new ones and unlinks the ones
//! taken out, through `ops::block`/`ops::unblock` (each an undoable
//! change), so a loop is refused with the loop named, as on the command line.

use crate::domain::StoryId;
use crate::ops;
use crate::store::Store;
use crate::tui::form::{Field, Form};

/// The field's label.
pub const LABEL: &str = "Blocked by";

/// Adds the field after the labels (or at the end), filled with the keys
/// of what the story waits on now.
pub fn add_field(store: &Store, form: &mut Form, story: Option<StoryId>) {
    let keys = story.map(|id| ops::blockers_of(store, id).unwrap_or_default()).unwrap_or_default();
    let at = form.fields.iter().position(|f| f.label == "Labels").map_or(form.fields.len(), |i| i + 1);
    form.fields.insert(at, Field::line(LABEL, &keys.join(", ")));
}

/// The keys typed, upper-cased, each once, in the order typed.
pub fn typed_keys(form: &Form) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let typed = form.get(LABEL).map(|f| f.value()).unwrap_or_default();
    for k in typed.split([',', ' ', ';']).map(|k| k.trim().to_uppercase()).filter(|k| !k.is_empty()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Links and unlinks so that `key` is blocked by exactly the typed keys;
/// returns what it did in words (empty when nothing changed). Stops at the
/// first refusal (a loop, an unknown key) with its sentence.
pub fn sync(store: &mut Store, story: StoryId, key: &str, typed: &[String]) -> Result<Vec<String>, String> {
    let now = ops::blockers_of(store, story).map_err(|e| e.to_string())?;
    let mut said = Vec::new();
    for by in typed.iter().filter(|k| !now.contains(k)) {
        if by == key {
            return Err(format!("{key} cannot be blocked by itself"));
        }
        said.push(ops::block(store, key, by).map_err(|e| e.to_string())?.message);
    }
    for by in now.iter().filter(|k| !typed.contains(k)) {
        said.push(ops::unblock(store, key, by).map_err(|e| e.to_string())?.message);
    }
    Ok(said)
}
