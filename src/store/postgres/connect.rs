//! Connecting to the server and losing it: the first connection's
//! failures in one sentence each (never with the password), a statement's
//! failure as the store says it, and making the connection again in the
//! background when the server is back.

use super::link::{self, Link, Reply, Request};
use super::{CONNECT, Conn, RETRY, WAIT};
use crate::store::{Error, Result};

impl Conn {
    /// The first connection: failures say what went wrong in one sentence.
    pub(super) fn connect_first(&self) -> Result<()> {
        let attempt = self.rt.block_on(async {
            tokio::time::timeout(CONNECT + RETRY, link::connect(self.config.clone(), self.tls.clone())).await
        });
        match attempt {
            Ok(Ok(link)) => self.attach(link),
            Ok(Err(e)) => Err(self.connect_error(&e)),
            Err(_) => Err(Error::Server(format!("the server of {} is unreachable (it did not answer)", self.shown))),
        }
    }

    /// Listens for other connections' commits and learns its own process,
    /// in one round trip.
    pub(super) fn attach(&self, link: Link) -> Result<()> {
        self.round_trips.set(self.round_trips.get() + 1);
        let mut replies =
            link.run(&self.rt, vec![Request::Simple("LISTEN sprintboard; SELECT pg_backend_pid()".into())]).into_iter();
        let pid = match replies.next() {
            Some(Ok(Reply::Simple(rows))) => rows.first().and_then(|r| r[0].as_deref()).and_then(|p| p.parse().ok()),
            Some(Err(e)) => return Err(self.error(e)),
            _ => None,
        };
        self.pid.set(pid.unwrap_or(0));
        self.statements.borrow_mut().clear();
        *self.link.borrow_mut() = Some(link);
        Ok(())
    }

    /// Why connecting failed, without the password.
    pub(super) fn connect_error(&self, e: &tokio_postgres::Error) -> Error {
        let board = &self.shown;
        if let Some(db) = e.as_db_error() {
            let user = self.config.get_user().unwrap_or("");
            return Error::Server(match db.code().code() {
                "28P01" => format!("the server refused the password of {user} for {board}"),
                "28000" => format!("the server does not let {user} in to {board}"),
                "3D000" => format!("the database of {board} does not exist on its server"),
                _ => format!("the server refused {board}: {}", db.message()),
            });
        }
        let text = e.to_string();
        let mut cause = std::error::Error::source(e).map(|c| c.to_string());
        if let Some(c) = &cause
            && c.contains("certificate")
        {
            return Error::Server(format!(
                "the server of {board} presented a TLS certificate that is not trusted ({c})"
            ));
        }
        if text.contains("TLS") || text.contains("SSL") {
            let why = cause.take().unwrap_or_else(|| first_clause(&text));
            return Error::Server(format!("a TLS connection to the server of {board} failed ({why})"));
        }
        if text.contains("password missing") {
            return Error::Server(format!(
                "the server wants a password for {board}: put it in the URL, in PGPASSWORD or in ~/.pgpass"
            ));
        }
        Error::Server(format!("the server of {board} is unreachable ({})", first_clause(&text)))
    }

    /// A failure of a statement, as the store says it.
    pub(super) fn error(&self, e: tokio_postgres::Error) -> Error {
        if e.is_closed() || e.as_db_error().is_none() && e.code().is_none() && !is_conversion(&e) {
            // The connection is gone: say so, and make a new one next time.
            *self.link.borrow_mut() = None;
            return Error::Unreachable;
        }
        match e.as_db_error() {
            Some(db) => match db.code().code() {
                "25006" | "42501" => self.refused(),
                "57P01" | "57P02" | "57P03" => {
                    *self.link.borrow_mut() = None;
                    Error::Unreachable
                }
                _ => Error::Server(format!("the server refused a change to {}: {}", self.shown, db.message())),
            },
            None => Error::Server(format!("database error on {}: {}", self.shown, first_clause(&e.to_string()))),
        }
    }

    /// Makes the connection again if it was lost; a new connection counts
    /// as a change, so that the screen reads everything again.
    pub(in crate::store) fn ensure(&self) -> Result<()> {
        if !self.lost() {
            return Ok(());
        }
        *self.link.borrow_mut() = None;
        self.held.borrow_mut().clear();
        if self.in_transaction.get() {
            return Err(Error::Unreachable);
        }
        // A connection is made in the background, so that a server that
        // does not answer (a host gone from the network) costs the screen
        // at most [`WAIT`] a poll instead of the connect timeout.
        let pending = self.pending.borrow_mut().take();
        let pending = match pending {
            Some(rx) => Some(rx),
            None if self.last_try.get().is_none_or(|t| t.elapsed() >= RETRY) => {
                self.last_try.set(Some(std::time::Instant::now()));
                let (tx, rx) = std::sync::mpsc::channel();
                let (config, tls) = (self.config.clone(), self.tls.clone());
                self.rt.spawn(async move {
                    let _ = tx.send(link::connect(config, tls).await);
                });
                Some(rx)
            }
            None => None,
        };
        let Some(rx) = pending else { return Err(Error::Unreachable) };
        match rx.recv_timeout(WAIT) {
            Ok(Ok(link)) => {
                self.attach(link)?;
                self.last_try.set(None);
                self.version.set(self.version.get() + 1);
                Ok(())
            }
            Ok(Err(_)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::Unreachable),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                *self.pending.borrow_mut() = Some(rx);
                Err(Error::Unreachable)
            }
        }
    }

    /// Whether the connection is gone (until it is made again).
    pub(in crate::store) fn lost(&self) -> bool {
        self.link.borrow().as_ref().is_none_or(|c| c.is_closed())
    }
}

pub(super) fn is_conversion(e: &tokio_postgres::Error) -> bool {
    let text = e.to_string();
    text.contains("error serializing") || text.contains("error deserializing")
}

/// The first clause of a driver's message ("error connecting to server:
/// Connection refused (os error 111)" → its cause).
pub(super) fn first_clause(text: &str) -> String {
    let t = text.rsplit(": ").next().unwrap_or(text);
    t.trim().trim_end_matches('.').to_string()
}
