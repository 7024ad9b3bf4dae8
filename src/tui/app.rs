//! The application state and the loop's update step: a key becomes an
//! action (through the keymap), the action changes state or calls an
//! operation, and the data the screens show is reloaded by window.

use super::action::Action;
use super::columns::{self, Cursor, Window};
use super::keymap::{Focus, Key, Keymap};
use super::popup::Popup;
use super::theme::Theme;
use crate::config::Config;
use crate::domain::*;
use crate::ops;
use crate::store::{Filter, Reads, Store};
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::cell::RefCell;

/// The five screens, `1`–`5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Roadmap, backlog and sprint columns.
    Plan,
    /// The active sprint as a board.
    Sprint,
    /// Objectives × quarters.
    Roadmap,
    /// Velocity and other reports.
    Reports,
    /// The risk register.
    Risks,
}

impl Screen {
    /// All screens in key order.
    pub const ALL: [Screen; 5] = [Screen::Plan, Screen::Sprint, Screen::Roadmap, Screen::Reports, Screen::Risks];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Plan => "Plan",
            Screen::Sprint => "Sprint",
            Screen::Roadmap => "Roadmap",
            Screen::Reports => "Reports",
            Screen::Risks => "Risks",
        }
    }
}

/// A column of the Plan screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Epics by quarter.
    Roadmap,
    /// A story column: the backlog or a sprint.
    Stories(Place),
}

/// The message line: the last action in words, or an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    /// The sentence.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// Everything the board shows that is not a card window: small lists.
#[derive(Clone, Debug, Default)]
pub struct BoardData {
    /// Name and key prefix.
    pub board: Option<Board>,
    /// Epics in roadmap order.
    pub epics: Vec<Epic>,
    /// Planned and active sprints, by number.
    pub open_sprints: Vec<Sprint>,
    /// Average velocity over the window.
    pub velocity: Option<Points>,
    /// The backlog's counts.
    pub backlog: Tally,
    /// Where future sprints' dates start from (see `ops::sprint_end`).
    pub future_base: chrono::NaiveDate,
    /// The number of the last sprint (for naming future sprints).
    pub last_number: i64,
}

/// Where mouse clicks land, recorded by the renderer for the next event.
#[derive(Clone, Debug, Default)]
pub struct HitMap {
    /// Column areas by column index.
    pub columns: Vec<(Rect, usize)>,
    /// Card rows: area, column index, story.
    pub cards: Vec<(Rect, usize, StoryId)>,
    /// Epic rows in the Roadmap column: area, index in the epic order.
    pub epics: Vec<(Rect, usize)>,
}

/// The whole application.
pub struct App {
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
    pub hits: RefCell<HitMap>,
    /// A card being dragged with the mouse: column index and story.
    pub mouse_drag: Option<(usize, StoryId)>,
    /// The risk register (loaded when the Risks screen shows).
    pub risks: Vec<Risk>,
    /// The focused risk.
    pub risk_focus: usize,
    /// Objectives (loaded when the Roadmap screen shows).
    pub objectives: Vec<Objective>,
    /// The Reports screen's numbers (loaded when it shows).
    pub reports: Option<ops::Reports>,
    /// The Sprint screen's board.
    pub sprint_board: super::sprint_board::SprintBoard,
    /// The newest forecast (computed off the key path), if any yet.
    pub forecast: Option<ops::Forecast>,
    forecast_worker: Option<super::forecast::ForecastWorker>,
    data_version: i64,
}

