//! Conversions between domain values and SQL columns.

use crate::domain::*;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

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

/// Timestamp as stored.
pub fn time_text(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

/// Parses a stored timestamp.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, TIME_FORMAT).ok()
}

/// Parses a stored date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
