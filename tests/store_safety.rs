//! Data safety (SPEC §7) against real files and real other processes:
//! outside readers, damaged pages, read-only folders and a full disk.

mod common;
#[path = "store_safety/damage.rs"]
mod damage;
#[path = "store_safety/folders.rs"]
mod folders;

use common::Board;
use sprintboard::domain::{Points, Position};
use sprintboard::ops;
use sprintboard::store::{NewStory, Store, StoryFields};
use std::path::{Path, PathBuf};

/// Adds a backlog story through the operation the screens use; its key, or
/// the sentence it was refused with.
fn try_add(store: &mut Store, title: &str) -> Result<String, String> {
    let row = StoryFields { title: title.into(), points: Some(Points::whole(1)), ..Default::default() };
    let new = NewStory { row, ..Default::default() };
    ops::add_story(store, new, Position::Bottom).map(|(key, _)| key).map_err(|e| e.to_string())
}

/// Adds a backlog story, which must succeed.
fn add(store: &mut Store, title: &str) -> String {
    try_add(store, title).unwrap()
}

/// The file beside the board with `suffix` appended (`-wal`, `-shm`).
fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The story titles another process sees, through `sprintboard list --json`.
fn titles_seen_by_another_process(b: &Board) -> Vec<String> {
    let listed = b.ok(&["list", "--all", "--json"]);
    let stories: serde_json::Value = serde_json::from_str(&listed).unwrap();
    stories.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap().to_string()).collect()
}

#[test]
fn outside_readers_leave_the_log_in_place_and_see_the_next_change_at_once() {
    let b = Board::new();
    b.ok(&["init", "--name", "Readers"]);
    let mut store = Store::open(&b.db).unwrap();
    // The forecast worker opens a second store on the same file.
    let worker = Store::open(&b.db).unwrap();
    add(&mut store, "First");
    assert!(beside(&b.db, "-wal").exists() && beside(&b.db, "-shm").exists());

    // A script reads the file and closes it, as a backup tool would.
    let script = format!(
        "import sqlite3; c = sqlite3.connect({:?}); c.execute('select count(*) from story').fetchall(); c.close()",
        b.db.to_str().unwrap()
    );
    // A fresh clone needs only Rust: without python3 this part says it did
    // not run, unless CI (which has python3) asks for it.
    match std::process::Command::new("python3").args(["-c", &script]).output() {
        Ok(py) => assert!(py.status.success(), "python3: {}", String::from_utf8_lossy(&py.stderr)),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::env::var_os("SPRINTBOARD_TEST_NEEDS_PYTHON").is_none() =>
        {
            println!("outside python3 reader: not run: python3 is not installed");
        }
        Err(e) => panic!("python3 did not run: {e}"),
    }
    // And so does another sprintboard.
    assert_eq!(titles_seen_by_another_process(&b), ["First"]);
    assert!(beside(&b.db, "-wal").exists(), "an outside reader removed the write-ahead log");
    assert!(beside(&b.db, "-shm").exists(), "an outside reader removed the log's index");

    // The next change is visible to a third process at once.
    add(&mut store, "Second");
    assert_eq!(titles_seen_by_another_process(&b), ["First", "Second"]);
    drop(worker);
    drop(store);
}

#[test]
fn importing_the_board_into_itself_is_refused_before_it_is_read() {
    let b = Board::new();
    b.ok(&["init", "--name", "Itself"]);
    let err = b.fail(&["import", b.db.to_str().unwrap()]);
    assert_eq!(err, format!("sprintboard: {} is the board file itself; import from another file", b.db.display()));
}
