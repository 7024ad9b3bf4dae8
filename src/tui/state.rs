//! What the screens show besides card windows: the screens, the Plan
//! screen's columns, the message line, the small lists, the mouse's map.

use crate::domain::*;
use ratatui::layout::Rect;

/// The six screens, `1`–`6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Roadmap, backlog and sprint columns.
    Plan,
    /// The active sprint as a board.
    Sprint,
    /// Objectives × quarters.
    Roadmap,
    /// Velocity and other reports.
    Reports,
    /// The risk register.
    Risks,
    /// The team, days off and budgets.
    Budget,
}

impl Screen {
    /// All screens in key order.
    pub const ALL: [Screen; 6] =
        [Screen::Plan, Screen::Sprint, Screen::Roadmap, Screen::Reports, Screen::Risks, Screen::Budget];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Plan => "Plan",
            Screen::Sprint => "Sprint",
            Screen::Roadmap => "Roadmap",
            Screen::Reports => "Reports",
            Screen::Risks => "Risks",
            Screen::Budget => "Budget",
        }
    }
}

/// A column of the Plan screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Epics by quarter.
    Roadmap,
    /// A story column: the backlog or a sprint.
    Stories(Place),
}

/// The message line: the last action in words, or an error.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The sentence.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
    /// When it was said (news does not push a fresh refusal off the line).
    pub at: std::time::Instant,
}

impl Message {
    /// A sentence said now.
    pub fn new(text: String, error: bool) -> Message {
        Message { text, error, at: std::time::Instant::now() }
    }
}

impl Default for Message {
    fn default() -> Message {
        Message::new(String::new(), false)
    }
}

/// Everything the board shows that is not a card window: small lists.
#[derive(Clone, Debug, Default)]
pub struct BoardData {
    /// Today, by the store's clock, as of the last reload (views read this,
    /// not the store).
    pub today: chrono::NaiveDate,
    /// Whether the file is open read-only.
    pub read_only: bool,
    /// Name and key prefix.
    pub board: Option<Board>,
    /// Epics in roadmap order.
    pub epics: Vec<Epic>,
    /// Planned and active sprints, by number.
    pub open_sprints: Vec<Sprint>,
    /// Average velocity over the window.
    pub velocity: Option<Points>,
    /// The backlog's counts.
    pub backlog: Tally,
    /// Where future sprints' dates start from (see `ops::sprint_end`).
    pub future_base: chrono::NaiveDate,
    /// The number of the last sprint (for naming future sprints).
    pub last_number: i64,
}

/// Where mouse clicks land, recorded by the renderer for the next event.
#[derive(Clone, Debug, Default)]
pub struct HitMap {
    /// Column areas by column index.
    pub columns: Vec<(Rect, usize)>,
    /// Card rows: area, column index, story.
    pub cards: Vec<(Rect, usize, StoryId)>,
    /// Epic rows in the Roadmap column: area, index in the epic order.
    pub epics: Vec<(Rect, usize)>,
}
