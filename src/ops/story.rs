//! Operations on stories: create, edit, estimate, status, move, re-rank, delete.

use super::*;
fn check_story_row(row: &StoryFields) -> Result<()> {
    if row.title.trim().is_empty() {
        return refuse("a story needs a title");
    }
    for (what, t) in row.texts() {
        text::check_length(what, t).map_err(Error::Refused)?;
    }
    Ok(())
}

fn check_open_place(r: &impl Reads, place: Place) -> Result<()> {
    if let Place::Sprint(id) = place {
        let s = sprint_by_id(r, id)?;
        if s.fields.state == SprintState::Closed {
            return refuse(format!(
                "{} is closed; stories can only go to the backlog or an open sprint",
                s.fields.name
            ));
        }
    }
    Ok(())
}

/// Creates a story; returns its key and what happened.
pub fn add_story(store: &mut Store, new: NewStory, position: Position) -> Result<(String, Done)> {
    check_story_row(&new.row)?;
    let mut tx = store.write()?;
    let place = Place::from_sprint(new.place);
    // What an add reads, at once: the place it goes to, the board's key
    // counter and the ends of the place (where it lands).
    tx.read_ahead(|r| {
        if let Place::Sprint(to) = place {
            let _ = r.sprint(to);
        }
        if let Some(key) = &new.key {
            let _ = r.key_taken(key);
        }
        let _ = r.story_counter();
        let _ = r.rank_bounds(place);
    })?;
    check_open_place(&tx, place)?;
    let to = match place {
        Place::Sprint(s) => Some(sprint_by_id(&tx, s)?),
        Place::Backlog => None,
    };
    if let Some(key) = &new.key
        && tx.key_taken(key)?
    {
        return refuse(format!("the key {key} is already taken"));
    }
    // The story as written is the one given, and the place's words are
    // worked out from what was read before: nothing is read after.
    let key = tx.add_story_keyed(&new, position)?;
    let message = format!(
        "Added {} → {}",
        story_words(&key, &new.row.title, new.row.points),
        sprint_words(to.as_ref(), new.row.points.unwrap_or_default())
    );
    tx.commit(&message)?;
    Ok((key, Done { message }))
}

/// Timestamps follow status: first start, and done time while done.
fn stamp_status(row: &mut StoryFields, old: Status, now: chrono::NaiveDateTime) {
    let new = row.status;
    if new == old {
        return;
    }
    if new != Status::Todo && row.started.is_none() {
        row.started = Some(now);
    }
    row.done = if new == Status::Done { Some(now) } else { None };
}

/// Writes a story's fields; the message says what changed.
pub fn edit_story(store: &mut Store, story: impl Into<StoryRef>, row: StoryFields) -> Result<Done> {
    edit_story_with(store, story, move |r| *r = row)
}

/// Changes some fields of a story as it is inside the transaction, so a
/// change another instance made a moment ago to other fields is kept (a
/// `StoryRef` with a version refuses instead, when the story changed since).
pub fn edit_story_with(
    store: &mut Store,
    story: impl Into<StoryRef>,
    change: impl FnOnce(&mut StoryFields),
) -> Result<Done> {
    edit_story_checked(store, story, None, |_, _, row| {
        change(row);
        Ok(())
    })
}

