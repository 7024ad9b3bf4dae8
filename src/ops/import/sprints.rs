//! Sprints of an imported document, with their commitment snapshots and
//! velocity records.

use super::survey::Survey;
use super::*;
use crate::store::SprintFields;
use chrono::Duration;
use std::collections::HashSet;

/// The sprints as stories find them, and the new ones that have started.
pub(super) struct SprintMap {
    /// Every sprint the file names, by normalised name.
    pub by_name: HashMap<String, SprintId>,
    /// New active or closed sprints: index in the file and id.
    started: Vec<(usize, SprintId)>,
    /// Those of them whose commitment is the stories the file puts in them
    /// (the file lists none): each story is committed as it is written.
    from_stories: HashSet<SprintId>,
    /// Sprints history inference closed: a story the file leaves unfinished
    /// in one is carried out of it to the top of the backlog.
    left_behind: HashSet<SprintId>,
}

impl SprintMap {
    /// Whether a story written to this sprint was committed at its start.
    pub fn commits_stories(&self, sprint: SprintId) -> bool {
        self.from_stories.contains(&sprint)
    }

    /// Whether an unfinished story the file puts in this sprint goes to the
    /// top of the backlog instead (the sprint is over).
    pub fn leaves_behind(&self, sprint: SprintId) -> bool {
        self.left_behind.contains(&sprint)
    }
}

pub(super) fn import_sprints(
    tx: &mut Tx<'_>,
    doc: &Document,
    blank: bool,
    today: NaiveDate,
    how: ImportHow,
    survey: &Survey,
    got: &mut Imported,
) -> Result<SprintMap> {
    let board = if blank { Vec::new() } else { tx.sprints()? };
    let mut map = SprintMap {
        by_name: HashMap::new(),
        started: Vec::new(),
        from_stories: HashSet::new(),
        left_behind: HashSet::new(),
    };
    let mut used: HashSet<i64> = board.iter().map(|s| s.fields.number).collect();
    if blank {
        used.extend(doc.sprints.iter().filter_map(|s| s.number));
    }
    let mut next_number = used.iter().max().map_or(1, |n| n + 1);
    let mut last_end = board.iter().map(|s| s.fields.end).max();
    let mut active = board.iter().find(|s| s.fields.state == SprintState::Active).map(|s| s.fields.name.clone());
    let mut numbers_seen = HashSet::new();
    let mut board_names = HashMap::new();
    for b in &board {
        board_names.entry(norm(&b.fields.name)).or_insert(b);
    }
    // In the file's order: history inference has put named-only sprints in
    // the order they ran.
    for i in 0..doc.sprints.len() {
        let s = &doc.sprints[i];
        let name = s.name.trim();
        let where_ = s.line.map_or_else(|| at("sprints", i, "name"), |n| format!("line {n}"));
        if name.is_empty() {
            return bad(where_, "a sprint needs a name");
        }
        check_text(&where_, "the sprint name", name)?;
        check_text(at("sprints", i, "goal"), "the sprint goal", &s.goal)?;
        if map.by_name.contains_key(&norm(name)) {
            return bad(where_, format!("\"{name}\" appears twice in the file"));
        }
        if let Some(b) = board_names.get(&norm(name)) {
            // A sprint the file and the board both know is over is the same
            // sprint (a fresher export of the same project).
            if b.fields.state == SprintState::Closed && s.reference && s.state != SprintState::Closed {
                return bad(
                    where_,
                    format!("{} is closed; stories can only go to the backlog or an open sprint", b.fields.name),
                );
            }
            // `--update` takes the file for a fresher copy of this board: a
            // sprint of the same name is the same sprint.
            if !s.reference && !how.update && (b.fields.state == SprintState::Closed || s.state != SprintState::Planned)
            {
                return bad(
                    where_,
                    format!(
                        "the board already has a sprint named \"{}\" ({}); rename it in the file",
                        b.fields.name, b.fields.state
                    ),
                );
            }
            // Only a sprint closed on the board too: an active one keeps its
            // stories (the board runs it still).
            if s.reference && s.state == SprintState::Closed && b.fields.state == SprintState::Closed {
                map.left_behind.insert(b.id);
            }
            map.by_name.insert(norm(name), b.id);
            continue;
        }
        if s.state == SprintState::Active {
            if let Some(other) = &active {
                return bad(at("sprints", i, "state"), format!("{other} is already active; only one sprint can be"));
            }
            active = Some(name.to_string());
        }
        let number = match s.number {
            Some(n) if blank => {
                if n < 1 || !numbers_seen.insert(n) {
                    return bad(at("sprints", i, "number"), format!("{n} is not a new sprint number (1, 2, …)"));
                }
                n
            }
            _ => {
                next_number += 1;
                next_number - 1
            }
        };
        let start = s.start.unwrap_or_else(|| last_end.map_or(today, |d| d + Duration::days(1)));
        let end = s.end.unwrap_or(start + Duration::days(how.sprint_days.max(1) - 1));
        if end < start {
            return bad(at("sprints", i, "end"), format!("the end date {end} is before the start date {start}"));
        }
        last_end = last_end.max(Some(end));
        let committed = match s.state {
            SprintState::Planned => s.committed,
            _ => Some(s.committed.unwrap_or_else(|| commitment_points(survey, s))),
        };
        let row = SprintFields {
            number,
            name: name.to_string(),
            goal: s.goal.clone(),
            start,
            end,
            capacity: s.capacity,
            state: s.state,
            committed,
        };
        let id = tx.insert_sprint(&row)?;
        got.sprints += 1;
        map.by_name.insert(norm(name), id);
        if s.reference && s.state == SprintState::Closed {
            map.left_behind.insert(id);
        }
        if s.state != SprintState::Planned {
            map.started.push((i, id));
            if s.commitment.is_none() {
                map.from_stories.insert(id);
            }
        }
    }
    Ok(map)
}

