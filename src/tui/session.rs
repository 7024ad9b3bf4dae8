//! The session on an open board: what the screens show (the model, loaded
//! by window), where the focus is, the open popup, and the few queries
//! every feature needs. Features change it; views read it through a
//! [`Ctx`](super::views::ctx::Ctx); events reach it through `App`.

use super::columns::{Cursor, Window};
use super::keymap::{Focus, Keymap};
use super::popup::Popup;
use super::theme::Theme;
use crate::config::Config;
use crate::domain::*;
use crate::ops;
use crate::store::{Filter, Reads, Store};

pub use super::state::*;

/// The whole state of the screens on one board.
pub struct Session {
    /// The open board.
    pub store: Store,
    /// Rules from the config.
    pub settings: Settings,
    /// Key bindings.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// Theme name, to switch back from presenter mode.
    pub theme_name: String,
    /// Whether colour is allowed.
    pub colour: bool,
    /// The current screen.
    pub screen: Screen,
    /// The open popup, drawn last.
    pub popup: Option<Popup>,
    /// The message line.
    pub message: Message,
    /// The text filter.
    pub filter: Filter,
    /// Whether the filter line is being typed into.
    pub filter_editing: bool,
    /// The epic whose stories are highlighted.
    pub highlight: Option<EpicId>,
    /// Presenter mode: high contrast, more spacing, no assignees.
    pub presenter: bool,
    /// Set when the user quits.
    pub quit: bool,
    /// The small lists.
    pub data: BoardData,
    /// The focused Plan column (index into `columns()`).
    pub focus: usize,
    /// The first Plan column shown (sideways scroll).
    pub first_column: usize,
    /// Focused epic (index into the Roadmap column's order).
    pub epic_focus: usize,
    /// Cursor per story column.
    pub cursors: std::collections::HashMap<Place, Cursor>,
    /// Loaded windows per visible story column.
    pub windows: std::collections::HashMap<Place, Window>,
    /// Terminal size, for page sizes and which columns are visible.
    pub size: (u16, u16),
    /// Where the last frame put things, for the mouse.
    pub hits: HitMap,
    /// A card being dragged with the mouse: column index and story.
    pub mouse_drag: Option<(usize, ops::StoryRef)>,
    /// The risk register (loaded when the Risks screen shows).
    pub risks: Vec<Risk>,
    /// The focused risk.
    pub risk_focus: usize,
    /// The Roadmap screen's focus and scroll.
    pub roadmap: super::roadmap_grid::RoadmapFocus,
    /// The risk to focus after the next reload (one just edited or added),
    /// since the register re-sorts by level.
    pub risk_follow: Option<RiskId>,
    /// Objectives (loaded when the Roadmap screen shows).
    pub objectives: Vec<Objective>,
    /// The Reports screen's numbers (loaded when it shows).
    pub reports: Option<ops::Reports>,
    /// The Reports screen's cost per sprint (loaded when it shows).
    pub costs: Option<ops::CostReport>,
    /// Whether the board has a budget (loaded when the Roadmap shows).
    pub has_budget: bool,
    /// The Sprint screen's board.
    pub sprint_board: super::sprint_board::SprintBoard,
    /// The newest forecast (computed off the key path), if any yet.
    pub forecast: Option<ops::Forecast>,
    pub(super) forecast_worker: Option<super::forecast::ForecastWorker>,
    pub(super) data_version: i64,
    /// Where the news of others' changes was last read up to.
    pub(super) news_mark: i64,
    /// The focused story as it was shown before a refresh brought in
    /// someone else's change to it, and when: a key pressed within a
    /// human's reaction time was meant for what was shown before.
    pub(super) just_changed: Option<(std::time::Instant, StoryId, i64)>,
    /// The focused story in full (description, labels), for the details
    /// strip; read again only when the focus or the story's version changes.
    pub details: Option<Story>,
    /// The team and the money: what shows, sprint plans, screen 6.
    pub team: super::team_state::TeamState,
}

