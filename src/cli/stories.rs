//! `add`, `set`, `list`, `move`: stories.

use super::context::{Context, Failure, parse_optional_points, parse_points, parse_word};
use super::output::{Align, JsonArray, Names, Table, points_cell, story_doc, terminal_width};
use super::{AddArgs, ListArgs, MoveArgs, SetArgs};
use sprintboard::domain::{Place, Position, Sprint, Story, text};
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields};
use std::io::Write;

/// `add`: creates a story; its key goes to stdout (for `$(sprintboard add …)`),
/// the sentence saying what happened to stderr.
pub fn add(ctx: &Context, a: AddArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let points = a.points.as_deref().map(parse_points).transpose()?;
    let kind = a.kind.as_deref().map(parse_word).transpose()?;
    let mut store = ctx.open()?;
    let epic = a.epic.as_deref().map(|k| ops::find_epic(&store, k)).transpose()?.map(|e| e.id);
    let place = a.sprint.as_deref().map(|n| ops::find_sprint(&store, n)).transpose()?.map(|s| s.id);
    let new = NewStory {
        row: StoryFields { title: a.title, points, kind: kind.unwrap_or_default(), epic, ..Default::default() },
        place,
        ..Default::default()
    };
    let (key, done) = ops::add_story(&mut store, new, Position::Bottom)?;
    writeln!(out, "{key}")?;
    eprintln!("{}", done.message);
    Ok(())
}

/// `set`: changes the fields named, in one operation.
pub fn set(ctx: &Context, a: SetArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let points = a.points.as_deref().map(parse_optional_points).transpose()?;
    let status = a.status.as_deref().map(parse_word).transpose()?;
    let kind = a.kind.as_deref().map(parse_word).transpose()?;
    let mut store = ctx.open()?;
    let story = ops::find_story(&store, &a.key)?;
    let epic = match a.epic {
        Some(e) if e.trim().eq_ignore_ascii_case("none") => Some(None),
        Some(e) => Some(Some(ops::find_epic(&store, &e)?.id)),
        None => None,
    };
    // Only the named fields change, read inside the operation's transaction.
    let done = ops::edit_story_with(&mut store, story.id, |row| {
        if let Some(title) = a.title {
            row.title = title;
        }
        if let Some(points) = points {
            row.points = points;
        }
        if let Some(status) = status {
            row.status = status;
        }
        if let Some(kind) = kind {
            row.kind = kind;
        }
        if let Some(epic) = epic {
            row.epic = epic;
        }
    })?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `move`: to the backlog (top by default, as Jira does when a story leaves
/// a sprint) or to a sprint (bottom by default).
pub fn move_story(ctx: &Context, a: MoveArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let story = ops::find_story(&store, &a.key)?;
    let place = match &a.sprint {
        Some(name) => Place::Sprint(ops::find_sprint(&store, name)?.id),
        None => Place::Backlog,
    };
    let position = match (a.top, a.bottom, place) {
        (true, _, _) => Position::Top,
        (_, true, _) => Position::Bottom,
        (_, _, Place::Backlog) => Position::Top,
        (_, _, Place::Sprint(_)) => Position::Bottom,
    };
    let done = ops::move_story(&mut store, story.id, place, position)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `list`: the backlog, a sprint or the whole board, as a table or JSON.
pub fn list(ctx: &Context, a: ListArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open()?;
    let names = Names::read(&store)?;
    let sprint = a.sprint.as_deref().map(|n| ops::find_sprint(&store, n)).transpose()?;
    if a.json {
        let mut array = JsonArray::new(out);
        let mut write = |s: Story| -> Result<(), Failure> { Ok(array.item(&story_doc(&s, &names))?) };
        match (&sprint, a.all) {
            (Some(s), _) => store.stories_in(Place::Sprint(s.id))?.into_iter().try_for_each(write)?,
            (None, true) => each_story(&store, &mut write)?,
            (None, false) => store.stories_in(Place::Backlog)?.into_iter().try_for_each(write)?,
        }
        array.finish()?;
        return Ok(());
    }
    let width = terminal_width();
    match (sprint, a.all) {
        (Some(s), _) => sprint_section(&store, &s, width, out),
        (None, false) => backlog_section(&store, width, out),
        (None, true) => {
            backlog_section(&store, width, out)?;
            for s in store.sprints()? {
                writeln!(out)?;
                sprint_section(&store, &s, width, out)?;
            }
            Ok(())
        }
    }
}

/// Streams every story in board order, keeping the first failure.
fn each_story(store: &Store, write: &mut dyn FnMut(Story) -> Result<(), Failure>) -> Result<(), Failure> {
    let mut failure = None;
    let result = store.each_story(&mut |s| match write(s) {
        Ok(()) => Ok(()),
        Err(f) => {
            failure = Some(f);
            // Any error stops the walk; the real failure is kept above.
            Err(sprintboard::store::Error::Damaged("stopped".into()))
        }
    });
    match (failure, result) {
        (Some(f), _) => Err(f),
        (None, r) => Ok(r?),
    }
}

fn backlog_section(store: &Store, width: usize, out: &mut dyn Write) -> Result<(), Failure> {
    let t = store.tally(Place::Backlog)?;
    let heading = format!("Backlog · {} · {} pts{}", count(t.stories), t.points, unestimated(t.unestimated));
    writeln!(out, "{}", text::fit(&heading, width))?;
    story_table(&store.stories_in(Place::Backlog)?, width, out)
}

fn sprint_section(store: &Store, s: &Sprint, width: usize, out: &mut dyn Write) -> Result<(), Failure> {
    let t = &s.tally;
    let points = match s.fields.capacity {
        Some(c) => format!("{}/{} pts", t.points, c),
        None => format!("{} pts", t.points),
    };
    let heading = format!(
        "{} · {} · {} – {} · {} · {points}{}",
        s.fields.name,
        s.fields.state,
        s.fields.start,
        s.fields.end,
        count(t.stories),
        unestimated(t.unestimated)
    );
    writeln!(out, "{}", text::fit(&heading, width))?;
    if !s.fields.goal.trim().is_empty() {
        writeln!(out, "{}", text::fit(&format!("Goal: {}", s.fields.goal), width))?;
    }
    story_table(&store.stories_in(Place::Sprint(s.id))?, width, out)
}

fn count(n: i64) -> String {
    if n == 1 { "1 story".into() } else { format!("{n} stories") }
}

fn unestimated(n: i64) -> String {
    if n == 0 { String::new() } else { format!(" ({n} unestimated)") }
}

fn story_table(stories: &[Story], width: usize, out: &mut dyn Write) -> Result<(), Failure> {
    if stories.is_empty() {
        writeln!(out, "  (no stories)")?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("KEY", Align::Left),
        ("PTS", Align::Right),
        ("STATUS", Align::Left),
        ("KIND", Align::Left),
        ("TITLE", Align::Left),
    ]);
    for s in stories {
        table.row(vec![
            s.key.clone(),
            points_cell(s.fields.points),
            s.fields.status.to_string(),
            s.fields.kind.to_string(),
            s.fields.title.clone(),
        ]);
    }
    table.write(out, width)?;
    Ok(())
}
