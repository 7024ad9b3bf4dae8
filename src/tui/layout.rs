//! One geometry for the update step and the renderer: which Plan columns
//! show and how wide, how many card rows a column has, where the details
//! strip goes. Both sides call these functions, so a page move and the
//! frame can never disagree about what is on screen.

use ratatui::layout::Rect;

/// The smallest terminal the screens are laid out for.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Rows above and below a screen's body: tabs, message line, footer.
const CHROME: u16 = 3;

/// A card's cells besides its title: focus marker, status and kind
/// symbols, a space, a key of up to seven characters, spaces around the
/// points, up to three cells of points, and the column's two borders.
const CARD_FIXED: u16 = 4 + 7 + 1 + 1 + 3 + 2;

/// Room for " @Maya" beside a title, given to the focused column when the
/// width allows, so an assignee never eats into its title.
const ASSIGNEE_ROOM: u16 = 10;

/// Title cells the focused Plan column's cards keep at least (SPEC §2:
/// 40 at 120 columns, 30 at 80).
pub fn plan_title_min(width: u16) -> u16 {
    if width >= 120 { 40 } else { 30 }
}

/// Title cells the focused Sprint-screen column's cards keep at least.
pub fn sprint_title_min(width: u16) -> u16 {
    if width >= 110 { 30 } else { 22 }
}

/// Height of the strip that shows the focused item in full.
pub fn details_height(height: u16) -> u16 {
    match height {
        0..=30 => 4,
        31..=45 => 6,
        _ => 8,
    }
}

/// The Plan screen: each visible column's area and index, and the details
/// strip below them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanLayout {
    /// Visible columns, left to right: area and index into the columns.
    pub columns: Vec<(Rect, usize)>,
    /// Where the focused story or epic is shown in full.
    pub details: Rect,
    /// Columns hidden: left of the first slot, between the pinned Backlog
    /// and the sprints beside it, and right of the last slot.
    pub hidden: (usize, usize, usize),
}

/// The column window: which columns show given the scroll position
/// `first`, adjusted so the focused column is visible. With `first == 0`
/// the window is `0..fit`, Roadmap first. Otherwise the Backlog is pinned in
/// the first slot and sprints `first + 1 ..` fill the others, so the stories
/// being planned stay beside the sprint being filled — also when the focus
/// goes back from that sprint to the Backlog.
pub fn visible_columns(n: usize, fit: usize, focus: usize, first: &mut usize) -> Vec<usize> {
    let fit = fit.clamp(1, n.max(1));
    if fit >= n {
        *first = 0;
        return (0..n).collect();
    }
    if fit == 1 {
        *first = focus;
        return vec![focus];
    }
    match focus {
        0 => *first = 0,
        1 => {}
        f if *first == 0 && f < fit => {}
        f => *first = (*first).clamp(f + 1 - fit, f - 1).max(1),
    }
    if *first == 0 {
        return (0..fit).collect();
    }
    // No empty slots on the right.
    *first = (*first).min(n - fit);
    std::iter::once(1).chain(*first + 1..*first + fit).collect()
}

/// Scrolls so column `index` shows beside the focused Backlog (after `m`
/// moved a story there, or `S` planned a new sprint).
pub fn show_beside_backlog(n: usize, fit: usize, index: usize, first: &mut usize) {
    if index >= 2 && fit >= 2 && fit < n {
        let mut probe = *first;
        if !visible_columns(n, fit, 1, &mut probe).contains(&index) {
            *first = (index + 1).saturating_sub(fit).max(1);
        }
    }
}

/// Column widths for `n` columns at `width`: how many fit, the focused
/// column's width and the others'. The focused column gets room for its
/// title minimum first; the rest share what is left, none narrower than a
/// readable minimum.
pub fn plan_widths(width: u16, n: usize, presenter: bool) -> (usize, u16, u16) {
    let n = n.max(1);
    let focused_min = plan_title_min(width) + CARD_FIXED;
    let other_min = if width >= 100 {
        (width / 5).clamp(34, 44)
    } else if presenter {
        30
    } else {
        26
    };
    if width < focused_min + other_min || n == 1 {
        return (1, width, width);
    }
    let fit = (1 + ((width - focused_min) / other_min) as usize).min(n);
    let others = (fit - 1) as u16;
    let mut extra = width - focused_min - others * other_min;
    let assignee = extra.min(ASSIGNEE_ROOM);
    extra -= assignee;
    let share = extra / fit as u16;
    let other = other_min + share;
    let focused = width - others * other;
    (fit, focused, other)
}

