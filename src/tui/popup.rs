//! Popups: help, confirmations, pickers and forms. One is open at a time,
//! drawn last. In every dialog `y`/`Enter` confirm the highlighted (default,
//! safe) choice and `n`/`Esc` cancel; those keys come from the keymap's
//! layer tables, so they can be rebound.

use super::app::App;
use super::form::{Form, FormKey};
use super::keymap::{Key, Layer, LayerAction};
use crate::domain::*;
use crate::ops;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub use super::dialogs::*;
pub use super::sprint_dialogs::*;

/// What a confirmation does when confirmed.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Delete a story.
    DeleteStory(ops::StoryRef),
    /// Delete an epic.
    DeleteEpic(EpicId),
    /// Delete a risk.
    DeleteRisk(RiskId),
    /// Delete a business objective.
    DeleteObjective(ObjectiveId),
}

impl Pending {
    /// Whether confirming destroys something: such dialogs default to
    /// cancel (SPEC §3), so `Enter` keeps and only `y` deletes.
    pub fn destroys(&self) -> bool {
        matches!(
            self,
            Pending::DeleteStory(_) | Pending::DeleteEpic(_) | Pending::DeleteRisk(_) | Pending::DeleteObjective(_)
        )
    }
}

/// A value a picker option stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// An estimate.
    Points(Option<Points>),
    /// A destination.
    Place(Place, Position),
    /// An epic (or none).
    Epic(Option<EpicId>),
    /// Where a closing sprint's unfinished stories go.
    Unfinished(Unfinished),
    /// Start a sprint on these dates (first and last day).
    StartOn(chrono::NaiveDate, chrono::NaiveDate),
    /// Start a sprint on dates typed into a form (these filled in).
    StartOnTyped(chrono::NaiveDate, chrono::NaiveDate),
}

/// A list of options to choose one from.
#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    /// Title.
    pub title: String,
    /// Lines of context above the options.
    pub lines: Vec<String>,
    /// Options: label and value.
    pub options: Vec<(String, Pick)>,
    /// Highlighted option.
    pub selected: usize,
    /// Digits typed (the estimate picker accepts a typed number).
    pub typed: String,
    /// The story (or sprint, as a story id is not needed) it is for.
    pub target: Target,
}

/// What a picker acts on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// A story.
    Story(ops::StoryRef),
    /// A sprint.
    Sprint(SprintId),
}

/// What a form saves into.
#[derive(Clone, Debug, PartialEq)]
pub enum FormFor {
    /// A new story at a place and position.
    NewStory(Place, Position),
    /// An existing story, with its fields as the form first showed them
    /// (only what the user changed is written back).
    Story(StoryId, Box<crate::store::StoryFields>),
    /// A new epic.
    NewEpic,
    /// An existing epic.
    Epic(EpicId),
    /// A new sprint.
    NewSprint,
    /// An existing sprint.
    Sprint(SprintId),
    /// Starting a sprint on other dates.
    StartSprint(SprintId),
    /// A new risk.
    NewRisk,
    /// A new business objective.
    NewObjective,
    /// An existing business objective.
    Objective(ObjectiveId),
    /// An existing risk.
    Risk(RiskId),
}

/// The open popup.
pub enum Popup {
    /// Every key binding of the screen.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
    /// A yes/no question.
    Confirm {
        /// Title.
        title: String,
        /// The question and its consequences.
        lines: Vec<String>,
        /// Label of the yes choice.
        yes: String,
        /// What yes does.
        pending: Pending,
    },
    /// Choose one option.
    Picker(Picker),
    /// Edit fields.
    Form(Box<Form>, FormFor),
    /// The command palette.
    Palette(super::palette::Palette),
}

