//! The Plan screen: Roadmap · Backlog · one column per open sprint.

use crate::domain::*;
use crate::tui::columns::{CutLine, Window};
use crate::tui::state::{Column, HitMap};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::card::{CardLook, card_line};
use crate::tui::widgets::gauge::{gauge_line, progress_line};
use crate::tui::widgets::outlook::{forecast_words, outlook_style, outlook_symbol};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

/// Draws the visible columns; returns where they are, for the mouse.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) -> HitMap {
    let mut hits = HitMap::default();
    let cols = &app.columns;
    let mut first = app.first_column;
    let size = (area.width, area.height + 3);
    let layout = crate::tui::layout::PlanLayout::new(size, app.presenter, cols.len(), app.focus, &mut first);
    let (left, between, right) = layout.hidden;
    let last = layout.columns.len().saturating_sub(1);
    for (slot, &(rect, index)) in layout.columns.iter().enumerate() {
        let rect = Rect { x: area.x + rect.x, y: area.y + rect.y - 1, ..rect };
        hits.columns.push((rect, index));
        let focused = index == app.focus;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
            .border_style(if focused { app.theme.focus_border } else { app.theme.border });
        let hidden_before = match slot {
            0 => left,
            1 => between,
            _ => 0,
        };
        if hidden_before > 0 {
            block = block.title_bottom(Line::from(Span::styled(format!("◀ {hidden_before} more"), app.theme.dim)));
        }
        if slot == last && right > 0 {
            block = block.title_bottom(
                Line::from(Span::styled(format!("{right} more ▶"), app.theme.dim)).alignment(Alignment::Right),
            );
        }
        match cols[index] {
            Column::Roadmap => draw_roadmap(frame, app, block, rect, focused, &mut hits.epics),
            Column::Stories(place) => {
                let mut cards = Vec::new();
                draw_stories(frame, app, block, rect, place, focused, &mut cards);
                hits.cards.extend(cards.into_iter().map(|(r, s)| (r, index, s)));
            }
        }
    }
    let strip = layout.details;
    super::details::draw(frame, app, Rect { x: area.x + strip.x, y: area.y + strip.y - 1, ..strip });
    hits
}

fn draw_roadmap(
    frame: &mut Frame<'_>,
    app: &Ctx<'_>,
    block: Block<'_>,
    area: Rect,
    focused: bool,
    hits: &mut Vec<(Rect, usize)>,
) {
    let t = &app.theme;
    let block = block.title(Line::from(vec![
        Span::styled(" Roadmap ", t.title),
        Span::styled(format!("{} epics ", app.data.epics.len()), t.dim),
    ]));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let width = inner.width as usize;
    // Lines: a quarter header when the quarter changes, then two per epic.
    let mut lines: Vec<(Line<'static>, Option<usize>)> = Vec::new();
    let mut quarter: Option<Option<Quarter>> = None;
    let mut focus_line = 0;
    for (i, e) in app.data.epics.iter().enumerate() {
        if quarter != Some(e.fields.quarter) {
            quarter = Some(e.fields.quarter);
            let label = e.fields.quarter.map_or("No target quarter".to_string(), |q| q.to_string());
            lines.push((Line::from(Span::styled(label, t.title)), None));
        }
        let is_focus = focused && i == app.epic_focus;
        if is_focus {
            focus_line = lines.len();
        }
        let marker = if is_focus {
            "▶"
        } else if app.highlight == Some(e.id) {
            "◆"
        } else {
            " "
        };
        let style = if is_focus {
            t.selected
        } else if app.highlight == Some(e.id) {
            t.highlight
        } else {
            t.text
        };
        let forecast = app.forecast.as_ref().and_then(|f| f.epics.iter().find(|x| x.epic.id == e.id));
        let symbol = forecast.map_or("", |f| outlook_symbol(f.outlook));
        let title = text::fit(&format!("{marker}{} {}", e.key, e.fields.title), width.saturating_sub(2));
        let pad = width.saturating_sub(text::width(&title) + 2);
        lines.push((
            Line::from(vec![
                Span::styled(format!("{title}{} ", " ".repeat(pad)), style),
                Span::styled(symbol.to_string(), forecast.map_or(t.dim, |f| outlook_style(t, f.outlook))),
            ]),
            Some(i),
        ));
        lines.push((progress_line(e.tally.done, e.tally.points, width, t), Some(i)));
        if let Some(f) = forecast {
            lines.push((
                Line::from(Span::styled(text::fit(&forecast_words(f), width), outlook_style(t, f.outlook))),
                Some(i),
            ));
        }
    }
    if lines.is_empty() {
        let hint = "No epics yet. Press n here to add one.";
        Paragraph::new(Span::styled(hint, t.dim))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, frame.buffer_mut());
        return;
    }
    let height = inner.height as usize;
    let skip = (focus_line + 2).saturating_sub(height);
    for (row, (line, epic)) in lines.into_iter().skip(skip).take(height).enumerate() {
        let r = Rect { x: inner.x, y: inner.y + row as u16, width: inner.width, height: 1 };
        line.render(r, frame.buffer_mut());
        if let Some(i) = epic {
            hits.push((r, i));
        }
    }
}

