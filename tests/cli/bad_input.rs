//! Bad input: each gets one clear sentence on stderr, exit status 1, and
//! the board file is left byte for byte as it was.

use crate::common::{Board, bytes};

/// Runs a failing command and checks the file did not change.
fn refused_untouched(b: &Board, path: &std::path::Path, args: &[&str]) -> String {
    let before = bytes(path);
    let err = b.fail(args);
    assert_eq!(bytes(path), before, "{args:?} changed {}", path.display());
    err
}

fn with_stories() -> Board {
    let b = Board::new();
    b.ok_both(&["add", "Save favourite meals", "--points", "5"]);
    b.ok(&["sprint", "new", "Sprint 1"]);
    b.ok(&["sprint", "new", "Sprint 2"]);
    b
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let b = Board::new();
    let notes = b.path("notes.txt");
    std::fs::write(&notes, "shopping: eggs, milk\n").unwrap();
    let err = refused_untouched(&b, &notes, &["--db", "notes.txt", "add", "X"]);
    assert_eq!(
        err,
        "sprintboard: notes.txt is not a sprintboard database (it is not an SQLite file); it was left untouched"
    );
    assert!(!b.path("notes.txt-wal").exists());
}

#[test]
fn an_empty_file_is_refused_and_left_untouched() {
    let b = Board::new();
    std::fs::write(&b.db, b"").unwrap();
    let err = refused_untouched(&b, &b.db, &["list"]);
    assert!(err.ends_with("is not a sprintboard database (it is not an SQLite file); it was left untouched"), "{err}");
    assert_eq!(bytes(&b.db).len(), 0);
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let b = Board::new();
    let other = b.path("photos.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photo VALUES (1, 'a');",
        )
        .unwrap();
    }
    let err = refused_untouched(&b, &other, &["init", "--db", "photos.sqlite"]);
    assert_eq!(
        err,
        "sprintboard: photos.sqlite is an SQLite database of another application, not a sprintboard board; it was left untouched"
    );
}

#[test]
fn a_board_from_a_newer_sprintboard_is_refused_and_left_untouched() {
    let b = with_stories();
    {
        let conn = rusqlite::Connection::open(&b.db).unwrap();
        conn.pragma_update(None, "user_version", sprintboard::store::schema::VERSION + 1).unwrap();
    }
    let err = refused_untouched(&b, &b.db, &["list"]);
    let newer = sprintboard::store::schema::VERSION + 1;
    assert!(err.contains(&format!("was written by a newer sprintboard (schema version {newer}")), "{err}");
    assert!(err.ends_with("the file was left untouched"), "{err}");
}

#[test]
fn a_read_only_file_can_be_read_but_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let b = with_stories();
    std::fs::set_permissions(&b.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    assert!(b.ok(&["list"]).contains("Save favourite meals"));
    b.ok(&["velocity", "--json"]);
    let err = refused_untouched(&b, &b.db, &["add", "Another"]);
    assert_eq!(err, format!("sprintboard: {} is read-only: nothing was changed", b.db.display()));
    refused_untouched(&b, &b.db, &["undo"]);
    refused_untouched(&b, &b.db, &["init", "--name", "X"]);
}

#[test]
fn unknown_keys_sprints_and_epics_are_named() {
    let b = with_stories();
    assert_eq!(
        refused_untouched(&b, &b.db, &["set", "SB-99", "--points", "3"]),
        "sprintboard: there is no story SB-99"
    );
    assert_eq!(refused_untouched(&b, &b.db, &["move", "SB-99", "--backlog"]), "sprintboard: there is no story SB-99");
    assert_eq!(
        refused_untouched(&b, &b.db, &["move", "SB-1", "--sprint", "Sprint 9"]),
        "sprintboard: there is no sprint named \"Sprint 9\""
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["list", "--sprint", "Sprint 9"]),
        "sprintboard: there is no sprint named \"Sprint 9\""
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["add", "X", "--sprint", "Sprint 9"]),
        "sprintboard: there is no sprint named \"Sprint 9\""
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "start", "Sprint 9"]),
        "sprintboard: there is no sprint named \"Sprint 9\""
    );
    assert_eq!(refused_untouched(&b, &b.db, &["add", "X", "--epic", "E-7"]), "sprintboard: there is no epic E-7");
    assert_eq!(refused_untouched(&b, &b.db, &["set", "SB-1", "--epic", "E-7"]), "sprintboard: there is no epic E-7");
}

#[test]
fn a_second_sprint_start_and_closing_an_inactive_sprint_are_refused() {
    let b = with_stories();
    b.ok(&["sprint", "start", "Sprint 1"]);
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "start", "Sprint 2"]),
        "sprintboard: Sprint 1 is still active; close it before starting Sprint 2"
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "start", "Sprint 1"]),
        "sprintboard: Sprint 1 is already active"
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "close", "Sprint 2"]),
        "sprintboard: Sprint 2 is not active (planned); only the active sprint can be closed"
    );
    b.ok(&["sprint", "close", "Sprint 1"]);
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "close", "Sprint 1"]),
        "sprintboard: Sprint 1 is not active (closed); only the active sprint can be closed"
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["add", "Late", "--sprint", "Sprint 1"]),
        "sprintboard: Sprint 1 is closed; stories can only go to the backlog or an open sprint"
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "new", "sprint 2"]),
        "sprintboard: there is already a sprint named \"sprint 2\""
    );
}

#[test]
fn negative_or_non_numeric_points_are_refused() {
    let b = with_stories();
    let cases: [(&[&str], &str); 6] = [
        (&["add", "X", "--points", "-1"], "points cannot be negative (-1)"),
        (&["add", "X", "--points", "five"], "'five' is not a number of points"),
        (&["set", "SB-1", "--points", "-0.5"], "points cannot be negative (-0.5)"),
        (&["set", "SB-1", "--points", "lots"], "'lots' is not a number of points"),
        (&["sprint", "new", "S", "--capacity", "-10"], "points cannot be negative (-10)"),
        (&["sprint", "new", "S", "--capacity", "NaN"], "NaN is not a number of points"),
    ];
    for (args, why) in cases {
        assert_eq!(refused_untouched(&b, &b.db, args), format!("sprintboard: {why}"), "{args:?}");
    }
}

#[test]
fn bad_dates_titles_and_clocks_are_refused() {
    let b = with_stories();
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "new", "S", "--start", "2026-02-30"]),
        "sprintboard: the start date \"2026-02-30\" is not a date like 2026-11-02"
    );
    assert_eq!(
        refused_untouched(&b, &b.db, &["sprint", "new", "S", "--start", "2026-12-10", "--end", "2026-12-01"]),
        "sprintboard: the end date 2026-12-01 is before the start date 2026-12-10"
    );
    assert_eq!(refused_untouched(&b, &b.db, &["add", "  "]), "sprintboard: a story needs a title");
    let before = bytes(&b.db);
    let out = b.cmd().args(["add", "X"]).env("SPRINTBOARD_NOW", "tomorrow").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    crate::common::assert_one_sentence(&err);
    assert!(err.starts_with("sprintboard: SPRINTBOARD_NOW is \"tomorrow\""), "{err}");
    assert_eq!(bytes(&b.db), before);
}
