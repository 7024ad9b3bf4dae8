//! The Roadmap screen's grid — objectives as rows, quarters as columns,
//! epics as cards in the cells — and its one geometry, used by the update
//! step (focus, scroll) and the renderer alike, so what `j` reaches is
//! what the frame shows.

use crate::domain::{Epic, EpicId, Objective, ObjectiveId, Quarter, text};

/// Rows of one epic card: title, progress, forecast.
pub const CARD_ROWS: usize = 3;
/// Rows from one card's top to the next one's in a cell (a blank between).
pub const CARD_STEP: usize = CARD_ROWS + 1;
/// The narrowest quarter column: key and title, a progress bar, and
/// `P50 Jan 12 · P85 Feb 3 ◐ at risk` in full.
pub const MIN_QUARTER_WIDTH: u16 = 38;
/// A gap in the quarters wider than this is not drawn as empty columns.
const MAX_SPAN: usize = 12;

/// One objective's row.
#[derive(Clone, Debug, PartialEq)]
pub struct GridRow {
    /// The objective, or none for the epics that serve none.
    pub objective: Option<ObjectiveId>,
    /// Its title, and its success metric after a `·`.
    pub heading: String,
    /// Per quarter column, the epics of this row (indices into the epics).
    pub cells: Vec<Vec<usize>>,
}

/// The whole grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The quarter columns: each quarter from the earliest target to the
    /// latest, empty ones included (a gap on a roadmap says something),
    /// then "no quarter" when some epic has none.
    pub quarters: Vec<Option<Quarter>>,
    /// The objective rows, then "No objective" when some epic serves none.
    pub rows: Vec<GridRow>,
}

/// What the focus is on in a row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Spot {
    /// The objective's heading (n/e/x act on the objective).
    #[default]
    Heading,
    /// The `i`th card of the focused cell, or the empty cell (`n` adds an
    /// epic there).
    Cell(usize),
}

/// The Roadmap screen's focus and scroll.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoadmapFocus {
    /// The focused objective row.
    pub row: usize,
    /// The focused quarter column.
    pub quarter: usize,
    /// Heading or card.
    pub spot: Spot,
    /// The focused epic, followed when it moves (`<`, `>`, `K`, an edit).
    pub epic: Option<EpicId>,
    /// An objective whose heading takes the focus once it is loaded (one
    /// just added, so the room sees it rather than a row off screen).
    pub objective: Option<ObjectiveId>,
    /// The first quarter column shown.
    pub first_quarter: usize,
    /// The first line of the rows shown (below the quarters' header).
    pub first_line: usize,
}

/// The quarter columns of `epics`.
pub fn quarters(epics: &[Epic]) -> Vec<Option<Quarter>> {
    let mut known: Vec<Quarter> = epics.iter().filter_map(|e| e.fields.quarter).collect();
    known.sort();
    known.dedup();
    let mut out: Vec<Option<Quarter>> = match (known.first(), known.last()) {
        (Some(&first), Some(&last)) => {
            let mut span = vec![first];
            while *span.last().unwrap_or(&last) < last && span.len() <= MAX_SPAN {
                span.push(span[span.len() - 1].next());
            }
            if span.len() > MAX_SPAN { known } else { span }.into_iter().map(Some).collect()
        }
        _ => Vec::new(),
    };
    if epics.iter().any(|e| e.fields.quarter.is_none()) {
        out.push(None);
    }
    out
}

