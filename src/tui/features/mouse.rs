//! The mouse: a click focuses a card (or an epic, or a column); dragging
//! a card onto another column drops it there, as `L`/`H` would.

use crate::domain::*;
use crate::tui::action::Action;
use crate::tui::session::{Column, Screen, Session};
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

impl Session {
    /// Handles a mouse event on the Plan screen.
    pub fn handle_mouse(&mut self, m: MouseEvent) {
        if self.popup.is_some() || self.screen != Screen::Plan {
            return;
        }
        let hit_card = |app: &Session| {
            app.hits.cards.iter().find(|(r, _, _)| contains(*r, m.column, m.row)).map(|(_, c, s)| (*c, *s))
        };
        let hit_column =
            |app: &Session| app.hits.columns.iter().find(|(r, _)| contains(*r, m.column, m.row)).map(|(_, c)| *c);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((col, story)) = hit_card(self) {
                    self.focus_story(col, story);
                    // The version the user grabbed: a drop after someone
                    // else moved it is refused, not applied.
                    let seen = self.focused_card().filter(|c| c.id == story).map(|c| c.version);
                    self.mouse_drag = Some((col, crate::ops::StoryRef { id: story, seen }));
                } else if let Some(i) =
                    self.hits.epics.iter().find(|(r, _)| contains(*r, m.column, m.row)).map(|(_, i)| *i)
                {
                    self.focus = 0;
                    self.epic_focus = i;
                } else if let Some(col) = hit_column(self) {
                    self.focus = col;
                }
            }
            MouseEventKind::Up(MouseButton::Left) => {
                let Some((from, story)) = self.mouse_drag.take() else { return };
                let Some(to) = hit_column(self) else { return };
                if to == from {
                    return;
                }
                let Some(Column::Stories(place)) = self.columns().get(to).copied() else {
                    self.say(Err("Stories can be dropped on the backlog or a sprint".into()));
                    return;
                };
                let position = match hit_card(self) {
                    Some((col, target)) if col == to && target != story.id => Position::Before(target),
                    _ => Position::Bottom,
                };
                self.move_focused_to(story, from, to, place, position);
            }
            MouseEventKind::ScrollDown => self.update(Action::FocusDown),
            MouseEventKind::ScrollUp => self.update(Action::FocusUp),
            _ => {}
        }
    }
}

fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
