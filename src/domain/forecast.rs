//! Forecast: which future sprint each backlog story falls into, walking the
//! backlog in rank order with the average velocity per sprint. Leftover
//! velocity carries on into the next story, as in Azure DevOps' forecast:
//! the walk is over cumulative points, so story i lands in future sprint
//! ⌈(points up to and including i) / velocity⌉.

use super::Points;
use super::cost::CostRange;
use super::money::Money;

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

/// A small seeded generator (SplitMix64): reproducible forecasts without a
/// dependency, and good enough for resampling a handful of velocities.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
}

/// How many future sprints a piece of work needs, at two confidence levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finish {
    /// Half of the simulated futures finish within this many sprints.
    pub p50: usize,
    /// 85 % of them finish within this many sprints.
    pub p85: usize,
}

/// The seed used unless told otherwise, so a forecast reads the same twice.
pub const SEED: u64 = 0x5350_5249_4E54;

/// Trials of the board's whole remaining work, for its budget.
pub const TRIALS_FOR_BUDGET: usize = 10_000;

/// Most sprints a simulated future runs before giving up on a target.
pub const MAX_SPRINTS: usize = 1_000;

/// Monte Carlo over recorded velocities: each trial draws a velocity for
/// every future sprint from `history` (with replacement) and counts the
/// sprints until each target's cumulative work is done. `targets` are
/// cumulative points of remaining work (each epic's last story, in board
/// order). `None` when there is no history or it never completed anything.
pub fn monte_carlo(history: &[Points], targets: &[Points], trials: usize, seed: u64) -> Option<Vec<Finish>> {
    let costed: Vec<(Points, Money)> = history.iter().map(|p| (*p, Money::ZERO)).collect();
    Some(monte_carlo_costed(&costed, targets, trials, seed)?.into_iter().map(|(f, _)| f).collect())
}

/// The same trials, each sprint drawn with its cost: a trial adds up the
/// cost of the sprints it needs to reach each target, the last one
/// charged for the share of its velocity the target used (the team goes
/// on to other work for the rest of it). So on a constant history the cost
/// is exactly the target's points × cost per point. The draws are the
/// same as [`monte_carlo`]'s, so the finishing sprints are too.
pub fn monte_carlo_costed(
    history: &[(Points, Money)],
    targets: &[Points],
    trials: usize,
    seed: u64,
) -> Option<Vec<(Finish, CostRange)>> {
    if history.iter().all(|(p, _)| p.hundredths() <= 0) || trials == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&i| targets[i]);
    let mut counts = vec![Vec::with_capacity(trials); targets.len()];
    let mut costs = vec![Vec::with_capacity(trials); targets.len()];
    let mut rng = Rng::new(seed);
    for _ in 0..trials {
        let (mut done, mut sprints, mut spent) = (0i64, 0usize, 0i128);
        let mut last = (0i64, 0i64);
        for &i in &order {
            let goal = targets[i].hundredths();
            while done < goal && sprints < MAX_SPRINTS {
                let (v, c) = history[rng.below(history.len())];
                done += v.hundredths();
                spent += i128::from(c.0);
                last = (v.hundredths(), c.0);
                sprints += 1;
            }
            counts[i].push(sprints);
            let over = (done - goal).max(0);
            let refund = if last.0 > 0 { i128::from(last.1) * i128::from(over) / i128::from(last.0) } else { 0 };
            costs[i].push(if goal <= 0 { 0 } else { spent - refund });
        }
    }
    Some(
        counts
            .into_iter()
            .zip(costs)
            .map(|(mut c, mut m)| {
                c.sort_unstable();
                m.sort_unstable();
                let money = |p: usize| Money(percentile(&m, p).clamp(0, i128::from(i64::MAX)) as i64);
                (
                    Finish { p50: percentile(&c, 50), p85: percentile(&c, 85) },
                    CostRange { p50: money(50), p85: money(85) },
                )
            })
            .collect(),
    )
}

fn percentile<T: Copy>(sorted: &[T], p: usize) -> T {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank - 1]
}

#[cfg(test)]
mod monte_carlo_tests {
    use super::*;

    #[test]
    fn constant_velocity_matches_the_analytic_answer() {
        let history = vec![Points::whole(10); 5];
        let targets = [Points::whole(25), Points::whole(10), Points::ZERO, Points::whole(101)];
        let got = monte_carlo(&history, &targets, 10_000, SEED).unwrap();
        let sprints: Vec<(usize, usize)> = got.iter().map(|f| (f.p50, f.p85)).collect();
        assert_eq!(sprints, vec![(3, 3), (1, 1), (0, 0), (11, 11)]);
    }

    #[test]
    fn reproducible_with_a_seed_and_p85_not_before_p50() {
        let history: Vec<Points> = [8, 14, 11, 20, 5, 12].iter().map(|n| Points::whole(*n)).collect();
        let targets = [Points::whole(60), Points::whole(130)];
        let a = monte_carlo(&history, &targets, 10_000, 7).unwrap();
        assert_eq!(a, monte_carlo(&history, &targets, 10_000, 7).unwrap());
        for f in &a {
            assert!(f.p85 >= f.p50);
        }
        // Mean velocity 11.67: 60 pts need about 5.1 sprints on average.
        assert!((5..=6).contains(&a[0].p50), "{a:?}");
        assert!((11..=13).contains(&a[1].p50), "{a:?}");
    }

    #[test]
    fn no_history_no_forecast() {
        assert!(monte_carlo(&[], &[Points::whole(5)], 100, SEED).is_none());
        assert!(monte_carlo(&[Points::ZERO], &[Points::whole(5)], 100, SEED).is_none());
    }

    #[test]
    fn costed_trials_charge_points_times_cost_per_point_on_a_constant_history() {
        // Every sprint: 10 pts for €5,000.00, so €500.00 a point. 25 pts
        // need 3 sprints (the third half used): 25 × €500 = €12,500.
        let history = vec![(Points::whole(10), Money(500_000)); 4];
        let targets = [Points::whole(25), Points::whole(40), Points::ZERO];
        let got = monte_carlo_costed(&history, &targets, 2_000, SEED).unwrap();
        assert_eq!(got[0].0, Finish { p50: 3, p85: 3 });
        assert_eq!(got[0].1, CostRange { p50: Money(1_250_000), p85: Money(1_250_000) });
        assert_eq!(got[1].1, CostRange { p50: Money(2_000_000), p85: Money(2_000_000) });
        assert_eq!(got[2].1, CostRange::default());
        // The same draws as the uncosted forecast.
        let plain = monte_carlo(&[Points::whole(10); 4], &targets, 2_000, SEED).unwrap();
        assert_eq!(plain, got.iter().map(|(f, _)| *f).collect::<Vec<_>>());
    }

    #[test]
    fn rng_stays_in_range() {
        let mut r = Rng::new(1);
        assert!((0..10_000).all(|_| r.below(7) < 7));
    }
}
