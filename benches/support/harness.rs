//! A timing harness of our own: every sample kept, so medians and p99 are
//! exact, and each metric judged against its budget. Criterion reports
//! neither a p99 nor peak memory the way SPEC §8 asks.

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Upper bounds for a metric's median and p99; `None` = informative only.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Budget {
    /// Bound for the median, in milliseconds.
    pub median_ms: Option<f64>,
    /// Bound for the 99th percentile, in milliseconds.
    pub p99_ms: Option<f64>,
}

impl Budget {
    /// SPEC §8 "one keyboard action": median ≤ 1 ms, p99 ≤ 5 ms.
    pub const KEY: Budget = Budget { median_ms: Some(1.0), p99_ms: Some(5.0) };
    /// No budget: shown for insight, never judged.
    pub const INFO: Budget = Budget { median_ms: None, p99_ms: None };

    /// One bound for both median and p99 (SPEC §8 "open to first frame").
    pub fn at_most(ms: f64) -> Budget {
        Budget { median_ms: Some(ms), p99_ms: Some(ms) }
    }

    /// SPEC §8's "open to first frame" for a board of `stories`.
    pub fn open(stories: usize) -> Budget {
        Budget::at_most(match stories {
            0..=10_000 => 20.0,
            10_001..=100_000 => 30.0,
            _ => 100.0,
        })
    }

    /// Whether any bound is set.
    pub fn judged(&self) -> bool {
        self.median_ms.is_some() || self.p99_ms.is_some()
    }

    /// The budget in words, for the table.
    pub fn describe(&self) -> String {
        match (self.median_ms, self.p99_ms) {
            (Some(m), Some(p)) if m == p => format!("≤ {}", ms_text(m)),
            (Some(m), Some(p)) => format!("≤ {} / ≤ {}", ms_text(m), ms_text(p)),
            (Some(m), None) => format!("median ≤ {}", ms_text(m)),
            (None, Some(p)) => format!("p99 ≤ {}", ms_text(p)),
            (None, None) => "info".into(),
        }
    }
}

/// Milliseconds as the tables print them.
pub fn ms_text(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else if ms >= 1.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.3} ms")
    }
}

/// What else happened during one run, that the code measured did not ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Disturbed {
    /// A WAL checkpoint copied pages into the board file (the commit that
    /// crosses `wal_autocheckpoint` pays for it: part of real life).
    pub checkpoint: bool,
    /// The kernel took the core away (another process wanted it: noise
    /// of a shared machine, not the code's cost).
    pub preempted: bool,
}

/// Watches for disturbances: the board file's size and modification time
/// change only when a checkpoint writes to it; the thread's involuntary
/// context switches count preemptions.
pub struct Probe(Option<std::path::PathBuf>);

/// The state a [`Probe`] compares before and after a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    file: Option<(std::time::SystemTime, u64)>,
    involuntary: Option<u64>,
}

impl Probe {
    /// A probe of the board file at `path`, if any.
    pub fn new(path: Option<&std::path::Path>) -> Probe {
        Probe(path.map(std::path::Path::to_path_buf))
    }

    /// The state now (taken outside the timed region: it reads files).
    pub fn mark(&self) -> Mark {
        let file =
            self.0.as_ref().and_then(|p| std::fs::metadata(p).ok()).and_then(|m| Some((m.modified().ok()?, m.len())));
        let involuntary = std::fs::read_to_string("/proc/thread-self/status").ok().and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("nonvoluntary_ctxt_switches:")).and_then(|v| v.trim().parse().ok())
        });
        Mark { file, involuntary }
    }

    /// What happened between two marks.
    pub fn between(before: &Mark, after: &Mark) -> Disturbed {
        Disturbed { checkpoint: before.file != after.file, preempted: before.involuntary != after.involuntary }
    }
}

/// Durations of one metric, one per run, each with what disturbed it.
#[derive(Clone, Debug, Default)]
pub struct Samples {
    runs: Vec<(Duration, Disturbed)>,
}

impl Samples {
    /// No samples yet.
    pub fn new() -> Samples {
        Samples::default()
    }

    /// Keeps a sample measured elsewhere.
    pub fn push(&mut self, d: Duration) {
        self.runs.push((d, Disturbed::default()));
    }

    /// Keeps a sample with what disturbed it.
    pub fn push_marked(&mut self, d: Duration, disturbed: Disturbed) {
        self.runs.push((d, disturbed));
    }

    /// Drops the first `n` samples (warm-up).
    pub fn skip(mut self, n: usize) -> Samples {
        self.runs.drain(..n.min(self.runs.len()));
        self
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// Order statistics of the samples.
    pub fn stats(&self) -> Stats {
        let (median_ms, p99_ms, mean_ms, min_ms, max_ms) = percentiles(self.runs.iter().map(|r| r.0));
        let flagged = |pick: fn(&Disturbed) -> bool| {
            let hit: Vec<Duration> = self.runs.iter().filter(|r| pick(&r.1)).map(|r| r.0).collect();
            (!hit.is_empty()).then(|| Flagged { runs: hit.len(), median_ms: percentiles(hit.into_iter()).0 })
        };
        let own: Vec<Duration> = self.runs.iter().filter(|r| !r.1.preempted).map(|r| r.0).collect();
        Stats {
            runs: self.runs.len(),
            median_ms,
            p99_ms,
            mean_ms,
            min_ms,
            max_ms,
            checkpointed: flagged(|d| d.checkpoint),
            preempted: flagged(|d| d.preempted),
            p99_not_preempted_ms: (!own.is_empty()).then(|| percentiles(own.into_iter()).1),
        }
    }
}

/// Median, p99 (nearest rank), mean, min and max, in ms.
fn percentiles(durations: impl Iterator<Item = Duration>) -> (f64, f64, f64, f64, f64) {
    let mut ms: Vec<f64> = durations.map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let n = ms.len();
    if n == 0 {
        return (0.0, 0.0, 0.0, 0.0, 0.0);
    }
    // Nearest rank: the p99 of 50 samples is the largest.
    let p99 = ms[((0.99 * n as f64).ceil() as usize).clamp(1, n) - 1];
    let median = if n % 2 == 1 { ms[n / 2] } else { (ms[n / 2 - 1] + ms[n / 2]) / 2.0 };
    (median, p99, ms.iter().sum::<f64>() / n as f64, ms[0], ms[n - 1])
}

/// The runs that something disturbed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Flagged {
    /// How many runs.
    pub runs: usize,
    /// Their median, ms.
    pub median_ms: f64,
}

