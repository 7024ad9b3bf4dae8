//! The one connection abstraction the store's queries are written against:
//! statements with bound parameters, rows read by position or name, and
//! the engine (`sqlite/`, `postgres/`) behind it. Queries are written once
//! in the SQL both engines agree on (numbered `?N` parameters); what the
//! PostgreSQL engine must say otherwise it translates when it prepares a
//! statement (`postgres/dialect.rs`), and what has no common form at all
//! (pragmas, JSON row images, upserts of trigger tables, change
//! notification) is a method here that each engine answers.
//!
//! Values are rusqlite's `Value` (null, integer, real, text, blob): the
//! type every row image and history entry already speaks. The PostgreSQL
//! engine binds and reads them as the server's column types say.

use super::{Error, Result};
use rusqlite::ToSql;
use rusqlite::types::{FromSql, FromSqlError, ValueRef};
use std::sync::Arc;

pub use rusqlite::types::Value;

/// A parameter list: `params![a, b]` (rusqlite's macro) or `&[]`.
pub type Params<'p> = &'p [&'p dyn ToSql];

/// One row of a result: a file's row read in place (as rusqlite gives it,
/// with no copy of its values), or a server's, its values owned.
pub struct Row<'a>(Inner<'a>);

enum Inner<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Owned { vals: Vec<Value>, names: Arc<[String]> },
}

/// A column by position or by name.
pub trait Idx {
    /// The column's position among `names`.
    fn idx(&self, names: &[String]) -> rusqlite::Result<usize>;
    /// The value of this column of an SQLite row.
    fn sqlite<T: FromSql>(&self, row: &rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Idx for usize {
    fn idx(&self, names: &[String]) -> rusqlite::Result<usize> {
        if *self < names.len() { Ok(*self) } else { Err(rusqlite::Error::InvalidColumnIndex(*self)) }
    }

    fn sqlite<T: FromSql>(&self, row: &rusqlite::Row<'_>) -> rusqlite::Result<T> {
        row.get(*self)
    }
}

impl Idx for &str {
    fn idx(&self, names: &[String]) -> rusqlite::Result<usize> {
        names.iter().position(|n| n == self).ok_or_else(|| rusqlite::Error::InvalidColumnName(self.to_string()))
    }

    fn sqlite<T: FromSql>(&self, row: &rusqlite::Row<'_>) -> rusqlite::Result<T> {
        row.get(*self)
    }
}

impl<'a> Row<'a> {
    /// A file's row, read in place.
    pub(super) fn sqlite(row: &'a rusqlite::Row<'a>) -> Row<'a> {
        Row(Inner::Sqlite(row))
    }

    /// A row of owned values.
    pub(super) fn owned(vals: Vec<Value>, names: Arc<[String]>) -> Row<'static> {
        Row(Inner::Owned { vals, names })
    }

    /// The value of a column, converted as rusqlite converts it.
    pub fn get<I: Idx, T: FromSql>(&self, i: I) -> rusqlite::Result<T> {
        match &self.0 {
            Inner::Sqlite(r) => i.sqlite(r),
            Inner::Owned { vals, names } => {
                let idx = i.idx(names)?;
                let v = &vals[idx];
                T::column_result(ValueRef::from(v)).map_err(|e| match e {
                    FromSqlError::InvalidType => {
                        rusqlite::Error::InvalidColumnType(idx, names[idx].clone(), ValueRef::from(v).data_type())
                    }
                    other => {
                        rusqlite::Error::FromSqlConversionFailure(idx, ValueRef::from(v).data_type(), Box::new(other))
                    }
                })
            }
        }
    }

    /// The column names, in select order.
    pub fn names(&self) -> Vec<String> {
        match &self.0 {
            Inner::Sqlite(r) => r.as_ref().column_names().map(str::to_string).collect(),
            Inner::Owned { names, .. } => names.to_vec(),
        }
    }

    /// The values, in select order.
    pub fn values(&self) -> rusqlite::Result<Vec<Value>> {
        match &self.0 {
            Inner::Sqlite(r) => (0..r.as_ref().column_count()).map(|i| r.get::<_, Value>(i)).collect(),
            Inner::Owned { vals, .. } => Ok(vals.clone()),
        }
    }

    /// The row with its values owned, to keep past the query.
    pub fn into_owned(self) -> rusqlite::Result<Row<'static>> {
        match self.0 {
            Inner::Sqlite(_) => {
                let names: Arc<[String]> = self.names().into();
                Ok(Row::owned(self.values()?, names))
            }
            Inner::Owned { vals, names } => Ok(Row::owned(vals, names)),
        }
    }
}

