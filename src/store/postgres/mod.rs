//! The PostgreSQL engine: a team's board in a database on a server.
//!
//! What is its own here: connecting (the password kept out of every
//! message, `url.rs`), the schema and its triggers (`schema.rs`), the
//! SQL dialect (`dialect.rs`), values (`values.rs`), the socket, driven on
//! a thread of its own so that statements pipeline and notifications
//! arrive between keys (`link.rs`), what goes to the server together
//! (`pipeline.rs`: an action in two round trips, SPEC §8), the write lock
//! (an advisory lock per write transaction, so that writers queue as they
//! do on a file), change notification (`LISTEN`/`NOTIFY`, which
//! `data_version` turns into the same number a file's `PRAGMA
//! data_version` is), and losing and finding the server again.

mod connect;
mod dialect;
mod link;
mod pipeline;
mod refine;
mod schema;
mod tls;
mod url;
mod values;

pub use url::is_url;

use super::db::{Db, Params, Row, Sql, Value};
use super::{Error, Result, Store};
use link::{Link, Reply};
use pipeline::{Answers, FRESH, Noted, Queued, Recording, ahead_key, is_read};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use tokio_postgres::Statement;
use values::Bind;

/// The schema version a database holds, as a file's `user_version`.
const VERSION: i64 = super::schema::VERSION as i64;

/// The advisory lock every write transaction holds ("SprB").
const WRITE_LOCK: i64 = 0x5370_7242;

