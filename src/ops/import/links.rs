//! "Blocked by" links an imported file gives between its own stories
//! (Jira's `Inward issue link (Blocks)` / `Outward issue link (Blocks)`),
//! written as dependencies once every story is on the board.
//!
//! A link is kept only when both ends are stories of this file (an issue
//! of another project, or one left out of the export, is not on the
//! board); keys the import gave new numbers are followed; a link that is
//! there already, or would close a loop, is left out. What was left out
//! is said in the import's message, never silently dropped.

use super::*;
use crate::domain::dependency;
use crate::store::TeamReads;
use std::collections::HashSet;

/// The links a file gives, as (waiting story, blocker) file keys.
#[derive(Debug, Default)]
pub(super) struct Links {
    pairs: Vec<(String, String)>,
}

impl Links {
    /// Notes one story's links (its memory grows with the links, not the stories).
    pub fn note(&mut self, s: &StoryDoc) {
        let Some(key) = s.key.as_deref() else { return };
        for by in &s.blocked_by {
            self.pairs.push((key.to_string(), by.clone()));
        }
        for waits in &s.blocks {
            self.pairs.push((waits.clone(), key.to_string()));
        }
    }

    /// Writes the links between stories this import wrote (ids above
    /// `before`, or updated by it: `updated`); `renamed` maps file keys to
    /// the keys the board gave them. Returns a sentence on what was left out.
    pub fn write(
        &self,
        tx: &mut Tx<'_>,
        before: i64,
        updated: &HashSet<StoryId>,
        renamed: &[(String, String)],
    ) -> Result<Option<String>> {
        if self.pairs.is_empty() {
            return Ok(None);
        }
        let renamed: HashMap<String, &str> = renamed.iter().map(|(old, new)| (norm(old), new.as_str())).collect();
        let mut ids: HashMap<String, Option<StoryId>> = HashMap::new();
        let mut links: Vec<(StoryId, StoryId)> = tx.dependencies()?.into_iter().map(|d| (d.story, d.blocker)).collect();
        let (mut outside, mut looped) = (0, 0);
        let mut seen: HashSet<(StoryId, StoryId)> = links.iter().copied().collect();
        for (waits, by) in &self.pairs {
            let (Some(story), Some(blocker)) = (
                of_this_file(tx, &mut ids, waits, &renamed, before, updated)?,
                of_this_file(tx, &mut ids, by, &renamed, before, updated)?,
            ) else {
                outside += 1;
                continue;
            };
            if !seen.insert((story, blocker)) {
                continue;
            }
            if dependency::cycle(&links, story, blocker).is_some() {
                looped += 1;
                continue;
            }
            tx.insert_dependency(story, blocker)?;
            links.push((story, blocker));
        }
        let mut said = Vec::new();
        if outside > 0 {
            said.push(format!("{} to issues not in the file {} left out", links_words(outside), was(outside)));
        }
        if looped > 0 {
            said.push(format!("{} that would close a loop {} left out", links_words(looped), was(looped)));
        }
        Ok((!said.is_empty()).then(|| said.join("; ")))
    }
}

/// The story a file key names on the board, if this import wrote it.
fn of_this_file(
    tx: &Tx<'_>,
    ids: &mut HashMap<String, Option<StoryId>>,
    key: &str,
    renamed: &HashMap<String, &str>,
    before: i64,
    updated: &HashSet<StoryId>,
) -> Result<Option<StoryId>> {
    let wanted = norm(key);
    if let Some(id) = ids.get(&wanted) {
        return Ok(*id);
    }
    let on_board = renamed.get(&wanted).copied().unwrap_or(key);
    let id = tx.story_by_key(on_board)?.map(|s| s.id).filter(|id| id.0 > before || updated.contains(id));
    ids.insert(wanted, id);
    Ok(id)
}

/// `1 "blocks" link`, `3 "blocks" links`.
fn links_words(n: usize) -> String {
    match n {
        1 => "1 \"blocks\" link".to_string(),
        n => format!("{} \"blocks\" links", text::count(n as i64)),
    }
}

fn was(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}
