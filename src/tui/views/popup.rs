//! Drawing the open popup over the screen.

use crate::domain::text;
use crate::tui::app::App;
use crate::tui::form::{Form, Input};
use crate::tui::popup::{Picker, Popup};
use crate::tui::widgets::centred;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

/// Draws a popup centred over `area`.
pub fn draw(frame: &mut Frame<'_>, app: &App, popup: &Popup, area: Rect) {
    match popup {
        Popup::Help { scroll } => draw_help(frame, app, *scroll, area),
        Popup::Confirm { title, lines, yes, pending } => {
            let mut body: Vec<Line<'static>> = lines.iter().map(|l| Line::from(l.clone())).collect();
            body.push(Line::default());
            // The highlighted choice is the one Enter takes: cancel, when
            // confirming would destroy something.
            body.push(if pending.destroys() {
                Line::from(vec![
                    Span::styled(format!("y {yes}"), app.theme.dim),
                    Span::raw("   "),
                    Span::styled(" Enter/n/Esc cancel ", app.theme.selected),
                ])
            } else {
                Line::from(vec![
                    Span::styled(format!(" y/Enter {yes} "), app.theme.selected),
                    Span::raw("   "),
                    Span::styled("n/Esc cancel", app.theme.dim),
                ])
            });
            draw_box(frame, app, title, body, area, 64);
        }
        Popup::Picker(p) => draw_picker(frame, app, p, area),
        Popup::Form(form, _) => draw_form(frame, app, form, area),
    }
}

fn frame_box(frame: &mut Frame<'_>, app: &App, title: &str, rect: Rect) -> Rect {
    Clear.render(rect, frame.buffer_mut());
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.focus_border)
        .title(Span::styled(format!(" {} ", text::fit(title, rect.width as usize - 4)), app.theme.title));
    let inner = block.inner(rect);
    block.render(rect, frame.buffer_mut());
    inner
}

fn draw_box(frame: &mut Frame<'_>, app: &App, title: &str, body: Vec<Line<'static>>, area: Rect, width: u16) {
    let rect = centred(area, width, body.len() as u16 + 2);
    let inner = frame_box(frame, app, title, rect);
    Paragraph::new(body).wrap(Wrap { trim: false }).render(inner, frame.buffer_mut());
}

fn draw_picker(frame: &mut Frame<'_>, app: &App, p: &Picker, area: Rect) {
    let t = &app.theme;
    let mut body: Vec<Line<'static>> = p.lines.iter().map(|l| Line::from(Span::styled(l.clone(), t.dim))).collect();
    if !body.is_empty() {
        body.push(Line::default());
    }
    let room = area.height.saturating_sub(body.len() as u16 + 4) as usize;
    let skip = (p.selected + 1).saturating_sub(room.max(1));
    for (i, (label, _)) in p.options.iter().enumerate().skip(skip).take(room.max(1)) {
        body.push(if i == p.selected {
            Line::from(Span::styled(format!("▶ {label}"), t.selected))
        } else {
            Line::from(Span::styled(format!("  {label}"), t.text))
        });
    }
    body.push(Line::from(Span::styled("↑↓ choose · y/Enter confirm · n/Esc cancel", t.dim)));
    draw_box(frame, app, &p.title, body, area, 64);
}

fn draw_form(frame: &mut Frame<'_>, app: &App, form: &Form, area: Rect) {
    let t = &app.theme;
    let extra = if form.error.is_some() { 1 } else { 0 };
    let rect = centred(area, 76, form.height() + 3 + extra);
    let inner = frame_box(frame, app, &form.title, rect);
    let label_w = 12u16;
    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate() {
        let h = field.height().min((inner.y + inner.height).saturating_sub(y + 1 + extra));
        if h == 0 {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { t.key } else { t.dim };
        let marker = if focused { "▶" } else { " " };
        Line::from(Span::styled(format!("{marker}{:<11}", field.label), label_style))
            .render(Rect { x: inner.x, y, width: label_w, height: 1 }, frame.buffer_mut());
        let r = Rect { x: inner.x + label_w, y, width: inner.width.saturating_sub(label_w), height: h };
        match &field.input {
            Input::Line(ta) | Input::Text(ta) => {
                let mut ta = ta.clone();
                ta.set_cursor_style(if focused { t.selected } else { t.text });
                if matches!(field.input, Input::Text(_)) {
                    ta.set_style(t.text);
                    ta.set_block(Block::default().borders(ratatui::widgets::Borders::LEFT).border_style(t.border));
                }
                (&ta).render(r, frame.buffer_mut());
            }
            Input::Choice { options, index } => {
                let v = options.get(*index).cloned().unwrap_or_default();
                let style = if focused { t.selected } else { t.text };
                Line::from(vec![Span::styled("◀ ", t.dim), Span::styled(v, style), Span::styled(" ▶", t.dim)])
                    .render(r, frame.buffer_mut());
            }
        }
        y += field.height();
    }
    let bottom = inner.y + inner.height - 1;
    if let Some(err) = &form.error {
        Line::from(Span::styled(format!("✗ {err}"), t.bad))
            .render(Rect { x: inner.x, y: bottom - 1, width: inner.width, height: 1 }, frame.buffer_mut());
    }
    Line::from(Span::styled("Tab next field · Enter/Ctrl-S save · Esc cancel · Ctrl-U clear · ←→ choose", t.dim))
        .render(Rect { x: inner.x, y: bottom, width: inner.width, height: 1 }, frame.buffer_mut());
}

fn draw_help(frame: &mut Frame<'_>, app: &App, scroll: u16, area: Rect) {
    let t = &app.theme;
    let mut body = Vec::new();
    for b in app.keymap.on_screen(app.screen) {
        if b.keys.is_empty() {
            continue;
        }
        let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
        body.push(Line::from(vec![Span::styled(format!("{:<18}", keys.join(" ")), t.key), Span::raw(b.description)]));
    }
    body.push(Line::default());
    body.push(Line::from(Span::styled("In dialogs: y/Enter confirm, n/Esc cancel; a delete is confirmed by y alone (Enter keeps).  ↑↓ scroll · Esc close", t.dim)));
    let height = (body.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centred(area, 96, height);
    let inner = frame_box(frame, app, &format!("Keys · {} screen", app.screen.title()), rect);
    Paragraph::new(body).scroll((scroll, 0)).render(inner, frame.buffer_mut());
}
