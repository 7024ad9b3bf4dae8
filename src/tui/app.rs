//! The application: terminal events in, through the keymap, to the
//! features that change the session; frames out, drawn from the session's
//! read-only snapshot. Only this module sees both sides.

use super::keymap::Key;
use super::session::Session;
use crate::config::Config;
use crate::store::Store;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};

pub use super::state::*;

/// The session and the event handling around it. `App` derefs to its
/// [`Session`], so tests and the loop read the state directly.
pub struct App {
    session: Session,
}

impl std::ops::Deref for App {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl std::ops::DerefMut for App {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.session
    }
}

impl App {
    /// Builds the app on an open board, focused on the first backlog story.
    pub fn new(store: Store, config: &Config, size: (u16, u16)) -> crate::store::Result<App> {
        Ok(App { session: Session::new(store, config, size)? })
    }

    /// Draws a frame and keeps where things went, for the next mouse event.
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let hits = super::views::draw(frame, &self.session.ctx());
        self.session.hits = hits;
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => self.session.handle_mouse(m),
            Event::Resize(w, h) => {
                self.size = (w, h);
                self.refresh();
            }
            _ => {}
        }
        self.prepare_details();
    }

    /// Handles a key, then prepares what the details strip shows.
    pub fn handle_key(&mut self, key: KeyEvent) {
        self.dispatch_key(key);
        self.prepare_details();
    }

    /// A key goes to the popup or filter line first, then to the keymap.
    fn dispatch_key(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let session = &mut self.session;
        // Ctrl-C quits from anywhere, forms and the filter line included;
        // over a form holding typed text it asks first (SPEC §3), so a
        // stray Ctrl-C never loses a story half written.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            if let Some(super::popup::Popup::Form(form, _)) = session.popup.as_mut()
                && form.changed()
                && !form.quit_asked
            {
                form.quit_asked = true;
                use super::keymap::{Layer, LayerAction};
                let key = |a| session.keymap.layer_key(Layer::Form, a);
                let (esc, save) = (key(LayerAction::Cancel), key(LayerAction::Submit));
                form.error = Some(format!("Ctrl-C again quits, losing your typing · {esc} closes · {save} saves"));
                return;
            }
            self.quit = true;
            return;
        }
        // While the terminal is too small nothing is shown, so nothing acts.
        let (w, h) = super::layout::MIN_SIZE;
        if self.size.0 < w || self.size.1 < h {
            self.quit |= key.code == KeyCode::Char('q');
            return;
        }
        if self.popup.is_some() {
            super::features::popups::handle_key(&mut self.session, key);
            return;
        }
        if self.filter_editing {
            super::features::filter::handle_key(&mut self.session, key);
            return;
        }
        let key = Key::from_event(key);
        if let Some(action) = self.keymap.resolve(key, self.screen) {
            self.update(action);
        } else if let Some(b) = self.keymap.bindings().iter().find(|b| b.keys.contains(&key)) {
            // A key of another screen (p on the Risks screen) says so, so a
            // room watching never wonders whether it was heard.
            let words = format!("{} is not available on the {} screen", b.action.words(), self.screen.title());
            self.session.say(Err(words));
        }
    }
}