impl PlanLayout {
    /// The Plan screen at `size` with `n` columns, the focus on column
    /// `focus`, scrolled to `first` (adjusted to keep the focus visible).
    pub fn new(size: (u16, u16), presenter: bool, n: usize, focus: usize, first: &mut usize) -> PlanLayout {
        let (width, height) = size;
        let body_height = height.saturating_sub(CHROME);
        let strip = details_height(height).min(body_height / 3);
        let columns_height = body_height - strip;
        let (fit, focused_width, other_width) = plan_widths(width, n, presenter);
        let shown = visible_columns(n, fit, focus, first);
        let mut x = 0;
        let columns = shown
            .iter()
            .map(|&index| {
                let w = if index == focus { focused_width } else { other_width };
                let w = w.min(width.saturating_sub(x));
                let rect = Rect { x, y: 1, width: w, height: columns_height };
                x += w;
                (rect, index)
            })
            .collect::<Vec<_>>();
        let left = shown.first().map_or(0, |&i| i);
        let between = shown.windows(2).map(|w| w[1] - w[0] - 1).sum::<usize>();
        let right = n - 1 - shown.last().copied().unwrap_or(0);
        PlanLayout {
            columns,
            details: Rect { x: 0, y: 1 + columns_height, width, height: strip },
            hidden: (left, between, right),
        }
    }
}

/// Card rows of a Plan story column: its height less borders and header
/// (two lines for the Backlog, four for a sprint); presenter mode leaves a
/// blank row under each card.
pub fn plan_card_rows(layout: &PlanLayout, sprint: bool, presenter: bool) -> usize {
    let height = layout.columns.first().map_or(0, |(r, _)| r.height) as usize;
    let header = if sprint { 4 } else { 2 };
    let inner = height.saturating_sub(2 + header);
    if presenter { inner.div_ceil(2).max(1) } else { inner.max(1) }
}

/// The Sprint screen's parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SprintLayout {
    /// Name, dates, goal and totals.
    pub header: Rect,
    /// To Do · Doing · Done.
    pub columns: [Rect; 3],
    /// The burndown chart, when there is room for one.
    pub burndown: Option<Rect>,
    /// Where the focused story is shown in full.
    pub details: Rect,
}

impl SprintLayout {
    /// The Sprint screen at `size`, with the focus on column `focus`.
    pub fn new(size: (u16, u16), focus: usize) -> SprintLayout {
        let (width, height) = size;
        let body_height = height.saturating_sub(CHROME);
        let strip = details_height(height).min(body_height / 3);
        let header = Rect { x: 0, y: 1, width, height: 3.min(body_height) };
        let rest = body_height.saturating_sub(header.height + strip);
        let top = header.y + header.height;
        // The chart goes to the right on wide screens, under the board on
        // tall ones, and gives way to the cards on small ones.
        let (board, burndown) = if width >= 170 {
            let chart = width * 3 / 10;
            (
                Rect { x: 0, y: top, width: width - chart, height: rest },
                Some(Rect { x: width - chart, y: top, width: chart, height: rest }),
            )
        } else if rest >= 24 {
            let chart = (rest / 3).clamp(8, 12);
            let board = Rect { x: 0, y: top, width, height: rest - chart };
            (board, Some(Rect { x: 0, y: top + board.height, width, height: chart }))
        } else {
            (Rect { x: 0, y: top, width, height: rest }, None)
        };
        // Room for "@Maya" too where it fits: the Sprint screen's cards show
        // who works on them (SPEC §2).
        let with_name = sprint_title_min(width) + CARD_FIXED + ASSIGNEE_ROOM;
        let focused_min =
            if board.width >= with_name + 2 * 30 { with_name } else { sprint_title_min(width) + CARD_FIXED };
        let focused_min = focused_min.min(board.width);
        let equal = board.width / 3;
        let focused = focused_min.max(equal);
        let other = (board.width - focused) / 2;
        let mut x = board.x;
        let columns = std::array::from_fn(|i| {
            let w = if i == focus {
                focused
            } else if i == 2 || (focus == 2 && i == 1) {
                // The last non-focused column takes the odd cell.
                board.width - focused - other
            } else {
                other
            };
            let r = Rect { x, y: board.y, width: w, height: board.height };
            x += w;
            r
        });
        SprintLayout { header, columns, burndown, details: Rect { x: 0, y: top + rest, width, height: strip } }
    }

