//! The `sprintboard/1` JSON reader, streaming: the document's small parts
//! are kept, its stories handed over one at a time as they are parsed, so
//! reading a million stories holds one. Errors name the JSON path (or line
//! and column) and say what was expected in words.

use super::Problem;
use super::file::{self, Utf8Checked};
use super::json_cut::{self, Stop};
use crate::domain::document::{Document, FORMAT, StoryDoc, TextValue};
use crate::domain::{Points, Status};
use crate::ops;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::{BufReader, Read};
use std::path::PathBuf;

/// A `sprintboard/1` file, read from disk each time it is read.
pub struct JsonFile(pub PathBuf);

impl JsonFile {
    fn input(&self) -> ops::Result<impl std::io::BufRead> {
        let f = file::open(&self.0).map_err(file::cannot_read)?;
        Ok(BufReader::with_capacity(1 << 16, Utf8Checked::new(f)))
    }
}

impl JsonFile {
    /// Reads the file by the shortcut of `json_cut`, or, where that stops,
    /// the long way from the start, past the stories already handed over.
    fn read_file(&self, skim: bool, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        match json_cut::read(self.input()?, skim, story) {
            Ok(doc) => Ok(doc),
            Err(Stop::Refused(e)) => Err(e),
            Err(Stop::Fallback { handed }) => {
                let mut skipped = 0;
                read(self.input()?, skim, &mut |s| {
                    if skipped < handed {
                        skipped += 1;
                        return Ok(());
                    }
                    story(s)
                })
            }
        }
    }
}

impl ops::Source for JsonFile {
    fn read(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        self.read_file(false, story)
    }

    fn survey(&mut self, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
        self.read_file(true, story)
    }
}

/// Reads a document from `input`, handing each story to `story` as soon as
/// it is parsed (when `skim`, with only what a survey looks at); returns the
/// rest. An error of `story` is returned as it is.
pub fn read(input: impl Read, skim: bool, story: &mut dyn FnMut(StoryDoc) -> ops::Result<()>) -> ops::Result<Document> {
    let mut de = serde_json::Deserializer::from_reader(input);
    let mut track = serde_path_to_error::Track::new();
    let mut refused = None;
    let parsed = Whole { story, skim, refused: &mut refused }
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    if let Some(e) = refused {
        return Err(e);
    }
    let doc = parsed.map_err(|e| problem(&track.path().to_string(), e))?;
    de.end().map_err(|e| problem(".", e))?;
    if doc.format != FORMAT {
        return Err(Problem::new(
            "format",
            format!("\"{}\" is not a format this sprintboard reads (it reads {FORMAT})", doc.format),
        )
        .into());
    }
    Ok(doc)
}

/// The document, with its `stories` handed over rather than kept.
struct Whole<'a> {
    story: &'a mut dyn FnMut(StoryDoc) -> ops::Result<()>,
    skim: bool,
    /// Where `story`'s error waits while serde unwinds with a stand-in.
    refused: &'a mut Option<ops::Error>,
}

/// The fields of [`Document`], in the order the export writes them.
const FIELDS: &[&str] = &[
    "format",
    "board",
    "objectives",
    "epics",
    "sprints",
    "stories",
    "risks",
    "members",
    "days_off",
    "budgets",
    "expenses",
    "dependencies",
    "sprint_team",
];

impl<'de> DeserializeSeed<'de> for Whole<'_> {
    type Value = Document;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_struct("Document", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for Whole<'_> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde's own wording for a struct, which `in_words` rewords.
        f.write_str("struct Document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut doc = Document::default();
        let (mut format, mut seen) = (None, [false; FIELDS.len()]);
        while let Some(name) = map.next_key::<String>()? {
            let Some(field) = FIELDS.iter().position(|f| *f == name) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if std::mem::replace(&mut seen[field], true) {
                return Err(de::Error::duplicate_field(FIELDS[field]));
            }
            match FIELDS[field] {
                "format" => format = Some(map.next_value()?),
                "board" => doc.board = map.next_value()?,
                "objectives" => doc.objectives = map.next_value()?,
                "epics" => doc.epics = map.next_value()?,
                "sprints" => doc.sprints = map.next_value()?,
                "stories" => {
                    map.next_value_seed(Stories { story: self.story, skim: self.skim, refused: self.refused })?
                }
                "members" => doc.team.members = map.next_value()?,
                "days_off" => doc.team.days_off = map.next_value()?,
                "budgets" => doc.team.budgets = map.next_value()?,
                "expenses" => doc.team.expenses = map.next_value()?,
                "dependencies" => doc.team.dependencies = map.next_value()?,
                "sprint_team" => doc.team.sprint_team = map.next_value()?,
                _ => doc.risks = map.next_value()?,
            }
        }
        doc.format = format.ok_or_else(|| de::Error::missing_field("format"))?;
        Ok(doc)
    }
}

