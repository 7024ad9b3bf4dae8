//! `member`, `dayoff`, `block` and `unblock` (SPEC §4).

use super::context::{Context, Failure, parse_date, said};
use super::output::{Align, Table, terminal_width, write_json};
use clap::{Args, Subcommand};
use serde::Serialize;
use sprintboard::domain::capacity::{days_words, working_days};
use sprintboard::domain::money::{Currency, Money};
use sprintboard::domain::{DayOffId, MemberFields};
use sprintboard::ops;
use sprintboard::store::TeamReads;
use std::io::Write;

/// `member …`.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member to the team
    Add(MemberArgs),
    /// Change a member's role, hours, availability, day rate or dates
    Set(MemberSetArgs),
    /// List the team
    List(super::JsonFlag),
    /// Remove a member who has no history (else end their membership with `member set NAME --to DATE`)
    Remove {
        /// The member's name
        name: String,
    },
}

/// `member add`.
#[derive(Debug, Args)]
pub struct MemberArgs {
    /// The member's name
    pub name: String,
    #[command(flatten)]
    pub fields: MemberFlags,
}

/// The fields `member add` and `member set` share.
#[derive(Debug, Args)]
pub struct MemberFlags {
    /// Role, e.g. developer
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Hours in a working day [default: 8]
    #[arg(long, value_name = "H", allow_negative_numbers = true)]
    pub hours: Option<String>,
    /// Percent of a working day given to this board [default: 100]
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub availability: Option<String>,
    /// What one working day costs, in the board's currency (`none` to clear)
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub day_rate: Option<String>,
    /// First day on the team, YYYY-MM-DD (`none` to clear)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day on the team, YYYY-MM-DD (`none` to clear)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

/// `member set`.
#[derive(Debug, Args)]
pub struct MemberSetArgs {
    /// The member's name
    pub member: String,
    /// New name
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: MemberFlags,
}

/// `dayoff …`.
#[derive(Debug, Subcommand)]
pub enum DayOffCommand {
    /// Add days off for a member (NAME FROM [TO]) or the whole team (--team FROM [TO])
    Add(DayOffArgs),
    /// List the days off, with their numbers
    List(super::JsonFlag),
    /// Remove a day off by its number
    Remove {
        /// Its number, as `dayoff list` shows it
        id: String,
    },
}

/// `dayoff add`.
#[derive(Debug, Args)]
pub struct DayOffArgs {
    /// The whole team (a public holiday) instead of one member
    #[arg(long)]
    pub team: bool,
    /// NAME FROM [TO], or FROM [TO] with --team; dates YYYY-MM-DD
    #[arg(required = true, num_args = 1..=3, value_name = "NAME FROM TO")]
    pub args: Vec<String>,
    /// Fraction of each day taken, more than 0 and at most 1 [default: 1]
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub fraction: Option<String>,
}

/// `block` / `unblock`.
#[derive(Debug, Args)]
pub struct BlockArgs {
    /// The story that waits
    pub key: String,
    /// The story it waits on
    #[arg(long, value_name = "KEY")]
    pub by: String,
}

/// A number typed with an optional `%`, within a range.
fn percent(text: &str) -> Result<i64, Failure> {
    let t = text.trim().trim_end_matches('%').trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok(v.round() as i64),
        Ok(_) => said(format!("availability is a percentage from 0 to 100 (not {})", text.trim())),
        Err(_) => said(format!("availability \"{}\" is not a percentage like 80", text.trim())),
    }
}

/// Hours in a working day, as hundredths.
fn hours(text: &str) -> Result<i64, Failure> {
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 24.0 => Ok((v * 100.0).round() as i64),
        _ => said(format!("hours per day must be a number more than 0 and at most 24 (not \"{}\")", text.trim())),
    }
}

/// A date or `none`.
fn optional_date(what: &str, text: &str) -> Result<Option<chrono::NaiveDate>, Failure> {
    if text.trim().eq_ignore_ascii_case("none") { Ok(None) } else { parse_date(what, text).map(Some) }
}

