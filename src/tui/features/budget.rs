//! The Budget screen's actions: `h`/`l` move between the team, the days
//! off and the budgets, `j`/`k` along a list; `n` adds to the focused list
//! (member, day off, budget), `e` edits a member or a budget, `x` removes
//! a member or a day off, `c` records an expense, and `$` shows or hides
//! money everywhere. Every change goes through `ops`, so `u` undoes it.

use crate::domain::*;
use crate::ops;
use crate::store::Reads;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::popup::{FormFor, Pending, Popup};
use crate::tui::session::Session;
use crate::tui::team_state::Pane;
use chrono::NaiveDate;

impl Session {
    /// `$`: money shown or hidden on every screen; in presenter mode this
    /// overrides `presenter_money` until presenter mode is left.
    pub fn toggle_money(&mut self) {
        let shown = self.team.money_shown(self.presenter, self.settings.presenter_money);
        if self.presenter {
            self.team.presenter_choice = Some(!shown);
        } else {
            self.team.hidden = shown;
        }
        let words = if shown { "Money hidden ($ shows it)" } else { "Money shown ($ hides it)" };
        let words = if self.presenter { format!("{words} · in presenter mode") } else { words.to_string() };
        self.say(Ok(words));
    }

    /// Whether money shows now.
    pub fn money_shown(&self) -> bool {
        self.team.money_shown(self.presenter, self.settings.presenter_money)
    }

    /// An action on the Budget screen.
    pub fn budget_action(&mut self, action: Action) {
        use Action as A;
        let pane = self.team.pane;
        let n = self.team.len(pane);
        let row = self.team.row(pane);
        let slot = &mut self.team.rows[pane.index()];
        match action {
            A::FocusLeft | A::FocusRight => {
                let i = pane.index();
                let j = if action == A::FocusRight { (i + 1).min(2) } else { i.saturating_sub(1) };
                self.team.pane = Pane::ALL[j];
            }
            A::FocusUp => *slot = row.saturating_sub(1),
            A::FocusDown => *slot = (row + 1).min(n.saturating_sub(1)),
            A::First | A::PageUp => *slot = 0,
            A::Last | A::PageDown => *slot = n.saturating_sub(1),
            A::New => match pane {
                Pane::Team => self.open_member_form(None),
                Pane::DaysOff => self.open_day_off_form(),
                Pane::Budgets => self.open_budget_form(None),
            },
            A::AddExpense => self.open_expense_form(),
            A::Edit | A::Open => match pane {
                Pane::Team if n > 0 => self.open_member_form(Some(row)),
                Pane::Budgets if n > 0 => self.open_budget_form(Some(row)),
                Pane::DaysOff if n > 0 => {
                    self.say(Err("A day off is changed by removing it (x) and adding it again (n)".into()))
                }
                _ => self.say(Err(format!("The list is empty; {} adds to it", self.key_of(A::New)))),
            },
            A::Delete => self.confirm_remove(pane, row),
            _ => self.say(Err(format!("{} is not available on the Budget screen", action.words()))),
        }
    }

    /// The first key bound to an action, for sentences.
    fn key_of(&self, action: Action) -> String {
        self.keymap
            .bindings()
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map_or(String::new(), |k| k.to_string())
    }

    fn confirm_remove(&mut self, pane: Pane, row: usize) {
        let Some(s) = self.team.screen.as_ref() else { return };
        let (title, lines, pending) = match pane {
            Pane::Team => match s.members.get(row) {
                Some(m) => (
                    format!("Remove {} from the team?", m.fields.name),
                    vec![
                        "Their days off go too; past sprints keep their frozen numbers.".to_string(),
                        "u undoes it.".into(),
                    ],
                    Pending::RemoveMember(m.into()),
                ),
                None => return self.say(Err(format!("The team is empty; {} adds a member", self.key_of(Action::New)))),
            },
            Pane::DaysOff => match s.days_off.get(row) {
                Some(d) => (
                    format!("Remove day off #{}?", d.day_off.id.0),
                    vec![format!("{}: {} – {}", d.who, d.day_off.start, d.day_off.end), "u undoes it.".into()],
                    Pending::RemoveDayOff(d.day_off.id),
                ),
                None => return self.say(Err("No days off to remove".into())),
            },
            Pane::Budgets => {
                let e = self.key_of(Action::Edit);
                return self.say(Err(format!("A budget is not removed; {e} sets it to another amount")));
            }
        };
        self.popup = Some(Popup::Confirm { title, lines, yes: "remove".into(), pending });
    }