impl Session {
    /// Builds the app on an open board, focused on the first backlog story.
    pub fn new(store: Store, config: &Config, size: (u16, u16)) -> crate::store::Result<Session> {
        let (keymap, mut problems) = Keymap::new(&config.keys);
        problems.splice(0..0, config.problems.iter().cloned());
        let colour = !super::theme::no_colour_requested();
        let theme_name = if config.theme.is_empty() { "default".to_string() } else { config.theme.clone() };
        let data_version = store.data_version()?;
        let news_mark = store.news_mark()?;
        let mut app = Session {
            theme: Theme::named(&theme_name, colour),
            theme_name,
            colour,
            store,
            settings: config.settings.clone(),
            keymap,
            screen: Screen::Plan,
            popup: None,
            message: Message::default(),
            filter: Filter::default(),
            filter_editing: false,
            highlight: None,
            presenter: false,
            quit: false,
            data: BoardData::default(),
            focus: 1,
            first_column: 0,
            epic_focus: 0,
            cursors: Default::default(),
            windows: Default::default(),
            size,
            hits: HitMap::default(),
            mouse_drag: None,
            forecast: None,
            forecast_worker: None,
            sprint_board: Default::default(),
            reports: None,
            costs: None,
            has_budget: false,
            risks: Vec::new(),
            risk_focus: 0,
            risk_follow: None,
            roadmap: Default::default(),
            objectives: Vec::new(),
            data_version,
            news_mark,
            just_changed: None,
            details: None,
            team: Default::default(),
        };
        // Where only two columns fit, the board opens on the Backlog beside
        // the first sprint (the planning meeting's view); the Roadmap is one
        // `h` away. Wider screens show it from the start.
        let (fit, _, _) = super::layout::plan_widths(size.0, 3, app.presenter);
        if fit == 2 {
            app.first_column = 1;
        }
        app.reload()?;
        app.prepare_details();
        app.message = if let Some(p) = problems.first() {
            Message::new(format!("{p} (defaults used{})", more(problems.len())), true)
        } else if let Some(notice) = app.store.notice() {
            // Why it is read-only: permissions, a read-only folder, damage.
            Message::new(notice, true)
        } else {
            let name = app.data.board.as_ref().map_or(String::new(), |b| b.name.clone());
            Message::new(format!("{name} — press ? for keys"), false)
        };
        Ok(app)
    }

    /// The Plan screen's columns: Roadmap, Backlog, then each open sprint.
    pub fn columns(&self) -> Vec<Column> {
        let mut cols = vec![Column::Roadmap, Column::Stories(Place::Backlog)];
        cols.extend(self.data.open_sprints.iter().map(|s| Column::Stories(Place::Sprint(s.id))));
        cols
    }

    /// The focused column.
    pub fn focused_column(&self) -> Column {
        let cols = self.columns();
        cols.get(self.focus).copied().unwrap_or(Column::Stories(Place::Backlog))
    }

    /// How many card rows a story column has at the current size.
    pub fn card_rows(&self, place: Place) -> usize {
        super::layout::plan_card_rows(&self.plan_layout(), matches!(place, Place::Sprint(_)), self.presenter)
    }

    /// The Plan screen's geometry at the current size and focus.
    pub fn plan_layout(&self) -> super::layout::PlanLayout {
        let mut first = self.first_column;
        super::layout::PlanLayout::new(self.size, self.presenter, self.columns().len(), self.focus, &mut first)
    }

    /// Scrolls sideways so the focused column is on screen.
    pub fn keep_focus_visible(&mut self) {
        let mut first = self.first_column;
        super::layout::PlanLayout::new(self.size, self.presenter, self.columns().len(), self.focus, &mut first);
        self.first_column = first;
    }

    /// The focused story's card (Plan or Sprint screen), if a story has focus.
    pub fn focused_card(&self) -> Option<&crate::store::Card> {
        match self.screen {
            Screen::Sprint => return self.sprint_board_card(),
            Screen::Plan => {}
            // The Roadmap and Risks screens focus epics and risks.
            _ => return None,
        }
        let Column::Stories(place) = self.focused_column() else { return None };
        let w = self.windows.get(&place)?;
        w.cards.get(w.focus?)
    }

    /// The focused epic: on the Plan screen when the Roadmap column has
    /// focus, on the Roadmap screen when a card has.
    pub fn focused_epic(&self) -> Option<&Epic> {
        if self.screen == Screen::Roadmap {
            return self.roadmap_epic();
        }
        match self.focused_column() {
            Column::Roadmap => self.data.epics.get(self.epic_focus),
            Column::Stories(_) => None,
        }
    }