/// A connection to a board's database.
pub struct Conn {
    link: RefCell<Option<Link>>,
    /// Drives the sockets (`link.rs`).
    rt: tokio::runtime::Runtime,
    config: tokio_postgres::Config,
    /// TLS as the URL's `sslmode` asks (rustls).
    tls: tokio_postgres_rustls::MakeRustlsConnect,
    /// The URL without its password.
    shown: String,
    statements: RefCell<HashMap<String, Statement>>,
    /// A role that can only read.
    read_only: bool,
    /// Goes up with each other connection's commit (its notification)
    /// and with each reconnection (after which the screen reads again).
    version: Cell<i64>,
    /// The server process of this connection: its own notifications are
    /// not news.
    pid: Cell<i32>,
    /// Inside a write transaction: a connection lost there is not made
    /// again until the transaction is over, so that no statement of it
    /// runs outside it.
    in_transaction: Cell<bool>,
    /// The transaction's `BEGIN` has gone to the server (it waits in
    /// `queue` until the first statement that needs an answer).
    begun: Cell<bool>,
    /// The sequence number the transaction's history entry takes, read
    /// with its `BEGIN`.
    next_entry: Cell<Option<i64>>,
    /// Statements of the open transaction whose answer nobody waits for:
    /// they go to the server with the next one that needs an answer, or
    /// with `COMMIT`, in the same round trip.
    queue: RefCell<Vec<Queued>>,
    /// Answers read ahead for the open transaction (`read_ahead`), by
    /// statement and values; good until the transaction writes.
    read_ahead: RefCell<HashMap<String, Vec<Vec<Value>>>>,
    /// Reading ahead: the reads asked for are noted, not run.
    noting: RefCell<Option<Vec<Noted>>>,
    /// The reads each kind of screen reload made last time (`replay`).
    replays: RefCell<HashMap<&'static str, Vec<Noted>>>,
    /// A reload under way: its name, and the reads it makes, each once.
    recording: RefCell<Option<Recording>>,
    /// The reloads' reads, answered just after this connection's last
    /// commit, in the commit's round trip: the screen reloads right after
    /// an action, and these answers serve that reload (when it comes
    /// within `pipeline::FRESH`).
    after_commit: RefCell<Option<(std::time::Instant, HashMap<&'static str, Answers>)>>,
    /// The answers of each kind of reload's last reads, as this
    /// connection last read them. A reload right after this connection's
    /// own commit takes from here the reads of tables the transaction did
    /// not write, instead of reading them again; cleared when another
    /// connection commits or the connection is lost.
    held: RefCell<HashMap<&'static str, Answers>>,
    /// The tables the open transaction wrote; `None` when it ran a
    /// statement that may write any.
    wrote: RefCell<Option<std::collections::HashSet<String>>>,
    /// Reads an action named to be made just after its COMMIT, in the
    /// commit's round trip (`read_after_commit`).
    then_reads: RefCell<Vec<Noted>>,
    /// The answers in `read_ahead` were read after a commit (at this
    /// time): they serve the reads made before the next round trip, and
    /// within `pipeline::FRESH`, no later.
    fleeting: Cell<Option<std::time::Instant>>,
    /// Round trips to the server: each pipeline sent and answered.
    round_trips: Cell<u64>,
    /// When a lost connection was last tried again: not more often than
    /// [`RETRY`], so that a screen polling a dead server stays responsive.
    last_try: Cell<Option<std::time::Instant>>,
    /// Writing a whole board: tallies are recounted at commit (see
    /// `sprintboard_story_tally` in the schema).
    bulk: Cell<bool>,
    /// This transaction recounts the tallies at commit.
    recount: Cell<bool>,
    /// A connection being made in the background.
    pending: RefCell<Option<std::sync::mpsc::Receiver<std::result::Result<Link, tokio_postgres::Error>>>>,
}

/// How long after a failed reconnection the next one is tried.
const RETRY: std::time::Duration = std::time::Duration::from_millis(200);

/// How long a call waits for a connection being made before it says the
/// server is unreachable (the attempt goes on, for the next call).
const WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// How long the first connection may take.
const CONNECT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the board at `url`, setting up a blank database.
pub fn open(url: &str) -> Result<Store> {
    let parts = url::split(url);
    let (driver_url, tls_mode) = url::for_driver(url);
    let tls = tls::connector(&tls_mode).map_err(Error::Server)?;
    let mut config: tokio_postgres::Config = driver_url
        .parse()
        .map_err(|_| Error::Server(format!("{} is not a PostgreSQL URL this program can read", parts.shown)))?;
    url::defaults_from_environment(&mut config);
    if config.get_password().is_none() {
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().map(str::to_string).unwrap_or_else(super::login_name);
        let db = config.get_dbname().map(str::to_string).unwrap_or_else(|| user.clone());
        if let Some(p) = parts.password.clone().or_else(|| url::password_from_environment(&host, port, &db, &user)) {
            config.password(p);
        }
    }
    if config.get_user().is_none() {
        config.user(super::login_name());
    }
    config.connect_timeout(CONNECT);
    config.application_name("sprintboard");
    let rt =
        link::runtime().map_err(|e| Error::Server(format!("cannot start the connection to {}: {e}", parts.shown)))?;
    let mut conn = Conn {
        link: RefCell::new(None),
        rt,
        config,
        tls,
        shown: parts.shown.clone(),
        statements: RefCell::new(HashMap::new()),
        read_only: false,
        version: Cell::new(0),
        pid: Cell::new(0),
        in_transaction: Cell::new(false),
        begun: Cell::new(false),
        next_entry: Cell::new(None),
        queue: RefCell::new(Vec::new()),
        read_ahead: RefCell::new(HashMap::new()),
        noting: RefCell::new(None),
        replays: RefCell::new(HashMap::new()),
        recording: RefCell::new(None),
        after_commit: RefCell::new(None),
        held: RefCell::new(HashMap::new()),
        wrote: RefCell::new(None),
        then_reads: RefCell::new(Vec::new()),
        fleeting: Cell::new(None),
        round_trips: Cell::new(0),
        last_try: Cell::new(None),
        pending: RefCell::new(None),
        bulk: Cell::new(false),
        recount: Cell::new(false),
    };
    conn.connect_first()?;
    let found = conn.identity()?;
    if found > VERSION {
        return Err(Error::Newer { path: parts.shown.into(), found: found as i32, known: VERSION as i32 });
    }
    if found < VERSION {
        conn.migrate(found)?;
    }
    let (can_write, stale) = conn.can_write()?;
    conn.read_only = !can_write;
    if can_write && stale {
        conn.refine();
    }
    Ok(Store::new(Db::Postgres(conn), parts.shown.into(), false))
}

impl Conn {
    /// Runs statements without parameters; in a transaction they wait to
    /// go with the next statement that needs an answer.
    pub(in crate::store) fn batch(&self, sql: &str) -> Result<()> {
        if !sql.starts_with("SET ") {
            // A setting changes no row: what was read ahead still holds.
            self.read_ahead.borrow_mut().clear();
            *self.wrote.borrow_mut() = None;
        }
        if self.in_transaction.get() {
            self.queue.borrow_mut().push(Queued::Simple(sql.to_string()));
            return Ok(());
        }
        self.send(vec![Queued::Simple(sql.to_string())]).map(drop)
    }

    /// `BEGIN` and the board's write lock: sent with the transaction's
    /// first statement, in its round trip.
    pub(in crate::store) fn begin_write(&self) -> Result<()> {
        self.begin(true)
    }

