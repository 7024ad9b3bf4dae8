//! What an import brought in, and the sentence that says so.

use super::*;

/// What an import brought in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Stories created.
    pub stories: usize,
    /// Their points.
    pub points: Points,
    /// Sprints created.
    pub sprints: usize,
    /// Epics created.
    pub epics: usize,
    /// Objectives created.
    pub objectives: usize,
    /// Risks created.
    pub risks: usize,
    /// Stories of the board updated from the file (`import --update`).
    pub updated: usize,
    /// Stories of the board the file gives as they already are.
    pub unchanged: usize,
    /// Epics of the board whose title or description the file changed.
    pub updated_epics: usize,
    /// The file's keys the board already had, with the new keys they got.
    pub renamed: Vec<(String, String)>,
    /// What the reader left out on purpose, in words.
    pub notes: Vec<String>,
}

impl Imported {
    /// In words: `1,680 stories (5,184 pts)`, then whatever else came along.
    pub fn words(&self) -> String {
        let noun = if self.stories == 1 { "story" } else { "stories" };
        let mut out = format!("{} {noun} ({} pts)", text::count(self.stories as i64), self.points.grouped());
        let extra: Vec<String> =
            [(self.sprints, "sprint"), (self.epics, "epic"), (self.objectives, "objective"), (self.risks, "risk")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{} {what}{}", text::count(*n as i64), if *n == 1 { "" } else { "s" }))
                .collect();
        if !extra.is_empty() {
            out.push_str(&format!(", {}", extra.join(", ")));
        }
        out
    }

    /// The import's message: what came in from `file`, what was updated,
    /// which keys were changed and what was left out.
    pub fn message(&self, file: &str) -> String {
        let mut parts = Vec::new();
        let stories = |n: usize| format!("{} {}", text::count(n as i64), if n == 1 { "story" } else { "stories" });
        let mut updated = Vec::new();
        if self.updated > 0 {
            updated.push(stories(self.updated));
        }
        if self.updated_epics > 0 {
            let n = self.updated_epics;
            updated.push(format!("{} epic{}", text::count(n as i64), if n == 1 { "" } else { "s" }));
        }
        let updated = updated.join(" and ");
        if self.stories == 0 && updated.is_empty() && self.unchanged > 0 {
            parts.push(format!(
                "Nothing to update from {file}: its {} are on the board as they are",
                stories(self.unchanged)
            ));
        } else if self.stories == 0 && !updated.is_empty() {
            parts.push(format!("Updated {updated} from {file}"));
        } else {
            parts.push(format!("Imported {} from {file}", self.words()));
            if !updated.is_empty() {
                parts.push(format!("updated {updated} already on the board"));
            }
        }
        if !self.renamed.is_empty() {
            const SHOWN: usize = 5;
            let n = self.renamed.len();
            let mut list: Vec<String> = self.renamed.iter().take(SHOWN).map(|(a, b)| format!("{a} → {b}")).collect();
            if n > SHOWN {
                list.push(format!("and {} more", n - SHOWN));
            }
            let (keys, were, ones) = if n == 1 { ("key", "was", "a new one") } else { ("keys", "were", "new ones") };
            parts.push(format!(
                "{} {keys} already on the board {were} given {ones} (import --update updates them instead): {}",
                text::count(n as i64),
                list.join(", ")
            ));
        }
        parts.extend(self.notes.iter().cloned());
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_is_grouped_as_the_stories_are() {
        let got = Imported { stories: 27_685, sprints: 1, epics: 4_165, updated_epics: 1_200, ..Imported::default() };
        assert_eq!(
            got.message("big.csv"),
            "Imported 27,685 stories (0 pts), 1 sprint, 4,165 epics from big.csv; updated 1,200 epics already on the board"
        );
    }
}
