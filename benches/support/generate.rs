//! Boards of SPEC §8's shape: 10 % of the stories in 200 sprints (150
//! closed with velocity records, 1 active, 49 planned), every story in one
//! of 100 epics (1 % each), plausible titles, points from the scale.
//! Built through the store's own untracked bulk transactions, so the file is
//! exactly what the program itself would write.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use sprintboard::domain::*;
use sprintboard::store::{EpicFields, NewStory, SprintFields, Store, StoryFields};
use std::path::Path;
use std::time::Instant;

use super::words::{LABELS, OBJECTS, PEOPLE, QUALIFIERS, SENTENCES, VERBS, kind, texts, title};

/// Bump when the generated content changes, so cached boards are rebuilt.
pub const GENERATOR_VERSION: u32 = 2;
/// Sprints on every board.
pub const SPRINTS: usize = 200;
/// Of which closed (numbers 1–150); 151 is active, 152–200 planned.
pub const CLOSED: usize = 150;
/// Epics on every board.
pub const EPICS: usize = 100;
/// Stories in the active sprint, half of them done: what a sprint close moves.
pub const ACTIVE_STORIES: usize = 50;
/// Stories per bulk transaction.
const CHUNK: usize = 100_000;

/// The domain's seeded generator: the same board every time.
pub use sprintboard::domain::forecast::Rng;

/// What the generator needs beyond the domain's `Rng`.
pub trait Draw {
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64;
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// One of `items`.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str;
}

impl Draw for Rng {
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// How many stories each place gets.
#[derive(Clone, Debug)]
pub struct Shape {
    /// Stories in sprint `k + 1`.
    pub per_sprint: Vec<usize>,
    /// Stories in the backlog.
    pub backlog: usize,
}

impl Shape {
    /// 10 % in sprints: the active sprint gets [`ACTIVE_STORIES`] (a real
    /// sprint's size), the other 199 share the rest evenly; 90 % backlog.
    pub fn of(stories: usize) -> Shape {
        let in_sprints = stories / 10;
        let active = ACTIVE_STORIES.min(in_sprints);
        let rest = in_sprints - active;
        let others = SPRINTS - 1;
        let mut per_sprint = Vec::with_capacity(SPRINTS);
        let mut other = 0;
        for k in 0..SPRINTS {
            if k == CLOSED {
                per_sprint.push(active);
            } else {
                per_sprint.push(rest / others + usize::from(other < rest % others));
                other += 1;
            }
        }
        Shape { per_sprint, backlog: stories - in_sprints }
    }
}

/// What [`generate`] did.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Generated {
    /// Stories written.
    pub stories: usize,
    /// Wall time, seconds.
    pub seconds: f64,
    /// File size, bytes.
    pub bytes: u64,
    /// Peak resident memory of the generating process, KiB.
    pub peak_kib: Option<u64>,
}

const SCALE: [(f64, u32); 11] = [
    (0.0, 2),
    (0.5, 4),
    (1.0, 10),
    (2.0, 15),
    (3.0, 20),
    (5.0, 20),
    (8.0, 14),
    (13.0, 8),
    (20.0, 4),
    (40.0, 2),
    (100.0, 1),
];

fn estimate(rng: &mut Rng) -> Points {
    let total: u32 = SCALE.iter().map(|s| s.1).sum();
    let mut at = rng.below(total as usize) as u32;
    for (v, w) in SCALE {
        if at < w {
            return Points::from_f64(v).expect("scale values are valid");
        }
        at -= w;
    }
    Points::whole(3)
}

/// The stories of one sprint, before they are written: estimate and status.
#[derive(Clone, Copy, Debug)]
struct Spec {
    points: Option<Points>,
    status: Status,
}

fn sprint_specs(rng: &mut Rng, k: usize, n: usize) -> Vec<Spec> {
    let state = sprint_state(k);
    let mut specs: Vec<Spec> = (0..n)
        .map(|_| match state {
            SprintState::Closed => Spec { points: Some(estimate(rng)), status: Status::Done },
            SprintState::Active => Spec { points: Some(estimate(rng)), status: Status::Todo },
            SprintState::Planned => Spec { points: (!rng.chance(0.03)).then(|| estimate(rng)), status: Status::Todo },
        })
        .collect();
    if state == SprintState::Active {
        // Half done, some in progress, scattered through the column.
        let mut statuses: Vec<Status> = (0..n)
            .map(|i| {
                if i < n / 2 {
                    Status::Done
                } else if i < n / 2 + n / 6 {
                    Status::Doing
                } else {
                    Status::Todo
                }
            })
            .collect();
        for i in (1..statuses.len()).rev() {
            statuses.swap(i, rng.below(i + 1));
        }
        for (s, st) in specs.iter_mut().zip(statuses) {
            s.status = st;
        }
    }
    specs
}

