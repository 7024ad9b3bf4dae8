//! The Budget screen (6): the team (name, role, hours, availability and,
//! while money shows, day rates), the days off, and each budget with
//! Budget · Spent · % · Left at P50 / P85 · estimate at completion, the
//! shortfall in words and a burn-up chart of the focused budget.

use crate::domain::capacity::days_words;
use crate::domain::money::{Currency, Money};
use crate::ops::{BudgetLine, BudgetScreen};
use crate::tui::action::Action;
use crate::tui::team_state::Pane;
use crate::tui::views::ctx::Ctx;
use crate::tui::widgets::burn_up::BurnUpChart;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Draws screen 6.
pub fn draw(frame: &mut Frame<'_>, app: &Ctx<'_>, area: Rect) {
    let Some(s) = app.team.screen.as_ref() else { return };
    // An empty list says how to fill it: four rows of words at 80 columns.
    let rows = s.members.len().max(s.days_off.len()).max(2) as u16 + 1;
    let rows = if s.members.is_empty() || s.days_off.is_empty() { rows.max(4) } else { rows };
    // Without money the budgets and chart say little: the lists take the room.
    let share = if app.money { area.height / 3 } else { area.height.saturating_sub(4) };
    let lists = (rows + 2).min(share).max(if s.members.is_empty() { 6 } else { 5 });
    let budgets = if app.money {
        // On a short screen the first shortfall sentence only, so the chart keeps rows.
        let words = shortfall_rows(s, area.width);
        let words = if area.height < 30 { words.min(2) } else { words };
        (s.report.lines.len().max(1) as u16 + 3 + words).min(area.height / 3 + 1)
    } else {
        4
    };
    let [top, middle, chart] =
        Layout::vertical([Constraint::Length(lists), Constraint::Length(budgets), Constraint::Min(0)]).areas(area);
    let [team, days] = Layout::horizontal([Constraint::Percentage(54), Constraint::Percentage(46)]).areas(top);
    draw_team(frame, app, s, team);
    draw_days_off(frame, app, s, days);
    draw_budgets(frame, app, s, middle);
    draw_chart(frame, app, s, chart);
}

/// The first key of an action, for sentences.
fn key(app: &Ctx<'_>, action: Action) -> String {
    app.keymap
        .bindings()
        .iter()
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map_or(String::new(), |k| k.to_string())
}

fn pane_block<'a>(app: &Ctx<'_>, pane: Pane, title: &str, facts: String) -> Block<'a> {
    let t = &app.theme;
    let focused = app.team.pane == pane;
    // The focused list says so in text too (`▶`), not only by its border.
    let mark = if focused { "▶ " } else { "" };
    Block::bordered()
        .border_style(if focused { t.focus_border } else { t.border })
        .title(Line::from(vec![Span::styled(format!(" {mark}{title} "), t.title), Span::styled(facts, t.dim)]))
}

