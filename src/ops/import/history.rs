//! Sprint history inferred on import (SPEC §5). Files other than our own
//! export (Jira, CSV, Trello) only name the sprints their stories are in;
//! this step, run on the parsed document before anything is written, turns
//! those names into a history: which sprints are over (closed, with their
//! velocity record), which one is running (active) and which are still to
//! come (planned), in the order they ran and with dates that agree with it.
//!
//! The rules, decided as a team moving its Jira board would expect:
//! - order: by the number in the name (`TES Sprint 3` → 3), else by the
//!   earliest date the file gives one of its stories (also when two names
//!   carry the same number: they are numbered by different schemes); never
//!   by row order (Jira lists the newest issues first);
//! - closed: every story in it is done, or stories were carried out of it
//!   into a later sprint and those left in it are done; and every sprint
//!   that ran before a closed one other than the newest (its unfinished
//!   stories are carried out of it to the top of the backlog, as Jira
//!   left them);
//! - active: the first sprint in that order that is not closed (the board
//!   has none active yet); the open sprints after it are planned;
//! - dates: the file's when it gives them; else the closed sprints run
//!   back to back, one sprint length each, up to the day before today, the
//!   active one starts today and planned ones follow it;
//! - velocity record: committed = the points of every story that was in it
//!   (those still there and those carried out), completed = the points of
//!   its done stories, carried = the points carried out to a later sprint
//!   or, unfinished, to the backlog.

use super::survey::Survey;
use super::*;
use chrono::Duration;

/// What inference needs to know of the board it imports into.
pub(super) struct Board {
    /// The day the import runs.
    pub today: NaiveDate,
    /// The length of a sprint in days (settings).
    pub sprint_days: i64,
    /// Whether the board is blank (sprint numbers are then the file's order).
    pub blank: bool,
    /// Whether the board already has an active sprint.
    pub has_active: bool,
}

/// Gives the document's named-only sprints their states, order, numbers,
/// dates and velocity records. A document whose sprints are its own (our
/// export, with states) is left as it is.
pub(super) fn infer(doc: &mut Document, survey: &Survey, board: &Board) {
    if doc.sprints.is_empty() || !doc.sprints.iter().all(|s| s.reference) {
        return;
    }
    let mut sprints = std::mem::take(&mut doc.sprints);
    // A reader that knows the order (a Trello board's lists, left to right)
    // numbers every sprint; else, a stable sort: ties keep the file's order.
    if sprints.iter().all(|s| s.number.is_some()) {
        sprints.sort_by_key(|s| s.number);
    } else if !numbers_tell_order(&sprints) {
        // Names numbered by several schemes (`2015\06`, `Iteration 3`,
        // `1.12\Sprint 1`, as Azure iteration paths are) do not tell the
        // order: the file's dates do.
        sprints.sort_by_key(|s| {
            let earliest = survey.sprint(&s.name).earliest;
            (earliest.is_none(), earliest, number_in(&s.name))
        });
    } else {
        sprints.sort_by_key(|s| {
            let earliest = survey.sprint(&s.name).earliest;
            (number_in(&s.name).map_or((1, 0), |n| (0, n)), earliest.is_none(), earliest)
        });
    }
    let closed = |s: &SprintDoc| {
        let sums = survey.sprint(&s.name);
        s.state == SprintState::Closed || (sums.unfinished == 0 && (sums.stories > 0 || sums.carried > 0))
    };
    // A sprint that ran before a closed one is over too: in Jira an
    // unfinished issue whose last sprint was closed sits in the backlog now,
    // so its stories are carried out of it to the top of the backlog. The
    // newest sprint is no such proof: holding only done work, it may be one
    // planned ahead whose stories were finished early.
    let over = sprints[..sprints.len() - 1].iter().rposition(closed).map_or(0, |i| i + 1);
    let rest = sprints.split_off(over);
    let mut done = sprints;
    let (closed_rest, open): (Vec<SprintDoc>, Vec<SprintDoc>) = rest.into_iter().partition(closed);
    done.extend(closed_rest);
    let days = board.sprint_days.max(1);
    let len = Duration::days(days);
    let count = done.len() as i32;
    for (k, s) in done.iter_mut().enumerate() {
        let sums = survey.sprint(&s.name);
        s.state = SprintState::Closed;
        s.committed = Some(sums.points + sums.carried_points);
        s.completed = Some(sums.done);
        // Its unfinished stories leave it for the backlog: carried too.
        s.carried_over = Some(sums.carried_points + sums.points - sums.done);
        if s.start.is_none() {
            let start = board.today - len * (count - k as i32);
            s.start = Some(start);
            s.end = Some(start + len - Duration::days(1));
        }
    }
    for (k, mut s) in open.into_iter().enumerate() {
        if k == 0 && !board.has_active {
            let sums = survey.sprint(&s.name);
            s.state = SprintState::Active;
            s.committed = Some(sums.points + sums.carried_points);
            s.start = s.start.or(Some(board.today));
        } else {
            // Planned sprints follow the last sprint, as a new sprint does.
            s.state = SprintState::Planned;
        }
        done.push(s);
    }
    for (i, s) in done.iter_mut().enumerate() {
        // A board with sprints numbers new ones after its own.
        s.number = board.blank.then_some(i as i64 + 1);
    }
    doc.sprints = done;
}