/// Handles a key while a popup is open: the popup's layer of the keymap
/// first, then (in pickers and forms) the key as typed text.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    use LayerAction as L;
    let Some(popup) = app.popup.take() else { return };
    let k = Key::from_event(key);
    let cancelled = "Cancelled: nothing changed";
    match popup {
        Popup::Help { scroll } => match app.keymap.in_layer(Layer::Help, k) {
            Some(L::Down) => app.popup = Some(Popup::Help { scroll: scroll + 1 }),
            Some(L::Up) => app.popup = Some(Popup::Help { scroll: scroll.saturating_sub(1) }),
            Some(L::PageDown) => app.popup = Some(Popup::Help { scroll: scroll + 10 }),
            Some(L::PageUp) => app.popup = Some(Popup::Help { scroll: scroll.saturating_sub(10) }),
            // Close, and any other key: help is only read.
            _ => {}
        },
        Popup::Confirm { title, lines, yes, pending } => match app.keymap.in_layer(Layer::Confirm, k) {
            // The highlighted choice: cancel when confirming would destroy.
            Some(L::Default) if pending.destroys() => app.say(Ok(cancelled.into())),
            Some(L::Yes | L::Default) => confirm(app, pending),
            Some(L::No) => app.say(Ok(cancelled.into())),
            _ => app.popup = Some(Popup::Confirm { title, lines, yes, pending }),
        },
        Popup::Picker(mut p) => {
            let last = p.options.len().saturating_sub(1);
            match app.keymap.in_layer(Layer::Picker, k) {
                Some(L::Cancel) => return app.say(Ok(cancelled.into())),
                Some(L::Choose) => return picked(app, p),
                Some(L::Down) => p.selected = (p.selected + 1).min(last),
                Some(L::Up) => p.selected = p.selected.saturating_sub(1),
                Some(L::First) => p.selected = 0,
                Some(L::Last) => p.selected = last,
                // Typed digits pick an estimate (text entry, not keys).
                _ => match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() || c == '.' || c == ',' => {
                        p.typed.push(c);
                        select_typed(&mut p, &app.data.open_sprints);
                    }
                    KeyCode::Backspace => {
                        p.typed.pop();
                        select_typed(&mut p, &app.data.open_sprints);
                    }
                    _ => {}
                },
            }
            app.popup = Some(Popup::Picker(p));
        }
        Popup::Form(mut form, purpose) => {
            // Any other key after Ctrl-C takes back its warning.
            form.quit_asked = false;
            match form.key(key, app.keymap.in_layer(Layer::Form, k)) {
                FormKey::Editing => app.popup = Some(Popup::Form(form, purpose)),
                FormKey::Cancel => app.say(Ok(cancelled.into())),
                FormKey::Save => save_form(app, form, purpose),
            }
        }
        Popup::Palette(palette) => super::palette::handle_key(app, palette, key),
    }
}

/// In the estimate picker, typing a number highlights that value; a
/// number off the scale is added as an option of its own. In the move
/// picker, typing a sprint's number highlights that sprint, so the third
/// planned sprint is one keystroke away rather than four hops.
fn select_typed(p: &mut Picker, sprints: &[Sprint]) {
    if p.options.iter().any(|(_, v)| matches!(v, Pick::Place(..))) {
        let Ok(number) = p.typed.parse::<i64>() else { return };
        let Some(sprint) = sprints.iter().find(|s| s.fields.number == number) else { return };
        if let Some(i) =
            p.options.iter().position(|(_, v)| matches!(v, Pick::Place(Place::Sprint(id), _) if *id == sprint.id))
        {
            p.selected = i;
        }
        return;
    }
    if !p.options.iter().any(|(_, v)| matches!(v, Pick::Points(_))) {
        return;
    }
    p.options.retain(|(label, _)| !label.ends_with("(typed)"));
    let Ok(points) = Points::parse(&p.typed) else { return };
    match p.options.iter().position(|(_, v)| *v == Pick::Points(Some(points))) {
        Some(i) => p.selected = i,
        None => {
            p.options.push((format!("{points} pts (typed)"), Pick::Points(Some(points))));
            p.selected = p.options.len() - 1;
        }
    }
}

fn confirm(app: &mut App, pending: Pending) {
    let result = match pending {
        Pending::DeleteStory(story) => {
            let keep = app.cursors.clone();
            if let super::app::Column::Stories(place) = app.focused_column() {
                app.step_cursor_off(place, story.id);
            }
            let r = ops::delete_story(&mut app.store, story);
            if r.is_err() {
                app.cursors = keep;
            }
            r
        }
        Pending::DeleteEpic(id) => ops::delete_epic(&mut app.store, id),
        Pending::DeleteRisk(id) => ops::delete_risk(&mut app.store, id),
        Pending::DeleteObjective(id) => ops::delete_objective(&mut app.store, id),
    };
    app.after_op(result);
}

fn picked(app: &mut App, p: Picker) {
    let Some((_, value)) = p.options.get(p.selected).cloned() else { return };
    let settings = app.settings.clone();
    match (p.target, value) {
        (Target::Story(id), Pick::Points(points)) => {
            let r = ops::estimate(&mut app.store, id, points);
            app.after_op(r);
        }
        (Target::Story(id), Pick::Epic(epic)) => {
            let r = ops::set_epic(&mut app.store, id, epic);
            app.after_op(r);
        }
        (Target::Story(id), Pick::Place(place, position)) => app.send_focused_to(id, place, position),
        (Target::Sprint(id), Pick::Unfinished(u)) => {
            let r = ops::close_sprint(&mut app.store, &settings, id, u);
            app.after_op(r);
        }
        (Target::Sprint(id), Pick::StartOn(start, end)) => {
            let r = ops::start_sprint_on(&mut app.store, &settings, id, Some((start, end)));
            app.after_op(r);
        }
        (Target::Sprint(id), Pick::StartOnTyped(start, end)) => {
            super::sprint_dialogs::open_start_dates(app, id, start, end)
        }
        _ => {}
    }
}
