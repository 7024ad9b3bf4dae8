//! The product manager's part of the minutes: the top open risks and the
//! roadmap — epics by target quarter with progress, and their P85 finish
//! against the target (the same forecast the screens show).

use super::{Error, text};
use crate::domain::*;
use crate::ops::{self, Outlook};
use crate::store::{Reads, Store};
use std::fmt::Write as _;

/// How many open risks the minutes list: the ones a meeting talks about.
pub const TOP_RISKS: usize = 5;

/// Writes the highest open risks, by level.
pub(super) fn risks(store: &Store, md: &mut String) -> Result<(), Error> {
    let all = store.risks()?;
    let open: Vec<&Risk> = all.iter().filter(|r| r.fields.status == RiskStatus::Open).collect();
    md.push_str("## Top open risks\n\n");
    if open.is_empty() {
        md.push_str("No risk is open.\n\n");
        return Ok(());
    }
    let epics = store.epics()?;
    let epic_key = |id: Option<EpicId>| {
        id.and_then(|id| epics.iter().find(|e| e.id == id)).map_or("–".to_string(), |e| text(&e.key))
    };
    md.push_str("| Level | Risk | P × I | Epic | Owner | Response |\n|---:|---|---|---|---|---|\n");
    for r in open.iter().take(TOP_RISKS) {
        let f = &r.fields;
        let _ = writeln!(
            md,
            "| {} | {} | {} × {} | {} | {} | {} |",
            r.level(),
            text(&f.title),
            f.probability,
            f.impact,
            epic_key(f.epic),
            if f.owner.trim().is_empty() { "–".to_string() } else { text(&f.owner) },
            if f.response.trim().is_empty() { "–".to_string() } else { text(&f.response) },
        );
    }
    if open.len() > TOP_RISKS {
        let _ = writeln!(md, "\nand {} more open (see the Risks screen).", open.len() - TOP_RISKS);
    }
    md.push('\n');
    Ok(())
}

/// Writes the epics grouped by target quarter (those without one last),
/// with progress and the P85 finish against the target.
pub(super) fn roadmap(store: &Store, settings: &Settings, md: &mut String) -> Result<(), Error> {
    md.push_str("## Roadmap\n\n");
    let forecast = ops::forecast(store, settings, store.today())?;
    if forecast.epics.is_empty() {
        md.push_str("No epic is on the roadmap.\n\n");
        return Ok(());
    }
    let mut epics: Vec<&ops::EpicForecast> = forecast.epics.iter().collect();
    // Stable: within a quarter, roadmap rank order is kept.
    epics.sort_by_key(|e| (e.epic.fields.quarter.is_none(), e.epic.fields.quarter));
    md.push_str("| Target quarter | Epic | Title | Progress | P85 finish | Outlook |\n|---|---|---|---:|---|---|\n");
    for e in epics {
        let t = e.epic.tally;
        let progress = if t.points.hundredths() > 0 {
            format!("{}/{} pts ({:.0}%)", t.done, t.points, t.done.as_f64() / t.points.as_f64() * 100.0)
        } else {
            format!("{}/{} pts", t.done, t.points)
        };
        // An epic that never had a story has nothing left, but is not done.
        let empty = e.outlook == Outlook::Done && t.stories == 0;
        let p85 = match (e.outlook, e.p85_date) {
            (Outlook::Done, _) if empty => "–".to_string(),
            (Outlook::Done, _) => "done".to_string(),
            (_, Some(d)) => d.format("%-d %b %Y").to_string(),
            (_, None) => "–".to_string(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {progress} | {p85} | {} |",
            e.epic.fields.quarter.map_or("no target".to_string(), |q| q.to_string()),
            text(&e.epic.key),
            text(&e.epic.fields.title),
            if empty { "no stories yet" } else { e.outlook.words() }
        );
    }
    if forecast.velocity.average.is_none() {
        md.push_str("\nNo sprint has closed yet, so no finish can be forecast.\n");
    }
    md.push('\n');
    Ok(())
}
