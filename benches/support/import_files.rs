//! Files to import, of SPEC §8's shape (10 % of the stories in 200 sprints,
//! 150 of them closed, 1 % of the stories per epic): a `sprintboard/1`
//! document laid out as an export lays it out (board, objectives, epics,
//! sprints with their commitments, then the stories in board order), and
//! the same stories as a plain CSV. Seeded, so every run imports the same
//! bytes; written as a stream, so a million stories need no memory.

use super::generate::{ACTIVE_STORIES, CLOSED, Draw, EPICS, Rng, SPRINTS, Shape};
use super::words::{LABELS, OBJECTS, PEOPLE, SENTENCES, VERBS, kind, texts, title};
use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use sprintboard::domain::document::*;
use sprintboard::domain::{Points, SprintState, Status};
use std::io::{BufWriter, Write};
use std::path::Path;

/// The day the importing process believes it is (`SPRINTBOARD_NOW`).
pub const TODAY: &str = "2026-11-02";

/// The formats a file can be generated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A `sprintboard/1` document.
    Json,
    /// A plain CSV with a header row.
    Csv,
}

impl Format {
    /// The file extension, which is also how `import` tells it.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date")
}

/// The first day of sprint `k` (0-based): the active one started six days ago.
fn sprint_start(k: usize) -> NaiveDate {
    today() - Duration::days(6) + Duration::days(14 * (k as i64 - CLOSED as i64))
}

fn sprint_state(k: usize) -> SprintState {
    match k {
        _ if k < CLOSED => SprintState::Closed,
        _ if k == CLOSED => SprintState::Active,
        _ => SprintState::Planned,
    }
}

fn at(d: NaiveDate, hour: u32) -> NaiveDateTime {
    d.and_hms_opt(hour, 0, 0).expect("a valid time")
}

/// The stories of the file, in board order: backlog, then each sprint.
struct Stories {
    rng: Rng,
    shape: Shape,
    /// Place of the next story: `None` = backlog, else sprint index.
    place: Option<usize>,
    /// Stories left in that place.
    left: usize,
    written: usize,
}

impl Stories {
    fn new(stories: usize) -> Stories {
        let shape = Shape::of(stories);
        let left = shape.backlog;
        Stories { rng: Rng::new(0x1A90_0000 ^ stories as u64), shape, place: None, left, written: 0 }
    }

    /// The next story, or `None` after the last.
    fn next(&mut self) -> Option<StoryDoc> {
        while self.left == 0 {
            let k = self.place.map_or(0, |k| k + 1);
            if k >= SPRINTS {
                return None;
            }
            self.place = Some(k);
            self.left = self.shape.per_sprint[k];
        }
        self.left -= 1;
        self.written += 1;
        let rng = &mut self.rng;
        let kind = kind(rng);
        let (status, sprint, created, work) = match self.place {
            None => (Status::Todo, None, at(today() - Duration::days(rng.below(700) as i64), 11), None),
            Some(k) => {
                let start = sprint_start(k);
                let status = match sprint_state(k) {
                    SprintState::Closed => Status::Done,
                    // Half of the active sprint done, a sixth in progress.
                    SprintState::Active => match self.left * 6 / ACTIVE_STORIES.max(1) {
                        0..3 => Status::Done,
                        3 => Status::Doing,
                        _ => Status::Todo,
                    },
                    SprintState::Planned => Status::Todo,
                };
                let started = at(start + Duration::days(rng.below(5) as i64), 10);
                let done = at(start + Duration::days(5 + rng.below(8) as i64), 16);
                let created = at(start - Duration::days(7 + rng.below(60) as i64), 9);
                (status, Some(format!("Sprint {}", k + 1)), created, Some((started, done)))
            }
        };
        let points =
            (self.place.is_some() || !rng.chance(0.15)).then(|| Points::whole([1, 2, 3, 5, 8, 13][rng.below(6)]));
        let (description, acceptance) = texts(rng);
        Some(StoryDoc {
            key: Some(format!("SB-{}", self.written)),
            title: title(rng, kind),
            description,
            acceptance,
            kind,
            points,
            status,
            epic: Some(format!("E-{}", 1 + rng.below(EPICS))),
            sprint,
            earlier_sprints: Vec::new(),
            blocked_by: Vec::new(),
            blocks: Vec::new(),
            assignee: if self.place.is_some() { rng.pick(PEOPLE).to_string() } else { String::new() },
            labels: if rng.chance(0.3) { vec![rng.pick(LABELS).to_string()] } else { Vec::new() },
            created: Some(created),
            started: work.filter(|_| status != Status::Todo).map(|w| w.0),
            done: work.filter(|_| status == Status::Done).map(|w| w.1),
            line: None,
        })
    }
}

