//! The last closed sprint's review in the minutes: its velocity record and
//! each of its stories once per list, with the points and status it had
//! when the sprint closed (not today's), and where it is now.

use super::{dates, points, pts, stories, text};
use crate::domain::report::{ReviewStory, SprintReview, points_at_close};
use crate::domain::*;
use crate::store::SprintRecord;
use std::fmt::Write as _;

/// Writes the review of `last`; `team` (its person-days and cost, when the
/// board has members) goes under the velocity record.
pub(super) fn write(
    last: &SprintRecord,
    review: &SprintReview,
    sprints: &[Sprint],
    team: Option<&str>,
    md: &mut String,
) {
    let (sprint, r) = (&last.sprint, &last.record);
    let _ = writeln!(md, "## Review of {} · {}\n", text(&sprint.fields.name), dates(sprint));
    if !sprint.fields.goal.trim().is_empty() {
        let _ = writeln!(md, "**Goal:** {}\n", text(&sprint.fields.goal));
    }
    let say_do = velocity::say_do(r).map_or("–".to_string(), |x| format!("{:.0}%", x * 100.0));
    md.push_str(
        "| Committed | Completed | Say/do | Added after start | Removed after start | Carried over |\n\
         |---:|---:|---:|---:|---:|---:|\n",
    );
    let _ = writeln!(
        md,
        "| {} | {} | {say_do} | {} | {} | {} |\n",
        pts(r.committed),
        pts(r.completed),
        pts(r.added),
        pts(r.removed),
        pts(r.carried_over)
    );
    if let Some(team) = team {
        md.push_str(team);
    }
    if !review.from_history {
        md.push_str(
            "The board has no history of this sprint's close (it came closed from a file): \
             its stories are listed with their points and status as they are now.\n\n",
        );
    }
    let now_in = |s: &ReviewStory| match s.now {
        None => "deleted since".to_string(),
        Some(Place::Backlog) => "Backlog".to_string(),
        Some(Place::Sprint(id)) if id == sprint.id => text(&sprint.fields.name),
        Some(Place::Sprint(id)) => {
            sprints.iter().find(|x| x.id == id).map_or_else(|| "a deleted sprint".into(), |x| text(&x.fields.name))
        }
    };
    let at_close = |s: &ReviewStory| s.at_close.map_or((None, Status::Todo), |x| x);
    let status = |st: Status| format!("{} {st}", st.symbol());

    heading(md, "Done", &review.done, points_at_close(&review.done));
    if review.done.is_empty() {
        md.push_str("Nothing was finished.\n\n");
    } else {
        md.push_str("| Key | Story | Kind | Points |\n|---|---|---|---:|\n");
        for s in &review.done {
            let _ = writeln!(md, "| {} | {} | {} | {} |", text(&s.key), text(&s.title), s.kind, points(at_close(s).0));
        }
        md.push('\n');
    }

    let carried = points_at_close(&review.carried);
    heading(md, "Not finished, carried over", &review.carried, carried);
    if review.carried.is_empty() {
        md.push_str("Everything in the sprint at its close was finished.\n\n");
    } else {
        md.push_str("| Key | Story | Points | Status at close | Now in |\n|---|---|---:|---|---|\n");
        for s in &review.carried {
            let (p, st) = at_close(s);
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                text(&s.key),
                text(&s.title),
                points(p),
                status(st),
                now_in(s)
            );
        }
        md.push('\n');
        if review.from_history && carried != r.carried_over {
            // Only when a change made before the close was undone after it.
            let _ = writeln!(md, "(The velocity record says {} were carried over.)\n", pts(r.carried_over));
        }
    }

    heading(md, "Added after the start", &review.added, points_at_close(&review.added));
    if review.added.is_empty() {
        md.push_str("Nothing was added after the start.\n\n");
    } else {
        md.push_str("| Key | Story | Points | Status at close |\n|---|---|---:|---|\n");
        for s in &review.added {
            let (p, st) = at_close(s);
            let _ = writeln!(md, "| {} | {} | {} | {} |", text(&s.key), text(&s.title), points(p), status(st));
        }
        md.push('\n');
    }

    let removed: Points = review.removed.iter().filter_map(|s| s.committed).sum();
    heading(md, "Removed after the start", &review.removed, removed);
    if review.removed.is_empty() {
        md.push_str("Nothing committed was taken out.\n\n");
    } else {
        md.push_str("| Key | Story | Points committed | Now in |\n|---|---|---:|---|\n");
        for s in &review.removed {
            let _ = writeln!(md, "| {} | {} | {} | {} |", text(&s.key), text(&s.title), points(s.committed), now_in(s));
        }
        md.push('\n');
    }
}

/// `### Done (4 stories, 12 pts)`.
fn heading(md: &mut String, title: &str, list: &[ReviewStory], total: Points) {
    if list.is_empty() {
        let _ = writeln!(md, "### {title}\n");
    } else {
        let _ = writeln!(md, "### {title} ({}, {})\n", stories(list.len()), pts(total));
    }
}
