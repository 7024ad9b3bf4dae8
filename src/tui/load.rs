//! Loading what the screens show: the small lists after a change, only
//! the windows after a focus move, and the forecast off the key path.

use super::columns;
use super::session::{Column, Screen, Session};
use crate::domain::*;
use crate::ops;
use crate::store::Reads;

impl Session {
    /// Reloads everything shown: the small lists and each visible window.
    /// On a server the reads go out together, as the last reload made
    /// them (`Store::begin_replay`), so a reload costs a round trip or two
    /// rather than one per list.
    pub fn reload(&mut self) -> crate::store::Result<()> {
        self.store.begin_replay("reload");
        let done = self.reload_all();
        self.store.end_replay();
        done
    }

    fn reload_all(&mut self) -> crate::store::Result<()> {
        self.data.last_number = self.store.sprint_extent()?.0;
        self.data.today = self.store.today();
        self.data.read_only = self.store.is_read_only();
        self.data.future_base = ops::future_base(&self.store, self.data.today).map_err(op_to_store)?;
        self.data.open_sprints = self.store.open_sprints()?;
        self.data.board = Some(self.store.board()?);
        self.data.epics = self.roadmap_order(self.store.epics()?);
        self.data.velocity = ops::average_velocity(&self.store, &self.settings).map_err(op_to_store)?;
        self.data.backlog = self.store.tally(Place::Backlog)?;
        self.team.view = ops::team_view(&self.store, &self.settings).map_err(op_to_store)?;
        if let Some(id) = self.details.as_ref().map(|d| d.id) {
            // A blocker's change (done now) does not bump this story's version.
            self.team.blockers = ops::blocker_words(&self.store, id).map_err(op_to_store)?;
        }
        let n = self.columns().len();
        self.focus = self.focus.min(n - 1);
        self.epic_focus = self.epic_focus.min(self.data.epics.len().saturating_sub(1));
        self.keep_focus_visible();
        if self.screen == Screen::Sprint {
            self.reload_sprint_board()?;
        }
        // The register is small, and the Plan screen's epics show their
        // open risks too.
        self.reload_risks()?;
        if self.screen == Screen::Roadmap {
            self.objectives = self.store.objectives()?;
            self.has_budget = !crate::store::TeamReads::budgets(&self.store)?.is_empty();
            self.settle_roadmap();
        }
        if self.screen == Screen::Budget {
            let today = self.data.today;
            self.team.screen = Some(ops::budget_screen(&self.store, &self.settings, today).map_err(op_to_store)?);
            self.team.clamp_rows();
        }
        if self.screen == Screen::Reports {
            self.reports = Some(ops::reports(&self.store, &self.settings).map_err(op_to_store)?);
            self.costs = Some(ops::cost_report(&self.store, &self.settings).map_err(op_to_store)?);
        }
        // The Plan screen's windows are read only where they are shown
        // (going back to Plan reloads them).
        if self.screen == Screen::Plan { self.reload_windows() } else { Ok(()) }
    }

    /// The board changed: the forecast must be computed again.
    pub(super) fn changed(&self) {
        if let Some(w) = &self.forecast_worker {
            w.request(self.store.today());
        }
    }

