//! The `/` filter line: typing narrows every story column at once.

use crate::tui::action::Action;
use crate::tui::keymap::{Key, Layer, LayerAction};
use crate::tui::session::Session;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Handles a key while the filter line is being typed into: the filter
/// layer of the keymap first; any other plain character is typed.
pub fn handle_key(app: &mut Session, key: KeyEvent) {
    match app.keymap.in_layer(Layer::Filter, Key::from_event(key)) {
        Some(LayerAction::Clear) => {
            app.filter_editing = false;
            app.filter.text.clear();
            reload(app);
            app.say(Ok("Filter cleared".into()));
            return;
        }
        Some(LayerAction::Apply) => {
            app.filter_editing = false;
            let text = app.filter.text.clone();
            let clear = app.keymap.key_for(Action::Clear).map_or(String::new(), |k| format!(" · {k} clears"));
            app.say(Ok(if text.is_empty() { "No filter".into() } else { format!("Filtered by \"{text}\"{clear}") }));
            return;
        }
        Some(LayerAction::EraseLine) => app.filter.text.clear(),
        _ => match key.code {
            KeyCode::Backspace => {
                app.filter.text.pop();
            }
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                app.filter.text.push(c)
            }
            _ => return,
        },
    }
    reload(app);
}

/// The filter line's hint, from the keymap: `Enter keep · Esc clear`.
pub fn hint(app: &Session) -> String {
    app.keymap.filter_hint()
}

/// The Plan screen reloads its windows; the Sprint screen its board.
fn reload(app: &mut Session) {
    if app.screen == crate::tui::session::Screen::Sprint { app.refresh() } else { app.refresh_windows() }
}