/// The `stories` list, each handed over as it is parsed.
struct Stories<'s, 'a> {
    story: &'s mut (dyn FnMut(StoryDoc) -> ops::Result<()> + 'a),
    skim: bool,
    refused: &'s mut Option<ops::Error>,
}

impl<'de> DeserializeSeed<'de> for Stories<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Stories<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let next = if self.skim { seq.next_element::<Skim>()?.map(Skim::story) } else { seq.next_element()? };
            let Some(s) = next else { break };
            if let Err(e) = (self.story)(s) {
                *self.refused = Some(e);
                // Stops the parse; `read` returns the kept error instead.
                return Err(de::Error::custom("the import stopped"));
            }
        }
        Ok(())
    }
}

/// What a survey looks at of a story. serde_json steps over the other
/// fields without making strings or times of them (a survey of a million
/// stories took 1.8 s instead of 2.3 s); they are checked when the stories
/// are read to be written.
#[derive(Deserialize)]
pub(super) struct Skim {
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    points: Option<Points>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sprint: Option<String>,
}

impl Skim {
    /// The story as far as the survey needs it.
    pub(super) fn story(self) -> StoryDoc {
        // A wrong status is said by the second reading, with its path.
        let status = self.status.and_then(|s| Status::from_text(&s).ok()).unwrap_or(Status::Todo);
        StoryDoc { key: self.key, points: self.points, status, sprint: self.sprint, ..StoryDoc::default() }
    }
}

/// Where and why, in words, from serde_json's error.
pub(super) fn problem(path: &str, e: serde_json::Error) -> Problem {
    use serde_json::error::Category;
    if e.classify() == Category::Io {
        let io: std::io::Error = e.into();
        if file::is_not_utf8(&io) {
            // Said of the whole file, as when it is found before reading.
            return Problem::new("", file::NOT_UTF8);
        }
        return Problem::new("the file", format!("it could not be read ({io})"));
    }
    // A syntax error also says where in the document the parser was.
    // A syntax error also says where in the document the parser was (a
    // field not yet named is `?` to serde_path_to_error: left out).
    let inside = path.split(".?").next().unwrap_or_default().trim_end_matches('?');
    let line = format!("line {}, column {}", e.line(), e.column());
    let place = match inside {
        "." | "" => line.clone(),
        inside => format!("{line} (in {inside})"),
    };
    let full = e.to_string();
    let message = full.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&full);
    match e.classify() {
        // Where a cut file ends says enough.
        Category::Eof => Problem::new(line, "the file ends too early; it looks cut short (truncated)"),
        Category::Syntax | Category::Io => {
            Problem::new(place, format!("this is not valid JSON: {}", syntax_in_words(message)))
        }
        Category::Data if path == "." && message == "missing field `format`" => Problem::new("the file", NOT_OURS),
        Category::Data if path == "." => match in_words(message).strip_prefix("expected an object, found ") {
            Some(found) => Problem::new("the file", format!("this is {}; {NOT_OURS}", a_value(found))),
            None => Problem::new("the file", in_words(message)),
        },
        Category::Data => Problem::new(path, in_words(message)),
    }
}

/// What a JSON file that is not one of ours is told.
const NOT_OURS: &str = "this is not a sprintboard export (it has no \"format\": \"sprintboard/1\") \
     nor a Trello board export (an object with \"lists\" and \"cards\")";

/// `a list`, `"hello"` → `a JSON list`, `the text "hello"`.
fn a_value(found: &str) -> String {
    match found {
        "a list" => "a JSON list".to_string(),
        "null" => "null".to_string(),
        text if text.starts_with('"') => format!("the text {text}"),
        other => format!("the value {other}"),
    }
}

/// serde_json's syntax messages in words.
fn syntax_in_words(message: &str) -> String {
    let words = match message {
        "expected `,` or `}`" => "a comma or a closing } is missing",
        "expected `,` or `]`" => "a comma or a closing ] is missing",
        "expected `:`" => "a colon is missing after a field name",
        "expected value" => "a value is missing, or is not JSON (text goes in double quotes)",
        "expected ident" => "a word that is not true, false or null (text goes in double quotes)",
        "trailing comma" => "a comma stands before a closing bracket",
        "trailing characters" => "there is more after the end of the document",
        "key must be a string" => "a field name must be in double quotes",
        "number out of range" => "a number is too large",
        "invalid escape" => "a backslash escape in a text is not one JSON has",
        m if m.starts_with("control character") => "a text holds a raw control character (a line break inside quotes?)",
        m if m.contains("unicode") || m.contains("surrogate") => "a \\u escape is not a valid character",
        m => return format!("({m})"),
    };
    words.to_string()
}

