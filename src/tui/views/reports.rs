//! The Reports screen (SPEC §2.4): the velocity chart over the width it
//! has, and beneath it the facts a review quotes, each saying which
//! sprints it is over — average velocity and say/do over the velocity
//! window, the last sprint's scope changes, median cycle time and bug share
//! over the charted sprints, and the forecast summary; on a tall screen, a
//! table of each sprint's record between them. While money shows and the
//! board has members or expenses, a cost line (the last sprint's cost and
//! cost per point over the window) and the table's cost columns. The facts
//! panel is as tall as its lines, so the cost line takes its row from the
//! chart without a layout of its own.

use crate::domain::outlook::Outlook;
use crate::domain::report::Reports;
use crate::domain::text;
use crate::ops::{CostReport, SprintCostLine};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::burn_up::short_money;
use crate::tui::widgets::velocity_chart::VelocityChart;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Widget, Wrap};

/// Draws the Reports screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let Some(r) = &app.reports else { return };
    if r.sprints.is_empty() {
        Paragraph::new("No sprint has closed yet: velocity, say/do and cycle time appear after the first close (C).")
            .style(t.dim)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(" Reports ", t.title)))
            .render(area, frame.buffer_mut());
        return;
    }
    let lines = facts(app, r);
    let inner_w = area.width.saturating_sub(2) as usize;
    let facts_h = lines.iter().map(|l| wrapped_rows(&l.to_string(), inner_w)).sum::<u16>() + 2;
    // Past the rows the chart needs to read well, a table of the sprints'
    // records takes the room rather than ever taller bars.
    let table_h = r.sprints.len() as u16 + 3;
    let table_h = if area.height >= facts_h + CHART_ROWS + table_h { table_h } else { 0 };
    let [chart, records, below] =
        Layout::vertical([Constraint::Min(8), Constraint::Length(table_h), Constraint::Length(facts_h)]).areas(area);
    let avg = r.average.map_or(String::new(), |a| format!("  ┈ average {a} pts"));
    let block = Block::bordered().title(Line::from(vec![
        Span::styled(" Velocity ", t.title),
        Span::styled(format!("▒ committed  █ completed{avg} "), t.dim),
    ]));
    let inner = block.inner(chart);
    block.render(chart, frame.buffer_mut());
    VelocityChart { sprints: &r.sprints, earlier: r.earlier, average: r.average, theme: t }
        .render(inner, frame.buffer_mut());
    if table_h > 0 {
        record_table(app, r, records.width).render(records, frame.buffer_mut());
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(Span::styled(" Summary ", t.title)))
        .render(below, frame.buffer_mut());
}

/// The rows the chart needs before the records table is worth showing.
const CHART_ROWS: u16 = 18;

/// Each charted sprint's velocity record, scope changes and say/do.
/// With money shown and sprints costed, each row also says what the sprint
/// cost and what a completed point cost in it.
fn record_table<'a>(app: &Ctx<'_>, r: &Reports, width: u16) -> Table<'a> {
    let t = &app.theme;
    let costs = shown_costs(app);
    let right = |s: String| Cell::from(Line::from(s).right_aligned());
    let mut header = vec!["Sprint", "Committed", "Completed", "Added", "Removed", "Carried", "Say/do", "Bugs"];
    if costs.is_some() {
        header.extend(["Cost", "Per pt"]);
    }
    let numbers = header.len() - 1;
    let header =
        Row::new(header.iter().enumerate().map(|(i, h)| if i == 0 { Cell::from(*h) } else { right(h.to_string()) }))
            .style(t.dim);
    let rows = r.sprints.iter().map(|s| {
        let x = &s.record;
        let mut cells = vec![
            Cell::from(s.name.clone()),
            right(x.committed.to_string()),
            right(x.completed.to_string()),
            right(x.added.to_string()),
            right(x.removed.to_string()),
            right(x.carried_over.to_string()),
            right(pct(s.say_do)),
            right(format!("{} of {}", s.bugs, s.stories)),
        ];
        if let Some(c) = costs {
            let line = cost_line(c, &s.name);
            let money =
                |m: Option<crate::domain::money::Money>| m.map_or("–".into(), |m| short_money(m, &c.currency));
            cells.push(right(money(line.map(|l| l.cost))));
            cells.push(right(money(line.and_then(|l| l.per_point))));
        }
        Row::new(cells).style(t.text)
    });
    // The sprint's name keeps at least 10 cells; the numbers share the rest.
    let col = (width.saturating_sub(14) / numbers as u16).clamp(6, 10);
    let widths = [Constraint::Fill(1)].into_iter().chain(std::iter::repeat_n(Constraint::Length(col), numbers));
    Table::new(rows, widths).header(header).block(Block::bordered().title(Span::styled(" Sprints ", t.title)))
}

