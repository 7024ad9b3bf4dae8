//! An epic as a Roadmap card: key and title, a progress bar of done over
//! total points, and when it will likely be done against its target
//! quarter, in words and a symbol (`P50 Jan 12 · P85 Feb 3 ● on track`).

use crate::domain::outlook::{EpicForecast, Outlook};
use crate::domain::{Epic, text};
use crate::tui::theme::Theme;
use crate::tui::widgets::gauge::progress_line;
use crate::tui::widgets::outlook::outlook_style;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The widest progress bar a card draws: wider says nothing more.
const BAR_MAX: usize = 36;

/// One epic card, drawn into three rows.
pub struct EpicCard<'a> {
    /// The epic.
    pub epic: &'a Epic,
    /// Its forecast; none while the first forecast is being computed.
    pub forecast: Option<&'a EpicForecast>,
    /// Whether it has the focus.
    pub focused: bool,
    /// Whether its stories are highlighted (Enter).
    pub highlighted: bool,
    /// How many open risks name it (`⚠2` after its title).
    pub open_risks: usize,
    /// The remaining cost at P50/P85, in words, once the board has a
    /// budget (issue 12 fills it in; nothing is shown without one).
    pub remaining_cost: Option<String>,
    /// Colours.
    pub theme: &'a Theme,
}

impl EpicCard<'_> {
    /// The card's three lines at `width` cells.
    pub fn lines(&self, width: usize) -> [Line<'static>; 3] {
        let t = self.theme;
        let e = self.epic;
        let marker = match (self.focused, self.highlighted) {
            (true, _) => "▶",
            (false, true) => "◆",
            _ => " ",
        };
        let style = match (self.focused, self.highlighted) {
            (true, _) => t.selected,
            (false, true) => t.highlight,
            _ => t.text.add_modifier(Modifier::BOLD),
        };
        let risks = if self.open_risks > 0 { format!(" ⚠{}", self.open_risks) } else { String::new() };
        let room = width.saturating_sub(text::width(&risks));
        let title = text::fit_words(&format!("{marker}{} {}", e.key, e.fields.title), room);
        let title = Line::from(vec![Span::styled(title, style), Span::styled(risks, t.warn)]);
        // The remaining cost is read in full where it fits: the bar gives
        // up cells for it first (down to a short bar).
        let cost_w = self.remaining_cost.as_ref().map_or(0, |c| text::width(c) + 3);
        let bar_w = if cost_w > 0 && width.min(BAR_MAX) + cost_w > width {
            width.saturating_sub(cost_w).max(12).min(width)
        } else {
            width.min(BAR_MAX)
        };
        let mut progress = progress_line(e.tally.done, e.tally.points, bar_w, t);
        if let Some(cost) = &self.remaining_cost {
            let room = width.saturating_sub(progress.width() + 3);
            progress.spans.push(Span::styled(format!(" · {}", text::fit(cost, room)), t.dim));
        }
        [title, progress, self.forecast_line(width)]
    }

    /// `  P50 Jan 12 · P85 Feb 3 ◐ at risk`, shortened to fit: the P85
    /// date and the outlook are what a roadmap review reads first.
    fn forecast_line(&self, width: usize) -> Line<'static> {
        let t = self.theme;
        let room = width.saturating_sub(2);
        let Some(f) = self.forecast else {
            return Line::from(Span::styled(text::fit("  forecast…", width), t.dim));
        };
        let outlook = match f.outlook {
            Outlook::NoTarget => "· no target quarter",
            o => o.words(),
        };
        let words = match (f.outlook, f.p50_date, f.p85_date) {
            // The forecast calls an epic with nothing left "done"; one that
            // never had a story (just added in a roadmap review) is not.
            (Outlook::Done, _, _) if self.epic.tally.stories == 0 => vec!["no stories yet".to_string()],
            (Outlook::Done, _, _) => vec!["✓ done: every story is done".to_string()],
            (Outlook::Unknown, _, _) => vec!["forecast needs velocity history".to_string()],
            (_, Some(a), Some(b)) => {
                let (a, b) = (a.format("%b %-d"), b.format("%b %-d"));
                let unestimated =
                    if f.unestimated > 0 { format!(" +{} unestimated", f.unestimated) } else { String::new() };
                vec![
                    format!("P50 {a} · P85 {b} {outlook}{unestimated}"),
                    format!("P50 {a} · P85 {b} {outlook}"),
                    format!("P85 {b} {outlook}"),
                    outlook.to_string(),
                ]
            }
            _ => vec![outlook.to_string()],
        };
        let chosen = words.iter().find(|w| text::width(w) <= room).unwrap_or(&words[words.len() - 1]);
        Line::from(vec![Span::raw("  "), Span::styled(text::fit(chosen, room), outlook_style(t, f.outlook))])
    }
}

impl Widget for &EpicCard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        for (i, line) in self.lines(area.width as usize).into_iter().enumerate().take(area.height as usize) {
            line.render(Rect { y: area.y + i as u16, height: 1, ..area }, buf);
        }
    }
}
