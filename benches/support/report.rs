//! The result tables and `target/bench-results.json`.

use super::generate::Generated;
use super::harness::{Metric, ms_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Above this one-minute load average (2 cores, the benchmark uses one),
/// other work competed for the cores.
const BUSY_LOAD: f64 = 1.2;

/// SPEC §8's peak memory budget, MB.
pub const MEMORY_BUDGET_MB: f64 = 50.0;

/// Everything measured for one board size.
#[derive(Debug, Serialize, Deserialize)]
pub struct SizeResult {
    /// Stories on the board.
    pub stories: usize,
    /// How the board was made (or when it was, if it came from the cache).
    pub generation: Generated,
    /// Whether this run generated it (false: taken from the cache).
    pub generated_now: bool,
    /// All metrics, cold process runs included.
    pub metrics: Vec<Metric>,
    /// Median per step of open + load, ms.
    pub open_steps: BTreeMap<String, f64>,
    /// Median per operation alone, ms.
    pub op_only: BTreeMap<String, f64>,
    /// Peak resident memory of the measuring process, MB.
    pub peak_mb: Option<f64>,
    /// Within the memory budget.
    pub memory_within: Option<bool>,
    /// One-minute load average before and after measuring (2 cores: above
    /// about 1.2, someone else was busy and the p99 values are suspect).
    pub load_average: (Option<f64>, Option<f64>),
}

/// The whole run.
#[derive(Debug, Serialize, Deserialize)]
pub struct Results {
    /// Cores available.
    pub nproc: usize,
    /// CPU model.
    pub cpu: String,
    /// Bundled SQLite version.
    pub sqlite: String,
    /// Run-count multiplier (`BUDGET_RUNS`).
    pub runs_scale: f64,
    /// Niceness the measuring processes asked for (`BUDGET_NICE`).
    pub niceness: Option<i32>,
    /// One entry per size.
    pub sizes: Vec<SizeResult>,
}

fn verdict(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "✓ within",
        Some(false) => "✗ over",
        None => "–",
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width { s.to_string() } else { format!("{s}{}", " ".repeat(width - n)) }
}

fn lpad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width { s.to_string() } else { format!("{}{s}", " ".repeat(width - n)) }
}

/// Prints one size's table.
pub fn print_size(r: &SizeResult) {
    let g = &r.generation;
    println!();
    println!(
        "== {} stories — board {:.0} MB, {} in {:.1} s ==",
        thousands(r.stories),
        g.bytes as f64 / 1e6,
        if r.generated_now { "generated" } else { "cached; generated" },
        g.seconds
    );
    let name_w = r.metrics.iter().map(|m| m.name.chars().count()).max().unwrap_or(10).max(28);
    println!(
        "{}  {}  {}  {}  {}  verdict",
        pad("metric", name_w),
        lpad("runs", 5),
        lpad("median", 10),
        lpad("p99", 10),
        pad("budget", 16)
    );
    for m in &r.metrics {
        let mut notes: Vec<String> = m.note.iter().cloned().collect();
        let st = &m.stats;
        if let Some(c) = st.checkpointed {
            notes.push(format!("{} checkpointed (median {})", c.runs, ms_text(c.median_ms)));
        }
        if let Some(p) = st.preempted {
            let mut text = format!("{} preempted (median {})", p.runs, ms_text(p.median_ms));
            if let Some(rest) = st.p99_not_preempted_ms {
                text.push_str(&format!(", p99 without them {}", ms_text(rest)));
            }
            notes.push(text);
        }
        println!(
            "{}  {}  {}  {}  {}  {}{}",
            pad(&m.name, name_w),
            lpad(&m.stats.runs.to_string(), 5),
            lpad(&ms_text(m.stats.median_ms), 10),
            lpad(&ms_text(m.stats.p99_ms), 10),
            pad(&m.budget.describe(), 16),
            pad(verdict(m.within), 8),
            if notes.is_empty() { String::new() } else { format!("  {}", notes.join("; ")) }
        );
    }
    let mem = r.peak_mb.map_or("?".into(), |mb| format!("{mb:.1} MB"));
    println!(
        "{}  {}  {}  {}  {}  {}",
        pad("peak memory (VmHWM)", name_w),
        lpad("", 5),
        lpad(&mem, 10),
        lpad("", 10),
        pad(&format!("≤ {MEMORY_BUDGET_MB:.0} MB"), 16),
        verdict(r.memory_within)
    );
    let load = |l: Option<f64>| l.map_or("?".into(), |l| format!("{l:.2}"));
    println!("  load average before / after: {} / {}", load(r.load_average.0), load(r.load_average.1));
    if [r.load_average.0, r.load_average.1].into_iter().flatten().any(|l| l > BUSY_LOAD) {
        println!(
            "  ⚠ the machine was busy: other processes' time shows in the p99 values; \
             \"p99 without them\" leaves out the runs during which the process was preempted"
        );
    }
    let steps: Vec<String> = r.open_steps.iter().map(|(k, v)| format!("{k} {}", ms_text(*v))).collect();
    println!("  open + load, median per step: {}", steps.join(" · "));
    let ops: Vec<String> = r.op_only.iter().map(|(k, v)| format!("{k} {}", ms_text(*v))).collect();
    println!("  operation alone (no reads), median: {}", ops.join(" · "));
}

/// `1000000` as `1,000,000` (the product's own words for a count).
pub fn thousands(n: usize) -> String {
    sprintboard::domain::text::count(n as i64)
}
