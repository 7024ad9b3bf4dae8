//! The first reading of an import's stories: what the rest of the import
//! must know of all of them before the first one is written. It keeps sums,
//! never the stories, so its memory grows with the distinct key prefixes
//! and sprint names a file uses, not with its size.

use super::*;

/// What the first reading found.
#[derive(Debug, Default)]
pub(super) struct Survey {
    /// How many stories the file holds.
    pub stories: usize,
    /// The highest key number by key prefix (ASCII lower case).
    highest: HashMap<String, i64>,
    /// Points by normalised sprint name.
    sprints: HashMap<String, SprintSums>,
}

/// The points of the stories a file puts in one sprint.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SprintSums {
    /// All of them (unestimated counts 0): the commitment of a started sprint.
    pub points: Points,
    /// The done ones: a closed sprint's completed points.
    pub done: Points,
    /// How many stories are in it now.
    pub stories: usize,
    /// How many of those are not done.
    pub unfinished: usize,
    /// Stories that were in it and are in a later sprint now (Jira lists
    /// every sprint an issue was in), and their points.
    pub carried: usize,
    pub carried_points: Points,
    /// The earliest time the file gives one of its stories (done, else
    /// created): orders sprints whose names carry no number.
    pub earliest: Option<chrono::NaiveDateTime>,
}

impl Survey {
    /// Notes one story.
    pub fn note(&mut self, s: &StoryDoc) {
        self.stories += 1;
        if let Some((prefix, n)) = s.key.as_deref().and_then(split_key) {
            let highest = self.highest.entry(prefix.to_ascii_lowercase()).or_insert(n);
            *highest = (*highest).max(n);
        }
        let points = s.points.unwrap_or_default();
        let when = s.done.or(s.created);
        if let Some(name) = &s.sprint {
            let sums = self.sprints.entry(norm(name)).or_default();
            sums.points += points;
            sums.stories += 1;
            if s.status == Status::Done {
                sums.done += points;
            } else {
                sums.unfinished += 1;
            }
            sums.note_time(when);
        }
        for name in carried_out_of(s) {
            let sums = self.sprints.entry(name).or_default();
            sums.carried += 1;
            sums.carried_points += points;
            sums.note_time(s.created);
        }
    }

    /// The highest number of the file's keys with this prefix (`SB` for `SB-42`).
    pub fn highest_key(&self, prefix: &str) -> Option<i64> {
        self.highest.get(&prefix.to_ascii_lowercase()).copied()
    }

    /// The points of the file's stories in the sprint of this name.
    pub fn sprint(&self, name: &str) -> SprintSums {
        self.sprints.get(&norm(name)).copied().unwrap_or_default()
    }
}

impl SprintSums {
    fn note_time(&mut self, t: Option<chrono::NaiveDateTime>) {
        if let Some(t) = t {
            self.earliest = Some(self.earliest.map_or(t, |e| e.min(t)));
        }
    }
}

/// The normalised names of the sprints a story was carried out of: its
/// earlier sprints, each once, without the one it is in now.
pub(super) fn carried_out_of(s: &StoryDoc) -> Vec<String> {
    let now = s.sprint.as_deref().map(norm);
    let mut out: Vec<String> = Vec::new();
    for name in s.earlier_sprints.iter().map(|n| norm(n)) {
        if Some(&name) != now.as_ref() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A key's prefix and number: `SB-42` → (`SB`, 42).
pub(super) fn split_key(key: &str) -> Option<(&str, i64)> {
    let (p, n) = key.trim().rsplit_once('-')?;
    Some((p, n.parse().ok().filter(|n: &i64| *n >= 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_by_sprint_and_highest_key_by_prefix() {
        let mut survey = Survey::default();
        for (key, sprint, points, status) in [
            (Some("sb-7"), Some("Sprint 1"), Some(3), Status::Done),
            (Some("SB-12"), Some(" sprint 1"), None, Status::Todo),
            (Some("MESOS-99"), Some("Sprint 1"), Some(5), Status::Todo),
            (None, None, Some(8), Status::Done),
        ] {
            let s = StoryDoc {
                key: key.map(String::from),
                sprint: sprint.map(String::from),
                points: points.map(Points::whole),
                status,
                ..StoryDoc::default()
            };
            survey.note(&s);
        }
        assert_eq!(survey.stories, 4);
        assert_eq!(
            (survey.highest_key("SB"), survey.highest_key("mesos"), survey.highest_key("X")),
            (Some(12), Some(99), None)
        );
        let sums = survey.sprint("SPRINT 1");
        assert_eq!((sums.points, sums.done), (Points::whole(8), Points::whole(3)));
        assert_eq!(survey.sprint("Sprint 2").points, Points::default());
    }
}
