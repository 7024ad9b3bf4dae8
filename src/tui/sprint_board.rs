//! The Sprint screen's data: the active sprint's stories by status, and its
//! burndown. A sprint holds tens of stories, so it is read whole.

use crate::domain::burndown::Burndown;
use crate::domain::*;
use crate::ops::BurndownEvents;

/// The active sprint as a board.
#[derive(Clone, Debug, Default)]
pub struct SprintBoard {
    /// The sprint, if one is active.
    pub sprint: Option<Sprint>,
    /// Cards by status: To Do, Doing, Done.
    pub columns: [Vec<Card>; 3],
    /// Remaining points per day.
    pub burndown: Option<Burndown>,
    /// Focused status column.
    pub focus: usize,
    /// Focused card per column.
    pub rows: [usize; 3],
    /// The burndown's events read so far (only newer ones are read next).
    pub events: BurndownEvents,
}

/// The column of a status.
pub fn column_of(s: Status) -> usize {
    match s {
        Status::Todo => 0,
        Status::Doing => 1,
        Status::Done => 2,
    }
}

pub const STATUSES: [Status; 3] = [Status::Todo, Status::Doing, Status::Done];
