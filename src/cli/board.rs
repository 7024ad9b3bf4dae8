//! The board as a whole: the screens, `demo`, `init`, `undo`/`redo`.

use super::InitArgs;
use super::context::{Context, Failure, said};
use super::files;
use sprintboard::ops;
use sprintboard::store::{Reads, Store};
use std::io::Write;
use std::path::PathBuf;

/// No command: opens the board file in the terminal UI.
pub fn open_board(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open()?;
    run_screens(store, ctx)
}

fn run_screens(store: Store, ctx: &Context) -> Result<(), Failure> {
    sprintboard::tui::run(store, &ctx.config).or_else(|e| said(format!("{e:#}")))
}

/// `demo`: the demo board in a fresh temporary file, removed afterwards;
/// `--db` and `$SPRINTBOARD_DB` are not looked at, so nothing of the user's
/// is touched.
pub fn demo(ctx: &Context) -> Result<(), Failure> {
    let dir = TempDir::new()?;
    let mut store = ctx.open_at(&dir.0.join("demo.db"))?;
    let today = store.today();
    files::fill_demo(&mut store, today)?;
    run_screens(store, ctx)
}

/// A directory of our own under the system's temp directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, Failure> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let mut last = None;
        for attempt in 0..100u32 {
            let dir = base.join(format!("sprintboard-demo-{}-{stamp}-{attempt}", std::process::id()));
            // `create_dir` fails if it exists: the directory is ours alone.
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return said(format!("cannot make a temporary folder in {}: {e}", base.display())),
            }
        }
        said(format!(
            "cannot make a temporary folder in {}: {}",
            base.display(),
            last.map_or_else(String::new, |e| e.to_string())
        ))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `init`: names a new board and its key prefix (optionally filling it
/// with the demo). Refused on a board that already holds stories.
pub fn init(ctx: &Context, a: InitArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // A bad name or prefix is refused before the file is created.
    if a.name.is_some() || a.key_prefix.is_some() {
        ops::check_board(a.name.as_deref().unwrap_or("board"), a.key_prefix.as_deref().unwrap_or("SB"))?;
    }
    let path = ctx.path()?;
    let mut store = ctx.open_at(&path)?;
    let stories = store.story_count()?;
    if stories > 0 {
        let n = if stories == 1 { "1 story".to_string() } else { format!("{stories} stories") };
        return said(format!(
            "{} already holds a board with {n}; init only sets up a new board (choose another file with --db)",
            store.path().display()
        ));
    }
    let board = store.board()?;
    if a.demo {
        let today = store.today();
        let done = files::fill_demo(&mut store, today)?;
        writeln!(out, "{}", done.message)?;
        if a.name.is_some() || a.key_prefix.is_some() {
            let board = store.board()?;
            let name = a.name.unwrap_or(board.name);
            let done = ops::init_board(&mut store, &name, &a.key_prefix.unwrap_or(board.key_prefix))?;
            writeln!(out, "{}", done.message)?;
        }
        return Ok(());
    }
    let name = a.name.unwrap_or(board.name);
    let prefix = a.key_prefix.unwrap_or(board.key_prefix);
    let done = ops::init_board(&mut store, &name, &prefix)?;
    writeln!(out, "{}", done.message)?;
    Ok(())
}

/// `history`: who changed what, newest first, and what has been undone.
pub fn history(ctx: &Context, limit: usize, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let store = ctx.open()?;
    let entries = store.history(limit)?;
    if json {
        super::output::write_json(out, &entries)?;
        return Ok(());
    }
    if entries.is_empty() {
        writeln!(out, "No changes yet.")?;
        return Ok(());
    }
    use super::output::{Align, Table};
    // The undoer has a column of their own, before the long WHAT, so a
    // narrow terminal still shows it.
    let mut table =
        Table::new(&[("WHEN", Align::Left), ("WHO", Align::Left), ("UNDONE BY", Align::Left), ("WHAT", Align::Left)]);
    for e in entries {
        let undone = e.undone_by.as_deref().map_or(String::new(), |by| ops::author_words(by).to_string());
        table.row(vec![e.at.replace('T', " "), ops::author_words(&e.author).to_string(), undone, e.label]);
    }
    table.write(out, super::output::terminal_width())?;
    Ok(())
}

/// `undo` (or `redo`): one step back (or forward) in your own changes, or
/// anyone's with `--anyone`.
pub fn undo(ctx: &Context, undo: bool, anyone: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let whose = if anyone { sprintboard::store::Whose::Anyone } else { sprintboard::store::Whose::Mine };
    let done = if undo { ops::undo(&mut store, whose)? } else { ops::redo(&mut store, whose)? };
    writeln!(out, "{}", done.message)?;
    Ok(())
}
