//! Operations on the team: members and days off, each one undoable change.

use super::*;
use crate::domain::capacity;
use crate::domain::money::{Currency, Money};
use crate::store::TeamReads;
use chrono::NaiveDate;

/// The board's currency: the one its budgets are in, else the `currency`
/// setting (a board holds money in one currency only).
pub fn board_currency(r: &impl Reads, settings: &Settings) -> Result<Currency> {
    let code = match r.budgets()?.first() {
        Some(b) => b.currency.clone(),
        None => settings.currency.clone(),
    };
    Currency::of(&code).map_err(Error::Refused)
}

/// Finds a member by name, or says there is none.
pub fn find_member(r: &impl Reads, name: &str) -> Result<Member> {
    r.member_by_name(name)?.ok_or_else(|| Error::NotFound(format!("there is no team member named \"{}\"", name.trim())))
}

/// Longest stretch one day-off entry may cover: a year and a day.
const MAX_DAYS_OFF: i64 = 366;

fn check_member(f: &MemberFields) -> Result<()> {
    if f.name.trim().is_empty() {
        return refuse("a team member needs a name");
    }
    text::check_length("the member's name", &f.name).map_err(Error::Refused)?;
    text::check_length("the member's role", &f.role).map_err(Error::Refused)?;
    if !(1..=2400).contains(&f.hours) {
        return refuse(format!(
            "hours per day must be more than 0 and at most 24 (not {})",
            Points::from_hundredths(f.hours)
        ));
    }
    if !(0..=100).contains(&f.availability) {
        return refuse(format!("availability is a percentage from 0 to 100 (not {})", f.availability));
    }
    if let (Some(from), Some(to)) = (f.active_from, f.active_to)
        && to < from
    {
        return refuse(format!("the member's last day {to} is before their first day {from}"));
    }
    Ok(())
}

/// A member in words: `maya (developer, 80 %, €500.00 a day)`.
pub fn member_words(f: &MemberFields, currency: &Currency) -> String {
    let mut parts = Vec::new();
    if !f.role.is_empty() {
        parts.push(f.role.clone());
    }
    parts.push(format!("{} %", f.availability));
    if let Some(rate) = f.day_rate {
        parts.push(format!("{} a day", rate.format(currency)));
    }
    format!("{} ({})", f.name, parts.join(", "))
}

/// Adds a member to the team.
pub fn add_member(store: &mut Store, settings: &Settings, mut fields: MemberFields) -> Result<Done> {
    fields.name = fields.name.trim().to_string();
    check_member(&fields)?;
    let today = store.today();
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.member_by_name(&fields.name);
        let _ = board_currency(r, settings);
        let _ = r.members();
    })?;
    if tx.member_by_name(&fields.name)?.is_some() {
        return refuse(format!("there is already a team member named \"{}\"", fields.name));
    }
    let currency = board_currency(&tx, settings)?;
    let n = tx.members()?.len() + 1;
    tx.add_member(&fields, today)?;
    let message = format!("Added {} to the team · {n} {}", member_words(&fields, &currency), plural(n, "member"));
    tx.commit(&message)?;
    Ok(Done { message })
}

/// A member as an operation's caller saw it (a screen passes `&Member`,
/// so an edit decided on an older version is refused).
pub type MemberRef = Seen<MemberId>;

impl From<MemberId> for MemberRef {
    fn from(id: MemberId) -> MemberRef {
        Seen { id, seen: None }
    }
}

impl From<&Member> for MemberRef {
    fn from(m: &Member) -> MemberRef {
        Seen { id: m.id, seen: Some(m.version) }
    }
}

/// The member as it is inside the transaction, or a refusal when it
/// changed since the caller saw it.
fn current_member(r: &impl Reads, member: MemberRef) -> Result<Member> {
    let now = r
        .members()?
        .into_iter()
        .find(|m| m.id == member.id)
        .ok_or_else(|| Error::NotFound("that team member is no longer on the board".into()))?;
    match member.seen {
        Some(seen) if seen != now.version => {
            Err(Error::Stale(stale_words(r, &now.fields.name, store::Table::Member, now.id.0)?))
        }
        _ => Ok(now),
    }
}

/// Changes a member's fields (the CLI gives the current ones with its changes).
pub fn edit_member(
    store: &mut Store,
    settings: &Settings,
    member: impl Into<MemberRef>,
    mut fields: MemberFields,
) -> Result<Done> {
    fields.name = fields.name.trim().to_string();
    check_member(&fields)?;
    let mut tx = store.write()?;
    let id = current_member(&tx, member.into())?.id;
    if let Some(other) = tx.member_by_name(&fields.name)?
        && other.id != id
    {
        return refuse(format!("there is already a team member named \"{}\"", fields.name));
    }
    let currency = board_currency(&tx, settings)?;
    tx.update_member(id, &fields)?;
    let message = format!("Changed {}", member_words(&fields, &currency));
    tx.commit(&message)?;
    Ok(Done { message })
}

