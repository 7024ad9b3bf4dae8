//! The active sprint's burndown, replayed from the history log.

use super::*;
use crate::domain::burndown::{self, Day, StoryEvent, Tracked};
use serde_json::Value;
use std::collections::HashMap;

/// A sprint's burndown.
#[derive(Clone, Debug, PartialEq)]
pub struct Burndown {
    /// The sprint.
    pub sprint: Sprint,
    /// Points committed at start (the ideal line starts here).
    pub committed: Points,
    /// One entry per day from the start to today (or the end).
    pub days: Vec<Day>,
}

fn points_of(v: &Value) -> Points {
    v.as_i64().map(Points::from_hundredths).unwrap_or_default()
}

/// Replays a started sprint's history into remaining points per day.
pub fn burndown(r: &impl Reads, sprint: SprintId, today: chrono::NaiveDate) -> Result<Burndown> {
    let sprint = sprint_by_id(r, sprint)?;
    let committed = sprint.committed.unwrap_or_default();
    let mut at_start: HashMap<i64, Tracked> = r
        .commitment(sprint.id)?
        .into_iter()
        .map(|(id, points)| (id.0, Tracked { in_sprint: true, points, done: false }))
        .collect();
    let since = sprint.start.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut events = Vec::new();
    for entry in r.history_entries_since(since)? {
        for c in entry.changes.iter().filter(|c| c.table == crate::store::Table::Story) {
            let after = c.after.as_ref();
            let field = |name: &str| after.and_then(|a| a.get(name));
            let in_sprint = match (c.before.is_some(), after) {
                (_, None) => Some(false),
                (_, Some(_)) => field("sprint_id").map(|v| v.as_i64() == Some(sprint.id.0)),
            };
            let points = field("points").map(points_of);
            let done = field("status").map(|v| v.as_str() == Some("done"));
            events.push(StoryEvent { at: entry.at, story: c.id, in_sprint, points, done });
        }
    }
    // Stories that joined after the start: their unchanged fields come
    // from how they are now (history keeps only what changed).
    for e in &events {
        if let std::collections::hash_map::Entry::Vacant(v) = at_start.entry(e.story) {
            let now = r.story(StoryId(e.story))?;
            v.insert(Tracked {
                in_sprint: false,
                points: now.as_ref().and_then(|s| s.points).unwrap_or_default(),
                done: now.is_some_and(|s| s.status == Status::Done),
            });
        }
    }
    // What the history does not cover (an imported board, the demo) comes
    // from the stories themselves: when they were done, and stories in the
    // sprint that were not committed count as added when they were created.
    let mut extra = Vec::new();
    for s in r.stories_in(Place::Sprint(sprint.id))? {
        let seen = |f: fn(&StoryEvent) -> bool| events.iter().any(|e| e.story == s.id.0 && f(e));
        if !at_start.contains_key(&s.id.0) && !seen(|e| e.in_sprint.is_some()) {
            let at = s.created.max(since);
            extra.push(StoryEvent {
                at,
                story: s.id.0,
                in_sprint: Some(true),
                points: s.points.or(Some(Points::ZERO)),
                done: None,
            });
        }
        if let (Status::Done, Some(done_at), false) = (s.status, s.done, seen(|e| e.done.is_some())) {
            extra.push(StoryEvent { at: done_at, story: s.id.0, in_sprint: None, points: None, done: Some(true) });
        }
    }
    events.extend(extra);
    events.sort_by_key(|e| e.at);
    let last = sprint.end.min(today);
    let days = burndown::replay(sprint.start, last, at_start, &events);
    Ok(Burndown { sprint, committed, days })
}
