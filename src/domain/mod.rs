//! Plain types and rules of the product, with no I/O: stories, sprints, epics,
//! risks, the points scale, ranks, velocity and forecast maths.

pub mod burndown;
pub mod capacity;
pub mod cost;
pub mod dependency;
pub mod document;
pub mod forecast;
pub mod money;
pub mod outlook;
pub mod points;
pub mod quarter;
pub mod rank;
pub mod records;
pub mod report;
pub mod settings;
pub mod team;
pub mod team_document;
pub mod text;
pub mod velocity;

pub use points::{Points, Scale};
pub use quarter::Quarter;
pub use records::*;
pub use settings::Settings;
pub use team::*;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub i64);
    )*};
}

id_type!(
    /// Row id of a story (not its key, which users see).
    StoryId,
    /// Row id of a sprint.
    SprintId,
    /// Row id of an epic.
    EpicId,
    /// Row id of a business objective.
    ObjectiveId,
    /// Row id of a risk.
    RiskId,
);

/// Declares a closed set of words stored and printed in snake/lower case.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $word:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The word used in files, on the command line and in SQL.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let lower = s.trim().to_lowercase();
                $(if lower == $word { return Ok($name::$variant); })*
                let words: Vec<&str> = vec![$($word),*];
                Err(format!("'{s}' is not one of {}", words.join(", ")))
            }
        }
    };
}

word_enum!(
    /// What sort of work a story is.
    Kind { Story => "story", Bug => "bug", Task => "task", Spike => "spike" }
);
word_enum!(
    /// Where a story is in its life.
    Status { Todo => "todo", Doing => "doing", Done => "done" }
);
word_enum!(
    /// A sprint goes planned → active → closed.
    SprintState { Planned => "planned", Active => "active", Closed => "closed" }
);
word_enum!(
    /// Where a risk stands.
    RiskStatus { Open => "open", Mitigated => "mitigated", Closed => "closed" }
);

// By hand: the enums come from `word_enum!`, which has no way to mark a default.
#[allow(clippy::derivable_impls)]
impl Default for Status {
    fn default() -> Status {
        Status::Todo
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Kind {
    fn default() -> Kind {
        Kind::Story
    }
}

impl Status {
    /// The next status for the `Space` key: todo → doing → done → todo.
    pub fn advanced(self) -> Status {
        match self {
            Status::Todo => Status::Doing,
            Status::Doing => Status::Done,
            Status::Done => Status::Todo,
        }
    }

    /// A symbol, so state never depends on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Todo => "○",
            Status::Doing => "◐",
            Status::Done => "●",
        }
    }
}

impl Kind {
    /// A one-character marker shown on cards.
    pub fn symbol(self) -> &'static str {
        match self {
            Kind::Story => "▪",
            Kind::Bug => "✗",
            Kind::Task => "✓",
            Kind::Spike => "?",
        }
    }
}

/// The ordered list a story belongs to: the backlog or one sprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// The product backlog.
    Backlog,
    /// A sprint's list.
    Sprint(SprintId),
}

impl Place {
    /// The sprint id, or `None` for the backlog (as stored in SQL).
    pub fn sprint_id(self) -> Option<SprintId> {
        match self {
            Place::Backlog => None,
            Place::Sprint(id) => Some(id),
        }
    }

    /// The place for an optional sprint id.
    pub fn from_sprint(id: Option<SprintId>) -> Place {
        id.map_or(Place::Backlog, Place::Sprint)
    }
}

/// Where in an ordered list a moved or new story goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// First in the list.
    Top,
    /// Last in the list.
    Bottom,
    /// Just before the given story.
    Before(StoryId),
    /// Just after the given story.
    After(StoryId),
}

/// Up or down within a list, for re-ranking one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Towards the top.
    Up,
    /// Towards the bottom.
    Down,
}

/// Where unfinished stories go when a sprint closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unfinished {
    /// Top of the backlog (the default: the safe, usual choice).
    #[default]
    Backlog,
    /// The next planned sprint (created if there is none).
    Next,
    /// A new sprint created for them.
    New,
}

impl FromStr for Unfinished {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "backlog" => Ok(Unfinished::Backlog),
            "next" => Ok(Unfinished::Next),
            "new" => Ok(Unfinished::New),
            _ => Err(format!("'{s}' is not one of backlog, next, new")),
        }
    }
}
