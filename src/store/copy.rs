//! Copying a whole board, history included, to another board — a file to
//! a server when a team outgrows one machine, or back. Every row keeps its
//! id and version, and every history entry its row images, so undo, redo,
//! the burndown and the news read the copy as they read the original.
//! The source is read under its write lock, so the copy is of one moment;
//! the target is written in one transaction, so a failed copy leaves it
//! as blank as it was.

use super::db::{Db, Sql, Value, as_params};
use super::{Error, Result, Store};
use std::path::Path;

/// The tables in an order the foreign keys accept, each with its key.
/// `tally` is not copied: the target's triggers keep it as the stories
/// arrive.
const TABLES: &[(&str, &str)] = &[
    ("board", "id"),
    ("objective", "id"),
    ("epic", "id"),
    ("sprint", "id"),
    ("story", "id"),
    ("commitment", "id"),
    ("velocity", "id"),
    ("risk", "id"),
    ("member", "id"),
    ("day_off", "id"),
    ("budget", "id"),
    ("expense", "id"),
    ("dependency", "id"),
    ("history", "seq"),
    ("history_row", "seq, ord"),
    ("story_event", "sprint_id, seq, story_id"),
    ("history_state", "id"),
];

/// What a copy moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Stories copied.
    pub stories: i64,
    /// History entries copied.
    pub entries: i64,
    /// The target as it may be shown (a server's URL without password).
    pub target: String,
}

impl Store {
    /// Copies this board, with its history, to the board at `target` (a
    /// file or a `postgres://` URL), which must be new or blank: a target
    /// that holds anything is refused, and left as it was.
    pub fn copy_to(&mut self, target: &Path) -> Result<Copied> {
        let to = Store::open(target)?;
        if to.is_read_only() {
            return Err(to.refused());
        }
        let shown = to.path().display().to_string();
        let holds: i64 = to.db.query_row("SELECT count(*) FROM history", &[], |r| r.get(0))?;
        if !to.is_blank()? || holds > 0 {
            return Err(Error::Refused(format!(
                "{shown} already holds a board; copy to a new file or an empty database"
            )));
        }
        if same_board(&self.db, &to.db)? {
            return Err(Error::Refused(format!("{shown} is this board itself; copy to another file or database")));
        }
        self.db.begin_write()?;
        let copied = copy_tables(&self.db, &to.db);
        self.db.rollback();
        let (stories, entries) = copied?;
        Ok(Copied { stories, entries, target: shown })
    }
}

/// Whether two connections are on the same board: the same file, or the
/// same database on the same server. Asked by a mark only one would see.
fn same_board(a: &Db, b: &Db) -> Result<bool> {
    Ok(match (a, b) {
        (Db::Sqlite(_), Db::Sqlite(_)) => {
            let file = |db: &Db| -> Result<String> {
                db.query_row("SELECT file FROM pragma_database_list WHERE name = 'main'", &[], |r| r.get(0))
            };
            file(a)? == file(b)?
        }
        (Db::Postgres(_), Db::Postgres(_)) => {
            let who = "SELECT coalesce(inet_server_addr()::text, 'socket') || ':' || coalesce(inet_server_port(), 0)::text \
                       || '/' || current_database()";
            let id = |db: &Db| -> Result<String> { db.query_row(who, &[], |r| r.get(0)) };
            id(a)? == id(b)?
        }
        _ => false,
    })
}

/// Copies every table in one transaction on the target; the numbers of
/// stories and history entries copied.
fn copy_tables(from: &Db, to: &Db) -> Result<(i64, i64)> {
    if let Db::Postgres(c) = to {
        c.set_bulk(true);
    }
    let copied = copy_in_bulk(from, to);
    if let Db::Postgres(c) = to {
        c.set_bulk(false);
    }
    copied
}

fn copy_in_bulk(from: &Db, to: &Db) -> Result<(i64, i64)> {
    to.begin_write()?;
    let run = || -> Result<(i64, i64)> {
        to.defer_foreign_keys()?;
        // The blank target's own rows (its board and history state) give
        // way to the source's.
        for table in ["board", "history_state"] {
            to.execute(&format!("DELETE FROM {table}"), &[])?;
        }
        let mut counts = (0, 0);
        for (table, key) in TABLES {
            let source = from.columns(table)?;
            let target = to.columns(table)?;
            let columns: Vec<String> = source.into_iter().filter(|c| target.contains(c)).collect();
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let insert = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), marks.join(", "));
            let select = format!("SELECT {} FROM {table} ORDER BY {key}", columns.join(", "));
            let mut n = 0;
            from.each_row(&select, &[], None, &mut |r| {
                let values: Vec<Value> = r.values()?;
                to.execute(&insert, &as_params(&values))?;
                n += 1;
                Ok(())
            })?;
            match *table {
                "story" => counts.0 = n,
                "history" => counts.1 = n,
                _ => {}
            }
        }
        to.after_copy()?;
        to.commit()?;
        Ok(counts)
    };
    run().inspect_err(|_| to.rollback())
}
