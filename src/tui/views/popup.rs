//! Drawing the open popup over the screen.

use crate::domain::text;
use crate::tui::form::{Form, Input};
use crate::tui::keymap::{Layer, LayerAction};
use crate::tui::palette::{self, Palette};
use crate::tui::popup::{Picker, Popup};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::centred;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

/// Draws a popup centred over `area`.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, popup: &Popup, area: Rect) {
    match popup {
        Popup::Help { scroll } => draw_help(frame, app, *scroll, area),
        Popup::Confirm { title, lines, yes, pending } => {
            let inner_width = usize::from(area.width.min(64)).saturating_sub(2);
            let mut body: Vec<Line<'static>> =
                lines.iter().flat_map(|l| wrapped(l, inner_width)).map(Line::from).collect();
            body.push(Line::default());
            // The highlighted choice is the one Enter takes: cancel, when
            // confirming would destroy something. ▶ marks it without colour.
            let keys = |a| app.keymap.layer_keys(Layer::Confirm, a);
            let (y, enter, n) = (keys(LayerAction::Yes), keys(LayerAction::Default), keys(LayerAction::No));
            body.push(if pending.destroys() {
                Line::from(vec![
                    Span::styled(format!("  {y} {yes}"), app.theme.dim),
                    Span::raw("   "),
                    Span::styled(format!("▶ {enter}/{n} cancel "), app.theme.selected),
                ])
            } else {
                Line::from(vec![
                    Span::styled(format!("▶ {y}/{enter} {yes} "), app.theme.selected),
                    Span::raw("   "),
                    Span::styled(format!("  {n} cancel"), app.theme.dim),
                ])
            });
            draw_box(frame, app, title, body, area, 64);
        }
        Popup::Picker(p) => draw_picker(frame, app, p, area),
        Popup::Form(form, _) => draw_form(frame, app, form, area),
        Popup::Palette(p) => draw_palette(frame, app, p, area),
    }
}

/// A dialog's line as the rows it takes: as it is when it fits (its
/// indent kept), else wrapped at words.
fn wrapped(line: &str, width: usize) -> Vec<String> {
    if text::width(line) <= width { vec![line.to_string()] } else { crate::tui::roadmap_grid::wrap(line, width) }
}

fn frame_box(frame: &mut Frame<'_>, app: &Ctx<'_>, title: &str, rect: Rect) -> Rect {
    Clear.render(rect, frame.buffer_mut());
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.focus_border)
        .title(Span::styled(format!(" {} ", text::fit(title, rect.width as usize - 4)), app.theme.title));
    let inner = block.inner(rect);
    block.render(rect, frame.buffer_mut());
    inner
}

fn draw_box(frame: &mut Frame<'_>, app: &Ctx<'_>, title: &str, body: Vec<Line<'static>>, area: Rect, width: u16) {
    let rect = centred(area, width, body.len() as u16 + 2);
    let inner = frame_box(frame, app, title, rect);
    Paragraph::new(body).wrap(Wrap { trim: false }).render(inner, frame.buffer_mut());
}

fn draw_picker(frame: &mut Frame<'_>, app: &Ctx<'_>, p: &Picker, area: Rect) {
    let t = &app.theme;
    // Wrapped here, not by the paragraph: the box is as tall as its rows,
    // and a long line wrapped below would push the choices out of it.
    let inner_width = usize::from(area.width.min(64)).saturating_sub(2);
    let mut body: Vec<Line<'static>> =
        p.lines.iter().flat_map(|l| wrapped(l, inner_width)).map(|l| Line::from(Span::styled(l, t.dim))).collect();
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
    let keys = |a| app.keymap.layer_keys(Layer::Picker, a);
    let key = |a| app.keymap.layer_key(Layer::Picker, a);
    body.push(Line::from(Span::styled(
        format!(
            "{}/{} choose · {} confirm · {} cancel",
            key(LayerAction::Up),
            key(LayerAction::Down),
            keys(LayerAction::Choose),
            keys(LayerAction::Cancel)
        ),
        t.dim,
    )));
    draw_box(frame, app, &p.title, body, area, 64);
}

