//! Dependencies (SPEC §1): story A blocked by story B is flagged, while B is
//! not done, wherever A is planned earlier than B, in the same sprint, or
//! B is still in the backlog below A's sprint (or below A in the backlog:
//! the forecast reaches A first). Nothing is refused.

use super::StoryId;
use std::collections::{HashMap, HashSet, VecDeque};

/// Where a story stands for the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Done (or in a closed sprint): waits on nothing, blocks nothing.
    Done,
    /// In the `n`th open sprint (0 = the active or first planned one).
    Sprint(usize),
    /// In the backlog at this rank.
    Backlog(i64),
}

/// Whether a story at `story` is planned too early for its blocker at `blocker`.
pub fn flagged(story: Slot, blocker: Slot) -> bool {
    match (story, blocker) {
        (Slot::Done, _) | (_, Slot::Done) => false,
        (Slot::Sprint(a), Slot::Sprint(b)) => b >= a,
        (Slot::Sprint(_), Slot::Backlog(_)) => true,
        (Slot::Backlog(a), Slot::Backlog(b)) => b > a,
        (Slot::Backlog(_), Slot::Sprint(_)) => false,
    }
}

/// The cycle that `story` blocked by `blocker` would close, from `story`
/// back to itself along "blocked by" links (`[A, B, …, A]`), if any.
pub fn cycle(links: &[(StoryId, StoryId)], story: StoryId, blocker: StoryId) -> Option<Vec<StoryId>> {
    if story == blocker {
        return Some(vec![story, story]);
    }
    let mut by: HashMap<StoryId, Vec<StoryId>> = HashMap::new();
    for (s, b) in links {
        by.entry(*s).or_default().push(*b);
    }
    // Breadth first from the blocker along what blocks it, to the story.
    let mut came_from: HashMap<StoryId, StoryId> = HashMap::new();
    let mut seen: HashSet<StoryId> = [blocker].into();
    let mut queue: VecDeque<StoryId> = [blocker].into();
    while let Some(at) = queue.pop_front() {
        if at == story {
            // Back from the story to the blocker, then read forwards:
            // story → blocker → … → story.
            let mut back = vec![story];
            while *back.last().unwrap_or(&blocker) != blocker {
                back.push(came_from[back.last().unwrap_or(&blocker)]);
            }
            back.reverse();
            return Some(std::iter::once(story).chain(back).collect());
        }
        for next in by.get(&at).into_iter().flatten() {
            if seen.insert(*next) {
                came_from.insert(*next, at);
                queue.push_back(*next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_planned_with_or_before_its_blocker_is_flagged() {
        assert!(flagged(Slot::Sprint(0), Slot::Sprint(0)), "same sprint");
        assert!(flagged(Slot::Sprint(0), Slot::Sprint(1)), "blocker later");
        assert!(!flagged(Slot::Sprint(1), Slot::Sprint(0)), "blocker earlier");
        assert!(flagged(Slot::Sprint(2), Slot::Backlog(10)), "blocker still in the backlog");
        assert!(flagged(Slot::Backlog(10), Slot::Backlog(20)), "blocker below it in the backlog");
        assert!(!flagged(Slot::Backlog(20), Slot::Backlog(10)));
        assert!(!flagged(Slot::Backlog(20), Slot::Sprint(0)));
        assert!(!flagged(Slot::Sprint(0), Slot::Done), "a done blocker waits on nothing");
    }

    #[test]
    fn a_link_that_closes_a_loop_names_it() {
        let (a, b, c) = (StoryId(3), StoryId(7), StoryId(9));
        // 7 is blocked by 9, 9 by 3: "3 blocked by 7" closes 3 → 7 → 9 → 3.
        let links = [(b, c), (c, a)];
        assert_eq!(cycle(&links, a, b), Some(vec![a, b, c, a]));
        assert_eq!(cycle(&[(b, a)], a, b), Some(vec![a, b, a]));
        assert_eq!(cycle(&links, StoryId(1), b), None, "1 blocked by 7: 7 waits on 9 and 3, never on 1");
        assert_eq!(cycle(&links, c, b), Some(vec![c, b, c]), "7 already waits on 9");
        assert_eq!(cycle(&[], a, a), Some(vec![a, a]));
    }
}