/// serde's messages in the words of someone editing the file:
/// `invalid type: string "five", expected f64` → `expected a number, found "five"`.
fn in_words(message: &str) -> String {
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        return format!("the field \"{field}\" is missing");
    }
    // serde reads an object from a list too, and then counts its elements.
    if let Some(rest) = message.strip_prefix("invalid length ")
        && rest.contains(", expected struct ")
    {
        return "expected an object, found a list".to_string();
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

    /// Reads a document from text, keeping its stories; the error as said.
    fn text(json: &str) -> Result<Document, String> {
        let mut stories = Vec::new();
        let mut doc = read(json.as_bytes(), false, &mut |s| {
            stories.push(s);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        doc.stories = stories;
        Ok(doc)
    }

    #[test]
    fn stories_are_handed_over_in_order_and_the_rest_is_kept() {
        let doc = text(
            r#"{"stories": [{"title": "a"}, {"title": "b"}], "epics": [{"title": "E"}], "extra": {"x": [1]},
                "format": "sprintboard/1"}"#,
        )
        .unwrap();
        let titles: Vec<&str> = doc.stories.iter().map(|s| s.title.as_str()).collect();
        assert_eq!((titles, doc.epics.len()), (vec!["a", "b"], 1));
        let two =
            r#"{"format": "sprintboard/1", "stories": [{"title": "a", "key": "K-1", "points": 3}, {"title": "b"}]}"#;
        let mut seen = 0;
        let e = read(two.as_bytes(), false, &mut |_| {
            seen += 1;
            Err(ops::Error::Refused("no".into()))
        })
        .unwrap_err();
        assert_eq!((e.to_string(), seen), ("no".to_string(), 1), "a refusal stops the reading as it is");
        let mut skimmed = Vec::new();
        read(two.as_bytes(), true, &mut |s| {
            skimmed.push((s.key, s.points, s.title));
            Ok(())
        })
        .unwrap();
        assert_eq!(skimmed, [(Some("K-1".into()), Some(Points::whole(3)), String::new()), (None, None, String::new())]);
        assert_eq!(text("{\"format\": \"sprintboard/1\", \"x\": \"caf\u{e9}\"}").unwrap().format, FORMAT);
        let e = read(Utf8Checked::new(&b"{\"format\": \"caf\xE9\"}"[..]), false, &mut |_| Ok(())).unwrap_err();
        assert_eq!(e.to_string(), "the text is not UTF-8; save the file as UTF-8");
    }

    #[test]
    fn type_errors_read_as_expected_and_found() {
        assert_eq!(in_words("invalid type: string \"five\", expected f64"), "expected a number, found \"five\"");
        assert_eq!(in_words("invalid type: integer `5`, expected a string"), "expected text, found 5");
        assert_eq!(in_words("invalid type: map, expected a sequence"), "expected a list, found an object");
        assert_eq!(in_words("missing field `title`"), "the field \"title\" is missing");
        let e = text(r#"{"format": "sprintboard/1", "stories": [{"title": "a", "points": "five"}]}"#).unwrap_err();
        assert_eq!(e, "stories[0].points: expected a number, found \"five\"");
    }

    #[test]
    fn truncated_and_foreign_files_say_so() {
        let e = text("{\"format\": \"sprintboard/1\",\n \"stories\": [").unwrap_err();
        assert!(e.starts_with("line 2, column 13: ") && e.contains("truncated"), "{e}");
        let e = text("{\"name\": 1}").unwrap_err();
        assert!(e.contains("not a sprintboard export") && e.contains("nor a Trello board export"), "{e}");
        for (json, says) in [
            ("[]", "the file: this is a JSON list; this is not a sprintboard export"),
            ("\"hi\"", "the file: this is the text \"hi\"; this is not"),
            (r#"{"format": "sprintboard/1", "board": []}"#, "board: expected an object, found a list"),
            (r#"{"format": "sprintboard/1", "stories": [[]]}"#, "stories[0]: expected an object, found a list"),
            (
                r#"{"format": "sprintboard/1", "stories": [{"title": "a"} {}]}"#,
                "line 1, column 56 (in stories): this is not valid JSON: a comma or a closing ] is missing",
            ),
            (
                r#"{"format": "sprintboard/1", "stories": [{"title": 'a'}]}"#,
                "line 1, column 51 (in stories[0].title): this is not valid JSON: a value is missing",
            ),
        ] {
            let e = text(json).unwrap_err();
            assert!(e.starts_with(says), "{json}: {e}");
            assert!(!e.contains("struct") && !e.contains('`'), "{e}");
        }
        let e = text("{\"format\": \"sprintboard/9\"}").unwrap_err();
        assert!(e.contains("sprintboard/9"), "{e}");
        assert!(text("{\"format\": \"sprintboard/1\"} x").unwrap_err().contains("not valid JSON"));
        let e = text("{\"format\": \"sprintboard/1\", \"stories\": [], \"stories\": []}").unwrap_err();
        assert!(e.contains("duplicate field `stories`"), "{e}");
    }
}
