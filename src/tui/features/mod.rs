//! The update step: what each action does. Changes go through `ops`; the
//! screen then reloads only what it shows.

pub mod blocked_by;
pub mod budget;
pub mod dialogs;
pub mod filter;
pub mod mouse;
pub mod palette;
pub mod plan;
pub mod popups;
pub mod risks;
pub mod roadmap;
pub mod sprint;
pub mod sprint_dialogs;
pub mod stale;

use crate::domain::*;
use crate::ops;
use crate::tui::action::Action;
use crate::tui::popup::Popup;
use crate::tui::session::{Column, Screen, Session};
use dialogs::*;

impl Session {
    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        use Action as A;
        if action.changes_board() && self.store.is_read_only() {
            return self.say(Err(self.store.refused().to_string()));
        }
        match action {
            A::Quit => self.quit = true,
            A::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            A::Palette => crate::tui::features::palette::open(self),
            A::Presenter => self.toggle_presenter(),
            A::ToggleMoney => self.toggle_money(),
            A::ScreenPlan => self.go(Screen::Plan),
            A::ScreenSprint => self.go(Screen::Sprint),
            A::ScreenRoadmap => self.go(Screen::Roadmap),
            A::ScreenReports => self.go(Screen::Reports),
            A::ScreenRisks => self.go(Screen::Risks),
            A::ScreenBudget => self.go(Screen::Budget),
            A::NextScreen | A::PrevScreen => {
                let i = Screen::ALL.iter().position(|s| *s == self.screen).unwrap_or(0);
                let n = Screen::ALL.len();
                let j = if action == A::NextScreen { (i + 1) % n } else { (i + n - 1) % n };
                self.go(Screen::ALL[j]);
            }
            A::Undo | A::Redo => {
                let sprints_before = self.data.open_sprints.clone();
                let r = ops::step_history(&mut self.store, crate::store::Whose::Mine, action == A::Undo);
                let story = r.as_ref().ok().and_then(|(_, s)| *s);
                self.after_op(r.map(|(done, _)| done));
                // The focus follows what came back, so the room sees it: the
                // story, or else the sprint the step changed (a start or an
                // edit undone, a deleted sprint back).
                if let Some(id) = story {
                    self.focus_restored(id);
                } else if self.screen == Screen::Plan
                    && let Some(changed) = self
                        .data
                        .open_sprints
                        .iter()
                        .find(|s| !sprints_before.iter().any(|b| b.id == s.id && b.fields == s.fields))
                    && let Some(col) =
                        self.columns().iter().position(|c| *c == Column::Stories(Place::Sprint(changed.id)))
                {
                    self.focus = col;
                    self.keep_focus_visible();
                    self.refresh_windows();
                }
            }
            A::Filter => {
                self.filter_editing = true;
                let hint = crate::tui::features::filter::hint(self);
                self.say(Ok(format!("Filter: type to narrow the cards (key, title, epic, label, assignee) · {hint}")));
            }
            A::Clear => self.clear(),
            _ if self.screen == Screen::Roadmap => self.roadmap_action(action),
            _ if self.screen == Screen::Risks => self.risk_action(action),
            A::FocusLeft | A::FocusRight | A::FocusUp | A::FocusDown | A::First | A::Last | A::PageUp | A::PageDown
                if self.screen == Screen::Sprint =>
            {
                self.sprint_focus(action)
            }
            A::FocusLeft | A::FocusRight | A::FocusUp | A::FocusDown | A::First | A::Last | A::PageUp | A::PageDown
                if self.screen == Screen::Budget =>
            {
                self.budget_action(action)
            }
            A::FocusLeft | A::FocusRight => self.focus_sideways(action == A::FocusRight),
            A::FocusUp | A::FocusDown | A::First | A::Last | A::PageUp | A::PageDown => self.focus_vertical(action),
            A::DragLeft | A::DragRight | A::DragUp | A::DragDown if self.screen == Screen::Sprint => {
                self.sprint_drag(action)
            }
            A::New if self.screen == Screen::Sprint => match self.sprint_board.sprint.as_ref().map(|s| s.id) {
                Some(id) => open_new_story_at(self, Place::Sprint(id), Position::Bottom),
                None => self.say(Err("No sprint is active to add a story to".into())),
            },
            _ if self.screen == Screen::Sprint => self.plan_action(action),
            _ if self.screen == Screen::Budget => self.budget_action(action),
            _ if self.screen != Screen::Plan => {
                self.say(Err(format!("{} is not available on this screen", action.words())))
            }
            _ => self.plan_action(action),
        }
    }

    fn go(&mut self, screen: Screen) {
        // The epic focused on one roadmap is focused on the other.
        match (self.screen, screen) {
            (Screen::Plan, Screen::Roadmap) => {
                if let Some(id) = self.focused_epic().map(|e| e.id) {
                    self.roadmap.epic = Some(id);
                }
            }
            (Screen::Roadmap, Screen::Plan) => {
                if let Some(i) = self.roadmap.epic.and_then(|id| self.data.epics.iter().position(|e| e.id == id)) {
                    self.epic_focus = i;
                }
            }
            _ => {}
        }
        self.screen = screen;
        self.refresh();
    }

    fn toggle_presenter(&mut self) {
        self.presenter = !self.presenter;
        // `$` pressed in presenter mode lasts until it is left.
        self.team.presenter_choice = None;
        let name = if self.presenter { "high-contrast" } else { self.theme_name.as_str() };
        self.theme = crate::tui::theme::Theme::named(name, self.colour);
        self.keep_focus_visible();
        self.refresh();
        self.say(Ok(if self.presenter { "Presenter mode on (P to leave)" } else { "Presenter mode off" }.into()));
    }

    fn clear(&mut self) {
        if !self.filter.text.is_empty() {
            self.filter.text.clear();
            self.refresh();
            self.say(Ok("Filter cleared".into()));
        } else if self.highlight.take().is_some() {
            self.say(Ok("Highlight cleared".into()));
        }
    }
}
