//! The Roadmap screen: objectives as rows, quarters as columns, epics as
//! cards with progress and forecast outlook.

use crate::domain::{Epic, ObjectiveId, Quarter, text};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::gauge::progress_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tui::layout::{quarters, quarters_fitting, roadmap_label_width as label_width};

/// Draws the Roadmap screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered().title(Line::from(vec![
        Span::styled(" Roadmap ", t.title),
        Span::styled("● on track  ◐ at risk  ▲ late  ✓ done ", t.dim),
    ]));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if app.data.epics.is_empty() {
        Paragraph::new("No epics yet: on the Plan screen (1), focus the Roadmap column and press n.")
            .style(t.dim)
            .wrap(Wrap { trim: true })
            .render(inner, frame.buffer_mut());
        return;
    }
    let quarters = quarters(&app.data.epics);
    let mut rows: Vec<(Option<ObjectiveId>, String)> =
        app.objectives.iter().map(|o| (Some(o.id), o.title.clone())).collect();
    if app
        .data
        .epics
        .iter()
        .any(|e| e.fields.objective.is_none() || !app.objectives.iter().any(|o| Some(o.id) == e.fields.objective))
    {
        rows.push((None, "No objective".into()));
    }
    let label_w = label_width(inner.width);
    let fit = quarters_fitting(inner.width, quarters.len());
    // h/l scroll the quarters, j/k the objectives (clamped here, where the sizes are known).
    let first_q = app.roadmap_scroll.0.min(quarters.len() - fit);
    let quarters: Vec<Option<Quarter>> = quarters.into_iter().skip(first_q).collect();
    let first_row = app.roadmap_scroll.1.min(rows.len().saturating_sub(1));
    let hidden_rows = first_row;
    let rows: Vec<(Option<ObjectiveId>, String)> = rows.into_iter().skip(first_row).collect();
    let col_w = (inner.width - label_w) / fit as u16;
    let buf = frame.buffer_mut();
    for (i, q) in quarters.iter().take(fit).enumerate() {
        let label = q.map_or("No quarter".into(), |q| q.to_string());
        buf.set_string(inner.x + label_w + i as u16 * col_w, inner.y, text::fit(&label, col_w as usize - 1), t.title);
    }
    let mut more = Vec::new();
    if first_q > 0 {
        more.push(format!("◀ {first_q} (h)"));
    }
    if quarters.len() > fit {
        more.push(format!("{} more ▶ (l)", quarters.len() - fit));
    }
    if hidden_rows > 0 {
        more.push(format!("▲ {hidden_rows} (k)"));
    }
    more.push("n/e/x objective".into());
    // On the bottom row, where no quarter label can be under it.
    let hints = more.join("  ");
    let bottom_row = inner.y + inner.height.saturating_sub(1);
    buf.set_string(inner.x + inner.width.saturating_sub(hints.chars().count() as u16), bottom_row, hints, t.dim);
    let mut y = inner.y + 1;
    let bottom = inner.y + inner.height;
    let outlook = |e: &Epic| {
        app.forecast.as_ref().and_then(|f| f.epics.iter().find(|x| x.epic.id == e.id)).map_or("", |f| f.outlook.words())
    };
    for (objective, title) in rows {
        if y >= bottom {
            break;
        }
        let known = |e: &&Epic| match objective {
            Some(id) => e.fields.objective == Some(id),
            None => e.fields.objective.is_none() || !app.objectives.iter().any(|o| Some(o.id) == e.fields.objective),
        };
        let cells: Vec<Vec<&Epic>> = quarters
            .iter()
            .take(fit)
            .map(|q| app.data.epics.iter().filter(known).filter(|e| e.fields.quarter == *q).collect())
            .collect();
        let height = cells.iter().map(|c| c.len() * 3).max().unwrap_or(0).max(1) as u16;
        buf.set_string(inner.x, y, "─".repeat(inner.width as usize), t.border);
        y += 1;
        let focused = objective.is_some() && objective == app.objectives.get(app.roadmap_scroll.1).map(|o| o.id);
        let (label, style) = if focused { (format!("▶{title}"), t.selected) } else { (title, t.text) };
        buf.set_string(inner.x, y, text::fit(&label, label_w as usize - 1), style);
        for (i, cell) in cells.iter().enumerate() {
            let x = inner.x + label_w + i as u16 * col_w;
            let w = col_w as usize - 1;
            for (k, e) in cell.iter().enumerate() {
                let ey = y + k as u16 * 3;
                if ey + 1 >= bottom {
                    break;
                }
                buf.set_string(x, ey, text::fit(&format!("{} {}", e.key, e.fields.title), w), t.text);
                let line = progress_line(e.tally.done, e.tally.points, w, t);
                line.render(Rect { x, y: ey + 1, width: w as u16, height: 1 }, buf);
                if ey + 2 < bottom {
                    buf.set_string(x + 2, ey + 2, text::fit(outlook(e), w - 2), t.dim);
                }
            }
        }
        y += height;
    }
}
