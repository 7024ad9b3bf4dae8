//! What a database holds: whether it is a board and of which schema
//! version (a database of another application is refused untouched), the
//! steps that bring it up to date (`schema_3.sql`, `schema_4.sql`), and
//! whether this role may change it.

use super::{Conn, VERSION, refine};
use crate::store::db::Sql;
use crate::store::{Error, Result};

/// Marks a database as a sprintboard board.
const APPLICATION: &str = "sprintboard";

/// The steps that bring a database to each schema version, by version.
/// PostgreSQL boards start at schema 3 (the first with a server); a later
/// schema appends its step here and to the file's list.
const MIGRATIONS: &[(i64, &str)] = &[(3, include_str!("schema_3.sql")), (4, include_str!("schema_4.sql"))];

impl Conn {
    /// The schema version the database holds: 0 for a blank one; a
    /// database with other tables is refused untouched.
    pub(super) fn identity(&self) -> Result<i64> {
        let tables: Vec<String> = self.query_map(
            "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            &[],
            |r| r.get(0),
        )?;
        if tables.is_empty() {
            return Ok(0);
        }
        if !tables.iter().any(|t| t == "sprintboard_schema") {
            return Err(Error::Server(format!(
                "{} holds tables of another application, not a sprintboard board; it was left untouched",
                self.shown
            )));
        }
        let found: Option<(String, i64)> =
            self.query_opt("SELECT application, version FROM sprintboard_schema", &[], |r| Ok((r.get(0)?, r.get(1)?)))?;
        match found {
            Some((app, v)) if app == APPLICATION => Ok(v),
            _ => Err(Error::Server(format!(
                "{} holds tables of another application, not a sprintboard board; it was left untouched",
                self.shown
            ))),
        }
    }

    /// Sets up (or brings up to date) the schema, in one transaction that
    /// holds the write lock; another program that got there first wins.
    pub(super) fn migrate(&self, from: i64) -> Result<()> {
        self.begin(false)?;
        let run = || -> Result<()> {
            let now = if from == 0 { self.identity()? } else { from };
            if now < VERSION {
                for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > now) {
                    self.batch(sql)?;
                    if *version == MIGRATIONS[0].0 {
                        self.execute(
                            "INSERT INTO sprintboard_schema (application, version) VALUES (?1, ?2)",
                            rusqlite::params![APPLICATION, version],
                        )?;
                    }
                }
                self.execute("UPDATE sprintboard_schema SET version = ?1", rusqlite::params![VERSION])?;
            }
            self.commit()
        };
        run().inspect_err(|_| self.rollback())
    }

    /// Whether this role may change the board, and whether it may refine
    /// its functions (`refine.rs`).
    pub(super) fn can_write(&self) -> Result<(bool, bool)> {
        self.query_row(
            &format!(
                "SELECT has_table_privilege('story', 'INSERT, UPDATE, DELETE') AND has_table_privilege('history', 'INSERT') \
                 AND current_setting('transaction_read_only') = 'off', {}",
                refine::STALE
            ),
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }
}
