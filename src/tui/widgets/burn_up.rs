//! A burn-up chart of spend against a budget, drawn cell by cell so it
//! reads the same without colour: `█` spent after each closed sprint and
//! to date, `░` the forecast band from P50 (its bottom) to P85 (its top)
//! in the sprints ahead, `═` the budget line; money on the left axis,
//! sprint numbers along the bottom.

use crate::domain::money::{Currency, Money};
use crate::ops::BudgetBurnUp;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The chart of one budget.
pub struct BurnUpChart<'a> {
    /// The budget's spend and forecast.
    pub burn_up: &'a BudgetBurnUp,
    /// For the axis labels.
    pub currency: &'a Currency,
    /// Colours.
    pub theme: &'a Theme,
}

/// Money in a few cells: `€120k`, `€1.2M`, `€800`.
pub fn short_money(m: Money, currency: &Currency) -> String {
    let units = i128::from(m.0) / i128::from(currency.unit().max(1));
    let sym = currency.symbol.trim();
    let sign = if units < 0 { "-" } else { "" };
    let n = units.abs();
    // Rounded, not cut: €10,902 is €11k, never €10k (an amount that
    // understates what is left misleads a budget review).
    let whole = |per: i128| (n + per / 2) / per;
    let tenths = |per: i128| n as f64 / per as f64;
    match n {
        n if n >= 9_999_500_000 => format!("{sign}{sym}{}B", whole(1_000_000_000)),
        n if n >= 999_950_000 => format!("{sign}{sym}{:.1}B", tenths(1_000_000_000)),
        n if n >= 9_999_500 => format!("{sign}{sym}{}M", whole(1_000_000)),
        n if n >= 999_950 => format!("{sign}{sym}{:.1}M", tenths(1_000_000)),
        n if n >= 9_999 => format!("{sign}{sym}{}k", whole(1_000)),
        n if n >= 1_000 => format!("{sign}{sym}{:.1}k", tenths(1_000)),
        _ => format!("{sign}{sym}{n}"),
    }
}

/// A column of the chart: its label and what it shows.
enum Point {
    /// Spent by then.
    Spent(Money),
    /// The band ahead: P50 and P85 totals.
    Band(Money, Money),
}

/// The label under a column: a sprint name's number (`Sprint 14` → `14`).
fn label_of(name: &str) -> String {
    name.rsplit(' ').next().filter(|w| w.chars().all(|c| c.is_ascii_digit())).unwrap_or(name).to_string()
}

impl Widget for BurnUpChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (t, b) = (self.theme, self.burn_up);
        if area.height < 4 || area.width < 20 {
            return;
        }
        let mut points: Vec<(String, Point)> =
            b.spent.iter().map(|(name, m)| (label_of(name), Point::Spent(*m))).collect();
        points.push(("now".into(), Point::Spent(b.now)));
        points.extend(b.ahead.iter().map(|(name, p50, p85)| (label_of(name), Point::Band(*p50, *p85))));
        let axis = 7u16;
        let plot_w = area.width - axis;
        let step = (plot_w as usize / points.len()).clamp(1, 8) as u16;
        // What does not fit: the oldest sprints go first, then the far future.
        let fit = (plot_w / step) as usize;
        let now_at = b.spent.len();
        let skip_old = now_at.saturating_sub(fit.saturating_sub(1) / 2).min(points.len().saturating_sub(fit));
        let shown: Vec<&(String, Point)> = points.iter().skip(skip_old).take(fit).collect();
        let later = points.len() > skip_old + fit;
        let top = shown
            .iter()
            .map(|(_, p)| match p {
                Point::Spent(m) => m.0,
                Point::Band(_, p85) => p85.0,
            })
            .chain([b.budget.0, 1])
            .max()
            .unwrap_or(1) as f64
            * 1.05;
        let rows = area.height - 1; // the last row holds the labels
        let row_of = |m: Money| -> u16 {
            let h = ((m.0.max(0) as f64 / top) * rows as f64).round() as u16;
            area.y + rows - h.min(rows)
        };
        // Axis: the top amount, the budget, zero.
        buf.set_string(area.x, area.y, format!("{:>6}", short_money(Money(top as i64), self.currency)), t.dim);
        buf.set_string(area.x, area.y + rows - 1, format!("{:>6}", short_money(Money::ZERO, self.currency)), t.dim);
        let budget_row = row_of(b.budget).min(area.y + rows - 1);
        for x in area.x + axis..area.x + area.width {
            buf.set_string(x, budget_row, "═", t.warn);
        }
        buf.set_string(area.x, budget_row, format!("{:>6}", short_money(b.budget, self.currency)), t.warn);
        let bottom = area.y + rows - 1;
        // Where the last label ended, so labels never run together.
        let mut labels_end = area.x;
        for (i, (label, p)) in shown.iter().enumerate() {
            let x = area.x + axis + i as u16 * step;
            let w = step.saturating_sub(1).max(1);
            match p {
                Point::Spent(m) => {
                    let over = m.0 > b.budget.0;
                    let from = row_of(*m).min(bottom);
                    for y in from..=bottom {
                        let cell = if y == budget_row && !over { "▓" } else { "█" };
                        buf.set_string(x, y, cell.repeat(w as usize), if over { t.bad } else { t.good });
                    }
                }
                Point::Band(p50, p85) => {
                    let (hi, lo) = (row_of(*p85).min(bottom), row_of(*p50).min(bottom));
                    for y in hi..=lo {
                        let style = if y <= budget_row && p85.0 > b.budget.0 { t.bad } else { t.dim };
                        buf.set_string(x, y, "░".repeat(w as usize), style);
                    }
                }
            }
            // Labels where they fit: "now" always, sprints every few columns.
            let text: String = label.chars().take(4).collect();
            let end = x + text.chars().count() as u16;
            if x >= labels_end && end <= area.x + area.width - u16::from(later) {
                buf.set_string(x, area.y + rows, &text, if label == "now" { t.title } else { t.dim });
                labels_end = end + 1;
            }
        }
        if later {
            let x = area.x + area.width - 1;
            buf.set_string(x, area.y + rows, "→", t.dim);
        }
    }
}

#[cfg(test)]
mod short_money_tests {
    use super::*;

    #[test]
    fn short_amounts_round_to_the_nearest_and_keep_their_unit() {
        let eur = Currency::of("EUR").unwrap();
        let short = |units: i64| short_money(Money(units * 100), &eur);
        assert_eq!(
            (short(4_959), short(10_902), short(56_968), short(17_540)),
            ("€5.0k".into(), "€11k".into(), "€57k".into(), "€18k".into())
        );
        assert_eq!(
            (short(1_500_000), short(945_000_000), short(945_000_000_000)),
            ("€1.5M".into(), "€945M".into(), "€945B".into())
        );
        assert_eq!((short(-2_400), short(999)), ("-€2.4k".into(), "€999".into()));
    }
}
