//! Damage detection (SPEC §7): `PRAGMA quick_check` on a read-only
//! connection of its own, in a thread started at open, so the first frame
//! does not wait for it. An authorizer on every store connection holds the
//! first write back until the verdict is in (files up to 64 MB; above, the
//! check runs in the background and refuses the writes after it finds
//! damage), and refuses every write once the file is known to be damaged.
//!
//! What it costs, measured as what `sprintboard add` pays over the same
//! command without the check (release build, this machine; cold page cache
//! in brackets): 25 MB board +7 ms (+60 ms), 44 MB (the 23,313-story data
//! set) +18 ms (+245 ms). A 416 MB file takes `quick_check` 0.2 s warm and
//! 7.5 s cold, which is why nothing waits for it above 64 MB.

use super::registry::{FileState, ReadOnlyWhy};
use rusqlite::Connection;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization, TransactionOperation};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files up to this size are checked before their first write.
pub(super) const CHECKED_BEFORE_WRITING: u64 = 64 * 1024 * 1024;

/// Opens the file read-only for the check, as its stores open it.
pub(super) type Opener = fn(&Path) -> rusqlite::Result<Connection>;

/// The check of a file, shared by the stores open on it at the same time.
/// A store opened when none is asks for a new check (the file may have
/// changed since the last); one thread at most checks a file, again as long
/// as it was asked again meanwhile, so that opening and closing in a loop
/// does not pile up threads reading the whole file.
#[derive(Debug, Default)]
pub(super) struct Checking {
    /// Counts the checks asked for; a verdict counts only for the last.
    generation: u64,
    verdict: Verdict,
    /// Stores open on the file.
    stores: usize,
    /// Whether a write must wait for the verdict (files up to 64 MB).
    writes_wait: bool,
    /// Whether a check thread runs.
    running: bool,
    /// How the last store opened the file.
    target: Option<(PathBuf, Opener)>,
}

/// A store's share in its file's state; counts the store out when dropped.
pub(super) struct Counted(pub(super) Arc<FileState>);

impl std::ops::Deref for Counted {
    type Target = FileState;
    fn deref(&self) -> &FileState {
        &self.0
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut c = self.0.checking();
        c.stores = c.stores.saturating_sub(1);
    }
}

/// What the damage check found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Still running.
    #[default]
    Pending,
    /// `quick_check` said "ok".
    Sound,
    /// What is damaged, in words ("page 3 of the stories table cannot be read").
    Damaged(String),
    /// The check itself could not run (no memory, a file it could not open);
    /// writes go ahead as they did before there was a check.
    Unchecked,
}

impl FileState {
    fn checking(&self) -> std::sync::MutexGuard<'_, Checking> {
        self.check.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a store in (until the `Counted` is dropped), asking for a check
    /// if it is the only one; `size` is the file's, `None` for a file just
    /// created (nothing to check).
    pub(super) fn store_opened(self: &Arc<Self>, size: Option<u64>, path: &Path, open: Opener) -> Counted {
        let counted = Counted(Arc::clone(self));
        let mut c = self.checking();
        c.stores += 1;
        if c.stores > 1 {
            return counted;
        }
        c.generation += 1;
        c.writes_wait = size.unwrap_or(0) <= CHECKED_BEFORE_WRITING;
        c.verdict = if size.is_some() { Verdict::Pending } else { Verdict::Sound };
        c.target = Some((path.to_path_buf(), open));
        self.arrived.notify_all();
        if size.is_some() && !c.running {
            c.running = true;
            drop(c);
            start(Arc::clone(self));
        }
        counted
    }

    /// What is damaged, if the check found damage (never waits).
    pub(super) fn damage(&self) -> Option<String> {
        match &self.checking().verdict {
            Verdict::Damaged(what) => Some(what.clone()),
            _ => None,
        }
    }

    /// Waits for the verdict if writes to this file must.
    pub(super) fn wait_before_writing(&self) {
        let c = self.checking();
        if c.writes_wait {
            drop(self.settled(c));
        }
    }

