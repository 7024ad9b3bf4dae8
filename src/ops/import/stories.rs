//! Stories of an imported document.

use super::*;
use crate::store::{Counters, NewStory, StoryRow};

/// Creates the stories at the bottom of their places, in file order;
/// returns their ids in file order, for the commitment snapshots.
pub(super) fn import_stories(
    tx: &mut Tx<'_>,
    doc: &Document,
    blank: bool,
    epics: &HashMap<String, EpicId>,
    sprints: &HashMap<String, SprintId>,
    got: &mut Imported,
) -> Result<Vec<StoryId>> {
    let mut first_at: HashMap<String, usize> = HashMap::with_capacity(doc.stories.len());
    for (i, s) in doc.stories.iter().enumerate() {
        let Some(key) = s.key.as_deref().map(str::trim) else { continue };
        if key.is_empty() {
            return bad(story_at(s, i, "key"), "a story key cannot be empty (leave it out to get the next key)");
        }
        if let Some(j) = first_at.insert(norm(key), i) {
            let first = story_at(&doc.stories[j], j, "key");
            return bad(story_at(s, i, "key"), format!("the key {key} appears twice in the file (first at {first})"));
        }
        if !blank && tx.key_taken(key)? {
            return bad(story_at(s, i, "key"), format!("the board already has a story {key}"));
        }
    }
    let mut ids = Vec::with_capacity(doc.stories.len());
    let now = tx.now();
    let prefix = tx.board()?.key_prefix;
    let counters = tx.counters()?;
    let mut next_number = counters.next_story;
    let mut bottoms: HashMap<Option<SprintId>, Option<i64>> = HashMap::new();
    for (i, s) in doc.stories.iter().enumerate() {
        check_title(&story_at(s, i, "title"), "a story", &s.title)?;
        for (field, what, t) in [
            ("description", "the description", &s.description),
            ("acceptance", "the acceptance criteria", &s.acceptance),
            ("assignee", "the assignee", &s.assignee),
        ] {
            check_text(&story_at(s, i, field), what, t)?;
        }
        let epic = match &s.epic {
            Some(k) => Some(find_epic_ref(tx, epics, blank, k, &story_at(s, i, "epic"))?),
            None => None,
        };
        let place = match &s.sprint {
            Some(name) => Some(find_sprint_ref(tx, sprints, blank, name, &story_at(s, i, "sprint"))?),
            None => None,
        };
        let key = match s.key.as_deref() {
            Some(k) => k.trim().to_string(),
            None => loop {
                // The next free key: not on the board, not later in the file.
                let key = format!("{prefix}-{next_number}");
                next_number += 1;
                if !first_at.contains_key(&norm(&key)) && !tx.key_taken(&key)? {
                    break key;
                }
            },
        };
        let new = NewStory {
            key: Some(key.clone()),
            row: StoryRow {
                title: s.title.clone(),
                description: s.description.clone(),
                acceptance: s.acceptance.clone(),
                kind: s.kind,
                points: s.points,
                epic,
                status: s.status,
                assignee: s.assignee.clone(),
                labels: s.labels.clone(),
                started: s.started,
                done: s.done,
            },
            place,
            created: Some(s.created.unwrap_or(now)),
        };
        let bottom = match bottoms.get(&place) {
            Some(b) => *b,
            None => tx.rank_bounds(Place::from_sprint(place))?.1,
        };
        let (id, rank) = match rank::between(bottom, None) {
            Some(rank) => (tx.append_story(&key, &new, rank)?, rank),
            // Ranks ran out at the bottom: the positioned insert renumbers.
            None => {
                let id = tx.insert_story(&new, Position::Bottom)?;
                (id, tx.card(id)?.map_or(0, |c| c.rank))
            }
        };
        bottoms.insert(place, Some(rank));
        ids.push(id);
        got.stories += 1;
        got.points += s.points.unwrap_or_default();
    }
    if next_number != counters.next_story {
        tx.set_counters(Counters { next_story: next_number, ..counters })?;
    }
    Ok(ids)
}

/// A sprint a story names: one of the file's, or an open one on the board.
fn find_sprint_ref(
    tx: &Tx<'_>,
    sprints: &HashMap<String, SprintId>,
    blank: bool,
    name: &str,
    at: &str,
) -> Result<SprintId> {
    if let Some(id) = sprints.get(&norm(name)) {
        return Ok(*id);
    }
    match tx.sprint_by_name(name)?.filter(|_| !blank) {
        Some(s) if s.state == SprintState::Closed => {
            bad(at, format!("{} is closed; stories can only go to the backlog or an open sprint", s.name))
        }
        Some(s) => Ok(s.id),
        None if blank => bad(at, format!("no sprint named \"{}\" in the file", name.trim())),
        None => bad(at, format!("no sprint named \"{}\" in the file or on the board", name.trim())),
    }
}
