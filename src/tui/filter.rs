//! The `/` filter line: typing narrows every story column at once.

use super::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Handles a key while the filter line is being typed into.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Esc => {
            app.filter_editing = false;
            app.filter.text.clear();
            reload(app);
            app.say(Ok("Filter cleared".into()));
            return;
        }
        KeyCode::Enter => {
            app.filter_editing = false;
            let text = app.filter.text.clone();
            app.say(Ok(if text.is_empty() {
                "No filter".into()
            } else {
                format!("Filtered by \"{text}\" · Esc clears")
            }));
            return;
        }
        KeyCode::Backspace => {
            app.filter.text.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => app.filter.text.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => app.filter.text.push(c),
        _ => return,
    }
    reload(app);
}

/// The Plan screen reloads its windows; the Sprint screen its board.
fn reload(app: &mut App) {
    if app.screen == super::app::Screen::Sprint { app.refresh() } else { app.refresh_windows() }
}
