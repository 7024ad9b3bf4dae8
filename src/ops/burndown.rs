//! The active sprint's burndown, replayed from the history log.

use super::*;
pub use crate::domain::burndown::Burndown;
use crate::domain::burndown::{self, StoryEvent, Tracked};
use std::collections::{HashMap, HashSet};

/// The events a burndown replays, kept between keys: after a change only
/// the new entries' events are read (one indexed probe), so a key on the
/// Sprint screen costs the same however long the sprint's history is; an
/// undo or redo, which change old entries, reads them all again.
#[derive(Clone, Debug, Default)]
pub struct BurndownEvents {
    /// The sprint, its start and the undo generation the events were read for.
    basis: Option<(SprintId, chrono::NaiveDateTime, i64)>,
    /// The newest entry read.
    upto: i64,
    /// Its events, oldest first.
    events: Vec<StoryEvent>,
    /// Stories whose first event is not a join: their unchanged fields, read
    /// once from how they are now (kept, so a key reads only new ones).
    vacant: HashMap<i64, Tracked>,
    /// Stories with an event saying they joined or left, or were done.
    joined: HashSet<i64>,
    /// Stories with an event saying whether they were done.
    done_seen: HashSet<i64>,
}

/// History entries per page of [`BurndownEvents::update`]'s reads.
const EVENT_PAGE: i64 = 64;

impl BurndownEvents {
    /// Brings the events up to date and returns them.
    /// `now` holds the sprint's stories as they are: a story not among
    /// them (it left) is read on its own.
    fn update(
        &mut self,
        r: &impl Reads,
        sprint: SprintId,
        since: chrono::NaiveDateTime,
        now: &HashMap<i64, &Story>,
    ) -> Result<&[StoryEvent]> {
        let basis = Some((sprint, since, r.undo_generation()?));
        if self.basis != basis {
            *self = BurndownEvents { basis, ..Default::default() };
        }
        // Read from the start of the page of entries the last read ended
        // in, and skip what was seen: the read's values stay the same for
        // many actions, so a screen's reload after an action reads what
        // the one before did (on a server, answered with its commit).
        let page = self.upto - self.upto.rem_euclid(EVENT_PAGE);
        let seen = self.upto;
        for e in r.sprint_events(sprint, since, page)?.into_iter().filter(|e| e.seq > seen) {
            self.upto = self.upto.max(e.seq);
            if e.in_sprint.is_some() {
                self.joined.insert(e.story);
            }
            if e.done.is_some() {
                self.done_seen.insert(e.story);
            }
            if let std::collections::hash_map::Entry::Vacant(v) = self.vacant.entry(e.story) {
                let (points, status) = match now.get(&e.story) {
                    Some(s) => (s.fields.points, Some(s.fields.status)),
                    None => r.card(StoryId(e.story))?.map_or((None, None), |c| (c.points, Some(c.status))),
                };
                v.insert(Tracked {
                    in_sprint: false,
                    points: points.unwrap_or_default(),
                    done: status == Some(Status::Done),
                });
            }
            self.events.push(StoryEvent {
                at: e.at,
                story: e.story,
                in_sprint: e.in_sprint,
                points: e.points.map(Points::from_hundredths),
                done: e.done,
            });
        }
        Ok(&self.events)
    }
}

/// Replays a started sprint's history into remaining points per day.
pub fn burndown(r: &impl Reads, sprint: SprintId, today: chrono::NaiveDate) -> Result<Burndown> {
    burndown_with(r, sprint, today, &mut BurndownEvents::default())
}

/// [`burndown`], reading only the events that are not in `cache` yet.
pub fn burndown_with(
    r: &impl Reads,
    sprint: SprintId,
    today: chrono::NaiveDate,
    cache: &mut BurndownEvents,
) -> Result<Burndown> {
    let sprint = sprint_by_id(r, sprint)?;
    let committed = sprint.fields.committed.unwrap_or_default();
    let mut at_start: HashMap<i64, Tracked> = r
        .commitment(sprint.id)?
        .into_iter()
        .map(|(id, points)| (id.0, Tracked { in_sprint: true, points, done: false }))
        .collect();
    let since = sprint.fields.start.and_hms_opt(0, 0, 0).unwrap_or_default();
    let stories = r.stories_in(Place::Sprint(sprint.id))?;
    let now: HashMap<i64, &Story> = stories.iter().map(|s| (s.id.0, s)).collect();
    let mut events = cache.update(r, sprint.id, since, &now)?.to_vec();
    // Stories whose first event is not a join (changed before the events
    // table existed): their unchanged fields come from how they are now.
    for (story, tracked) in &cache.vacant {
        at_start.entry(*story).or_insert(*tracked);
    }
    let (joined, done_seen) = (&cache.joined, &cache.done_seen);
    // What the history does not cover (an imported board, the demo) comes
    // from the stories themselves: when they were done, and stories in the
    // sprint that were not committed count as added when they were created.
    for s in &stories {
        if !at_start.contains_key(&s.id.0) && !joined.contains(&s.id.0) {
            let at = s.created.max(since);
            events.push(StoryEvent {
                at,
                story: s.id.0,
                in_sprint: Some(true),
                points: s.fields.points.or(Some(Points::ZERO)),
                done: None,
            });
        }
        if let (Status::Done, Some(done_at), false) = (s.fields.status, s.fields.done, done_seen.contains(&s.id.0)) {
            events.push(StoryEvent { at: done_at, story: s.id.0, in_sprint: None, points: None, done: Some(true) });
        }
    }
    // Stable: events of one moment keep the order they happened in.
    events.sort_by_key(|e| e.at);
    let last = sprint.fields.end.min(today);
    let days = burndown::replay(sprint.fields.start, last, at_start, &events);
    Ok(Burndown { sprint, committed, days })
}
