//! Import of SPEC §8, measured: `cargo bench --bench import`.
//!
//! Writes files of 100,000 and 1,000,000 stories into a temporary folder
//! under `target/` — a `sprintboard/1` document laid out as an export lays
//! it out, and the same stories as a plain CSV; seeded, so every run imports
//! the same bytes — then times `sprintboard import FILE` of each into a
//! fresh board file, the real binary in a child process, with the child's
//! peak memory (its `ru_maxrss` from `wait4`: the VmHWM it ended with).
//! Budget: 100,000 stories ≤ 3 s, 1,000,000 ≤ 30 s (linear in between),
//! ≤ 300 MB. It also imports the 23,313 real stories of
//! `../shared/datasets/storypoints/`, joined into one CSV (budget 1 s).
//!
//! For comparison, each file is also imported without history: the bench
//! runs itself as `--untracked FILE DB`, which reads the file through the
//! same readers and writes it through `ops::create_board` (one untracked
//! transaction). The difference between the two is what recording the
//! undo history costs; the rest is reading and writing the board.
//!
//! Medians over `IMPORT_RUNS` runs (default 5; 3 at a million stories).
//! Environment: `IMPORT_SIZES=100k,1m` (the default; `10k` works too),
//! `IMPORT_FORMATS=json,csv` (default both), `IMPORT_RUNS=5`,
//! `IMPORT_UNTRACKED=0` skips the comparison, `IMPORT_DATASET=0` skips the
//! real stories, `IMPORT_STRICT=1` exits with 1 when anything is over
//! budget. Results also go to `target/bench-import-results.json`.
//!
//! To keep a file for profiling or for timing another build by hand, the
//! bench writes one: `target/release/deps/import-HASH --write 1m FILE.json`
//! (or `.csv`); `--untracked FILE BOARD` imports it without history.

#[allow(dead_code)] // Shared with the budget bench, which uses the rest.
mod support {
    pub mod generate;
    pub mod import_files;
    pub mod words;
}

use anyhow::{Context, Result, anyhow, bail, ensure};
use sprintboard::interchange::{self, ImportFormat};
use sprintboard::{ops, store::Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::import_files::{Format, TODAY, write};

/// SPEC §8: importing grows linearly, 1,000,000 stories in 30 s.
const SECONDS_PER_STORY: f64 = 30.0 / 1e6;
/// SPEC §8: "in ≤ 300 MB of memory".
const MEMORY_BUDGET_MB: f64 = 300.0;
/// SPEC §8: the 23,000 real stories "under 1 s".
const DATASET_BUDGET_S: f64 = 1.0;
const DATASET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/datasets/storypoints");

fn main() {
    if let Err(e) = main_inner() {
        eprintln!("import bench: {e:#}");
        std::process::exit(1);
    }
}

fn main_inner() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--untracked") => {
            let (file, db) = (args.get(1).context("no file")?, args.get(2).context("no board")?);
            untracked(Path::new(file), Path::new(db))
        }
        Some("--write") => {
            let (n, path) = (args.get(1).context("no size")?, args.get(2).context("no path")?);
            let format = if path.ends_with(".csv") { Format::Csv } else { Format::Json };
            write(Path::new(path), parse_size(n)?, format)
        }
        _ => orchestrate(),
    }
}

/// The comparison child: the same readers, one untracked transaction.
fn untracked(file: &Path, db: &Path) -> Result<()> {
    let mut store = Store::open(db)?;
    store.set_clock(Some(format!("{TODAY}T09:00:00").parse()?));
    let mut import = interchange::open(file, ImportFormat::Auto)?;
    let got = ops::create_board(&mut store, import.source.as_mut()).map_err(|e| import.error(e))?;
    println!("Imported {} stories without history", thousands(got.stories));
    Ok(())
}

/// One measured child: wall time from spawn to exit, and its peak memory.
struct Run {
    wall: Duration,
    peak_kib: u64,
    stdout: String,
}