    /// What the focus is on, for footer hints.
    pub fn focus_kind(&self) -> Focus {
        if self.screen == Screen::Sprint && self.sprint_board_card().is_some() {
            return Focus::Story;
        }
        match self.screen {
            Screen::Roadmap if self.roadmap_epic().is_some() => return Focus::Epic,
            Screen::Roadmap
                if self.roadmap.spot == super::roadmap_grid::Spot::Heading && self.roadmap_objective().is_some() =>
            {
                return Focus::Objective;
            }
            Screen::Risks if !self.risks.is_empty() => return Focus::Risk,
            Screen::Plan => {}
            _ => return Focus::Other,
        }
        match self.focused_column() {
            Column::Roadmap if self.focused_epic().is_some() => Focus::Epic,
            Column::Stories(_) if self.focused_card().is_some() => Focus::Story,
            _ => Focus::Other,
        }
    }

    /// Says what happened (or what went wrong) on the message line.
    pub fn say(&mut self, result: Result<String, String>) {
        self.message = match result {
            Ok(text) => Message::new(text, false),
            Err(text) => Message::new(text, true),
        };
    }

    /// Runs an operation's result into the message line and reloads.
    pub fn after_op(&mut self, result: ops::Result<ops::Done>) {
        let ok = result.is_ok();
        let before = (self.data.velocity, self.data.open_sprints.len());
        match result {
            Ok(done) => {
                self.changed();
                self.say(Ok(done.message))
            }
            Err(e @ ops::Error::Stale(_)) => {
                // Someone else changed it: what the screen shows is old.
                self.changed();
                self.say(Err(e.to_string()))
            }
            Err(e) => self.say(Err(e.to_string())),
        }
        self.refresh();
        if ok && let Some(why) = self.why_cut_lines_moved(before) {
            // A close already says the new velocity: say only what it moved.
            let why = if self.message.text.contains("velocity now") { "cut lines follow it".into() } else { why };
            self.message.text.push_str(&format!(" · {why}"));
        }
    }

    /// When a change moves the backlog's forecast cut lines for a reason
    /// other than the stories moved (a new average velocity after a close,
    /// a sprint more or less to fill first), the words for why, so nobody
    /// wonders why the first cut line jumped.
    fn why_cut_lines_moved(&self, (velocity, open): (Option<Points>, usize)) -> Option<String> {
        let now = self.data.velocity;
        if now != velocity {
            let was = velocity.map_or("none".to_string(), |v| format!("{v}"));
            let is = now.map_or("none".to_string(), |v| format!("{v}/sprint"));
            return Some(format!("cut lines moved: average velocity now {is} (was {was})"));
        }
        let open_now = self.data.open_sprints.len();
        (open_now != open && self.data.velocity.is_some()).then(|| {
            format!(
                "cut lines moved: the backlog now fills {} open sprint{} first",
                open_now,
                if open_now == 1 { "" } else { "s" }
            )
        })
    }

    /// Focuses a story in a column (mouse click, or after a move).
    pub fn focus_story(&mut self, col: usize, story: StoryId) {
        let Some(Column::Stories(place)) = self.columns().get(col).copied() else { return };
        let row = self.windows.get(&place).and_then(|w| w.cards.iter().position(|c| c.id == story)).unwrap_or(0);
        let rank = self.store.card(story).ok().flatten().map(|c| c.rank);
        self.cursors.insert(place, Cursor { story: Some(story), rank, row });
        self.focus = col;
        self.keep_focus_visible();
        self.refresh_windows();
    }

    /// Moves a story to another column; the focus follows it there, and the
    /// column it left focuses the card that took its place.
    pub fn move_focused_to(
        &mut self,
        story: impl Into<ops::StoryRef>,
        from: usize,
        to: usize,
        place: Place,
        position: Position,
    ) {
        let story = story.into();
        let keep = self.cursors.clone();
        if let Some(Column::Stories(from_place)) = self.columns().get(from).copied() {
            self.step_cursor_off(from_place, story.id);
        }
        let result = ops::move_story(&mut self.store, story, place, position);
        let story = story.id;
        if result.is_err() {
            // Refused (perhaps stale): the focus stays on the story.
            self.cursors = keep;
        }
        if result.is_ok() {
            let row = match position {
                Position::Top => 0,
                _ => usize::MAX,
            };
            let rank = self.store.card(story).ok().flatten().map(|c| c.rank);
            let rows = self.card_rows(place);
            self.cursors.insert(place, Cursor { story: Some(story), rank, row: row.min(rows.saturating_sub(1)) });
            self.focus = to;
            self.keep_focus_visible();
        }
        // One reload, after the focus has followed the story.
        self.after_op(result);
    }

