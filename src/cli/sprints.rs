//! `sprint new|start|close|list` and `velocity`.

use super::context::{Context, Failure, parse_date, parse_optional_points, parse_points, parse_word};
use super::output::{Align, Table, terminal_width, write_json};
use super::{SprintEditArgs, SprintNewArgs};
use serde::Serialize;
use sprintboard::domain::{Points, Unfinished};
use sprintboard::ops;
use sprintboard::store::Reads;
use std::io::Write;

/// `sprint new`: plans a sprint; unset dates follow the last sprint.
pub fn new(ctx: &Context, a: SprintNewArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let draft = ops::SprintDraft {
        name: Some(a.name),
        goal: a.goal.unwrap_or_default(),
        start: a.start.as_deref().map(|d| parse_date("start", d)).transpose()?,
        end: a.end.as_deref().map(|d| parse_date("end", d)).transpose()?,
        capacity: a.capacity.as_deref().map(parse_points).transpose()?,
    };
    let mut store = ctx.open()?;
    let (_, done) = ops::new_sprint(&mut store, ctx.settings(), draft)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `sprint start`: on its planned dates, or the ones given (a start alone
/// keeps the sprint's length).
pub fn start(
    ctx: &Context,
    name: &str,
    start: Option<&str>,
    end: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let start = start.map(|d| parse_date("start", d)).transpose()?;
    let end = end.map(|d| parse_date("end", d)).transpose()?;
    let mut store = ctx.open()?;
    let sprint = ops::find_sprint(&store, name)?;
    let (planned_start, planned_end) = (sprint.fields.start, sprint.fields.end);
    let dates = match (start, end) {
        (None, None) => None,
        (Some(s), None) => Some((s, s + (planned_end - planned_start))),
        (None, Some(e)) => Some((planned_start, e)),
        (Some(s), Some(e)) => Some((s, e)),
    };
    let done = ops::start_sprint_on(&mut store, ctx.settings(), sprint.id, dates)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `sprint edit`: only the fields named change.
pub fn edit(ctx: &Context, a: SprintEditArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let start = a.start.as_deref().map(|d| parse_date("start", d)).transpose()?;
    let end = a.end.as_deref().map(|d| parse_date("end", d)).transpose()?;
    let capacity = a.capacity.as_deref().map(parse_optional_points).transpose()?;
    let mut store = ctx.open()?;
    let sprint = ops::find_sprint(&store, &a.sprint)?;
    let mut fields = sprint.fields.clone();
    if let Some(name) = a.name {
        fields.name = name;
    }
    if let Some(goal) = a.goal {
        fields.goal = goal;
    }
    fields.start = start.unwrap_or(fields.start);
    fields.end = end.unwrap_or(fields.end);
    if let Some(c) = capacity {
        fields.capacity = c;
    }
    let done = ops::edit_sprint(&mut store, sprint.id, fields)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `sprint delete`: a planned sprint; its stories go to the top of the backlog.
pub fn delete(ctx: &Context, name: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let sprint = ops::find_sprint(&store, name)?;
    let done = ops::delete_sprint(&mut store, sprint.id)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `sprint close`.
pub fn close(ctx: &Context, name: &str, unfinished: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let unfinished: Unfinished = parse_word(unfinished)?;
    let mut store = ctx.open()?;
    let sprint = ops::find_sprint(&store, name)?;
    let done = ops::close_sprint(&mut store, ctx.settings(), sprint.id, unfinished)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `sprint list`: name, state, dates, points against capacity, goal.
pub fn list(ctx: &Context, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open()?;
    let sprints = store.sprints()?;
    if json {
        let records: std::collections::HashMap<_, _> =
            store.velocity_records()?.into_iter().map(|r| (r.sprint.id, r.record)).collect();
        // With a team: each sprint's person-days, suggestion and cost.
        let plans: std::collections::HashMap<_, _> =
            ops::sprint_plans(&store, ctx.settings())?.into_iter().map(|p| (p.sprint, p)).collect();
        let doc: Vec<SprintJson> = sprints
            .into_iter()
            .map(|s| SprintJson {
                team: plans.get(&s.id).map(|p| SprintTeamJson {
                    person_days: Points::from_hundredths(p.team.person_days),
                    suggested_capacity: p.suggested,
                    cost: p.cost.0,
                }),
                completed: records.get(&s.id).map(|r| r.completed),
                name: s.fields.name,
                state: s.fields.state.to_string(),
                start: s.fields.start.to_string(),
                end: s.fields.end.to_string(),
                goal: s.fields.goal,
                capacity: s.fields.capacity,
                committed: s.fields.committed,
            })
            .collect();
        write_json(out, &doc)?;
        return Ok(());
    }
    if sprints.is_empty() {
        writeln!(out, "No sprints yet: plan one with `sprintboard sprint new NAME`.")?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("NAME", Align::Left),
        ("STATE", Align::Left),
        ("START", Align::Left),
        ("END", Align::Left),
        ("POINTS", Align::Right),
        ("GOAL", Align::Left),
    ]);
    for s in sprints {
        let points = match s.fields.capacity {
            Some(c) => format!("{}/{}", s.tally.points, c),
            None => s.tally.points.to_string(),
        };
        table.row(vec![
            s.fields.name,
            s.fields.state.to_string(),
            s.fields.start.to_string(),
            s.fields.end.to_string(),
            points,
            s.fields.goal,
        ]);
    }
    table.write(out, terminal_width())?;
    Ok(())
}

/// One sprint in `sprint list --json`: a stable format (SPEC §5).
#[derive(Serialize)]
struct SprintJson {
    name: String,
    state: String,
    start: String,
    end: String,
    goal: String,
    capacity: Option<Points>,
    committed: Option<Points>,
    completed: Option<Points>,
    #[serde(flatten)]
    team: Option<SprintTeamJson>,
}

/// What `sprint list --json` adds when the board has members.
#[derive(Serialize)]
struct SprintTeamJson {
    /// Available person-days (a number like points: 38 or 30.5).
    person_days: Points,
    suggested_capacity: Option<Points>,
    /// Labour + expenses, in minor units of the board's currency.
    cost: i64,
}

/// `velocity --json`: a stable format (SPEC §5).
#[derive(Serialize)]
struct VelocityJson {
    window: usize,
    average: Option<Points>,
    sprints: Vec<SprintVelocityJson>,
}

/// One closed sprint in `velocity --json`.
#[derive(Serialize)]
struct SprintVelocityJson {
    name: String,
    committed: Points,
    completed: Points,
    added: Points,
    removed: Points,
    carried: Points,
}

/// `velocity`: each closed sprint's committed, completed, added, removed and
/// carried points with its say/do, and the average over the configured window.
pub fn velocity(ctx: &Context, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open()?;
    let v = ops::velocity(&store, ctx.settings())?;
    if json {
        let doc = VelocityJson {
            window: v.window,
            average: v.average,
            sprints: v
                .sprints
                .into_iter()
                .map(|(name, r)| SprintVelocityJson {
                    name,
                    committed: r.committed,
                    completed: r.completed,
                    added: r.added,
                    removed: r.removed,
                    carried: r.carried_over,
                })
                .collect(),
        };
        write_json(out, &doc)?;
        return Ok(());
    }
    let Some(average) = v.average else {
        writeln!(out, "No closed sprints yet: velocity is recorded when a sprint closes.")?;
        return Ok(());
    };
    // The average names the sprints it is over, so a reader can check it.
    let counted = &v.sprints[v.sprints.len() - v.sprints.len().min(v.window.max(1))..];
    let over = match counted {
        [only] => format!("the last closed sprint, {}", only.0),
        [first, .., last] => format!("the last {} closed sprints, {} – {}", counted.len(), first.0, last.0),
        [] => "no closed sprint".to_string(),
    };
    writeln!(out, "Average velocity: {average} pts ({over})")?;
    let mut table = Table::new(&[
        ("SPRINT", Align::Left),
        ("COMMITTED", Align::Right),
        ("COMPLETED", Align::Right),
        ("ADDED", Align::Right),
        ("REMOVED", Align::Right),
        ("CARRIED", Align::Right),
        ("SAY/DO", Align::Right),
    ]);
    for (name, r) in v.sprints {
        let say_do =
            sprintboard::domain::velocity::say_do(&r).map_or("–".to_string(), |x| format!("{:.0}%", x * 100.0));
        table.row(vec![
            name,
            r.committed.to_string(),
            r.completed.to_string(),
            r.added.to_string(),
            r.removed.to_string(),
            r.carried_over.to_string(),
            say_do,
        ]);
    }
    table.write(out, terminal_width())?;
    Ok(())
}
