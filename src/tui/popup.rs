//! Popups as data: help, confirmations, pickers and forms (the keys that
//! drive them are handled in `features::popups`). One is open at a time,
//! drawn last. In every dialog `y`/`Enter` confirm the highlighted (default,
//! safe) choice and `n`/`Esc` cancel; those keys come from the keymap's
//! layer tables, so they can be rebound.

use super::form::Form;
use crate::domain::*;
use crate::ops;

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
    /// Delete a planned sprint (its stories go to the top of the backlog).
    DeleteSprint(SprintId),
    /// Remove a team member, as the screen showed them.
    RemoveMember(ops::MemberRef),
    /// Remove a day off.
    RemoveDayOff(DayOffId),
}

impl Pending {
    /// Whether confirming destroys something: such dialogs default to
    /// cancel (SPEC §3), so `Enter` keeps and only `y` deletes.
    pub fn destroys(&self) -> bool {
        matches!(
            self,
            Pending::DeleteStory(_)
                | Pending::DeleteEpic(_)
                | Pending::DeleteRisk(_)
                | Pending::DeleteObjective(_)
                | Pending::DeleteSprint(_)
                | Pending::RemoveMember(_)
                | Pending::RemoveDayOff(_)
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
    /// A new team member.
    NewMember,
    /// An existing team member.
    Member(MemberId),
    /// A new day off.
    NewDayOff,
    /// Setting a budget.
    SetBudget,
    /// A new expense.
    NewExpense,
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
