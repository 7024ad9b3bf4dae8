//! Ranks: gapped integers, so a move writes one row and never rewrites a
//! whole column. When two neighbours have no room left between them (rare:
//! 2^20 gaps allow twenty halvings) the store re-spaces a short stretch.

/// The distance between neighbours when a column is (re)numbered or appended to.
pub const GAP: i64 = 1 << 20;

/// Rank for a story placed between two neighbours (either may be absent:
/// `None` above means the top of the list, `None` below the bottom).
/// Returns `None` when there is no integer left between them and the column
/// must be renumbered first.
pub fn between(above: Option<i64>, below: Option<i64>) -> Option<i64> {
    match (above, below) {
        (None, None) => Some(0),
        (Some(a), None) => a.checked_add(GAP),
        (None, Some(b)) => b.checked_sub(GAP),
        (Some(a), Some(b)) => {
            let mid = a + (b - a) / 2;
            (mid > a && mid < b).then_some(mid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ranks for `n` stories renumbered evenly from the start.
    fn renumbered(n: usize) -> impl Iterator<Item = i64> {
        (0..n as i64).map(|i| i * GAP)
    }

    #[test]
    fn places_at_ends_and_between() {
        assert_eq!(between(None, None), Some(0));
        assert_eq!(between(Some(0), None), Some(GAP));
        assert_eq!(between(None, Some(0)), Some(-GAP));
        assert_eq!(between(Some(0), Some(GAP)), Some(GAP / 2));
        assert_eq!(between(Some(4), Some(5)), None);
    }

    #[test]
    fn twenty_inserts_in_the_same_gap_fit_before_a_renumber() {
        let (mut a, b) = (0, GAP);
        for _ in 0..20 {
            a = between(Some(a), Some(b)).expect("room left");
        }
        assert!(a < b);
    }

    proptest! {
        /// Inserting anywhere keeps the list strictly ordered, and a renumber
        /// restores room when a gap runs out: nothing is lost or duplicated.
        #[test]
        fn inserts_keep_order(positions in proptest::collection::vec(0usize..50, 1..200)) {
            let mut ranks: Vec<(i64, usize)> = Vec::new();
            for (id, p) in positions.into_iter().enumerate() {
                let at = p.min(ranks.len());
                let above = at.checked_sub(1).map(|i| ranks[i].0);
                let below = ranks.get(at).map(|r| r.0);
                let rank = match between(above, below) {
                    Some(r) => r,
                    None => {
                        let n = ranks.len();
                        for (r, new) in ranks.iter_mut().zip(renumbered(n)) { r.0 = new; }
                        between(at.checked_sub(1).map(|i| ranks[i].0), ranks.get(at).map(|r| r.0)).unwrap()
                    }
                };
                ranks.insert(at, (rank, id));
                prop_assert!(ranks.windows(2).all(|w| w[0].0 < w[1].0));
            }
            let mut ids: Vec<usize> = ranks.iter().map(|r| r.1).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), ranks.len());
        }
    }
}