fn draw_form(frame: &mut Frame<'_>, app: &Ctx<'_>, form: &Form, area: Rect) {
    let t = &app.theme;
    let extra = if form.error.is_some() { 1 } else { 0 };
    let rect = centred(area, 76, form.height() + 3 + extra);
    let inner = frame_box(frame, app, &form.title, rect);
    // As wide as the longest label and a space, so that no label runs
    // into its value ("Probability◀ 3 ▶").
    let longest = form.fields.iter().map(|f| text::width(f.label)).max().unwrap_or(0);
    // At most 14: the value keeps the 60 cells a line is measured in (`LINE_CELLS`).
    let label_w = (longest.clamp(10, 12) + 2) as u16;
    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate() {
        let h = field.height().min((inner.y + inner.height).saturating_sub(y + 1 + extra));
        if h == 0 {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { t.key } else { t.dim };
        let marker = if focused { "▶" } else { " " };
        let label = text::fit(field.label, usize::from(label_w) - 2);
        let pad = usize::from(label_w) - 1 - text::width(&label);
        Line::from(Span::styled(format!("{marker}{label}{}", " ".repeat(pad)), label_style))
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
    let key = |a| app.keymap.layer_key(Layer::Form, a);
    let hint = format!(
        "{} next field · {}/{} save · {} cancel · {} clear · {}{} choose",
        key(LayerAction::NextField),
        key(LayerAction::Submit),
        key(LayerAction::Save),
        key(LayerAction::Cancel),
        key(LayerAction::ClearField),
        key(LayerAction::ChoicePrev),
        key(LayerAction::ChoiceNext)
    );
    Line::from(Span::styled(hint, t.dim))
        .render(Rect { x: inner.x, y: bottom, width: inner.width, height: 1 }, frame.buffer_mut());
}

fn draw_help(frame: &mut Frame<'_>, app: &Ctx<'_>, scroll: u16, area: Rect) {
    let t = &app.theme;
    // What the symbols on cards and epics mean, first: colour is never the
    // only sign, and a sign nobody can read is no sign either.
    let mut body = vec![
        Line::from(Span::styled("Symbols", t.title)),
        Line::from(Span::raw("status  ○ to do   ◐ doing   ● done")),
        Line::from(Span::raw("kind    ▪ story   ✗ bug   ✓ task   ? spike")),
        Line::from(Span::raw("epics   ● on track   ◐ at risk   ▲ late   ✓ done")),
        Line::from(Span::raw("cards   ▶ focused   ◆ in the highlighted epic   ? not estimated")),
        Line::default(),
    ];
    for b in app.keymap.on_screen(app.screen) {
        if b.keys.is_empty() {
            continue;
        }
        let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
        body.push(Line::from(vec![Span::styled(format!("{:<18}", keys.join(" ")), t.key), Span::raw(b.description)]));
    }
    // The keys of every layer over the screens, from the same keymap.
    for layer in Layer::ALL {
        body.push(Line::default());
        body.push(Line::from(Span::styled(format!("In {} ({})", layer.words(), layer.name()), t.title)));
        for b in app.keymap.layer(layer).filter(|b| !b.keys.is_empty()) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            body.push(Line::from(vec![
                Span::styled(format!("{:<18}", keys.join(" ")), t.key),
                Span::raw(b.description),
            ]));
        }
        if layer.takes_text() {
            body.push(Line::from(Span::styled(format!("{:<18}anything else is typed as text", ""), t.dim)));
        }
    }
    body.push(Line::default());
    let scroll_keys = format!(
        "{}/{} scroll · {} close",
        app.keymap.layer_key(Layer::Help, LayerAction::Up),
        app.keymap.layer_key(Layer::Help, LayerAction::Down),
        app.keymap.layer_key(Layer::Help, LayerAction::Close)
    );
    body.push(Line::from(Span::styled(scroll_keys, t.dim)));
    let height = (body.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centred(area, 96, height);
    let inner = frame_box(frame, app, &format!("Keys · {} screen", app.screen.title()), rect);
    Paragraph::new(body).scroll((scroll, 0)).render(inner, frame.buffer_mut());
}

fn draw_palette(frame: &mut Frame<'_>, app: &Ctx<'_>, p: &Palette, area: Rect) {
    let t = &app.theme;
    let found = palette::entries(app.keymap, app.screen, &p.query);
    let width = area.width.saturating_sub(4).min(96);
    // Query, a rule, the actions, the hint; borders take 2.
    let room = (area.height.saturating_sub(4 + 2 + 2) as usize).max(1);
    let rows = found.len().clamp(1, room);
    let rect = centred(area, width, rows as u16 + 3 + 2);
    let n = found.len();
    let title =
        format!("Command palette · {} screen · {n} action{}", app.screen.title(), if n == 1 { "" } else { "s" });
    let inner = frame_box(frame, app, &title, rect);
    let mut body = vec![
        Line::from(vec![Span::styled(": ", t.key), Span::styled(p.query.clone(), t.message), Span::styled("█", t.dim)]),
        Line::from(Span::styled("─".repeat(inner.width as usize), t.border)),
    ];
    let skip = (p.selected + 1).saturating_sub(rows);
    let desc_w = (inner.width as usize).saturating_sub(2 + 12 + 17);
    for (i, b) in found.iter().enumerate().skip(skip).take(rows) {
        let keys: Vec<String> = b.keys.iter().take(2).map(|k| k.to_string()).collect();
        let keys = if keys.is_empty() { "—".to_string() } else { keys.join(" ") };
        let on = i == p.selected;
        let (marker, style) = if on { ("▶ ", t.selected) } else { ("  ", t.text) };
        body.push(Line::from(vec![
            Span::styled(marker, style),
            Span::styled(format!("{:<12}", text::fit(&keys, 11)), if on { t.selected } else { t.key }),
            Span::styled(format!("{:<17}", text::fit(&b.action.words(), 16)), style),
            Span::styled(text::fit(b.description, desc_w), if on { t.selected } else { t.dim }),
        ]));
    }
    if found.is_empty() {
        body.push(Line::from(Span::styled(format!("  no action of this screen matches \"{}\"", p.query), t.warn)));
    }
    let key = |a| app.keymap.layer_key(Layer::Palette, a);
    // When the list is longer than the box, say which part shows.
    let part = if found.len() > rows {
        format!("{}–{} of {} · ", skip + 1, (skip + rows).min(found.len()), found.len())
    } else {
        String::new()
    };
    body.push(Line::from(Span::styled(
        format!(
            "{part}type to filter · {}/{} choose · {} run · {} close",
            key(LayerAction::Up),
            key(LayerAction::Down),
            key(LayerAction::Run),
            key(LayerAction::Close)
        ),
        t.dim,
    )));
    Paragraph::new(body).render(inner, frame.buffer_mut());
}