/// Statements on a connection. The primitives are each engine's; the rest
/// is written on top of them once.
pub trait Sql {
    /// Runs a query and gives each row to `f`, at most `limit` of them.
    fn each_row(
        &self,
        sql: &str,
        params: Params<'_>,
        limit: Option<usize>,
        f: &mut dyn FnMut(Row<'_>) -> Result<()>,
    ) -> Result<()>;

    /// Runs a statement; the number of rows it changed.
    fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize>;

    /// Runs an `INSERT` and returns the new row's key (the column `key`).
    fn insert(&self, sql: &str, params: Params<'_>, key: &str) -> Result<i64>;

    /// Runs a statement whose answer nobody reads. On a server, inside a
    /// transaction, it goes out with the next statement that needs an
    /// answer (or with `COMMIT`), in that one's round trip; its failure
    /// fails that statement and so the transaction.
    fn later(&self, sql: &str, params: Params<'_>) -> Result<()> {
        self.execute(sql, params).map(drop)
    }

    /// Every row, mapped.
    fn query_map<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        mut f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>>
    where
        Self: Sized,
    {
        let mut out = Vec::new();
        self.each_row(sql, params, None, &mut |r| {
            out.push(f(&r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, mapped, if there is one.
    fn query_opt<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row) -> rusqlite::Result<T>,
    ) -> Result<Option<T>>
    where
        Self: Sized,
    {
        let mut f = Some(f);
        let mut out = None;
        self.each_row(sql, params, Some(1), &mut |r| {
            if let Some(f) = f.take() {
                out = Some(f(&r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, mapped; a missing row is damage (the query names a
    /// row every board has).
    fn query_row<T>(&self, sql: &str, params: Params<'_>, f: impl FnOnce(&Row) -> rusqlite::Result<T>) -> Result<T>
    where
        Self: Sized,
    {
        self.query_opt(sql, params, f)?
            .ok_or_else(|| Error::Damaged(format!("a row is missing ({})", first_words(sql))))
    }

    /// Whether the query returns a row.
    fn exists(&self, sql: &str, params: Params<'_>) -> Result<bool>
    where
        Self: Sized,
    {
        Ok(self.query_opt(sql, params, |_| Ok(()))?.is_some())
    }
}

/// The start of a statement, to name it in a message without its values
/// (there are none in the text: every value is a bound parameter).
fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

/// Owned values as a parameter list.
pub fn as_params(values: &[Value]) -> Vec<&dyn ToSql> {
    values.iter().map(|v| v as &dyn ToSql).collect()
}

/// The connection of an open board: one engine or the other. One per
/// store, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Db {
    /// A board file.
    Sqlite(super::sqlite::Conn),
    /// A board in a PostgreSQL database.
    Postgres(super::postgres::Conn),
}

impl Sql for Db {
    fn each_row(
        &self,
        sql: &str,
        params: Params<'_>,
        limit: Option<usize>,
        f: &mut dyn FnMut(Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Sqlite(c) => c.conn.each_row(sql, params, limit, f),
            Db::Postgres(c) => c.each_row(sql, params, limit, f),
        }
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        match self {
            Db::Sqlite(c) => Sql::execute(&c.conn, sql, params),
            Db::Postgres(c) => c.execute(sql, params),
        }
    }

    fn insert(&self, sql: &str, params: Params<'_>, key: &str) -> Result<i64> {
        match self {
            Db::Sqlite(c) => c.conn.insert(sql, params, key),
            Db::Postgres(c) => c.insert(sql, params, key),
        }
    }

    fn later(&self, sql: &str, params: Params<'_>) -> Result<()> {
        match self {
            Db::Sqlite(c) => Sql::execute(&c.conn, sql, params).map(drop),
            Db::Postgres(c) => c.later(sql, params),
        }
    }
}

impl Db {
    /// The read of the id the next row of `table` takes: on a server from
    /// the table's identity sequence (so that inserts that let the server
    /// pick stay clear of it); a file, which one writer holds at a time,
    /// numbers a row past the highest id as SQLite does itself.
    pub fn next_id_sql(&self, table: &str) -> String {
        match self {
            Db::Sqlite(_) => format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            Db::Postgres(_) => format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"),
        }
    }

    /// Starts a write transaction that holds the board's write lock, so
    /// that two writers queue instead of failing halfway.
    pub fn begin_write(&self) -> Result<()> {
        match self {
            Db::Sqlite(c) => c.batch("BEGIN IMMEDIATE"),
            Db::Postgres(c) => c.begin_write(),
        }
    }

    /// Runs `sql` (a statement that returns one integer) as the
    /// transaction's last statement and commits: on a server both go in
    /// one round trip with what the transaction still has waiting.
    pub fn commit_returning(&self, sql: &str, params: Params<'_>) -> Result<i64> {
        let value = |rows: Vec<Vec<Value>>| match rows.into_iter().next().and_then(|r| r.into_iter().next()) {
            Some(Value::Integer(i)) => Ok(i),
            _ => Err(Error::Damaged(format!("a row is missing ({})", first_words(sql)))),
        };
        match self {
            Db::Sqlite(c) => {
                let v = c.conn.query_row(sql, params, |r| r.get(0))?;
                c.batch("COMMIT")?;
                Ok(v)
            }
            Db::Postgres(c) => value(c.commit_with(Some((sql, params)))?),
        }
    }

    /// The sequence number of a new history entry, and the entry written
    /// with an empty label: a file numbers it as it inserts it; on a
    /// server the number is the one read with the transaction's `BEGIN`
    /// (under the write lock, so no other writer takes it) and the insert
    /// waits to go with the next statement.
    pub fn new_entry(&self, at: &str, author: &str, schema: i32) -> Result<i64> {
        match self {
            Db::Sqlite(c) => c.conn.insert(
                "INSERT INTO history (at, label, author, schema) VALUES (?1, '', ?2, ?3)",
                rusqlite::params![at, author, schema],
                "seq",
            ),
            Db::Postgres(c) => {
                let seq = c.next_entry()?;
                c.later(
                    "INSERT INTO history (seq, at, label, author, schema) VALUES (?1, ?2, '', ?3, ?4)",
                    rusqlite::params![seq, at, author, schema],
                )?;
                Ok(seq)
            }
        }
    }

    /// Makes the reads `f` makes at once, ahead of their use in this
    /// transaction: on a server they take one round trip together, and
    /// their answers are kept until the transaction writes. A file reads
    /// as it goes (a read costs microseconds there), so `f` is not run.
    pub fn read_ahead(&self, f: &mut dyn FnMut()) -> Result<()> {
        match self {
            Db::Sqlite(_) => Ok(()),
            Db::Postgres(c) => c.read_ahead(f),
        }
    }

    /// Notes the reads `f` makes, to be made on a server right after this
    /// transaction commits, in the same round trip: the reads an action's
    /// message makes after it then cost nothing. A file reads as it goes.
    pub fn read_after_commit(&self, f: &mut dyn FnMut()) {
        if let Db::Postgres(c) = self {
            c.read_after_commit(f);
        }
    }

    /// Commits the transaction.
    pub fn commit(&self) -> Result<()> {
        match self {
            Db::Sqlite(c) => c.batch("COMMIT"),
            Db::Postgres(c) => c.commit(),
        }
    }

    /// Rolls the transaction back (best effort: a failed rollback leaves
    /// nothing committed either).
    pub fn rollback(&self) {
        match self {
            Db::Sqlite(c) => {
                let _ = c.conn.execute_batch("ROLLBACK");
            }
            Db::Postgres(c) => c.rollback(),
        }
    }

    /// Lets foreign keys be checked at commit: undo writes rows back in an
    /// order the keys may only accept once the whole entry is applied.
    pub fn defer_foreign_keys(&self) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.conn.pragma_update(None, "defer_foreign_keys", "ON")?),
            Db::Postgres(c) => c.batch("SET CONSTRAINTS ALL DEFERRED"),
        }
    }

    /// A table's column names, in order.
    pub fn columns(&self, table: &str) -> Result<Vec<String>> {
        let mut names = Vec::new();
        // No row is read: the names come with the (empty) result.
        let sql = format!("SELECT * FROM {table} LIMIT 0");
        match self {
            Db::Sqlite(c) => {
                let stmt = c.conn.prepare(&sql)?;
                names.extend(stmt.column_names().map(str::to_string));
            }
            Db::Postgres(c) => names = c.column_names(&sql)?,
        }
        Ok(names)
    }

    /// The SQL expression of a row image: a JSON object (as text) of the
    /// named columns of the row in scope.
    pub fn json_object(&self, columns: &[String]) -> String {
        let parts: Vec<String> = columns.iter().map(|c| format!("'{c}', {c}")).collect();
        match self {
            Db::Sqlite(_) => format!("json_object({})", parts.join(", ")),
            Db::Postgres(_) => format!("json_build_object({})::text", parts.join(", ")),
        }
    }

    /// Brings the engine's own counters up to rows written with their ids
    /// (a copy): PostgreSQL's identity sequences; SQLite keeps its own.
    pub fn after_copy(&self) -> Result<()> {
        match self {
            Db::Sqlite(_) => Ok(()),
            Db::Postgres(c) => c.after_copy(),
        }
    }

    /// Which engine this is, for messages and tests.
    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}
