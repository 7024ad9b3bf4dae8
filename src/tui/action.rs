//! Everything a key can ask for. The snake_case names are the ones users
//! write in `config.toml` under `[keys]`.

use serde::{Deserialize, Serialize};

/// One user intent, independent of the key that asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Focus the column to the left.
    FocusLeft,
    /// Focus the column to the right.
    FocusRight,
    /// Focus the card above.
    FocusUp,
    /// Focus the card below.
    FocusDown,
    /// Focus the first card.
    First,
    /// Focus the last card.
    Last,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// Drag the story to the previous column.
    DragLeft,
    /// Drag the story to the next column.
    DragRight,
    /// Drag the story (or epic) up within its column.
    DragUp,
    /// Drag the story (or epic) down within its column.
    DragDown,
    /// Epic's target quarter one earlier.
    QuarterEarlier,
    /// Epic's target quarter one later.
    QuarterLater,
    /// Move to…: backlog top/bottom or any open sprint.
    MoveTo,
    /// New item in the focused column.
    New,
    /// Edit the focused item.
    Edit,
    /// Open details (stories) or highlight an epic's stories.
    Open,
    /// Delete the focused item (after confirmation).
    Delete,
    /// Pick points from the scale.
    Estimate,
    /// Points one step up the scale.
    PointsUp,
    /// Points one step down the scale.
    PointsDown,
    /// Assign the story to an epic.
    AssignEpic,
    /// Advance status: todo → doing → done → todo.
    AdvanceStatus,
    /// Plan a new sprint.
    NewSprint,
    /// Edit (or delete) the focused sprint.
    EditSprint,
    /// Start the focused planned sprint.
    StartSprint,
    /// Close the active sprint.
    CloseSprint,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Filter cards by text.
    Filter,
    /// Clear the filter or the epic highlight.
    Clear,
    /// Presenter mode on/off.
    Presenter,
    /// Show or hide money (costs, rates, budgets).
    ToggleMoney,
    /// Record an expense (Budget screen).
    AddExpense,
    /// The command palette: every action of this screen, by name.
    Palette,
    /// Show every binding of this screen.
    Help,
    /// Quit.
    Quit,
    /// Go to the Plan screen.
    ScreenPlan,
    /// Go to the Sprint screen.
    ScreenSprint,
    /// Go to the Roadmap screen.
    ScreenRoadmap,
    /// Go to the Reports screen.
    ScreenReports,
    /// Go to the Risks screen.
    ScreenRisks,
    /// Go to the Budget screen.
    ScreenBudget,
    /// Next screen.
    NextScreen,
    /// Previous screen.
    PrevScreen,
}

impl Action {
    /// The name used in config.toml (`drag_right`).
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    /// The name in words, for messages (`drag right`).
    pub fn words(self) -> String {
        self.name().replace('_', " ")
    }
}

impl Action {
    /// Whether the action would change the board (so a read-only board
    /// says no before any form or picker opens). Opening or editing a form
    /// is not: its details can be read, and saving is refused.
    pub fn changes_board(self) -> bool {
        use Action as A;
        matches!(
            self,
            A::DragLeft
                | A::DragRight
                | A::DragUp
                | A::DragDown
                | A::QuarterEarlier
                | A::QuarterLater
                | A::MoveTo
                | A::New
                | A::Delete
                | A::Estimate
                | A::PointsUp
                | A::PointsDown
                | A::AssignEpic
                | A::AdvanceStatus
                | A::NewSprint
                | A::EditSprint
                | A::StartSprint
                | A::CloseSprint
                | A::AddExpense
                | A::Undo
                | A::Redo
        )
    }
}
