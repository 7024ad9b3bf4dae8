//! What the Plan screen shows, loaded by window: each story column reads
//! only the cards around its focused card (keyset pagination on the place
//! index), so the cost of a frame follows the screen, not the board.

use crate::domain::forecast::Walk;
use crate::domain::*;
use crate::store::{Card, Filter, Reads, Result, Store};

/// Stories a filtered window searches before it stops and says so.
pub const FILTER_SCAN: usize = crate::store::FILTER_SCAN;

/// The stories above a window that the forecast walk may sum; past this
/// many the window is beyond the forecast horizon and shows no cut lines.
pub const FORECAST_HORIZON_ROWS: usize = 5_000;

/// Where a story column's focus is, kept across reloads.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cursor {
    /// The focused story, if any.
    pub story: Option<StoryId>,
    /// Its rank when last seen (to find the nearest card if it went away).
    pub rank: Option<i64>,
    /// The screen row the focus should sit on (kept while scrolling).
    pub row: usize,
}

/// A future sprint's end, drawn as a cut line after a backlog card.
#[derive(Clone, Debug, PartialEq)]
pub struct CutLine {
    /// Index in `cards` of the last card of that future sprint.
    pub after: usize,
    /// Which sprint slot (1 = the first open sprint, then on past them).
    pub sprint: usize,
    /// Unestimated stories in that sprint's part of the window: the line
    /// would move if they were estimated.
    pub unestimated: usize,
}

/// One loaded window of a story column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Window {
    /// Visible cards in rank order.
    pub cards: Vec<Card>,
    /// Index of the focused card in `cards`.
    pub focus: Option<usize>,
    /// Whether cards exist above / below the window.
    pub more_above: bool,
    /// Whether cards exist below the window.
    pub more_below: bool,
    /// The card just above the window, and just below (for moving the focus on).
    pub before: Option<Card>,
    /// The card just below the window.
    pub after: Option<Card>,
    /// Forecast cut lines within the window (backlog only).
    pub cuts: Vec<CutLine>,
    /// Future sprint of each card (backlog only, when there is a velocity).
    pub future: Vec<usize>,
    /// With a filter: the rank where the search below stopped, when the
    /// column goes on past it (PgDn searches on from there).
    pub search_edge: Option<i64>,
}

/// Loads the window of `rows` cards around the cursor's story.
pub fn load_window(store: &Store, place: Place, cursor: &mut Cursor, rows: usize, filter: &Filter) -> Result<Window> {
    let rows = rows.max(1);
    // The focused card's current rank: it may have moved or gone since.
    // Still in the column, the window is read by the story itself, so a
    // reload after a drag up or down reads what the one before did.
    let (anchor, at_story) = match cursor.story {
        Some(id) => match store.card(id)? {
            Some(c) if c.place == place => (Some(c.rank), Some(id)),
            _ => (cursor.rank, None),
        },
        None => (cursor.rank, None),
    };
    let (mut above, mut below) = match (at_story, anchor) {
        (Some(id), _) => (
            store.cards_above_story(place, id, rows + 1, filter)?,
            store.cards_from_story(place, id, rows + 1, filter)?,
        ),
        (None, Some(r)) => (
            store.cards_before(place, Some(r), rows + 1, filter)?,
            store.cards_after(place, Some(r - 1), rows + 1, filter)?,
        ),
        (None, None) => (Vec::new(), store.cards_after(place, None, rows + 1, filter)?),
    };
    if below.is_empty() && !above.is_empty() {
        below.push(above.remove(0));
    }
    // A filtered search reads a bounded stretch; say where it stopped.
    let search_edge = if !filter.text.trim().is_empty() && below.len() <= rows {
        store.filter_scan_edge(place, anchor.map(|r| r - 1), true)?
    } else {
        None
    };
    let Some(focus) = below.first().cloned() else {
        // Keep the place searched from, so PgDn can go on past it.
        *cursor = Cursor { story: None, rank: cursor.rank, row: 0 };
        return Ok(Window { search_edge, ..Window::default() });
    };
    // At most `rows - 1` above, so the focused card always fits: the cursor
    // row may be past the column's end after presenter mode or a resize.
    let k_above = above.len().min(cursor.row.max(rows.saturating_sub(below.len()))).min(rows - 1);
    let k_below = below.len().min(rows - k_above.min(rows));
    let more_above = above.len() > k_above;
    let more_below = below.len() > k_below;
    let before = above.get(k_above).cloned();
    let after = below.get(k_below).cloned();
    let mut cards: Vec<Card> = above.into_iter().take(k_above).rev().collect();
    cards.extend(below.into_iter().take(k_below));
    *cursor = Cursor { story: Some(focus.id), rank: Some(focus.rank), row: k_above };
    Ok(Window { cards, focus: Some(k_above), more_above, more_below, before, after, search_edge, ..Window::default() })
}

