//! The details strip: the focused story (or epic) in full — whole title,
//! epic, assignee, labels, points, status, and the first lines of its
//! description — so a meeting reads what is being discussed without
//! opening anything (SPEC §2 "Reading the board in a meeting").

use crate::domain::*;
use crate::tui::views::ctx::Ctx;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Draws the strip for whatever has the focus.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = &app.theme;
    // In a small strip the title keeps two rows at most, so the epic,
    // assignee and labels below it still show.
    let rows = area.height.saturating_sub(1) as usize;
    let title_cells = if rows <= 3 { (2 * area.width as usize).saturating_sub(8) } else { usize::MAX };
    let (title, body) =
        if let Some(story) = app.details.as_ref().filter(|s| Some(s.id) == app.focused_card.map(|c| c.id)) {
            story_lines(app, story, title_cells, rows * area.width as usize)
        } else if let Some(epic) = app.focused_epic {
            epic_lines(app, epic)
        } else {
            (vec![Span::styled(" Nothing focused ", t.dim)], Vec::new())
        };
    let block = Block::default().borders(Borders::TOP).border_style(t.border).title(Line::from(title));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    Paragraph::new(body).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
}

/// The status in words, with its symbol (colour is never the only sign).
fn status_words(s: Status) -> String {
    let word = match s {
        Status::Todo => "To Do",
        Status::Doing => "Doing",
        Status::Done => "Done",
    };
    format!("{} {word}", s.symbol())
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn story_lines(app: &Ctx<'_>, s: &Story, title_cells: usize, room: usize) -> (Vec<Span<'static>>, Vec<Line<'static>>) {
    let t = &app.theme;
    let f = &s.fields;
    let points = f.points.map_or("not estimated".to_string(), |p| format!("{p} pts"));
    let place = match s.place {
        Place::Backlog => "Backlog".to_string(),
        Place::Sprint(id) => app
            .data
            .open_sprints
            .iter()
            .find(|sp| sp.id == id)
            .map_or_else(|| "a closed sprint".to_string(), |sp| sp.fields.name.clone()),
    };
    let header = vec![
        Span::styled(format!(" {} ", s.key), t.title),
        Span::styled(
            format!(
                "· {} {} · {} · {points} · {place} ",
                f.kind.symbol(),
                capitalised(f.kind.as_str()),
                status_words(f.status)
            ),
            t.text,
        ),
    ];
    let mut meta = Vec::new();
    if let Some(e) = f.epic.and_then(|id| app.data.epics.iter().find(|e| e.id == id)) {
        meta.push(format!("Epic {} {}", e.key, e.fields.title));
    }
    if !f.assignee.is_empty() && !app.presenter {
        meta.push(format!("@{}", f.assignee));
    }
    if !f.labels.is_empty() {
        meta.push(format!("labels: {}", f.labels.join(", ")));
    }
    if !app.team.blockers.is_empty() {
        meta.push(format!("⊘ blocked by {}", app.team.blockers.join(", ")));
    }
    let mut lines =
        vec![Line::from(Span::styled(text::fit(&f.title, title_cells), t.text.add_modifier(Modifier::BOLD)))];
    if !meta.is_empty() {
        lines.push(Line::from(Span::styled(meta.join(" · "), t.dim)));
    }
    // The description's first lines; blank lines would waste the strip.
    lines.extend(first_lines(&f.description, room).map(|l| Line::from(Span::styled(text::fit(l, room), t.text))));
    (header, lines)
}

fn epic_lines(app: &Ctx<'_>, e: &Epic) -> (Vec<Span<'static>>, Vec<Line<'static>>) {
    let t = &app.theme;
    let quarter = e.fields.quarter.map_or("no target quarter".to_string(), |q| format!("target {q}"));
    let mut header = vec![
        Span::styled(format!(" {} ", e.key), t.title),
        Span::styled(format!("· Epic · {quarter} · {}/{} pts done ", e.tally.done, e.tally.points), t.text),
    ];
    // Its open risks, in the header so that a small strip shows them too.
    let open: Vec<&Risk> =
        app.risks.iter().filter(|r| r.fields.epic == Some(e.id) && r.fields.status == RiskStatus::Open).collect();
    if let Some(top) = open.iter().map(|r| r.level()).max() {
        let n = open.len();
        let words = format!("· ⚠ {n} open risk{}, top level {top} ", if n == 1 { "" } else { "s" });
        header.push(Span::styled(words, if top >= 15 { t.bad } else { t.warn }));
    }
    let mut lines = vec![Line::from(Span::styled(e.fields.title.clone(), t.text.add_modifier(Modifier::BOLD)))];
    if let Some(f) = app.forecast.as_ref().and_then(|f| f.epics.iter().find(|x| x.epic.id == e.id)) {
        let mut words = crate::tui::widgets::outlook::forecast_words(f).trim().to_string();
        // The dates against the target, in words (SPEC §2.3).
        if let (Some(q), Some(_), false) = (e.fields.quarter, f.p85_date, f.outlook == outlook::Outlook::Done) {
            words.push_str(&format!(" · {} for {q}", f.outlook.words()));
        }
        lines.push(Line::from(Span::styled(words, t.dim)));
    }
    if let Some(cost) = crate::tui::views::roadmap::remaining_cost_range(app, e) {
        let c = &app.team.view.currency;
        let words = format!(
            "Remaining cost: {} at P50 · {} at P85 (from the same trials as its dates)",
            cost.p50.format_whole(c),
            cost.p85.format_whole(c)
        );
        lines.push(Line::from(Span::styled(words, t.text)));
    }
    lines.extend(
        e.fields
            .description
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(8)
            .map(|l| Line::from(Span::styled(l.to_string(), t.text))),
    );
    (header, lines)
}

/// The description's first non-blank lines, no more text than the strip
/// can show (`room` cells): a long description costs nothing to draw.
fn first_lines(description: &str, room: usize) -> impl Iterator<Item = &str> {
    let mut used = 0;
    description.lines().filter(|l| !l.trim().is_empty()).take_while(move |l| {
        let fits = used < room;
        used += text::width(l).max(1);
        fits
    })
}
