//! Operations on sprints: plan, edit, start, close (recording velocity), delete.

use super::*;
use crate::store::SprintFields;
use chrono::{Duration, NaiveDate};

/// What the user gives for a new sprint; every field has a sensible default.
#[derive(Clone, Debug, Default)]
pub struct SprintDraft {
    /// Name; default `Sprint N`.
    pub name: Option<String>,
    /// Goal.
    pub goal: String,
    /// First day; default the day after the last sprint ends (or today).
    pub start: Option<NaiveDate>,
    /// Last day; default start + sprint length − 1.
    pub end: Option<NaiveDate>,
    /// Capacity in points.
    pub capacity: Option<Points>,
}

/// The defaults a new sprint form shows: next number and name, dates after
/// the last sprint, capacity suggested from average velocity.
pub fn sprint_defaults(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<SprintFields> {
    Ok(defaults(r, settings, today)?.0)
}

/// The defaults, and the team's suggestion for their dates if any.
fn defaults(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<(SprintFields, Option<Points>)> {
    let sprints = r.sprints()?;
    let number = sprints.iter().map(|s| s.fields.number).max().unwrap_or(0) + 1;
    // "Sprint N" may have been taken by a sprint named by hand.
    let mut n = number;
    while sprints.iter().any(|s| s.fields.name.eq_ignore_ascii_case(&format!("Sprint {n}"))) {
        n += 1;
    }
    let start = sprints.iter().map(|s| s.fields.end).max().map_or(today, |d| add_days(d, 1));
    let end = add_days(start, settings.sprint_days.max(1) - 1);
    // With a team: velocity scaled by the person-days of these dates.
    let suggestion = suggested_capacity_over(r, settings, start, end)?;
    let avg = match suggestion {
        Some(p) => Some(p),
        None => average_velocity(r, settings)?,
    };
    let fields = SprintFields {
        number,
        name: format!("Sprint {n}"),
        goal: String::new(),
        start,
        end,
        capacity: avg,
        state: SprintState::Planned,
        committed: None,
    };
    Ok((fields, suggestion))
}

/// A date some days on, staying at the last date there is rather than
/// overflowing (dates are bounded by [`check_sprint`] anyway).
fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(days)).unwrap_or(NaiveDate::MAX)
}

/// Sprint dates must fall in these years: far beyond any real plan, and far
/// enough from chrono's limits that date arithmetic never overflows.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9000;

/// Checks a sprint's fields; returns a warning for overlapping dates.
fn check_sprint(r: &impl Reads, row: &SprintFields, except: Option<SprintId>) -> Result<Option<String>> {
    let name = row.name.trim();
    if name.is_empty() {
        return refuse("a sprint needs a name");
    }
    text::check_length("the sprint name", name).map_err(Error::Refused)?;
    text::check_length("the sprint goal", &row.goal).map_err(Error::Refused)?;
    if row.end < row.start {
        return refuse(format!("the end date {} is before the start date {}", row.end, row.start));
    }
    use chrono::Datelike;
    if !YEARS.contains(&row.start.year()) || !YEARS.contains(&row.end.year()) {
        return refuse(format!("sprint dates must be between {} and {}", YEARS.start(), YEARS.end()));
    }
    let others: Vec<Sprint> = r.sprints()?.into_iter().filter(|s| Some(s.id) != except).collect();
    if others.iter().any(|s| s.fields.name.eq_ignore_ascii_case(name)) {
        return refuse(format!("there is already a sprint named \"{name}\""));
    }
    Ok(others
        .iter()
        .find(|s| s.fields.start <= row.end && row.start <= s.fields.end)
        .map(|s| format!("dates overlap {} ({} – {})", s.fields.name, s.fields.start, s.fields.end)))
}

