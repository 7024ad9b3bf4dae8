//! The screen itself, measured: open to first frame, and key to frame — a
//! real key event through the keymap, the operation, the reload of what the
//! Plan screen shows, and a full draw into a `TestBackend` (ratatui's own
//! rendering and diff; only the write to a real terminal is left out).

use super::harness::{Bench, Budget, Samples};
use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::config::Config;
use sprintboard::store::Store;
use sprintboard::tui::app::App;
use std::path::Path;
use std::time::Instant;

/// The terminal size the frames are drawn at.
const SIZE: (u16, u16) = (120, 40);
const OPEN_RUNS: usize = 100;
const KEY_RUNS: usize = 1000;

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) -> Result<()> {
    terminal.draw(|f| app.draw(f))?;
    Ok(())
}

/// Records "open to first frame" and "key to frame" for the board at `path`.
pub fn run(path: &Path, stories: usize, bench: &mut Bench) -> Result<()> {
    let config = Config::default();
    let runs = bench.runs(OPEN_RUNS);
    let mut samples = Samples::new();
    for _ in 0..Bench::warmup(runs) + runs {
        let start = Instant::now();
        let store = Store::open(path)?;
        let mut app = App::new(store, &config, SIZE)?;
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1))?;
        draw(&mut terminal, &mut app)?;
        samples.push(start.elapsed());
    }
    bench.record("open to first frame (120×40)", Budget::open(stories), &samples.skip(Bench::warmup(runs)));

    // Key to frame: L (backlog → active sprint) and H (back to the top of the
    // backlog) alternate, so the board stays as it was; then J/K and +/-.
    let mut app = App::new(Store::open(path)?, &config, SIZE)?;
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1))?;
    draw(&mut terminal, &mut app)?;
    let runs = bench.runs(KEY_RUNS);
    for (name, keys) in [
        ("key to frame: L / H (drag between columns)", ['L', 'H']),
        ("key to frame: J / K (re-rank)", ['J', 'K']),
        ("key to frame: + / - (estimate)", ['+', '-']),
        ("key to frame: j / k (focus only)", ['j', 'k']),
    ] {
        let mut samples = Samples::new();
        for i in 0..Bench::warmup(runs) + runs {
            let key = KeyEvent::new(KeyCode::Char(keys[i % 2]), KeyModifiers::NONE);
            let start = Instant::now();
            app.handle_key(key);
            draw(&mut terminal, &mut app)?;
            samples.push(start.elapsed());
        }
        anyhow::ensure!(!app.message.error, "{name}: {}", app.message.text);
        bench.record(name, Budget::KEY, &samples.skip(Bench::warmup(runs)));
    }
    Ok(())
}