    /// Computes forecasts on a thread from now on (the real terminal);
    /// without it (tests) [`Session::compute_forecast`] does it in place.
    pub fn start_forecast_worker(&mut self) {
        let worker = super::forecast::ForecastWorker::start(self.store.path().to_path_buf(), self.settings.clone());
        worker.request(self.store.today());
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
                // On a damaged board the notice says what is wrong in the
                // file's words; the forecast's read error would only echo it.
                let why = self.store.notice().unwrap_or_else(|| format!("forecast: {e}"));
                self.say(Err(why));
                true
            }
            None => false,
        }
    }

    /// Epics grouped by quarter (earliest first, none last), by rank within.
    fn roadmap_order(&self, mut epics: Vec<Epic>) -> Vec<Epic> {
        epics.sort_by_key(|e| (e.fields.quarter.is_none(), e.fields.quarter, e.rank));
        epics
    }

    /// Reloads the windows of the visible story columns only.
    pub fn reload_windows(&mut self) -> crate::store::Result<()> {
        self.windows.clear();
        let cols = self.columns();
        let visible: Vec<Place> = self
            .plan_layout()
            .columns
            .iter()
            .filter_map(|(_, i)| match cols[*i] {
                Column::Stories(p) => Some(p),
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

    pub(super) fn reload_window(&mut self, place: Place) -> crate::store::Result<()> {
        let rows = self.card_rows(place);
        let mut cursor = self.cursors.get(&place).copied().unwrap_or_default();
        let mut window = columns::load_window(&self.store, place, &mut cursor, rows, &self.filter)?;
        if place == Place::Backlog {
            let open_remaining = self.data.open_sprints.iter().map(|s| s.tally.points - s.tally.done).sum();
            columns::add_forecast(
                &self.store,
                &mut window,
                self.data.velocity,
                open_remaining,
                !self.filter.text.is_empty(),
            )?;
        }
        self.cursors.insert(place, cursor);
        self.windows.insert(place, window);
        Ok(())
    }

    /// Reads the focused story in full when the focus moved to another
    /// story or the story changed: one row, whatever the board's size.
    pub fn prepare_details(&mut self) {
        let Some((id, version)) = self.focused_card().map(|c| (c.id, c.version)) else {
            self.details = None;
            self.team.blockers.clear();
            return;
        };
        if self.details.as_ref().is_some_and(|d| d.id == id && d.version == version) {
            return;
        }
        // Its blockers in words (read again at every reload too).
        self.store.begin_replay("details");
        self.team.blockers = ops::blocker_words(&self.store, id).unwrap_or_default();
        let story = self.store.story(id);
        self.store.end_replay();
        match story {
            Ok(story) => self.details = story,
            Err(e) => self.say(Err(e.to_string())),
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
        // The damage check's verdict arrives a moment after opening; a
        // server that went away makes the board read-only until it is back.
        let was_read_only = self.data.read_only;
        if self.store.is_read_only() && !was_read_only {
            self.refresh();
            // The refresh may have found the server back already.
            match self.store.notice() {
                Some(why) => self.say(Err(why)),
                None => self.say(Ok(BACK.to_string())),
            }
            return true;
        }
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.changed();
                let shown = self.focused_card().map(|c| (c.id, c.version));
                self.refresh();
                if was_read_only && !self.data.read_only && self.store.notice().is_none() {
                    self.say(Ok(BACK.to_string()));
                }
                if let (Some((id, version)), Some(now)) = (shown, self.focused_card())
                    && now.id == id
                    && now.version != version
                {
                    self.just_changed = Some((std::time::Instant::now(), id, version));
                }
                self.tell_news();
                self.prepare_details();
                true
            }
            _ => false,
        }
    }
}

/// What the message line says when the board can be changed again (the
/// server is back, and the screen was read again from it).
const BACK: &str = "Connected again: the board is as it is now, and it can be changed";

impl Session {
    /// Says on the message line who changed what, when a refresh brought in
    /// someone else's change ("maya: SB-12 … → Sprint 9"), so the people
    /// watching know why the board moved. Errors here only cost the words.
    fn tell_news(&mut self) {
        let Ok((news, count, mark)) = self.store.news_since(self.news_mark, 1) else { return };
        self.news_mark = mark;
        let Some(last) = news.last() else { return };
        // A refusal just said (perhaps because of this very change) stays
        // readable: the news would replace it before anyone could read it.
        if self.message.error && self.message.at.elapsed() < std::time::Duration::from_secs(4) {
            return;
        }
        let who = ops::author_words(&last.author);
        let mut text =
            if last.undone { format!("{who} undid: {}", last.label) } else { format!("{who}: {}", last.label) };
        if count > 1 {
            text.push_str(&format!(" (the newest of {count} changes by others)"));
        }
        self.say(Ok(text));
    }
}

pub(super) fn op_to_store(e: ops::Error) -> crate::store::Error {
    match e {
        ops::Error::Store(s) => s,
        other => crate::store::Error::Damaged(other.to_string()),
    }
}
