//! The measured scenarios of SPEC §8, run in a child process on a copy of a
//! generated board: open + load, durable keyboard actions with the reads
//! that follow them, a sprint close and its undo, and a few navigation reads.

use super::generate::ACTIVE_STORIES;
use super::harness::{Bench, Budget, Metric, Probe, Samples, peak_rss_kib};
use super::plan::{self, Column, load_plan};
use anyhow::{Context, Result, anyhow, ensure};
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{Card, Filter, Reads, Store};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a measuring child reports to its parent.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ChildReport {
    /// Every metric, in the order measured.
    pub metrics: Vec<Metric>,
    /// Median of each step of open + load, ms (where the time goes).
    pub open_steps: BTreeMap<String, f64>,
    /// Median of each operation alone, without the reads after it, ms.
    pub op_only: BTreeMap<String, f64>,
    /// Peak resident memory of the child (`VmHWM`), KiB.
    pub peak_kib: Option<u64>,
}

/// Base run counts, multiplied by `BUDGET_RUNS`.
const OPEN_RUNS: usize = 200;
const ACTION_RUNS: usize = 1000;
const CLOSE_RUNS: usize = 50;
const READ_RUNS: usize = 300;
const FILTER_RUNS: usize = 20;

fn top_card(store: &Store, place: Place, skip: usize) -> Result<Card> {
    store
        .cards_after(place, None, skip + 1, &Filter::default())?
        .into_iter()
        .nth(skip)
        .ok_or_else(|| anyhow!("{place:?} has fewer than {} stories", skip + 1))
}

fn rank_of(store: &Store, id: StoryId) -> Result<i64> {
    Ok(store.card(id)?.ok_or_else(|| anyhow!("story {id:?} vanished"))?.rank)
}

fn median_ms(s: &Samples) -> f64 {
    s.stats().median_ms
}

/// One cold open + load: what a fresh process pays before the first frame.
pub fn cold(path: &Path) -> Result<f64> {
    let settings = Settings::default();
    let start = Instant::now();
    let store = Store::open(path)?;
    let data = load_plan(&store, &settings, &mut |_, _| {})?;
    let ms = start.elapsed().as_secs_f64() * 1e3;
    black_box(&data);
    Ok(ms)
}

/// Samples of one keyboard action: the action with the reads after it, and
/// the operation alone. "Key to frame" is the same step with `reads`
/// replaced by the app's update and a draw into a `TestBackend`.
#[derive(Default)]
struct Action {
    all: Samples,
    op: Samples,
}

impl Action {
    /// Runs `op` then `reads` on the store, timing both together and the
    /// operation alone, and noting a checkpoint in between.
    fn step<T>(
        &mut self,
        store: &mut Store,
        probe: &Probe,
        op: impl FnOnce(&mut Store) -> Result<T>,
        reads: impl FnOnce(&Store, T) -> Result<()>,
    ) -> Result<()> {
        let mark = probe.mark();
        let start = Instant::now();
        let out = op(store)?;
        self.op.push(start.elapsed());
        reads(store, out)?;
        let d = start.elapsed();
        self.all.push_marked(d, Probe::between(&mark, &probe.mark()));
        Ok(())
    }

    /// Records the action (warm-up dropped) and the operation's median.
    fn record(self, bench: &mut Bench, name: &str, op_name: &str, op_only: &mut BTreeMap<String, f64>, warm: usize) {
        bench.record(name, Budget::KEY, &self.all.skip(warm));
        op_only.insert(op_name.into(), median_ms(&self.op.skip(warm)));
    }
}