impl Grid {
    /// The grid of `epics` (in roadmap order) under `objectives`; with no
    /// epic yet, the quarter `now` is the one column (where `n` adds one).
    pub fn new(epics: &[Epic], objectives: &[Objective], now: Quarter) -> Grid {
        let mut quarters = quarters(epics);
        if quarters.is_empty() {
            quarters.push(Some(now));
        }
        let serves = |e: &Epic, o: Option<ObjectiveId>| match o {
            Some(id) => e.fields.objective == Some(id),
            None => !objectives.iter().any(|o| Some(o.id) == e.fields.objective),
        };
        let row = |objective: Option<ObjectiveId>, heading: String| GridRow {
            objective,
            heading,
            cells: quarters
                .iter()
                .map(|q| {
                    (0..epics.len())
                        .filter(|&i| epics[i].fields.quarter == *q && serves(&epics[i], objective))
                        .collect()
                })
                .collect(),
        };
        let mut rows: Vec<GridRow> = objectives.iter().map(|o| row(Some(o.id), heading(o))).collect();
        if epics.iter().any(|e| serves(e, None)) {
            rows.push(row(None, "No objective · epics that serve none".into()));
        }
        Grid { quarters, rows }
    }

    /// Where an epic is: row, quarter column, place in the cell.
    pub fn locate(&self, epics: &[Epic], id: EpicId) -> Option<(usize, usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| {
            row.cells
                .iter()
                .enumerate()
                .find_map(|(q, cell)| cell.iter().position(|&i| epics[i].id == id).map(|k| (r, q, k)))
        })
    }

    /// The epics in a cell.
    pub fn cell(&self, row: usize, quarter: usize) -> &[usize] {
        self.rows.get(row).and_then(|r| r.cells.get(quarter)).map_or(&[], Vec::as_slice)
    }
}

/// An objective's heading: its title and success metric.
fn heading(o: &Objective) -> String {
    if o.metric.trim().is_empty() {
        format!("{} · no success metric yet (e edits)", o.title)
    } else {
        format!("{} · {}", o.title, o.metric)
    }
}

/// How many quarter columns fit in `width` cells, and how wide each is.
pub fn columns_fitting(width: u16, quarters: usize) -> (usize, u16) {
    let fit = ((width / MIN_QUARTER_WIDTH).max(1) as usize).min(quarters.max(1));
    (fit, width / fit as u16)
}

