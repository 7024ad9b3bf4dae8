//! Rendering only: every view draws from state the update step prepared,
//! and never touches the store.

pub mod budget;
pub mod ctx;
pub mod details;
pub mod plan;
pub mod popup;
pub mod reports;
pub mod risks;
pub mod roadmap;
pub mod sprint;

use crate::domain::text;
use crate::tui::state::{HitMap, Screen};
use ctx::Ctx;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub use super::layout::MIN_SIZE;

/// Draws the whole frame: tabs, the screen, the message line, the footer,
/// and the popup last. Returns where the cards went, for the mouse.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>) -> HitMap {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!(
            "Terminal too small: {}×{}.\nsprintboard needs at least {}×{}.\nEnlarge the window (q quits).",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        );
        Paragraph::new(text).wrap(Wrap { trim: true }).render(area, frame.buffer_mut());
        return HitMap::default();
    }
    let [tabs, body, message, footer] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    draw_tabs(frame, app, tabs);
    let mut hits = HitMap::default();
    match app.screen {
        Screen::Plan => hits = plan::draw(frame, app, body),
        Screen::Sprint => sprint::draw(frame, app, body),
        Screen::Reports => reports::draw(frame, app, body),
        Screen::Roadmap => roadmap::draw(frame, app, body),
        Screen::Risks => risks::draw(frame, app, body),
        Screen::Budget => budget::draw(frame, app, body),
    }
    draw_message(frame, app, message);
    draw_footer(frame, app, footer);
    if let Some(p) = app.popup {
        popup::draw(frame, app, p, area);
    }
    hits
}

fn draw_tabs(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let name = app.data.board.as_ref().map_or("sprintboard", |b| b.name.as_str());
    // The tabs come first: the board's name gives up room so all six fit.
    let tabs: usize = Screen::ALL.iter().map(|s| s.title().len() + 4).sum();
    let marks = if app.presenter { 12 } else { 0 } + if app.data.read_only { 12 } else { 0 };
    let room = (area.width as usize).saturating_sub(tabs + 3 + marks).clamp(4, 24);
    let mut spans = vec![Span::styled(format!(" {} ", text::fit(name, room)), t.title), Span::raw("│")];
    for (i, s) in Screen::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, s.title());
        spans.push(if *s == app.screen { Span::styled(label, t.selected) } else { Span::styled(label, t.dim) });
    }
    if !app.filter_text.is_empty() {
        spans.push(Span::styled(format!(" │ filter \"{}\"", text::fit(app.filter_text, 20)), t.warn));
    }
    if app.presenter {
        spans.push(Span::styled(" │ PRESENTER", t.title));
    }
    if app.data.read_only {
        spans.push(Span::styled(" │ READ-ONLY", t.bad));
    }
    Line::from(spans).render(area, frame.buffer_mut());
}

fn draw_message(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    // A change to a rate or a budget says its amount; while money is hidden
    // (`$`, presenter mode) the room does not read it there either.
    let shown;
    let said = if app.money {
        app.message.text.as_str()
    } else {
        shown = crate::domain::money::hide_amounts(&app.message.text, &app.team.view.currency);
        shown.as_str()
    };
    let line = if app.filter_editing {
        Line::from(vec![
            Span::styled("/", t.key),
            Span::styled(app.filter_text.to_string(), t.message),
            Span::styled("█", t.dim),
            Span::styled(format!("   {}", app.keymap.filter_hint()), t.dim),
        ])
    } else if app.message.error {
        Line::from(Span::styled(format!("✗ {}", text::fit_sentence(said, area.width as usize - 2)), t.bad))
    } else if app.message.text.is_empty() {
        Line::default()
    } else {
        Line::from(Span::styled(format!("› {}", text::fit_sentence(said, area.width as usize - 2)), t.message))
    };
    line.render(area, frame.buffer_mut());
}

fn draw_footer(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let hints = app.keymap.footer(app.focus_kind, app.screen);
    // Help and quit always show, at the right; the rest fill what is left.
    let (last, rest): (Vec<_>, Vec<_>) = hints.into_iter().partition(|(_, w)| *w == "help" || *w == "quit");
    let right: String = last.iter().map(|(k, w)| format!("{k} {w}  ")).collect();
    let room = (area.width as usize).saturating_sub(text::width(&right));
    let mut used = 0;
    for (key, word) in rest {
        let w = text::width(&key) + text::width(word) + 3;
        if used + w > room {
            break;
        }
        used += w;
        spans.push(Span::styled(key, t.key));
        spans.push(Span::styled(format!(" {word}  "), t.dim));
    }
    spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
    for (key, word) in last {
        spans.push(Span::styled(key, t.key));
        spans.push(Span::styled(format!(" {word}  "), t.dim));
    }
    Line::from(spans).render(area, frame.buffer_mut());
}
