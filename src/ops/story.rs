//! Operations on stories: create, edit, estimate, status, move, re-rank, delete.

use super::*;
use crate::store::{NewStory, StoryRow};

fn check_story_row(row: &StoryRow) -> Result<()> {
    if row.title.trim().is_empty() {
        return refuse("a story needs a title");
    }
    for (what, t) in [
        ("the title", &row.title),
        ("the description", &row.description),
        ("the acceptance criteria", &row.acceptance),
        ("the assignee", &row.assignee),
    ] {
        text::check_length(what, t).map_err(Error::Refused)?;
    }
    Ok(())
}

fn check_open_place(r: &impl Reads, place: Place) -> Result<()> {
    if let Place::Sprint(id) = place {
        let s = sprint_by_id(r, id)?;
        if s.state == SprintState::Closed {
            return refuse(format!("{} is closed; stories can only go to the backlog or an open sprint", s.name));
        }
    }
    Ok(())
}

/// Creates a story; returns its key and what happened.
pub fn add_story(store: &mut Store, new: NewStory, position: Position) -> Result<(String, Done)> {
    check_story_row(&new.row)?;
    let mut tx = store.write()?;
    let place = Place::from_sprint(new.place);
    check_open_place(&tx, place)?;
    if let Some(key) = &new.key
        && tx.key_taken(key)?
    {
        return refuse(format!("the key {key} is already taken"));
    }
    let id = tx.insert_story(&new, position)?;
    let story = story_by_id(&tx, id)?;
    let message =
        format!("Added {} → {}", story_words(&story.key, &story.title, story.points), place_words(&tx, place)?);
    tx.commit(&message)?;
    Ok((story.key, Done { message }))
}

/// Timestamps follow status: first start, and done time while done.
fn stamp_status(row: &mut StoryRow, old: Status, now: chrono::NaiveDateTime) {
    let new = row.status.unwrap_or(Status::Todo);
    if new == old {
        return;
    }
    if new != Status::Todo && row.started.is_none() {
        row.started = Some(now);
    }
    row.done = if new == Status::Done { Some(now) } else { None };
}

/// Writes a story's fields; the message says what changed.
pub fn edit_story(store: &mut Store, id: StoryId, row: StoryRow) -> Result<Done> {
    edit_story_with(store, id, move |r| *r = row)
}