fn sprint_header(app: &Ctx<'_>, s: &Sprint, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let today = app.data.today;
    let dates = format!("{} – {}", s.fields.start.format("%b %-d"), s.fields.end.format("%b %-d"));
    let when = if s.fields.state == SprintState::Active {
        format!("{dates} · {}", text::days_left((s.fields.end - today).num_days() + 1))
    } else {
        dates
    };
    let goal = if s.fields.goal.is_empty() { "no goal set".to_string() } else { format!("Goal: {}", s.fields.goal) };
    let plan = app.team.view.plans.get(&s.id);
    let when = match plan.map(|p| team_words(app, p)) {
        Some((long, short)) => {
            let full = format!("{when} · {long}");
            if text::width(&full) <= width { full } else { format!("{when} · {short}") }
        }
        None => when,
    };
    // The suggestion from person-days beside the capacity gauge.
    let suggests = plan.and_then(|p| p.suggested).map(|p| format!(" · suggests {p}"));
    let mut cap = gauge_line(
        "cap",
        s.tally.points,
        s.fields.capacity,
        width.saturating_sub(suggests.as_ref().map_or(0, |x| text::width(x))),
        t,
    );
    if let Some(x) = suggests {
        cap.spans.push(Span::styled(x, t.dim));
    }
    vec![
        Line::from(Span::styled(text::fit(&when, width), t.dim)),
        Line::from(Span::styled(text::fit(&goal, width), if s.fields.goal.is_empty() { t.dim } else { t.text })),
        cap,
        gauge_line("vel", s.tally.points, app.data.velocity, width, t),
    ]
}

/// A sprint's person-days and cost (cost only while money shows), long
/// and short: `42.5 person-days · €18,400` and `42.5 pd · €18k`.
pub fn team_words(app: &Ctx<'_>, p: &crate::ops::SprintPlan) -> (String, String) {
    let days = crate::domain::capacity::days_words(p.team.person_days);
    let c = &app.team.view.currency;
    if app.money {
        let short = crate::tui::widgets::burn_up::short_money(p.cost, c);
        (format!("{days} person-days · {}", p.cost.format_whole(c)), format!("{days} pd · {short}"))
    } else {
        (format!("{days} person-days"), format!("{days} pd"))
    }
}

fn backlog_header(app: &Ctx<'_>, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let b = app.data.backlog;
    let mut first = format!("{} stories · {} pts", text::count(b.stories), b.points.grouped());
    if b.unestimated > 0 {
        first.push_str(&format!(" · {} unestimated", text::count(b.unestimated)));
    }
    let second = match app.data.velocity {
        Some(v) => format!("forecast at velocity {v}/sprint"),
        None => "no forecast yet (no velocity)".to_string(),
    };
    vec![
        Line::from(Span::styled(text::fit(&first, width), t.dim)),
        Line::from(Span::styled(text::fit(&second, width), t.dim)),
    ]
}

/// The cut line's words, shorter when the column is narrow. A forecast
/// must never read as a real sprint: within the open sprints it says which
/// one the stories above it would fill; past them it counts forecast
/// sprints (`forecast +2`) instead of borrowing a name a real sprint may
/// carry one day.
fn future_sprint_label(app: &Ctx<'_>, cut: &CutLine, width: usize) -> String {
    let open = &app.data.open_sprints;
    let end = crate::domain::outlook::sprint_end(open, cut.sprint, app.settings.sprint_days, app.data.future_base);
    let date = end.format("%b %-d");
    let unknown = if cut.unestimated > 0 { format!(" +{}?", cut.unestimated) } else { String::new() };
    let tiers = match cut.sprint.checked_sub(1).and_then(|i| open.get(i)) {
        Some(s) => [
            format!(" would fill {} · ≈ {date}{unknown} ", s.fields.name),
            format!(" fills {} ≈ {date}{unknown} ", s.fields.name),
            format!(" fills {} ≈ {date}{unknown} ", text::fit(&s.fields.name, 10)),
        ],
        None => {
            let n = cut.sprint.saturating_sub(open.len());
            [
                format!(" forecast +{n} ends ≈ {date}{unknown} "),
                format!(" forecast +{n} ≈ {date}{unknown} "),
                format!(" +{n} ≈ {date}{unknown} "),
            ]
        }
    };
    let [long, medium, short] = tiers;
    if text::width(&long) + 4 <= width {
        long
    } else if text::width(&medium) + 2 <= width {
        medium
    } else {
        short
    }
}

