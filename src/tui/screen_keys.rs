//! The screens' default bindings of SPEC §3, as data, with where each
//! works ([`Scope`]) and which focus its footer hint is for ([`Focus`]).
//! `keymap.rs` builds the bindings in force from this table and the
//! config; the popups' tables are in `layer.rs`.

use super::action::Action;
use super::state::Screen;

/// Which screens a binding works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every screen.
    All,
    /// Screens that can be moved around in (all but Reports).
    Nav,
    /// Screens with items to add, edit and delete (all but Reports).
    Items,
    /// Screens with things that have a status (Plan, Sprint, Risks).
    Status,
    /// Screens with story cards (Plan, Sprint).
    Cards,
    /// Screens whose cards are ranked by hand: stories and epics (Plan,
    /// Sprint, Roadmap).
    Ranked,
    /// Screens with epics (Plan, Roadmap).
    Epics,
    /// The Plan screen only.
    Plan,
    /// The Budget screen only.
    Budget,
}

impl Scope {
    /// Whether a binding of this scope works on a screen.
    pub fn applies(self, screen: Screen) -> bool {
        match self {
            Scope::All => true,
            Scope::Nav => screen != Screen::Reports,
            Scope::Items => screen != Screen::Reports,
            Scope::Status => matches!(screen, Screen::Plan | Screen::Sprint | Screen::Risks),
            Scope::Cards => matches!(screen, Screen::Plan | Screen::Sprint),
            Scope::Ranked => matches!(screen, Screen::Plan | Screen::Sprint | Screen::Roadmap),
            Scope::Epics => matches!(screen, Screen::Plan | Screen::Roadmap),
            Scope::Plan => screen == Screen::Plan,
            Scope::Budget => screen == Screen::Budget,
        }
    }

    /// The screens, in words (README's key table).
    pub(super) fn words(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Nav => "all but Reports",
            Scope::Items => "all but Reports",
            Scope::Status => "Plan, Sprint, Risks",
            Scope::Cards => "Plan, Sprint",
            Scope::Ranked => "Plan, Sprint, Roadmap",
            Scope::Epics => "Plan, Roadmap",
            Scope::Plan => "Plan",
            Scope::Budget => "Budget",
        }
    }
}

/// What the focus is on, for choosing footer hints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A story card.
    Story,
    /// An epic: in the Plan screen's Roadmap column, or a Roadmap card.
    Epic,
    /// An objective's heading on the Roadmap screen.
    Objective,
    /// A risk in the register.
    Risk,
    /// Nothing in particular.
    Other,
}

use Action as A;
use Focus::{Epic as FE, Objective as FB, Other as FO, Risk as FR, Story as FS};

/// The defaults of SPEC §3, as data: (action, keys, scope, description, footer hint).
pub(super) type Row = (Action, &'static [&'static str], Scope, &'static str, Option<(&'static str, &'static [Focus])>);