/// Applies the flags to a member's fields.
fn apply(f: &mut MemberFields, flags: MemberFlags, currency: &Currency) -> Result<(), Failure> {
    if let Some(r) = flags.role {
        f.role = r.trim().to_string();
    }
    if let Some(h) = flags.hours {
        f.hours = hours(&h)?;
    }
    if let Some(a) = flags.availability {
        f.availability = percent(&a)?;
    }
    if let Some(rate) = flags.day_rate {
        f.day_rate = if rate.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(Money::parse(&rate, currency).map_err(|why| Failure::Said(format!("day rate: {why}")))?)
        };
    }
    if let Some(d) = flags.from {
        f.active_from = optional_date("first", &d)?;
    }
    if let Some(d) = flags.to {
        f.active_to = optional_date("last", &d)?;
    }
    Ok(())
}

/// One member in `member list --json`: a stable format.
#[derive(Serialize)]
struct MemberJson {
    name: String,
    role: String,
    hours: f64,
    availability: i64,
    /// Minor units of `currency`.
    day_rate: Option<i64>,
    currency: String,
    active_from: Option<String>,
    active_to: Option<String>,
}

/// `member …`.
pub fn member(ctx: &Context, command: MemberCommand, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let currency = ops::board_currency(&store, ctx.settings())?;
    let done = match command {
        MemberCommand::Add(a) => {
            let mut f = MemberFields { name: a.name, ..MemberFields::default() };
            apply(&mut f, a.fields, &currency)?;
            ops::add_member(&mut store, ctx.settings(), f)?
        }
        MemberCommand::Set(a) => {
            let m = ops::find_member(&store, &a.member)?;
            let mut f = m.fields.clone();
            if let Some(n) = a.name {
                f.name = n;
            }
            apply(&mut f, a.fields, &currency)?;
            ops::edit_member(&mut store, ctx.settings(), m.id, f)?
        }
        MemberCommand::Remove { name } => {
            let m = ops::find_member(&store, &name)?;
            ops::remove_member(&mut store, m.id)?
        }
        MemberCommand::List(flag) => return list_members(&store, &currency, flag.json, out),
    };
    writeln!(out, "{}", done.message)?;
    Ok(())
}

fn list_members(
    store: &sprintboard::store::Store,
    currency: &Currency,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let members = store.members()?;
    if json {
        let doc: Vec<MemberJson> = members
            .into_iter()
            .map(|m| MemberJson {
                name: m.fields.name,
                role: m.fields.role,
                hours: m.fields.hours as f64 / 100.0,
                availability: m.fields.availability,
                day_rate: m.fields.day_rate.map(|r| r.0),
                currency: currency.code.clone(),
                active_from: m.fields.active_from.map(|d| d.to_string()),
                active_to: m.fields.active_to.map(|d| d.to_string()),
            })
            .collect();
        write_json(out, &doc)?;
        return Ok(());
    }
    if members.is_empty() {
        writeln!(out, "No team yet: add members with `sprintboard member add NAME --day-rate AMOUNT`.")?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("NAME", Align::Left),
        ("ROLE", Align::Left),
        ("HOURS", Align::Right),
        ("AVAILABLE", Align::Right),
        ("DAY RATE", Align::Right),
        ("ACTIVE", Align::Left),
    ]);
    for m in members {
        let f = m.fields;
        let active = match (f.active_from, f.active_to) {
            (None, None) => "always".to_string(),
            (from, to) => format!(
                "{} – {}",
                from.map_or("…".to_string(), |d| d.to_string()),
                to.map_or("…".to_string(), |d| d.to_string())
            ),
        };
        table.row(vec![
            f.name,
            f.role,
            days_words(f.hours),
            format!("{} %", f.availability),
            f.day_rate.map_or("–".to_string(), |r| r.format(currency)),
            active,
        ]);
    }
    table.write(out, terminal_width())?;
    Ok(())
}

