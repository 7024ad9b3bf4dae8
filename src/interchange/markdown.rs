//! `export --format markdown`: the sprint plan, the last sprint's review as
//! it was at close, the velocity table, the top open risks and a roadmap
//! summary, ready to paste into meeting minutes (SPEC §4). Reads the open
//! sprints' and the last closed one's stories, the velocity records, risks
//! and epics; of the backlog only what the forecast walks (each unfinished
//! story's epic and points), never its stories in full. With members or
//! budgets, the review's person-days and cost and a budget section too.
//!
//! Every text that came from a user (titles, names, goals) goes through
//! [`text`], so a title with `*`, `|` or `<script>` renders as the words
//! typed, not as formatting, a broken table or HTML.

mod money;
mod review;
mod roadmap;

use super::Error;
use crate::domain::*;
use crate::ops;
use crate::store::{Reads, SprintRecord, Store};
use std::fmt::Write as _;
use std::io::Write;

/// Writes the minutes.
pub fn write(store: &Store, settings: &Settings, out: &mut dyn Write) -> Result<(), Error> {
    let board = store.board()?;
    let velocity = ops::velocity(store, settings)?;
    let records = store.velocity_records()?;
    let sprints = store.sprints()?;
    let mut md = format!("# {}: sprint plan and review\n\n", text(&board.name));
    match velocity.average {
        Some(v) => {
            let _ = writeln!(md, "Average velocity: **{}** ({}).\n", pts(v), window_words(&records, velocity.window));
        }
        None => md.push_str("No sprint has closed yet, so there is no velocity to plan with.\n\n"),
    }
    let open: Vec<&Sprint> = sprints.iter().filter(|s| s.fields.state != SprintState::Closed).collect();
    if open.is_empty() {
        md.push_str("No sprint is planned.\n\n");
    }
    for sprint in open {
        plan(store, sprint, &mut md)?;
    }
    if let Some(last) = records.last() {
        let review = ops::sprint_review(store, last.sprint.id)?;
        // The person-days and cost frozen in its record at close (none
        // without members).
        let team = match ops::sprint_plan(store, settings, last.sprint.id)? {
            Some(plan) => Some(money::sprint_team(&plan, &ops::board_currency(store, settings)?)),
            None => None,
        };
        review::write(last, &review, &sprints, team.as_deref(), &mut md);
        velocity_table(&records, &mut md);
    }
    if !crate::store::TeamReads::members(store)?.is_empty() || !crate::store::TeamReads::budgets(store)?.is_empty() {
        money::budgets(&ops::budget_report(store, settings, store.today())?, &mut md);
    }
    roadmap::risks(store, &mut md)?;
    roadmap::roadmap(store, settings, &mut md)?;
    out.write_all(md.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Which sprints an average is over, by name: "last 3 closed sprints:
/// Sprint 5 – Sprint 7".
fn window_words(records: &[SprintRecord], window: usize) -> String {
    let shown = &records[records.len().saturating_sub(window.max(1))..];
    match shown {
        [] => "no closed sprint".into(),
        [one] => format!("the last closed sprint, {}", text(&one.sprint.fields.name)),
        [first, .., last] => format!(
            "last {} closed sprints: {} – {}",
            shown.len(),
            text(&first.sprint.fields.name),
            text(&last.sprint.fields.name)
        ),
    }
}

/// User text for one line of Markdown: whitespace (line breaks included)
/// folded to single spaces, control characters dropped, and every character
/// that Markdown or HTML would read as syntax escaped with a backslash
/// (CommonMark lets any ASCII punctuation be escaped), so it renders as
/// typed — in a paragraph, a list item or a table cell alike.
pub(crate) fn text(raw: &str) -> String {
    let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars().filter(|c| !c.is_control()) {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' | '#' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn dates(s: &Sprint) -> String {
    format!("{} – {}", s.fields.start.format("%-d %b"), s.fields.end.format("%-d %b %Y"))
}

fn points(p: Option<Points>) -> String {
    p.map_or_else(|| "–".to_string(), |p| p.to_string())
}

/// "1 pt" / "0.5 pts" / "3 pts".
fn pts(p: Points) -> String {
    if p == Points::whole(1) { "1 pt".into() } else { format!("{p} pts") }
}

/// "1 story" / "3 stories".
fn stories(n: usize) -> String {
    if n == 1 { "1 story".into() } else { format!("{n} stories") }
}

fn plan(store: &Store, sprint: &Sprint, md: &mut String) -> Result<(), Error> {
    let _ = writeln!(md, "## {} ({}) · {}\n", text(&sprint.fields.name), sprint.fields.state, dates(sprint));
    if !sprint.fields.goal.trim().is_empty() {
        let _ = writeln!(md, "**Goal:** {}\n", text(&sprint.fields.goal));
    }
    let t = sprint.tally;
    let mut summary = format!("{}, {}", stories(t.stories as usize), pts(t.points));
    if let Some(c) = sprint.fields.capacity {
        let over = if t.points > c { " — over capacity" } else { "" };
        let _ = write!(summary, " of {c} capacity{over}");
    }
    if sprint.fields.state == SprintState::Active {
        let _ = write!(summary, " · {} done", pts(t.done));
    }
    if t.unestimated > 0 {
        let _ = write!(summary, " · {} unestimated", t.unestimated);
    }
    let _ = writeln!(md, "{summary}.\n");
    let stories = store.stories_in(Place::Sprint(sprint.id))?;
    if !stories.is_empty() {
        md.push_str("| Key | Story | Kind | Points | Status | Assignee |\n|---|---|---|---:|---|---|\n");
        for s in &stories {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} {} | {} |",
                text(&s.key),
                text(&s.fields.title),
                s.fields.kind,
                points(s.fields.points),
                s.fields.status.symbol(),
                s.fields.status,
                text(&s.fields.assignee)
            );
        }
        md.push('\n');
    }
    Ok(())
}

fn velocity_table(records: &[SprintRecord], md: &mut String) {
    md.push_str(
        "## Velocity\n\n| Sprint | Committed | Completed | Added | Removed | Carried | Say/do |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for rec in records {
        let r = &rec.record;
        let say_do = velocity::say_do(r).map_or("–".to_string(), |x| format!("{:.0}%", x * 100.0));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {say_do} |",
            text(&rec.sprint.fields.name),
            r.committed,
            r.completed,
            r.added,
            r.removed,
            r.carried_over
        );
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn user_text_is_escaped_and_kept_on_one_line() {
        assert_eq!(text("a *b* _c_\n| d"), "a \\*b\\* \\_c\\_ \\| d");
        assert_eq!(text("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(text("[x](y) `code`"), "\\[x\\](y) \\`code\\`");
        assert_eq!(text("Fish & chips\t£5"), "Fish \\& chips £5");
    }
}
