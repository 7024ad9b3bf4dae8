//! The business objectives, edited on the Roadmap screen: `n` adds one,
//! `e`/`Enter` edits the focused row, `x` deletes it (its epics stay).

use crate::domain::*;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::popup::{FormFor, Pending, Popup};
use crate::tui::session::Session;

/// The objective form.
pub fn objective_form(title: &str, o: &Objective) -> Form {
    Form::new(
        title,
        vec![
            Field::line("Title", &o.title),
            Field::line("Metric", &o.metric),
            Field::text("Description", &o.description),
        ],
    )
}

/// An action on the Roadmap screen's focused objective.
pub fn objective_action(app: &mut Session, action: Action) {
    let focused = app.objectives.get(app.roadmap_scroll.1).cloned();
    match (action, focused) {
        (Action::New, _) => {
            let blank = Objective {
                id: ObjectiveId(0),
                title: String::new(),
                description: String::new(),
                metric: String::new(),
            };
            app.popup =
                Some(Popup::Form(Box::new(objective_form("New business objective", &blank)), FormFor::NewObjective));
        }
        (Action::Edit | Action::Open, Some(o)) => {
            app.popup = Some(Popup::Form(Box::new(objective_form("Business objective", &o)), FormFor::Objective(o.id)));
        }
        (Action::Delete, Some(o)) => {
            app.popup = Some(Popup::Confirm {
                title: "Delete objective?".into(),
                lines: vec![text::fit(&o.title, 60), "Its epics stay, serving no objective. u undoes it.".into()],
                yes: "delete".into(),
                pending: Pending::DeleteObjective(o.id),
            });
        }
        _ => app.say(Err("No objective yet; n adds one".into())),
    }
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
