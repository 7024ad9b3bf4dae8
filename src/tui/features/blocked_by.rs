//! The story form's "Blocked by" field: the keys of the stories it waits
//! on, comma-separated. Saving sets the links through `ops::set_blockers`
//! (one undoable change), so a loop is refused with the loop named, as
//! `block` refuses it on the command line.

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

/// Sets what the story is blocked by to the typed keys, in one undoable
/// change (`ops::set_blockers`), when they differ from its links now;
/// returns what it did in words. A loop or an unknown key is refused with
/// its sentence, and nothing is linked.
pub fn sync(store: &mut Store, story: StoryId, typed: &[String]) -> Result<Option<String>, String> {
    let now = ops::blockers_of(store, story).map_err(|e| e.to_string())?;
    let same = now.len() == typed.len() && now.iter().all(|k| typed.contains(k));
    if same {
        return Ok(None);
    }
    ops::set_blockers(store, story, typed).map(|d| Some(d.message)).map_err(|e| e.to_string())
}