/// The document's small parts; the sprints carry the commitments and
/// velocity numbers of their stories, as an export would.
fn head(stories: usize) -> Document {
    let mut sums: Vec<(Vec<CommitmentDoc>, Points)> = vec![(Vec::new(), Points::default()); SPRINTS];
    let mut all = Stories::new(stories);
    while let Some(s) = all.next() {
        let Some(k) = s.sprint.as_deref().and_then(|n| n.strip_prefix("Sprint ")).and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let (list, done) = &mut sums[k - 1];
        let points = s.points.unwrap_or_default();
        list.push(CommitmentDoc { story: s.key, points });
        if s.status == Status::Done {
            *done += points;
        }
    }
    let sprints = sums
        .into_iter()
        .enumerate()
        .map(|(k, (list, done))| {
            let state = sprint_state(k);
            let committed: Points = list.iter().map(|c| c.points).sum();
            let closed = state == SprintState::Closed;
            SprintDoc {
                name: format!("Sprint {}", k + 1),
                number: Some(k as i64 + 1),
                state,
                start: Some(sprint_start(k)),
                end: Some(sprint_start(k) + Duration::days(13)),
                goal: format!("Ship {} for the spring release", OBJECTS[k % OBJECTS.len()]),
                capacity: Some(Points::whole(40)),
                committed: (state != SprintState::Planned).then_some(committed),
                completed: closed.then_some(done),
                added: closed.then_some(Points::default()),
                removed: closed.then_some(Points::default()),
                carried_over: closed.then_some(Points::default()),
                commitment: (state != SprintState::Planned).then_some(list),
                ..SprintDoc::default()
            }
        })
        .collect();
    Document {
        format: FORMAT.to_string(),
        board: Some(BoardDoc {
            name: format!("Import benchmark ({stories} stories)"),
            key_prefix: "SB".into(),
            next_story: Some(stories as i64 + 1),
            next_epic: Some(EPICS as i64 + 1),
        }),
        objectives: (1..=5)
            .map(|i| ObjectiveDoc {
                title: format!("Objective {i}"),
                metric: format!("metric {i}"),
                ..Default::default()
            })
            .collect(),
        epics: (1..=EPICS)
            .map(|e| EpicDoc {
                key: Some(format!("E-{e}")),
                title: format!("{} {}", VERBS[e % VERBS.len()], OBJECTS[e % OBJECTS.len()]),
                description: SENTENCES[e % SENTENCES.len()].to_string(),
                objective: Some(format!("Objective {}", 1 + e % 5)),
                ..Default::default()
            })
            .collect(),
        sprints,
        stories: Vec::new(),
        risks: Vec::new(),
        notes: Vec::new(),
        team: Default::default(),
    }
}

/// Writes a file of `stories` stories to `path`.
pub fn write(path: &Path, stories: usize, format: Format) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut all = Stories::new(stories);
    match format {
        Format::Json => {
            let head = serde_json::to_string(&head(stories))?;
            // The head with an empty story list, which the stories go into.
            let (before, after) = head.split_once("\"stories\":[]").expect("the head has a story list");
            write!(out, "{before}\"stories\":[")?;
            let mut first = true;
            while let Some(s) = all.next() {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut out, &s)?;
                first = false;
            }
            writeln!(out, "]{after}")?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(sprintboard::interchange::CSV_HEADER)?;
            let time = |t: Option<NaiveDateTime>| t.map_or_else(String::new, |t| t.to_text());
            while let Some(s) = all.next() {
                csv.write_record([
                    s.key.unwrap_or_default(),
                    s.title,
                    s.description,
                    s.acceptance,
                    s.kind.as_str().to_string(),
                    s.points.map_or_else(String::new, |p| p.to_string()),
                    s.status.as_str().to_string(),
                    s.epic.unwrap_or_default(),
                    s.sprint.unwrap_or_default(),
                    s.assignee,
                    s.labels.join(", "),
                    time(s.created),
                    time(s.started),
                    time(s.done),
                ])?;
            }
            csv.flush()?;
        }
    }
    out.flush()?;
    Ok(())
}
