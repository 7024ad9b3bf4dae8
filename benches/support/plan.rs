//! What the Plan screen reads, done the way SPEC §8 asks a screen to: a
//! window of each visible column and the tallies, never the whole board.
//! (The real screens live in `src/tui`; once they settle, the benchmark
//! measures them directly and these stand-ins become the "data" half.)

use anyhow::Result;
use sprintboard::domain::forecast::Walk;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{Card, Filter, Reads, Store};
use std::time::{Duration, Instant};

/// Backlog cards read per window (a tall terminal shows about this many).
pub const BACKLOG_ROWS: usize = 60;
/// Cards read per sprint column.
pub const SPRINT_ROWS: usize = 30;
/// Sprint columns visible next to the backlog.
pub const VISIBLE_SPRINTS: usize = 3;
/// The forecast walk sums at most this many stories above a window (as
/// `tui::columns::FORECAST_HORIZON_ROWS`); deeper windows show no cut lines.
pub const FORECAST_HORIZON_ROWS: usize = 5_000;

/// Everything the Plan screen draws from.
#[derive(Debug)]
#[expect(dead_code, reason = "held as the screen would hold it; nothing draws it yet")]
pub struct PlanData {
    /// Board name and key prefix.
    pub board: Board,
    /// Planned and active sprints, with tallies (column headers).
    pub open_sprints: Vec<Sprint>,
    /// Epics with progress (the Roadmap column).
    pub epics: Vec<Epic>,
    /// Backlog totals.
    pub backlog: Tally,
    /// The backlog window.
    pub backlog_cards: Vec<Card>,
    /// A window of each visible sprint column.
    pub sprint_cards: Vec<Vec<Card>>,
    /// Average velocity.
    pub velocity: Option<Points>,
    /// Future sprint of each backlog card in the window.
    pub future: Vec<usize>,
}

fn no_filter() -> Filter {
    Filter::default()
}

/// Loads the Plan screen's data; `step` hears how long each part took.
pub fn load_plan(store: &Store, settings: &Settings, step: &mut dyn FnMut(&'static str, Duration)) -> Result<PlanData> {
    let mut t = Instant::now();
    let mut lap = |name: &'static str, t: &mut Instant| {
        step(name, t.elapsed());
        *t = Instant::now();
    };
    let board = store.board()?;
    lap("board name", &mut t);
    // The same reads as the app's reload (tui/load.rs).
    let open_sprints: Vec<Sprint> = store.open_sprints()?;
    lap("sprints with tallies", &mut t);
    let epics = store.epics()?;
    lap("epics with tallies", &mut t);
    let backlog = store.tally(Place::Backlog)?;
    lap("backlog tally", &mut t);
    let backlog_cards = store.cards_after(Place::Backlog, None, BACKLOG_ROWS, &no_filter())?;
    lap("backlog window", &mut t);
    let mut sprint_cards = Vec::new();
    for s in open_sprints.iter().take(VISIBLE_SPRINTS) {
        sprint_cards.push(store.cards_after(Place::Sprint(s.id), None, SPRINT_ROWS, &no_filter())?);
    }
    lap("sprint windows", &mut t);
    let velocity = ops::average_velocity(store, settings)?;
    lap("average velocity", &mut t);
    let future = forecast(store, velocity, &backlog_cards)?;
    lap("forecast prefix", &mut t);
    Ok(PlanData { board, open_sprints, epics, backlog, backlog_cards, sprint_cards, velocity, future })
}

/// Future sprint of each card of a backlog window: the prefix sum above
/// the window (bounded by the horizon), then a walk through the window.
pub fn forecast(r: &impl Reads, velocity: Option<Points>, window: &[Card]) -> Result<Vec<usize>> {
    let Some(first) = window.first() else { return Ok(Vec::new()) };
    let (before, _) = r.points_before(Place::Backlog, first.rank, FORECAST_HORIZON_ROWS)?;
    let Some(mut walk) = Walk::resume(velocity, before) else { return Ok(Vec::new()) };
    Ok(window.iter().map(|c| walk.take(c.points)).collect())
}

/// The window of `rows` cards with the story at `rank` near its top (focus
/// follows a moved story), or the top of the column without one.
pub fn window(r: &impl Reads, place: Place, focus: Option<i64>, rows: usize) -> Result<Vec<Card>> {
    let Some(rank) = focus else {
        return Ok(r.cards_after(place, None, rows, &no_filter())?);
    };
    let mut cards = r.cards_before(place, Some(rank), rows / 4, &no_filter())?;
    cards.reverse();
    let below = r.cards_after(place, Some(rank - 1), rows - cards.len(), &no_filter())?;
    cards.extend(below);
    Ok(cards)
}

/// A column to read again after an action, with the focused rank if the
/// focus is in it.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Which column.
    pub place: Place,
    /// The focused story's rank in it.
    pub focus: Option<i64>,
}

/// What the screen re-reads after a change: the windows of the touched
/// columns, their headers (tallies), the forecast for a backlog window, and
/// the progress of the touched epic. Returns the number of cards read.
pub fn refresh(store: &Store, velocity: Option<Points>, columns: &[Column], epic: Option<EpicId>) -> Result<usize> {
    let mut cards = 0;
    for c in columns {
        match c.place {
            Place::Backlog => {
                let w = window(store, c.place, c.focus, BACKLOG_ROWS)?;
                std::hint::black_box(store.tally(Place::Backlog)?);
                std::hint::black_box(forecast(store, velocity, &w)?);
                cards += w.len();
            }
            Place::Sprint(id) => {
                cards += window(store, c.place, c.focus, SPRINT_ROWS)?.len();
                std::hint::black_box(store.sprint(id)?);
            }
        }
    }
    if let Some(e) = epic {
        std::hint::black_box(store.epic(e)?);
    }
    Ok(cards)
}