impl App {
    /// Builds the app on an open board, focused on the first backlog story.
    pub fn new(store: Store, config: &Config, size: (u16, u16)) -> crate::store::Result<App> {
        let (keymap, mut problems) = Keymap::new(&config.keys);
        problems.splice(0..0, config.problems.iter().cloned());
        let colour = !super::theme::no_colour_requested();
        let theme_name = if config.theme.is_empty() { "default".to_string() } else { config.theme.clone() };
        let data_version = store.data_version()?;
        let mut app = App {
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
            hits: RefCell::new(HitMap::default()),
            mouse_drag: None,
            forecast: None,
            forecast_worker: None,
            sprint_board: Default::default(),
            reports: None,
            risks: Vec::new(),
            risk_focus: 0,
            objectives: Vec::new(),
            data_version,
        };
        app.reload()?;
        app.message = if let Some(p) = problems.first() {
            Message { text: format!("{p} (defaults used{})", more(problems.len())), error: true }
        } else if app.store.is_read_only() {
            Message {
                text: format!("{} is read-only: you can look, not change", app.store.path().display()),
                error: true,
            }
        } else {
            let name = app.data.board.as_ref().map_or(String::new(), |b| b.name.clone());
            Message { text: format!("{name} — press ? for keys"), error: false }
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
        let header = match place {
            Place::Backlog => 2,
            Place::Sprint(_) => 4,
        };
        // Tabs, message line and footer take 3 rows; borders take 2.
        let inner = (self.size.1 as usize).saturating_sub(3 + 2 + header);
        if self.presenter { inner.div_ceil(2).max(1) } else { inner.max(1) }
    }

    /// Column width for `n` columns at the current size, and how many fit.
    pub fn column_layout(&self) -> (u16, usize) {
        let width = self.size.0.max(1);
        let min = if self.presenter { 34 } else { 26 };
        let fit = ((width / min) as usize).max(1);
        let n = self.columns().len().min(fit).max(1);
        (width / n as u16, n)
    }

    /// Reloads everything shown: the small lists and each visible window.
    pub fn reload(&mut self) -> crate::store::Result<()> {
        self.data.last_number = self.store.sprint_extent()?.0;
        self.data.future_base = ops::future_base(&self.store, self.store.today()).map_err(op_to_store)?;
        self.data.open_sprints = self.store.open_sprints()?;
        self.data.board = Some(self.store.board()?);
        self.data.epics = self.roadmap_order(self.store.epics()?);
        self.data.velocity = ops::average_velocity(&self.store, &self.settings).map_err(op_to_store)?;
        self.data.backlog = self.store.tally(Place::Backlog)?;
        let n = self.columns().len();
        self.focus = self.focus.min(n - 1);
        self.epic_focus = self.epic_focus.min(self.data.epics.len().saturating_sub(1));
        self.keep_focus_visible();
        if self.screen == Screen::Sprint {
            self.reload_sprint_board()?;
        }
        if self.screen == Screen::Risks {
            self.reload_risks()?;
        }
        if self.screen == Screen::Roadmap {
            self.objectives = self.store.objectives()?;
        }
        if self.screen == Screen::Reports {
            self.reports = Some(ops::reports(&self.store, &self.settings).map_err(op_to_store)?);
        }
        self.reload_windows()
    }

    /// The board changed: the forecast must be computed again.
    fn changed(&self) {
        if let Some(w) = &self.forecast_worker {
            w.request();
        }
    }

    /// Computes forecasts on a thread from now on (the real terminal);
    /// without it (tests) [`App::compute_forecast`] does it in place.
    pub fn start_forecast_worker(&mut self) {
        let worker = super::forecast::ForecastWorker::start(
            self.store.path().to_path_buf(),
            self.settings.clone(),
            self.store.today(),
        );
        worker.request();
        self.forecast_worker = Some(worker);
    }

    /// Computes the forecast now, on this thread.
    pub fn compute_forecast(&mut self) {
        match ops::forecast(&self.store, &self.settings, self.store.today()) {
            Ok(f) => self.forecast = Some(f),
            Err(e) => self.say(Err(e.to_string())),
        }
    }

    /// Takes a finished forecast from the worker; true if one arrived.
    pub fn poll_forecast(&mut self) -> bool {
        match self.forecast_worker.as_ref().and_then(|w| w.poll()) {
            Some(Ok(f)) => {
                self.forecast = Some(f);
                true
            }
            Some(Err(e)) => {
                self.say(Err(format!("forecast: {e}")));
                true
            }
            None => false,
        }
    }

    /// Epics grouped by quarter (earliest first, none last), by rank within.
    fn roadmap_order(&self, mut epics: Vec<Epic>) -> Vec<Epic> {
        epics.sort_by_key(|e| (e.quarter.is_none(), e.quarter, e.rank));
        epics
    }

    /// Reloads the windows of the visible story columns only.
    pub fn reload_windows(&mut self) -> crate::store::Result<()> {
        self.windows.clear();
        let (_, fit) = self.column_layout();
        let cols = self.columns();
        let visible: Vec<Place> = cols
            .iter()
            .skip(self.first_column)
            .take(fit)
            .filter_map(|c| match c {
                Column::Stories(p) => Some(*p),
                Column::Roadmap => None,
            })
            .collect();
        for place in visible {
            self.reload_window(place)?;
        }
        Ok(())
    }

    /// Reloads the visible windows after a focus move (nothing changed, so
    /// the small lists stay as they are).
    pub fn refresh_windows(&mut self) {
        if let Err(e) = self.reload_windows() {
            self.say(Err(e.to_string()));
        }
    }

    /// Reloads one column's window (a focus move within it).
    pub fn refresh_window(&mut self, place: Place) {
        if let Err(e) = self.reload_window(place) {
            self.say(Err(e.to_string()));
        }
    }

    fn reload_window(&mut self, place: Place) -> crate::store::Result<()> {
        let rows = self.card_rows(place);
        let mut cursor = self.cursors.get(&place).copied().unwrap_or_default();
        let mut window = columns::load_window(&self.store, place, &mut cursor, rows, &self.filter)?;
        if place == Place::Backlog {
            columns::add_forecast(&self.store, &mut window, self.data.velocity, !self.filter.text.is_empty())?;
        }
        self.cursors.insert(place, cursor);
        self.windows.insert(place, window);
        Ok(())
    }

    /// Scrolls sideways so the focused column is on screen.
    pub fn keep_focus_visible(&mut self) {
        let (_, fit) = self.column_layout();
        if self.focus < self.first_column {
            self.first_column = self.focus;
        } else if self.focus >= self.first_column + fit {
            self.first_column = self.focus + 1 - fit;
        }
        let n = self.columns().len();
        self.first_column = self.first_column.min(n.saturating_sub(fit));
    }

    /// The focused story's card (Plan or Sprint screen), if a story has focus.
    pub fn focused_card(&self) -> Option<&crate::store::Card> {
        if self.screen == Screen::Sprint {
            return self.sprint_board_card();
        }
        let Column::Stories(place) = self.focused_column() else { return None };
        let w = self.windows.get(&place)?;
        w.cards.get(w.focus?)
    }

    /// The focused epic, if the Roadmap column has focus.
    pub fn focused_epic(&self) -> Option<&Epic> {
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
        if self.screen != Screen::Plan {
            return Focus::Other;
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
            Ok(text) => Message { text, error: false },
            Err(text) => Message { text, error: true },
        };
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => self.handle_mouse(m),
            Event::Resize(w, h) => {
                self.size = (w, h);
                self.refresh();
            }
            _ => {}
        }
    }

