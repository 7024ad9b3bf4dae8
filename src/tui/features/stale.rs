//! Keeping the screen honest when the board changes under it: refusing a
//! key that was meant for what the screen showed before someone else's
//! change, and moving the focus to what an undo or redo brought back.

use crate::domain::*;
use crate::ops;
use crate::store::Reads;
use crate::tui::session::{Column, Screen, Session};

impl Session {
    /// When `card` changed since the screen showed it, says so (who and
    /// what), reloads, and returns true: an action that would stop at an
    /// edge must not explain itself by a place the story has left.
    pub(super) fn refused_as_stale(&mut self, card: &crate::store::Card) -> bool {
        // Someone else's change reached the screen a moment ago: too soon
        // for the key to have been meant for what it now shows.
        let reaction = std::time::Duration::from_millis(400);
        let just = self.just_changed.take().filter(|(at, id, _)| *id == card.id && at.elapsed() < reaction);
        let now = self.store.card(card.id).ok().flatten();
        if just.is_none() && now.as_ref().is_some_and(|c| c.version == card.version) {
            return false;
        }
        let why = ops::stale_words(&self.store, &card.key, crate::store::Table::Story, card.id.0)
            .unwrap_or_else(|e| e.to_string());
        self.changed();
        self.refresh();
        self.say(Err(why));
        true
    }

    /// [`Session::refused_as_stale`] without reading the card: for a key
    /// whose action checks the story's version itself, in its transaction
    /// (so that on a server the key costs no read of its own). Only a
    /// change of someone else's that reached the screen a moment ago
    /// refuses it here.
    pub(super) fn refused_as_just_changed(&mut self, card: &crate::store::Card) -> bool {
        let reaction = std::time::Duration::from_millis(400);
        let just = self.just_changed.is_some_and(|(at, id, _)| id == card.id && at.elapsed() < reaction);
        just && self.refused_as_stale(card)
    }

    /// Focuses a story an undo or redo brought back (Plan screen: its
    /// column, scrolled to it; Sprint screen: its status column).
    pub(super) fn focus_restored(&mut self, id: StoryId) {
        let Ok(Some(card)) = self.store.card(id) else { return };
        match self.screen {
            Screen::Plan => {
                if let Some(col) = self.columns().iter().position(|c| *c == Column::Stories(card.place)) {
                    self.focus_story(col, id);
                }
            }
            Screen::Sprint => {
                let b = &mut self.sprint_board;
                for (i, col) in b.columns.iter().enumerate() {
                    if let Some(r) = col.iter().position(|c| c.id == id) {
                        b.focus = i;
                        b.rows[i] = r;
                    }
                }
            }
            _ => {}
        }
    }

    /// The card the screen shows next to `card` (above or below), if any.
    pub(super) fn shown_neighbour(&self, card: &crate::store::Card, step: Step) -> Option<crate::store::Card> {
        let w = self.windows.get(&card.place)?;
        let i = w.cards.iter().position(|c| c.id == card.id)?;
        match step {
            Step::Up => i.checked_sub(1).and_then(|j| w.cards.get(j)).or(w.before.as_ref()).cloned(),
            Step::Down => w.cards.get(i + 1).or(w.after.as_ref()).cloned(),
        }
    }
}