    /// `m`: sends a story elsewhere. Unlike `H`/`L`, the focus stays in its
    /// column, on the card that took its place, so a sprint is filled with
    /// `m` after `m` from the Backlog; the column it went to shows beside.
    pub fn send_focused_to(&mut self, story: ops::StoryRef, place: Place, position: Position) {
        let from = self.focus;
        let Some(Column::Stories(from_place)) = self.columns().get(from).copied() else { return };
        let to = self.columns().iter().position(|c| *c == Column::Stories(place)).unwrap_or(from);
        if from_place == place {
            // To the top or bottom of its own column: the focus follows it.
            return self.move_focused_to(story, from, to, place, position);
        }
        let keep = self.cursors.clone();
        self.step_cursor_off(from_place, story.id);
        let result = ops::move_story(&mut self.store, story, place, position);
        if result.is_err() {
            self.cursors = keep;
        }
        self.after_op(result);
        self.show_column(to);
    }

    /// Scrolls so column `index` is on screen beside the focused one.
    pub fn show_column(&mut self, index: usize) {
        let n = self.columns().len();
        let (fit, _, _) = super::layout::plan_widths(self.size.0, n, self.presenter);
        if self.focus == 1 {
            super::layout::show_beside_backlog(n, fit, index, &mut self.first_column);
            self.keep_focus_visible();
            self.refresh_windows();
        }
    }

    /// Before a story leaves a column, points that column's cursor at its
    /// neighbour (below, else above), so the column keeps a sensible focus.
    pub fn step_cursor_off(&mut self, place: Place, story: StoryId) {
        let Some(w) = self.windows.get(&place) else { return };
        let Some(i) = w.cards.iter().position(|c| c.id == story) else { return };
        let next = w.cards.get(i + 1).or(w.after.as_ref()).or(i.checked_sub(1).and_then(|j| w.cards.get(j)));
        let cursor = self.cursors.entry(place).or_default();
        cursor.story = next.map(|c| c.id);
        cursor.rank = next.map(|c| c.rank);
    }
}

fn more(n: usize) -> String {
    if n > 1 { format!("; {} more problems", n - 1) } else { String::new() }
}

impl Session {
    /// This frame's read-only snapshot for the views.
    pub fn ctx(&self) -> super::views::ctx::Ctx<'_> {
        let s = self;
        super::views::ctx::Ctx {
            theme: &s.theme,
            keymap: &s.keymap,
            screen: s.screen,
            popup: s.popup.as_ref(),
            message: &s.message,
            filter_text: &s.filter.text,
            filter_editing: s.filter_editing,
            highlight: s.highlight,
            presenter: s.presenter,
            data: &s.data,
            columns: s.columns(),
            focus: s.focus,
            first_column: s.first_column,
            epic_focus: s.epic_focus,
            windows: &s.windows,
            size: s.size,
            risks: &s.risks,
            risk_focus: s.risk_focus,
            roadmap: s.roadmap,
            objectives: &s.objectives,
            reports: s.reports.as_ref(),
            sprint_board: &s.sprint_board,
            forecast: s.forecast.as_ref(),
            details: s.details.as_ref(),
            settings: &s.settings,
            focused_card: s.focused_card(),
            focused_epic: s.focused_epic(),
            focus_kind: s.focus_kind(),
            team: &s.team,
            money: s.team.money_shown(s.presenter, s.settings.presenter_money),
            has_budget: s.has_budget,
            costs: s.costs.as_ref(),
        }
    }
}

/// An epic as the pickers list it: key and title.
pub fn epic_label(e: &Epic) -> String {
    format!("{} {}", e.key, text::fit(&e.fields.title, 40))
}

/// The sprint whose column has the focus on the Plan screen, if any.
pub fn focused_sprint(app: &Session) -> Option<Sprint> {
    if app.screen != Screen::Plan {
        return None;
    }
    match app.focused_column() {
        Column::Stories(Place::Sprint(id)) => app.store.sprint(id).ok().flatten(),
        _ => None,
    }
}
