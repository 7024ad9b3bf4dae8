//! The forecast, computed off the key path. It walks every unfinished story
//! (hundreds of milliseconds on a million-story board) and runs 10,000
//! trials, so a worker thread with its own read connection recomputes it
//! after changes, and the screen shows the newest result when it arrives.

use crate::domain::Settings;
use crate::ops::{self, Forecast};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

/// The least time between two forecasts of a board on a server.
const SERVER_GAP: std::time::Duration = std::time::Duration::from_secs(1);

/// A handle on the forecast thread.
pub struct ForecastWorker {
    requests: Sender<chrono::NaiveDate>,
    results: Receiver<Result<Forecast, String>>,
}

impl ForecastWorker {
    /// Starts the thread on the board file.
    pub fn start(path: PathBuf, settings: Settings) -> ForecastWorker {
        let (requests, inbox) = mpsc::channel::<chrono::NaiveDate>();
        let (outbox, results) = mpsc::channel();
        thread::spawn(move || {
            let store = match Store::open(&path) {
                Ok(s) => s,
                Err(e) => {
                    let _ = outbox.send(Err(e.to_string()));
                    return;
                }
            };
            // On a server every open screen runs its own forecast after
            // each change anyone makes, reading every unfinished story:
            // at most one a second each, so a team's screens do not keep
            // the server busy while someone types (a file is read by this
            // machine alone, at once).
            let gap = if store.engine() == "postgres" { SERVER_GAP } else { std::time::Duration::ZERO };
            // Requests that pile up while computing collapse into one run.
            while let Ok(mut today) = inbox.recv() {
                let started = std::time::Instant::now();
                while let Ok(newer) = inbox.try_recv() {
                    today = newer;
                }
                let result = ops::forecast(&store, &settings, today).map_err(|e| e.to_string());
                if outbox.send(result).is_err() {
                    return;
                }
                thread::sleep(gap.saturating_sub(started.elapsed()));
            }
        });
        ForecastWorker { requests, results }
    }

    /// Asks for a new forecast as of `today` (cheap; coalesced).
    pub fn request(&self, today: chrono::NaiveDate) {
        let _ = self.requests.send(today);
    }

    /// The newest finished forecast, if one arrived.
    pub fn poll(&self) -> Option<Result<Forecast, String>> {
        let mut newest = None;
        loop {
            match self.results.try_recv() {
                Ok(r) => newest = Some(r),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return newest,
            }
        }
    }
}
