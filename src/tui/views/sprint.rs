//! The Sprint screen: the active sprint as To Do · Doing · Done, its goal,
//! days left, and a burndown chart.

use crate::domain::{Points, burndown};
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::card::{CardLook, card_line};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, BorderType, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

/// Draws the Sprint screen.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let t = &app.theme;
    let b = &app.sprint_board;
    let Some(sprint) = &b.sprint else {
        let text = "No sprint is active.\n\nTo start one: press 1 for the Plan screen, focus a planned sprint's column, and press s.\nTo plan a sprint first, press S.";
        Paragraph::new(text)
            .style(t.dim)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(" Sprint ", t.title)))
            .render(area, frame.buffer_mut());
        return;
    };
    let today = app.data.today;
    let when = crate::domain::text::days_left((sprint.fields.end - today).num_days() + 1);
    let tally = sprint.tally;
    let header = vec![
        Line::from(vec![
            Span::styled(format!("▶ {} ", sprint.fields.name), t.title),
            Span::styled(
                format!("{} – {} · {when}", sprint.fields.start.format("%b %-d"), sprint.fields.end.format("%b %-d")),
                t.dim,
            ),
        ]),
        Line::from(Span::styled(
            if sprint.fields.goal.is_empty() {
                "No goal set".to_string()
            } else {
                format!("Goal: {}", sprint.fields.goal)
            },
            t.text,
        )),
        Line::from(Span::styled(
            format!(
                "committed {} · in sprint {} · done {} · remaining {} pts{}",
                sprint.fields.committed.unwrap_or_default(),
                tally.points,
                tally.done,
                tally.points - tally.done,
                // Person-days and cost, when the board has a team.
                app.team
                    .view
                    .plans
                    .get(&sprint.id)
                    .map_or(String::new(), |p| format!(" · {}", super::plan::team_words(app, p).0))
            ),
            t.dim,
        )),
    ];
    let layout = crate::tui::layout::SprintLayout::new((area.width, area.height + 3), b.focus);
    let at = |r: Rect| Rect { x: area.x + r.x, y: area.y + r.y - 1, ..r };
    Paragraph::new(header).render(at(layout.header), frame.buffer_mut());
    draw_columns(frame, app, &layout.columns.map(at));
    if let (Some(area), Some(bd)) = (layout.burndown, &b.burndown) {
        draw_burndown(frame, app, bd, at(area));
    }
    super::details::draw(frame, app, at(layout.details));
}

fn draw_columns(frame: &mut Frame<'_>, app: &Ctx<'_>, cols: &[Rect; 3]) {
    let t = &app.theme;
    let b = &app.sprint_board;
    for (i, (title, rect)) in ["○ To Do", "◐ Doing", "● Done"].iter().zip(cols.iter()).enumerate() {
        let focused = b.focus == i;
        let points: Points = b.columns[i].iter().filter_map(|c| c.points).sum();
        let block = Block::bordered()
            .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
            .border_style(if focused { t.focus_border } else { t.border })
            .title(Line::from(vec![
                Span::styled(format!(" {title} "), t.title),
                Span::styled(format!("{} · {points} pts ", b.columns[i].len()), t.dim),
            ]));
        let inner = block.inner(*rect);
        block.render(*rect, frame.buffer_mut());
        // Presenter mode leaves a blank row under each card, as on Plan.
        let step = if app.presenter { 2 } else { 1 };
        let height = (inner.height as usize).div_ceil(step);
        let skip = (b.rows[i] + 1).saturating_sub(height);
        for (row, card) in b.columns[i].iter().enumerate().skip(skip).take(height) {
            let look = CardLook {
                theme: t,
                focused: focused && row == b.rows[i],
                highlighted: app.highlight.is_some() && card.epic == app.highlight,
                width: inner.width as usize,
                assignee: !app.presenter,
                title_min: if focused { crate::tui::layout::sprint_title_min(app.size.0) as usize } else { 16 },
                blocked: app.team.view.flagged.contains(&card.id),
            };
            let r = Rect { x: inner.x, y: inner.y + ((row - skip) * step) as u16, width: inner.width, height: 1 };
            card_line(card, &look).render(r, frame.buffer_mut());
        }
    }
}

fn draw_burndown(frame: &mut Frame<'_>, app: &Ctx<'_>, bd: &crate::domain::burndown::Burndown, area: Rect) {
    let t = &app.theme;
    let s = &bd.sprint;
    let span = (s.fields.end - s.fields.start).num_days().max(1) as f64;
    let remaining: Vec<(f64, f64)> =
        bd.days.iter().map(|d| ((d.date - s.fields.start).num_days() as f64, d.remaining.as_f64())).collect();
    let scope: Vec<(f64, f64)> =
        bd.days.iter().map(|d| ((d.date - s.fields.start).num_days() as f64, d.scope.as_f64())).collect();
    let ideal: Vec<(f64, f64)> = (0..=span as i64)
        .map(|i| {
            (
                i as f64,
                burndown::ideal(bd.committed, s.fields.start, s.fields.end, s.fields.start + chrono::Duration::days(i)),
            )
        })
        .collect();
    let top = scope.iter().map(|p| p.1).chain([bd.committed.as_f64(), 1.0]).fold(0.0, f64::max).ceil();
    let datasets = vec![
        Dataset::default().name("ideal ·").marker(Marker::Dot).graph_type(GraphType::Line).style(t.dim).data(&ideal),
        Dataset::default()
            .name("scope ▪")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(t.warn)
            .data(&scope),
        Dataset::default()
            .name("remaining ⣿")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.good)
            .data(&remaining),
    ];
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(Span::styled(" Burndown (points) ", t.title)))
        .x_axis(Axis::default().style(t.dim).bounds([0.0, span]).labels([
            Span::raw(s.fields.start.format("%b %-d").to_string()),
            Span::raw(s.fields.end.format("%b %-d").to_string()),
        ]))
        .y_axis(Axis::default().style(t.dim).bounds([0.0, top]).labels([Span::raw("0"), Span::raw(format!("{top}"))]))
        .legend_position(Some(ratatui::widgets::LegendPosition::TopRight))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)))
        .style(Style::new());
    chart.render(area, frame.buffer_mut());
}
