//! What the screens keep about the team and the money: whether money is
//! shown (`$`, presenter mode), the sprint plans and blocked stories the
//! Plan and Sprint screens draw, and the Budget screen's lists and focus.

use crate::ops::{BudgetScreen, TeamView};

/// The Budget screen's lists, in the order `h`/`l` moves between them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    /// The members.
    #[default]
    Team,
    /// Days off.
    DaysOff,
    /// Budgets (with the burn-up of the focused one).
    Budgets,
}

impl Pane {
    /// All panes, left to right.
    pub const ALL: [Pane; 3] = [Pane::Team, Pane::DaysOff, Pane::Budgets];

    /// Its index in [`Pane::ALL`] (cursor slot).
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// The team and money state of a session.
#[derive(Clone, Debug, Default)]
pub struct TeamState {
    /// `$` pressed outside presenter mode: money hidden.
    pub hidden: bool,
    /// `$` pressed in presenter mode: what it shows there, instead of
    /// `presenter_money` (cleared when presenter mode is left).
    pub presenter_choice: Option<bool>,
    /// Sprint plans and flagged stories, read at every reload.
    pub view: TeamView,
    /// Screen 6's lists (read when it shows).
    pub screen: Option<BudgetScreen>,
    /// The focused pane of screen 6.
    pub pane: Pane,
    /// The focused row of each pane.
    pub rows: [usize; 3],
    /// The focused story's blockers in words, for the details strip.
    pub blockers: Vec<String>,
}

impl TeamState {
    /// Whether money shows now: outside presenter mode unless hidden with
    /// `$`; in presenter mode only with `presenter_money` or `$` (SPEC §3).
    pub fn money_shown(&self, presenter: bool, presenter_money: bool) -> bool {
        if presenter { self.presenter_choice.unwrap_or(presenter_money) } else { !self.hidden }
    }

    /// The focused row of a pane.
    pub fn row(&self, pane: Pane) -> usize {
        self.rows[pane.index()]
    }

    /// How many rows a pane has now.
    pub fn len(&self, pane: Pane) -> usize {
        self.screen.as_ref().map_or(0, |s| match pane {
            Pane::Team => s.members.len(),
            Pane::DaysOff => s.days_off.len(),
            Pane::Budgets => s.report.lines.len(),
        })
    }

    /// Keeps each pane's row within its list after a reload.
    pub fn clamp_rows(&mut self) {
        for p in Pane::ALL {
            let n = self.len(p);
            self.rows[p.index()] = self.rows[p.index()].min(n.saturating_sub(1));
        }
    }
}
