//! The Sprint screen's update logic: loading its board, focus moves and
//! drags between To Do, Doing and Done.

use crate::domain::*;
use crate::ops;
use crate::store::{Card, Reads};
use crate::tui::action::Action;
use crate::tui::session::Session;
use crate::tui::sprint_board::{STATUSES, column_of};

impl Session {
    /// Reloads the Sprint screen, keeping the focus on the same story.
    pub fn reload_sprint_board(&mut self) -> crate::store::Result<()> {
        let keep = self.sprint_board_card().map(|c| c.id);
        let mut b = std::mem::take(&mut self.sprint_board);
        b.sprint = self.store.active_sprint()?;
        b.columns = Default::default();
        b.burndown = None;
        if let Some(s) = &b.sprint {
            let cards = self.store.cards_after(Place::Sprint(s.id), None, 10_000, &self.filter)?;
            for c in cards {
                b.columns[column_of(c.status)].push(c);
            }
            b.burndown = ops::burndown_with(&self.store, s.id, self.store.today(), &mut b.events).ok();
        }
        if let Some(id) = keep {
            for (i, col) in b.columns.iter().enumerate() {
                if let Some(r) = col.iter().position(|c| c.id == id) {
                    b.focus = i;
                    b.rows[i] = r;
                }
            }
        }
        for i in 0..3 {
            b.rows[i] = b.rows[i].min(b.columns[i].len().saturating_sub(1));
        }
        self.sprint_board = b;
        Ok(())
    }

    /// The focused card on the Sprint screen.
    pub fn sprint_board_card(&self) -> Option<&Card> {
        let b = &self.sprint_board;
        b.columns[b.focus].get(b.rows[b.focus])
    }

    /// Focus movement on the Sprint screen.
    pub fn sprint_focus(&mut self, action: Action) {
        let b = &mut self.sprint_board;
        let n = b.columns[b.focus].len();
        match action {
            Action::FocusLeft => b.focus = b.focus.saturating_sub(1),
            Action::FocusRight => b.focus = (b.focus + 1).min(2),
            Action::FocusUp => b.rows[b.focus] = b.rows[b.focus].saturating_sub(1),
            Action::FocusDown => b.rows[b.focus] = (b.rows[b.focus] + 1).min(n.saturating_sub(1)),
            Action::First | Action::PageUp => b.rows[b.focus] = 0,
            _ => b.rows[b.focus] = n.saturating_sub(1),
        }
    }

    /// `H`/`L` change status (To Do ↔ Doing ↔ Done), `K`/`J` re-rank among
    /// the stories of the same status. The focus follows the story.
    pub fn sprint_drag(&mut self, action: Action) {
        let Some(card) = self.sprint_board_card().cloned() else {
            return self.say(Err("No story has the focus here".into()));
        };
        // Edges are judged on the story as it is, not as the screen last
        // showed it: at one, the card is read first; elsewhere the action
        // checks the story's version itself.
        if self.refused_as_just_changed(&card) {
            return;
        }
        let col = column_of(card.status);
        let result = match action {
            Action::DragLeft | Action::DragRight => {
                let to = if action == Action::DragRight { col + 1 } else { col.wrapping_sub(1) };
                let Some(status) = STATUSES.get(to) else {
                    if self.refused_as_stale(&card) {
                        return;
                    }
                    let edge = if action == Action::DragRight { "done" } else { "to do" };
                    return self.say(Ok(format!("{} is already {edge}", card.key)));
                };
                ops::set_status(&mut self.store, &card, *status)
            }
            _ => {
                let list = &self.sprint_board.columns[col];
                let i = list.iter().position(|c| c.id == card.id).unwrap_or(0);
                let next =
                    if action == Action::DragUp { i.checked_sub(1).and_then(|j| list.get(j)) } else { list.get(i + 1) };
                let Some(other_id) = next.map(|o| o.id) else {
                    if self.refused_as_stale(&card) {
                        return;
                    }
                    let edge = if action == Action::DragUp { "first" } else { "last" };
                    return self.say(Ok(format!("{} is already {edge}", card.key)));
                };
                let position =
                    if action == Action::DragUp { Position::Before(other_id) } else { Position::After(other_id) };
                // The move says where it went among the column's cards.
                ops::move_story(&mut self.store, &card, card.place, position)
            }
        };
        self.after_op(result);
    }
}
