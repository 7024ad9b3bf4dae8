//! Small drawing pieces shared by the screens.

pub mod burn_up;
pub mod card;
pub mod epic_card;
pub mod gauge;
pub mod outlook;
pub mod risk_matrix;
pub mod velocity_chart;

use ratatui::layout::Rect;

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}
