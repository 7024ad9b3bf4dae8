//! Conversions between domain values and SQL columns.

use crate::domain::*;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// The value a parameter binds, as the store writes it.
pub(super) fn value_of(p: &dyn ToSql) -> super::Result<rusqlite::types::Value> {
    Ok(match p.to_sql()? {
        ToSqlOutput::Borrowed(v) => {
            rusqlite::types::Value::try_from(v).map_err(|_| super::Error::Damaged("text that is not UTF-8".into()))?
        }
        ToSqlOutput::Owned(v) => v,
        _ => return Err(super::Error::Damaged("a value of a kind the store does not write".into())),
    })
}

macro_rules! sql_id {
    ($($t:ident),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> { Ok(ToSqlOutput::from(self.0)) }
        }
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> { i64::column_result(v).map($t) }
        }
    )*};
}
sql_id!(StoryId, SprintId, EpicId, ObjectiveId, RiskId);

macro_rules! sql_word {
    ($($t:ident),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> { Ok(ToSqlOutput::from(self.as_str())) }
        }
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e: String| FromSqlError::Other(e.into()))
            }
        }
    )*};
}
sql_word!(Kind, Status, SprintState, RiskStatus);

impl ToSql for Points {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.hundredths()))
    }
}

impl FromSql for Points {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(v).map(Points::from_hundredths)
    }
}

impl ToSql for Quarter {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Quarter {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        v.as_str()?.parse().map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

/// Timestamps are stored as ISO text, readable in any SQLite browser.
pub const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Timestamp as stored. Written by hand, not with `format(TIME_FORMAT)`,
/// which parses its format again on every call (4 % of a million-story
/// import); the same text for every year chrono's format writes in four digits.
pub fn time_text(t: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&t.year()) {
        return t.format(TIME_FORMAT).to_string();
    }
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

/// Parses a stored timestamp.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, TIME_FORMAT).ok()
}

/// Parses a stored date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_chrono_formats_them() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        for t in ["2026-01-05 09:03:07", "0001-12-31 23:59:59.5", "9999-01-01 00:00:00", "1969-07-20 20:17:40"] {
            assert_eq!(time_text(at(t)), at(t).format(TIME_FORMAT).to_string(), "{t}");
        }
        let far = chrono::NaiveDate::from_ymd_opt(12345, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(time_text(far), far.format(TIME_FORMAT).to_string());
    }
}
