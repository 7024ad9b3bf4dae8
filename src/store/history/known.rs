//! The writes whose row images the action already knows (it read the
//! row ahead, or works the change out as the statement does): on a
//! server they wait to go with the next statement instead of taking a
//! round trip for an answer; a file runs them as [`Tx::tracked`] does.

use super::{Image, Tx, sql_to_json, update_of};
use crate::store::db::{Db, Sql, Value, as_params};
use crate::store::{Result, Table};

impl Tx<'_> {
    /// [`Tx::set_columns`] when the caller has just read, in this
    /// transaction, the values the columns hold (`before`, in the order
    /// of `columns`): on a server the write then needs no answer and goes
    /// with the next statement. A file reads them again (microseconds),
    /// so that its images are always the row's own.
    pub(in crate::store) fn set_columns_over(
        &mut self,
        table: Table,
        id: i64,
        columns: &[(&str, Value)],
        before: impl FnOnce(&Self) -> Result<Option<Vec<Value>>>,
    ) -> Result<()> {
        if matches!(self.db, Db::Sqlite(_)) {
            return self.set_columns(table, id, columns);
        }
        let Some(before) = before(self)? else { return Ok(()) };
        let (update, params) = update_of(table, id, columns);
        self.db.later(&update, &as_params(&params))?;
        self.record_columns(table, id, columns, before)
    }

    /// [`Tx::tracked`] for a row whose images the caller holds: the row as
    /// it was read in this transaction and as `sql` writes it. On a server
    /// the write goes with the next statement; a file takes its images
    /// from the row itself.
    pub(in crate::store) fn tracked_over(
        &mut self,
        table: Table,
        id: i64,
        sql: &str,
        params: crate::store::db::Params<'_>,
        images: (Image, Image),
    ) -> Result<()> {
        if matches!(self.db, Db::Sqlite(_)) || !self.tracking {
            return self.tracked(table, id, sql, params);
        }
        self.db.later(sql, params)?;
        self.record(table, id, Some(images.0), Some(images.1))
    }

    /// [`Tx::tracked`] of an update whose after image `after` works out
    /// from the row's before image (which the action read ahead): on a
    /// server the write then needs no answer and goes with the next
    /// statement. A file runs the update and reads its result, as ever.
    pub(in crate::store) fn tracked_from_image(
        &mut self,
        table: Table,
        id: i64,
        sql: &str,
        params: crate::store::db::Params<'_>,
        after: impl FnOnce(&Image) -> Image,
    ) -> Result<()> {
        if matches!(self.db, Db::Postgres(_))
            && self.tracking
            && let Some(before) = self.image(table, id)?
        {
            let after = after(&before);
            return self.tracked_over(table, id, sql, params, (before, after));
        }
        self.tracked(table, id, sql, params)
    }

    /// [`Tx::tracked`] of an `UPDATE … WHERE id = ?1` that sets
    /// `columns` from the parameters after the id, in order: the after
    /// image is the before image (read ahead) with those values, so on a
    /// server the write needs no answer.
    pub(in crate::store) fn tracked_update(
        &mut self,
        table: Table,
        id: i64,
        sql: &str,
        params: crate::store::db::Params<'_>,
        columns: &[&str],
    ) -> Result<()> {
        let values: Vec<Value> =
            params.iter().skip(1).map(|p| crate::store::values::value_of(*p)).collect::<Result<_>>()?;
        self.tracked_from_image(table, id, sql, params, |before| {
            let mut row = before.clone();
            for (c, v) in columns.iter().zip(values) {
                row.insert(c.to_string(), sql_to_json(v));
            }
            row
        })
    }

    /// Records a change of some columns from `before` to their values.
    pub(super) fn record_columns(
        &mut self,
        table: Table,
        id: i64,
        columns: &[(&str, Value)],
        before: Vec<Value>,
    ) -> Result<()> {
        if !self.tracking {
            return Ok(());
        }
        let image = |vals: Vec<Value>| -> Image {
            columns.iter().zip(vals).map(|((n, _), v)| (n.to_string(), sql_to_json(v))).collect()
        };
        let after = columns.iter().map(|(_, v)| v.clone()).collect();
        self.record(table, id, Some(image(before)), Some(image(after)))
    }
}