/// Adds the forecast to a backlog window: which future sprint each card
/// falls in and where the cut lines go. Resumes the walk from the points
/// above the window, read through the index and bounded by the horizon.
/// `open_remaining` is the unfinished work in the open sprints, which the
/// walk counts first (as `ops::forecast` does).
pub fn add_forecast(
    store: &Store,
    window: &mut Window,
    velocity: Option<Points>,
    open_remaining: Points,
    filtered: bool,
) -> Result<()> {
    // With a filter the cards are not consecutive, so cut lines would lie.
    if filtered {
        return Ok(());
    }
    let (Some(at), Some(focus)) = (window.focus, window.focus.and_then(|i| window.cards.get(i))) else {
        return Ok(());
    };
    // What lies above the window is read as what lies above the focused
    // card, less the window's cards above it: read by the focused story,
    // as the window is, a reload after a drag reads the same again. The
    // bound, the same whatever the window, takes in the rows it may have
    // above the focus (a screen's height, far below the horizon).
    let above_focus = 2 * FORECAST_HORIZON_ROWS;
    let (sum, n) = store.points_above_story(Place::Backlog, focus.id, above_focus)?;
    let shown: i64 = window.cards[..at]
        .iter()
        .filter(|c| c.status != Status::Done)
        .map(|c| c.points.unwrap_or_default().hundredths())
        .sum();
    let (before, counted) = (Points::from_hundredths(sum.hundredths() - shown), n.saturating_sub(at));
    if counted >= FORECAST_HORIZON_ROWS {
        return Ok(());
    }
    let Some(mut walk) = Walk::resume(velocity, open_remaining + before) else { return Ok(()) };
    let mut last = walk.current();
    let mut unestimated = 0;
    window.future.clear();
    window.cuts.clear();
    for (i, card) in window.cards.iter().enumerate() {
        // Done stories take no room, as in `ops::forecast`.
        let sprint = walk.take(if card.status == Status::Done { None } else { card.points });
        if sprint > last && i > 0 {
            window.cuts.push(CutLine { after: i - 1, sprint: last, unestimated });
            unestimated = 0;
        }
        unestimated += usize::from(card.points.is_none());
        last = sprint;
        window.future.push(sprint);
    }
    // The last visible card ends its sprint when the next one starts another.
    let end_here = match &window.after {
        Some(next) => walk.take(if next.status == Status::Done { None } else { next.points }) > last,
        None => !window.cards.is_empty(),
    };
    if end_here {
        window.cuts.push(CutLine { after: window.cards.len() - 1, sprint: last, unestimated });
    }
    Ok(())
}

/// The first card of a place (the `g` key), or the last (`G`).
pub fn edge_card(store: &Store, place: Place, last: bool, filter: &Filter) -> Result<Option<Card>> {
    Ok(if last {
        store.cards_before(place, None, 1, filter)?.pop()
    } else {
        store.cards_after(place, None, 1, filter)?.pop()
    })
}

/// The card `n` steps below (or above) a rank, or the farthest there is.
pub fn card_steps_away(
    store: &Store,
    place: Place,
    rank: i64,
    n: usize,
    down: bool,
    filter: &Filter,
) -> Result<Option<Card>> {
    let cards = if down {
        store.cards_after(place, Some(rank), n, filter)?
    } else {
        store.cards_before(place, Some(rank), n, filter)?
    };
    Ok(cards.into_iter().last())
}
