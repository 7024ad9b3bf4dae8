//! The demo board: a food-delivery app with objectives, a roadmap, a
//! backlog, six closed sprints of velocity history, an active sprint and two
//! planned ones. It lives in `assets/demo.json` as a `sprintboard/1`
//! document laid out around a `base_date`; creating it moves every date by
//! whole weeks so that today falls in the active sprint, sprints still start
//! on Mondays, and nothing is dated in the future.

use super::Error;
use crate::domain::Quarter;
use crate::domain::document::{Document, TextValue};
use crate::ops;
use crate::store::Store;
use chrono::{Duration, NaiveDate};

/// The demo board's document, as shipped.
const ASSET: &str = include_str!("../../assets/demo.json");

/// Builds the demo board on a blank board file, without history (a fresh
/// demo has nothing to undo). `today` picks where its dates land.
pub fn create(store: &mut Store, today: NaiveDate) -> Result<ops::Done, Error> {
    let mut doc = document(today)?;
    let name = doc.board.as_ref().map_or_else(String::new, |b| b.name.clone());
    let got = ops::create_board(store, &mut doc)?;
    Ok(ops::Done { message: format!("Created the demo board \"{name}\": {}", got.words()) })
}

/// The demo document with its dates moved so that `today` falls in the
/// active sprint.
pub fn document(today: NaiveDate) -> Result<Document, Error> {
    let broken = Error::DemoDamaged;
    let mut value: serde_json::Value = serde_json::from_str(ASSET).map_err(|e| broken(e.to_string()))?;
    let base = value
        .as_object_mut()
        .and_then(|o| o.remove("base_date"))
        .and_then(|v| v.as_str().map(String::from))
        .ok_or_else(|| broken("no base_date".into()))?;
    let base = NaiveDate::from_text(&base).map_err(broken)?;
    let mut doc: Document = serde_json::from_value(value).map_err(|e| broken(e.to_string()))?;
    shift(&mut doc, base, today);
    Ok(doc)
}

/// Moves every date and time by whole weeks (rounded down, so nothing lands
/// after `today`), and every target quarter by as many quarters as lie
/// between the base date's and today's.
fn shift(doc: &mut Document, base: NaiveDate, today: NaiveDate) {
    let weeks = (today - base).num_days().div_euclid(7);
    let by = Duration::weeks(weeks);
    // Epics aimed at "this quarter" in the asset aim at today's quarter.
    let quarters = quarter_index(Quarter::of(today)) - quarter_index(Quarter::of(base));
    for e in &mut doc.epics {
        e.quarter = e.quarter.map(|q| from_index(quarter_index(q) + quarters));
    }
    for s in &mut doc.sprints {
        s.start = s.start.map(|d| d + by);
        s.end = s.end.map(|d| d + by);
    }
    for s in &mut doc.stories {
        for t in [&mut s.created, &mut s.started, &mut s.done] {
            *t = t.map(|t| t + by);
        }
    }
}

fn quarter_index(q: Quarter) -> i64 {
    i64::from(q.year) * 4 + i64::from(q.q) - 1
}

fn from_index(i: i64) -> Quarter {
    Quarter { year: i.div_euclid(4) as i32, q: (i.rem_euclid(4) + 1) as u8 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_count_across_years() {
        let q = Quarter { year: 2026, q: 4 };
        assert_eq!(from_index(quarter_index(q) + 1), Quarter { year: 2027, q: 1 });
        assert_eq!(from_index(quarter_index(q) - 4), Quarter { year: 2025, q: 4 });
    }
}
