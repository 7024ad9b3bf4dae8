//! Burndown: remaining points per day of a sprint, replayed from the
//! history of story changes, with the sprint's scope (total points) per day
//! so that stories added or removed after the start are visible.

use super::{Points, Sprint};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

/// A story's state as far as the burndown cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tracked {
    /// In this sprint.
    pub in_sprint: bool,
    /// Estimate (unestimated counts as nothing).
    pub points: Points,
    /// Done.
    pub done: bool,
}

/// One change to a story, from the history: only the fields it changed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoryEvent {
    /// When.
    pub at: NaiveDateTime,
    /// Which story (row id).
    pub story: i64,
    /// Whether it is in the sprint now, if that changed.
    pub in_sprint: Option<bool>,
    /// Its points now, if they changed.
    pub points: Option<Points>,
    /// Whether it is done now, if that changed.
    pub done: Option<bool>,
}

/// One day of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Points not done at the end of the day.
    pub remaining: Points,
    /// Points in the sprint at the end of the day.
    pub scope: Points,
}

/// Remaining and scope per day from `start` to `last` (the sprint's end, or
/// today if earlier), starting from the stories as they were at the start.
pub fn replay(start: NaiveDate, last: NaiveDate, at_start: HashMap<i64, Tracked>, events: &[StoryEvent]) -> Vec<Day> {
    let mut state = at_start;
    let mut days = Vec::new();
    let mut next = 0;
    let mut date = start;
    while date <= last {
        while next < events.len() && events[next].at.date() <= date {
            let e = &events[next];
            let s = state.entry(e.story).or_default();
            if let Some(v) = e.in_sprint {
                s.in_sprint = v;
            }
            if let Some(p) = e.points {
                s.points = p;
            }
            if let Some(d) = e.done {
                s.done = d;
            }
            next += 1;
        }
        let scope: Points = state.values().filter(|s| s.in_sprint).map(|s| s.points).sum();
        let remaining = state.values().filter(|s| s.in_sprint && !s.done).map(|s| s.points).sum();
        days.push(Day { date, remaining, scope });
        match date.succ_opt() {
            Some(d) => date = d,
            None => break,
        }
    }
    days
}

/// The ideal line: from `committed` on the first day to zero on the last.
pub fn ideal(committed: Points, start: NaiveDate, end: NaiveDate, date: NaiveDate) -> f64 {
    let span = (end - start).num_days().max(1) as f64;
    let gone = (date - start).num_days() as f64;
    (committed.as_f64() * (1.0 - gone / span)).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn ev(day: u32, story: i64, in_sprint: Option<bool>, points: Option<i64>, done: Option<bool>) -> StoryEvent {
        StoryEvent {
            at: d(day).and_hms_opt(15, 0, 0).unwrap(),
            story,
            in_sprint,
            points: points.map(Points::whole),
            done,
        }
    }

    #[test]
    fn scripted_history_burns_down_with_scope_changes() {
        let start: HashMap<i64, Tracked> = [
            (1, Tracked { in_sprint: true, points: Points::whole(5), done: false }),
            (2, Tracked { in_sprint: true, points: Points::whole(3), done: false }),
        ]
        .into();
        let events = [
            ev(3, 1, None, None, Some(true)),    // day 3: 5 done
            ev(4, 7, Some(true), Some(2), None), // day 4: a 2-pointer added
            ev(5, 2, None, Some(8), None),       // day 5: re-estimated 3 → 8
            ev(5, 7, Some(false), None, None),   // day 5: the added one removed again
            ev(6, 2, None, None, Some(true)),    // day 6: all done
        ];
        let days = replay(d(2), d(7), start, &events);
        let got: Vec<(i64, i64)> =
            days.iter().map(|x| (x.remaining.hundredths() / 100, x.scope.hundredths() / 100)).collect();
        assert_eq!(got, vec![(8, 8), (3, 8), (5, 10), (8, 13), (0, 13), (0, 13)]);
        assert_eq!(days[0].date, d(2));
    }

    #[test]
    fn ideal_line_goes_from_committed_to_zero() {
        assert_eq!(ideal(Points::whole(20), d(1), d(11), d(1)), 20.0);
        assert_eq!(ideal(Points::whole(20), d(1), d(11), d(6)), 10.0);
        assert_eq!(ideal(Points::whole(20), d(1), d(11), d(11)), 0.0);
    }
}

/// A sprint's burndown.
#[derive(Clone, Debug, PartialEq)]
pub struct Burndown {
    /// The sprint.
    pub sprint: Sprint,
    /// Points committed at start (the ideal line starts here).
    pub committed: Points,
    /// One entry per day from the start to today (or the end).
    pub days: Vec<Day>,
}
