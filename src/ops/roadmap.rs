//! Operations on the product manager's side: objectives, epics, risks.

use super::*;

fn check_title(what: &str, title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return refuse(format!("{what} needs a title"));
    }
    text::check_length("the title", title).map_err(Error::Refused)
}

/// Creates an epic at the bottom of the roadmap; returns its id.
pub fn add_epic(store: &mut Store, row: EpicFields) -> Result<(EpicId, Done)> {
    check_title("an epic", &row.title)?;
    let mut tx = store.write()?;
    tx.read_ahead(|r| r.epic_insert_reads())?;
    // The epic as written is the one given; its id, which the caller
    // selects, is read with the commit.
    let key = tx.add_epic_keyed(&row)?;
    tx.read_after_commit(|r| drop(r.epic_by_key(&key)));
    let quarter = row.quarter.map_or("no target quarter".to_string(), |q| format!("target {q}"));
    let message = format!("Added epic {key} \"{}\" ({quarter})", text::fit(&row.title, 40));
    tx.commit(&message)?;
    let id = store
        .epic_by_key(&key)?
        .ok_or_else(|| Error::NotFound(format!("epic {key} was added, then deleted by someone else")))?
        .id;
    Ok((id, Done { message }))
}

fn epic_by_id(r: &impl Reads, id: EpicId) -> Result<Epic> {
    r.epic(id)?.ok_or_else(|| Error::NotFound("that epic no longer exists".into()))
}

/// Edits an epic.
pub fn edit_epic(store: &mut Store, id: EpicId, row: EpicFields) -> Result<Done> {
    check_title("an epic", &row.title)?;
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.epic(id);
        let _ = r.image(store::Table::Epic, id.0);
    })?;
    let old = epic_by_id(&tx, id)?;
    tx.update_epic(id, &row)?;
    let message = if old.fields.quarter != row.quarter {
        let q = |q: Option<Quarter>| q.map_or("none".to_string(), |q| q.to_string());
        format!(
            "Epic {} \"{}\" target {} → {}",
            old.key,
            text::fit(&row.title, 40),
            q(old.fields.quarter),
            q(row.quarter)
        )
    } else {
        format!("Edited epic {} \"{}\"", old.key, text::fit(&row.title, 40))
    };
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Moves an epic's target quarter one earlier or later (`<` / `>`); an
/// epic without a target gets the current quarter.
pub fn shift_quarter(store: &mut Store, epic: impl Into<EpicRef>, step: Step) -> Result<Done> {
    let seen = epic.into();
    let id = seen.id;
    let today = store.today();
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.epic(id);
        let _ = r.image(store::Table::Epic, id.0);
    })?;
    let epic = current_epic(&tx, seen)?;
    let quarter = match (epic.fields.quarter, step) {
        (None, _) => Quarter::of(today),
        (Some(q), Step::Up) => q.prev(),
        (Some(q), Step::Down) => q.next(),
    };
    if Some(quarter) == epic.fields.quarter {
        return Ok(Done { message: format!("Epic {} stays in {quarter}", epic.key) });
    }
    tx.update_epic(id, &EpicFields { quarter: Some(quarter), ..epic.fields.clone() })?;
    let q = |q: Option<Quarter>| q.map_or("none".to_string(), |q| q.to_string());
    let message = format!(
        "Epic {} \"{}\" target {} → {}",
        epic.key,
        text::fit(&epic.fields.title, 40),
        q(epic.fields.quarter),
        q(Some(quarter))
    );
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Moves an epic one step up or down the roadmap, among the epics of its
/// target quarter (the Plan screen's Roadmap column groups them so).
pub fn shift_epic(store: &mut Store, epic: impl Into<EpicRef>, step: Step) -> Result<Done> {
    shift_epic_among(store, epic.into(), step, false)
}

/// Moves an epic one step up or down among the epics of its target
/// quarter that serve its objective: the cell the Roadmap screen shows it
/// in, so `K`/`J` there always move it past a card on screen.
pub fn shift_epic_in_cell(store: &mut Store, epic: impl Into<EpicRef>, step: Step) -> Result<Done> {
    shift_epic_among(store, epic.into(), step, true)
}

