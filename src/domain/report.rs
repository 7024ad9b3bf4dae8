//! The Reports screen's numbers as plain data (computed by `ops::reports`).

use super::*;

/// One closed sprint's line in the reports.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintReport {
    /// Sprint name.
    pub name: String,
    /// Sprint number.
    pub number: i64,
    /// Its velocity record.
    pub record: VelocityRecord,
    /// Completed over committed.
    pub say_do: Option<f64>,
    /// Stories in it at close.
    pub stories: usize,
    /// Of which bugs.
    pub bugs: usize,
}

/// Everything the Reports screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    /// The velocity window and average.
    pub window: usize,
    /// Average velocity.
    pub average: Option<Points>,
    /// The last closed sprints, oldest first.
    pub sprints: Vec<SprintReport>,
    /// Say/do over the window (completed sum over committed sum).
    pub say_do: Option<f64>,
    /// Median days from started to done over the shown sprints' stories.
    pub median_cycle_days: Option<f64>,
    /// Bugs over stories in the shown sprints.
    pub bug_share: Option<f64>,
}