pub(super) const DEFAULTS: &[Row] = &[
    (A::FocusLeft, &["h", "left"], Scope::Nav, "focus the column to the left (Roadmap screen: the quarter)", None),
    (A::FocusRight, &["l", "right"], Scope::Nav, "focus the column to the right (Roadmap screen: the quarter)", None),
    (A::FocusUp, &["k", "up"], Scope::Nav, "focus the card above", None),
    (A::FocusDown, &["j", "down"], Scope::Nav, "focus the card below", None),
    (A::First, &["g", "home"], Scope::Nav, "first card", None),
    (A::Last, &["G", "end"], Scope::Nav, "last card", None),
    (A::PageUp, &["pgup"], Scope::Nav, "page up", None),
    (A::PageDown, &["pgdn"], Scope::Nav, "page down", None),
    (A::DragLeft, &["H", "shift-left"], Scope::Cards, "drag the story to the previous column", Some(("drag", &[FS]))),
    (A::DragRight, &["L", "shift-right"], Scope::Cards, "drag the story to the next column", None),
    (
        A::DragUp,
        &["K", "shift-up"],
        Scope::Ranked,
        "drag up within the column (epics: re-rank)",
        Some(("rank", &[FS, FE])),
    ),
    (A::DragDown, &["J", "shift-down"], Scope::Ranked, "drag down within the column (epics: re-rank)", None),
    (A::QuarterEarlier, &["<"], Scope::Epics, "epic: target quarter one earlier", Some(("quarter", &[FE]))),
    (A::QuarterLater, &[">"], Scope::Epics, "epic: target quarter one later", None),
    (A::MoveTo, &["m"], Scope::Cards, "move to…: backlog top/bottom or a sprint", Some(("move to", &[FS]))),
    (
        A::New,
        &["n"],
        Scope::Items,
        "new item here: story, epic, objective (on its heading), risk, or member, day off or budget",
        Some(("new", &[FS, FE, FO, FB, FR])),
    ),
    (A::Edit, &["e"], Scope::Items, "edit the focused item", Some(("edit", &[FS, FE, FB, FR]))),
    (A::Open, &["enter"], Scope::Items, "open details; on an epic: highlight its stories", Some(("highlight", &[FE]))),
    (A::Delete, &["x", "delete"], Scope::Items, "delete, after confirmation", Some(("delete", &[FB, FR]))),
    (A::Estimate, &["p"], Scope::Cards, "estimate: pick points from the scale", Some(("points", &[FS]))),
    (A::PointsUp, &["+"], Scope::Cards, "points one step up the scale", None),
    (A::PointsDown, &["-"], Scope::Cards, "points one step down the scale", None),
    (A::AssignEpic, &["a"], Scope::Cards, "assign the story to an epic", Some(("epic", &[FS]))),
    (
        A::AdvanceStatus,
        &["space"],
        Scope::Status,
        "status: todo → doing → done (risks: open → mitigated → closed)",
        Some(("status", &[FS, FR])),
    ),
    (A::NewSprint, &["S"], Scope::Cards, "plan a new sprint", Some(("new sprint", &[FO]))),
    (A::EditSprint, &["E"], Scope::Cards, "edit the focused sprint (or delete it)", None),
    (A::StartSprint, &["s"], Scope::Cards, "start the focused planned sprint", None),
    (A::CloseSprint, &["C"], Scope::Cards, "close the active sprint and record velocity", None),
    (A::Undo, &["u"], Scope::All, "undo your last change", Some(("undo", &[FS, FE, FO, FB, FR]))),
    (A::Redo, &["U", "ctrl-r"], Scope::All, "redo your last undone change", None),
    (
        A::Filter,
        &["/"],
        Scope::Cards,
        "filter by text (key, title, epic, label, assignee)",
        Some(("filter", &[FS, FE, FO])),
    ),
    (A::Clear, &["esc"], Scope::All, "clear the filter or the epic highlight", None),
    (A::Presenter, &["P"], Scope::All, "presenter mode on/off", None),
    (A::ToggleMoney, &["$"], Scope::All, "show / hide money (costs, rates, budgets)", None),
    (A::AddExpense, &["c"], Scope::Budget, "record an expense (a cost that is not labour)", Some(("expense", &[FO]))),
    (A::Palette, &[":"], Scope::All, "command palette: every action of this screen, by name", None),
    (A::Help, &["?"], Scope::All, "help: every key of this screen", Some(("help", &[FS, FE, FO, FB, FR]))),
    (A::Quit, &["q", "ctrl-c"], Scope::All, "quit", Some(("quit", &[FS, FE, FO, FB, FR]))),
    (A::ScreenPlan, &["1"], Scope::All, "Plan screen", None),
    (A::ScreenSprint, &["2"], Scope::All, "Sprint screen", None),
    (A::ScreenRoadmap, &["3"], Scope::All, "Roadmap screen", None),
    (A::ScreenReports, &["4"], Scope::All, "Reports screen", None),
    (A::ScreenRisks, &["5"], Scope::All, "Risks screen", None),
    (A::ScreenBudget, &["6"], Scope::All, "Budget screen", None),
    (A::NextScreen, &["tab"], Scope::All, "next screen", None),
    (A::PrevScreen, &["backtab"], Scope::All, "previous screen", None),
];