    /// Waits for the verdict, whatever the file's size.
    pub(super) fn wait_for_verdict(&self) {
        drop(self.settled(self.checking()));
    }

    fn settled<'a>(&'a self, mut c: std::sync::MutexGuard<'a, Checking>) -> std::sync::MutexGuard<'a, Checking> {
        while c.verdict == Verdict::Pending {
            c = self.arrived.wait(c).unwrap_or_else(|e| e.into_inner());
        }
        c
    }

    /// Records a check's verdict; whether the thread is done (else a store
    /// opened since the check began, and it must check again).
    fn settle(&self, generation: u64, verdict: Verdict) -> bool {
        let mut c = self.checking();
        if c.generation == generation {
            c.verdict = verdict;
            self.arrived.notify_all();
        } else if c.stores > 0 {
            return false;
        }
        c.running = false;
        true
    }

    /// Why the file is open read-only, as a notice for the screen.
    pub(super) fn notice(&self, path: &Path) -> Option<String> {
        if let Some(what) = self.damage() {
            return Some(format!(
                "{} is damaged ({what}): it is open read-only; `sprintboard export` writes what can still be read",
                path.display()
            ));
        }
        match self.read_only.lock().unwrap_or_else(|e| e.into_inner()).as_ref()? {
            ReadOnlyWhy::File => Some(format!("{} is read-only: you can look, not change", path.display())),
            ReadOnlyWhy::Folder(dir) => {
                Some(format!("the folder {} is read-only, so the board opened read-only", dir.display()))
            }
        }
    }

    /// Whether writes are refused at `BEGIN` (see `guard_writes`).
    fn refuses_writes(&self) -> bool {
        self.damage().is_some()
            || matches!(*self.read_only.lock().unwrap_or_else(|e| e.into_inner()), Some(ReadOnlyWhy::Folder(_)))
    }

    /// Why a write was refused, when there is more to say than "read-only".
    pub(super) fn refusal(&self, path: &Path) -> Option<String> {
        if let Some(what) = self.damage() {
            return Some(format!(
                "{} is damaged ({what}): nothing was changed; `sprintboard export` writes what can still be read",
                path.display()
            ));
        }
        match self.read_only.lock().unwrap_or_else(|e| e.into_inner()).as_ref()? {
            ReadOnlyWhy::File => None,
            ReadOnlyWhy::Folder(dir) => Some(format!(
                "the folder {} is read-only, so {} is open read-only: nothing was changed",
                dir.display(),
                path.display()
            )),
        }
    }
}

/// Starts the thread that checks the file `state` stands for. It keeps
/// `state` (and so the registry entry) until its connection is closed.
fn start(state: Arc<FileState>) {
    let spawned = std::thread::Builder::new().name("sprintboard damage check".into()).spawn({
        let state = Arc::clone(&state);
        move || {
            loop {
                let (generation, target, background) = {
                    let c = state.checking();
                    (c.generation, c.target.clone(), !c.writes_wait)
                };
                let Some((path, open)) = target else { return };
                if background {
                    // Nothing waits for a large file's check: let it yield to the screen.
                    // SAFETY: setpriority only reads its arguments; 0 is this thread.
                    unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
                }
                let verdict = match open(&path) {
                    Ok(conn) => {
                        let verdict = check(&conn);
                        drop(conn);
                        verdict
                    }
                    Err(e) => failed(&e),
                };
                if state.settle(generation, verdict) {
                    return;
                }
            }
        }
    });
    if spawned.is_err() {
        let generation = state.checking().generation;
        state.settle(generation, Verdict::Unchecked);
    }
}

fn failed(e: &rusqlite::Error) -> Verdict {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Verdict::Damaged("its table of contents cannot be read".into())
        }
        _ => Verdict::Unchecked,
    }
}