/// Plans a new sprint; returns its id and what happened (with a warning
/// when its dates overlap another sprint's).
pub fn new_sprint(store: &mut Store, settings: &Settings, draft: SprintDraft) -> Result<(SprintId, Done)> {
    let today = store.today();
    let mut tx = store.write()?;
    // What the defaults read (the sprints, the team, the velocity), at once.
    tx.read_ahead(|r| drop(defaults(r, settings, today)))?;
    let (mut row, suggestion) = defaults(&tx, settings, today)?;
    let default_dates = (row.start, row.end);
    if let Some(n) = draft.name {
        row.name = n.trim().to_string();
    }
    if let Some(s) = draft.start {
        row.start = s;
        if draft.end.is_none() {
            row.end = add_days(s, settings.sprint_days.max(1) - 1);
        }
    }
    if let Some(e) = draft.end {
        row.end = e;
    }
    row.goal = draft.goal;
    // Without --capacity, a board with a team gets the suggestion for the
    // sprint's own dates (its days off); a board without one, none.
    row.capacity = match draft.capacity {
        Some(c) => Some(c),
        None if (row.start, row.end) == default_dates => suggestion,
        None => suggested_capacity_over(&tx, settings, row.start, row.end)?,
    };
    let warning = check_sprint(&tx, &row, None)?;
    // Its id, which the caller selects, is read with the commit.
    tx.add_sprint(&row)?;
    tx.read_after_commit(|r| drop(r.sprint_by_name(&row.name)));
    let mut message = format!("Planned {} ({} – {})", row.name, row.start.format("%b %-d"), row.end.format("%b %-d"));
    if let Some(c) = row.capacity {
        message.push_str(&format!(", capacity {c} pts"));
    }
    if let Some(w) = warning {
        message.push_str(&format!(" · warning: {w}"));
    }
    tx.commit(&message)?;
    let gone = || Error::NotFound(format!("{} was planned, then deleted by someone else", row.name));
    let id = store.sprint_by_name(&row.name)?.ok_or_else(gone)?.id;
    Ok((id, Done { message }))
}

/// Edits a sprint's name, goal, dates and capacity.
pub fn edit_sprint(store: &mut Store, id: SprintId, row: SprintFields) -> Result<Done> {
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.sprint(id);
        let _ = r.sprints();
        let _ = r.image(crate::store::Table::Sprint, id.0);
    })?;
    let old = sprint_by_id(&tx, id)?;
    let row =
        SprintFields { number: old.fields.number, state: old.fields.state, committed: old.fields.committed, ..row };
    let warning = check_sprint(&tx, &row, Some(id))?;
    tx.update_sprint(id, &row)?;
    let mut message = format!("Edited {}", row.name);
    if let Some(w) = warning {
        message.push_str(&format!(" · warning: {w}"));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// What starting a sprint would commit, for the confirmation dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct StartPreview {
    /// The sprint.
    pub sprint: Sprint,
    /// Points committed (unestimated stories count as nothing).
    pub committed: Points,
    /// Average velocity, if any sprint has closed.
    pub average: Option<Points>,
    /// With a team, why its suggested capacity is what it is: "3 of 5 away
    /// for up to 4 days: 31 person-days of 50 → about 12 pts".
    pub capacity_reason: Option<String>,
    /// Its stories planned with (or before) a blocker that is not done.
    pub blocked: Vec<String>,
}

/// Checks that a sprint can start and says what it would commit.
pub fn start_preview(r: &impl Reads, settings: &Settings, id: SprintId) -> Result<StartPreview> {
    let sprint = sprint_by_id(r, id)?;
    match sprint.fields.state {
        SprintState::Active => return refuse(format!("{} is already active", sprint.fields.name)),
        SprintState::Closed => {
            return refuse(format!("{} is closed; plan a new sprint to start instead", sprint.fields.name));
        }
        SprintState::Planned => {}
    }
    if let Some(active) = r.active_sprint()? {
        return refuse(format!(
            "{} is still active; close it before starting {}",
            active.fields.name, sprint.fields.name
        ));
    }
    Ok(StartPreview {
        committed: sprint.tally.points,
        average: average_velocity(r, settings)?,
        capacity_reason: sprint_plan(r, settings, id)?.map(|p| p.reason),
        blocked: sprint_dependency_warnings(r, id)?,
        sprint,
    })
}

/// Starts a planned sprint: snapshots its stories and committed points.
pub fn start_sprint(store: &mut Store, settings: &Settings, id: SprintId) -> Result<Done> {
    start_sprint_on(store, settings, id, None)
}