/// One entry in `dayoff list --json`: a stable format.
#[derive(Serialize)]
struct DayOffJson {
    id: i64,
    /// The member's name; null for the whole team.
    member: Option<String>,
    from: String,
    to: String,
    fraction: f64,
    working_days: usize,
}

/// A fraction of a day, as hundredths.
fn fraction(text: &str) -> Result<i64, Failure> {
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 1.0 => Ok(((v * 100.0).round() as i64).max(1)),
        _ => said(format!(
            "the fraction of a day off is more than 0 and at most 1, like 0.5 for half days (not \"{}\")",
            text.trim()
        )),
    }
}

/// `dayoff …`.
pub fn day_off(ctx: &Context, command: DayOffCommand, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        DayOffCommand::Add(a) => {
            let fraction = a.fraction.as_deref().map(fraction).transpose()?.unwrap_or(100);
            let (whom, dates) = if a.team {
                (ops::Whom::Team, &a.args[..])
            } else {
                match a.args.split_first() {
                    Some((name, dates)) if !dates.is_empty() => (ops::Whom::Member(name.clone()), dates),
                    _ => {
                        return said(
                            "name the member and the first day off, like `dayoff add maya 2026-12-24`, or use --team",
                        );
                    }
                }
            };
            if dates.len() > 2 {
                return said("give a first day and at most a last day after the name (or after --team)");
            }
            let from = parse_date("first", &dates[0])?;
            let to = dates.get(1).map(|d| parse_date("last", d)).transpose()?;
            let mut store = ctx.open()?;
            let (_, done) = ops::add_day_off(&mut store, whom, from, to, fraction)?;
            writeln!(out, "{}", done.message)?;
        }
        DayOffCommand::Remove { id } => {
            let n: i64 =
                id.trim().trim_start_matches('#').parse().or_else(|_| {
                    said(format!("\"{}\" is not a day off number; `dayoff list` shows them", id.trim()))
                })?;
            let mut store = ctx.open()?;
            let done = ops::remove_day_off(&mut store, DayOffId(n))?;
            writeln!(out, "{}", done.message)?;
        }
        DayOffCommand::List(flag) => {
            let store = ctx.open()?;
            let names: std::collections::HashMap<_, _> =
                store.members()?.into_iter().map(|m| (m.id, m.fields.name)).collect();
            let days = store.days_off()?;
            let who = |m: Option<sprintboard::domain::MemberId>| m.and_then(|id| names.get(&id).cloned());
            if flag.json {
                let doc: Vec<DayOffJson> = days
                    .iter()
                    .map(|d| DayOffJson {
                        id: d.id.0,
                        member: who(d.member),
                        from: d.start.to_string(),
                        to: d.end.to_string(),
                        fraction: d.fraction as f64 / 100.0,
                        working_days: working_days(d.start, d.end).count(),
                    })
                    .collect();
                write_json(out, &doc)?;
                return Ok(());
            }
            if days.is_empty() {
                writeln!(out, "No days off yet: add them with `sprintboard dayoff add NAME FROM [TO]`.")?;
                return Ok(());
            }
            let mut table = Table::new(&[
                ("#", Align::Right),
                ("WHO", Align::Left),
                ("FROM", Align::Left),
                ("TO", Align::Left),
                ("DAYS", Align::Right),
                ("FRACTION", Align::Right),
            ]);
            for d in days {
                table.row(vec![
                    d.id.0.to_string(),
                    who(d.member).unwrap_or_else(|| "whole team".to_string()),
                    d.start.to_string(),
                    d.end.to_string(),
                    working_days(d.start, d.end).count().to_string(),
                    days_words(d.fraction),
                ]);
            }
            table.write(out, terminal_width())?;
        }
    }
    Ok(())
}

/// `block KEY --by KEY` (or `unblock`).
pub fn block(ctx: &Context, a: BlockArgs, unblock: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let done = if unblock { ops::unblock(&mut store, &a.key, &a.by)? } else { ops::block(&mut store, &a.key, &a.by)? };
    writeln!(out, "{}", done.message)?;
    Ok(())
}