/// One list row: `▶` on the focused row of the focused list.
fn row_line(app: &Ctx<'_>, pane: Pane, i: usize, text: String, width: usize) -> Line<'static> {
    let t = &app.theme;
    let on = app.team.pane == pane && app.team.row(pane) == i;
    let body = crate::domain::text::fit(&text, width.saturating_sub(1));
    if on {
        Line::from(Span::styled(format!("▶{body}"), t.selected))
    } else {
        Line::from(Span::styled(format!(" {body}"), t.text))
    }
}

fn draw_team(frame: &mut Frame<'_>, app: &Ctx<'_>, s: &BudgetScreen, area: Rect) {
    let t = &app.theme;
    let n = s.members.len();
    let block = pane_block(app, Pane::Team, "Team", format!("{n} {} ", if n == 1 { "member" } else { "members" }));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if n == 0 {
        let how = format!(
            "No team yet. {} adds a member here, or: sprintboard member add NAME --role R --day-rate 500",
            key(app, Action::New)
        );
        Paragraph::new(how).style(t.dim).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
        return;
    }
    let w = inner.width as usize;
    // Columns by room: hours from 60 cells, active dates from 80.
    let (hours, active) = (w >= 60, w >= 80);
    let name_w = if w >= 60 { 16 } else { 12 };
    let role_w = if w >= 60 { 14 } else { 10 };
    let mut lines = Vec::new();
    let mut head = format!(" {:<name_w$} {:<role_w$}", "Name", "Role");
    if hours {
        head.push_str(&format!(" {:>5}", "h/day"));
    }
    head.push_str(&format!(" {:>5}", "avail"));
    if app.money {
        head.push_str(&format!(" {:>9}", "day rate"));
    }
    if active {
        head.push_str("  active");
    }
    lines.push(Line::from(Span::styled(crate::domain::text::fit(&head, w), t.dim)));
    let first = scroll(app.team.row(Pane::Team), inner.height.saturating_sub(1) as usize);
    for (i, m) in s.members.iter().enumerate().skip(first).take(inner.height.saturating_sub(1) as usize) {
        let f = &m.fields;
        let fit = crate::domain::text::fit;
        let mut row = format!("{:<name_w$} {:<role_w$}", fit(&f.name, name_w), fit(&f.role, role_w));
        if hours {
            row.push_str(&format!(" {:>5}", days_words(f.hours)));
        }
        row.push_str(&format!(" {:>4}%", f.availability));
        if app.money {
            let rate = f.day_rate.map_or("–".to_string(), |r| r.format_whole(&app.team.view.currency));
            row.push_str(&format!(" {rate:>9}"));
        }
        if active {
            let from = f.active_from.map_or("always".to_string(), |d| d.to_string());
            let to = f.active_to.map_or(String::new(), |d| format!(" → {d}"));
            row.push_str(&format!("  {from}{to}"));
        }
        lines.push(row_line(app, Pane::Team, i, row, w));
    }
    Paragraph::new(lines).render(inner, frame.buffer_mut());
}

/// The first row shown so that the focused one is on screen.
fn scroll(focus: usize, rows: usize) -> usize {
    (focus + 1).saturating_sub(rows.max(1))
}

fn draw_days_off(frame: &mut Frame<'_>, app: &Ctx<'_>, s: &BudgetScreen, area: Rect) {
    let t = &app.theme;
    let n = s.days_off.len();
    let block =
        pane_block(app, Pane::DaysOff, "Days off", format!("{n} {} ", if n == 1 { "entry" } else { "entries" }));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if n == 0 {
        let how = format!(
            "None yet. {} adds one here (a member or the whole team), or: sprintboard dayoff add NAME FROM [TO]",
            key(app, Action::New)
        );
        Paragraph::new(how).style(t.dim).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
        return;
    }
    let w = inner.width as usize;
    let rows = inner.height as usize;
    let lines: Vec<Line> = s
        .days_off
        .iter()
        .enumerate()
        .skip(scroll(app.team.row(Pane::DaysOff), rows))
        .take(rows)
        .map(|(i, d)| {
            let o = &d.day_off;
            let dates = dates_words(o.start, o.end);
            let part = if o.fraction == 100 { String::new() } else { format!(" ×{}", days_words(o.fraction)) };
            let days = format!("{} d", d.working_days);
            row_line(
                app,
                Pane::DaysOff,
                i,
                format!("{:<10} {dates:<13} {days:>4}{part}", crate::domain::text::fit(&d.who, 10)),
                w,
            )
        })
        .collect();
    Paragraph::new(lines).render(inner, frame.buffer_mut());
}

/// `Dec 7–11`, `Dec 25 – Jan 2`, `Dec 14`: short, for a narrow list.
fn dates_words(start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if start == end {
        start.format("%b %-d").to_string()
    } else if start.month() == end.month() && start.year() == end.year() {
        format!("{}–{}", start.format("%b %-d"), end.day())
    } else {
        format!("{} – {}", start.format("%b %-d"), end.format("%b %-d"))
    }
}

fn money(m: Money, c: &Currency) -> String {
    m.format_whole(c)
}

/// A budget line's cells: Budget · Spent · % · Left P50 / P85 · EAC.
fn budget_cells(l: &BudgetLine, c: &Currency) -> (String, String, String, String, String) {
    let st = &l.status;
    let pct = st.percent_spent().map_or("–".to_string(), |p| format!("{p} %"));
    let left =
        st.left().map_or("no forecast".to_string(), |(p50, p85)| format!("{} / {}", money(p50, c), money(p85, c)));
    let eac = st.eac().map_or("–".to_string(), |m| money(m, c));
    (money(st.amount, c), money(st.spent, c), pct, left, eac)
}

fn draw_budgets(frame: &mut Frame<'_>, app: &Ctx<'_>, s: &BudgetScreen, area: Rect) {
    let t = &app.theme;
    let c = &s.report.currency;
    let per_point = match (app.money, s.report.cost_per_point) {
        (true, Some(p)) => format!("cost per point {} ", p.format(c)),
        (true, None) => "no cost per point yet (no closed sprint with cost) ".to_string(),
        (false, _) => String::new(),
    };
    let block = pane_block(app, Pane::Budgets, "Budgets", per_point);
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if !app.money {
        let text = format!("Money is hidden. {} shows budgets, spending and rates.", key(app, Action::ToggleMoney));
        Paragraph::new(text).style(t.dim).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
        return;
    }
    if s.report.lines.is_empty() {
        let text = format!(
            "No budget set. {} here sets one (the board, an objective or an epic), or: sprintboard budget set --board 120000 · {} records an expense",
            key(app, Action::New),
            key(app, Action::AddExpense)
        );
        Paragraph::new(text).style(t.dim).wrap(Wrap { trim: true }).render(inner, frame.buffer_mut());
        return;
    }
    let w = inner.width as usize;
    // Narrow: the columns just fit 80 cells; wide: longer scope names.
    let (scope_w, money_w, left_w) = if w >= 120 {
        (30, 12, 27)
    } else if w >= 90 {
        (14, 10, 23)
    } else {
        (10, 9, 21)
    };
    let head = format!(
        " {:<scope_w$} {:>money_w$} {:>money_w$} {:>5} {:>left_w$} {:>money_w$}",
        "For", "Budget", "Spent", "%", "Left at P50 / P85", "EAC"
    );
    let mut lines = vec![Line::from(Span::styled(crate::domain::text::fit(&head, w), t.dim))];
    for (i, l) in s.report.lines.iter().enumerate() {
        let (amount, spent, pct, left, eac) = budget_cells(l, c);
        let mark = if l.shortfall.is_some() { "▲" } else { "✓" };
        let row = format!(
            "{:<scope_w$} {amount:>money_w$} {spent:>money_w$} {pct:>5} {left:>left_w$} {eac:>money_w$} {mark}",
            crate::domain::text::fit(&l.scope, scope_w)
        );
        let mut line = row_line(app, Pane::Budgets, i, row, w);
        if l.shortfall.is_some() && !(app.team.pane == Pane::Budgets && app.team.row(Pane::Budgets) == i) {
            line = line.style(t.bad);
        }
        lines.push(line);
    }
    // The shortfall sentences below, wrapped, the focused budget's first.
    let focus = app.team.row(Pane::Budgets);
    let mut said: Vec<(usize, &str)> =
        s.report.lines.iter().enumerate().filter_map(|(i, l)| l.shortfall.as_deref().map(|w| (i, w))).collect();
    said.sort_by_key(|(i, _)| *i != focus);
    let table = lines.len() as u16;
    Paragraph::new(lines).render(inner, frame.buffer_mut());
    let rest = Rect { y: inner.y + table, height: inner.height.saturating_sub(table), ..inner };
    let words: Vec<Line> = said
        .into_iter()
        .map(|(i, words)| Line::from(Span::styled(format!("▲ {}: {words}", s.report.lines[i].scope), t.bad)))
        .collect();
    Paragraph::new(words).wrap(Wrap { trim: true }).render(rest, frame.buffer_mut());
}

/// Rows the shortfall sentences take at a width (wrapped).
fn shortfall_rows(s: &BudgetScreen, width: u16) -> u16 {
    let w = width.saturating_sub(2).max(1) as usize;
    s.report
        .lines
        .iter()
        .filter_map(|l| l.shortfall.as_ref().map(|x| (crate::domain::text::width(x) + l.scope.len() + 4).div_ceil(w)))
        .sum::<usize>() as u16
}

fn draw_chart(frame: &mut Frame<'_>, app: &Ctx<'_>, s: &BudgetScreen, area: Rect) {
    if area.height < 5 || !app.money {
        return;
    }
    let t = &app.theme;
    let i = app.team.row(Pane::Budgets);
    let (Some(line), Some(burn)) = (s.report.lines.get(i), s.burn_ups.get(i)) else { return };
    let block = Block::bordered().border_style(t.border).title(Line::from(vec![
        Span::styled(format!(" Burn-up · {} ", line.scope), t.title),
        Span::styled("█ spent  ░ forecast P50–P85  ═ budget ", t.dim),
    ]));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    BurnUpChart { burn_up: burn, currency: &s.report.currency, theme: t }.render(inner, frame.buffer_mut());
}