fn sprint_state(k: usize) -> SprintState {
    match k {
        _ if k < CLOSED => SprintState::Closed,
        _ if k == CLOSED => SprintState::Active,
        _ => SprintState::Planned,
    }
}

fn sum(specs: &[Spec]) -> Points {
    specs.iter().filter_map(|s| s.points).sum()
}

fn scaled(p: Points, f: f64) -> Points {
    Points::from_hundredths(((p.hundredths() as f64 * f) / 100.0).round() as i64 * 100)
}

fn row(rng: &mut Rng, spec: Spec, epic: EpicId, assigned: bool, times: (NaiveDateTime, NaiveDateTime)) -> StoryFields {
    let kind = kind(rng);
    let (description, acceptance) = texts(rng);
    let labels = if rng.chance(0.3) {
        (0..1 + rng.below(2)).map(|_| rng.pick(LABELS).to_string()).collect()
    } else {
        Vec::new()
    };
    let (started, done) = times;
    StoryFields {
        title: title(rng, kind),
        description,
        acceptance,
        kind,
        points: spec.points,
        epic: Some(epic),
        status: spec.status,
        assignee: if assigned { rng.pick(PEOPLE).to_string() } else { String::new() },
        labels,
        started: (spec.status != Status::Todo).then_some(started),
        done: (spec.status == Status::Done).then_some(done),
    }
}

fn at(d: NaiveDate, hour: u32) -> NaiveDateTime {
    d.and_hms_opt(hour, 0, 0).expect("valid time")
}