/// Starts a planned sprint on the dates given (first and last day), or its
/// planned dates: one change, so one undo takes both back.
pub fn start_sprint_on(
    store: &mut Store,
    settings: &Settings,
    id: SprintId,
    dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Result<Done> {
    let mut tx = store.write()?;
    // What a start reads, at once (each on its own: while only named, a
    // read answers nothing, and the preview would stop at the first).
    tx.read_ahead(|r| {
        let _ = r.sprint(id);
        let _ = r.active_sprint();
        let _ = average_velocity(r, settings);
        let _ = sprint_plan(r, settings, id);
        let _ = sprint_dependency_warnings(r, id);
        let _ = r.stories_in(Place::Sprint(id));
        let _ = r.image(crate::store::Table::Sprint, id.0);
    })?;
    let mut preview = start_preview(&tx, settings, id)?;
    if let Some((start, end)) = dates {
        if end < start {
            return refuse(format!("the sprint would end ({end}) before it starts ({start})"));
        }
        preview.sprint.fields.start = start;
        preview.sprint.fields.end = end;
    }
    let stories = tx.stories_in(Place::Sprint(id))?;
    let row = SprintFields {
        state: SprintState::Active,
        committed: Some(preview.committed),
        ..preview.sprint.fields.clone()
    };
    // The sprint first, while its image read ahead is still at hand.
    tx.update_sprint(id, &row)?;
    for s in &stories {
        tx.insert_commitment(id, s.id, s.fields.points.unwrap_or_default())?;
    }
    let mut message = format!("Started {}: {} stories, {} pts committed", row.name, stories.len(), preview.committed);
    if let Some(c) = row.capacity {
        message.push_str(&format!(" of {c} capacity"));
    }
    if let Some(v) = preview.average {
        message.push_str(&format!(" (velocity {v})"));
    }
    let unestimated = stories.iter().filter(|s| s.fields.points.is_none()).count();
    if unestimated > 0 {
        message.push_str(&format!(" · {unestimated} unestimated"));
    }
    for warning in &preview.blocked {
        message.push_str(&format!(" · ⚠ {warning}"));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// What closing the active sprint would record, for the close dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosePreview {
    /// The sprint.
    pub sprint: Sprint,
    /// The velocity record it would write.
    pub record: VelocityRecord,
    /// Its unfinished stories, in rank order (as cards: what the dialog
    /// lists, without reading whole descriptions).
    pub unfinished: Vec<Card>,
}

/// Checks that a sprint can close and computes its record.
pub fn close_preview(r: &impl Reads, id: SprintId) -> Result<ClosePreview> {
    let sprint = sprint_by_id(r, id)?;
    if sprint.fields.state != SprintState::Active {
        return refuse(format!(
            "{} is not active ({}); only the active sprint can be closed",
            sprint.fields.name, sprint.fields.state
        ));
    }
    let committed = r.commitment(id)?;
    let stories = r.cards_in(Place::Sprint(id))?;
    let closing: Vec<velocity::ClosingStory> = stories
        .iter()
        .map(|s| velocity::ClosingStory {
            id: s.id,
            points: s.points.unwrap_or_default(),
            done: s.status == Status::Done,
        })
        .collect();
    let record = velocity::close_record(&committed, &closing);
    let unfinished = stories.into_iter().filter(|s| s.status != Status::Done).collect();
    Ok(ClosePreview { sprint, record, unfinished })
}

/// Closes the active sprint: writes its velocity record and sends its
/// unfinished stories where the user chose, keeping their order.
pub fn close_sprint(store: &mut Store, settings: &Settings, id: SprintId, unfinished: Unfinished) -> Result<Done> {
    let today = store.today();
    let mut tx = store.write()?;
    // What a close reads, at once: the sprint, its commitment and cards,
    // the team (whose cost it freezes), the backlog's top, the sprints and
    // their velocity. All of it is read before anything is written, so
    // that on a server the close is one round trip of reads and one of
    // writes.
    tx.read_ahead(|r| {
        let _ = r.sprint(id);
        let _ = r.commitment(id);
        let _ = r.cards_in(Place::Sprint(id));
        let _ = super::capacity::TeamData::read(r);
        let _ = r.rank_bounds(Place::Backlog);
        let _ = r.image(crate::store::Table::Sprint, id.0);
        let _ = r.sprints();
        let _ = r.velocity_records();
        if unfinished == Unfinished::Next {
            let _ = r.top_of_first_planned();
        }
    })?;
    let preview = close_preview(&tx, id)?;
    let team = super::capacity::team_at_close(&tx, &preview.sprint)?;
    let average = average_after_close(&tx, settings, &preview)?;
    let next = match unfinished {
        _ if preview.unfinished.is_empty() => None,
        Unfinished::Next => tx.sprints()?.into_iter().find(|s| s.fields.state == SprintState::Planned),
        _ => None,
    };
    let to_next = next.is_some();
    let next_top = if to_next { tx.top_of_first_planned()? } else { None };
    tx.insert_velocity_frozen(id, &preview.record, team)?;
    tx.update_sprint(id, &SprintFields { state: SprintState::Closed, ..preview.sprint.fields.clone() })?;
    let target = match unfinished {
        _ if preview.unfinished.is_empty() => None,
        Unfinished::Backlog => Some((Place::Backlog, "Backlog top".to_string())),
        Unfinished::Next if next.is_some() => next.map(|s| (Place::Sprint(s.id), s.fields.name)),
        Unfinished::Next | Unfinished::New => {
            // The new sprint's defaults read what the close wrote (its
            // velocity): on a server they go with the close's writes, and
            // its number is read with them, so its insert needs no answer.
            tx.read_ahead(|r| {
                let _ = sprint_defaults(r, settings, today);
                let _ = r.next_id(crate::store::Table::Sprint);
            })?;
            let row = sprint_defaults(&tx, settings, today)?;
            let new = SprintId(tx.next_id(crate::store::Table::Sprint)?);
            tx.insert_sprint_as(new, &row)?;
            Some((Place::Sprint(new), row.name))
        }
    };
    match &target {
        // The next sprint's top was read with the rest, before the writes;
        // a sprint just made holds nothing yet.
        Some((place, _)) if to_next => tx.place_cards_above(&preview.unfinished, *place, next_top)?,
        Some((place @ Place::Sprint(_), _)) if unfinished != Unfinished::Backlog => {
            tx.place_cards_above(&preview.unfinished, *place, None)?
        }
        Some((place, _)) => tx.place_cards_on_top(&preview.unfinished, *place)?,
        None => {}
    }
    let r = &preview.record;
    let mut message = format!("Closed {}: {} of {} pts done", preview.sprint.fields.name, r.completed, r.committed);
    if let Some((_, where_)) = target {
        let n = preview.unfinished.len();
        message.push_str(&format!(" · {n} unfinished ({} pts) → {where_}", r.carried_over));
    }
    if let Some(avg) = average {
        message.push_str(&format!(" · velocity now {avg}"));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// The average velocity once this close's record is in, worked out from
/// the records before it (the record goes in by its sprint's number, as
/// the board orders them), so that nothing is read after the write.
fn average_after_close(r: &impl Reads, settings: &Settings, preview: &ClosePreview) -> Result<Option<Points>> {
    let mut done: Vec<(i64, Points)> = r
        .velocity_records()?
        .into_iter()
        .filter(|s| s.sprint.id != preview.sprint.id)
        .map(|s| (s.sprint.fields.number, s.record.completed))
        .collect();
    done.push((preview.sprint.fields.number, preview.record.completed));
    done.sort_by_key(|(number, _)| *number);
    let completed: Vec<Points> = done.into_iter().map(|(_, p)| p).collect();
    Ok(velocity::average(&completed, settings.velocity_window))
}

/// Deletes a planned sprint; its stories go to the top of the backlog.
pub fn delete_sprint(store: &mut Store, id: SprintId) -> Result<Done> {
    let mut tx = store.write()?;
    let sprint = sprint_by_id(&tx, id)?;
    if sprint.fields.state != SprintState::Planned {
        return refuse(format!(
            "{} is {}; only a planned sprint can be deleted",
            sprint.fields.name, sprint.fields.state
        ));
    }
    let stories = tx.stories_in(Place::Sprint(id))?;
    tx.place_stories_on_top(&stories.iter().map(|s| s.id).collect::<Vec<_>>(), Place::Backlog)?;
    tx.delete_sprint_records(id)?;
    tx.delete_sprint(id)?;
    let n = stories.len();
    let message =
        format!("Deleted {}; its {n} {} → Backlog top", sprint.fields.name, if n == 1 { "story" } else { "stories" });
    tx.commit(&message)?;
    Ok(Done { message })
}
