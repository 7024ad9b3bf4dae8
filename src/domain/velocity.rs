//! Velocity: the average of recent sprints, and the arithmetic of closing one.

use super::{Points, StoryId, VelocityRecord};
use std::collections::HashMap;

/// Average completed points of the last `window` closed sprints, given in
/// sprint order, to a tenth of a point (more would be false precision);
/// `None` with no closed sprint (there is nothing to average).
pub fn average(completed: &[Points], window: usize) -> Option<Points> {
    let recent: Vec<Points> = completed.iter().rev().take(window.max(1)).copied().collect();
    if recent.is_empty() {
        return None;
    }
    let sum: i64 = recent.iter().map(|p| p.hundredths()).sum();
    let tenths = (sum as f64 / recent.len() as f64 / 10.0).round() as i64;
    Some(Points::from_hundredths(tenths * 10))
}

/// A story as it stands when its sprint closes.
#[derive(Clone, Copy, Debug)]
pub struct ClosingStory {
    /// Which story.
    pub id: StoryId,
    /// Its estimate now.
    pub points: Points,
    /// Whether it is done.
    pub done: bool,
}

/// The velocity record of a sprint closing now: `committed` holds each
/// story's points as they were when the sprint started, `now` the stories in
/// the sprint at close. Scope changes are counted as Jira's sprint report
/// does: stories added after start, committed stories taken out.
pub fn close_record(committed: &HashMap<StoryId, Points>, now: &[ClosingStory]) -> VelocityRecord {
    let committed_total: Points = committed.values().copied().sum();
    let completed = now.iter().filter(|s| s.done).map(|s| s.points).sum();
    let added = now.iter().filter(|s| !committed.contains_key(&s.id)).map(|s| s.points).sum();
    let present: std::collections::HashSet<StoryId> = now.iter().map(|s| s.id).collect();
    let removed = committed.iter().filter(|(id, _)| !present.contains(id)).map(|(_, p)| *p).sum();
    let carried_over = now.iter().filter(|s| !s.done).map(|s| s.points).sum();
    VelocityRecord { committed: committed_total, completed, added, removed, carried_over }
}

/// Say/do ratio: completed over committed, `None` when nothing was committed.
pub fn say_do(record: &VelocityRecord) -> Option<f64> {
    (record.committed.hundredths() > 0).then(|| record.completed.as_f64() / record.committed.as_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: i64) -> Points {
        Points::whole(n)
    }

    #[test]
    fn average_uses_the_last_window_sprints() {
        assert_eq!(average(&[], 3), None);
        assert_eq!(average(&[p(10)], 3), Some(p(10)));
        assert_eq!(average(&[p(100), p(20), p(22), p(30)], 3), Some(p(24)));
        assert_eq!(average(&[p(1), p(2)], 3), Some(Points::parse("1.5").unwrap()));
        assert_eq!(average(&[p(10), p(10), p(11)], 3), Some(Points::parse("10.3").unwrap()));
    }

    #[test]
    fn close_counts_completed_added_removed_and_carried() {
        let committed: HashMap<StoryId, Points> = [(StoryId(1), p(5)), (StoryId(2), p(3)), (StoryId(3), p(8))].into();
        let now = [
            ClosingStory { id: StoryId(1), points: p(5), done: true },
            ClosingStory { id: StoryId(2), points: p(3), done: false },
            ClosingStory { id: StoryId(4), points: p(2), done: true },
        ];
        let r = close_record(&committed, &now);
        assert_eq!(r.committed, p(16));
        assert_eq!(r.completed, p(7));
        assert_eq!(r.added, p(2));
        assert_eq!(r.removed, p(8));
        assert_eq!(r.carried_over, p(3));
        assert_eq!(say_do(&r), Some(7.0 / 16.0));
    }

    #[test]
    fn closing_an_empty_sprint_records_zeros() {
        let r = close_record(&HashMap::new(), &[]);
        assert_eq!(r, VelocityRecord::default());
        assert_eq!(say_do(&r), None);
    }
}
