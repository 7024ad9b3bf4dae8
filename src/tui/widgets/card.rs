//! One story as a one-line card: focus marker, status and kind symbols,
//! `⊘` when it waits on a blocker, key, title cut by display width, points.

use crate::domain::Card;
use crate::domain::text;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// How a card is drawn.
pub struct CardLook<'a> {
    /// The theme.
    pub theme: &'a Theme,
    /// Whether it has the focus (and its column too).
    pub focused: bool,
    /// Whether it belongs to the highlighted epic.
    pub highlighted: bool,
    /// Cells available.
    pub width: usize,
    /// Whether to show who works on it (not in presenter mode: no names on
    /// a shared screen).
    pub assignee: bool,
    /// Title cells the assignee must leave (the focused column's minimum).
    pub title_min: usize,
    /// Whether it is planned before (or with) a blocker that is not done:
    /// `⊘` before its key, a symbol one cell wide, so the title keeps its room.
    pub blocked: bool,
}

/// The card's line.
pub fn card_line<'a>(card: &Card, look: &CardLook<'_>) -> Line<'a> {
    let t = look.theme;
    let marker = if look.focused {
        "▶"
    } else if look.highlighted {
        "◆"
    } else {
        " "
    };
    let points = card.points.map_or("?".to_string(), |p| p.to_string());
    // The first name, short, when there is room for a title beside it.
    let fixed = 1 + 1 + 1 + 1 + text::width(&card.key) + 1 + 1 + text::width(&points);
    let who = match card.assignee.split_whitespace().next() {
        Some(first) if look.assignee => format!(" @{}", text::fit(first, 8)),
        _ => String::new(),
    };
    // The title comes first: the name shows only where the title keeps
    // its minimum beside it.
    let who = if look.width >= fixed + text::width(&who) + look.title_min.max(12) { who } else { String::new() };
    let fixed = fixed + text::width(&who);
    let title_width = look.width.saturating_sub(fixed);
    let title = text::fit(&card.title, title_width);
    let pad = title_width.saturating_sub(text::width(&title));
    let base = if look.focused {
        t.selected
    } else if look.highlighted {
        t.highlight
    } else {
        t.text
    };
    let on = |s: Style| if look.focused { t.selected } else { s };
    let points_style = if card.points.is_none() { on(t.warn) } else { base };
    Line::from(vec![
        Span::styled(marker.to_string(), base),
        Span::styled(card.status.symbol().to_string(), on(t.status(card.status))),
        Span::styled(card.kind.symbol().to_string(), on(t.kind(card.kind))),
        if look.blocked { Span::styled("⊘", on(t.bad)) } else { Span::styled(" ", base) },
        Span::styled(card.key.clone(), on(t.dim).patch(if look.focused { t.selected } else { Style::new() })),
        Span::styled(" ", base),
        Span::styled(title, base),
        Span::styled(" ".repeat(pad + 1), base),
        Span::styled(who.trim_start().to_string(), on(t.dim)),
        Span::styled(if who.is_empty() { "" } else { " " }.to_string(), base),
        Span::styled(points, points_style),
    ])
}