    /// Handles a key: the popup or filter line first, then the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.popup.is_some() {
            super::popup::handle_key(self, key);
            return;
        }
        if self.filter_editing {
            super::filter::handle_key(self, key);
            return;
        }
        let cards = matches!(self.screen, Screen::Plan | Screen::Sprint);
        let plan = self.screen == Screen::Plan;
        if let Some(action) = self.keymap.resolve(Key::from_event(key), cards, plan) {
            self.update(action);
        }
    }

    /// Reloads after a change; a failure to read goes to the message line.
    pub fn refresh(&mut self) {
        if let Err(e) = self.reload() {
            self.say(Err(e.to_string()));
        }
    }

    /// Picks up changes another instance (or the command line) committed:
    /// called between key presses. Returns whether anything changed.
    pub fn poll_external_changes(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.changed();
                self.refresh();
                true
            }
            _ => false,
        }
    }

    /// Runs an operation's result into the message line and reloads.
    pub fn after_op(&mut self, result: ops::Result<ops::Done>) {
        match result {
            Ok(done) => {
                self.changed();
                self.say(Ok(done.message))
            }
            Err(e) => self.say(Err(e.to_string())),
        }
        self.refresh();
    }

    fn handle_mouse(&mut self, m: MouseEvent) {
        if self.popup.is_some() || self.screen != Screen::Plan {
            return;
        }
        let hit_card = |app: &App| {
            app.hits.borrow().cards.iter().find(|(r, _, _)| contains(*r, m.column, m.row)).map(|(_, c, s)| (*c, *s))
        };
        let hit_column =
            |app: &App| app.hits.borrow().columns.iter().find(|(r, _)| contains(*r, m.column, m.row)).map(|(_, c)| *c);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((col, story)) = hit_card(self) {
                    self.focus_story(col, story);
                    self.mouse_drag = Some((col, story));
                } else if let Some(i) =
                    self.hits.borrow().epics.iter().find(|(r, _)| contains(*r, m.column, m.row)).map(|(_, i)| *i)
                {
                    self.focus = 0;
                    self.epic_focus = i;
                } else if let Some(col) = hit_column(self) {
                    self.focus = col;
                }
            }
            MouseEventKind::Up(MouseButton::Left) => {
                let Some((from, story)) = self.mouse_drag.take() else { return };
                let Some(to) = hit_column(self) else { return };
                if to == from {
                    return;
                }
                let Some(Column::Stories(place)) = self.columns().get(to).copied() else {
                    self.say(Err("Stories can be dropped on the backlog or a sprint".into()));
                    return;
                };
                let position = match hit_card(self) {
                    Some((col, target)) if col == to && target != story => Position::Before(target),
                    _ => Position::Bottom,
                };
                self.move_focused_to(story, from, to, place, position);
            }
            MouseEventKind::ScrollDown => self.update(Action::FocusDown),
            MouseEventKind::ScrollUp => self.update(Action::FocusUp),
            _ => {}
        }
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
    pub fn move_focused_to(&mut self, story: StoryId, from: usize, to: usize, place: Place, position: Position) {
        if let Some(Column::Stories(from_place)) = self.columns().get(from).copied() {
            self.step_cursor_off(from_place, story);
        }
        let result = ops::move_story(&mut self.store, story, place, position);
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

fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

fn more(n: usize) -> String {
    if n > 1 { format!("; {} more problems", n - 1) } else { String::new() }
}

fn op_to_store(e: ops::Error) -> crate::store::Error {
    match e {
        ops::Error::Store(s) => s,
        other => crate::store::Error::Damaged(other.to_string()),
    }
}
