//! What the views draw from: a read-only snapshot of the session, taken
//! once per frame (television's `Ctx`). Views see the model and the ui
//! state through it, never the store or the operations, so drawing cannot
//! change the board or read it behind the update step's back.

use crate::domain::*;
use crate::tui::columns::Window;
use crate::tui::keymap::{Focus, Keymap};
use crate::tui::popup::Popup;
use crate::tui::sprint_board::SprintBoard;
use crate::tui::state::{BoardData, Column, Message, Screen};
use crate::tui::theme::Theme;
use std::collections::HashMap;

/// One frame's view of the session.
pub struct Ctx<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Key bindings (footer, help, palette).
    pub keymap: &'a Keymap,
    /// The current screen.
    pub screen: Screen,
    /// The open popup.
    pub popup: Option<&'a Popup>,
    /// The message line.
    pub message: &'a Message,
    /// The filter's text ('' for none).
    pub filter_text: &'a str,
    /// Whether the filter line is being typed into.
    pub filter_editing: bool,
    /// The epic whose stories are highlighted.
    pub highlight: Option<EpicId>,
    /// Presenter mode.
    pub presenter: bool,
    /// The small lists.
    pub data: &'a BoardData,
    /// The Plan screen's columns.
    pub columns: Vec<Column>,
    /// The focused Plan column.
    pub focus: usize,
    /// The Plan screen's sideways scroll.
    pub first_column: usize,
    /// The focused epic in the Roadmap column.
    pub epic_focus: usize,
    /// Loaded card windows of the visible columns.
    pub windows: &'a HashMap<Place, Window>,
    /// The terminal size the session was laid out for.
    pub size: (u16, u16),
    /// The risk register.
    pub risks: &'a [Risk],
    /// The focused risk.
    pub risk_focus: usize,
    /// The Roadmap screen's focus and scroll.
    pub roadmap: crate::tui::roadmap_grid::RoadmapFocus,
    /// Business objectives.
    pub objectives: &'a [Objective],
    /// The Reports screen's numbers.
    pub reports: Option<&'a report::Reports>,
    /// The Sprint screen's board.
    pub sprint_board: &'a SprintBoard,
    /// The newest forecast.
    pub forecast: Option<&'a outlook::Forecast>,
    /// The focused story in full.
    pub details: Option<&'a Story>,
    /// Rules from the config.
    pub settings: &'a Settings,
    /// The focused story's card.
    pub focused_card: Option<&'a Card>,
    /// The focused epic.
    pub focused_epic: Option<&'a Epic>,
    /// What the focus is on.
    pub focus_kind: Focus,
    /// The team and the money (sprint plans, screen 6).
    pub team: &'a crate::tui::team_state::TeamState,
    /// Whether money shows (`$`, presenter mode).
    pub money: bool,
    /// Whether the board has a budget (the roadmap's epics show their
    /// remaining cost then); read when the Roadmap screen shows.
    pub has_budget: bool,
    /// Each sprint's cost and cost per point (the Reports screen's), read
    /// when it shows.
    pub costs: Option<&'a crate::ops::CostReport>,
}
