//! `forecast [--json]`: the same forecast the screens show — the backlog cut
//! into future sprints at average velocity, and each epic's likely finish
//! (Monte Carlo, P50 and P85) against its target quarter.

use crate::cli::context::{Context, Failure};
use crate::cli::output::{Align, Table, terminal_width, write_json};
use serde::Serialize;
use sprintboard::domain::{Points, text};
use sprintboard::ops::{self, FutureSprint, Outlook};
use std::io::Write;

#[derive(Serialize)]
struct Finish {
    sprints: usize,
    date: String,
}

#[derive(Serialize)]
struct EpicJson {
    key: String,
    title: String,
    quarter: Option<String>,
    remaining: Points,
    unestimated: i64,
    p50: Option<Finish>,
    p85: Option<Finish>,
    outlook: Outlook,
    /// Remaining cost at P50 and P85, minor units, when sprints recorded cost.
    cost_p50: Option<i64>,
    cost_p85: Option<i64>,
}

#[derive(Serialize)]
struct ForecastJson {
    window: usize,
    average: Option<Points>,
    trials: usize,
    remaining: Points,
    unestimated: i64,
    sprints: Vec<FutureSprint>,
    epics: Vec<EpicJson>,
    /// Stories planned before (or with) a blocker that is not done.
    blocked: Vec<String>,
}

/// Prints the forecast as a table, or as JSON with `--json`.
pub fn forecast(ctx: &Context, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open()?;
    let f = ops::forecast(&store, ctx.settings(), store.today())?;
    if json {
        let epics = f
            .epics
            .iter()
            .map(|e| {
                let finish = |k: Option<usize>, d: Option<chrono::NaiveDate>| {
                    k.zip(d).map(|(sprints, date)| Finish { sprints, date: date.to_string() })
                };
                EpicJson {
                    key: e.epic.key.clone(),
                    title: e.epic.fields.title.clone(),
                    quarter: e.epic.fields.quarter.map(|q| q.to_string()),
                    remaining: e.remaining,
                    unestimated: e.unestimated,
                    p50: finish(e.finish.map(|x| x.p50), e.p50_date),
                    p85: finish(e.finish.map(|x| x.p85), e.p85_date),
                    outlook: e.outlook,
                    cost_p50: e.cost.map(|c| c.p50.0),
                    cost_p85: e.cost.map(|c| c.p85.0),
                }
            })
            .collect();
        let doc = ForecastJson {
            window: f.velocity.window,
            average: f.velocity.average,
            trials: f.trials,
            remaining: f.remaining,
            unestimated: f.unestimated,
            sprints: f.future,
            epics,
            blocked: f.blocked,
        };
        write_json(out, &doc)?;
        return Ok(());
    }
    let Some(average) = f.velocity.average else {
        writeln!(out, "No forecast yet: it needs the velocity of at least one closed sprint.")?;
        writeln!(out, "Remaining work: {} pts ({} stories unestimated).", f.remaining, f.unestimated)?;
        return blocked(&f.blocked, out);
    };
    writeln!(
        out,
        "Average velocity {average} pts; {} pts remaining ({} unestimated stories); {} trials.",
        f.remaining, f.unestimated, f.trials
    )?;
    writeln!(out)?;
    writeln!(out, "Backlog by future sprint:")?;
    let mut table = Table::new(&[
        ("SPRINT", Align::Left),
        ("ENDS", Align::Left),
        ("STORIES", Align::Right),
        ("POINTS", Align::Right),
        ("UNESTIMATED", Align::Right),
    ]);
    for s in &f.future {
        table.row(vec![
            s.name.clone(),
            s.end.to_string(),
            s.stories.to_string(),
            s.points.to_string(),
            s.unestimated.to_string(),
        ]);
    }
    table.write(out, terminal_width())?;
    writeln!(out)?;
    writeln!(out, "Epics (when their last story is done):")?;
    let mut table = Table::new(&[
        ("EPIC", Align::Left),
        ("TARGET", Align::Left),
        ("REMAINING", Align::Right),
        ("P50", Align::Left),
        ("P85", Align::Left),
        ("OUTLOOK", Align::Left),
        ("TITLE", Align::Left),
    ]);
    for e in &f.epics {
        let date = |d: Option<chrono::NaiveDate>| d.map_or("–".to_string(), |d| d.to_string());
        table.row(vec![
            e.epic.key.clone(),
            e.epic.fields.quarter.map_or("–".into(), |q| q.to_string()),
            if e.unestimated > 0 { format!("{} +{}?", e.remaining, e.unestimated) } else { e.remaining.to_string() },
            date(e.p50_date),
            date(e.p85_date),
            e.outlook.words().to_string(),
            text::fit(&e.epic.fields.title, 60),
        ]);
    }
    table.write(out, terminal_width())?;
    let currency = ops::board_currency(&store, ctx.settings())?;
    for e in f.epics.iter().filter(|e| e.finish.is_some()) {
        if let Some(c) = e.cost {
            let (p50, p85) = (c.p50.format_whole(&currency), c.p85.format_whole(&currency));
            writeln!(out, "{} remaining cost: {p50} at P50, {p85} at P85", e.epic.key)?;
        }
    }
    blocked(&f.blocked, out)
}

/// The stories planned before (or with) a blocker that is not done.
fn blocked(warnings: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    for w in warnings {
        writeln!(out, "⚠ {w}")?;
    }
    Ok(())
}
