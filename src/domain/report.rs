//! The Reports screen's numbers as plain data (computed by `ops::reports`).

use super::*;

/// One closed sprint's line in the reports.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintReport {
    /// Sprint name.
    pub name: String,
    /// Sprint number.
    pub number: i64,
    /// Its velocity record.
    pub record: VelocityRecord,
    /// Completed over committed.
    pub say_do: Option<f64>,
    /// Stories in it at close.
    pub stories: usize,
    /// Of which bugs.
    pub bugs: usize,
}

/// Everything the Reports screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    /// The velocity window and average.
    pub window: usize,
    /// Average velocity.
    pub average: Option<Points>,
    /// The last closed sprints, oldest first.
    pub sprints: Vec<SprintReport>,
    /// Closed sprints older than `sprints`, not reported (the chart hints them).
    pub earlier: usize,
    /// The names of the sprints the average and say/do are over, oldest first.
    pub window_names: Vec<String>,
    /// Say/do over the window (completed sum over committed sum).
    pub say_do: Option<f64>,
    /// Median days from started to done over the shown sprints' stories.
    pub median_cycle_days: Option<f64>,
    /// Bugs over stories in the shown sprints.
    pub bug_share: Option<f64>,
    /// Stories in the shown sprints, of which `bugs` are bugs.
    pub stories: usize,
    /// Bugs in the shown sprints.
    pub bugs: usize,
}

impl Reports {
    /// The sprints a window of names covers, in words: `Sprint 5 – Sprint 7
    /// (last 3)`, `Sprint 7 (last 1)`.
    pub fn over(names: &[String]) -> String {
        match names {
            [] => "no closed sprint".into(),
            [one] => format!("{one} (last 1)"),
            [first, .., last] => format!("{first} – {last} (last {})", names.len()),
        }
    }

    /// The sprints the reports' lists (cycle time, bug share) cover.
    pub fn shown_names(&self) -> Vec<String> {
        self.sprints.iter().map(|s| s.name.clone()).collect()
    }
}

/// A story of a closed sprint's review, as it was when the sprint closed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewStory {
    /// Row id.
    pub id: StoryId,
    /// Key.
    pub key: String,
    /// Title (as it is now; as it was when deleted, for a deleted story).
    pub title: String,
    /// Kind.
    pub kind: Kind,
    /// Points it was committed with at start, if it was committed.
    pub committed: Option<Points>,
    /// Points and status when the sprint closed; `None` when it was no
    /// longer in the sprint then (removed after start).
    pub at_close: Option<(Option<Points>, Status)>,
    /// Where it is now; `None` when it has been deleted since.
    pub now: Option<Place>,
}

/// A closed sprint's review: what was done, carried, added and removed,
/// each story once, with the points and status it had at close.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintReview {
    /// Done at close, in key order.
    pub done: Vec<ReviewStory>,
    /// Unfinished at close (carried over), in key order.
    pub carried: Vec<ReviewStory>,
    /// In the sprint at close but not committed at start, in key order.
    pub added: Vec<ReviewStory>,
    /// Committed at start but out of the sprint at close, in key order.
    pub removed: Vec<ReviewStory>,
    /// Whether the close is in the history. A sprint that came closed in an
    /// imported file has none: its stories are read as they are now, and
    /// which of them were carried is not known.
    pub from_history: bool,
}

impl SprintReview {
    /// Sorts a closed sprint's stories into the review's lists (a story
    /// added after start and unfinished is in both `added` and `carried`).
    pub fn from_stories(mut stories: Vec<ReviewStory>, from_history: bool) -> SprintReview {
        stories.sort_by(|a, b| key_order(&a.key, &b.key));
        let pick = |f: &dyn Fn(&ReviewStory) -> bool| stories.iter().filter(|s| f(s)).cloned().collect::<Vec<_>>();
        SprintReview {
            done: pick(&|s| matches!(s.at_close, Some((_, Status::Done)))),
            carried: pick(&|s| matches!(s.at_close, Some((_, st)) if st != Status::Done)),
            added: pick(&|s| s.at_close.is_some() && s.committed.is_none()),
            removed: pick(&|s| s.at_close.is_none() && s.committed.is_some()),
            from_history,
        }
    }
}

/// Keys in the order people read them: `SB-9` before `SB-10`.
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |k: &str| {
        let digits = k.trim_end_matches(|c: char| c.is_ascii_digit());
        (digits.to_string(), k[digits.len()..].parse::<u64>().unwrap_or(0))
    };
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}

/// Sum of the points a list of review stories had at close.
pub fn points_at_close(stories: &[ReviewStory]) -> Points {
    stories.iter().filter_map(|s| s.at_close.and_then(|(p, _)| p)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(n: i64, committed: Option<i64>, at_close: Option<(i64, Status)>) -> ReviewStory {
        ReviewStory {
            id: StoryId(n),
            key: format!("SB-{n}"),
            title: format!("Story {n}"),
            kind: Kind::Story,
            committed: committed.map(Points::whole),
            at_close: at_close.map(|(p, s)| (Some(Points::whole(p)), s)),
            now: Some(Place::Backlog),
        }
    }

    #[test]
    fn a_window_is_named_by_its_first_and_last_sprint() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Reports::over(&names(&["Sprint 5", "Sprint 6", "Sprint 7"])), "Sprint 5 – Sprint 7 (last 3)");
        assert_eq!(Reports::over(&names(&["Dinners"])), "Dinners (last 1)");
        assert_eq!(Reports::over(&[]), "no closed sprint");
    }

    #[test]
    fn each_story_lands_in_the_lists_its_close_says() {
        let review = SprintReview::from_stories(
            vec![
                story(10, Some(5), Some((5, Status::Done))),
                story(9, Some(3), Some((3, Status::Doing))),
                story(85, None, Some((2, Status::Todo))),
                story(4, Some(8), None),
                story(7, None, Some((1, Status::Done))),
            ],
            true,
        );
        let keys = |v: &[ReviewStory]| v.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&review.done), ["SB-7", "SB-10"]);
        assert_eq!(keys(&review.carried), ["SB-9", "SB-85"]);
        assert_eq!(keys(&review.added), ["SB-7", "SB-85"]);
        assert_eq!(keys(&review.removed), ["SB-4"]);
        assert_eq!(points_at_close(&review.carried), Points::whole(5));
    }
}