fn check(conn: &Connection) -> Verdict {
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    let mut lines = Vec::new();
    let mut stopped = None;
    match conn.prepare("PRAGMA quick_check") {
        Ok(mut s) => match s.query_map([], |r| r.get::<_, String>(0)) {
            Ok(rows) => {
                for row in rows {
                    match row {
                        // One row may hold several lines ("*** in database main ***\nTree 10 page 73: …").
                        Ok(text) => lines.extend(text.lines().map(str::to_string)),
                        // The check may stop at damage it cannot step over,
                        // after reporting what it found before.
                        Err(e) => {
                            stopped = Some(e);
                            break;
                        }
                    }
                }
            }
            Err(e) => stopped = Some(e),
        },
        Err(e) => stopped = Some(e),
    }
    match (lines.as_slice(), stopped) {
        ([only], None) if only == "ok" => Verdict::Sound,
        ([], Some(e)) => failed(&e),
        _ => Verdict::Damaged(describe(conn, &lines)),
    }
}

/// The first problem `quick_check` reports, in words: which page of which
/// table (found through `dbstat`, which still lists a page it cannot read).
fn describe(conn: &Connection, lines: &[String]) -> String {
    let problems: Vec<&str> = lines.iter().map(String::as_str).filter(|l| !l.starts_with("*** ")).collect();
    // "Page 9 is never used" follows from the real damage; name that first.
    let first = problems.iter().find(|l| !l.contains("never used")).or(problems.first()).copied().unwrap_or("");
    let Some(page) = page_in(first) else {
        return format!("SQLite's check says: {first}");
    };
    let owner: Option<(String, String, String)> = conn
        .query_row(
            "SELECT s.type, s.name, s.tbl_name FROM dbstat AS d JOIN sqlite_master AS s ON s.name = d.name
             WHERE d.pageno = ?1 LIMIT 1",
            [page],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    match owner {
        Some((kind, _, table)) if kind == "table" => {
            format!("page {page} of the {} table cannot be read", words(&table))
        }
        Some((_, index, table)) => {
            format!("page {page} of the index {index} on the {} table cannot be read", words(&table))
        }
        None => format!("page {page} cannot be read"),
    }
}

/// The page number in a `quick_check` line ("Page 26: …", "Tree 9 page 26 cell 0: …").
fn page_in(line: &str) -> Option<i64> {
    let lower = line.to_ascii_lowercase();
    let rest = &lower[lower.find("page ")? + 5..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A table's name as a person says it.
fn words(table: &str) -> &str {
    match table {
        "story" => "stories",
        "sprint" => "sprints",
        "epic" => "epics",
        "objective" => "objectives",
        "risk" => "risks",
        "commitment" => "commitments",
        "member" => "team members",
        "day_off" => "days off",
        "budget" => "budgets",
        "expense" => "expenses",
        "dependency" => "dependencies",
        "tally" => "tallies",
        other => other,
    }
}

/// Holds writes back until the verdict is in, then refuses them on a damaged
/// file or in a read-only folder. A transaction's `BEGIN` is where every
/// operation starts (`Store::write`), and a refusal there goes through
/// `explain`, which names the reason (SQLite itself would only refuse the
/// first insert, with "attempt to write a readonly database"); refusing
/// inserts, updates and deletes as well covers a statement prepared before
/// damage was found in the background. (So there even a reading transaction
/// is refused: the store's reads run outside explicit transactions.)
pub(super) fn guard_writes(conn: &mut Connection, state: Arc<FileState>) -> rusqlite::Result<()> {
    conn.authorizer(Some(move |ctx: AuthContext<'_>| match ctx.action {
        AuthAction::Transaction { operation: TransactionOperation::Begin } => {
            state.wait_before_writing();
            if state.refuses_writes() { Authorization::Deny } else { Authorization::Allow }
        }
        AuthAction::Insert { .. } | AuthAction::Update { .. } | AuthAction::Delete { .. }
            if ctx.database_name == Some("main") && state.damage().is_some() =>
        {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_in_both_report_formats() {
        assert_eq!(page_in("Page 26: btreeInitPage() returns error code 11"), Some(26));
        assert_eq!(page_in("Tree 9 page 26 cell 0: invalid page number 9999"), Some(26));
        assert_eq!(page_in("row 3 missing from index story_rank"), None);
    }
}
