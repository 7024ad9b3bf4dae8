//! The active sprint's burndown, replayed from the history log.

use super::*;
use crate::domain::burndown::{self, Day, StoryEvent, Tracked};
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
    let events: Vec<StoryEvent> = r
        .sprint_events(sprint.id, since)?
        .into_iter()
        .map(|e| StoryEvent {
            at: e.at,
            story: e.story,
            in_sprint: e.in_sprint,
            points: e.points.map(Points::from_hundredths),
            done: e.done,
        })
        .collect();
    let mut events = events;
    // Stories whose first event is not a join (changed before the events
    // table existed): their unchanged fields come from how they are now.
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