/// The closed sprints that froze numbers counting this member: closed with
/// person-days, on or after the day they were entered, with days they
/// were active.
fn sprints_counting(r: &impl Reads, m: &Member) -> Result<Vec<String>> {
    let frozen = r.frozen_team()?;
    Ok(r.sprints()?
        .into_iter()
        .filter(|s| {
            frozen.get(&s.id).is_some_and(|f| f.person_days.is_some() && f.closed_on.is_none_or(|d| d >= m.added_on))
        })
        .filter(|s| capacity::working_days(s.fields.start, s.fields.end).any(|d| m.active_on(d)))
        .map(|s| s.fields.name)
        .collect())
}

/// Removes a member who has no history, with their days off. One whose
/// days count in a closed sprint's frozen numbers is refused: ending their
/// membership keeps the past as it was and stops the plan counting them.
pub fn remove_member(store: &mut Store, member: impl Into<MemberRef>) -> Result<Done> {
    let today = store.today();
    let mut tx = store.write()?;
    let m = current_member(&tx, member.into())?;
    let counted = sprints_counting(&tx, &m)?;
    let days = tx.days_off()?.into_iter().filter(|d| d.member == Some(m.id)).count();
    if let Some(last) = counted.last() {
        let days_off = match days {
            0 => String::new(),
            n => format!(" and has {n} {}", entries(n)),
        };
        return refuse(format!(
            "{} counts in {} closed {} (last {last}){days_off}; end their membership instead with \
             `sprintboard member set \"{}\" --to {today}`, so past sprints keep their frozen numbers",
            m.fields.name,
            counted.len(),
            plural(counted.len(), "sprint"),
            m.fields.name
        ));
    }
    tx.delete_member(m.id)?;
    let mut message = format!("Removed {} from the team", m.fields.name);
    if days > 0 {
        message.push_str(&format!(" with {days} {}", entries(days)));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

fn entries(n: usize) -> &'static str {
    if n == 1 { "day off entry" } else { "day off entries" }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_string() } else { format!("{word}s") }
}

/// Who a day off is for: one member by name, or the whole team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whom {
    /// One member.
    Member(String),
    /// Everyone (a public holiday).
    Team,
}

/// Adds a day off (or days, `from`–`to`) at a fraction of each day
/// (hundredths). Days no sprint covers yet are accepted with a notice:
/// holidays are entered months ahead, before their sprints are planned.
pub fn add_day_off(
    store: &mut Store,
    whom: Whom,
    from: NaiveDate,
    to: Option<NaiveDate>,
    fraction: i64,
) -> Result<(DayOffId, Done)> {
    let to = to.unwrap_or(from);
    if to < from {
        return refuse(format!("the last day off {to} is before the first {from}"));
    }
    if (to - from).num_days() >= MAX_DAYS_OFF {
        return refuse(format!("one entry covers at most {MAX_DAYS_OFF} days; add longer leave in parts"));
    }
    if !(1..=100).contains(&fraction) {
        return refuse("the fraction of a day off is more than 0 and at most 1, like 0.5 for half days");
    }
    let mut tx = store.write()?;
    // Everything the form reads, and the number its message names, in one
    // round trip: the day off then goes with the commit.
    tx.read_ahead(|r| {
        if let Whom::Member(name) = &whom {
            let _ = r.member_by_name(name);
        }
        let _ = r.sprints();
        let _ = r.next_id(store::Table::DayOff);
    })?;
    let (member, who) = match &whom {
        Whom::Member(name) => {
            let m = find_member(&tx, name)?;
            (Some(m.id), m.fields.name)
        }
        Whom::Team => (None, "the whole team".to_string()),
    };
    let covered = tx.sprints()?.iter().any(|s| s.fields.start <= to && from <= s.fields.end);
    let id = DayOffId(tx.next_id(store::Table::DayOff)?);
    tx.insert_day_off_as(&DayOff { id, member, start: from, end: to, fraction })?;
    let days = capacity::working_days(from, to).count();
    let part =
        if fraction == 100 { String::new() } else { format!(" at {} of each day", capacity::days_words(fraction)) };
    let dates = if from == to { from.to_string() } else { format!("{from} – {to}") };
    let mut message = format!("Day off #{} for {who}: {dates} ({days} working {}){part}", id.0, plural(days, "day"));
    if !covered {
        message.push_str(" · no sprint covers these dates yet: they count once one is planned over them");
    }
    tx.commit(&message)?;
    Ok((id, Done { message }))
}

/// Removes a day off by its number (`dayoff list` shows them).
pub fn remove_day_off(store: &mut Store, id: DayOffId) -> Result<Done> {
    let mut tx = store.write()?;
    let d = tx.day_off(id)?.ok_or_else(|| Error::NotFound(format!("there is no day off #{}", id.0)))?;
    tx.delete_day_off(id)?;
    let message = format!("Removed day off #{} ({} – {})", id.0, d.start, d.end);
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Checks a day rate or amount against the board's currency (for forms).
pub fn parse_money(r: &impl Reads, settings: &Settings, typed: &str) -> Result<Money> {
    Money::parse(typed, &board_currency(r, settings)?).map_err(Error::Refused)
}
