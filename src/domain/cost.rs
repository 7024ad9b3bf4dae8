//! Cost (SPEC §1): a sprint's cost is its labour plus the expenses dated in
//! it; cost per point is the cost of the last N closed sprints over their
//! completed points; spent so far + remaining = the estimate at completion,
//! compared with the budget, and a shortfall said in words.

use super::Points;
use super::capacity::round_div;
use super::money::{Currency, Money};

/// A closed sprint as cost sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SprintCost {
    /// Points completed.
    pub completed: Points,
    /// Labour (frozen at close) plus expenses dated in it.
    pub cost: Money,
}

/// Cost per point over the last `window` closed sprints (given in sprint
/// order), in minor units; `None` when they completed nothing.
pub fn cost_per_point(sprints: &[SprintCost], window: usize) -> Option<Money> {
    let recent: Vec<&SprintCost> = sprints.iter().rev().take(window.max(1)).collect();
    let points: i64 = recent.iter().map(|s| s.completed.hundredths()).sum();
    if points <= 0 {
        return None;
    }
    let cost: i128 = recent.iter().map(|s| i128::from(s.cost.0)).sum();
    Some(Money(round_div(cost * 100, i128::from(points))))
}

/// The cost of some points at a cost per point.
pub fn cost_of(points: Points, per_point: Money) -> Money {
    Money(round_div(i128::from(points.hundredths()) * i128::from(per_point.0), 100))
}

/// A cost at the forecast's two confidence levels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CostRange {
    /// Half the simulated futures cost at most this.
    pub p50: Money,
    /// 85 % of them cost at most this.
    pub p85: Money,
}

impl std::ops::Add for CostRange {
    type Output = CostRange;
    fn add(self, o: CostRange) -> CostRange {
        CostRange { p50: self.p50.saturating_add(o.p50), p85: self.p85.saturating_add(o.p85) }
    }
}

/// A budget against what was spent and what the rest will likely cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetStatus {
    /// The budget.
    pub amount: Money,
    /// Spent so far.
    pub spent: Money,
    /// Remaining cost, if the forecast can say.
    pub remaining: Option<CostRange>,
}

impl BudgetStatus {
    /// Left at P50 and P85 once the remaining work is paid (negative: short).
    pub fn left(&self) -> Option<(Money, Money)> {
        let r = self.remaining?;
        let left = |rest: Money| Money(self.amount.0.saturating_sub(self.spent.0).saturating_sub(rest.0));
        Some((left(r.p50), left(r.p85)))
    }

    /// Estimate at completion: spent + remaining at P50 (the likely total).
    pub fn eac(&self) -> Option<Money> {
        self.remaining.map(|r| self.spent.saturating_add(r.p50))
    }

    /// Spent as a percentage of the budget (whole percent).
    pub fn percent_spent(&self) -> Option<i64> {
        (self.amount.0 > 0).then(|| round_div(i128::from(self.spent.0) * 100, i128::from(self.amount.0)))
    }
}

/// The shortfall in words, when the work at P85 costs more than the budget:
/// "budget runs out in Sprint 14; E-3 finishes at P85 in Sprint 16 → short
/// €38,000". `runs_out` names the sprint in which spending passes the
/// budget, `finishes` the scope's last piece of work and its P85 sprint.
pub fn shortfall_words(
    status: &BudgetStatus,
    runs_out: Option<&str>,
    finishes: Option<(&str, &str)>,
    currency: &Currency,
) -> Option<String> {
    let (_, left_p85) = status.left()?;
    if left_p85.0 >= 0 {
        return None;
    }
    let short = Money(left_p85.0.saturating_neg()).format_whole(currency);
    let out = match runs_out {
        Some(s) => format!("budget runs out in {s}"),
        None => "budget is spent already".to_string(),
    };
    Some(match finishes {
        Some((what, sprint)) => format!("{out}; {what} finishes at P85 in {sprint} → short {short}"),
        None => format!("{out} → short {short} at P85"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(points: i64, cost: i64) -> SprintCost {
        SprintCost { completed: Points::whole(points), cost: Money(cost) }
    }

    #[test]
    fn cost_per_point_is_the_windows_cost_over_its_points() {
        // Window 3 of four sprints: the first (100 pts, €1) is left out.
        // Last three: €20,000 + €25,000 + €15,000 = €60,000 for
        // 18 + 22 + 20 = 60 pts → €1,000.00 a point.
        let s = [sc(100, 100), sc(18, 2_000_000), sc(22, 2_500_000), sc(20, 1_500_000)];
        assert_eq!(cost_per_point(&s, 3), Some(Money(100_000)));
        // 7 pts for €1,000: €142.857… → €142.86.
        assert_eq!(cost_per_point(&[sc(7, 100_000)], 3), Some(Money(14_286)));
        assert_eq!(cost_per_point(&[sc(0, 100_000)], 3), None);
        assert_eq!(cost_of(Points::parse("2.5").unwrap(), Money(14_286)), Money(35_715));
    }

    #[test]
    fn the_estimate_at_completion_is_spent_plus_remaining() {
        // Budget €100,000; €62,000 spent; the rest costs €30,000 at P50
        // and €45,000 at P85: EAC €92,000, left €8,000 / −€7,000 (short).
        let st = BudgetStatus {
            amount: Money(10_000_000),
            spent: Money(6_200_000),
            remaining: Some(CostRange { p50: Money(3_000_000), p85: Money(4_500_000) }),
        };
        assert_eq!(st.eac(), Some(Money(9_200_000)));
        assert_eq!(st.left(), Some((Money(800_000), Money(-700_000))));
        assert_eq!(st.percent_spent(), Some(62));
        let eur = Currency::of("EUR").unwrap();
        assert_eq!(
            shortfall_words(&st, Some("Sprint 14"), Some(("E-3", "Sprint 16")), &eur).as_deref(),
            Some("budget runs out in Sprint 14; E-3 finishes at P85 in Sprint 16 → short €7,000")
        );
        let fine = BudgetStatus { remaining: Some(CostRange { p50: Money(0), p85: Money(0) }), ..st };
        assert_eq!(shortfall_words(&fine, None, None, &eur), None);
    }
}
