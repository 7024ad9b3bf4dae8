//! The board read for export: everything but the stories as a [`Document`],
//! and the stories converted one at a time as they stream out of the store,
//! so that exporting a million stories never holds them all in memory.

use crate::domain::document::*;
use crate::domain::*;
use crate::store::{Reads, Store};
use std::collections::HashMap;

/// The small part of the board, plus the names stories refer to.
pub struct Snapshot {
    /// Board, objectives, epics, sprints and risks; `stories` is left empty.
    pub head: Document,
    epic_keys: HashMap<EpicId, String>,
    sprint_names: HashMap<SprintId, String>,
}

impl Snapshot {
    /// Reads everything but the stories.
    pub fn read(store: &Store) -> crate::store::Result<Snapshot> {
        let board = store.board()?;
        let counters = store.counters()?;
        let objectives = store.objectives()?;
        let objective_titles: HashMap<ObjectiveId, String> =
            objectives.iter().map(|o| (o.id, o.title.clone())).collect();
        let epics = store.epics()?;
        let epic_keys: HashMap<EpicId, String> = epics.iter().map(|e| (e.id, e.key.clone())).collect();
        let sprints = store.sprints()?;
        let sprint_names = sprints.iter().map(|s| (s.id, s.fields.name.clone())).collect();
        let records: HashMap<SprintId, VelocityRecord> =
            store.velocity_records()?.into_iter().map(|r| (r.sprint.id, r.record)).collect();
        let mut sprint_docs = Vec::with_capacity(sprints.len());
        for s in sprints {
            let record = records.get(&s.id);
            let commitment = match s.fields.state {
                SprintState::Planned => None,
                _ => Some(commitment(store, s.id)?),
            };
            sprint_docs.push(SprintDoc {
                name: s.fields.name,
                number: Some(s.fields.number),
                state: s.fields.state,
                start: Some(s.fields.start),
                end: Some(s.fields.end),
                goal: s.fields.goal,
                capacity: s.fields.capacity,
                committed: s.fields.committed,
                completed: record.map(|r| r.completed),
                added: record.map(|r| r.added),
                removed: record.map(|r| r.removed),
                carried_over: record.map(|r| r.carried_over),
                commitment,
                ..SprintDoc::default()
            });
        }
        let risks = store
            .risks()?
            .into_iter()
            .map(|r| RiskDoc {
                level: Some(i64::from(r.level())),
                title: r.fields.title,
                description: r.fields.description,
                probability: i64::from(r.fields.probability),
                impact: i64::from(r.fields.impact),
                response: r.fields.response,
                owner: r.fields.owner,
                status: r.fields.status,
                epic: r.fields.epic.and_then(|e| epic_keys.get(&e).cloned()),
            })
            .collect();
        let head = Document {
            format: FORMAT.to_string(),
            board: Some(BoardDoc {
                name: board.name,
                key_prefix: board.key_prefix,
                next_story: Some(counters.next_story),
                next_epic: Some(counters.next_epic),
            }),
            objectives: objectives
                .into_iter()
                .map(|o| ObjectiveDoc { title: o.title, description: o.description, metric: o.metric })
                .collect(),
            epics: epics
                .into_iter()
                .map(|e| EpicDoc {
                    key: Some(e.key),
                    title: e.fields.title,
                    description: e.fields.description,
                    quarter: e.fields.quarter,
                    objective: e.fields.objective.and_then(|o| objective_titles.get(&o).cloned()),
                    colour: e.fields.colour,
                    reference: false,
                })
                .collect(),
            sprints: sprint_docs,
            stories: Vec::new(),
            risks,
            notes: Vec::new(),
            team: super::team_doc::team_doc(store)?,
        };
        Ok(Snapshot { head, epic_keys, sprint_names })
    }

    /// A story as the document writes it.
    pub fn story(&self, s: Story) -> StoryDoc {
        StoryDoc {
            key: Some(s.key),
            title: s.fields.title,
            description: s.fields.description,
            acceptance: s.fields.acceptance,
            kind: s.fields.kind,
            points: s.fields.points,
            status: s.fields.status,
            epic: s.fields.epic.and_then(|e| self.epic_keys.get(&e).cloned()),
            sprint: s.place.sprint_id().and_then(|id| self.sprint_names.get(&id).cloned()),
            earlier_sprints: Vec::new(),
            blocked_by: Vec::new(),
            blocks: Vec::new(),
            assignee: s.fields.assignee,
            labels: s.fields.labels,
            created: Some(s.created),
            started: s.fields.started,
            done: s.fields.done,
            line: None,
        }
    }
}

/// A sprint's commitment snapshot, ordered by key (`SB-2` before `SB-10`);
/// committed stories deleted since come last, without a key.
fn commitment(store: &Store, sprint: SprintId) -> crate::store::Result<Vec<CommitmentDoc>> {
    let mut out = Vec::new();
    for (id, points) in store.commitment(sprint)? {
        out.push(CommitmentDoc { story: store.card(id)?.map(|c| c.key), points });
    }
    out.sort_by(|a, b| {
        let order = |c: &CommitmentDoc| (c.story.is_none(), c.story.as_deref().map(key_order), c.points);
        order(a).cmp(&order(b))
    });
    Ok(out)
}

/// Sorts keys by prefix, then by number.
fn key_order(key: &str) -> (String, i64, String) {
    match key.rsplit_once('-').and_then(|(p, n)| Some((p, n.parse::<i64>().ok()?))) {
        Some((p, n)) => (p.to_lowercase(), n, key.to_string()),
        None => (key.to_lowercase(), -1, key.to_string()),
    }
}