    fn open_member_form(&mut self, row: Option<usize>) {
        let member = row.and_then(|i| self.team.screen.as_ref()?.members.get(i).cloned());
        let f = member.as_ref().map(|m| m.fields.clone()).unwrap_or_default();
        let currency = &self.team.view.currency;
        let mut fields = vec![
            Field::line("Name", &f.name),
            Field::line("Role", &f.role),
            Field::line("Hours a day", &Points::from_hundredths(f.hours).to_string()),
            Field::line("Available %", &f.availability.to_string()),
        ];
        // Rates only while money shows: the form keeps a hidden rate as it is.
        if self.money_shown() {
            fields.push(Field::line("Day rate", &f.day_rate.map_or(String::new(), |r| r.format(currency))));
        }
        fields.push(Field::line("Active from", &f.active_from.map_or(String::new(), |d| d.to_string())));
        fields.push(Field::line("Active to", &f.active_to.map_or(String::new(), |d| d.to_string())));
        let (title, purpose) = match &member {
            Some(m) => (format!("Team member {}", m.fields.name), FormFor::Member(m.id)),
            None => ("New team member".to_string(), FormFor::NewMember),
        };
        self.popup = Some(Popup::Form(Box::new(Form::new(title, fields)), purpose));
    }

    fn open_day_off_form(&mut self) {
        let mut who = vec!["the whole team".to_string()];
        who.extend(self.team.screen.iter().flat_map(|s| s.members.iter().map(|m| m.fields.name.clone())));
        // The focused member is the likely one (added from the team list).
        let index = match self.team.screen.as_ref() {
            Some(s) if !s.members.is_empty() => self.team.row(Pane::Team) + 1,
            _ => 0,
        };
        let today = self.data.today.to_string();
        let form = Form::new(
            "New day off",
            vec![
                Field::choice("Who", who, index),
                Field::line("From", &today),
                Field::line("To", &today),
                Field::line("Fraction", "1"),
            ],
        );
        self.popup = Some(Popup::Form(Box::new(form), FormFor::NewDayOff));
    }

    /// Budget scopes in form order: the board, each objective, each epic.
    fn budget_scopes(&self) -> Vec<(String, ops::BudgetTarget)> {
        let mut scopes = vec![("the board".to_string(), ops::BudgetTarget::Board)];
        for o in self.store.objectives().unwrap_or_default() {
            scopes.push((format!("objective {}", text::fit(&o.title, 40)), ops::BudgetTarget::Objective(o.title)));
        }
        for e in &self.data.epics {
            scopes
                .push((format!("epic {}", crate::tui::session::epic_label(e)), ops::BudgetTarget::Epic(e.key.clone())));
        }
        scopes
    }

    fn open_budget_form(&mut self, row: Option<usize>) {
        if !self.money_shown() {
            return self.say(Err(format!(
                "Money is hidden; {} shows it before setting a budget",
                self.key_of(Action::ToggleMoney)
            )));
        }
        let line = row.and_then(|i| self.team.screen.as_ref()?.report.lines.get(i).cloned());
        let scopes = self.budget_scopes();
        let index = line
            .as_ref()
            .and_then(|l| scopes.iter().position(|(words, _)| scope_matches(&l.budget.scope, &l.scope, words)))
            .unwrap_or(0);
        let currency = &self.team.view.currency;
        let b = line.as_ref().map(|l| &l.budget);
        let form = Form::new(
            "Set a budget",
            vec![
                Field::choice("For", scopes.into_iter().map(|(w, _)| w).collect(), index),
                Field::line("Amount", &b.map_or(String::new(), |b| b.amount.format(currency))),
                Field::line("From", &b.and_then(|b| b.from).map_or(String::new(), |d| d.to_string())),
                Field::line("To", &b.and_then(|b| b.to).map_or(String::new(), |d| d.to_string())),
            ],
        );
        self.popup = Some(Popup::Form(Box::new(form), FormFor::SetBudget));
    }

    fn open_expense_form(&mut self) {
        if !self.money_shown() {
            return self.say(Err(format!(
                "Money is hidden; {} shows it before recording an expense",
                self.key_of(Action::ToggleMoney)
            )));
        }
        let mut epics = vec!["(no epic)".to_string()];
        epics.extend(self.data.epics.iter().map(crate::tui::session::epic_label));
        let mut sprints = vec!["(by its date)".to_string()];
        sprints.extend(self.data.open_sprints.iter().map(|s| s.fields.name.clone()));
        let form = Form::new(
            "Record an expense",
            vec![
                Field::line("Amount", ""),
                Field::line("Category", ""),
                Field::line("Date", &self.data.today.to_string()),
                Field::choice("Epic", epics, 0),
                Field::choice("Sprint", sprints, 0),
                Field::line("Note", ""),
            ],
        );
        self.popup = Some(Popup::Form(Box::new(form), FormFor::NewExpense));
    }
}

