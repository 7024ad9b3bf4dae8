//! The Plan screen's update logic: focus moves between and within the
//! columns, drags and re-ranks of stories, and the Roadmap column's epics.

use crate::domain::*;
use crate::ops;
use crate::tui::action::Action;
use crate::tui::columns::{self, Cursor};
use crate::tui::features::dialogs::*;
use crate::tui::features::sprint_dialogs::*;
use crate::tui::session::{Column, Screen, Session};

impl Session {
    pub(super) fn focus_sideways(&mut self, right: bool) {
        let n = self.columns().len();
        // From the pinned Backlog, right is the sprint shown beside it (the
        // one being filled), not the next sprint by number, which may be
        // scrolled away; otherwise the columns go in order.
        let beside = self.plan_layout().columns.get(1).map(|(_, i)| *i).filter(|i| *i > 2);
        self.focus = match (right, beside) {
            (true, Some(i)) if self.focus == 1 => i,
            (true, _) => (self.focus + 1).min(n - 1),
            (false, _) => self.focus.saturating_sub(1),
        };
        self.keep_focus_visible();
        self.refresh_windows();
    }

    pub(super) fn focus_vertical(&mut self, action: Action) {
        match self.focused_column() {
            Column::Roadmap => {
                let n = self.data.epics.len();
                let page = self.size.1.saturating_sub(8) as usize;
                self.epic_focus = match action {
                    Action::FocusUp => self.epic_focus.saturating_sub(1),
                    Action::FocusDown => self.epic_focus + 1,
                    Action::First => 0,
                    Action::Last => n,
                    Action::PageUp => self.epic_focus.saturating_sub(page),
                    _ => self.epic_focus + page,
                }
                .min(n.saturating_sub(1));
            }
            Column::Stories(place) => {
                if let Err(e) = self.move_cursor(place, action) {
                    self.say(Err(e.to_string()));
                }
                self.refresh_window(place);
            }
        }
    }

