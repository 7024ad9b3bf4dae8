//! The terminal screens: a synchronous Elm-style loop (ratatui's
//! `examples/apps/todo-list`): draw → read event → keymap → action → update.

pub mod action;
pub mod app;
pub mod columns;
pub mod features;
pub mod forecast;
pub mod form;
pub mod key;
pub mod keymap;
pub mod layer;
pub mod layout;
mod load;
pub mod palette;
pub mod popup;
pub mod roadmap_grid;
pub mod screen_keys;
pub mod session;
pub mod sprint_board;
pub mod state;
pub mod team_state;
pub mod theme;
pub mod views;
pub mod widgets;

use crate::config::Config;
use crate::store::Store;
use app::App;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use std::time::Duration;

/// How often the loop looks for changes made by another instance.
/// 100 ms, so another user's change is on screen within 200 ms (SPEC §7);
/// a poll between keys costs one cheap check (a pragma on a file, the
/// notifications already received from a server).
const POLL: Duration = Duration::from_millis(100);

/// Runs the terminal UI on an open board until the user quits. The
/// terminal is restored on every way out: quit, error, or panic.
pub fn run(store: Store, config: &Config) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the board screens need a terminal; in scripts use the commands (sprintboard --help)");
    }
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(store, config, size)?;
    app.start_forecast_worker();
    let mut terminal = ratatui::try_init()?;
    // ratatui's panic hook restores the screen; this one also releases the mouse.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = run_loop(&mut terminal, &mut app);
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn run_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut idle_polls = 0;
    while !app.quit {
        if dirty {
            terminal.draw(|f| app.draw(f))?;
            dirty = false;
        }
        if event::poll(POLL)? {
            app.handle_event(event::read()?);
            dirty = true;
            idle_polls = 0;
        } else if app.poll_external_changes() {
            dirty = true;
        } else {
            // After a second without keys, fold the log into the file so that
            // the next action does not pay for a checkpoint.
            idle_polls += 1;
            if idle_polls == 10 {
                let _ = app.store.checkpoint();
            }
        }
        if app.poll_forecast() {
            dirty = true;
        }
    }
    Ok(())
}
