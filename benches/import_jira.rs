//! A 50 MB Jira CSV import (issue 11, SPEC §8): `cargo bench --bench import_jira`.
//!
//! Writes a Jira "All fields" export of about 50 MB by repeating the rows of
//! a real one (`tests/fixtures/interchange/jira-bellali-agile-sim-allfields.csv`:
//! 92 columns, repeated Labels and Log Work headers, 5 sprints, 7 epics with
//! sub-tasks under their stories) with fresh keys and ids, so that every
//! copy brings its own 7 epics (about 5,000 in all) and its parents point
//! into its own copy; then times `sprintboard import FILE` into a fresh
//! board, the release binary in a child process, with the child's peak
//! memory (`ru_maxrss` from `wait4`). Budget: ≤ 5 s and ≤ 300 MB.
//!
//! Environment: `JIRA_MB=50` (the file's size), `IMPORT_RUNS=5` (median of
//! that many runs), `IMPORT_STRICT=1` exits with 1 when over budget.

use anyhow::{Context, Result, bail, ensure};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SOURCE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interchange/jira-bellali-agile-sim-allfields.csv");
const BUDGET_S: f64 = 5.0;
const MEMORY_BUDGET_MB: f64 = 300.0;

fn main() {
    if let Err(e) = run() {
        eprintln!("import_jira bench: {e:#}");
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: usize) -> Result<usize> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().parse().with_context(|| format!("{name}={v}")))
        .transpose()
        .map(|v| v.unwrap_or(default))
}

/// Writes the big export; returns how many issues and epics it has.
fn write_big(path: &Path, bytes: u64) -> Result<(usize, usize)> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(SOURCE)?;
    let mut rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>()?;
    let header = rows.remove(0);
    let col = |name: &str| header.iter().position(|h| h == name).with_context(|| format!("no {name} column"));
    let (key, id, kind, parent, parent_key) =
        (col("Issue key")?, col("Issue id")?, col("Issue Type")?, col("Parent")?, col("Parent key")?);
    let number = |k: &str| k.rsplit_once('-').and_then(|(_, n)| n.parse::<u64>().ok()).unwrap_or(0);
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(&header)?;
    let (mut issues, mut epics, mut copy) = (0, 0, 0u64);
    loop {
        for r in &rows {
            let mut cells: Vec<String> = r.iter().map(String::from).collect();
            // Copy `copy` of issue N is BIG-(copy*1000+N), id copy*1,000,000+id.
            let fresh_key = |k: &str| format!("BIG-{}", copy * 1000 + number(k));
            let fresh_id = |i: &str| i.parse::<u64>().map(|i| (copy * 1_000_000 + i).to_string()).unwrap_or_default();
            cells[key] = fresh_key(&r[key]);
            cells[id] = fresh_id(&r[id]);
            if !r[parent_key].is_empty() {
                cells[parent_key] = fresh_key(&r[parent_key]);
                cells[parent] = fresh_id(&r[parent]);
            }
            epics += usize::from(r[kind] == *"Epic");
            issues += 1;
            out.write_record(&cells)?;
        }
        copy += 1;
        out.flush()?;
        if std::fs::metadata(path)?.len() >= bytes {
            return Ok((issues, epics));
        }
    }
}

/// One run of the real binary: wall time and peak memory.
fn measured(cmd: &mut Command) -> Result<(Duration, f64, String)> {
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed `rusage` is a valid value for `wait4` to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    ensure!(waited == pid, "wait4 failed: {}", std::io::Error::last_os_error());
    let mut said = String::new();
    use std::io::Read;
    child.stdout.take().map(|mut o| o.read_to_string(&mut said)).transpose()?;
    child.stderr.take().map(|mut e| e.read_to_string(&mut said)).transpose()?;
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{cmd:?} failed: {}", said.trim());
    }
    Ok((wall, usage.ru_maxrss as f64 / 1024.0, said))
}

fn run() -> Result<()> {
    let mb = env_number("JIRA_MB", 50)?;
    let runs = env_number("IMPORT_RUNS", 5)?.max(1);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&target)?;
    let dir = tempfile::tempdir_in(&target)?;
    let file = dir.path().join("jira-big.csv");
    let (issues, epics) = write_big(&file, mb as u64 * 1_000_000)?;
    let size = std::fs::metadata(&file)?.len() as f64 / 1e6;
    println!("Jira CSV of {size:.0} MB: {issues} issues, {epics} epics");
    let db = dir.path().join("board.db");
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for run in 1..=runs {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sprintboard"));
        cmd.arg("--db").arg(&db).arg("import").arg(&file);
        cmd.env("SPRINTBOARD_NOW", "2026-11-02").env("SPRINTBOARD_CONFIG", dir.path().join("no-config.toml"));
        let (wall, mem, said) = measured(&mut cmd)?;
        let want = format!("Imported {} stories", sprintboard::domain::text::count((issues - epics) as i64));
        ensure!(said.starts_with(&want), "the import said: {}", said.trim());
        eprintln!("  run {run}: {:.2} s, {mem:.0} MB", wall.as_secs_f64());
        times.push(wall.as_secs_f64());
        peak = peak.max(mem);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let ok = median <= BUDGET_S && peak <= MEMORY_BUDGET_MB;
    println!(
        "median {median:.2} s (min {:.2}, max {:.2}) over {runs} runs, peak {peak:.0} MB; budget ≤ {BUDGET_S} s, ≤ {MEMORY_BUDGET_MB} MB: {}",
        times[0],
        times[times.len() - 1],
        if ok { "within" } else { "OVER" }
    );
    if !ok && std::env::var("IMPORT_STRICT").is_ok_and(|v| v == "1") {
        bail!("over budget");
    }
    Ok(())
}
