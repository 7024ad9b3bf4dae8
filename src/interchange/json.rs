//! The `sprintboard/1` JSON document: the writer of `export --format json`
//! and its reader, whose errors name the JSON path (or line and column) and
//! say what was expected in words.

use super::Problem;
use super::snapshot::Snapshot;
use crate::domain::document::{Document, FORMAT};
use crate::store::{self, Reads, Store};
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::io::Write;

/// Writes the whole board, pretty-printed and deterministic, ending in a
/// newline. Store errors met while streaming the stories come back as such.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<(), super::Error> {
    let snapshot = Snapshot::read(store).map_err(crate::ops::Error::from)?;
    let failed = RefCell::new(None);
    let doc = Streamed { snapshot: &snapshot, store, failed: &failed };
    let mut buf = std::io::BufWriter::new(out);
    let written = serde_json::to_writer_pretty(&mut buf, &doc);
    if let Some(e) = failed.into_inner() {
        return Err(crate::ops::Error::from(e).into());
    }
    written.map_err(|e| super::Error::Write(e.into()))?;
    buf.write_all(b"\n")?;
    buf.flush()?;
    Ok(())
}

/// The document with its stories streamed from the store.
struct Streamed<'a> {
    snapshot: &'a Snapshot,
    store: &'a Store,
    failed: &'a RefCell<Option<store::Error>>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Same fields, same order as `Document`, whose reader reads this back.
        let head = &self.snapshot.head;
        let mut doc = s.serialize_struct("Document", 7)?;
        doc.serialize_field("format", &head.format)?;
        doc.serialize_field("board", &head.board)?;
        doc.serialize_field("objectives", &head.objectives)?;
        doc.serialize_field("epics", &head.epics)?;
        doc.serialize_field("sprints", &head.sprints)?;
        doc.serialize_field("stories", &Stories(self))?;
        doc.serialize_field("risks", &head.risks)?;
        doc.end()
    }
}

struct Stories<'a>(&'a Streamed<'a>);

impl Serialize for Stories<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut write_error = None;
        let read = self.0.store.each_story(&mut |story| {
            if let Err(e) = seq.serialize_element(&self.0.snapshot.story(story)) {
                write_error = Some(e);
                // Stops the walk; the writer's own error is returned below.
                return Err(store::Error::Damaged("export stopped".into()));
            }
            Ok(())
        });
        if let Some(e) = write_error {
            return Err(e);
        }
        if let Err(e) = read {
            let message = e.to_string();
            *self.0.failed.borrow_mut() = Some(e);
            return Err(S::Error::custom(message));
        }
        seq.end()
    }
}

/// Reads a `sprintboard/1` document.
pub fn read(text: &str) -> Result<Document, Problem> {
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: Document = match serde_path_to_error::deserialize(&mut de) {
        Ok(doc) => doc,
        Err(e) => {
            let path = e.path().to_string();
            return Err(problem(&path, e.into_inner()));
        }
    };
    de.end().map_err(|e| problem(".", e))?;
    if doc.format != FORMAT {
        return Err(Problem::new(
            "format",
            format!("\"{}\" is not a format this sprintboard reads (it reads {FORMAT})", doc.format),
        ));
    }
    Ok(doc)
}

/// Where and why, in words, from serde_json's error.
pub(super) fn problem(path: &str, e: serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let place = format!("line {}, column {}", e.line(), e.column());
    let full = e.to_string();
    let message = full.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&full);
    match e.classify() {
        Category::Eof => Problem::new(place, "the file ends too early; it looks cut short (truncated)"),
        Category::Syntax | Category::Io => Problem::new(place, format!("this is not valid JSON ({message})")),
        Category::Data if path == "." && message == "missing field `format`" => {
            Problem::new("the file", format!("this is not a sprintboard export (it has no \"format\": \"{FORMAT}\")"))
        }
        Category::Data if path == "." => Problem::new("the file", in_words(message)),
        Category::Data => Problem::new(path, in_words(message)),
    }
}

/// serde's messages in the words of someone editing the file:
/// `invalid type: string "five", expected f64` → `expected a number, found "five"`.
fn in_words(message: &str) -> String {
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        return format!("the field \"{field}\" is missing");
    }
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let found = match found {
        "map" => "an object".to_string(),
        "sequence" => "a list".to_string(),
        "null" => "null".to_string(),
        other => match other.split_once(' ') {
            // `string "five"`, `integer `5``, `floating point `1.5``, `boolean `true``
            Some((_, value)) if other.starts_with("string ") => value.to_string(),
            Some(_) => other.rsplit(' ').next().unwrap_or(other).trim_matches('`').to_string(),
            None => other.to_string(),
        },
    };
    let expected = match expected {
        "f64" | "f32" => "a number",
        "i64" | "u64" | "i32" | "u32" | "u8" => "a whole number",
        "a string" => "text",
        "a sequence" => "a list",
        e if e.starts_with("struct ") || e == "a map" => "an object",
        e => e,
    };
    format!("expected {expected}, found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_read_as_expected_and_found() {
        assert_eq!(in_words("invalid type: string \"five\", expected f64"), "expected a number, found \"five\"");
        assert_eq!(in_words("invalid type: integer `5`, expected a string"), "expected text, found 5");
        assert_eq!(in_words("invalid type: map, expected a sequence"), "expected a list, found an object");
        assert_eq!(in_words("missing field `title`"), "the field \"title\" is missing");
        let e = read(r#"{"format": "sprintboard/1", "stories": [{"title": "a", "points": "five"}]}"#).unwrap_err();
        assert_eq!((e.at.as_str(), e.why.as_str()), ("stories[0].points", "expected a number, found \"five\""));
    }

    #[test]
    fn truncated_and_foreign_files_say_so() {
        let e = read("{\"format\": \"sprintboard/1\",\n \"stories\": [").unwrap_err();
        assert_eq!(e.at, "line 2, column 13");
        assert!(e.why.contains("truncated"), "{}", e.why);
        let e = read("{\"name\": 1}").unwrap_err();
        assert!(e.why.contains("not a sprintboard export"), "{}", e.why);
        let e = read("{\"format\": \"sprintboard/9\"}").unwrap_err();
        assert!(e.why.contains("sprintboard/9"), "{}", e.why);
        assert!(read("{\"format\": \"sprintboard/1\"} x").unwrap_err().why.contains("not valid JSON"));
    }
}