fn draw_stories(
    frame: &mut Frame<'_>,
    app: &Ctx<'_>,
    block: Block<'_>,
    area: Rect,
    place: Place,
    focused: bool,
    hits: &mut Vec<(Rect, StoryId)>,
) {
    let t = &app.theme;
    let empty = Window::default();
    let window = app.windows.get(&place).unwrap_or(&empty);
    let sprint = match place {
        Place::Sprint(id) => app.data.open_sprints.iter().find(|s| s.id == id),
        Place::Backlog => None,
    };
    let title = match sprint {
        Some(s) if s.fields.state == SprintState::Active => {
            vec![Span::styled(format!(" ▶ {} ", s.fields.name), t.title), Span::styled("active ", t.good)]
        }
        Some(s) => vec![Span::styled(format!(" {} ", s.fields.name), t.title), Span::styled("planned ", t.dim)],
        None => vec![Span::styled(" Backlog ", t.title)],
    };
    let mut block = block.title(Line::from(title));
    if window.more_above {
        block = block.title(Line::from(Span::styled(" ▲ more ", t.dim)).alignment(Alignment::Right));
    }
    if window.search_edge.is_some() {
        let label = format!(" ▼ searched {} · PgDn on ", text::count(crate::tui::columns::FILTER_SCAN as i64));
        block = block.title_bottom(Line::from(Span::styled(label, t.warn)).alignment(Alignment::Center));
    } else if window.more_below {
        block = block.title_bottom(Line::from(Span::styled(" ▼ more ", t.dim)).alignment(Alignment::Center));
    }
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let width = inner.width as usize;
    let header = match sprint {
        Some(s) => sprint_header(app, s, width),
        None => backlog_header(app, width),
    };
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for line in header {
        if y >= bottom {
            return;
        }
        line.render(Rect { x: inner.x, y, width: inner.width, height: 1 }, frame.buffer_mut());
        y += 1;
    }
    if window.cards.is_empty() {
        let hint = if app.filter_text.is_empty() {
            "Empty. n adds a story; L/H drag one here."
        } else {
            "No card matches the filter."
        };
        Paragraph::new(Span::styled(hint, t.dim))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(Rect { x: inner.x, y, width: inner.width, height: bottom.saturating_sub(y) }, frame.buffer_mut());
        return;
    }
    // Rows: cards, cut lines and (presenter) spacing; keep the focus on screen.
    let mut rows: Vec<Row> = Vec::new();
    // At the top of the backlog, when the open sprints' own stories already
    // fill the first forecast sprints, say so: otherwise their cut lines
    // simply do not appear and the first one reads as a jump.
    if place == Place::Backlog
        && !window.more_above
        && let Some(&first) = window.future.first()
        && first > 1
    {
        rows.push(Row::Full(first - 1));
    }
    for i in 0..window.cards.len() {
        rows.push(Row::Card(i));
        if let Some(cut) = window.cuts.iter().find(|c| c.after == i) {
            rows.push(Row::Cut(cut.clone()));
        } else if app.presenter {
            rows.push(Row::Blank);
        }
    }
    let height = bottom.saturating_sub(y) as usize;
    let focus_row =
        window.focus.and_then(|f| rows.iter().position(|r| matches!(r, Row::Card(i) if *i == f))).unwrap_or(0);
    let skip = (focus_row + 1).saturating_sub(height);
    for row in rows.into_iter().skip(skip).take(height) {
        let r = Rect { x: inner.x, y, width: inner.width, height: 1 };
        match row {
            Row::Card(i) => {
                let card = &window.cards[i];
                let look = CardLook {
                    theme: t,
                    focused: focused && window.focus == Some(i),
                    highlighted: app.highlight.is_some() && card.epic == app.highlight,
                    width,
                    assignee: !app.presenter,
                    title_min: if focused { crate::tui::layout::plan_title_min(app.size.0) as usize } else { 24 },
                    blocked: app.team.view.flagged.contains(&card.id),
                };
                card_line(card, &look).render(r, frame.buffer_mut());
                hits.push((r, card.id));
            }
            Row::Cut(cut) => dashed(&future_sprint_label(app, &cut, width), width, t.cut).render(r, frame.buffer_mut()),
            Row::Full(slots) => dashed(&full_label(app, slots, width), width, t.cut).render(r, frame.buffer_mut()),
            Row::Blank => {}
        }
        y += 1;
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Row {
    Card(usize),
    Cut(CutLine),
    /// The first `n` forecast sprints are full before the backlog starts.
    Full(usize),
    Blank,
}

/// `┄ Sprint 8 full already ┄`: which sprints the open sprints' own
/// stories fill before the first backlog story.
fn full_label(app: &Ctx<'_>, slots: usize, width: usize) -> String {
    let open = &app.data.open_sprints;
    let names: Vec<&str> = open.iter().take(slots).map(|s| s.fields.name.as_str()).collect();
    let beyond = slots.saturating_sub(open.len());
    let long = match (names.as_slice(), beyond) {
        ([one], 0) => format!(" {one} full already "),
        (many, 0) => format!(" {} open sprints full already ", many.len()),
        (_, n) => format!(" open sprints and forecast +{n} full already "),
    };
    if text::width(&long) + 4 <= width { long } else { " full already ".to_string() }
}

/// A label centred in a dashed line (`┄┄ label ┄┄`), the cut lines' look.
fn dashed(label: &str, width: usize, style: ratatui::style::Style) -> Line<'static> {
    let side = width.saturating_sub(text::width(label)) / 2;
    let line = format!("{}{label}{}", "┄".repeat(side), "┄".repeat(width.saturating_sub(side + text::width(label))));
    Line::from(Span::styled(text::fit(&line, width), style))
}