/// Summary of one metric's samples.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Measured runs (warm-up runs excluded).
    pub runs: usize,
    /// Median.
    pub median_ms: f64,
    /// 99th percentile (nearest rank).
    pub p99_ms: f64,
    /// Mean.
    pub mean_ms: f64,
    /// Fastest run.
    pub min_ms: f64,
    /// Slowest run.
    pub max_ms: f64,
    /// Runs that paid for a WAL checkpoint, if any did.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub checkpointed: Option<Flagged>,
    /// Runs during which the process was preempted, if any were.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preempted: Option<Flagged>,
    /// p99 of the runs not preempted: the program's own cost, checkpoints
    /// included, without other processes' time.
    /// `None` when every run was preempted (long runs always are).
    pub p99_not_preempted_ms: Option<f64>,
}

/// One measured metric with its verdict.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Metric {
    /// What was measured, in words.
    pub name: String,
    /// The numbers.
    #[serde(flatten)]
    pub stats: Stats,
    /// The bounds it is judged against.
    pub budget: Budget,
    /// `Some(true)` within budget, `Some(false)` over, `None` not judged.
    pub within: Option<bool>,
    /// A note for the reader (what is included, what is not).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

impl Metric {
    /// Judges `samples` against `budget`.
    pub fn from_samples(name: &str, budget: Budget, samples: &Samples) -> Metric {
        let stats = samples.stats();
        let within = budget.judged().then(|| {
            budget.median_ms.is_none_or(|b| stats.median_ms <= b) && budget.p99_ms.is_none_or(|b| stats.p99_ms <= b)
        });
        Metric { name: name.to_string(), stats, budget, within, note: None }
    }
}

/// Collects the metrics of one process; run counts scale with `BUDGET_RUNS`.
pub struct Bench {
    scale: f64,
    /// Watches each run for checkpoints and preemption.
    pub probe: Probe,
    /// A metric stops early (with at least a few runs) past this much time.
    pub time_cap: Duration,
    /// Everything measured so far, in order.
    pub metrics: Vec<Metric>,
}

impl Bench {
    /// A bench whose run counts are multiplied by `scale`.
    pub fn new(scale: f64) -> Bench {
        Bench { scale, probe: Probe::new(None), time_cap: Duration::from_secs(30), metrics: Vec::new() }
    }

    /// `base` runs scaled by `BUDGET_RUNS` (at least 3).
    pub fn runs(&self, base: usize) -> usize {
        ((base as f64 * self.scale).round() as usize).max(3)
    }

    /// Warm-up runs before measuring `runs` (an even number, so that
    /// alternating actions line up).
    pub fn warmup(runs: usize) -> usize {
        (runs / 10).clamp(2, 20) & !1
    }

    /// Measures `f(i)` for `runs(base)` runs after a warm-up; `i` counts
    /// calls from 0 (warm-up included), so a closure can alternate actions.
    /// This is the door for new metrics: "open to first frame" and "key to
    /// frame" become one more closure each.
    pub fn measure(
        &mut self,
        name: &str,
        base: usize,
        budget: Budget,
        mut f: impl FnMut(usize) -> anyhow::Result<()>,
    ) -> anyhow::Result<&mut Metric> {
        let runs = self.runs(base);
        let warm = Bench::warmup(runs);
        for i in 0..warm {
            f(i)?;
        }
        let mut samples = Samples::new();
        let started = Instant::now();
        for i in warm..warm + runs {
            let mark = self.probe.mark();
            let start = Instant::now();
            f(i)?;
            let d = start.elapsed();
            samples.push_marked(d, Probe::between(&mark, &self.probe.mark()));
            if samples.len() >= 5 && started.elapsed() > self.time_cap {
                break;
            }
        }
        Ok(self.record(name, budget, &samples))
    }

    /// Records samples gathered by hand (interleaved actions).
    pub fn record(&mut self, name: &str, budget: Budget, samples: &Samples) -> &mut Metric {
        let metric = Metric::from_samples(name, budget, samples);
        eprintln!(
            "    {name}: median {} p99 {} ({} runs)",
            ms_text(metric.stats.median_ms),
            ms_text(metric.stats.p99_ms),
            metric.stats.runs
        );
        self.metrics.push(metric);
        self.metrics.last_mut().expect("just pushed")
    }
}

/// Peak resident memory of this process so far (`VmHWM`), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The one-minute load average: other work on the machine skews the p99.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// Number of cores and CPU model, for the report.
pub fn machine() -> (usize, String) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_string()))
        })
        .unwrap_or_else(|| "unknown".into());
    (cores, model)
}
