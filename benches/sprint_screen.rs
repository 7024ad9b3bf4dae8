//! SPEC §8: "on the Sprint screen right after a 23,000-story import, a key
//! still costs ≤ 1 ms median". `cargo bench --bench sprint_screen`.
//!
//! Builds the demo board (its active sprint contains today), imports the
//! story-points data set (`../shared/datasets/storypoints/*.csv`, 23,313
//! stories, as one CSV: one import, one history entry inside the sprint),
//! then opens the Sprint screen and measures key to frame: a real key event
//! through the keymap, the operation, the reload (burndown included) and a
//! full draw into a `TestBackend`. Without `../shared` it generates 23,313
//! stories of the same shape instead, and says so.
//!
//! Instruction counts (repeatable on a noisy machine):
//! `cargo bench --bench sprint_screen -- --prepare /tmp/sprint.db` once, then
//! `valgrind --tool=callgrind --toggle-collect='*press_keys*' target/release/deps/sprint_screen-* --keys /tmp/sprint.db 200 LHH`
//! and divide the total by 200 (keys in turn; default Space). `--plan-keys` does the
//! same on the Plan screen.

use anyhow::{Context, Result, bail};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::config::Config;
use sprintboard::store::Store;
use sprintboard::tui::app::App;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SIZE: (u16, u16) = (120, 40);
const RUNS: usize = 1000;
const WARMUP: usize = 50;
/// Inside the demo's active sprint, whatever the day the bench runs.
const NOW: &str = "2026-11-02T09:00:00";

fn main() {
    if let Err(e) = main_inner() {
        eprintln!("sprint_screen: {e:#}");
        std::process::exit(1);
    }
}

fn main_inner() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.first().map(String::as_str) {
        Some("--prepare") => {
            let path = PathBuf::from(args.get(1).context("--prepare PATH")?);
            prepare(&path)?;
        }
        Some(mode @ ("--keys" | "--plan-keys")) => {
            let path = PathBuf::from(args.get(1).context("--keys PATH N")?);
            let n: usize = args.get(2).context("--keys PATH N")?.parse()?;
            let keys: Vec<char> = args.get(3).map_or(vec![' '], |k| k.chars().collect());
            let (mut app, mut terminal) = sprint_screen(&path, mode == "--keys")?;
            press_keys(&mut app, &mut terminal, n, &keys)?;
        }
        _ => {
            let dir = tempfile::tempdir()?;
            let path = dir.path().join("sprint.db");
            prepare(&path)?;
            let (mut app, mut terminal) = sprint_screen(&path, true)?;
            for (name, keys) in [
                ("Space (status, op + burndown reload)", [' ', ' ', ' ']),
                ("L / H (status drag)", ['L', 'H', 'H']),
                ("j / k (focus only)", ['j', 'k', 'k']),
            ] {
                let mut samples = Vec::new();
                for i in 0..WARMUP + RUNS {
                    let key = KeyEvent::new(KeyCode::Char(keys[i % 3]), KeyModifiers::NONE);
                    let start = Instant::now();
                    app.handle_key(key);
                    terminal.draw(|f| app.draw(f))?;
                    if i >= WARMUP {
                        samples.push(start.elapsed());
                    }
                }
                if app.message.error {
                    bail!("{name}: {}", app.message.text);
                }
                samples.sort();
                let ms = |d: Duration| d.as_secs_f64() * 1000.0;
                let at = |q: f64| ms(samples[((samples.len() - 1) as f64 * q) as usize]);
                println!(
                    "Sprint screen after a 23,313-story import, {name}: median {:.3} ms, p99 {:.3} ms over {} keys (budget: median ≤ 1 ms, p99 ≤ 5 ms)",
                    at(0.5),
                    at(0.99),
                    samples.len()
                );
            }
        }
    }
    Ok(())
}

/// The keys measured under callgrind, in turn (default Space: todo → doing
/// → done → todo, so the board ends as it began).
#[inline(never)]
fn press_keys(app: &mut App, terminal: &mut Terminal<TestBackend>, n: usize, keys: &[char]) -> Result<()> {
    for i in 0..n {
        app.handle_key(KeyEvent::new(KeyCode::Char(keys[i % keys.len()]), KeyModifiers::NONE));
        terminal.draw(|f| app.draw(f))?;
    }
    Ok(())
}

/// The app on the Sprint screen (or, `sprint` false, the Plan screen).
fn sprint_screen(path: &Path, sprint: bool) -> Result<(App, Terminal<TestBackend>)> {
    let mut store = Store::open(path)?;
    store.set_clock(Some(chrono::NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S")?));
    let mut app = App::new(store, &Config::default(), SIZE)?;
    if sprint {
        app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    }
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1))?;
    terminal.draw(|f| app.draw(f))?;
    if app.focused_card().is_none() {
        bail!("the Sprint screen shows no story to press keys on");
    }
    Ok((app, terminal))
}

/// The demo board with 23,313 stories imported into it in one import.
fn prepare(path: &Path) -> Result<()> {
    let bin = env!("CARGO_MANIFEST_DIR").to_string() + "/target/release/sprintboard";
    if !Path::new(&bin).exists() {
        bail!("build the binary first: cargo build --release");
    }
    let run = |args: &[&str]| -> Result<()> {
        let out = Command::new(&bin)
            .args(args)
            .env("SPRINTBOARD_NOW", NOW)
            .env("SPRINTBOARD_CONFIG", "/nonexistent/config.toml")
            .output()?;
        if !out.status.success() {
            bail!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    let _ = std::fs::remove_file(path);
    let db = path.to_string_lossy().to_string();
    run(&["init", "--db", &db, "--demo"])?;
    let csv = path.with_extension("csv");
    write_stories(&csv)?;
    let started = Instant::now();
    run(&["import", "--db", &db, &csv.to_string_lossy()])?;
    eprintln!("imported 23,313 stories in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One CSV of the story-points data set (or generated stories of its shape).
fn write_stories(csv: &Path) -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/storypoints");
    let mut out = String::from("issuekey,title,description,storypoint\n");
    if dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        for file in files {
            let mut reader = csv::Reader::from_path(&file)?;
            let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            for rec in reader.records() {
                let rec = rec?;
                writer.write_record([&rec[0], &rec[1], &rec[2], &rec[3]])?;
            }
            out.push_str(&String::from_utf8(writer.into_inner()?)?);
        }
    } else {
        eprintln!("../shared/datasets/storypoints is not here: generating 23,313 stories of the same shape instead");
        for i in 0..23_313 {
            out.push_str(&format!(
                "GEN-{i},Generated story number {i} for the bench,A description of story {i},{}\n",
                [1, 2, 3, 5, 8][i % 5]
            ));
        }
    }
    std::fs::write(csv, out)?;
    Ok(())
}
