//! The Risks screen: the register, highest level first.

use crate::domain::{RiskStatus, text};
use crate::tui::views::ctx::Ctx;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

/// Draws the Risks screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered().title(Line::from(vec![
        Span::styled(" Risks ", t.title),
        Span::styled(format!("{} in the register · level = probability × impact ", app.risks.len()), t.dim),
    ]));
    if app.risks.is_empty() {
        Paragraph::new("No risks recorded. n adds one.")
            .style(t.dim)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, frame.buffer_mut());
        return;
    }
    let header = Row::new(["Level", "P×I", "Risk", "Owner", "Status", "Response"]).style(t.title);
    let rows = app.risks.iter().map(|r| {
        let level = r.level();
        let (mark, style) = match level {
            15.. => ("▲▲", t.bad),
            8..=14 => ("▲ ", t.warn),
            _ => ("  ", t.good),
        };
        let status = match r.fields.status {
            RiskStatus::Open => "○ open",
            RiskStatus::Mitigated => "◐ mitigated",
            RiskStatus::Closed => "● closed",
        };
        Row::new(vec![
            Cell::from(Span::styled(format!("{mark}{level:>3}"), style)),
            Cell::from(format!("{}×{}", r.fields.probability, r.fields.impact)),
            Cell::from(text::fit(&r.fields.title, 60)),
            Cell::from(text::fit(if app.presenter { "" } else { &r.fields.owner }, 20)),
            Cell::from(status),
            Cell::from(text::fit(&r.fields.response, 80)),
        ])
    });
    let widths = [
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Percentage(35),
        Constraint::Length(12),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    let table =
        Table::new(rows, widths).header(header).block(block).row_highlight_style(t.selected).highlight_symbol("▶");
    let mut state = TableState::default().with_selected(Some(app.risk_focus));
    StatefulWidget::render(table, area, frame.buffer_mut(), &mut state);
}
