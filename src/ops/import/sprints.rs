//! Sprints of an imported document, with their commitment snapshots and
//! velocity records.

use super::*;
use crate::store::SprintRow;
use chrono::Duration;
use std::collections::HashSet;

/// The sprints as stories find them, and the new ones that have started.
pub(super) struct SprintMap {
    /// Every sprint the file names, by normalised name.
    pub by_name: HashMap<String, SprintId>,
    /// New active or closed sprints: index in the file and id.
    started: Vec<(usize, SprintId)>,
    /// Their stories in the file (see [`started_members`]).
    members: HashMap<String, Vec<usize>>,
}

pub(super) fn import_sprints(
    tx: &mut Tx<'_>,
    doc: &Document,
    blank: bool,
    today: NaiveDate,
    got: &mut Imported,
) -> Result<SprintMap> {
    let board = if blank { Vec::new() } else { tx.sprints()? };
    let members = started_members(doc);
    let mut map = SprintMap { by_name: HashMap::new(), started: Vec::new(), members: HashMap::new() };
    let mut used: HashSet<i64> = board.iter().map(|s| s.number).collect();
    if blank {
        used.extend(doc.sprints.iter().filter_map(|s| s.number));
    }
    let mut next_number = used.iter().max().map_or(1, |n| n + 1);
    let mut last_end = board.iter().map(|s| s.end).max();
    let mut active = board.iter().find(|s| s.state == SprintState::Active).map(|s| s.name.clone());
    let mut numbers_seen = HashSet::new();
    for i in creation_order(&doc.sprints) {
        let s = &doc.sprints[i];
        let name = s.name.trim();
        let where_ = s.line.map_or_else(|| at("sprints", i, "name"), |n| format!("line {n}"));
        if name.is_empty() {
            return bad(where_, "a sprint needs a name");
        }
        check_text(&where_, "the sprint name", name)?;
        check_text(&at("sprints", i, "goal"), "the sprint goal", &s.goal)?;
        if map.by_name.contains_key(&norm(name)) {
            return bad(where_, format!("\"{name}\" appears twice in the file"));
        }
        if let Some(b) = board.iter().find(|b| norm(&b.name) == norm(name)) {
            if b.state == SprintState::Closed && s.reference {
                return bad(
                    where_,
                    format!("{} is closed; stories can only go to the backlog or an open sprint", b.name),
                );
            }
            if b.state == SprintState::Closed || !(s.reference || s.state == SprintState::Planned) {
                return bad(
                    where_,
                    format!("the board already has a sprint named \"{}\" ({}); rename it in the file", b.name, b.state),
                );
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
        let end = s.end.unwrap_or(start + Duration::days(13));
        if end < start {
            return bad(at("sprints", i, "end"), format!("the end date {end} is before the start date {start}"));
        }
        last_end = last_end.max(Some(end));
        let committed = match s.state {
            SprintState::Planned => s.committed,
            _ => Some(s.committed.unwrap_or_else(|| commitment_points(doc, &members, s))),
        };
        let row = SprintRow {
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
        if s.state != SprintState::Planned {
            map.started.push((i, id));
        }
    }
    map.members = members;
    Ok(map)
}

/// The order sprints are made in. Sprints a CSV only names (in the order
/// its rows first name them) go by the number in their names, so that rows
/// in any order give `Sprint 1` the first number and the earlier dates;
/// names without a number follow, in file order. A document's own sprints
/// keep its order, which is their order on the board.
fn creation_order(sprints: &[SprintDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sprints.len()).collect();
    if sprints.iter().all(|s| s.reference) {
        order.sort_by_key(|i| number_in(&sprints[*i].name).map_or((1, 0), |n| (0, n)));
    }
    order
}

/// The last number in a sprint's name: `SHOP Sprint 12` → 12.
fn number_in(name: &str) -> Option<u64> {
    let digits: String =
        name.chars().rev().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// The file's stories of each started (active or closed) sprint, by
/// normalised name, as indices into `doc.stories`: one pass over the file
/// however many sprints there are.
pub(super) fn started_members(doc: &Document) -> HashMap<String, Vec<usize>> {
    let mut members: HashMap<String, Vec<usize>> =
        doc.sprints.iter().filter(|s| s.state != SprintState::Planned).map(|s| (norm(&s.name), Vec::new())).collect();
    if members.is_empty() {
        return members;
    }
    for (i, st) in doc.stories.iter().enumerate() {
        if let Some(list) = st.sprint.as_deref().and_then(|n| members.get_mut(&norm(n))) {
            list.push(i);
        }
    }
    members
}

/// The stories of a started sprint in the file, with their places in the file.
fn stories_of<'a>(
    doc: &'a Document,
    members: &'a HashMap<String, Vec<usize>>,
    sprint: &SprintDoc,
) -> impl Iterator<Item = (usize, &'a StoryDoc)> {
    members.get(&norm(&sprint.name)).into_iter().flatten().map(|i| (*i, &doc.stories[*i]))
}

/// Points committed at start: the file's snapshot, or what the sprint holds.
fn commitment_points(doc: &Document, members: &HashMap<String, Vec<usize>>, s: &SprintDoc) -> Points {
    match &s.commitment {
        Some(list) => list.iter().map(|c| c.points).sum(),
        None => stories_of(doc, members, s).map(|(_, st)| st.points.unwrap_or_default()).sum(),
    }
}

/// Writes the commitment snapshots and velocity records of the new started
/// sprints, once their stories exist (`ids` in file order).
pub(super) fn commit_started(tx: &mut Tx<'_>, doc: &Document, map: &SprintMap, ids: &[StoryId]) -> Result<()> {
    if map.started.is_empty() {
        return Ok(());
    }
    let keys: HashMap<String, StoryId> =
        doc.stories.iter().zip(ids).filter_map(|(s, id)| Some((norm(s.key.as_deref()?), *id))).collect();
    for started in &map.started {
        commit_sprint(tx, doc, *started, &map.members, &keys, ids)?;
    }
    Ok(())
}

/// Writes a started sprint's commitment and, once closed, its velocity record.
fn commit_sprint(
    tx: &mut Tx<'_>,
    doc: &Document,
    (i, id): (usize, SprintId),
    members: &HashMap<String, Vec<usize>>,
    keys: &HashMap<String, StoryId>,
    ids: &[StoryId],
) -> Result<()> {
    let s = &doc.sprints[i];
    let mut entries: Vec<(StoryId, Points)> = Vec::new();
    match &s.commitment {
        Some(list) => {
            // A committed story deleted since has no key; a negative id can
            // never be a real story's, so it still counts as removed at close.
            let mut ghosts = 0;
            for (j, c) in list.iter().enumerate() {
                let story = match &c.story {
                    Some(k) => match keys.get(&norm(k)) {
                        Some(id) => *id,
                        None => match tx.story_by_key(k)? {
                            Some(st) => st.id,
                            None => {
                                return bad(
                                    at("sprints", i, &format!("commitment[{j}].story")),
                                    format!("no story \"{k}\" in the file"),
                                );
                            }
                        },
                    },
                    None => {
                        ghosts += 1;
                        StoryId(-ghosts)
                    }
                };
                if entries.iter().any(|(e, _)| *e == story) {
                    return bad(at("sprints", i, &format!("commitment[{j}].story")), "this story is listed twice");
                }
                entries.push((story, c.points));
            }
        }
        None => {
            for (j, st) in stories_of(doc, members, s) {
                entries.push((ids[j], st.points.unwrap_or_default()));
            }
        }
    }
    for (story, points) in &entries {
        tx.insert_commitment(id, *story, *points)?;
    }
    if s.state == SprintState::Closed {
        let committed = s.committed.unwrap_or_else(|| entries.iter().map(|e| e.1).sum());
        let done = stories_of(doc, members, s)
            .filter(|(_, st)| st.status == Status::Done)
            .map(|(_, st)| st.points.unwrap_or_default())
            .sum();
        let record = VelocityRecord {
            committed,
            completed: s.completed.unwrap_or(done),
            added: s.added.unwrap_or_default(),
            removed: s.removed.unwrap_or_default(),
            carried_over: s.carried_over.unwrap_or_default(),
        };
        tx.insert_velocity(id, &record)?;
    }
    Ok(())
}
