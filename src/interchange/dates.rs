//! The dates trackers write in their exports (SPEC §5), read as local times
//! of the file: ISO 8601 with `Z`, an offset or fractions of a second,
//! Jira's `15/Feb/26 4:37 PM` (also with French, German, Spanish or
//! Portuguese month names), `2025-11-16 10:18:35`, `11/16/2025` (US order,
//! day first when the first number is over 12), and JavaScript's `Date`
//! strings (`Tue Nov 18 2025 10:00:00 GMT+0100 (Central European Standard
//! Time)`). A time with an offset is kept as the file wrote it: the board
//! has no time zones, and the day the author saw is the one that matters.
//!
//! A date that cannot be read is left out (a created date then becomes the
//! day of the import): dates are informative, and one odd cell must not
//! stop a team's import.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// The time a cell holds, if it is one of the forms above.
pub fn parse(cell: &str) -> Option<NaiveDateTime> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    // Told apart by shape first: a big export has two dates per row.
    if t.contains('/') {
        jira(t).or_else(|| slashed(t))
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        iso(t)
    } else {
        javascript(t).or_else(|| iso(t))
    }
}

fn iso(t: &str) -> Option<NaiveDateTime> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.naive_local());
    }
    // RFC 2822 as Plane writes it: `Mon, 21 Apr 2025 10:17:06 UTC+0000`.
    if let Ok(d) = DateTime::parse_from_rfc2822(&t.replace("UTC+", "+").replace("GMT+", "+")) {
        return Some(d.naive_local());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Some(d);
        }
    }
    for f in ["%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f %z"] {
        if let Ok(d) = DateTime::parse_from_str(t, f) {
            return Some(d.naive_local());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN))
}

/// Month names as Jira's locales abbreviate them (`févr.`, `Mär`, `ene`),
/// lower case, without their dots.
const MONTHS: [&[&str]; 12] = [
    &["jan", "janv", "ene", "jän"],
    &["feb", "févr", "fév", "fev", "fevr", "fevereiro"],
    &["mar", "mars", "mär", "março", "marzo"],
    &["apr", "avr", "abr"],
    &["may", "mai", "mayo", "maio"],
    &["jun", "juin", "junio", "junho"],
    &["jul", "juil", "julio", "julho"],
    &["aug", "août", "aout", "ago"],
    &["sep", "sept", "set"],
    &["oct", "okt", "out"],
    &["nov"],
    &["dec", "déc", "dez", "dic"],
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().position(|names| names.contains(&w.as_str())).map(|i| i as u32 + 1)
}

/// `15/Feb/26 4:37 PM`, `28/sept./15 9:43 AM`, `05/Mar/2024 10:15`.
fn jira(t: &str) -> Option<NaiveDateTime> {
    let (date, time) = t.split_once(' ').unwrap_or((t, ""));
    let mut parts = date.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let month = month(m)?;
    let day: u32 = d.parse().ok()?;
    let year = full_year(y)?;
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_time(clock(time)?))
}

fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(if y.len() <= 2 { 2000 + n } else { n })
}

/// `4:37 PM`, `16:49`, `10:18:35`, or nothing (midnight).
fn clock(t: &str) -> Option<NaiveTime> {
    let t = t.trim();
    if t.is_empty() {
        return Some(NaiveTime::MIN);
    }
    let upper = t.to_uppercase();
    ["%I:%M %p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S"].iter().find_map(|f| NaiveTime::parse_from_str(&upper, f).ok())
}

/// `11/16/2025`, `9/8/2021 9:05`: month first, as US exports write it,
/// unless the first number cannot be a month.
fn slashed(t: &str) -> Option<NaiveDateTime> {
    let (date, time) = t.split_once(' ').unwrap_or((t, ""));
    let nums: Vec<u32> = date.split('/').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [a, b, y] = nums[..] else { return None };
    let year = full_year(&y.to_string())?;
    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
    Some(NaiveDate::from_ymd_opt(year, m, d)?.and_time(clock(time)?))
}

/// `Tue Nov 18 2025 10:00:00 GMT+0100 (Central European Standard Time)`.
fn javascript(t: &str) -> Option<NaiveDateTime> {
    let t = t.split(" (").next()?.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let [_, m, d, y, time, ..] = words[..] else { return None };
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, month(m)?, d.parse().ok()?)?;
    Some(date.and_time(NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::document::TextValue;

    fn text(cell: &str) -> String {
        parse(cell).map(|t| t.to_text()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn every_form_the_spec_names() {
        assert_eq!(text("2025-11-16T10:18:35Z"), "2025-11-16T10:18:35");
        assert_eq!(text("2014-10-11T04:38:57.88Z"), "2014-10-11T04:38:57");
        assert_eq!(text("2025-11-16T10:18:35+02:00"), "2025-11-16T10:18:35");
        assert_eq!(text("2025-11-16 10:18:35"), "2025-11-16T10:18:35");
        assert_eq!(text("2025-11-16"), "2025-11-16T00:00:00");
        assert_eq!(text("15/Feb/26 4:37 PM"), "2026-02-15T16:37:00");
        assert_eq!(text("28/sept./15 9:43 AM"), "2015-09-28T09:43:00");
        assert_eq!(text("13/janv./16 11:11 AM"), "2016-01-13T11:11:00");
        assert_eq!(text("11/16/2025"), "2025-11-16T00:00:00");
        assert_eq!(text("9/8/2021 16:49"), "2021-09-08T16:49:00");
        assert_eq!(text("16/11/2025"), "2025-11-16T00:00:00");
        assert_eq!(text("Tue Nov 18 2025 10:00:00 GMT+0100 (Central European Standard Time)"), "2025-11-18T10:00:00");
        assert_eq!(text("Mon, 21 Apr 2025 10:17:06 UTC+0000"), "2025-04-21T10:17:06");
        assert_eq!(text("yesterday"), "none");
        assert_eq!(text("31/Feb/26 4:37 PM"), "none");
        assert_eq!(text(""), "none");
    }
}