/// Points committed at start: the file's snapshot, or what the sprint holds.
fn commitment_points(survey: &Survey, s: &SprintDoc) -> Points {
    match &s.commitment {
        Some(list) => list.iter().map(|c| c.points).sum(),
        None => survey.sprint(&s.name).points,
    }
}

/// Writes the commitment snapshots the file lists and the velocity records
/// of the new closed sprints, once their stories exist. (A sprint whose
/// commitment is its stories got it as they were written.)
pub(super) fn commit_started(tx: &mut Tx<'_>, doc: &Document, map: &SprintMap, survey: &Survey) -> Result<()> {
    for &(i, id) in &map.started {
        let s = &doc.sprints[i];
        if let Some(list) = &s.commitment {
            commit_listed(tx, i, id, list)?;
        }
        if s.state == SprintState::Closed {
            let sums = survey.sprint(&s.name);
            let record = VelocityRecord {
                committed: s.committed.unwrap_or_else(|| commitment_points(survey, s)),
                completed: s.completed.unwrap_or(sums.done),
                added: s.added.unwrap_or_default(),
                removed: s.removed.unwrap_or_default(),
                carried_over: s.carried_over.unwrap_or_default(),
            };
            tx.insert_velocity(id, &record)?;
        }
    }
    Ok(())
}

/// Writes the commitment a file lists for the sprint at `i`: stories by key,
/// of the file or already on the board.
fn commit_listed(tx: &mut Tx<'_>, i: usize, sprint: SprintId, list: &[CommitmentDoc]) -> Result<()> {
    let mut seen = HashSet::with_capacity(list.len());
    // A committed story deleted since has no key; a negative id can never
    // be a real story's, so it still counts as removed at close.
    let mut ghosts = 0;
    for (j, c) in list.iter().enumerate() {
        let at = || at("sprints", i, &format!("commitment[{j}].story"));
        let story = match &c.story {
            Some(k) => match tx.story_id_by_key(k)? {
                Some(id) => id,
                None => return bad(at(), format!("no story \"{k}\" in the file")),
            },
            None => {
                ghosts += 1;
                StoryId(-ghosts)
            }
        };
        if !seen.insert(story) {
            return bad(at(), "this story is listed twice");
        }
        tx.append_commitment(sprint, story, c.points)?;
    }
    Ok(())
}