    /// Moves a story column's cursor; windows reload after.
    pub(super) fn move_cursor(&mut self, place: Place, action: Action) -> crate::store::Result<()> {
        let rows = self.card_rows(place);
        let Some(w) = self.windows.get(&place) else { return Ok(()) };
        let edge = w.search_edge;
        let Some(i) = w.focus else {
            // Nothing matched in the stretch searched: PgDn/j search on.
            if let (Some(edge), Action::PageDown | Action::FocusDown | Action::Last) = (edge, action) {
                self.cursors.insert(place, Cursor { story: None, rank: Some(edge), row: 0 });
            }
            return Ok(());
        };
        let cursor = self.cursors.get(&place).copied().unwrap_or_default();
        let rank = w.cards[i].rank;
        let (target, row) = match action {
            Action::FocusUp => {
                (w.cards.get(i.wrapping_sub(1)).or(w.before.as_ref()).cloned(), cursor.row.saturating_sub(1))
            }
            Action::FocusDown => (w.cards.get(i + 1).or(w.after.as_ref()).cloned(), (cursor.row + 1).min(rows - 1)),
            Action::First => (columns::edge_card(&self.store, place, false, &self.filter)?, 0),
            Action::Last => (columns::edge_card(&self.store, place, true, &self.filter)?, rows - 1),
            Action::PageUp => {
                (columns::card_steps_away(&self.store, place, rank, rows, false, &self.filter)?, cursor.row)
            }
            _ => (columns::card_steps_away(&self.store, place, rank, rows, true, &self.filter)?, cursor.row),
        };
        match (target, edge, action) {
            (Some(card), _, _) if card.id != w.cards[i].id => {
                self.cursors.insert(place, Cursor { story: Some(card.id), rank: Some(card.rank), row });
            }
            (_, Some(edge), Action::PageDown | Action::FocusDown) => {
                self.cursors.insert(place, Cursor { story: None, rank: Some(edge), row: 0 });
                let searched = crate::domain::text::count(crate::store::FILTER_SCAN as i64);
                self.say(Ok(format!("No more matches in the next {searched} stories; searching on from there")));
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn plan_action(&mut self, action: Action) {
        use Action as A;
        let on_plan = self.screen == Screen::Plan;
        if let (true, Some(epic), Column::Roadmap) = (on_plan, self.focused_epic().cloned(), self.focused_column()) {
            return self.epic_action(action, epic);
        }
        if matches!(action, A::New) {
            return match self.focused_column() {
                Column::Roadmap => open_new_epic(self),
                Column::Stories(_) => open_new_story(self),
            };
        }
        if matches!(action, A::EditSprint) {
            return open_edit_sprint(self);
        }
        if matches!(action, A::NewSprint) {
            return open_new_sprint(self);
        }
        if matches!(action, A::StartSprint) {
            return open_start_sprint(self);
        }
        if matches!(action, A::CloseSprint) {
            return open_close_sprint(self);
        }
        let Some(card) = self.focused_card().cloned() else {
            return match self.focused_column() {
                Column::Roadmap if action == A::New => open_new_epic(self),
                _ => self.say(Err("No story has the focus here; press n to add one".into())),
            };
        };
        let relative = matches!(
            action,
            A::DragLeft | A::DragRight | A::DragUp | A::DragDown | A::PointsUp | A::PointsDown | A::AdvanceStatus
        );
        // The actions check the story's version themselves; only an edge,
        // judged here from what the screen shows, reads the card first
        // (it must not be explained by a place the story has left).
        if relative && self.refused_as_just_changed(&card) {
            return;
        }
        match action {
            A::DragLeft | A::DragRight => self.drag_sideways(&card, action == A::DragRight),
            A::DragUp | A::DragDown => {
                let step = if action == A::DragUp { Step::Up } else { Step::Down };
                let r = if self.filter.text.trim().is_empty() {
                    let beside = self.shown_neighbour(&card, step).map(|c| ops::StoryRef::from(&c));
                    ops::shift_story(&mut self.store, &card, step, beside)
                } else {
                    self.shift_past_visible(&card, step)
                };
                if let (true, Some(c)) = (r.is_ok(), self.cursors.get_mut(&card.place)) {
                    c.row = if step == Step::Up { c.row.saturating_sub(1) } else { c.row + 1 };
                }
                self.after_op(r);
            }
            A::PointsUp | A::PointsDown => {
                let scale = &self.settings.scale;
                let next = if action == A::PointsUp { scale.up(card.points) } else { scale.down(card.points) };
                if next == card.points {
                    if self.refused_as_stale(&card) {
                        return;
                    }
                    let edge = if action == A::PointsUp { "top" } else { "bottom" };
                    return self.say(Ok(format!("{} is already at the {edge} of the scale", card.key)));
                }
                let r = ops::estimate(&mut self.store, &card, next);
                self.after_op(r);
            }
            A::AdvanceStatus => {
                let r = ops::set_status(&mut self.store, &card, card.status.advanced());
                self.after_op(r);
            }
            A::Estimate => open_estimate(self, &card),
            A::MoveTo => open_move_to(self, &card),
            A::AssignEpic => open_assign_epic(self, &card),
            A::Edit | A::Open => open_edit_story(self, card.id),
            A::Delete => open_delete_story(self, &card),
            A::QuarterEarlier | A::QuarterLater => {
                self.say(Err("< and > change an epic's quarter: focus the Roadmap column".into()))
            }
            _ => {}
        }
    }

    /// With a filter on, `K`/`J` move a story past the nearest card that is
    /// shown, not past hidden ones (which would look like nothing happened).
    pub(super) fn shift_past_visible(&mut self, card: &crate::store::Card, step: Step) -> ops::Result<ops::Done> {
        let w = self.windows.get(&card.place);
        let i = w.and_then(|w| w.cards.iter().position(|c| c.id == card.id));
        let next = match (w, i, step) {
            (Some(w), Some(i), Step::Up) => i.checked_sub(1).and_then(|j| w.cards.get(j)).or(w.before.as_ref()),
            (Some(w), Some(i), Step::Down) => w.cards.get(i + 1).or(w.after.as_ref()),
            _ => None,
        };
        let Some(next) = next.cloned() else {
            let edge = if step == Step::Up { "first" } else { "last" };
            return Ok(ops::Done { message: format!("{} is already the {edge} card shown", card.key) });
        };
        let position = if step == Step::Up { Position::Before(next.id) } else { Position::After(next.id) };
        ops::move_story(&mut self.store, card, card.place, position).map(|_| ops::Done {
            message: format!(
                "{} moved {} {} (filtered view)",
                ops::story_words(&card.key, &card.title, card.points),
                if step == Step::Up { "above" } else { "below" },
                next.key
            ),
        })
    }

    pub(super) fn epic_action(&mut self, action: Action, epic: Epic) {
        use Action as A;
        let result = match action {
            A::Open => {
                if self.highlight == Some(epic.id) {
                    self.highlight = None;
                    return self.say(Ok("Highlight cleared".into()));
                }
                self.highlight = Some(epic.id);
                let t = epic.tally;
                return self.say(Ok(format!(
                    "Highlighting {} \"{}\": {} stories, {}/{} pts done · Esc clears",
                    epic.key,
                    text::fit(&epic.fields.title, 40),
                    t.stories,
                    t.done,
                    t.points
                )));
            }
            A::DragUp | A::DragDown => {
                let step = if action == A::DragUp { Step::Up } else { Step::Down };
                ops::shift_epic(&mut self.store, &epic, step)
            }
            A::QuarterEarlier | A::QuarterLater => {
                let step = if action == A::QuarterEarlier { Step::Up } else { Step::Down };
                ops::shift_quarter(&mut self.store, &epic, step)
            }
            A::New => return open_new_epic(self),
            A::Edit => return open_edit_epic(self, &epic),
            A::Delete => return open_delete_epic(self, &epic),
            A::NewSprint => return open_new_sprint(self),
            A::CloseSprint => return open_close_sprint(self),
            _ => return self.say(Err(format!("{} works on stories; this is epic {}", action.words(), epic.key))),
        };
        self.after_op(result);
        // The epic may have moved in the quarter grouping: keep it focused.
        if let Some(i) = self.data.epics.iter().position(|e| e.id == epic.id) {
            self.epic_focus = i;
        }
    }

    pub(super) fn drag_sideways(&mut self, card: &crate::store::Card, right: bool) {
        let cols = self.columns();
        let to = if right { self.focus + 1 } else { self.focus.wrapping_sub(1) };
        match cols.get(to) {
            Some(Column::Stories(place)) => {
                let position = if *place == Place::Backlog { Position::Top } else { Position::Bottom };
                self.move_focused_to(card, self.focus, to, *place, position);
            }
            _ if self.refused_as_stale(card) => {}
            _ if right => {
                self.say(Err(format!("{} is in the last column; plan a sprint with S to move it on", card.key)))
            }
            _ => self.say(Err(format!("{} is already in the backlog, the first story column", card.key))),
        }
    }
}
