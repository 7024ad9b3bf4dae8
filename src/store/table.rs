//! The tables history tracks, by name.

/// The tables whose rows history tracks (all have an `id` primary key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// `board`
    Board,
    /// `objective`
    Objective,
    /// `epic`
    Epic,
    /// `sprint`
    Sprint,
    /// `story`
    Story,
    /// `commitment`
    Commitment,
    /// `velocity`
    Velocity,
    /// `risk`
    Risk,
    /// `member` (schema 4)
    Member,
    /// `day_off`
    DayOff,
    /// `budget`
    Budget,
    /// `expense`
    Expense,
    /// `dependency`
    Dependency,
}

impl Table {
    /// The SQL table name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Board => "board",
            Table::Objective => "objective",
            Table::Epic => "epic",
            Table::Sprint => "sprint",
            Table::Story => "story",
            Table::Commitment => "commitment",
            Table::Velocity => "velocity",
            Table::Risk => "risk",
            Table::Member => "member",
            Table::DayOff => "day_off",
            Table::Budget => "budget",
            Table::Expense => "expense",
            Table::Dependency => "dependency",
        }
    }

    /// Whether its rows carry a version (schema 3; the team's and money's
    /// tables from schema 4).
    pub fn has_version(self) -> bool {
        matches!(
            self,
            Table::Objective
                | Table::Epic
                | Table::Sprint
                | Table::Story
                | Table::Risk
                | Table::Member
                | Table::DayOff
                | Table::Budget
                | Table::Expense
        )
    }

    /// The table of an SQL name, as stored in `history_row.tbl`.
    pub fn named(name: &str) -> Option<Table> {
        [
            Table::Board,
            Table::Objective,
            Table::Epic,
            Table::Sprint,
            Table::Story,
            Table::Commitment,
            Table::Velocity,
            Table::Risk,
            Table::Member,
            Table::DayOff,
            Table::Budget,
            Table::Expense,
            Table::Dependency,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}