/// Whether a budget line's scope is the form option with these words.
fn scope_matches(scope: &BudgetScope, words_of_line: &str, option: &str) -> bool {
    match scope {
        BudgetScope::Board => option == "the board",
        BudgetScope::Epic(_) => {
            let key = words_of_line.trim_start_matches("epic ");
            option.strip_prefix("epic ").is_some_and(|o| o.split_whitespace().next() == Some(key))
        }
        BudgetScope::Objective(_) => {
            let title = words_of_line.trim_start_matches("objective ").trim_matches('"');
            option.strip_prefix("objective ").is_some_and(|o| o == text::fit(title, 40))
        }
    }
}

/// An optional date field: empty is none.
fn optional_date(form: &Form, label: &str) -> Result<Option<NaiveDate>, String> {
    let v = form.field(label).value();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{label} \"{v}\" is not a date like 2026-11-23"))
}

fn required_date(form: &Form, label: &str) -> Result<NaiveDate, String> {
    optional_date(form, label)?.ok_or_else(|| format!("{label} needs a date like 2026-11-23"))
}

/// A decimal typed into a form, in hundredths.
fn hundredths(form: &Form, label: &str, example: &str) -> Result<i64, String> {
    let v = form.field(label).value();
    Points::parse(v.trim_end_matches('%').trim())
        .map(|p| p.hundredths())
        .map_err(|_| format!("{label} \"{v}\" is not a number like {example}"))
}

fn member_fields(app: &Session, form: &Form, base: MemberFields) -> Result<MemberFields, String> {
    let availability = hundredths(form, "Available %", "80")?;
    if availability % 100 != 0 {
        return Err(format!(
            "Available % is a whole percentage from 0 to 100 (not {})",
            Points::from_hundredths(availability)
        ));
    }
    let day_rate = match form.get("Day rate").map(|f| f.value()) {
        None => base.day_rate,
        Some(v) if v.is_empty() => None,
        Some(v) => Some(ops::parse_money(&app.store, &app.settings, &v).map_err(|e| e.to_string())?),
    };
    Ok(MemberFields {
        name: form.field("Name").value(),
        role: form.field("Role").value(),
        hours: hundredths(form, "Hours a day", "8 or 7.5")?,
        availability: availability / 100,
        day_rate,
        active_from: optional_date(form, "Active from")?,
        active_to: optional_date(form, "Active to")?,
    })
}

/// Saves one of the Budget screen's forms.
pub fn save(app: &mut Session, form: &Form, purpose: FormFor) -> Result<ops::Done, String> {
    let e = |e: ops::Error| e.to_string();
    let settings = app.settings.clone();
    match purpose {
        FormFor::NewMember => {
            let fields = member_fields(app, form, MemberFields::default())?;
            ops::add_member(&mut app.store, &settings, fields).map_err(e)
        }
        FormFor::Member(id) => {
            // The member as the screen showed them: an edit decided on an
            // older view is refused (someone changed them since).
            let shown = app.team.screen.as_ref().and_then(|s| s.members.iter().find(|m| m.id == id)).cloned();
            let shown = shown.ok_or("that team member is no longer on the board")?;
            let fields = member_fields(app, form, shown.fields.clone())?;
            ops::edit_member(&mut app.store, &settings, &shown, fields).map_err(e)
        }
        FormFor::NewDayOff => {
            let who = match form.field("Who").index() {
                0 => ops::Whom::Team,
                _ => ops::Whom::Member(form.field("Who").value()),
            };
            let from = required_date(form, "From")?;
            let to = optional_date(form, "To")?;
            let fraction = hundredths(form, "Fraction", "1 or 0.5")?;
            ops::add_day_off(&mut app.store, who, from, to, fraction).map(|(_, d)| d).map_err(e)
        }
        FormFor::SetBudget => {
            let target = app.budget_scopes().into_iter().nth(form.field("For").index()).map(|(_, t)| t);
            let target = target.ok_or("that budget's objective or epic no longer exists")?;
            let amount = form.field("Amount").value();
            if amount.is_empty() {
                return Err("Amount needs an amount of money, like 120,000".into());
            }
            let (from, to) = (optional_date(form, "From")?, optional_date(form, "To")?);
            ops::set_budget(&mut app.store, &settings, target, &amount, from, to).map_err(e)
        }
        FormFor::NewExpense => {
            let epic =
                form.field("Epic").index().checked_sub(1).and_then(|i| app.data.epics.get(i)).map(|x| x.key.clone());
            let sprint = match form.field("Sprint").index() {
                0 => None,
                _ => Some(form.field("Sprint").value()),
            };
            let draft = ops::ExpenseDraft {
                amount: form.field("Amount").value(),
                category: form.field("Category").value(),
                date: optional_date(form, "Date")?,
                epic,
                sprint,
                note: form.field("Note").value(),
            };
            if draft.amount.is_empty() {
                return Err("Amount needs an amount of money, like 1,200.50".into());
            }
            ops::add_expense(&mut app.store, &settings, draft).map_err(e)
        }
        _ => Err("that form is not one of the Budget screen's".into()),
    }
}