/// [`edit_story_with`] whose change may refuse, looking at the story as it
/// is inside the transaction (so nothing can change between the look and
/// the write).
fn edit_story_checked(
    store: &mut Store,
    story: impl Into<StoryRef>,
    epic: Option<EpicId>,
    change: impl FnOnce(&store::Tx<'_>, &Story, &mut StoryFields) -> Result<()>,
) -> Result<Done> {
    let story = story.into();
    let id = story.id;
    let mut tx = store.write()?;
    // What an edit reads, at once: the story and the sprint it is in
    // (whose total the message says).
    tx.read_ahead(|r| {
        let _ = r.story(id);
        let _ = r.sprint_of_story(id);
        // The epic it is being given, which the message names.
        if let Some(e) = epic {
            let _ = r.epic(e);
        }
    })?;
    let old = current_story(&tx, story)?;
    let mut row = old.fields.clone();
    change(&tx, &old, &mut row)?;
    check_story_row(&row)?;
    stamp_status(&mut row, old.fields.status, tx.now());
    let before = old.fields.clone();
    let sprint = match old.place {
        Place::Sprint(_) if before.points != row.points => tx.sprint_of_story(id)?,
        _ => None,
    };
    // The epic it now belongs to, for the message: read before the write.
    let epic = match row.epic {
        Some(e) if before.epic != row.epic => tx.epic(e)?,
        _ => None,
    };
    tx.update_story_over(id, &before, &row)?;
    // What changed, in words: the ones a meeting wants spelled out, then
    // the names of the rest (the domain lists every field).
    let mut what = Vec::new();
    for name in before.changed(&row) {
        what.push(match name {
            "estimate" => format!("estimate {} → {}", points_text(before.points), points_text(row.points)),
            "status" => format!("{} {}", row.status.symbol(), row.status),
            "title" => format!("title was \"{}\"", text::fit(&before.title, 30)),
            "epic" => match &epic {
                Some(e) => format!("epic {} {}", e.key, text::fit(&e.fields.title, 30)),
                None => "no epic".into(),
            },
            "kind" => format!("kind → {}", row.kind),
            // Follow status; said by it.
            "start time" | "done time" => continue,
            other => other.to_string(),
        });
    }
    if what.is_empty() {
        return Ok(Done {
            message: format!("{}: nothing changed", story_words(&old.key, &old.fields.title, old.fields.points)),
        });
    }
    let mut message = format!("{}: {}", story_words(&old.key, &row.title, row.points), what.join(", "));
    if let Some(s) = &sprint {
        let added = row.points.unwrap_or_default() - before.points.unwrap_or_default();
        message.push_str(&format!(" · {}", sprint_words(Some(s), added)));
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Saves a story form: writes the fields the user edited (`edited` against
/// `shown`, what the form opened with) onto the story as it now is, so a
/// change someone made meanwhile to other fields is kept. When someone also
/// changed a field the user edited, nothing is written and the sentence
/// names the fields, so the form (still open) can be corrected.
pub fn edit_story_from_form(store: &mut Store, id: StoryId, shown: &StoryFields, edited: &StoryFields) -> Result<Done> {
    edit_story_checked(store, id, edited.epic, |tx, now, row| {
        let clashes = now.fields.clashes(shown, edited);
        if !clashes.is_empty() {
            let who = tx.last_change(store::Table::Story, id.0)?.map(|e| author_words(&e.author).to_string());
            return Err(Error::Stale(format!(
                "{} was changed while you edited it ({} by {}); nothing was saved — your text is still in the form",
                now.key,
                clashes.join(", "),
                who.unwrap_or_else(|| "someone".into())
            )));
        }
        row.apply_edits(shown, edited);
        Ok(())
    })
}

fn points_text(p: Option<Points>) -> String {
    p.map_or("unestimated".into(), |p| format!("{p} pts"))
}

/// Sets a story's estimate (`None` = unestimated).
pub fn estimate(store: &mut Store, story: impl Into<StoryRef>, points: Option<Points>) -> Result<Done> {
    edit_story_with(store, story, |r| r.points = points)
}

/// Sets a story's status, stamping start and done times.
pub fn set_status(store: &mut Store, story: impl Into<StoryRef>, status: Status) -> Result<Done> {
    edit_story_with(store, story, |r| r.status = status)
}

/// Assigns a story to an epic (or none).
pub fn set_epic(store: &mut Store, story: impl Into<StoryRef>, epic: Option<EpicId>) -> Result<Done> {
    edit_story_checked(store, story, epic, |_, _, r| {
        r.epic = epic;
        Ok(())
    })
}

/// Moves a story to a place and position: one row written, every other
/// story keeps its relative order.
pub fn move_story(store: &mut Store, story: impl Into<StoryRef>, place: Place, position: Position) -> Result<Done> {
    let seen = story.into();
    let id = seen.id;
    let mut tx = store.write()?;
    // Everything the move reads, at once (one round trip on a server):
    // the story, the sprint it is in, the one it goes to, and where in
    // that place it lands. The message is worked out from these, so
    // nothing is read after the write.
    tx.read_ahead(|r| {
        let _ = r.story(id);
        let _ = r.card(id);
        let _ = r.sprint_of_story(id);
        if let Place::Sprint(to) = place {
            let _ = r.sprint(to);
        }
        if let Position::Before(other) | Position::After(other) = position {
            let _ = r.story(other);
            let _ = r.card(other);
            let _ = r.neighbour_of(other, if matches!(position, Position::Before(_)) { Step::Up } else { Step::Down });
        }
        let _ = r.rank_bounds(place);
    })?;
    let story = current_story(&tx, seen)?;
    let from = tx.sprint_of_story(id)?;
    if let Some(s) = &from
        && s.fields.state == SprintState::Closed
    {
        return refuse(format!("{} belongs to {}, which is closed", story.key, s.fields.name));
    }
    check_open_place(&tx, place)?;
    let to = match place {
        Place::Sprint(s) => Some(sprint_by_id(&tx, s)?),
        Place::Backlog => None,
    };
    // The story it goes next to, read before the write (its key is in the
    // message).
    let next_to = match position {
        Position::Before(other) | Position::After(other) => {
            if other == id {
                return Ok(Done { message: format!("{} stays where it is", story.key) });
            }
            let other = story_by_id(&tx, other)?;
            if other.place != place {
                return refuse("the story to place it next to is in another column");
            }
            Some(other.key)
        }
        _ => None,
    };
    tx.place_story(id, place, position)?;
    let moved = story.place != place;
    let points = story.fields.points.unwrap_or_default();
    let words = story_words(&story.key, &story.fields.title, story.fields.points);
    let mut message = match position {
        // A drag within its column (the Sprint screen's J/K): the history,
        // and so the others' screens, say where it went among its cards.
        Position::Before(_) | Position::After(_) if !moved => {
            let dir = if matches!(position, Position::Before(_)) { "above" } else { "below" };
            let column = to.as_ref().map_or("Backlog".to_string(), |s| s.fields.name.clone());
            format!("{words} moved {dir} {} in {column}", next_to.unwrap_or_default())
        }
        _ => format!("{words} → {}", sprint_words(to.as_ref(), if moved { points } else { Points::default() })),
    };
    if place == Place::Backlog {
        match position {
            Position::Top => message.push_str(" (top)"),
            Position::Bottom => message.push_str(" (bottom)"),
            _ => {}
        }
    }
    if moved && let Some(s) = &from {
        let left = s.tally.points - points;
        let now = s.fields.capacity.map_or(format!("{left} pts"), |c| format!("{left}/{c} pts"));
        message.push_str(&format!(" · {} now {now}", s.fields.name));
    }
    // Into a running sprint: its scope grows after its start, and the room
    // watching the screen should hear it said (SPEC §3).
    if moved
        && let Some(sprint) = &to
        && sprint.fields.state == SprintState::Active
    {
        // First, so a narrow message line still shows it.
        let pts = story.fields.points.map_or("an unestimated story".to_string(), |p| format!("+{p} pts"));
        message = format!("Scope change: {pts} to {} after its start · {message}", sprint.fields.name);
    }
    // Out of a running sprint: its scope shrinks, said the same way; work
    // already begun on it is worth a word too.
    if moved
        && let Some(sprint) = &from
        && sprint.fields.state == SprintState::Active
    {
        let pts = story.fields.points.map_or("an unestimated story".to_string(), |p| format!("−{p} pts"));
        let begun = if story.fields.status == Status::Doing { " (it was in progress)" } else { "" };
        message = format!("Scope change: {pts} from {} after its start{begun} · {message}", sprint.fields.name);
    }
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Moves a story one step up or down within its column (swaps with its
/// neighbour). At the edge it stays, and says so. `beside` is the neighbour
/// the screen showed, if any: when another story now stands there, the
/// swap is refused rather than made with a story the user did not see.
pub fn shift_story(
    store: &mut Store,
    story: impl Into<StoryRef>,
    step: Step,
    beside: Option<StoryRef>,
) -> Result<Done> {
    let seen = story.into();
    let id = seen.id;
    let mut tx = store.write()?;
    // What a step reads, at once: the story, its neighbour that way, the
    // neighbour the screen showed, and the column's name.
    tx.read_ahead(|r| {
        let _ = r.story(id);
        let _ = r.card(id);
        let _ = r.neighbour_of(id, step);
        let _ = r.sprint_of_story(id);
        if let Some(b) = beside {
            let _ = r.story(b.id);
        }
    })?;
    let story = current_story(&tx, seen)?;
    let me = tx.card(id)?.ok_or_else(|| Error::NotFound("that story no longer exists".into()))?;
    let neighbour = tx.neighbour_of(id, step)?;
    let column = match tx.sprint_of_story(id)? {
        Some(s) => s.fields.name,
        None => "Backlog".to_string(),
    };
    if let Some(b) = beside {
        match &neighbour {
            Some(n) if n.id == b.id => {
                current_story(&tx, b)?;
            }
            _ => {
                let name = format!("The story {} {}", if step == Step::Up { "above" } else { "below" }, story.key);
                return Err(Error::Stale(stale_words(&tx, &name, store::Table::Story, b.id.0)?));
            }
        }
    }
    let Some(other) = neighbour else {
        let edge = if step == Step::Up { "top" } else { "bottom" };
        return Ok(Done { message: format!("{} is already at the {edge} of {column}", story.key) });
    };
    tx.swap_ranks(&me, &other)?;
    let dir = if step == Step::Up { "above" } else { "below" };
    let message = format!(
        "{} moved {dir} {} in {column}",
        story_words(&story.key, &story.fields.title, story.fields.points),
        other.key,
    );
    tx.commit(&message)?;
    Ok(Done { message })
}

/// Deletes a story (undo brings it back, with its key).
pub fn delete_story(store: &mut Store, story: impl Into<StoryRef>) -> Result<Done> {
    let seen = story.into();
    let id = seen.id;
    let mut tx = store.write()?;
    // What a delete reads, at once: the story (and the whole row, which
    // its history keeps), its dependencies, the sprint it leaves.
    tx.read_ahead(|r| {
        let _ = r.story(id);
        let _ = r.image(store::Table::Story, id.0);
        let _ = r.dependencies_touching(id);
        let _ = r.sprint_of_story(id);
    })?;
    let story = current_story(&tx, seen)?;
    let from = tx.sprint_of_story(id)?;
    tx.delete_story(id)?;
    let left = Points::default() - story.fields.points.unwrap_or_default();
    let message = format!(
        "Deleted {} from {}",
        story_words(&story.key, &story.fields.title, story.fields.points),
        sprint_words(from.as_ref(), left)
    );
    tx.commit(&message)?;
    Ok(Done { message })
}
