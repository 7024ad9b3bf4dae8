//! The socket to the server, driven by tokio-postgres on a thread of its
//! own, so that two things the blocking driver could not do are possible:
//! several statements are sent at once and their answers read in one
//! round trip (pipelining: the statements of one action go out together,
//! SPEC §8), and other users' notifications arrive while the screen
//! waits for a key, without a statement to fetch them.

use super::values::{Bind, Read};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use tokio_postgres::{AsyncMessage, Client, Notification, SimpleQueryMessage, Statement};

/// The runtime the sockets are driven on: one worker thread, for the
/// connections' tasks; each call of the store waits on its own thread.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("sprintboard-postgres")
        .enable_all()
        .build()
}

/// One open connection.
pub struct Link {
    client: Client,
    notes: Receiver<Notification>,
}

/// A statement of a pipeline.
pub enum Request {
    /// Statements without parameters, in the simple protocol (`BEGIN`,
    /// `COMMIT`, `SET …`); its rows come back as text.
    Simple(String),
    /// A prepared statement with its values: its rows.
    Query(Statement, Vec<Bind>),
    /// A prepared statement with its values: how many rows it changed.
    Execute(Statement, Vec<Bind>),
}

/// What the server answered one request.
pub enum Reply {
    /// The rows of each statement of a simple request, as text.
    Simple(Vec<Vec<Option<String>>>),
    /// A query's rows, read as the store reads values.
    Rows(Vec<Vec<rusqlite::types::Value>>),
    /// How many rows a statement changed.
    Count(u64),
}

/// Connects and starts driving the socket: notifications go to the link's
/// channel as they arrive; the task ends when the connection does.
pub async fn connect(
    config: tokio_postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
) -> Result<Link, tokio_postgres::Error> {
    let (client, mut connection) = config.connect(tls).await?;
    let (tx, notes) = std::sync::mpsc::channel();
    tokio::spawn(async move {
        while let Some(message) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    if tx.send(n).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    Ok(Link { client, notes })
}

impl Link {
    /// Whether the connection is gone.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The notifications that have arrived, without waiting; `Err` when
    /// the connection ended.
    pub fn notifications(&self) -> Result<Vec<Notification>, ()> {
        let mut out = Vec::new();
        loop {
            match self.notes.try_recv() {
                Ok(n) => out.push(n),
                Err(TryRecvError::Empty) => return Ok(out),
                Err(TryRecvError::Disconnected) => return if out.is_empty() { Err(()) } else { Ok(out) },
            }
        }
    }

    /// Prepares statements, all in one round trip.
    pub fn prepare(
        &self,
        rt: &tokio::runtime::Runtime,
        sqls: &[String],
    ) -> Vec<Result<Statement, tokio_postgres::Error>> {
        rt.block_on(futures_util::future::join_all(sqls.iter().map(|s| self.client.prepare(s))))
    }

    /// Sends every request at once and reads their answers: one round
    /// trip. Each answer is its request's; after a failed statement the
    /// rest of a transaction fail too, so the first error is the cause.
    pub fn run(
        &self,
        rt: &tokio::runtime::Runtime,
        requests: Vec<Request>,
    ) -> Vec<Result<Reply, tokio_postgres::Error>> {
        let client = &self.client;
        let futures = requests.into_iter().map(|r| async move {
            match r {
                Request::Simple(sql) => {
                    let messages = client.simple_query(&sql).await?;
                    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
                    for m in messages {
                        if let SimpleQueryMessage::Row(row) = m {
                            rows.push((0..row.len()).map(|i| row.get(i).map(str::to_string)).collect());
                        }
                    }
                    Ok(Reply::Simple(rows))
                }
                Request::Query(statement, binds) => {
                    let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = binds.iter().map(|b| b as _).collect();
                    let rows = client.query(&statement, &refs).await?;
                    let mut out = Vec::with_capacity(rows.len());
                    for row in rows {
                        let mut vals = Vec::with_capacity(row.len());
                        for i in 0..row.len() {
                            vals.push(row.try_get::<_, Read>(i)?.0);
                        }
                        out.push(vals);
                    }
                    Ok(Reply::Rows(out))
                }
                Request::Execute(statement, binds) => {
                    let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = binds.iter().map(|b| b as _).collect();
                    Ok(Reply::Count(client.execute(&statement, &refs).await?))
                }
            }
        });
        rt.block_on(futures_util::future::join_all(futures))
    }
}

/// The column names of a prepared statement.
pub fn names(statement: &Statement) -> Arc<[String]> {
    statement.columns().iter().map(|c| c.name().to_string()).collect()
}
