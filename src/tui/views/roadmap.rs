//! The Roadmap screen: objectives as rows (title and success metric, in
//! full), quarters as columns, epics as cards with progress and their
//! P50/P85 date against the target quarter; quarters and rows off screen
//! are hinted in the top border; the details strip shows the focused
//! epic or objective in full.

use crate::domain::{Objective, Quarter, text};
use crate::tui::layout::screen_and_strip;
use crate::tui::roadmap_grid::{CARD_ROWS, CARD_STEP, Grid, Lines, Spot, columns_fitting, wrap};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::burn_up::short_money;
use crate::tui::widgets::epic_card::EpicCard;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Draws the Roadmap screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, _body: Rect) {
    let t = &app.theme;
    let (area, strip) = screen_and_strip(app.size);
    let grid = Grid::new(&app.data.epics, app.objectives, Quarter::of(app.data.today));
    if grid.rows.is_empty() {
        let block =
            Block::default().borders(Borders::TOP).border_style(t.border).title(Span::styled(" Roadmap ", t.title));
        Paragraph::new(
            "No objectives or epics yet: n adds a business objective; epics are added under it with j, then n.",
        )
        .style(t.dim)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(area, frame.buffer_mut());
        return;
    }
    let f = &app.roadmap;
    let (fit, col_w) = columns_fitting(area.width, grid.quarters.len());
    let first_q = f.first_quarter.min(grid.quarters.len().saturating_sub(fit));
    let shown = first_q..(first_q + fit).min(grid.quarters.len());
    let lines = Lines::new(&grid, area.width, shown.clone());
    let room = area.height.saturating_sub(2) as usize;
    let first_line = f.first_line.min(lines.total.saturating_sub(1));
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(Line::from(vec![Span::styled(" Roadmap ", t.title), Span::styled(left_hint(&grid, app, &shown), t.key)]))
        .title(
            Line::from(Span::styled(right_hint(&grid, app, &shown, first_line, room, &lines), t.key)).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let buf = frame.buffer_mut();
    for (slot, q) in shown.clone().enumerate() {
        let count = grid.rows.iter().map(|r| r.cells[q].len()).sum::<usize>();
        let label =
            format!("{} · {} epic{}", quarter_label(grid.quarters[q]), count, if count == 1 { "" } else { "s" });
        let style = if q == f.quarter { t.selected } else { t.title };
        let x = inner.x + slot as u16 * col_w;
        buf.set_string(x, inner.y, text::fit(&label, col_w.saturating_sub(1) as usize), style);
    }
    let top = inner.y + 1;
    let view = RowsView { top, bottom: inner.y + inner.height, first_line };
    for (r, row) in grid.rows.iter().enumerate() {
        let (start, _) = lines.rows[r];
        let focused_row = r == f.row;
        let heading_style = if focused_row && f.spot == Spot::Heading { t.selected } else { t.title };
        for (i, l) in wrap(&row.heading, inner.width.saturating_sub(2) as usize).iter().enumerate() {
            let mark = match (i, focused_row && f.spot == Spot::Heading) {
                (0, true) => "▶ ",
                (0, false) => "■ ",
                _ => "  ",
            };
            view.put(buf, start + i, inner.x, &format!("{mark}{l}"), heading_style);
        }
        let heading = lines.rows[r].1;
        // A row whose epics are all in quarters off screen says where they are.
        let elsewhere = shown.clone().all(|q| row.cells[q].is_empty()).then(|| {
            let (left, right) = (epics_in_row(row, 0..shown.start), epics_in_row(row, shown.end..grid.quarters.len()));
            match (left, right) {
                (_, 1..) => format!("  · {} in later quarters ▸", plural(right, "epic")),
                (1.., _) => format!("  ◂ {} in earlier quarters", plural(left, "epic")),
                _ => "  ·".to_string(),
            }
        });
        for (slot, q) in shown.clone().enumerate() {
            let x = inner.x + slot as u16 * col_w;
            let w = col_w.saturating_sub(1);
            let cell = &row.cells[q];
            let here = focused_row && q == f.quarter;
            if cell.is_empty() {
                let (words, style) = match (&elsewhere, slot) {
                    _ if here && f.spot != Spot::Heading => ("▶ · no epic here: n adds one", t.selected),
                    (Some(words), 0) => (words.as_str(), t.dim),
                    _ => ("  ·", t.dim),
                };
                view.put(buf, start + heading, x, &text::fit(words, w as usize), style);
            }
            for (k, &i) in cell.iter().enumerate() {
                let e = &app.data.epics[i];
                let card = EpicCard {
                    epic: e,
                    forecast: app.forecast.and_then(|fc| fc.epics.iter().find(|x| x.epic.id == e.id)),
                    focused: here && f.spot == Spot::Cell(k),
                    highlighted: app.highlight == Some(e.id),
                    open_risks: app
                        .risks
                        .iter()
                        .filter(|r| r.fields.epic == Some(e.id) && r.fields.status == crate::domain::RiskStatus::Open)
                        .count(),
                    remaining_cost: remaining_cost(app, e),
                    theme: t,
                };
                for (j, line) in card.lines(w as usize).into_iter().enumerate().take(CARD_ROWS) {
                    view.line(buf, start + heading + k * CARD_STEP + j, x, w, line);
                }
            }
        }
    }
    draw_strip(frame, app, &grid, strip);
}

/// `€18k–€24k left`: what the epic's remaining points will likely cost
/// (P50–P85), on its card when the board has a budget and money shows.
fn remaining_cost(app: &Ctx<'_>, e: &crate::domain::Epic) -> Option<String> {
    let cost = remaining_cost_range(app, e)?;
    let c = &app.team.view.currency;
    let (p50, p85) = (short_money(cost.p50, c), short_money(cost.p85, c));
    Some(if p50 == p85 { format!("{p50} left") } else { format!("{p50}–{p85} left") })
}

/// The epic's remaining cost at P50/P85, when it is to be shown: a budget
/// exists, money shows, and the forecast priced the epic's work.
pub fn remaining_cost_range(app: &Ctx<'_>, e: &crate::domain::Epic) -> Option<crate::domain::cost::CostRange> {
    if !app.money || !app.has_budget {
        return None;
    }
    app.forecast?.epics.iter().find(|x| x.epic.id == e.id)?.cost
}

/// The visible stretch of the rows' lines.
struct RowsView {
    top: u16,
    bottom: u16,
    first_line: usize,
}

impl RowsView {
    fn y(&self, line: usize) -> Option<u16> {
        let y = self.top as usize + line.checked_sub(self.first_line)?;
        (y < self.bottom as usize).then_some(y as u16)
    }

    fn put(&self, buf: &mut Buffer, line: usize, x: u16, s: &str, style: Style) {
        if let Some(y) = self.y(line) {
            buf.set_string(x, y, s, style);
        }
    }

    fn line(&self, buf: &mut Buffer, line: usize, x: u16, w: u16, l: Line<'static>) {
        if let Some(y) = self.y(line) {
            l.render(Rect { x, y, width: w, height: 1 }, buf);
        }
    }
}

fn quarter_label(q: Option<Quarter>) -> String {
    q.map_or("No quarter".into(), |q| q.to_string())
}

fn epics_in(grid: &Grid, quarters: std::ops::Range<usize>) -> usize {
    grid.rows.iter().map(|r| quarters.clone().map(|q| r.cells[q].len()).sum::<usize>()).sum()
}

fn epics_in_row(row: &crate::tui::roadmap_grid::GridRow, quarters: std::ops::Range<usize>) -> usize {
    quarters.map(|q| row.cells[q].len()).sum()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `◂ 2026-Q4 (2 epics, h)`: the quarters left of the screen.
fn left_hint(grid: &Grid, app: &Ctx<'_>, shown: &std::ops::Range<usize>) -> String {
    if shown.start == 0 {
        return String::new();
    }
    let key = app.keymap.key_for(crate::tui::action::Action::FocusLeft).map_or(String::new(), |k| format!(", {k}"));
    let span = match shown.start {
        1 => quarter_label(grid.quarters[0]),
        n => format!("{}…{}", quarter_label(grid.quarters[0]), quarter_label(grid.quarters[n - 1])),
    };
    format!(" ◂ {span} ({}{key}) ", plural(epics_in(grid, 0..shown.start), "epic"))
}

/// `▾ more below · 2027-Q3 (1 epic, l) ▸`: the rows below and the
/// quarters right of the screen.
fn right_hint(
    grid: &Grid,
    app: &Ctx<'_>,
    shown: &std::ops::Range<usize>,
    first: usize,
    room: usize,
    lines: &Lines,
) -> String {
    let mut parts = Vec::new();
    if first > 0 {
        let above = lines.rows.iter().filter(|(start, heading)| start + heading <= first).count();
        parts.push(if above > 0 {
            format!("▴ {} above", plural(above, "objective"))
        } else {
            "▴ more above".into()
        });
    }
    if lines.total > first + room + 1 {
        let below = lines.rows.iter().filter(|(start, _)| *start >= first + room).count();
        parts.push(if below > 0 {
            format!("▾ {} below", plural(below, "objective"))
        } else {
            "▾ more below".into()
        });
    }
    let n = grid.quarters.len();
    if shown.end < n {
        let key =
            app.keymap.key_for(crate::tui::action::Action::FocusRight).map_or(String::new(), |k| format!(", {k}"));
        let span = match n - shown.end {
            1 => quarter_label(grid.quarters[n - 1]),
            _ => format!("{}…{}", quarter_label(grid.quarters[shown.end]), quarter_label(grid.quarters[n - 1])),
        };
        parts.push(format!("{span} ({}{key}) ▸", plural(epics_in(grid, shown.end..n), "epic")));
    }
    if parts.is_empty() { String::new() } else { format!(" {} ", parts.join(" · ")) }
}

/// The strip: the focused epic in full, or the focused objective.
fn draw_strip(frame: &mut Frame<'_>, app: &Ctx<'_>, grid: &Grid, area: Rect) {
    let objective = grid.rows.get(app.roadmap.row).and_then(|r| r.objective);
    let focused_objective = app.objectives.iter().find(|o| Some(o.id) == objective);
    let empty_cell = app.roadmap.spot != Spot::Heading && app.roadmap.epic.is_none();
    match (app.roadmap.spot, focused_objective) {
        (_, Some(o)) if app.roadmap.spot == Spot::Heading || empty_cell => {
            let note = empty_cell.then(|| {
                let q = grid.quarters.get(app.roadmap.quarter).copied().flatten();
                format!("No epic of this objective in {} yet: n adds one there.", quarter_label(q))
            });
            draw_objective(frame, app, o, note, area)
        }
        (_, None) if app.roadmap.spot == Spot::Heading || empty_cell => {
            let t = &app.theme;
            let block = Block::default()
                .borders(Borders::TOP)
                .border_style(t.border)
                .title(Span::styled(" No objective ", t.title));
            let words = "These epics serve no business objective: e on one of them sets its objective; n on this heading adds an objective.";
            let inner = block.inner(area);
            block.render(area, frame.buffer_mut());
            Paragraph::new(words).style(t.text).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
        }
        _ => crate::tui::views::details::draw(frame, app, area),
    }
}

fn draw_objective(frame: &mut Frame<'_>, app: &Ctx<'_>, o: &Objective, note: Option<String>, area: Rect) {
    let t = &app.theme;
    let serving = app.data.epics.iter().filter(|e| e.fields.objective == Some(o.id)).count();
    let block = Block::default().borders(Borders::TOP).border_style(t.border).title(Line::from(vec![
        Span::styled(" Objective ", t.title),
        Span::styled(format!("· served by {} ", plural(serving, "epic")), t.text),
    ]));
    let metric = if o.metric.is_empty() { "no success metric yet".to_string() } else { o.metric.clone() };
    let mut body = vec![
        Line::from(Span::styled(o.title.clone(), t.text.add_modifier(Modifier::BOLD))),
        Line::from(vec![Span::styled("Success metric: ", t.dim), Span::styled(metric, t.text)]),
    ];
    if let Some(note) = note {
        body.insert(0, Line::from(Span::styled(note, t.key)));
    }
    body.extend(
        o.description.lines().filter(|l| !l.trim().is_empty()).map(|l| Line::from(Span::styled(l.to_string(), t.text))),
    );
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    Paragraph::new(body).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
}
