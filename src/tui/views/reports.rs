//! The Reports screen: velocity chart (committed ▒ and completed █ per
//! closed sprint, with the average as a dotted line), say/do, cycle time,
//! bug share and the forecast summary.

use crate::domain::report::Reports;
use crate::tui::theme::Theme;
use crate::tui::views::ctx::Ctx;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Draws the Reports screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let Some(r) = &app.reports else { return };
    if r.sprints.is_empty() {
        Paragraph::new("No sprint has closed yet: velocity, say/do and cycle time appear after the first close (C).")
            .style(t.dim)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(" Reports ", t.title)))
            .render(area, frame.buffer_mut());
        return;
    }
    let [chart, facts] = Layout::vertical([Constraint::Min(8), Constraint::Length(7)]).areas(area);
    let block = Block::bordered().title(Line::from(vec![
        Span::styled(" Velocity ", t.title),
        Span::styled("▒ committed  █ completed  ┈ average ", t.dim),
    ]));
    let inner = block.inner(chart);
    block.render(chart, frame.buffer_mut());
    VelocityChart { reports: r, theme: t }.render(inner, frame.buffer_mut());
    summary(app, r).render(facts, frame.buffer_mut());
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |x| format!("{:.0} %", x * 100.0))
}

fn summary<'a>(app: &Ctx<'_>, r: &Reports) -> Paragraph<'a> {
    let t = &app.theme;
    let avg = r.average.map_or("–".into(), |a| format!("{a} pts"));
    let cycle = r.median_cycle_days.map_or("–".into(), |d| format!("{d:.1} days"));
    let last = r.sprints.last().map(|s| {
        format!(
            "Last: {} committed {} · completed {} · added {} · removed {} · carried {}",
            s.name, s.record.committed, s.record.completed, s.record.added, s.record.removed, s.record.carried_over
        )
    });
    let forecast = match &app.forecast {
        Some(f) => {
            let late = f.epics.iter().filter(|e| e.outlook == crate::domain::outlook::Outlook::Late).count();
            let risk = f.epics.iter().filter(|e| e.outlook == crate::domain::outlook::Outlook::AtRisk).count();
            let sprints = r.average.filter(|a| a.hundredths() > 0).map(|a| (f.remaining.as_f64() / a.as_f64()).ceil());
            let noun = |n: f64| if n == 1.0 { "sprint" } else { "sprints" };
            format!(
                "Forecast: {} pts left ({} unestimated) ≈ {} · epics {risk} ◐ at risk, {late} ▲ late",
                f.remaining,
                f.unestimated,
                sprints.map_or("no velocity".into(), |s| format!("{s} {}", noun(s)))
            )
        }
        None => "Forecast: computing…".into(),
    };
    let bugs: Vec<String> =
        r.sprints.iter().rev().take(6).map(|s| format!("{} {}/{}", s.number, s.bugs, s.stories)).collect();
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(format!("Average velocity (last {}): ", r.window), t.dim),
            Span::styled(avg, t.title),
            Span::styled("   Say/do: ", t.dim),
            Span::styled(pct(r.say_do), t.title),
            Span::styled("   Median cycle time: ", t.dim),
            Span::styled(cycle, t.title),
            Span::styled("   Bug share: ", t.dim),
            Span::styled(pct(r.bug_share), t.title),
        ]),
        Line::from(Span::styled(last.unwrap_or_default(), t.text)),
        Line::from(Span::styled(format!("Bugs per sprint (newest first): {}", bugs.join(" · ")), t.dim)),
        Line::from(Span::styled(forecast, t.text)),
    ])
    .wrap(Wrap { trim: true })
    .block(Block::bordered().title(Span::styled(" Summary ", t.title)))
}

/// Bars drawn cell by cell, so they read the same with or without colour.
struct VelocityChart<'a> {
    reports: &'a Reports,
    theme: &'a Theme,
}

impl Widget for VelocityChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let r = self.reports;
        if area.height < 3 || area.width < 10 {
            return;
        }
        let label_w = 5u16;
        let bars_h = area.height - 1;
        let per = 5u16;
        let fit = ((area.width - label_w) / per) as usize;
        let shown = &r.sprints[r.sprints.len().saturating_sub(fit)..];
        let top = shown
            .iter()
            .map(|s| s.record.committed.max(s.record.completed).as_f64())
            .chain(r.average.map(|a| a.as_f64()))
            .fold(1.0, f64::max);
        let height_of = |v: f64| ((v / top) * bars_h as f64).round() as u16;
        buf.set_string(area.x, area.y, format!("{top:>4}"), t.dim);
        buf.set_string(area.x, area.y + bars_h - 1, format!("{:>4}", 0), t.dim);
        let avg_row = r.average.map(|a| area.y + bars_h - height_of(a.as_f64()).min(bars_h).max(1));
        if let Some(row) = avg_row {
            for x in area.x + label_w..area.x + area.width {
                buf.set_string(x, row, "┈", t.cut);
            }
            if let Some(a) = r.average {
                buf.set_string(area.x, row, format!("{:>4}", a.to_string()), t.cut);
            }
        }
        for (i, s) in shown.iter().enumerate() {
            let x = area.x + label_w + i as u16 * per;
            for (dx, value, symbol, style) in
                [(0, s.record.committed, "▒", t.dim), (2, s.record.completed, "█", t.good)]
            {
                let h = height_of(value.as_f64());
                for k in 0..h {
                    let y = area.y + bars_h - 1 - k;
                    buf.set_string(x + dx, y, symbol.repeat(2), style);
                }
            }
            buf.set_string(x, area.y + bars_h, format!("{:<4}", s.number), t.dim);
        }
    }
}