/// Whether the numbers the sprints' names carry order them: no two share
/// one (`Sprint 3` of two releases cannot both be the third sprint).
fn numbers_tell_order(sprints: &[SprintDoc]) -> bool {
    let mut seen = std::collections::HashSet::new();
    sprints.iter().filter_map(|s| number_in(&s.name)).all(|n| seen.insert(n))
}

/// The number a sprint's name carries: the one after the word "sprint"
/// (`Sprint 2 — Phase 3` → 2), else the last one (`TES-12` → 12).
pub(super) fn number_in(name: &str) -> Option<u64> {
    let lower = name.to_lowercase();
    let after_word = lower.rfind("sprint").map(|i| &lower[i + "sprint".len()..]).and_then(|rest| {
        let digits: String = rest
            .trim_start_matches(|c: char| !c.is_ascii_digit() && !c.is_alphabetic())
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    });
    after_word.or_else(|| {
        let digits: String =
            name.chars().rev().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
        digits.chars().rev().collect::<String>().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn story(sprint: &str, earlier: &[&str], points: i64, status: Status) -> StoryDoc {
        StoryDoc {
            sprint: Some(sprint.to_string()),
            earlier_sprints: earlier.iter().map(|s| s.to_string()).collect(),
            points: Some(Points::whole(points)),
            status,
            ..StoryDoc::default()
        }
    }

    fn named(name: &str) -> SprintDoc {
        SprintDoc { name: name.to_string(), reference: true, ..SprintDoc::default() }
    }

    #[test]
    fn numbers_come_from_the_word_sprint_first() {
        assert_eq!(number_in("Sprint 2 — Phase 3"), Some(2));
        assert_eq!(number_in("BSSEF25T Sprint 1"), Some(1));
        assert_eq!(number_in("TES-12"), Some(12));
        assert_eq!(number_in("Sprint0"), Some(0));
        assert_eq!(number_in("Launch"), None);
    }

    #[test]
    fn newest_first_rows_give_closed_then_active_then_planned_in_number_order() {
        // Newest first, as Jira lists them.
        let stories = [
            story("Sprint 4", &[], 8, Status::Todo),
            story("Sprint 3", &[], 2, Status::Doing),
            story("Sprint 3", &["Sprint 2"], 5, Status::Done),
            story("Sprint 2", &[], 3, Status::Done),
            story("Sprint 1", &[], 1, Status::Done),
        ];
        let mut survey = Survey::default();
        stories.iter().for_each(|s| survey.note(s));
        let mut doc = Document {
            sprints: ["Sprint 4", "Sprint 3", "Sprint 2", "Sprint 1"].map(named).to_vec(),
            ..Document::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        infer(&mut doc, &survey, &Board { today, sprint_days: 14, blank: true, has_active: false });
        let got: Vec<(&str, SprintState, Option<i64>)> =
            doc.sprints.iter().map(|s| (s.name.as_str(), s.state, s.number)).collect();
        assert_eq!(
            got,
            [
                ("Sprint 1", SprintState::Closed, Some(1)),
                ("Sprint 2", SprintState::Closed, Some(2)),
                ("Sprint 3", SprintState::Active, Some(3)),
                ("Sprint 4", SprintState::Planned, Some(4)),
            ]
        );
        let two = &doc.sprints[1];
        assert_eq!(
            (two.committed, two.completed, two.carried_over),
            (Some(Points::whole(8)), Some(Points::whole(3)), Some(Points::whole(5)))
        );
        assert_eq!((two.start, two.end), (today.checked_sub_days(chrono::Days::new(14)), today.pred_opt()));
        assert_eq!(doc.sprints[0].end, today.checked_sub_days(chrono::Days::new(15)));
        assert_eq!((doc.sprints[2].start, doc.sprints[3].start), (Some(today), None));
        // With an active sprint on the board, every open one is planned.
        let mut again = Document { sprints: ["Sprint 4", "Sprint 3"].map(named).to_vec(), ..Document::default() };
        infer(&mut again, &survey, &Board { today, sprint_days: 14, blank: false, has_active: true });
        assert!(again.sprints.iter().all(|s| s.state == SprintState::Planned && s.number.is_none()));
    }

    #[test]
    fn a_sprint_that_ran_before_a_closed_one_is_closed_and_carries_its_unfinished_work() {
        // Sprint 2 still holds unfinished work, but Sprint 3 after it is done.
        let stories = [
            story("Sprint 3", &[], 5, Status::Done),
            story("Sprint 2", &[], 2, Status::Doing),
            story("Sprint 2", &[], 3, Status::Done),
            story("Sprint 1", &[], 1, Status::Done),
            story("Sprint 4", &[], 8, Status::Todo),
        ];
        let mut survey = Survey::default();
        stories.iter().for_each(|s| survey.note(s));
        let mut doc = Document {
            sprints: ["Sprint 4", "Sprint 3", "Sprint 2", "Sprint 1"].map(named).to_vec(),
            ..Document::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        infer(&mut doc, &survey, &Board { today, sprint_days: 14, blank: true, has_active: false });
        let got: Vec<(&str, SprintState)> = doc.sprints.iter().map(|s| (s.name.as_str(), s.state)).collect();
        assert_eq!(
            got,
            [
                ("Sprint 1", SprintState::Closed),
                ("Sprint 2", SprintState::Closed),
                ("Sprint 3", SprintState::Closed),
                ("Sprint 4", SprintState::Active),
            ]
        );
        let two = &doc.sprints[1];
        assert_eq!(
            (two.committed, two.completed, two.carried_over),
            (Some(Points::whole(5)), Some(Points::whole(3)), Some(Points::whole(2)))
        );
        // The newest sprint alone, all done, may be one planned ahead: the
        // one before it keeps running.
        let mut ahead = Document { sprints: ["Sprint 3", "Sprint 2"].map(named).to_vec(), ..Document::default() };
        infer(&mut ahead, &survey, &Board { today, sprint_days: 14, blank: true, has_active: false });
        let got: Vec<(&str, SprintState)> = ahead.sprints.iter().map(|s| (s.name.as_str(), s.state)).collect();
        assert_eq!(got, [("Sprint 3", SprintState::Closed), ("Sprint 2", SprintState::Active)]);
    }

    #[test]
    fn names_numbered_by_several_schemes_are_ordered_by_the_files_dates() {
        let when = |d: u32| NaiveDate::from_ymd_opt(2015, 3, d).unwrap().and_hms_opt(9, 0, 0);
        let mut stories = Vec::new();
        for (sprint, day) in [("2015\\06 (16Mar)", 2), ("Iteration 3", 16), ("1.12\\Sprint 3", 9)] {
            stories.push(StoryDoc { created: when(day), ..story(sprint, &[], 1, Status::Done) });
        }
        let mut survey = Survey::default();
        stories.iter().for_each(|s| survey.note(s));
        let mut doc = Document {
            sprints: ["2015\\06 (16Mar)", "Iteration 3", "1.12\\Sprint 3"].map(named).to_vec(),
            ..Document::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        infer(&mut doc, &survey, &Board { today, sprint_days: 14, blank: true, has_active: false });
        let got: Vec<&str> = doc.sprints.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(got, ["2015\\06 (16Mar)", "1.12\\Sprint 3", "Iteration 3"]);
    }
}
