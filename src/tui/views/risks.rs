//! The Risks screen: the register, highest level first with the closed
//! risks dimmed below a separator, the 5×5 probability × impact matrix of
//! the open risks beside it, and the focused risk in full below.

use crate::domain::{Risk, RiskStatus, text};
use crate::tui::layout::screen_and_strip;
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::risk_matrix::{RiskMatrix, SIZE as MATRIX};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// The register's width from which statuses are words and responses show.
const WIDE: u16 = 90;

/// The status as a symbol and a word.
pub fn status_words(s: RiskStatus) -> &'static str {
    match s {
        RiskStatus::Open => "○ open",
        RiskStatus::Mitigated => "◐ mitigated",
        RiskStatus::Closed => "✕ closed",
    }
}

/// The level with its mark: `▲▲` from 15, `▲` from 8.
fn level_mark(level: u8) -> &'static str {
    match level {
        15.. => "▲▲",
        8..=14 => "▲ ",
        _ => "  ",
    }
}

/// Draws the Risks screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, _body: Rect) {
    let t = &app.theme;
    let (area, strip) = screen_and_strip(app.size);
    let open = app.risks.iter().filter(|r| r.fields.status == RiskStatus::Open).count();
    let block = Block::default().borders(Borders::TOP).border_style(t.border).title(Line::from(vec![
        Span::styled(" Risks ", t.title),
        Span::styled(
            format!("{} in the register, {open} open · level = probability × impact ", app.risks.len()),
            t.dim,
        ),
    ]));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if app.risks.is_empty() {
        Paragraph::new("No risks recorded. n adds one.").style(t.dim).render(inner, frame.buffer_mut());
        return;
    }
    // The matrix beside the register, at its right.
    let matrix_w = MATRIX.0 + 2;
    let register = Rect { width: inner.width.saturating_sub(matrix_w), ..inner };
    let focused = app.risks.get(app.risk_focus);
    let matrix = RiskMatrix::new(app.risks, focused, t);
    let m_area =
        Rect { x: register.x + register.width + 2, y: inner.y, width: MATRIX.0, height: MATRIX.1.min(inner.height) };
    (&matrix).render(m_area, frame.buffer_mut());
    if register.width < WIDE && inner.height > MATRIX.1 + 2 {
        // The register shows statuses as symbols only: what they mean.
        let legend = Rect { y: m_area.y + MATRIX.1 + 1, height: 2, ..m_area };
        Paragraph::new(vec![Line::from("○ open  ◐ mitigated"), Line::from("✕ closed")])
            .style(t.dim)
            .render(legend, frame.buffer_mut());
    }
    draw_register(frame, app, register);
    draw_strip(frame, app, focused, strip);
}

fn draw_register(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let wide = area.width >= WIDE;
    let owner_w: usize = if app.presenter {
        0
    } else if wide {
        12
    } else {
        8
    };
    let status_w: usize = if wide { 12 } else { 2 };
    // marker, level, P×I, status, owner; the rest is title (and response).
    let fixed = 1 + 5 + 4 + 1 + status_w + owner_w + usize::from(owner_w > 0);
    let rest = (area.width as usize).saturating_sub(fixed);
    // Responses get a column once titles keep 44 cells beside it; the
    // strip below shows the focused one's in full either way.
    let (title_w, response_w) = if rest >= 80 { (rest * 11 / 20, rest - rest * 11 / 20) } else { (rest, 0) };
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut header = format!(" {:<5} {:<3} {:<title_w$}", "Level", "P×I", "Risk");
    header.push_str(&format!("{:<status_w$}", if wide { "Status" } else { "" }));
    if owner_w > 0 {
        header.push_str(&format!(" {:<owner_w$}", "Owner"));
    }
    if response_w > 0 {
        header.push_str("Response");
    }
    rows.push(Line::from(Span::styled(text::fit(&header, area.width as usize), t.title)));
    let closed_from = app.risks.iter().position(|r| r.fields.status == RiskStatus::Closed);
    let mut focus_row = 0;
    for (i, r) in app.risks.iter().enumerate() {
        if Some(i) == closed_from {
            let n = app.risks.len() - i;
            let label = format!("── closed ({n}) ");
            let fill = (area.width as usize).saturating_sub(text::width(&label));
            rows.push(Line::from(Span::styled(format!("{label}{}", "─".repeat(fill)), t.dim)));
        }
        if i == app.risk_focus {
            focus_row = rows.len();
        }
        // Only the rows that can show are drawn (the separator counts one).
        let first_shown = app.risk_focus.saturating_sub(area.height as usize);
        rows.push(if i + 1 >= first_shown && i <= first_shown + 2 * area.height as usize {
            risk_row(app, r, i == app.risk_focus, (title_w, status_w, owner_w, response_w))
        } else {
            Line::default()
        });
    }
    // Scrolled so the focused risk shows, the header kept on top, and
    // how many risks are above and below said where some are cut off.
    let room = (area.height as usize).saturating_sub(1).max(1);
    let (skip, take) = register_window(rows.len() - 1, focus_row.saturating_sub(1), room);
    let separator = closed_from.map(|i| i + 1); // its body line
    let risks_in = |lines: std::ops::Range<usize>| lines.filter(|l| Some(*l) != separator).count();
    let (above, below) = (risks_in(0..skip), risks_in(skip + take..rows.len() - 1));
    let hint = |n: usize, arrow: &str, place: &str| {
        Line::from(Span::styled(format!(" {arrow} {n} more {} {place}", if n == 1 { "risk" } else { "risks" }), t.dim))
    };
    let mut body = vec![rows[0].clone()];
    if above > 0 {
        body.push(hint(above, "▴", "above"));
    }
    body.extend(rows.into_iter().skip(1 + skip).take(take));
    if below > 0 {
        body.push(hint(below, "▾", "below"));
    }
    Paragraph::new(body).render(area, frame.buffer_mut());
}