/// Writes a board of `stories` stories to a new file at `path`.
pub fn generate(path: &Path, stories: usize) -> Result<Generated> {
    let started = Instant::now();
    anyhow::ensure!(!path.exists(), "{} exists already", path.display());
    let mut store = Store::open(path).with_context(|| format!("creating {}", path.display()))?;
    let today = store.today();
    let shape = Shape::of(stories);
    let mut plan = Rng::new(0x5EED_0000 ^ stories as u64);
    let mut text = Rng::new(0x7E47_0000 ^ stories as u64);
    let specs: Vec<Vec<Spec>> =
        shape.per_sprint.iter().enumerate().map(|(k, n)| sprint_specs(&mut plan, k, *n)).collect();
    // Sprint 151 (the active one) started six days ago; all are 14 days long.
    let active_start = today - Duration::days(6);
    let sprint_start = |k: usize| active_start + Duration::days(14 * (k as i64 - CLOSED as i64));
    let this_quarter = Quarter::of(today);

    // Board, objectives, epics, sprints.
    let mut tx = store.write()?.untracked();
    tx.set_board(&Board { name: format!("Benchmark board ({stories} stories)"), key_prefix: "SB".into() })?;
    let mut objectives = Vec::new();
    for (title, metric) in [
        ("Grow weekly active planners", "WAU +20 % by year end"),
        ("Cut time to first plan", "median under 3 minutes"),
        ("Win team accounts", "50 paying teams"),
        ("Be the fastest board in the terminal", "every key under a millisecond"),
        ("Trustworthy forecasts", "P85 forecast within one sprint"),
    ] {
        objectives.push(tx.insert_objective(title, "", metric)?);
    }
    let mut epics = Vec::with_capacity(EPICS);
    for e in 0..EPICS {
        let mut q = this_quarter;
        // Quarters from three back to five ahead, earlier epics earlier.
        for _ in 0..3 {
            q = q.prev();
        }
        for _ in 0..(e * 9 / EPICS) {
            q = q.next();
        }
        let id = tx.insert_epic(
            None,
            &EpicFields {
                title: format!("{} {}", plan.pick(VERBS), plan.pick(OBJECTS)),
                description: plan.pick(SENTENCES).to_string(),
                objective: Some(objectives[e % objectives.len()]),
                quarter: Some(q),
                colour: Some(["red", "green", "blue", "yellow", "magenta", "cyan"][e % 6].to_string()),
            },
        )?;
        epics.push(id);
    }
    let mut sprints = Vec::with_capacity(SPRINTS);
    let mut records = Vec::with_capacity(CLOSED);
    for (k, spec) in specs.iter().enumerate() {
        let state = sprint_state(k);
        let total = sum(spec);
        let start = sprint_start(k);
        let (committed, capacity) = match state {
            SprintState::Closed => {
                // Scope moved a little during the sprint, as it does.
                let carried = scaled(total, 0.2 * plan.unit());
                let added = scaled(total, 0.1 * plan.unit());
                let removed = scaled(total, 0.05 * plan.unit());
                let committed = total + carried + removed - added;
                records.push(VelocityRecord { committed, completed: total, added, removed, carried_over: carried });
                (Some(committed), Some(scaled(committed, 1.1)))
            }
            // The last five stories were added after the start.
            SprintState::Active => (Some(sum(&spec[..spec.len().saturating_sub(5)])), Some(scaled(total, 1.1))),
            SprintState::Planned => (None, Some(scaled(total.max(Points::whole(10)), 1.05))),
        };
        let number = k as i64 + 1;
        sprints.push(tx.insert_sprint(&SprintFields {
            number,
            name: format!("Sprint {number}"),
            goal: format!("{} {} {}", plan.pick(VERBS), plan.pick(OBJECTS), plan.pick(QUALIFIERS)),
            start,
            end: start + Duration::days(13),
            capacity,
            state,
            committed,
        })?);
    }
    tx.commit_without_history()?;

    // Stories: closed sprints first (the oldest keys), then the open ones,
    // then the backlog, each at the bottom of its place.
    let mut written = 0usize;
    let mut commitment = Vec::new();
    let mut tx = store.write()?.untracked();
    let places = specs
        .iter()
        .enumerate()
        .flat_map(|(k, s)| s.iter().map(move |spec| (Some(k), *spec)))
        .chain((0..shape.backlog).map(|_| (None, Spec { points: None, status: Status::Todo })));
    for (k, mut spec) in places {
        let (place, created, times, assigned) = match k {
            Some(k) => {
                let start = sprint_start(k);
                let times = (
                    at(start + Duration::days(text.below(5) as i64), 10),
                    at(start + Duration::days(5 + text.below(8) as i64), 16),
                );
                (Some(sprints[k]), at(start - Duration::days(7 + text.below(60) as i64), 9), times, true)
            }
            None => {
                // Deeper in the backlog, more stories are not estimated yet.
                let depth = written.saturating_sub(stories - shape.backlog) as f64 / shape.backlog.max(1) as f64;
                spec.points = (!text.chance(0.1 + 0.2 * depth)).then(|| estimate(&mut text));
                let created = at(today - Duration::days(text.below(700) as i64), 11);
                (None, created, (created, created), text.chance(0.05))
            }
        };
        let epic = epics[text.below(EPICS)];
        let new =
            NewStory { key: None, row: row(&mut text, spec, epic, assigned, times), place, created: Some(created) };
        let id = tx.insert_story(&new, Position::Bottom)?;
        if k == Some(CLOSED) && commitment.len() < specs[CLOSED].len().saturating_sub(5) {
            commitment.push((id, spec.points.unwrap_or_default()));
        }
        written += 1;
        if written.is_multiple_of(CHUNK) {
            tx.commit_without_history()?;
            eprintln!("      {written} stories, {:.1} s", started.elapsed().as_secs_f64());
            tx = store.write()?.untracked();
        }
    }
    for (k, record) in records.iter().enumerate() {
        tx.insert_velocity(sprints[k], record)?;
    }
    for (id, points) in commitment {
        tx.insert_commitment(sprints[CLOSED], id, points)?;
    }
    tx.commit_without_history()?;
    store.integrity_check().context("the generated board fails PRAGMA integrity_check")?;
    drop(store);
    let bytes = std::fs::metadata(path)?.len();
    Ok(Generated { stories: written, seconds: started.elapsed().as_secs_f64(), bytes, peak_kib: None })
}