fn measured(cmd: &mut Command) -> Result<Run> {
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed `rusage` is a valid value for `wait4` to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // `wait4` rather than `Child::wait`: it also says the child's peak
    // resident memory, which `/proc` no longer shows once it has exited.
    // SAFETY: `pid` is our child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    ensure!(waited == pid, "wait4 failed: {}", std::io::Error::last_os_error());
    let mut stdout = String::new();
    let mut stderr = String::new();
    use std::io::Read;
    child.stdout.take().map(|mut o| o.read_to_string(&mut stdout)).transpose()?;
    child.stderr.take().map(|mut e| e.read_to_string(&mut stderr)).transpose()?;
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{cmd:?} failed: {}", stderr.trim());
    }
    // Linux gives `ru_maxrss` in KiB.
    Ok(Run { wall, peak_kib: usage.ru_maxrss as u64, stdout })
}

fn remove_board(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// What one way of importing one file measured.
#[derive(Debug, serde::Serialize)]
struct Measured {
    file: String,
    stories: usize,
    mode: &'static str,
    runs: usize,
    median_s: f64,
    min_s: f64,
    max_s: f64,
    peak_mb: f64,
    budget_s: Option<f64>,
    /// The median within the time budget (`None`: not judged).
    time_within: Option<bool>,
    /// The peak within the memory budget.
    memory_within: Option<bool>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// Imports `file` `runs` times each way (alternating, so that the machine's
/// moods fall on both), each into a new board file.
fn measure(dir: &Path, file: &Path, stories: usize, runs: usize, budget_s: f64) -> Result<Vec<Measured>> {
    let db = dir.join("board.db");
    let name = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let modes: &[&'static str] =
        if std::env::var("IMPORT_UNTRACKED").is_ok_and(|v| v == "0") { &["import"] } else { &["import", "untracked"] };
    let mut samples: Vec<Vec<Run>> = modes.iter().map(|_| Vec::new()).collect();
    for run in 0..runs {
        for (m, mode) in modes.iter().enumerate() {
            remove_board(&db);
            let mut cmd = if *mode == "import" {
                let mut c = Command::new(env!("CARGO_BIN_EXE_sprintboard"));
                c.arg("--db").arg(&db).arg("import").arg(file);
                c
            } else {
                let mut c = Command::new(std::env::current_exe()?);
                c.arg("--untracked").arg(file).arg(&db);
                c
            };
            cmd.env("SPRINTBOARD_NOW", TODAY).env("SPRINTBOARD_CONFIG", dir.join("no-config.toml"));
            let r = measured(&mut cmd)?;
            let said = format!("Imported {} stor", thousands(stories));
            ensure!(r.stdout.starts_with(&said), "{mode} of {name} said: {}", r.stdout.trim());
            eprintln!(
                "    {name} {mode} run {}: {:.2} s, {:.0} MB",
                run + 1,
                r.wall.as_secs_f64(),
                r.peak_kib as f64 / 1024.0
            );
            samples[m].push(r);
        }
    }
    remove_board(&db);
    Ok(modes
        .iter()
        .zip(samples)
        .map(|(mode, runs)| {
            let secs: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
            let peak_mb = runs.iter().map(|r| r.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
            let median_s = median(secs.clone());
            let judged = *mode == "import";
            Measured {
                file: name.clone(),
                stories,
                mode,
                runs: secs.len(),
                median_s,
                min_s: secs.iter().copied().fold(f64::INFINITY, f64::min),
                max_s: secs.iter().copied().fold(0.0, f64::max),
                peak_mb,
                budget_s: judged.then_some(budget_s),
                time_within: judged.then_some(median_s <= budget_s),
                memory_within: judged.then_some(peak_mb <= MEMORY_BUDGET_MB),
            }
        })
        .collect())
}

/// `1000000` as `1,000,000`, as the import's message writes it (the
/// product's own words for a count).
fn thousands(n: usize) -> String {
    sprintboard::domain::text::count(n as i64)
}

/// `100000`, `100_000`, `100k`, `1m`.
fn parse_size(text: &str) -> Result<usize> {
    let t = text.trim().to_lowercase().replace(['_', ','], "");
    let (digits, factor) = match (t.strip_suffix('k'), t.strip_suffix('m')) {
        (Some(d), _) => (d.to_string(), 1_000),
        (_, Some(d)) => (d.to_string(), 1_000_000),
        _ => (t.clone(), 1),
    };
    Ok(digits.parse::<usize>().with_context(|| format!("'{text}' is not a number of stories"))? * factor)
}

fn list(var: &str, default: &str) -> Vec<String> {
    let v = std::env::var(var).ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_string());
    v.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(|s| s.trim().to_lowercase()).collect()
}

/// The story-points data set as one CSV (the files share their header).
fn dataset(dir: &Path) -> Result<(PathBuf, usize)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DATASET)
        .with_context(|| format!("reading {DATASET}"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "csv"));
    files.sort();
    let path = dir.join("storypoints.csv");
    let mut out = csv::Writer::from_path(&path)?;
    let mut rows = 0;
    for (i, f) in files.iter().enumerate() {
        let mut rdr = csv::Reader::from_path(f)?;
        if i == 0 {
            out.write_record(rdr.headers()?)?;
        }
        for r in rdr.records() {
            out.write_record(&r?)?;
            rows += 1;
        }
    }
    out.flush()?;
    Ok((path, rows))
}

fn print(results: &[Measured]) {
    println!();
    println!(
        "{:<26} {:>10} {:<10} {:>4} {:>9} {:>9} {:>9} {:>8}  budget            verdict",
        "file", "stories", "mode", "runs", "median", "min", "max", "peak"
    );
    for m in results {
        let budget = m.budget_s.map_or("info".to_string(), |b| format!("≤ {b:.1} s, ≤ {MEMORY_BUDGET_MB:.0} MB"));
        // Time and memory apart: one can be over while the other is not.
        let verdict = match (m.time_within, m.memory_within) {
            (Some(t), Some(mem)) => {
                format!("time {}, memory {}", if t { "✓" } else { "✗" }, if mem { "✓" } else { "✗" })
            }
            _ => "–".to_string(),
        };
        println!(
            "{:<26} {:>10} {:<10} {:>4} {:>7.2} s {:>7.2} s {:>7.2} s {:>5.0} MB  {budget:<17} {verdict}",
            m.file,
            thousands(m.stories),
            m.mode,
            m.runs,
            m.median_s,
            m.min_s,
            m.max_s,
            m.peak_mb
        );
    }
}

fn orchestrate() -> Result<()> {
    let sizes: Vec<usize> = list("IMPORT_SIZES", "100k,1m").iter().map(|s| parse_size(s)).collect::<Result<_>>()?;
    let formats: Vec<Format> = list("IMPORT_FORMATS", "json,csv")
        .iter()
        .map(|f| match f.as_str() {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(anyhow!("IMPORT_FORMATS: '{other}' is not json or csv")),
        })
        .collect::<Result<_>>()?;
    let runs: usize = std::env::var("IMPORT_RUNS").ok().map(|v| v.trim().parse()).transpose()?.unwrap_or(5).max(1);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&target)?;
    // On the disk the board files live on, not in a memory-backed /tmp.
    let dir = tempfile::tempdir_in(&target)?;
    println!("sprintboard import (SPEC §8); SQLite {}; files in {}", rusqlite::version(), dir.path().display());
    let mut results = Vec::new();
    if std::env::var("IMPORT_DATASET").map_or(true, |v| v != "0") {
        let (file, rows) = dataset(dir.path())?;
        eprintln!("\nstory-points data set: {} stories", thousands(rows));
        results.extend(measure(dir.path(), &file, rows, runs, DATASET_BUDGET_S)?);
        std::fs::remove_file(file)?;
    }
    for &stories in &sizes {
        for &format in &formats {
            let file = dir.path().join(format!("stories-{stories}.{}", format.ext()));
            let started = Instant::now();
            write(&file, stories, format)?;
            let mb = std::fs::metadata(&file)?.len() as f64 / 1e6;
            eprintln!(
                "\n{} stories, {mb:.0} MB of {format:?}, written in {:.1} s",
                thousands(stories),
                started.elapsed().as_secs_f64()
            );
            let n = if stories >= 1_000_000 { runs.min(3) } else { runs };
            results.extend(measure(dir.path(), &file, stories, n, stories as f64 * SECONDS_PER_STORY)?);
            std::fs::remove_file(&file)?;
            print(&results);
            std::fs::write(target.join("bench-import-results.json"), serde_json::to_string_pretty(&results)?)?;
        }
    }
    print(&results);
    std::fs::write(target.join("bench-import-results.json"), serde_json::to_string_pretty(&results)?)?;
    let over = results.iter().filter(|m| m.time_within == Some(false) || m.memory_within == Some(false)).count();
    if over > 0 && std::env::var("IMPORT_STRICT").is_ok_and(|v| v == "1") {
        bail!("{over} over budget");
    }
    Ok(())
}