/// Text wrapped at words to `width` cells (a word longer than a line is
/// cut by character): the whole text, never cut off.
pub fn wrap(text_in: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text_in.split_whitespace() {
        let sep = usize::from(!line.is_empty());
        if text::width(&line) + sep + text::width(word) <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if text::width(&line) + text::width(c.encode_utf8(&mut [0; 4])) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Rows a cell of `n` cards takes (an empty cell keeps one, for its `·`).
pub fn cell_height(n: usize) -> usize {
    if n == 0 { 1 } else { n * CARD_STEP - 1 }
}

/// The geometry of the rows at a width, given the quarters shown.
pub struct Lines {
    /// Each row's first line and its heading's height.
    pub rows: Vec<(usize, usize)>,
    /// All lines.
    pub total: usize,
}

impl Lines {
    /// Lines of the grid's rows at `width`, for quarter columns `shown`.
    pub fn new(grid: &Grid, width: u16, shown: std::ops::Range<usize>) -> Lines {
        let mut rows = Vec::new();
        let mut y = 0;
        for row in &grid.rows {
            let heading = wrap(&row.heading, width.saturating_sub(2) as usize).len();
            let cells = shown.clone().map(|q| cell_height(row.cells.get(q).map_or(0, Vec::len))).max().unwrap_or(1);
            rows.push((y, heading));
            // A blank line under each row's cards, before the next heading.
            y += heading + cells + 1;
        }
        Lines { rows, total: y }
    }

    /// The lines the focus covers: from its top to its bottom (exclusive),
    /// and from where it would like to show (its row's heading, if both
    /// fit); `cards` is how many the focused cell has.
    pub fn span(&self, focus: &RoadmapFocus, cards: usize) -> (usize, usize, usize) {
        let Some(&(top, heading)) = self.rows.get(focus.row) else { return (0, 1, 0) };
        match focus.spot {
            Spot::Heading => (top, top + heading, top),
            Spot::Cell(i) => {
                let y = top + heading + i * CARD_STEP;
                (y, y + if cards == 0 { 1 } else { CARD_ROWS }, top)
            }
        }
    }
}

impl RoadmapFocus {
    /// Puts the focus back on the grid after a change: on its epic where
    /// that still is, else on the nearest place that is; then scrolls so it
    /// shows in a `width`×`height` body (below the quarters' header).
    pub fn settle(&mut self, grid: &Grid, epics: &[Epic], width: u16, height: u16) {
        if let Some(r) = self.objective.and_then(|id| grid.rows.iter().position(|r| r.objective == Some(id))) {
            (self.row, self.spot, self.epic, self.objective) = (r, Spot::Heading, None, None);
        }
        if let Some((r, q, k)) = self.epic.and_then(|id| grid.locate(epics, id)) {
            (self.row, self.quarter, self.spot) = (r, q, Spot::Cell(k));
        }
        self.row = self.row.min(grid.rows.len().saturating_sub(1));
        if grid.rows.is_empty() {
            self.spot = Spot::Heading;
        }
        self.quarter = self.quarter.min(grid.quarters.len().saturating_sub(1));
        let cell = grid.cell(self.row, self.quarter);
        if let Spot::Cell(k) = self.spot {
            let k = k.min(cell.len().saturating_sub(1));
            self.spot = Spot::Cell(k);
        }
        self.epic = match self.spot {
            Spot::Cell(k) => cell.get(k).map(|&i| epics[i].id),
            Spot::Heading => None,
        };
        let (fit, _) = columns_fitting(width, grid.quarters.len());
        let last_first = grid.quarters.len().saturating_sub(fit);
        self.first_quarter =
            self.first_quarter.clamp((self.quarter + 1).saturating_sub(fit), self.quarter).min(last_first);
        let lines = Lines::new(grid, width, self.first_quarter..self.first_quarter + fit);
        let (top, bottom, wish) = lines.span(self, grid.cell(self.row, self.quarter).len());
        let room = height as usize;
        let mut first = self.first_line.min(lines.total.saturating_sub(room));
        if bottom > first + room {
            first = bottom.saturating_sub(room);
            // Scrolled down to a row's start where that shows the focus
            // too, rather than leaving the tail of a heading at the top.
            if let Some(&(start, _)) = lines.rows.iter().find(|(s, _)| *s >= first && *s <= top) {
                first = start;
            }
        }
        first = first.min(top);
        // The heading above a card shows too, when both fit.
        if wish < first && bottom.saturating_sub(wish) <= room {
            first = wish;
        }
        self.first_line = first;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word() {
        let t = "Median order-to-door time under 32 minutes; fewer than 5% of orders late";
        let lines = wrap(t, 20);
        assert!(lines.iter().all(|l| text::width(l) <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), t);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn quarters_run_without_gaps_and_none_comes_last() {
        let q = |s: &str| Some(s.parse::<Quarter>().unwrap());
        let epic = |quarter: Option<Quarter>| Epic {
            id: EpicId(1),
            key: "E-1".into(),
            rank: 0,
            tally: Default::default(),
            version: 1,
            fields: crate::domain::EpicFields { quarter, ..Default::default() },
        };
        let epics = [epic(q("2027-Q2")), epic(q("2026-Q4")), epic(None)];
        assert_eq!(quarters(&epics), vec![q("2026-Q4"), q("2027-Q1"), q("2027-Q2"), None]);
        let far = [epic(q("2026-Q1")), epic(q("2031-Q1"))];
        assert_eq!(quarters(&far), vec![q("2026-Q1"), q("2031-Q1")], "a gap of years is not drawn");
    }

    #[test]
    fn quarter_columns_fit_their_forecast_line() {
        assert_eq!(columns_fitting(80, 4), (2, 40));
        assert_eq!(columns_fitting(120, 4), (3, 40));
        assert_eq!(columns_fitting(200, 4).0, 4);
        assert_eq!(columns_fitting(60, 4), (1, 60));
        assert_eq!(columns_fitting(200, 2), (2, 100), "few quarters use the width");
    }
}
