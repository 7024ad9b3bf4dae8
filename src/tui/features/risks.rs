//! The Risks screen's state and actions: the register sorted by level
//! (closed risks after the others), with add (`n`), edit (`e`/`Enter`),
//! delete (`x`, asked first) and status (`Space`: open → mitigated →
//! closed → open). A risk may name an epic, picked in its form by key.

use crate::domain::*;
use crate::ops;
use crate::store::{Reads, RiskFields};
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::popup::{FormFor, Pending, Popup};
use crate::tui::session::Session;

const STATUSES: [RiskStatus; 3] = [RiskStatus::Open, RiskStatus::Mitigated, RiskStatus::Closed];

fn ratings() -> Vec<String> {
    (1..=5).map(|n| n.to_string()).collect()
}

/// The epic choices of the risk form: none, then each epic by key.
fn epic_choices(epics: &[Epic]) -> Vec<String> {
    std::iter::once("(no epic)".to_string()).chain(epics.iter().map(crate::tui::session::epic_label)).collect()
}

/// The risk form, filled from a row; `epics` are the board's, in the
/// order [`risk_row`] reads them back in.
pub fn risk_form(title: String, r: &RiskFields, epics: &[Epic]) -> Form {
    let epic = epics.iter().position(|e| Some(e.id) == r.epic).map_or(0, |i| i + 1);
    Form::new(
        title,
        vec![
            Field::line("Title", &r.title),
            Field::choice("Probability", ratings(), r.probability.saturating_sub(1) as usize),
            Field::choice("Impact", ratings(), r.impact.saturating_sub(1) as usize),
            Field::line("Owner", &r.owner),
            Field::choice(
                "Status",
                STATUSES.iter().map(|s| s.to_string()).collect(),
                STATUSES.iter().position(|s| *s == r.status).unwrap_or(0),
            ),
            Field::choice("Epic", epic_choices(epics), epic),
            Field::text("Response", &r.response),
            Field::text("Description", &r.description),
        ],
    )
}

/// Reads the risk form back into a row.
pub fn risk_row(form: &Form, epics: &[Epic]) -> RiskFields {
    let epic = form.field("Epic").index().checked_sub(1).and_then(|i| epics.get(i)).map(|e| e.id);
    RiskFields {
        title: form.field("Title").value(),
        description: form.field("Description").value(),
        probability: form.field("Probability").index() as u8 + 1,
        impact: form.field("Impact").index() as u8 + 1,
        response: form.field("Response").value(),
        owner: form.field("Owner").value(),
        status: STATUSES[form.field("Status").index().min(2)],
        epic,
    }
}

impl Session {
    /// Reloads the register.
    pub fn reload_risks(&mut self) -> crate::store::Result<()> {
        self.risks = self.store.risks()?;
        // Closed risks go below the others (the store sorts by level).
        self.risks.sort_by_key(|r| r.fields.status == RiskStatus::Closed);
        if let Some(i) = self.risk_follow.take().and_then(|id| self.risks.iter().position(|r| r.id == id)) {
            self.risk_focus = i;
        }
        self.risk_focus = self.risk_focus.min(self.risks.len().saturating_sub(1));
        Ok(())
    }

    /// An action on the Risks screen.
    pub fn risk_action(&mut self, action: Action) {
        let n = self.risks.len();
        let focused = self.risks.get(self.risk_focus).cloned();
        match (action, focused) {
            (Action::FocusUp, _) => self.risk_focus = self.risk_focus.saturating_sub(1),
            (Action::FocusDown, _) => self.risk_focus = (self.risk_focus + 1).min(n.saturating_sub(1)),
            (Action::First | Action::PageUp, _) => self.risk_focus = 0,
            (Action::Last | Action::PageDown, _) => self.risk_focus = n.saturating_sub(1),
            (Action::New, _) => {
                let row = RiskFields {
                    title: String::new(),
                    description: String::new(),
                    probability: 3,
                    impact: 3,
                    response: String::new(),
                    owner: String::new(),
                    status: RiskStatus::Open,
                    epic: None,
                };
                let form = risk_form("New risk".into(), &row, &self.data.epics);
                self.popup = Some(Popup::Form(Box::new(form), FormFor::NewRisk));
            }
            (Action::Edit | Action::Open, Some(r)) => {
                let form = risk_form(format!("Risk · level {}", r.level()), &r.fields, &self.data.epics);
                self.popup = Some(Popup::Form(Box::new(form), FormFor::Risk(r.id)));
            }
            (Action::Delete, Some(r)) => {
                self.popup = Some(Popup::Confirm {
                    title: "Delete risk?".into(),
                    lines: vec![text::fit(&r.fields.title, 60), "u undoes it.".into()],
                    yes: "delete".into(),
                    pending: Pending::DeleteRisk(r.id),
                });
            }
            (Action::AdvanceStatus, Some(r)) => {
                let result = ops::advance_risk(&mut self.store, r.id, Some(r.version));
                self.risk_follow = Some(r.id);
                self.after_op(result);
            }
            (Action::Edit | Action::Open | Action::Delete | Action::AdvanceStatus, None) => {
                self.say(Err("The register is empty; n adds a risk".into()))
            }
            _ => self.say(Err(format!("{} is not available on the Risks screen", action.words()))),
        }
    }
}