    /// Card rows of a column (inside its borders).
    pub fn card_rows(&self) -> usize {
        (self.columns[0].height as usize).saturating_sub(2).max(1)
    }
}

/// The Roadmap and Risks screens: the screen's own part, and the details
/// strip below it that shows the focused epic or risk in full.
pub fn screen_and_strip(size: (u16, u16)) -> (Rect, Rect) {
    let (width, height) = size;
    let body_height = height.saturating_sub(CHROME);
    let strip = details_height(height).min(body_height / 3);
    let main = Rect { x: 0, y: 1, width, height: body_height - strip };
    (main, Rect { x: 0, y: 1 + main.height, width, height: strip })
}

/// Lines of the Roadmap screen's rows: its area less the top border and
/// the quarters' header.
pub fn roadmap_rows_height(size: (u16, u16)) -> u16 {
    screen_and_strip(size).0.height.saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focused_plan_column_keeps_its_title_minimum() {
        for (w, n) in [(80, 5), (120, 5), (200, 5), (120, 12), (60, 3)] {
            let (fit, focused, other) = plan_widths(w, n, false);
            assert!(fit >= 1 && fit <= n);
            assert_eq!(focused + other * (fit as u16 - 1), w, "{w} cells, {n} columns");
            if w >= 80 {
                assert!(focused - CARD_FIXED >= plan_title_min(w), "{w}: focused {focused}");
                assert!(fit >= 2, "{w}: the Backlog fits beside a sprint");
            }
        }
        assert!(plan_widths(200, 5, false).0 >= 4, "a wide screen shows more columns");
    }

    #[test]
    fn the_backlog_stays_pinned_beside_a_far_sprint() {
        let mut first = 0;
        assert_eq!(visible_columns(6, 2, 1, &mut first), vec![0, 1]);
        assert_eq!(visible_columns(6, 2, 2, &mut first), vec![1, 2]);
        assert_eq!(visible_columns(6, 2, 4, &mut first), vec![1, 4]);
        // Back to the Backlog: the sprint being filled stays beside it.
        assert_eq!(visible_columns(6, 2, 1, &mut first), vec![1, 4]);
        assert_eq!(visible_columns(6, 3, 5, &mut first), vec![1, 4, 5]);
        assert_eq!(visible_columns(6, 3, 3, &mut first), vec![1, 3, 4]);
        // The Roadmap brings back the start of the board.
        assert_eq!(visible_columns(6, 3, 0, &mut first), vec![0, 1, 2]);
        assert_eq!(visible_columns(3, 5, 2, &mut first), vec![0, 1, 2]);
        assert_eq!(visible_columns(6, 1, 3, &mut first), vec![3]);
        let mut first = 0;
        show_beside_backlog(6, 2, 5, &mut first);
        assert_eq!(visible_columns(6, 2, 1, &mut first), vec![1, 5]);
    }

    #[test]
    fn the_plan_layout_hides_columns_it_says_it_hides() {
        let mut first = 0;
        let l = PlanLayout::new((120, 40), false, 6, 4, &mut first);
        let shown: Vec<usize> = l.columns.iter().map(|c| c.1).collect();
        assert_eq!(shown, vec![1, 4]);
        assert_eq!(l.hidden, (1, 2, 1), "the Roadmap left, Sprints 2 and 3 between, one right");
        assert_eq!(l.columns.iter().map(|c| c.0.width).sum::<u16>(), 120);
        assert_eq!(l.details.y + l.details.height, 38, "the strip ends above the message line (row 38)");
    }

    #[test]
    fn the_sprint_board_gives_its_focused_column_thirty_title_cells() {
        for (w, h) in [(120, 40), (200, 60), (80, 24)] {
            for focus in 0..3 {
                let l = SprintLayout::new((w, h), focus);
                let board = if w >= 170 { w - w * 3 / 10 } else { w };
                assert_eq!(l.columns.iter().map(|r| r.width).sum::<u16>(), board);
                assert!(l.columns[focus].width - CARD_FIXED >= sprint_title_min(w), "{w}×{h} focus {focus}");
            }
        }
        assert!(SprintLayout::new((120, 40), 0).burndown.is_some());
    }
}