/// How many rows a line takes when wrapped at words to `width` cells.
fn wrapped_rows(line: &str, width: usize) -> u16 {
    let mut rows = 1u16;
    let mut used = 0usize;
    for word in line.split_whitespace() {
        let w = text::width(word);
        if used > 0 && used + 1 + w > width {
            rows += 1;
            used = 0;
        }
        used += if used > 0 { 1 + w } else { w };
        // A word longer than the line is broken over as many rows as it takes.
        while used > width && width > 0 {
            rows += 1;
            used -= width;
        }
    }
    rows
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |x| format!("{:.0}%", x * 100.0))
}

/// The summary's lines, each a fact and the sprints it is over.
fn facts<'a>(app: &Ctx<'_>, r: &Reports) -> Vec<Line<'a>> {
    let t = &app.theme;
    let over = Reports::over(&r.window_names);
    let charted = Reports::over(&r.shown_names());
    let avg = r.average.map_or("–".into(), |a| format!("{a} pts"));
    let cycle = r.median_cycle_days.map_or("–".into(), |d| format!("{d:.1} days"));
    let mut lines = vec![Line::from(vec![
        Span::styled("Average velocity ", t.dim),
        Span::styled(avg, t.title),
        Span::styled(" · say/do ", t.dim),
        Span::styled(pct(r.say_do), t.title),
        Span::styled(format!(" over {over}"), t.dim),
    ])];
    if let Some(s) = r.sprints.last() {
        let x = &s.record;
        lines.push(Line::from(Span::styled(
            format!(
                "Last, {}: committed {} · completed {} · added {} · removed {} · carried {}",
                s.name, x.committed, x.completed, x.added, x.removed, x.carried_over
            ),
            t.text,
        )));
    }
    lines.push(Line::from(vec![
        Span::styled("Median cycle time ", t.dim),
        Span::styled(cycle, t.title),
        Span::styled(" · bug share ", t.dim),
        Span::styled(pct(r.bug_share), t.title),
        Span::styled(format!(" ({} of {} stories) over {charted}", r.bugs, r.stories), t.dim),
    ]));
    let forecast = match &app.forecast {
        Some(f) => {
            let count = |o: Outlook| f.epics.iter().filter(|e| e.outlook == o).count();
            let sprints = r.average.filter(|a| a.hundredths() > 0).map(|a| (f.remaining.as_f64() / a.as_f64()).ceil());
            let noun = |n: f64| if n == 1.0 { "sprint" } else { "sprints" };
            format!(
                "Forecast: {} pts left ({} unestimated) ≈ {} · epics: {} {}, {} {}",
                f.remaining,
                f.unestimated,
                sprints.map_or("no velocity".into(), |s| format!("{s} {}", noun(s))),
                count(Outlook::AtRisk),
                Outlook::AtRisk.words(),
                count(Outlook::Late),
                Outlook::Late.words(),
            )
        }
        None => "Forecast: computing…".into(),
    };
    lines.push(Line::from(Span::styled(forecast, t.text)));
    if let Some(line) = shown_costs(app).and_then(|c| cost_words(c, r)) {
        lines.push(line_of(app, line));
    }
    lines
}

/// The cost report, while money shows and the board has members or
/// expenses (SPEC §2.4).
fn shown_costs<'a>(app: &Ctx<'a>) -> Option<&'a CostReport> {
    app.costs.filter(|c| app.money && !c.sprints.is_empty())
}

/// The closed sprint of this name's cost.
fn cost_line<'a>(c: &'a CostReport, name: &str) -> Option<&'a SprintCostLine> {
    c.sprints.iter().rev().find(|l| l.name == name && l.completed.is_some())
}

/// `Cost: Sprint 7 €12,400 (42.5 person-days, €620 per point) · €580 per
/// point over Sprint 5 – Sprint 7 (last 3)`, as pieces, the amounts strong.
fn cost_words(c: &CostReport, r: &Reports) -> Option<Vec<(String, bool)>> {
    let cur = &c.currency;
    let mut parts = vec![("Cost: ".to_string(), false)];
    if let Some(l) = r.sprints.last().and_then(|s| cost_line(c, &s.name)) {
        parts.push((format!("{} ", l.name), false));
        parts.push((l.cost.format_whole(cur), true));
        let days = crate::domain::capacity::days_words(l.person_days);
        let per = l.per_point.map_or(String::new(), |p| format!(", {} per point", p.format_whole(cur)));
        parts.push((format!(" ({days} person-days{per})"), false));
    }
    let over = Reports::over(&r.window_names);
    match c.cost_per_point {
        Some(p) => {
            if parts.len() > 1 {
                parts.push((" · ".into(), false));
            }
            parts.push((p.format_whole(cur), true));
            parts.push((format!(" per point over {over}"), false));
        }
        None if parts.len() == 1 => return None,
        None => {}
    }
    Some(parts)
}

fn line_of<'a>(app: &Ctx<'_>, parts: Vec<(String, bool)>) -> Line<'a> {
    let t = &app.theme;
    Line::from(
        parts.into_iter().map(|(s, strong)| Span::styled(s, if strong { t.title } else { t.dim })).collect::<Vec<_>>(),
    )
}
