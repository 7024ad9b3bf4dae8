//! The velocity chart of the Reports screen: per closed sprint a committed
//! bar (▒) and a completed bar (█), each labelled with its value, the
//! sprints named under them, and the average as a dotted line (┈) labelled
//! with its value. Bars are drawn cell by cell with their own symbols, so
//! the chart reads the same with `NO_COLOR`. The sprints share the width
//! out between them; when they cannot all fit with their labels, the
//! newest are shown and the chart says how many earlier ones are off.

use crate::domain::report::SprintReport;
use crate::domain::{Points, text};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The widest a bar gets, however wide the screen: wider bars read no better.
const MAX_BAR: usize = 10;

/// The chart of some closed sprints, oldest first.
pub struct VelocityChart<'a> {
    /// The sprints, oldest first.
    pub sprints: &'a [SprintReport],
    /// Closed sprints older than `sprints`, left out before the chart
    /// (the reports look back only so far); hinted with those that do not fit.
    pub earlier: usize,
    /// The average velocity, drawn as a line.
    pub average: Option<Points>,
    /// Colours.
    pub theme: &'a Theme,
}

/// Where the sprints go across the plot.
struct Columns {
    /// How many of the newest sprints are shown.
    shown: usize,
    /// Cells per sprint.
    slot: usize,
    /// Cells per bar.
    bar: usize,
    /// Rows of names: two when names are staggered to get twice the room.
    name_rows: u16,
}

impl VelocityChart<'_> {
    fn columns(&self, plot_w: usize) -> Columns {
        let values = self.sprints.iter().flat_map(|s| [s.record.committed, s.record.completed]);
        let label = values.map(|p| text::width(&p.to_string())).max().unwrap_or(1).max(2);
        // Two bars and a gap per sprint, each bar wide enough for its value.
        let shown = (plot_w / (2 * label + 1)).min(self.sprints.len()).max(1);
        let slot = plot_w / shown;
        let bar = ((slot - 1) / 2).clamp(1, MAX_BAR.max(label));
        let names = &self.sprints[self.sprints.len() - shown..];
        let fits = names.iter().all(|s| text::width(&s.name) < slot);
        Columns { shown, slot, bar, name_rows: if fits || shown == 1 { 1 } else { 2 } }
    }
}

impl Widget for VelocityChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        if self.sprints.is_empty() || area.height < 5 || area.width < 16 {
            return;
        }
        let peak = |sprints: &[SprintReport]| {
            sprints
                .iter()
                .map(|s| s.record.committed.max(s.record.completed))
                .chain(self.average)
                .max()
                .unwrap_or_default()
        };
        // The axis is as wide as the widest number it may show (over every
        // sprint, before knowing how many fit); the scale is the shown ones'.
        let axis_w = [Some(peak(self.sprints)), self.average]
            .iter()
            .flatten()
            .map(|p| text::width(&p.to_string()))
            .max()
            .unwrap_or(1) as u16
            + 1;
        let plot_x = area.x + axis_w;
        let plot_w = (area.width - axis_w) as usize;
        let c = self.columns(plot_w);
        let cut = self.sprints.len() - c.shown;
        let shown = &self.sprints[cut..];
        let hidden = cut + self.earlier;
        let top = peak(shown);
        // Rows above the bars: the tallest bar's value, and the hint of
        // sprints off to the left when there are some.
        let head = 1 + u16::from(hidden > 0);
        let bars_h = area.height.saturating_sub(c.name_rows + head).max(1);
        let base = area.y + head + bars_h - 1; // the bottom row of the bars
        let scale = top.as_f64().max(0.01);
        let height_of = |p: Points| -> u16 {
            let h = (p.as_f64() / scale * f64::from(bars_h)).round() as u16;
            if p.hundredths() > 0 { h.clamp(1, bars_h) } else { 0 }
        };
        let row_of = |h: u16| base + 1 - h.max(1); // the top row of a bar `h` high
        buf.set_string(area.x, row_of(bars_h), format!("{:>w$}", top.to_string(), w = axis_w as usize - 1), t.dim);
        buf.set_string(area.x, base, format!("{:>w$}", "0", w = axis_w as usize - 1), t.dim);
        let avg_row = self.average.map(|a| row_of(height_of(a)));
        if let (Some(row), Some(a)) = (avg_row, self.average) {
            buf.set_string(plot_x, row, "┈".repeat(plot_w), t.cut);
            buf.set_string(area.x, row, format!("{:>w$}", a.to_string(), w = axis_w as usize - 1), t.cut);
        }
        if hidden > 0 {
            let hint = format!("◂ {hidden} earlier");
            let hint = if text::width(&hint) <= plot_w { hint } else { format!("◂ {hidden}") };
            buf.set_string(plot_x, area.y, text::fit(&hint, plot_w), t.dim);
        }
        for (i, s) in shown.iter().enumerate() {
            let slot_x = plot_x + (i * c.slot) as u16;
            let bars_x = slot_x + ((c.slot - 2 * c.bar) / 2) as u16;
            for (k, value, symbol, style) in [(0, s.record.committed, "▒", t.dim), (1, s.record.completed, "█", t.good)]
            {
                let x = bars_x + (k * c.bar) as u16;
                let h = height_of(value);
                for dy in 0..h {
                    buf.set_string(x, base - dy, symbol.repeat(c.bar), style);
                }
                // The value just above the bar (on the baseline for zero).
                let label = value.to_string();
                let y = if h == 0 { base } else { base - h };
                let pad = c.bar.saturating_sub(text::width(&label)) / 2;
                buf.set_string(x + pad as u16, y, text::fit(&label, c.bar), t.text);
            }
            // Names centred under their bars; staggered over two rows when
            // one row is too narrow, so each gets two slots of room.
            let row = (i % c.name_rows as usize) as u16;
            let room = if c.name_rows == 1 { c.slot - 1 } else { 2 * c.slot - 1 };
            let name = text::fit(&s.name, room);
            let centre = slot_x as usize + c.slot / 2;
            let left = centre.saturating_sub(text::width(&name) / 2).max(plot_x as usize);
            let left = left.min((area.x + area.width) as usize - text::width(&name));
            buf.set_string(left as u16, base + 1 + row, name, t.dim);
        }
        if let Some(row) = avg_row {
            label_average(buf, Rect { y: area.y + head - 1, ..area }, plot_x, row, self.average, t);
        }
    }
}

/// Writes `avg N` on the average line, as far right as it finds the line
/// clear of bars and labels; failing that, `┈ avg N` as far right as it
/// fits in the chart's top row, where only the tallest bars' values are.
fn label_average(buf: &mut Buffer, area: Rect, plot_x: u16, row: u16, average: Option<Points>, t: &Theme) {
    let Some(a) = average else { return };
    let end = (area.x + area.width) as usize;
    // Clear over the label's cells and `gap` either side (within the
    // chart), so it never runs into a bar's value.
    let free = |buf: &Buffer, y: u16, from: usize, w: usize, blank: &str, gap: usize| {
        let span = from.saturating_sub(gap).max(plot_x as usize)..(from + w + gap).min(end);
        span.into_iter().all(|x| buf[(x as u16, y)].symbol() == blank)
    };
    for (y, label, blank, gap) in [(row, format!(" avg {a} "), "┈", 0), (area.y, format!("┈ avg {a}"), " ", 1)] {
        let w = text::width(&label);
        let mut starts = (plot_x as usize..end.saturating_sub(w) + 1).rev();
        if let Some(x) = starts.find(|x| free(buf, y, *x, w, blank, gap)) {
            buf.set_string(x as u16, y, label, t.cut);
            return;
        }
    }
}
