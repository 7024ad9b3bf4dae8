//! The 5×5 probability × impact matrix of the open risks: how many sit in
//! each cell, probability 5 at the top and impact 5 at the right, the
//! focused risk's cell in brackets (`[2]`), so it reads without colour.

use crate::domain::{Risk, RiskStatus};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Cells the matrix takes: its width and height.
pub const SIZE: (u16, u16) = (25, 8);

/// The matrix of a register.
pub struct RiskMatrix<'a> {
    /// Open risks per cell: `counts[probability - 1][impact - 1]`.
    pub counts: [[usize; 5]; 5],
    /// The focused risk's probability and impact, whatever its status.
    pub focused: Option<(u8, u8)>,
    /// Colours.
    pub theme: &'a Theme,
}

impl<'a> RiskMatrix<'a> {
    /// Counts the open risks of `risks`; marks `focused`'s cell.
    pub fn new(risks: &[Risk], focused: Option<&Risk>, theme: &'a Theme) -> RiskMatrix<'a> {
        let mut counts = [[0; 5]; 5];
        for r in risks.iter().filter(|r| r.fields.status == RiskStatus::Open) {
            let (p, i) = (r.fields.probability.clamp(1, 5), r.fields.impact.clamp(1, 5));
            counts[usize::from(p - 1)][usize::from(i - 1)] += 1;
        }
        let focused = focused.map(|r| (r.fields.probability.clamp(1, 5), r.fields.impact.clamp(1, 5)));
        RiskMatrix { counts, focused, theme }
    }

    /// The matrix as lines: axes, five rows, and what the brackets mean.
    pub fn lines(&self) -> Vec<Line<'static>> {
        let t = self.theme;
        let mut lines = vec![
            Line::from(Span::styled("Probability ↑  Impact →", t.title)),
            Line::from(Span::styled(format!("    {}", (1..=5).map(|i| format!("{i:^4}")).collect::<String>()), t.dim)),
        ];
        for p in (1..=5u8).rev() {
            let mut spans = vec![Span::styled(format!(" {p} │"), t.dim)];
            for i in 1..=5u8 {
                let n = self.counts[usize::from(p - 1)][usize::from(i - 1)];
                let count = if n == 0 { "·".to_string() } else { n.to_string() };
                let here = self.focused == Some((p, i));
                let cell = if here { format!("[{count}]") } else { count };
                // The level's zone in colour; the count and brackets say it all without.
                let style = match (here, p * i, n) {
                    (true, _, _) => t.selected,
                    (_, _, 0) => t.dim,
                    (_, 15.., _) => t.bad,
                    (_, 8..=14, _) => t.warn,
                    _ => t.good,
                };
                spans.push(Span::styled(format!("{cell:^4}"), style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(Span::styled("[ ] the focused risk", t.dim)));
        lines
    }
}

impl Widget for &RiskMatrix<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        for (i, line) in self.lines().into_iter().enumerate().take(area.height as usize) {
            line.render(Rect { y: area.y + i as u16, height: 1, ..area }, buf);
        }
    }
}
