//! The Roadmap screen's update logic. Objectives are rows, quarters are
//! columns, epics are cards in the cells: `h`/`l` go between quarters,
//! `j`/`k` through a quarter's column (each objective's heading, then its
//! cards); on a card the Plan screen's epic keys work (`<`/`>`, `K`/`J`,
//! `e`, `Enter`, `x`), on a heading `n`/`e`/`x` act on the objective, and
//! `n` in a cell adds an epic to that quarter and objective.

use crate::domain::*;
use crate::ops;
use crate::tui::action::Action;
use crate::tui::features::dialogs::{open_delete_epic, open_edit_epic, open_new_epic_in};
use crate::tui::form::{Field, Form, Input};
use crate::tui::popup::{FormFor, Pending, Popup};
use crate::tui::roadmap_grid::{Grid, Spot};
use crate::tui::session::Session;

/// The objective form. It opens at the start of each text, so a long
/// success metric reads from its first word.
pub fn objective_form(title: &str, o: &Objective) -> Form {
    let mut fields = vec![Field::line("Title", &o.title), Field::line("Metric", &o.metric)];
    if let Input::Line(t) = &mut fields[1].input {
        t.move_cursor(ratatui_textarea::CursorMove::Jump(0, 0));
    }
    fields.push(Field::text("Description", &o.description));
    Form::new(title, fields)
}

/// Reads the form back into an objective.
pub fn objective_from(form: &Form, id: ObjectiveId) -> Objective {
    Objective {
        id,
        title: form.field("Title").value(),
        metric: form.field("Metric").value(),
        description: form.field("Description").value(),
    }
}

fn quarter_words(q: Option<Quarter>) -> String {
    q.map_or("no quarter".to_string(), |q| q.to_string())
}

impl Session {
    /// The Roadmap screen's grid as loaded.
    pub fn roadmap_grid(&self) -> Grid {
        Grid::new(&self.data.epics, &self.objectives, Quarter::of(self.data.today))
    }

    /// Puts the Roadmap focus back on the grid and scrolls it into view
    /// (after a reload, a resize or a move).
    pub fn settle_roadmap(&mut self) {
        let grid = self.roadmap_grid();
        let height = crate::tui::layout::roadmap_rows_height(self.size);
        self.roadmap.settle(&grid, &self.data.epics, self.size.0, height);
    }

    /// The epic focused on the Roadmap screen, if a card has the focus.
    pub fn roadmap_epic(&self) -> Option<&Epic> {
        let id = self.roadmap.epic?;
        self.data.epics.iter().find(|e| e.id == id)
    }

    /// The objective whose row has the focus (none on "No objective").
    pub(crate) fn roadmap_objective(&self) -> Option<Objective> {
        let grid = self.roadmap_grid();
        let id = grid.rows.get(self.roadmap.row)?.objective?;
        self.objectives.iter().find(|o| o.id == id).cloned()
    }

    /// An action on the Roadmap screen.
    pub fn roadmap_action(&mut self, action: Action) {
        use Action as A;
        let grid = self.roadmap_grid();
        if grid.rows.is_empty() && !matches!(action, A::New) {
            return self.say(Err("The roadmap is empty: n adds a business objective".into()));
        }
        match action {
            A::FocusLeft | A::FocusRight | A::FocusUp | A::FocusDown | A::First | A::Last | A::PageUp | A::PageDown => {
                self.roadmap_move(&grid, action)
            }
            _ => match (self.roadmap.spot, self.roadmap_epic().cloned()) {
                (Spot::Heading, _) => self.objective_action(action),
                (Spot::Cell(_), Some(epic)) => self.roadmap_epic_action(action, epic),
                (Spot::Cell(_), None) => self.empty_cell_action(&grid, action),
            },
        }
        self.settle_roadmap();
    }

