//! The `:` command palette (SPEC §2): every action of the current screen,
//! with its key and description, filtered as you type. The list is the
//! keymap's own table, so the palette, the keys and help never disagree;
//! choosing an action runs it through `Session::update`, the path its key takes
//! (read-only refusals and stale checks included).

use super::action::Action;
use super::keymap::{Binding, Keymap};
use super::state::Screen;

/// The palette's state: what was typed and which line is highlighted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Palette {
    /// The text typed.
    pub query: String,
    /// The highlighted line (index into [`entries`]).
    pub selected: usize,
}

/// The actions of a screen that match `query`, best first (table order
/// when nothing is typed, and among equal matches). The palette itself is
/// left out: it is open already.
pub fn entries<'k>(keymap: &'k Keymap, screen: Screen, query: &str) -> Vec<&'k Binding> {
    let query: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let mut scored: Vec<(i32, &Binding)> = keymap
        .on_screen(screen)
        .filter(|b| b.action != Action::Palette)
        .filter_map(|b| {
            if query.is_empty() {
                return Some((0, b));
            }
            // Letters scattered mid-word are noise, not a match.
            let enough = |s: &i32| *s >= 4 * query.chars().count() as i32;
            // The action's name counts for more than its description.
            let name = score(&query, &b.action.words()).filter(enough).map(|s| s + 10);
            let words = score(&query, b.description).filter(enough);
            name.max(words).map(|s| (s, b))
        })
        .collect();
    scored.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    scored.into_iter().map(|(_, b)| b).collect()
}

/// How well `query` matches `text` as a subsequence, ignoring case, or
/// `None` if it does not. Letters that start a word and letters in a row
/// score more; a match that starts late scores less (fzf's idea, small).
pub fn score(query: &str, text: &str) -> Option<i32> {
    let q: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let h: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    if q.is_empty() {
        return Some(0);
    }
    if q.len() > h.len() {
        return None;
    }
    let starts_word = |j: usize| j == 0 || !h[j - 1].is_alphanumeric();
    let at = |j: usize| 1 + if starts_word(j) { 16 } else { 0 };
    // best[j]: the best score of the query so far with its last letter at h[j].
    let mut best: Vec<Option<i32>> = (0..h.len()).map(|j| (h[j] == q[0]).then(|| at(j) - (j as i32).min(10))).collect();
    for &c in &q[1..] {
        let mut next = vec![None; h.len()];
        for j in 0..h.len() {
            if h[j] != c {
                continue;
            }
            next[j] = (0..j)
                .filter_map(|k| {
                    let prev = best[k]?;
                    let step = if k + 1 == j { 8 } else { -((j - k - 1) as i32).min(3) };
                    Some(prev + step)
                })
                .max()
                .map(|s| s + at(j));
        }
        best = next;
    }
    best.into_iter().flatten().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequences_match_and_word_starts_in_a_row_score_best() {
        assert!(score("sta", "start sprint").is_some());
        assert!(score("ssp", "start sprint").is_some());
        assert_eq!(score("xyz", "start sprint"), None);
        assert_eq!(score("STA", "start sprint"), score("sta", "Start Sprint"));
        assert!(score("sta", "start sprint") > score("sta", "advance status"));
        assert!(score("ns", "new sprint") > score("ns", "points down"));
        assert!(score("cs", "close sprint") > score("cs", "focus"));
    }

    #[test]
    fn start_sprint_comes_first_for_sta() {
        let (map, _) = Keymap::new(&[]);
        let found = entries(&map, Screen::Plan, "sta");
        assert_eq!(found[0].action, Action::StartSprint, "{:?}", found.iter().map(|b| b.action).collect::<Vec<_>>());
        assert!(found.iter().all(|b| b.action != Action::Palette));
        let found = entries(&map, Screen::Plan, "u");
        assert_eq!(found[0].action, Action::Undo, "u starts \"undo\" at its first letter");
        assert!(found.iter().any(|b| b.action == Action::PointsUp), "u starts a word of \"points up\"");
        assert!(found.iter().all(|b| b.action != Action::FocusLeft), "the u inside \"focus\" is no match");
    }
}
