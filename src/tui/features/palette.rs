//! The `:` palette's keys: typing filters, Enter hands the chosen action
//! back to be run through the same dispatch as its key.

use crate::tui::keymap::{Key, Layer, LayerAction};
use crate::tui::palette::{Palette, entries};
use crate::tui::session::Session;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Opens the palette (`:`).
pub fn open(app: &mut Session) {
    app.popup = Some(crate::tui::popup::Popup::Palette(Palette::default()));
}

/// Handles a key while the palette is open.
pub fn handle_key(app: &mut Session, mut palette: Palette, key: KeyEvent) {
    use LayerAction as L;
    let shown = entries(&app.keymap, app.screen, &palette.query).len();
    match app.keymap.in_layer(Layer::Palette, Key::from_event(key)) {
        Some(L::Close) => return,
        Some(L::Run) => {
            let chosen = entries(&app.keymap, app.screen, &palette.query).get(palette.selected).map(|b| b.action);
            return match chosen {
                Some(action) => app.update(action),
                None => {
                    app.say(Err(format!("No action of this screen matches \"{}\"", palette.query)));
                    app.popup = Some(crate::tui::popup::Popup::Palette(palette));
                }
            };
        }
        Some(L::Down) => palette.selected = (palette.selected + 1).min(shown.saturating_sub(1)),
        Some(L::Up) => palette.selected = palette.selected.saturating_sub(1),
        Some(L::EraseLine) => {
            palette.query.clear();
            palette.selected = 0;
        }
        // Everything else is typing.
        _ => match key.code {
            KeyCode::Backspace => {
                palette.query.pop();
                palette.selected = 0;
            }
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                palette.query.push(c);
                palette.selected = 0;
            }
            _ => {}
        },
    }
    app.popup = Some(crate::tui::popup::Popup::Palette(palette));
}
