//! `export`, `import` and the demo board: files in and out, through `interchange`.

use super::context::{Context, Failure, said};
use super::{ExportArgs, ImportArgs};
use sprintboard::interchange::{self, ExportFormat, ImportFormat};
use sprintboard::ops::Done;
use sprintboard::store::{Reads, Store};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Fills a board with the demo product.
pub fn fill_demo(store: &mut Store, today: chrono::NaiveDate) -> Result<Done, Failure> {
    Ok(interchange::demo::create(store, today)?)
}

/// `export`: to standard output, or with `-o` to a file that is replaced
/// whole (written beside it, then renamed), so a reader never sees half.
pub fn export(ctx: &Context, a: ExportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let format: ExportFormat = a.format.parse().or_else(said)?;
    let mut store = ctx.open()?;
    if let Some(note) = store.salvage_if_damaged()? {
        eprintln!("sprintboard: {note}");
    }
    let Some(path) = a.output else {
        interchange::export(&store, ctx.settings(), format, out)?;
        return Ok(());
    };
    if is_same_file(&path, store.path()) {
        return said(format!("{} is the board file itself; choose another file for the export", path.display()));
    }
    let cannot = |e: io::Error| Failure::Said(format!("cannot write {}: {e}", path.display()));
    write_atomically(&path, &mut |w| match interchange::export(&store, ctx.settings(), format, w) {
        Err(interchange::Error::Write(e)) => Err(cannot(e)),
        result => Ok(result?),
    })?;
    writeln!(out, "Exported \"{}\" to {} ({})", store.board()?.name, path.display(), a.format)?;
    Ok(())
}

/// `import`: all or nothing; a bad file changes nothing.
pub fn import(ctx: &Context, a: ImportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let format: ImportFormat = a.format.parse().or_else(said)?;
    if !a.file.is_file() {
        return said(format!("there is no file {} to import", a.file.display()));
    }
    // Reading the board or its log through a descriptor of our own while our
    // connection is open would drop SQLite's locks on it (store/registry.rs).
    let board = ctx.path()?;
    if ["", "-wal", "-shm"].iter().any(|s| is_same_file(&a.file, &with_suffix(&board, s))) {
        return said(format!("{} is the board file itself; import from another file", a.file.display()));
    }
    // A refused import leaves no board behind that it made itself: the
    // user asked for the file's stories, not for an empty board.
    let fresh = !sprintboard::store::postgres::is_url(&board.to_string_lossy()) && !board.exists();
    let mut store = ctx.open()?;
    let how = sprintboard::ops::ImportHow { update: a.update, sprint_days: ctx.settings().sprint_days };
    let options = interchange::ImportOptions { how, lists: a.lists };
    let done = match interchange::import_with(&mut store, &a.file, format, &options) {
        Ok(done) => done,
        Err(e) => {
            drop(store);
            if fresh {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = fs::remove_file(with_suffix(&board, suffix));
                }
            }
            return Err(e.into());
        }
    };
    writeln!(out, "{}", done.message)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

fn is_same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes a file through a temporary file in the same folder and a rename:
/// the old file stays whole until the new one is complete on disk.
fn write_atomically(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> Result<(), Failure>) -> Result<(), Failure> {
    let cannot = |e: io::Error| Failure::Said(format!("cannot write {}: {e}", path.display()));
    let Some(name) = path.file_name() else {
        return said(format!("{} does not name a file", path.display()));
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.{}.partial", name.to_string_lossy(), std::process::id()));
    let file = fs::File::create(&tmp).map_err(cannot)?;
    let mut w = BufWriter::new(file);
    let result = write(&mut w).and_then(|()| {
        let file = w.into_inner().map_err(|e| cannot(e.into_error()))?;
        file.sync_all().map_err(cannot)?;
        fs::rename(&tmp, path).map_err(cannot)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `copy --to DB`: the whole board with its history, to a new board.
pub fn copy(ctx: &Context, a: super::CopyArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let done = store.copy_to(&a.to)?;
    let stories = if done.stories == 1 { "1 story".to_string() } else { format!("{} stories", done.stories) };
    let entries =
        if done.entries == 1 { "1 history entry".to_string() } else { format!("{} history entries", done.entries) };
    writeln!(out, "Copied \"{}\" ({stories}, {entries}) to {}", store.board()?.name, done.target)?;
    Ok(())
}