fn shift_epic_among(store: &mut Store, seen: EpicRef, step: Step, same_objective: bool) -> Result<Done> {
    let id = seen.id;
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.epic(id);
        let _ = r.epics();
    })?;
    let epic = current_epic(&tx, seen)?;
    let same: Vec<Epic> = tx
        .epics()?
        .into_iter()
        .filter(|e| e.fields.quarter == epic.fields.quarter)
        .filter(|e| !same_objective || e.fields.objective == epic.fields.objective)
        .collect();
    let i = same.iter().position(|e| e.id == id).unwrap_or(0);
    let j = match step {
        Step::Up if i > 0 => i - 1,
        Step::Down if i + 1 < same.len() => i + 1,
        _ => {
            let q = epic.fields.quarter.map_or("its group".to_string(), |q| q.to_string());
            let edge = if step == Step::Up { "first" } else { "last" };
            let of = if same_objective { " for its objective" } else { "" };
            return Ok(Done { message: format!("Epic {} is already {edge} in {q}{of}", epic.key) });
        }
    };
    tx.set_epic_rank_over(same[i].id, same[j].rank, same[i].rank)?;
    tx.set_epic_rank_over(same[j].id, same[i].rank, same[j].rank)?;
    let dir = if step == Step::Up { "above" } else { "below" };
    let message = format!("Epic {} \"{}\" moved {dir} {}", epic.key, text::fit(&epic.fields.title, 40), same[j].key);
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Deletes an epic; its stories stay, without an epic.
pub fn delete_epic(store: &mut Store, id: EpicId) -> Result<Done> {
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.epic(id);
        r.delete_epic_reads(id);
    })?;
    let epic = epic_by_id(&tx, id)?;
    tx.delete_epic(id)?;
    let message = format!(
        "Deleted epic {} \"{}\"; its {} stories keep going without it",
        epic.key,
        text::fit(&epic.fields.title, 40),
        epic.tally.stories
    );
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Creates a business objective.
pub fn add_objective(store: &mut Store, title: &str, description: &str, metric: &str) -> Result<(ObjectiveId, Done)> {
    check_title("an objective", title)?;
    text::check_length("the description", description).map_err(Error::Refused)?;
    let mut tx = store.write()?;
    let id = tx.insert_objective(title.trim(), description, metric)?;
    let message = format!("Added objective \"{}\"", text::fit(title, 50));
    tx.commit(&message)?;
    Ok((id, Done { message }))
}

/// Edits a business objective.
pub fn edit_objective(store: &mut Store, o: Objective) -> Result<Done> {
    check_title("an objective", &o.title)?;
    let mut tx = store.write()?;
    tx.update_objective(&o)?;
    let message = format!("Edited objective \"{}\"", text::fit(&o.title, 50));
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Deletes a business objective; its epics stay, serving none.
pub fn delete_objective(store: &mut Store, id: ObjectiveId) -> Result<Done> {
    let mut tx = store.write()?;
    let title = tx
        .objectives()?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| Error::NotFound("that objective no longer exists".into()))?
        .title;
    tx.delete_objective(id)?;
    let message = format!("Deleted objective \"{}\"", text::fit(&title, 50));
    tx.commit(&message)?;
    Ok(Done { message })
}

fn check_risk(r: &RiskFields) -> Result<()> {
    check_title("a risk", &r.title)?;
    check_rating("probability", i64::from(r.probability)).map_err(Error::Refused)?;
    check_rating("impact", i64::from(r.impact)).map_err(Error::Refused)?;
    Ok(())
}

/// Adds a risk to the register.
pub fn add_risk(store: &mut Store, row: RiskFields) -> Result<(RiskId, Done)> {
    check_risk(&row)?;
    let mut tx = store.write()?;
    let id = tx.insert_risk(&row)?;
    let message = format!(
        "Added risk \"{}\" (level {} = {}×{})",
        text::fit(&row.title, 40),
        row.probability * row.impact,
        row.probability,
        row.impact
    );
    tx.commit(&message)?;
    Ok((id, Done { message }))
}

/// Edits a risk (closing one is an edit of its status).
pub fn edit_risk(store: &mut Store, id: RiskId, row: RiskFields) -> Result<Done> {
    check_risk(&row)?;
    let mut tx = store.write()?;
    tx.update_risk(id, &row)?;
    let message =
        format!("Risk \"{}\": level {}, {}", text::fit(&row.title, 40), row.probability * row.impact, row.status);
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Moves a risk on to its next status (open → mitigated → closed → open),
/// as the register showed it (`seen`: its version there); refused when it
/// changed since, so `Space` never acts on a status the user did not see.
pub fn advance_risk(store: &mut Store, id: RiskId, seen: Option<i64>) -> Result<Done> {
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.risk(id);
        let _ = r.image(store::Table::Risk, id.0);
    })?;
    let Some(risk) = tx.risk(id)? else { return Err(Error::NotFound("that risk no longer exists".into())) };
    if seen.is_some_and(|v| v != risk.version) {
        let name = format!("Risk \"{}\"", text::fit(&risk.fields.title, 40));
        return Err(Error::Stale(stale_words(&tx, &name, store::Table::Risk, id.0)?));
    }
    let all = RiskStatus::ALL;
    let next = all[(all.iter().position(|s| *s == risk.fields.status).unwrap_or(0) + 1) % all.len()];
    let row = store::RiskFields { status: next, ..risk.fields.clone() };
    tx.update_risk(id, &row)?;
    let message = format!("Risk \"{}\": level {}, {}", text::fit(&row.title, 40), risk.level(), row.status);
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Deletes a risk.
pub fn delete_risk(store: &mut Store, id: RiskId) -> Result<Done> {
    let mut tx = store.write()?;
    tx.read_ahead(|r| {
        let _ = r.risks();
        let _ = r.image(store::Table::Risk, id.0);
    })?;
    let title = tx
        .risks()?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::NotFound("that risk no longer exists".into()))?
        .fields
        .title;
    tx.delete_risk(id)?;
    let message = format!("Deleted risk \"{}\"", text::fit(&title, 40));
    tx.commit(&message)?;
    Ok(Done { message })
}