/// Which of `lines` register lines show in `room` rows with the focused
/// line `focus` among them: `(first, count)`, leaving a row for each hint
/// of lines cut off above or below.
fn register_window(lines: usize, focus: usize, room: usize) -> (usize, usize) {
    if lines <= room || room < 3 {
        return (focus.saturating_sub(room.saturating_sub(1)), room.min(lines));
    }
    let both = room - 2;
    let skip = (focus + 1).saturating_sub(both);
    if skip == 0 {
        (0, room - 1) // only a hint below
    } else if skip + both >= lines {
        (lines - (room - 1), room - 1) // only a hint above
    } else {
        (skip, both)
    }
}

fn risk_row(
    app: &Ctx<'_>,
    r: &Risk,
    focused: bool,
    (title_w, status_w, owner_w, response_w): (usize, usize, usize, usize),
) -> Line<'static> {
    let t = &app.theme;
    let closed = r.fields.status == RiskStatus::Closed;
    let level = r.level();
    let base = if closed { t.dim } else { t.text };
    let level_style = match (closed, level) {
        (true, _) => t.dim,
        (_, 15..) => t.bad,
        (_, 8..=14) => t.warn,
        _ => t.good,
    };
    let pad = |s: String, w: usize| {
        let cut = text::fit_words(&s, w.saturating_sub(1));
        format!("{cut}{}", " ".repeat(w.saturating_sub(text::width(&cut))))
    };
    let status = if status_w > 2 {
        status_words(r.fields.status).to_string()
    } else {
        status_words(r.fields.status).split(' ').next().unwrap_or_default().to_string()
    };
    let mut spans = vec![
        Span::styled(if focused { "▶" } else { " " }, t.selected),
        Span::styled(format!("{}{level:>3}", level_mark(level)), level_style),
        Span::styled(format!(" {}×{}", r.fields.probability, r.fields.impact), base),
        Span::styled(" ", base),
        Span::styled(pad(r.fields.title.clone(), title_w), if focused { t.selected } else { base }),
        Span::styled(pad(status, status_w), base),
    ];
    if owner_w > 0 {
        spans.push(Span::styled(format!(" {}", pad(r.fields.owner.clone(), owner_w)), base));
    }
    if response_w > 0 {
        spans.push(Span::styled(text::fit_words(&r.fields.response, response_w.saturating_sub(1)), base));
    }
    Line::from(spans)
}

fn draw_strip(frame: &mut Frame<'_>, app: &Ctx<'_>, focused: Option<&Risk>, area: Rect) {
    let t = &app.theme;
    let Some(r) = focused else { return };
    let f = &r.fields;
    let epic = f.epic.and_then(|id| app.data.epics.iter().find(|e| e.id == id));
    let mut header = format!(
        " Risk · level {} = probability {} × impact {} · {} ",
        r.level(),
        f.probability,
        f.impact,
        status_words(f.status)
    );
    if !f.owner.is_empty() && !app.presenter {
        header.push_str(&format!("· owner {} ", f.owner));
    }
    let block = Block::default().borders(Borders::TOP).border_style(t.border).title(Span::styled(header, t.title));
    let labelled = |label: &str, v: &str, style: Style| {
        Line::from(vec![Span::styled(format!("{label}: "), t.dim), Span::styled(v.to_string(), style)])
    };
    let epic = match epic {
        Some(e) => format!(" · epic {} {}", e.key, e.fields.title),
        None => " · no epic".to_string(),
    };
    let mut body = vec![Line::from(vec![
        Span::styled(f.title.clone(), t.text.add_modifier(Modifier::BOLD)),
        Span::styled(epic, t.dim),
    ])];
    if !f.response.is_empty() {
        body.push(labelled("Response", &f.response, t.text));
    }
    if !f.description.is_empty() {
        body.push(labelled("Description", &f.description.replace('\n', " "), t.text));
    }
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    Paragraph::new(body).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
}
