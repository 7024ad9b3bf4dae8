//! The fields operations write: what a form or a file gives for a story,
//! sprint, epic or risk.

use crate::domain::*;

/// The editable fields of a story: the domain's own type (one record type
/// per concept), under the name the store's callers have long used.
pub type StoryRow = StoryFields;

/// The fields of a sprint: the domain's own type, under the store's old name.
pub type SprintRow = SprintFields;

/// The fields of an epic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpicRow {
    /// Key; `None` on create = next `E-N`.
    pub key: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Objective served.
    pub objective: Option<ObjectiveId>,
    /// Target quarter.
    pub quarter: Option<Quarter>,
    /// Colour.
    pub colour: Option<String>,
}

/// The fields of a risk: the domain's own type, under the store's old name.
pub type RiskRow = RiskFields;
