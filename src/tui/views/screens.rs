//! The screens other than Plan.

use crate::tui::app::{App, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Draws the Sprint, Roadmap, Reports or Risks screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, screen: Screen, area: Rect) {
    let block = Block::bordered().title(Span::styled(format!(" {} ", screen.title()), app.theme.title));
    let text = "This screen is not built yet. Press 1 for the Plan screen.";
    Paragraph::new(Span::styled(text, app.theme.dim))
        .wrap(Wrap { trim: true })
        .block(block)
        .render(area, frame.buffer_mut());
}
