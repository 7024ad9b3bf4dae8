//! A one-line text gauge: `cap ███████░░░ 23/25`, marked `▲ over` (and red)
//! when the value passes the limit, so the state reads without colour.

use crate::domain::Points;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// A gauge line of `width` cells for `value` against `limit`.
pub fn gauge_line<'a>(label: &str, value: Points, limit: Option<Points>, width: usize, theme: &Theme) -> Line<'a> {
    let Some(limit) = limit.filter(|l| l.hundredths() > 0) else {
        let none = if label == "cap" { "none set" } else { "no history" };
        return Line::from(vec![
            Span::styled(format!("{label} "), theme.dim),
            Span::styled(format!("{value} pts · {none}"), theme.dim),
        ]);
    };
    let over = value > limit;
    let numbers = format!(" {value}/{limit}{}", if over { " ▲ over" } else { "" });
    let bar_width = width.saturating_sub(label.len() + 1 + numbers.chars().count()).max(1);
    let ratio = (value.as_f64() / limit.as_f64()).min(1.0);
    let filled = ((ratio * bar_width as f64).round() as usize).min(bar_width);
    let style = if over {
        theme.bad
    } else if ratio >= 0.9 {
        theme.warn
    } else {
        theme.good
    };
    Line::from(vec![
        Span::styled(format!("{label} "), theme.dim),
        Span::styled("█".repeat(filled), style),
        Span::styled("░".repeat(bar_width - filled), theme.dim),
        Span::styled(numbers, if over { theme.bad } else { theme.text }),
    ])
}

/// A progress bar of done over total points: `███░░ 12/30`.
pub fn progress_line<'a>(done: Points, total: Points, width: usize, theme: &Theme) -> Line<'a> {
    let numbers = format!(" {done}/{total} pts");
    let bar_width = width.saturating_sub(numbers.chars().count() + 2).max(1);
    let ratio = if total.hundredths() > 0 { done.as_f64() / total.as_f64() } else { 0.0 };
    let filled = ((ratio * bar_width as f64).round() as usize).min(bar_width);
    Line::from(vec![
        Span::raw("  "),
        Span::styled("█".repeat(filled), theme.good),
        Span::styled("░".repeat(bar_width - filled), theme.dim),
        Span::styled(numbers, theme.dim),
    ])
}
