//! Forecast: which future sprint each backlog story falls into, walking the
//! backlog in rank order with the average velocity per sprint. Leftover
//! velocity carries on into the next story, as in Azure DevOps' forecast:
//! the walk is over cumulative points, so story i lands in future sprint
//! ⌈(points up to and including i) / velocity⌉.

use super::Points;

/// Walks backlog stories in rank order and says which future sprint each lands in.
#[derive(Clone, Copy, Debug)]
pub struct Walk {
    velocity: i64,
    cumulative: i64,
}

impl Walk {
    /// A walk at the top of the backlog; `None` when there is no velocity to
    /// forecast with (no closed sprint yet, or nothing ever completed).
    pub fn new(velocity: Option<Points>) -> Option<Walk> {
        Walk::resume(velocity, Points::ZERO)
    }

    /// A walk that resumes after stories totalling `before` points.
    pub fn resume(velocity: Option<Points>, before: Points) -> Option<Walk> {
        let v = velocity?.hundredths();
        (v > 0).then_some(Walk { velocity: v, cumulative: before.hundredths() })
    }

    /// Takes the next story and returns its future sprint, 1 for the first.
    /// An unestimated story adds nothing, and lands where the walk stands
    /// (the caller flags it: its real size is unknown).
    pub fn take(&mut self, points: Option<Points>) -> usize {
        self.cumulative += points.map_or(0, |p| p.hundredths());
        self.sprint_at(self.cumulative)
    }

    /// The future sprint a cumulative total lands in.
    fn sprint_at(&self, cumulative: i64) -> usize {
        (((cumulative + self.velocity - 1) / self.velocity).max(1)) as usize
    }

    /// The future sprint that the next story would start in.
    pub fn current(&self) -> usize {
        self.sprint_at(self.cumulative.max(1))
    }

    /// Points walked so far.
    pub fn walked(&self) -> Points {
        Points::from_hundredths(self.cumulative)
    }
}

/// Future sprint of each story, for a whole list (used by tests and reports).
pub fn sprints_for(velocity: Option<Points>, stories: &[Option<Points>]) -> Option<Vec<usize>> {
    let mut walk = Walk::new(velocity)?;
    Some(stories.iter().map(|p| walk.take(*p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[i64]) -> Vec<Option<Points>> {
        v.iter().map(|n| Some(Points::whole(*n))).collect()
    }

    #[test]
    fn no_velocity_no_forecast() {
        assert!(sprints_for(None, &pts(&[1])).is_none());
        assert!(sprints_for(Some(Points::ZERO), &pts(&[1])).is_none());
    }

    #[test]
    fn leftover_velocity_carries_into_the_next_sprint() {
        // Velocity 10: 5+3 fit sprint 1; 5 crosses into sprint 2 (13 > 10),
        // 6 brings the total to 19, still sprint 2; 2 reaches 21: sprint 3.
        let got = sprints_for(Some(Points::whole(10)), &pts(&[5, 3, 5, 6, 2])).unwrap();
        assert_eq!(got, vec![1, 1, 2, 2, 3]);
    }

    #[test]
    fn exact_fill_ends_the_sprint_and_big_stories_span() {
        let got = sprints_for(Some(Points::whole(10)), &pts(&[10, 1, 25])).unwrap();
        assert_eq!(got, vec![1, 2, 4]);
    }

    #[test]
    fn unestimated_stories_add_nothing() {
        let mut stories = pts(&[4]);
        stories.push(None);
        stories.extend(pts(&[4]));
        assert_eq!(sprints_for(Some(Points::whole(5)), &stories).unwrap(), vec![1, 1, 2]);
    }

    #[test]
    fn resumes_mid_backlog() {
        let mut w = Walk::resume(Some(Points::whole(10)), Points::whole(19)).unwrap();
        assert_eq!(w.current(), 2);
        assert_eq!(w.take(Some(Points::whole(2))), 3);
    }
}