    /// `BEGIN`, the lock, and with `entry` the number the transaction's
    /// history entry takes (a schema step begins before there is a history
    /// to read). The lock and the number are prepared statements: the
    /// server plans a simple query's statements at every run.
    fn begin(&self, entry: bool) -> Result<()> {
        let bulk = if self.bulk.get() { "; SET LOCAL sprintboard.bulk = 'on'" } else { "" };
        self.queue.borrow_mut().clear();
        self.read_ahead.borrow_mut().clear();
        self.then_reads.borrow_mut().clear();
        self.fleeting.set(None);
        self.next_entry.set(None);
        *self.wrote.borrow_mut() = Some(std::collections::HashSet::new());
        let mut queue = self.queue.borrow_mut();
        queue.push(Queued::Begin(format!("BEGIN{bulk}")));
        queue.push(Queued::Rows(pipeline::LOCK.into(), vec![Bind(WRITE_LOCK.into())]));
        if entry {
            queue.push(Queued::Entry);
        }
        drop(queue);
        self.in_transaction.set(true);
        self.begun.set(false);
        self.recount.set(self.bulk.get());
        Ok(())
    }

    /// `COMMIT`, with what the transaction still has queued; `last`, a
    /// query run just before it, in the same round trip, gives its rows.
    pub(in crate::store) fn commit_with(&self, last: Option<(&str, Params<'_>)>) -> Result<Vec<Vec<Value>>> {
        let nothing_sent = !self.begun.get() && self.queue.borrow().iter().all(Queued::opens) && last.is_none();
        if nothing_sent {
            // Only the BEGIN waits: the transaction did nothing.
            self.queue.borrow_mut().clear();
            self.in_transaction.set(false);
            return Ok(Vec::new());
        }
        let mut requests = Vec::new();
        if let Some((sql, params)) = last {
            requests.push(Queued::Rows(sql.to_string(), Self::binds(params)?));
        }
        let recount = self.recount.replace(false);
        if recount {
            *self.wrote.borrow_mut() = None;
        }
        let sql = if recount { "SELECT sprintboard_recount(); COMMIT" } else { "COMMIT" };
        requests.push(Queued::Simple(sql.into()));
        // Another connection's commit not yet taken in: what is held may
        // be out of date (and the screen reloads in full on its news).
        let _ = self.data_version();
        // After COMMIT, in the same round trip: the reads the action named
        // for its message, then those the screen's reloads made last time.
        // They see this commit, and the reads that follow the action find
        // them answered.
        let ahead = usize::from(last.is_some()) + 1;
        let mut then: Vec<(&'static str, String)> = Vec::new();
        for (sql, binds) in std::mem::take(&mut *self.then_reads.borrow_mut()) {
            then.push(("", ahead_key(&sql, &binds)));
            requests.push(Queued::Rows(sql, binds));
        }
        let mut answered: HashMap<&'static str, Answers> = HashMap::new();
        let mut held = std::mem::take(&mut *self.held.borrow_mut());
        for (name, reads) in self.replays.borrow().iter() {
            let mut held = held.remove(name).unwrap_or_default();
            for (sql, binds) in reads {
                let key = ahead_key(sql, binds);
                // A read of what this transaction did not write is as it
                // was: it needs no place in the round trip.
                if self.untouched_by_transaction(sql)
                    && let Some(rows) = held.remove(&key)
                {
                    answered.entry(name).or_default().insert(key, rows);
                    continue;
                }
                then.push((name, key));
                requests.push(Queued::Rows(sql.clone(), binds.clone()));
            }
        }
        *self.wrote.borrow_mut() = None;
        *self.after_commit.borrow_mut() = None;
        let done = self.send(requests);
        self.read_ahead.borrow_mut().clear();
        self.in_transaction.set(false);
        self.begun.set(false);
        let mut replies = done?.into_iter();
        let first = if last.is_some() { replies.next() } else { None };
        for ((name, key), reply) in then.into_iter().zip(replies.skip(ahead - usize::from(last.is_some()))) {
            if let Reply::Rows(rows) = reply {
                answered.entry(name).or_default().insert(key, rows);
            }
        }
        if let Some(told) = answered.remove("") {
            *self.read_ahead.borrow_mut() = told;
            self.fleeting.set(Some(std::time::Instant::now()));
        }
        if !answered.is_empty() {
            *self.after_commit.borrow_mut() = Some((std::time::Instant::now(), answered));
        }
        match first {
            Some(Reply::Rows(rows)) => Ok(rows),
            _ => Ok(Vec::new()),
        }
    }

    /// The sequence number of the transaction's history entry: read with
    /// its `BEGIN` (a round trip now if nothing was sent yet).
    pub(in crate::store) fn next_entry(&self) -> Result<i64> {
        if !self.begun.get() {
            self.send(Vec::new())?;
        }
        let seq = self.next_entry.get().ok_or_else(|| Error::Damaged("the history has no next number".into()))?;
        self.next_entry.set(Some(seq + 1));
        Ok(seq)
    }

    /// `COMMIT`.
    pub(in crate::store) fn commit(&self) -> Result<()> {
        self.commit_with(None).map(drop)
    }

    /// `ROLLBACK`, when the transaction reached a server that is still
    /// there (a lost connection rolled back on the server already); what
    /// waited in the queue is never sent.
    pub(in crate::store) fn rollback(&self) {
        self.queue.borrow_mut().clear();
        self.read_ahead.borrow_mut().clear();
        self.then_reads.borrow_mut().clear();
        let began = self.begun.replace(false);
        self.in_transaction.set(false);
        self.recount.set(false);
        if began && !self.lost() {
            let _ = self.send(vec![Queued::Simple("ROLLBACK".into())]);
        }
    }

    /// Column names of a query's result, without running it.
    pub(in crate::store) fn column_names(&self, sql: &str) -> Result<Vec<String>> {
        self.ensure()?;
        let guard = self.link.borrow();
        let link = guard.as_ref().ok_or(Error::Unreachable)?;
        if let Err(e) = self.prepare(link, &[Queued::Rows(sql.to_string(), Vec::new())]) {
            drop(guard);
            return Err(self.error(e));
        }
        Ok(link::names(&self.statements.borrow()[sql]).to_vec())
    }

    fn binds(params: Params<'_>) -> Result<Vec<Bind>> {
        params.iter().map(|p| crate::store::values::value_of(*p).map(Bind)).collect()
    }

    pub(in crate::store) fn each_row(
        &self,
        sql: &str,
        params: Params<'_>,
        limit: Option<usize>,
        f: &mut dyn FnMut(Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let binds = Self::binds(params)?;
        let read = is_read(sql);
        if let Some(noted) = self.noting.borrow_mut().as_mut() {
            if read {
                noted.push((sql.to_string(), binds));
            }
            return Ok(());
        }
        if self.fleeting.get().is_some_and(|at| at.elapsed() >= FRESH) {
            self.fleeting.set(None);
            self.read_ahead.borrow_mut().clear();
        }
        let key = ahead_key(sql, &binds);
        let recorded = read
            && self.recording.borrow_mut().as_mut().is_some_and(|r| {
                let new = !r.answers.contains_key(&key);
                if new {
                    r.reads.push((sql.to_string(), binds.clone()));
                }
                new
            });
        let known = if read { self.read_ahead.borrow().get(&key).cloned() } else { None };
        let rows = match known {
            Some(rows) => rows,
            None => {
                if !read {
                    self.written(sql);
                }
                match self.send(vec![Queued::Rows(sql.to_string(), binds)])?.into_iter().next() {
                    Some(Reply::Rows(rows)) => rows,
                    _ => Vec::new(),
                }
            }
        };
        if recorded && let Some(r) = self.recording.borrow_mut().as_mut() {
            r.answers.insert(key, rows.clone());
        }
        let names = link::names(&self.statements.borrow()[sql]);
        for vals in rows.into_iter().take(limit.unwrap_or(usize::MAX)) {
            f(Row::owned(vals, names.clone()))?;
        }
        Ok(())
    }

    pub(in crate::store) fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        let binds = Self::binds(params)?;
        self.written(sql);
        match self.send(vec![Queued::Count(sql.to_string(), binds)])?.into_iter().next() {
            Some(Reply::Count(n)) => Ok(n as usize),
            _ => Ok(0),
        }
    }

    /// A statement whose answer nobody reads: in a transaction it waits to
    /// go with the next statement that needs an answer, or with `COMMIT`
    /// (its failure fails that statement, and so the transaction).
    pub(in crate::store) fn later(&self, sql: &str, params: Params<'_>) -> Result<()> {
        if !self.in_transaction.get() {
            return self.execute(sql, params).map(drop);
        }
        let binds = Self::binds(params)?;
        self.written(sql);
        self.queue.borrow_mut().push(Queued::Count(sql.to_string(), binds));
        Ok(())
    }

    /// An insert that finds its unique value taken fails without ending
    /// the transaction (`ON CONFLICT DO NOTHING`), as a failed statement
    /// leaves an SQLite transaction usable: the import, for one, asks
    /// which story holds the key after its insert was refused.
    pub(in crate::store) fn insert(&self, sql: &str, params: Params<'_>, key: &str) -> Result<i64> {
        let sql = format!("{sql} ON CONFLICT DO NOTHING RETURNING {key}");
        let mut id = None;
        self.each_row(&sql, params, Some(1), &mut |r| {
            id = Some(r.get(0)?);
            Ok(())
        })?;
        id.ok_or_else(|| {
            let table = sql.split_whitespace().nth(2).unwrap_or("a table");
            Error::Server(format!("database error: a unique value of {table} is taken already"))
        })
    }

    /// A role that can only read.
    pub(in crate::store) fn read_only(&self) -> bool {
        self.read_only
    }

    /// Why the board is read-only, or that the server is unreachable.
    pub(in crate::store) fn notice(&self) -> Option<String> {
        if self.read_only {
            return Some(format!("{} is open read-only: this role can only read it", self.shown));
        }
        if self.lost() {
            return Some(Error::Unreachable.to_string());
        }
        None
    }

    /// The error a write meets while the board is read-only: the role's,
    /// or the server's absence.
    pub(in crate::store) fn refused(&self) -> Error {
        if self.read_only {
            return Error::Refused(format!("{} is read-only for this role: nothing was changed", self.shown));
        }
        Error::Unreachable
    }

    /// A number that changes when another connection commits: the
    /// notifications that arrived (the socket is read in the background,
    /// so this is no round trip); and when the connection was lost and
    /// made again.
    pub(in crate::store) fn data_version(&self) -> Result<i64> {
        self.ensure()?;
        let guard = self.link.borrow();
        let Some(link) = guard.as_ref() else { return Err(Error::Unreachable) };
        let notes = link.notifications();
        let closed = link.is_closed();
        drop(guard);
        let Ok(notes) = notes else {
            *self.link.borrow_mut() = None;
            return Err(Error::Unreachable);
        };
        let others = notes.iter().filter(|n| n.process_id() != self.pid.get()).count() as i64;
        if others > 0 || closed {
            // Someone else committed: answers read with this connection's
            // last commit may not be the board any more.
            *self.after_commit.borrow_mut() = None;
            self.held.borrow_mut().clear();
            if self.fleeting.take().is_some() {
                self.read_ahead.borrow_mut().clear();
            }
        }
        if closed {
            *self.link.borrow_mut() = None;
            return Err(Error::Unreachable);
        }
        self.version.set(self.version.get() + others);
        Ok(self.version.get())
    }

    /// Sets each identity sequence past the highest id its table holds.
    /// The server lists its own identity columns, so a table added by a
    /// later schema step is covered without a list here to keep up; one
    /// round trip for all of them.
    pub(in crate::store) fn after_copy(&self) -> Result<()> {
        self.batch(
            "DO $$ DECLARE c record; BEGIN \
               FOR c IN SELECT table_name, column_name FROM information_schema.columns \
                        WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP \
                 EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + 1, false) FROM %I', \
                                c.table_name, c.column_name, c.column_name, c.table_name); \
               END LOOP; \
             END $$",
        )
    }

    /// The rest of this transaction writes many stories (an undo of an
    /// import): tallies are recounted once at its commit.
    pub(in crate::store) fn bulk_from_here(&self) -> Result<()> {
        self.batch("SET LOCAL sprintboard.bulk = 'on'")?;
        self.recount.set(true);
        Ok(())
    }

    /// Writing a whole board from now on (or not).
    pub(in crate::store) fn set_bulk(&self, on: bool) {
        self.bulk.set(on);
    }

    /// Round trips to the server so far (statements, prepares, batches).
    pub(in crate::store) fn round_trips(&self) -> u64 {
        self.round_trips.get()
    }
}

impl Store {
    /// Round trips to the server so far, on a PostgreSQL board.
    pub fn round_trips(&self) -> Option<u64> {
        match &self.db {
            Db::Postgres(c) => Some(c.round_trips()),
            Db::Sqlite(_) => None,
        }
    }
}

impl Sql for Conn {
    fn each_row(
        &self,
        sql: &str,
        params: Params<'_>,
        limit: Option<usize>,
        f: &mut dyn FnMut(Row<'_>) -> Result<()>,
    ) -> Result<()> {
        Conn::each_row(self, sql, params, limit, f)
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        Conn::execute(self, sql, params)
    }

    fn insert(&self, sql: &str, params: Params<'_>, key: &str) -> Result<i64> {
        Conn::insert(self, sql, params, key)
    }
}
