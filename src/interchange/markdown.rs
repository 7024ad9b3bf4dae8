//! `export --format markdown`: the sprint plan and the last sprint's review,
//! ready to paste into meeting minutes (SPEC §4). Reads only the open
//! sprints, the last closed one and the velocity records: never the backlog,
//! which can be any size.

use super::Error;
use crate::domain::*;
use crate::ops;
use crate::store::{Reads, SprintRecord, Store};
use std::fmt::Write as _;
use std::io::Write;

/// Writes the plan and the review.
pub fn write(store: &Store, settings: &Settings, out: &mut dyn Write) -> Result<(), Error> {
    let board = store.board()?;
    let velocity = ops::velocity(store, settings)?;
    let mut md = format!("# {}: sprint plan and review\n\n", one_line(&board.name));
    match velocity.average {
        Some(v) => {
            let _ = writeln!(md, "Average velocity: **{v} pts** (last {} closed sprints).\n", velocity.window);
        }
        None => md.push_str("No sprint has closed yet, so there is no velocity to plan with.\n\n"),
    }
    let open: Vec<Sprint> = store.sprints()?.into_iter().filter(|s| s.fields.state != SprintState::Closed).collect();
    if open.is_empty() {
        md.push_str("No sprint is planned.\n\n");
    }
    for sprint in &open {
        plan(store, sprint, &mut md)?;
    }
    let records = store.velocity_records()?;
    if let Some(last) = records.last() {
        review(store, last, &mut md)?;
        velocity_table(&records, &velocity, &mut md);
    }
    out.write_all(md.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Text for one line of Markdown: no line breaks.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn dates(s: &Sprint) -> String {
    format!("{} – {}", s.fields.start.format("%-d %b"), s.fields.end.format("%-d %b %Y"))
}

fn points(p: Option<Points>) -> String {
    p.map_or_else(|| "–".to_string(), |p| p.to_string())
}

fn plan(store: &Store, sprint: &Sprint, md: &mut String) -> Result<(), Error> {
    let _ = writeln!(md, "## {} ({}) · {}\n", one_line(&sprint.fields.name), sprint.fields.state, dates(sprint));
    if !sprint.fields.goal.trim().is_empty() {
        let _ = writeln!(md, "**Goal:** {}\n", one_line(&sprint.fields.goal));
    }
    let t = sprint.tally;
    let mut summary = format!("{} stories, {} pts", t.stories, t.points);
    if let Some(c) = sprint.fields.capacity {
        let over = if t.points > c { " — over capacity" } else { "" };
        let _ = write!(summary, " of {c} capacity{over}");
    }
    if sprint.fields.state == SprintState::Active {
        let _ = write!(summary, " · {} pts done", t.done);
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
                cell(&s.key),
                cell(&s.fields.title),
                s.fields.kind,
                points(s.fields.points),
                s.fields.status.symbol(),
                s.fields.status,
                cell(&s.fields.assignee)
            );
        }
        md.push('\n');
    }
    Ok(())
}

fn review(store: &Store, last: &SprintRecord, md: &mut String) -> Result<(), Error> {
    let (sprint, r) = (&last.sprint, &last.record);
    let _ = writeln!(md, "## Review of {} · {}\n", one_line(&sprint.fields.name), dates(sprint));
    if !sprint.fields.goal.trim().is_empty() {
        let _ = writeln!(md, "**Goal:** {}\n", one_line(&sprint.fields.goal));
    }
    let say_do = velocity::say_do(r).map_or(String::new(), |x| format!(" ({:.0}%)", x * 100.0));
    let _ = writeln!(
        md,
        "Committed **{} pts**, completed **{} pts**{say_do}; added after the start {} pts, removed {} pts, carried over {} pts.\n",
        r.committed, r.completed, r.added, r.removed, r.carried_over
    );
    let stories = store.stories_in(Place::Sprint(sprint.id))?;
    let done: Vec<&Story> = stories.iter().filter(|s| s.fields.status == Status::Done).collect();
    md.push_str("### Done\n\n");
    if done.is_empty() {
        md.push_str("Nothing was finished.\n");
    }
    for s in &done {
        let _ = writeln!(md, "- {} {} ({} pts)", s.key, one_line(&s.fields.title), points(s.fields.points));
    }
    // Unfinished work left the sprint when it closed; the commitment says
    // what it was, and the story itself where it is now.
    let mut unfinished = Vec::new();
    for id in store.commitment(sprint.id)?.keys() {
        if let Some(s) = store.story(*id)?
            && s.place != Place::Sprint(sprint.id)
        {
            unfinished.push(s);
        }
    }
    unfinished.extend(stories.iter().filter(|s| s.fields.status != Status::Done).cloned());
    unfinished.sort_by(|a, b| a.key.cmp(&b.key));
    md.push_str("\n### Not finished\n\n");
    if unfinished.is_empty() {
        md.push_str("Everything committed was finished.\n");
    }
    for s in &unfinished {
        let now = match s.place {
            Place::Backlog => "the backlog".to_string(),
            Place::Sprint(id) => {
                store.sprint(id)?.map_or_else(|| "a deleted sprint".into(), |x| one_line(&x.fields.name))
            }
        };
        let _ = writeln!(
            md,
            "- {} {} ({} pts, {}) → now in {now}",
            s.key,
            one_line(&s.fields.title),
            points(s.fields.points),
            s.fields.status
        );
    }
    md.push('\n');
    Ok(())
}

fn velocity_table(records: &[SprintRecord], v: &ops::Velocity, md: &mut String) {
    md.push_str("## Velocity\n\n| Sprint | Committed | Completed | Say/do |\n|---|---:|---:|---:|\n");
    for rec in records {
        let say_do = velocity::say_do(&rec.record).map_or("–".to_string(), |x| format!("{:.0}%", x * 100.0));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {say_do} |",
            cell(&rec.sprint.fields.name),
            rec.record.committed,
            rec.record.completed
        );
    }
    if let Some(avg) = v.average {
        let _ = writeln!(md, "\nAverage of the last {}: **{avg} pts**.", v.window);
    }
}
