//! Printing: tables for people (cut to the terminal width by display width)
//! and JSON for scripts.

use serde::Serialize;
use sprintboard::domain::document::StoryDoc;
use sprintboard::domain::{EpicId, Place, Points, SprintId, Story, text};
use sprintboard::store::Reads;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

/// Width used when standard output is not a terminal and `$COLUMNS` is unset.
const DEFAULT_WIDTH: usize = 100;
/// Widest a column other than the last may grow, in cells.
const MAX_CELL: usize = 30;

/// The width to fit tables to: the terminal's, else `$COLUMNS`, else 100.
pub fn terminal_width() -> usize {
    if io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
        && w > 0
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()).filter(|w| *w > 0).unwrap_or(DEFAULT_WIDTH)
}

/// How a column lines up.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table; the last column takes the width that is left and is cut to it.
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headings.
    pub fn new(columns: &[(&'static str, Align)]) -> Table {
        Table { columns: columns.to_vec(), rows: Vec::new() }
    }

    /// Adds a row, one cell per column.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the headings and rows, each line at most `width` cells.
    pub fn write(&self, out: &mut dyn Write, width: usize) -> io::Result<()> {
        let last = self.columns.len().saturating_sub(1);
        let headings: Vec<String> = self.columns.iter().map(|(h, _)| h.to_string()).collect();
        let lines: Vec<&Vec<String>> = std::iter::once(&headings).chain(&self.rows).collect();
        let cell = |row: &[String], i: usize| -> String {
            let text = row.get(i).map_or("", String::as_str);
            if i == last { text.to_string() } else { text::fit(text, MAX_CELL) }
        };
        let mut widths = vec![0; self.columns.len()];
        for row in &lines {
            for (i, w) in widths.iter_mut().enumerate() {
                *w = (*w).max(text::width(&cell(row, i)));
            }
        }
        let used: usize = widths.iter().take(last).map(|w| w + 2).sum();
        let rest = width.saturating_sub(used).max(10);
        widths[last] = widths[last].min(rest);
        for row in lines {
            let mut line = String::new();
            for (i, (_, align)) in self.columns.iter().enumerate() {
                let text = if i == last { text::fit(&cell(row, i), rest) } else { cell(row, i) };
                let pad = " ".repeat(widths[i].saturating_sub(text::width(&text)));
                match align {
                    Align::Left => line.push_str(&format!("{text}{pad}  ")),
                    Align::Right => line.push_str(&format!("{pad}{text}  ")),
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Points for a table: `5`, `0.5`, or `-` when unestimated.
pub fn points_cell(p: Option<Points>) -> String {
    p.map_or_else(|| "-".to_string(), |p| p.to_string())
}

/// Names of epics and sprints by id, to show stories by keys and names.
pub struct Names {
    epics: HashMap<EpicId, String>,
    sprints: HashMap<SprintId, String>,
}

impl Names {
    /// Reads every epic key and sprint name (a few hundred rows at most).
    pub fn read(r: &impl Reads) -> sprintboard::store::Result<Names> {
        Ok(Names {
            epics: r.epics()?.into_iter().map(|e| (e.id, e.key)).collect(),
            sprints: r.sprints()?.into_iter().map(|s| (s.id, s.fields.name)).collect(),
        })
    }

    fn epic(&self, id: Option<EpicId>) -> Option<&str> {
        id.and_then(|id| self.epics.get(&id)).map(String::as_str)
    }

    fn sprint(&self, place: Place) -> Option<&str> {
        place.sprint_id().and_then(|id| self.sprints.get(&id)).map(String::as_str)
    }
}

/// A story as `list --json` prints it: the export's story record, so the
/// two can never drift apart.
pub fn story_doc(s: &Story, names: &Names) -> StoryDoc {
    StoryDoc {
        key: Some(s.key.clone()),
        title: s.fields.title.clone(),
        description: s.fields.description.clone(),
        acceptance: s.fields.acceptance.clone(),
        kind: s.fields.kind,
        points: s.fields.points,
        status: s.fields.status,
        epic: names.epic(s.fields.epic).map(String::from),
        sprint: names.sprint(s.place).map(String::from),
        earlier_sprints: Vec::new(),
        blocked_by: Vec::new(),
        blocks: Vec::new(),
        assignee: s.fields.assignee.clone(),
        labels: s.fields.labels.clone(),
        created: Some(s.created),
        started: s.fields.started,
        done: s.fields.done,
        line: None,
    }
}

/// Writes a JSON array one item at a time, so that a long list never has to
/// be held in memory whole.
pub struct JsonArray<'w> {
    out: &'w mut dyn Write,
    items: usize,
}

impl<'w> JsonArray<'w> {
    /// Starts the array.
    pub fn new(out: &'w mut dyn Write) -> JsonArray<'w> {
        JsonArray { out, items: 0 }
    }

    /// Writes one item, pretty-printed and indented.
    pub fn item(&mut self, value: &impl Serialize) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string_pretty(value)?;
        let sep = if self.items == 0 { "[\n" } else { ",\n" };
        self.out.write_all(sep.as_bytes()).map_err(serde_json::Error::io)?;
        for (i, line) in text.lines().enumerate() {
            let nl = if i == 0 { "" } else { "\n" };
            write!(self.out, "{nl}  {line}").map_err(serde_json::Error::io)?;
        }
        self.items += 1;
        Ok(())
    }

    /// Closes the array.
    pub fn finish(self) -> io::Result<()> {
        if self.items == 0 { writeln!(self.out, "[]") } else { writeln!(self.out, "\n]") }
    }
}

/// Writes a value as pretty JSON and a newline.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out).map_err(serde_json::Error::io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_column_is_cut_to_the_width_by_display_width() {
        let mut t = Table::new(&[("KEY", Align::Left), ("PTS", Align::Right), ("TITLE", Align::Left)]);
        t.row(vec!["SB-1".into(), "5".into(), "日本語のタイトルはとても長い".into()]);
        t.row(vec!["SB-10".into(), "0.5".into(), "short\nline".into()]);
        let mut out = Vec::new();
        t.write(&mut out, 24).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "KEY    PTS  TITLE\nSB-1     5  日本語のタ…\nSB-10  0.5  short line\n");
        assert!(text.lines().all(|l| text::width(l) <= 24));
    }

    #[test]
    fn json_arrays_are_streamed_and_valid() {
        let mut out = Vec::new();
        let mut a = JsonArray::new(&mut out);
        a.item(&serde_json::json!({"a": 1})).unwrap();
        a.item(&serde_json::json!({"b": [1, 2]})).unwrap();
        a.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!([{"a": 1}, {"b": [1, 2]}]));
        let mut empty = Vec::new();
        JsonArray::new(&mut empty).finish().unwrap();
        assert_eq!(empty, b"[]\n");
    }
}
