//! What a forecast says, as the screens and the command line show it:
//! each epic's outlook against its target, the backlog cut into future
//! sprints. Computed by `ops::forecast`; plain data here so views can draw
//! it without reaching into operations.

use super::forecast::Finish;
use super::*;
use chrono::{Duration, NaiveDate};

/// How an epic stands against its target quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// Nothing left to do.
    Done,
    /// Likely (P85) finished within its quarter.
    OnTrack,
    /// Might finish in time (P50 within, P85 after).
    AtRisk,
    /// Unlikely to finish in time (P50 after the quarter).
    Late,
    /// No target quarter to compare with.
    NoTarget,
    /// No velocity history to forecast with.
    Unknown,
}

impl Outlook {
    /// Words and a symbol, so the outlook reads without colour.
    pub fn words(self) -> &'static str {
        match self {
            Outlook::Done => "✓ done",
            Outlook::OnTrack => "● on track",
            Outlook::AtRisk => "◐ at risk",
            Outlook::Late => "▲ late",
            Outlook::NoTarget => "no target",
            Outlook::Unknown => "needs velocity history",
        }
    }
}

/// The forecast of one epic.
#[derive(Clone, Debug, PartialEq)]
pub struct EpicForecast {
    /// The epic.
    pub epic: Epic,
    /// Points of its unfinished stories.
    pub remaining: Points,
    /// Its unfinished stories without an estimate (the forecast cannot see them).
    pub unestimated: i64,
    /// Future sprints until its last story is done, if forecastable.
    pub finish: Option<Finish>,
    /// Date of the P50 sprint's end.
    pub p50_date: Option<NaiveDate>,
    /// Date of the P85 sprint's end.
    pub p85_date: Option<NaiveDate>,
    /// Against its target quarter.
    pub outlook: Outlook,
    /// What its remaining points will likely cost (P50/P85), from the same
    /// trials as its dates, when sprints have recorded cost.
    pub cost: Option<super::cost::CostRange>,
}

/// A sprint as the backlog forecast fills it (the cut lines): an open sprint
/// with room left, or one after them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FutureSprint {
    /// Its name: an open sprint's, or `Sprint N` after them.
    pub name: String,
    /// Its likely end date.
    pub end: NaiveDate,
    /// Points of the backlog stories it takes.
    pub points: Points,
    /// How many stories.
    pub stories: usize,
    /// Of which unestimated (their size is unknown: the line may move).
    pub unestimated: usize,
}

/// The whole forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// The backlog cut into future sprints at average velocity.
    pub future: Vec<FutureSprint>,
    /// Velocity records and average.
    pub velocity: Velocity,
    /// Trials run.
    pub trials: usize,
    /// Remaining points on the board (open sprints and backlog).
    pub remaining: Points,
    /// Unfinished stories without an estimate.
    pub unestimated: i64,
    /// Each epic, in roadmap order.
    pub epics: Vec<EpicForecast>,
    /// Stories planned before (or with) a blocker that is not done, in words.
    pub blocked: Vec<String>,
}

/// The end date of future sprint `k` (1 = the active sprint, or the first
/// planned one): real dates where sprints are planned, then every
/// `sprint_days` after `base` — the end of the last sprint of any state, or
/// yesterday when that is earlier (future sprints do not start in the past).
pub fn sprint_end(open: &[Sprint], k: usize, sprint_days: i64, base: NaiveDate) -> NaiveDate {
    if let Some(s) = k.checked_sub(1).and_then(|i| open.get(i)) {
        return s.fields.end;
    }
    let beyond = k.saturating_sub(open.len()) as i64;
    base.checked_add_signed(Duration::days(sprint_days.max(1).saturating_mul(beyond))).unwrap_or(NaiveDate::MAX)
}

/// The velocity report: the recorded sprints and the average over the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Velocity {
    /// The window the average is taken over.
    pub window: usize,
    /// Average completed points over the last `window` closed sprints.
    pub average: Option<Points>,
    /// Closed sprints in order: name and record.
    pub sprints: Vec<(String, VelocityRecord)>,
}