/// Changes some fields of a story as it is inside the transaction, so a
/// change another instance made a moment ago to other fields is kept.
pub fn edit_story_with(store: &mut Store, id: StoryId, change: impl FnOnce(&mut StoryRow)) -> Result<Done> {
    let mut tx = store.write()?;
    let old = story_by_id(&tx, id)?;
    let mut row = StoryRow::of(&old);
    change(&mut row);
    check_story_row(&row)?;
    stamp_status(&mut row, old.status, tx.now());
    let before = StoryRow::of(&old);
    tx.update_story(id, &row)?;
    let mut what = Vec::new();
    if before.points != row.points {
        what.push(format!("estimate {} → {}", points_text(before.points), points_text(row.points)));
    }
    if before.status != row.status {
        let s = row.status.unwrap_or(Status::Todo);
        what.push(format!("{} {}", s.symbol(), s));
    }
    if before.title != row.title {
        what.push(format!("title was \"{}\"", text::fit(&before.title, 30)));
    }
    if before.epic != row.epic {
        what.push(match row.epic.and_then(|e| tx.epic(e).ok().flatten()) {
            Some(e) => format!("epic {} {}", e.key, text::fit(&e.title, 30)),
            None => "no epic".into(),
        });
    }
    if before.kind != row.kind {
        what.push(format!("kind → {}", row.kind.unwrap_or(Kind::Story)));
    }
    for (name, changed) in [
        ("description", before.description != row.description),
        ("acceptance criteria", before.acceptance != row.acceptance),
        ("assignee", before.assignee != row.assignee),
        ("labels", before.labels != row.labels),
    ] {
        if changed {
            what.push(name.into());
        }
    }
    if what.is_empty() {
        return Ok(Done { message: format!("{}: nothing changed", story_words(&old.key, &old.title, old.points)) });
    }
    let mut message = format!("{}: {}", story_words(&old.key, &row.title, row.points), what.join(", "));
    if before.points != row.points
        && let Place::Sprint(_) = old.place
    {
        message.push_str(&format!(" · {}", place_words(&tx, old.place)?));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

fn points_text(p: Option<Points>) -> String {
    p.map_or("unestimated".into(), |p| format!("{p} pts"))
}

/// Sets a story's estimate (`None` = unestimated).
pub fn estimate(store: &mut Store, id: StoryId, points: Option<Points>) -> Result<Done> {
    edit_story_with(store, id, |r| r.points = points)
}

/// Sets a story's status, stamping start and done times.
pub fn set_status(store: &mut Store, id: StoryId, status: Status) -> Result<Done> {
    edit_story_with(store, id, |r| r.status = Some(status))
}

/// Assigns a story to an epic (or none).
pub fn set_epic(store: &mut Store, id: StoryId, epic: Option<EpicId>) -> Result<Done> {
    edit_story_with(store, id, |r| r.epic = epic)
}

/// Moves a story to a place and position: one row written, every other
/// story keeps its relative order.
pub fn move_story(store: &mut Store, id: StoryId, place: Place, position: Position) -> Result<Done> {
    let mut tx = store.write()?;
    let story = story_by_id(&tx, id)?;
    if let Place::Sprint(from) = story.place {
        let s = sprint_by_id(&tx, from)?;
        if s.state == SprintState::Closed {
            return refuse(format!("{} belongs to {}, which is closed", story.key, s.name));
        }
    }
    check_open_place(&tx, place)?;
    if let Position::Before(other) | Position::After(other) = position {
        if other == id {
            return Ok(Done { message: format!("{} stays where it is", story.key) });
        }
        if story_by_id(&tx, other)?.place != place {
            return refuse("the story to place it next to is in another column");
        }
    }
    tx.place_story(id, place, position)?;
    let mut message = format!("{} → {}", story_words(&story.key, &story.title, story.points), place_words(&tx, place)?);
    if place == Place::Backlog {
        match position {
            Position::Top => message.push_str(" (top)"),
            Position::Bottom => message.push_str(" (bottom)"),
            _ => {}
        }
    }
    if story.place != place
        && let Place::Sprint(_) = story.place
    {
        message.push_str(&format!(" · {} now {}", place_name(&tx, story.place)?, place_points(&tx, story.place)?));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

fn place_name(r: &impl Reads, place: Place) -> Result<String> {
    Ok(match place {
        Place::Backlog => "Backlog".into(),
        Place::Sprint(id) => sprint_by_id(r, id)?.name,
    })
}

fn place_points(r: &impl Reads, place: Place) -> Result<String> {
    Ok(format!("{} pts", r.tally(place)?.points))
}

/// Moves a story one step up or down within its column (swaps with its
/// neighbour). At the edge it stays, and says so.
pub fn shift_story(store: &mut Store, id: StoryId, step: Step) -> Result<Done> {
    let mut tx = store.write()?;
    let story = story_by_id(&tx, id)?;
    let me = tx.card(id)?.ok_or_else(|| Error::NotFound("that story no longer exists".into()))?;
    let Some(other) = tx.neighbour(story.place, story.rank, step)? else {
        let edge = if step == Step::Up { "top" } else { "bottom" };
        return Ok(Done {
            message: format!("{} is already at the {edge} of {}", story.key, place_name(&tx, story.place)?),
        });
    };
    tx.swap_ranks(&me, &other)?;
    let dir = if step == Step::Up { "above" } else { "below" };
    let message = format!(
        "{} moved {dir} {} in {}",
        story_words(&story.key, &story.title, story.points),
        other.key,
        place_name(&tx, story.place)?
    );
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Deletes a story (undo brings it back, with its key).
pub fn delete_story(store: &mut Store, id: StoryId) -> Result<Done> {
    let mut tx = store.write()?;
    let story = story_by_id(&tx, id)?;
    tx.delete_story(id)?;
    let message = format!(
        "Deleted {} from {}",
        story_words(&story.key, &story.title, story.points),
        place_words(&tx, story.place)?
    );
    tx.commit(&message)?;
    Ok(Done { message })
}
