//! Files in and out: `export`, `import`, `init --demo`, and `demo` in a
//! pseudo-terminal.

use crate::common::{Board, bytes};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn small_board() -> Board {
    small_board_on(&crate::common::Spot::sqlite())
}

fn small_board_on(spot: &crate::common::Spot) -> Board {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Meal planner", "--key-prefix", "MP"]);
    b.ok_both(&["add", "Save favourite meals", "--points", "5"]);
    b.ok_both(&["add", "Shopping list 🛒", "--points", "0.5", "--kind", "task"]);
    b.ok(&["sprint", "new", "Sprint 1", "--goal", "Plan a week"]);
    b.ok(&["move", "MP-2", "--sprint", "Sprint 1"]);
    b
}

#[test]
fn export_writes_json_to_stdout_or_whole_to_a_file() {
    let b = small_board();
    let stdout = b.ok(&["export"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["format"], "sprintboard/1");
    assert_eq!(doc["board"]["name"], "Meal planner");
    assert_eq!(b.ok(&["export", "--format", "json"]), stdout);

    let target = b.path("plan.json");
    std::fs::write(&target, "old contents").unwrap();
    assert_eq!(b.ok(&["export", "-o", "plan.json"]), "Exported \"Meal planner\" to plan.json (json)\n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), stdout);
    let names: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "no temp file left: {names:?}");
}

#[test]
fn export_refuses_to_overwrite_the_board_or_write_into_a_missing_folder() {
    let b = small_board();
    let before = bytes(&b.db);
    let db = b.db.to_str().unwrap().to_string();
    assert_eq!(
        b.fail(&["export", "-o", &db]),
        format!("sprintboard: {db} is the board file itself; choose another file for the export")
    );
    assert_eq!(bytes(&b.db), before);
    let err = b.fail(&["export", "-o", "no/such/folder/plan.json"]);
    assert!(err.starts_with("sprintboard: cannot write no/such/folder/plan.json: "), "{err}");
}

#[test]
fn list_json_has_the_same_story_records_as_the_export() {
    let b = small_board();
    let doc: Value = serde_json::from_str(&b.ok(&["export"])).unwrap();
    let listed: Value = serde_json::from_str(&b.ok(&["list", "--all", "--json"])).unwrap();
    assert_eq!(listed, doc["stories"]);
}

#[test]
fn import_of_a_malformed_or_missing_file_changes_nothing() {
    let b = small_board();
    let before = bytes(&b.db);
    std::fs::write(b.path("bad.json"), "{\"format\": \"sprintboard/1\", \"stories\": [{\"title\": 5}]}").unwrap();
    let err = b.fail(&["import", "bad.json"]);
    assert!(err.starts_with("sprintboard: bad.json: "), "{err}");
    assert!(err.ends_with("nothing was imported"), "{err}");
    assert_eq!(bytes(&b.db), before);
    std::fs::write(b.path("bad.csv"), "title,points\nA,lots\n").unwrap();
    let err = b.fail(&["import", "bad.csv", "--format", "csv"]);
    assert!(err.contains("line 2"), "{err}");
    assert_eq!(bytes(&b.db), before);
    assert_eq!(b.fail(&["import", "nothing.json"]), "sprintboard: there is no file nothing.json to import");
    assert_eq!(bytes(&b.db), before);
}

#[test]
fn init_demo_fills_a_new_board_and_can_rename_it() {
    let b = Board::new();
    let out = b.ok(&["init", "--demo"]);
    let name = out.strip_prefix("Created the demo board \"").and_then(|r| r.split('"').next()).unwrap_or_default();
    assert!(!name.is_empty(), "{out}");
    let doc: Value = serde_json::from_str(&b.ok(&["export"])).unwrap();
    assert_eq!(doc["board"]["name"], name);

    let other = b.path("renamed.db");
    let other = other.to_str().unwrap();
    let out = b.ok(&["init", "--demo", "--name", "Our copy", "--db", other]);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().nth(1).unwrap().starts_with("Board \"Our copy\" ready"), "{out}");
    b.usage(&["init", "--demo", "--key-prefix", "XY"]);
}

/// `demo` runs the screens on a temporary copy: the user's board file is
/// never created, and the temporary folder is gone afterwards.
#[test]
fn demo_opens_the_screens_on_a_temporary_board_and_leaves_nothing() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let b = Board::new();
    let tmp = b.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sprintboard"));
    cmd.arg("demo");
    cmd.env("SPRINTBOARD_DB", &b.db);
    cmd.env("SPRINTBOARD_NOW", crate::common::NOW);
    cmd.env("SPRINTBOARD_CONFIG", b.path("no-config.toml"));
    cmd.env("TMPDIR", &tmp);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(b.dir.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let screen = Arc::new(Mutex::new(vt100::Parser::default()));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let sink = Arc::clone(&screen);
    // Always drain the pty, or the child blocks on a full buffer.
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let contents = || screen.lock().unwrap().screen().contents();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !contents().contains("Backlog") {
        assert!(Instant::now() < deadline, "the demo board never showed:\n{}", contents());
        std::thread::sleep(Duration::from_millis(50));
    }
    let in_use: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert_eq!(in_use.len(), 1, "the demo board lives in one temporary folder");
    let mut writer = pty.master.take_writer().unwrap();
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "demo did not quit on q");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(!b.db.exists(), "the user's board file was touched");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "the temporary board was not removed");
}

// Import and export read and write the same on both engines.
crate::on_both_engines! {
fn import_of_an_export_into_an_empty_board_round_trips(spot: &Spot) {
    let a = small_board_on(spot);
    let export = a.ok(&["export"]);
    let file = a.path("board.json");
    std::fs::write(&file, &export).unwrap();
    let fresh = spot.board("copy.db");
    let fresh = fresh.to_str().unwrap();
    let said = a.ok(&["import", "board.json", "--db", fresh]);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert_eq!(a.ok(&["export", "--db", fresh]), export);
    assert!(a.ok(&["undo", "--db", fresh]).starts_with("Undid: "));
}

fn import_of_a_csv_naming_an_epic_by_title_before_the_row_with_its_key(spot: &Spot) {
    // Once failed with "UNIQUE constraint failed: epic.key": Foo took E-1 first.
    let b = Board::on(spot);
    let csv = "key,title,kind,points,status,epic\nX-2,second,story,5,todo,Foo\nX-1,first,story,3,todo,E-1\n";
    std::fs::write(b.path("order.csv"), csv).unwrap();
    assert_eq!(b.ok(&["import", "order.csv"]), "Imported 2 stories (8 pts), 2 epics from order.csv\n");
    let doc: Value = serde_json::from_str(&b.ok(&["export"])).unwrap();
    let epics: Vec<(&str, &str)> = doc["epics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["key"].as_str().unwrap(), e["title"].as_str().unwrap()))
        .collect();
    assert_eq!(epics, [("E-2", "Foo"), ("E-1", "E-1")], "roadmap in the file's order, E-1 kept for the row naming it");
}
}

#[test]
fn a_refused_import_leaves_no_board_it_made_itself() {
    let b = crate::common::Board::new();
    std::fs::write(b.path("list.json"), "[]").unwrap();
    let err = b.fail(&["import", "list.json"]);
    assert!(err.contains("JSON list"), "{err}");
    let left: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["list.json"], "no board.db, -wal or -shm left behind");
    // A board that was there stays, byte for byte.
    b.ok(&["init"]);
    let before = std::fs::read(&b.db).unwrap();
    b.fail(&["import", "list.json"]);
    assert_eq!(std::fs::read(&b.db).unwrap(), before);
}
