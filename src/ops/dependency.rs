//! Dependencies: `block`/`unblock`, and the warnings the start dialog, the
//! forecast and the cards show for stories planned before (or with) a
//! blocker that is not done. Nothing is refused but a loop.

use super::*;
use crate::domain::dependency::{self, Slot};
use crate::store::TeamReads;
use std::collections::HashMap;

/// Writes the link `story` blocked by `blocker`, refusing a loop (named).
fn link(tx: &mut crate::store::Tx<'_>, story: &Story, blocker: &Story) -> Result<()> {
    let links: Vec<(StoryId, StoryId)> = tx.dependencies()?.iter().map(|d| (d.story, d.blocker)).collect();
    if links.contains(&(story.id, blocker.id)) {
        return refuse(format!("{} is already blocked by {}", story.key, blocker.key));
    }
    if let Some(cycle) = dependency::cycle(&links, story.id, blocker.id) {
        let mut keys = Vec::new();
        for id in cycle {
            keys.push(story_by_id(tx, id)?.key);
        }
        return refuse(format!("that would make a loop: {} (each waits on the next)", keys.join(" → ")));
    }
    tx.insert_dependency(story.id, blocker.id)?;
    Ok(())
}

/// Sets the stories a story is blocked by to exactly `keys` (the story
/// form's "blocked by" field): one change, so one undo takes it back.
pub fn set_blockers(store: &mut Store, story: impl Into<StoryRef>, keys: &[String]) -> Result<Done> {
    let mut tx = store.write()?;
    let story = current_story(&tx, story.into())?;
    let mut wanted = Vec::new();
    for k in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let b = find_story(&tx, k)?;
        if !wanted.iter().any(|w: &Story| w.id == b.id) {
            wanted.push(b);
        }
    }
    let now: Vec<Dependency> = tx.dependencies()?.into_iter().filter(|d| d.story == story.id).collect();
    for d in now.iter().filter(|d| !wanted.iter().any(|w| w.id == d.blocker)) {
        tx.delete_dependency(d.id)?;
    }
    for b in wanted.iter().filter(|b| !now.iter().any(|d| d.blocker == b.id)) {
        link(&mut tx, &story, b)?;
    }
    let names: Vec<&str> = wanted.iter().map(|w| w.key.as_str()).collect();
    let message = if names.is_empty() {
        format!("{} is blocked by nothing", story.key)
    } else {
        format!("{} is blocked by {}", story.key, names.join(", "))
    };
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Records that story `key` is blocked by story `by`; a link that would
/// close a loop is refused with the loop named.
pub fn block(store: &mut Store, key: &str, by: &str) -> Result<Done> {
    let mut tx = store.write()?;
    let story = find_story(&tx, key)?;
    let blocker = find_story(&tx, by)?;
    link(&mut tx, &story, &blocker)?;
    let mut message = format!("{} is blocked by {}", story.key, blocker.key);
    if let Some(w) = warning_for(&tx, story.id, blocker.id)? {
        message.push_str(&format!(" · ⚠ {w}"));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Removes the link that story `key` is blocked by story `by`.
pub fn unblock(store: &mut Store, key: &str, by: &str) -> Result<Done> {
    let mut tx = store.write()?;
    let story = find_story(&tx, key)?;
    let blocker = find_story(&tx, by)?;
    let Some(d) = tx.dependencies()?.into_iter().find(|d| d.story == story.id && d.blocker == blocker.id) else {
        return refuse(format!("{} is not blocked by {}", story.key, blocker.key));
    };
    tx.delete_dependency(d.id)?;
    let message = format!("{} is no longer blocked by {}", story.key, blocker.key);
    tx.commit(&message)?;
    Ok(Done { message })
}

/// A story planned too early for its blocker.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockedWarning {
    /// The story that waits.
    pub story: StoryId,
    /// Its key.
    pub key: String,
    /// Where it is (sprint name or `Backlog`).
    pub place: Option<SprintId>,
    /// The blocker.
    pub blocker: StoryId,
    /// Its key.
    pub blocker_key: String,
    /// In words: "SB-7 waits on SB-3, which is in the same sprint".
    pub words: String,
}

/// Each open sprint's position (0 = first), for the rule.
fn sprint_order(r: &impl Reads) -> Result<(HashMap<SprintId, usize>, HashMap<SprintId, String>)> {
    let open = r.open_sprints()?;
    let order = open.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let names = r.sprints()?.into_iter().map(|s| (s.id, s.fields.name)).collect();
    Ok((order, names))
}

fn slot(card: &Card, order: &HashMap<SprintId, usize>) -> Slot {
    if card.status == Status::Done {
        return Slot::Done;
    }
    match card.place {
        Place::Backlog => Slot::Backlog(card.rank),
        Place::Sprint(id) => order.get(&id).map_or(Slot::Done, |i| Slot::Sprint(*i)),
    }
}

fn words(story: &Card, blocker: &Card, names: &HashMap<SprintId, String>) -> String {
    let name = |p: Place| match p {
        Place::Backlog => "the backlog".to_string(),
        Place::Sprint(id) => names.get(&id).cloned().unwrap_or_else(|| "a sprint".into()),
    };
    let where_ = match (story.place, blocker.place) {
        (Place::Sprint(a), Place::Sprint(b)) if a == b => "in the same sprint".to_string(),
        (Place::Backlog, Place::Backlog) => "below it in the backlog".to_string(),
        (_, Place::Backlog) => "still in the backlog".to_string(),
        (_, b) => format!("later, in {}", name(b)),
    };
    format!("{} ({}) waits on {}, which is {where_} and not done", story.key, name(story.place), blocker.key)
}

fn warning_for(r: &impl Reads, story: StoryId, blocker: StoryId) -> Result<Option<String>> {
    let (order, names) = sprint_order(r)?;
    let (Some(a), Some(b)) = (r.card(story)?, r.card(blocker)?) else { return Ok(None) };
    Ok(dependency::flagged(slot(&a, &order), slot(&b, &order)).then(|| words(&a, &b, &names)))
}

/// Every story on the board planned too early for a blocker, in link order.
pub fn dependency_warnings(r: &impl Reads) -> Result<Vec<BlockedWarning>> {
    let deps = r.dependencies()?;
    if deps.is_empty() {
        return Ok(Vec::new());
    }
    let (order, names) = sprint_order(r)?;
    let mut out = Vec::new();
    for d in deps {
        let (Some(a), Some(b)) = (r.card(d.story)?, r.card(d.blocker)?) else { continue };
        if dependency::flagged(slot(&a, &order), slot(&b, &order)) {
            out.push(BlockedWarning {
                story: a.id,
                key: a.key.clone(),
                place: a.place.sprint_id(),
                blocker: b.id,
                blocker_key: b.key.clone(),
                words: words(&a, &b, &names),
            });
        }
    }
    Ok(out)
}

/// The warnings of one sprint's stories: what the start dialog says.
pub fn sprint_dependency_warnings(r: &impl Reads, sprint: SprintId) -> Result<Vec<String>> {
    Ok(dependency_warnings(r)?.into_iter().filter(|w| w.place == Some(sprint)).map(|w| w.words).collect())
}

/// The stories flagged anywhere, for a marker on their cards.
pub fn flagged_stories(r: &impl Reads) -> Result<std::collections::HashSet<StoryId>> {
    Ok(dependency_warnings(r)?.into_iter().map(|w| w.story).collect())
}

/// The keys of the stories a story is blocked by (for its form and details).
pub fn blockers_of(r: &impl Reads, story: StoryId) -> Result<Vec<String>> {
    let mut keys = Vec::new();
    for d in r.dependencies()?.into_iter().filter(|d| d.story == story) {
        keys.push(story_by_id(r, d.blocker)?.key);
    }
    Ok(keys)
}