/// Runs every scenario on the board at `path` (a copy: it is changed).
pub fn run(path: &Path, stories: usize, scale: f64) -> Result<ChildReport> {
    let settings = Settings::default();
    let mut bench = Bench::new(scale);
    let probe = Probe::new(Some(path));
    bench.probe = Probe::new(Some(path));
    let mut open_steps: BTreeMap<&'static str, Samples> = BTreeMap::new();
    let mut op_only: BTreeMap<String, f64> = BTreeMap::new();

    // Open + load, each run a fresh connection (the process stays warm);
    // closing the store is left out of the time.
    {
        let runs = bench.runs(OPEN_RUNS);
        let mut samples = Samples::new();
        let mut record = |name: &'static str, d: Duration| open_steps.entry(name).or_default().push(d);
        for _ in 0..Bench::warmup(runs) + runs {
            let mark = probe.mark();
            let start = Instant::now();
            let store = Store::open(path)?;
            record("Store::open", start.elapsed());
            let data = load_plan(&store, &settings, &mut record)?;
            let d = start.elapsed();
            samples.push_marked(d, Probe::between(&mark, &probe.mark()));
            drop(black_box(data));
            drop(store);
        }
        bench.record("open + load Plan data", Budget::open(stories), &samples.skip(Bench::warmup(runs))).note =
            Some("data only; see open to first frame".into());
    }
    super::frames::run(path, stories, &mut bench)?;

    let mut store = Store::open(path)?;
    let velocity = ops::velocity(&store, &settings)?.average;
    let sprints = store.sprints()?;
    let active = sprints.iter().find(|s| s.fields.state == SprintState::Active).context("no active sprint")?.id;
    let planned = sprints.iter().find(|s| s.fields.state == SprintState::Planned).context("no planned sprint")?.id;
    ensure!(store.tally(Place::Backlog)?.stories >= 2, "the backlog needs two stories");
    let before = fingerprint(&store, active)?;

    // Full reload without open: what a screen pays if it re-reads everything.
    bench.measure("Plan reload, all columns (no open)", READ_RUNS, Budget::KEY, |_| {
        black_box(load_plan(&store, &settings, &mut |_, _| {})?);
        Ok(())
    })?;

    let runs = bench.runs(ACTION_RUNS);
    let warm = Bench::warmup(runs);

    // L / H: the top backlog story into a sprint (active and first planned,
    // by turns) at its bottom, focus following; then back to the backlog top.
    {
        let (mut into, mut back) = (Action::default(), Action::default());
        for i in 0..warm + runs {
            let story = top_card(&store, Place::Backlog, 0)?.id;
            let target = Place::Sprint(if i % 2 == 0 { active } else { planned });
            into.step(
                &mut store,
                &probe,
                |s| Ok(ops::move_story(s, story, target, Position::Bottom)?),
                |s, _| {
                    let focus = Some(rank_of(s, story)?);
                    let columns = [Column { place: Place::Backlog, focus: None }, Column { place: target, focus }];
                    plan::refresh(s, velocity, &columns, None).map(drop)
                },
            )?;
            back.step(
                &mut store,
                &probe,
                |s| Ok(ops::move_story(s, story, Place::Backlog, Position::Top)?),
                |s, _| {
                    let focus = Some(rank_of(s, story)?);
                    let columns = [Column { place: Place::Backlog, focus }, Column { place: target, focus: None }];
                    plan::refresh(s, velocity, &columns, None).map(drop)
                },
            )?;
        }
        into.record(&mut bench, "move backlog → sprint (L) + reads", "move_story → sprint", &mut op_only, warm);
        back.record(&mut bench, "move sprint → backlog (H) + reads", "move_story → backlog", &mut op_only, warm);
    }

    // K / J: the second backlog story up one, then down again.
    {
        let story = top_card(&store, Place::Backlog, 1)?.id;
        let (mut up, mut down) = (Action::default(), Action::default());
        for _ in 0..warm + runs {
            for (step, action) in [(Step::Up, &mut up), (Step::Down, &mut down)] {
                action.step(
                    &mut store,
                    &probe,
                    |s| Ok(ops::shift_story(s, story, step, None)?),
                    |s, _| {
                        let focus = Some(rank_of(s, story)?);
                        plan::refresh(s, velocity, &[Column { place: Place::Backlog, focus }], None).map(drop)
                    },
                )?;
            }
        }
        up.record(&mut bench, "shift up (K) + reads", "shift_story up", &mut op_only, warm);
        down.record(&mut bench, "shift down (J) + reads", "shift_story down", &mut op_only, warm);
    }

    // p / u: estimate the top backlog story one step along the scale, then undo.
    {
        let story = top_card(&store, Place::Backlog, 0)?;
        let epic = store.story(story.id)?.and_then(|s| s.fields.epic);
        let columns = [Column { place: Place::Backlog, focus: Some(story.rank) }];
        let (mut est, mut undo) = (Action::default(), Action::default());
        for _ in 0..warm + runs {
            let now = store.card(story.id)?.context("story vanished")?.points;
            let new = match settings.scale.up(now) {
                p if p == now => settings.scale.down(now),
                p => p,
            };
            let reads = |s: &Store, _| plan::refresh(s, velocity, &columns, epic).map(drop);
            est.step(&mut store, &probe, |s| Ok(ops::estimate(s, story.id, new)?), reads)?;
            undo.step(&mut store, &probe, |s| Ok(ops::undo(s, sprintboard::store::Whose::Mine)?), reads)?;
        }
        est.record(&mut bench, "estimate (p) + reads", "estimate", &mut op_only, warm);
        undo.record(&mut bench, "undo estimate (u) + reads", "undo (estimate)", &mut op_only, warm);
    }

    // Space: advance the status of a story of the active sprint (todo →
    // doing → done → todo), ending as it was.
    {
        let story = store
            .cards_after(Place::Sprint(active), None, ACTIVE_STORIES, &Filter::default())?
            .into_iter()
            .find(|c| c.status != Status::Done)
            .context("the active sprint has no unfinished story")?;
        let columns = [Column { place: Place::Sprint(active), focus: Some(story.rank) }];
        let mut space = Action::default();
        let steps = (warm + runs).next_multiple_of(3);
        for _ in 0..steps {
            let now = store.card(story.id)?.context("story vanished")?.status;
            space.step(
                &mut store,
                &probe,
                |s| Ok(ops::set_status(s, story.id, now.advanced())?),
                |s, _| plan::refresh(s, velocity, &columns, story.epic).map(drop),
            )?;
        }
        space.record(&mut bench, "advance status (Space) + reads", "set_status", &mut op_only, steps - runs);
    }

    // C / u: close the active sprint (unfinished → backlog top), then undo;
    // both followed by a reload of the whole Plan screen.
    {
        let runs = bench.runs(CLOSE_RUNS);
        let warm = Bench::warmup(runs);
        let n = store.sprint(active)?.map_or(0, |s| s.tally.stories);
        let (mut close, mut undo) = (Action::default(), Action::default());
        let reload = |s: &Store, _| {
            black_box(load_plan(s, &settings, &mut |_, _| {})?);
            Ok(())
        };
        for _ in 0..warm + runs {
            close.step(
                &mut store,
                &probe,
                |s| Ok(ops::close_sprint(s, &settings, active, Unfinished::Backlog)?),
                reload,
            )?;
            undo.step(&mut store, &probe, |s| Ok(ops::undo(s, sprintboard::store::Whose::Mine)?), reload)?;
        }
        close.record(&mut bench, "close sprint (C) + Plan reload", "close_sprint", &mut op_only, warm);
        bench.metrics.last_mut().expect("recorded").note =
            Some(format!("{n} stories, half done; unfinished → backlog top"));
        undo.record(&mut bench, "undo sprint close (u) + Plan reload", "undo (close)", &mut op_only, warm);
    }

    // Navigation reads: G on the backlog, and the `/` filter.
    bench.measure("backlog bottom (G): window + forecast prefix", READ_RUNS, Budget::KEY, |_| {
        let mut w = store.cards_before(Place::Backlog, None, plan::BACKLOG_ROWS, &Filter::default())?;
        w.reverse();
        black_box(plan::forecast(&store, velocity, &w)?);
        Ok(())
    })?;
    bench
        .measure("backlog bottom, forecast prefix unbounded", READ_RUNS / 10, Budget::INFO, |_| {
            let mut w = store.cards_before(Place::Backlog, None, plan::BACKLOG_ROWS, &Filter::default())?;
            w.reverse();
            let first = w.first().context("empty backlog")?;
            black_box(store.points_before(Place::Backlog, first.rank, usize::MAX)?);
            Ok(())
        })?
        .note = Some("what the forecast horizon saves".into());
    for (word, what) in [("invoices", "common word"), ("zqxj", "no match")] {
        let filter = Filter { text: word.into() };
        bench
            .measure(&format!("filter backlog /{word} ({what})"), FILTER_RUNS, Budget::KEY, |_| {
                black_box(store.cards_after(Place::Backlog, None, plan::BACKLOG_ROWS, &filter)?);
                Ok(())
            })?
            .note = Some("one keystroke of the / filter re-reads the window".into());
    }

    ensure!(fingerprint(&store, active)? == before, "the scenarios did not leave the board as they found it");
    drop(store);
    let open_steps = open_steps.into_iter().map(|(k, v)| (k.to_string(), median_ms(&v))).collect();
    Ok(ChildReport { metrics: bench.metrics, open_steps, op_only, peak_kib: peak_rss_kib() })
}

/// Tallies and the top of each column: equal before and after the
/// scenarios when every action was put back.
fn fingerprint(store: &Store, active: SprintId) -> Result<String> {
    let keys = |place| -> Result<Vec<String>> {
        Ok(store.cards_after(place, None, 5, &Filter::default())?.into_iter().map(|c| c.key).collect())
    };
    Ok(format!(
        "{:?} {:?} {:?} {:?} {:?}",
        store.tally(Place::Backlog)?,
        store.tally(Place::Sprint(active))?,
        store.active_sprint()?.map(|s| s.id),
        keys(Place::Backlog)?,
        keys(Place::Sprint(active))?
    ))
}
