//! The store's values (rusqlite's `Value`) as PostgreSQL parameters and
//! columns: a parameter is written as the type the server inferred for it
//! (an integer into a `bigint`, `integer` or `boolean`; text into `text`,
//! `citext` or a number column), and a column is read back into the value
//! SQLite would have given (`boolean` and whole `numeric` as integers).

use rusqlite::types::Value;
use std::error::Error;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

type BoxError = Box<dyn Error + Sync + Send>;

/// A value bound as a parameter.
#[derive(Clone, Debug)]
pub struct Bind(pub Value);

fn texty(ty: &Type) -> bool {
    // Extension types (citext) have no fixed oid; their binary form is text.
    matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN | Type::JSON)
        || ty.name() == "citext"
}

impl ToSql for Bind {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        let int = |i: i64, out: &mut bytes::BytesMut| -> Result<IsNull, BoxError> {
            match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                _ if texty(ty) => {
                    out.extend_from_slice(i.to_string().as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(format!("an integer cannot be written as {ty}").into()),
            }
        };
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => int(*i, out),
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ if texty(ty) => {
                    out.extend_from_slice(f.to_string().as_bytes());
                    Ok(IsNull::No)
                }
                _ if f.fract() == 0.0 => int(*f as i64, out),
                _ => Err(format!("a fraction cannot be written as {ty}").into()),
            },
            Value::Text(s) => {
                if texty(ty) {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else if let Ok(i) = s.trim().parse::<i64>() {
                    int(i, out)
                } else {
                    Err(format!("text cannot be written as {ty}").into())
                }
            }
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => {
                    out.extend_from_slice(String::from_utf8_lossy(b).as_bytes());
                    Ok(IsNull::No)
                }
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column read back.
pub struct Read(pub Value);

impl<'a> FromSql<'a> for Read {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Read, BoxError> {
        Ok(Read(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(std::str::from_utf8(raw)?.to_string()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Read, BoxError> {
        Ok(Read(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A `numeric` in its binary form (what `sum(bigint)` returns): an integer
/// when it has no fraction, else a real.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<i16, BoxError> {
        raw.get(i..i + 2).map(|b| i16::from_be_bytes([b[0], b[1]])).ok_or_else(|| "a short numeric".into())
    };
    let (ndigits, weight, sign, scale) = (word(0)? as usize, word(2)?, word(4)? as u16, word(6)?);
    if sign == 0xC000 {
        return Err("NaN is not a number the board keeps".into());
    }
    let mut whole: i128 = 0;
    let mut value: f64 = 0.0;
    for i in 0..ndigits {
        let d = word(8 + 2 * i)?;
        let power = i32::from(weight) - i as i32;
        value += f64::from(d) * 10_000f64.powi(power);
        if power >= 0 {
            whole = whole * 10_000 + i128::from(d);
        }
    }
    // Trailing zero groups are not stored: scale the whole part up.
    let last = i32::from(weight) - ndigits as i32 + 1;
    for _ in 0..last.max(0) {
        whole *= 10_000;
    }
    let negative = sign == 0x4000;
    if scale == 0 || value.fract() == 0.0 {
        let whole = if negative { -whole } else { whole };
        return Ok(Value::Integer(i64::try_from(whole)?));
    }
    Ok(Value::Real(if negative { -value } else { value }))
}