    fn roadmap_move(&mut self, grid: &Grid, action: Action) {
        use Action as A;
        let f = &mut self.roadmap;
        let last_row = grid.rows.len() - 1;
        let cell_len = |row: usize, q: usize| grid.cell(row, q).len();
        let last_in = |row: usize, q: usize| Spot::Cell(cell_len(row, q).saturating_sub(1));
        let edge = match (action, f.spot) {
            (A::FocusLeft | A::FocusRight, _) => {
                let n = grid.quarters.len();
                let to = if action == A::FocusLeft { f.quarter.checked_sub(1) } else { Some(f.quarter + 1) };
                match to.filter(|q| *q < n) {
                    Some(q) => {
                        f.quarter = q;
                        None
                    }
                    None => Some(format!(
                        "{} is the {} quarter on the roadmap",
                        quarter_words(grid.quarters.get(f.quarter).copied().flatten()),
                        if action == A::FocusLeft { "first" } else { "last" }
                    )),
                }
            }
            (A::FocusDown, Spot::Heading) => {
                f.spot = Spot::Cell(0);
                None
            }
            (A::FocusDown, Spot::Cell(k)) if k + 1 < cell_len(f.row, f.quarter) => {
                f.spot = Spot::Cell(k + 1);
                None
            }
            (A::FocusDown | A::PageDown, _) if f.row < last_row => {
                (f.row, f.spot) = (f.row + 1, Spot::Heading);
                None
            }
            (A::FocusUp, Spot::Cell(k)) => {
                f.spot = k.checked_sub(1).map_or(Spot::Heading, Spot::Cell);
                None
            }
            (A::PageUp, Spot::Cell(_)) => {
                f.spot = Spot::Heading;
                None
            }
            (A::FocusUp, Spot::Heading) if f.row > 0 => {
                f.row -= 1;
                f.spot = last_in(f.row, f.quarter);
                None
            }
            (A::PageUp, Spot::Heading) if f.row > 0 => {
                f.row -= 1;
                None
            }
            (A::First, _) => {
                (f.row, f.spot) = (0, Spot::Heading);
                None
            }
            (A::Last, _) => {
                f.row = last_row;
                f.spot = last_in(last_row, f.quarter);
                None
            }
            (A::FocusUp | A::PageUp, _) => Some("This is the top of the roadmap".to_string()),
            _ => Some(format!(
                "This is the bottom of {}'s column",
                quarter_words(grid.quarters.get(f.quarter).copied().flatten())
            )),
        };
        // The epic is found again from the new row, quarter and place.
        f.epic = None;
        if let Some(words) = edge {
            self.say(Ok(words));
        }
    }

    fn roadmap_epic_action(&mut self, action: Action, epic: Epic) {
        use Action as A;
        match action {
            A::New => open_new_epic_in(self, epic.fields.quarter, epic.fields.objective),
            A::Edit => open_edit_epic(self, &epic),
            A::Delete => open_delete_epic(self, &epic),
            A::DragUp | A::DragDown => {
                let step = if action == A::DragUp { Step::Up } else { Step::Down };
                let r = ops::shift_epic_in_cell(&mut self.store, &epic, step);
                self.after_op(r);
            }
            A::QuarterEarlier | A::QuarterLater | A::Open => {
                // The Plan column's own: the focus follows the epic to its
                // new quarter (it keeps `roadmap.epic`).
                self.epic_action(action, epic);
                if action == A::Open && self.highlight.is_some() {
                    self.message.text = self.message.text.replace(" · Esc", " · Plan (1) shows them · Esc");
                }
            }
            _ => self.say(Err(format!("{} is not available on the Roadmap screen", action.words()))),
        }
    }

    fn empty_cell_action(&mut self, grid: &Grid, action: Action) {
        let quarter = grid.quarters.get(self.roadmap.quarter).copied().flatten();
        let objective = grid.rows.get(self.roadmap.row).and_then(|r| r.objective);
        match action {
            Action::New => open_new_epic_in(self, quarter, objective),
            _ => self.say(Err(format!(
                "No epic here in {}; n adds one",
                quarter_words(grid.quarters.get(self.roadmap.quarter).copied().flatten())
            ))),
        }
    }

    /// An action on the focused objective's heading.
    fn objective_action(&mut self, action: Action) {
        let focused = self.roadmap_objective();
        match (action, focused) {
            (Action::New, _) => {
                let blank = Objective {
                    id: ObjectiveId(0),
                    title: String::new(),
                    description: String::new(),
                    metric: String::new(),
                };
                let form = objective_form("New business objective", &blank);
                self.popup = Some(Popup::Form(Box::new(form), FormFor::NewObjective));
            }
            (Action::Edit | Action::Open, Some(o)) => {
                let form = objective_form("Business objective", &o);
                self.popup = Some(Popup::Form(Box::new(form), FormFor::Objective(o.id)));
            }
            (Action::Delete, Some(o)) => {
                self.popup = Some(Popup::Confirm {
                    title: "Delete objective?".into(),
                    lines: vec![text::fit(&o.title, 60), "Its epics stay, serving no objective. u undoes it.".into()],
                    yes: "delete".into(),
                    pending: Pending::DeleteObjective(o.id),
                });
            }
            (Action::Edit | Action::Open | Action::Delete, None) => self.say(Err(
                "These epics serve no objective; e on an epic sets its objective, n here adds an objective".into(),
            )),
            (action, _) => self.say(Err(format!(
                "{} works on an epic: j moves the focus from the objective to its cards",
                action.words()
            ))),
        }
    }
}
