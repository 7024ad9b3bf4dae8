//! A board a team shares: authors, each author's own undo, versions that
//! refuse actions decided on a stale screen, news of others' changes, and
//! history written by an older schema that stays undoable.

mod common;

use common::{Board, Spot};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::config::Config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields, Whose};
use sprintboard::tui::app::App;
use std::path::Path;

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn open_as(path: &Path, author: &str) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Some(clock()));
    s.set_author(author);
    s
}

/// Three backlog stories (SB-1 5 pts, SB-2 3 pts, SB-3 8 pts) and two planned sprints.
fn seed(path: &Path) {
    let mut store = open_as(path, "po");
    for (title, points) in [("Save favourite meals", 5), ("Pay by card", 3), ("Track courier", 8)] {
        let row = StoryFields { title: title.into(), points: Some(Points::whole(points)), ..Default::default() };
        ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    for _ in 0..2 {
        ops::new_sprint(&mut store, &Settings::default(), ops::SprintDraft::default()).unwrap();
    }
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// Polls the screen for others' changes as its loop does, until one
/// arrives (at once on a file; PostgreSQL's notification takes a moment),
/// for at most two seconds.
fn heard(app: &mut App) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(2) {
        if app.poll_external_changes() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    false
}

fn story(store: &Store, key: &str) -> Story {
    store.story_by_key(key).unwrap().unwrap()
}

fn sprint(store: &Store, name: &str) -> Place {
    Place::Sprint(store.sprint_by_name(name).unwrap().unwrap().id)
}

/// The PO's screen shows the board; then maya changes SB-1 from another
/// connection (the screen has not refreshed); then the PO presses `keys`.
/// Returns the PO's app and maya's store.
fn stale_trial(spot: &Spot, focus: &str, maya: impl FnOnce(&mut Store), keys: &str) -> (App, Store) {
    let path = spot.board("b.db");
    seed(&path);
    let mut app = App::new(open_as(&path, "po"), &Config::default(), (120, 40)).unwrap();
    press(&mut app, focus);
    let mut other = open_as(&path, "maya");
    maya(&mut other);
    press(&mut app, keys);
    (app, other)
}

/// Maya's change in the trials of `H` and `L`.
fn move_sb1_to_sprint_2(m: &mut Store) {
    let to = sprint(m, "Sprint 2");
    let id = story(m, "SB-1").id;
    ops::move_story(m, id, to, Position::Bottom).unwrap();
}

fn assert_refused(app: &App) {
    let m = &app.message;
    assert!(m.error, "not refused: {}", m.text);
    assert!(m.text.contains("changed since your screen showed it"), "{}", m.text);
    assert!(m.text.contains("maya"), "the refusal names who: {}", m.text);
    assert!(m.text.contains("nothing was changed"), "{}", m.text);
}

/// After a refusal the screen shows the story as it now is.
fn assert_refreshed(app: &App, store: &Store, key: &str) {
    let now = story(store, key);
    let shown = app.focused_card().expect("a focused card");
    assert_eq!((shown.id, shown.version), (now.id, now.version), "the screen shows the story as it is");
}

#[test]
fn a_frozen_schema_2_file_migrates_and_its_old_entries_stay_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/board-schema-v2.db"), &path).unwrap();
    let mut store = open_as(&path, "po");
    let version: i32 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, sprintboard::store::schema::VERSION);
    // The burndown of the active sprint reads the translated events: 11
    // points committed, 3 of them done by the last entry.
    let sprint1 = store.sprint_by_name("Sprint 1").unwrap().unwrap();
    let burn = ops::burndown(&store, sprint1.id, clock().date()).unwrap();
    assert_eq!(burn.committed, Points::whole(11));
    let today = burn.days.last().unwrap();
    assert_eq!(today.remaining, Points::whole(8), "{:?}", burn.days);
    // Entries written before authors existed are anyone's to undo.
    assert!(ops::undo(&mut store, Whose::Mine).unwrap().message.starts_with("Undid: Added FZ-3"));
    assert!(store.story_by_key("FZ-3").unwrap().is_none());
    assert!(ops::undo(&mut store, Whose::Mine).unwrap().message.contains("done"));
    assert_eq!(story(&store, "FZ-2").fields.status, Status::Todo);
    assert_eq!(
        ops::burndown(&store, sprint1.id, clock().date()).unwrap().days.last().unwrap().remaining,
        Points::whole(11)
    );
    assert!(ops::redo(&mut store, Whose::Mine).unwrap().message.contains("done"));
    assert_eq!(story(&store, "FZ-2").fields.status, Status::Done);
    // A new change is recorded with its author, beside the old entries.
    let id = story(&store, "FZ-1").id;
    ops::estimate(&mut store, id, Some(Points::whole(13))).unwrap();
    let mut other = open_as(&path, "maya");
    let said = ops::undo(&mut other, Whose::Mine).unwrap().message;
    assert!(said.contains("FZ-2"), "maya may undo an old entry, but not po's new one: {said}");
    assert_eq!(story(&store, "FZ-1").fields.points, Some(Points::whole(13)));
    store.integrity_check().unwrap();
}

#[test]
fn undone_schema_2_entries_redo_oldest_first_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/board-schema-v2.db"), &path).unwrap();
    {
        // Two undone title changes as schema 2 wrote them (A → B, then B → C,
        // both undone): its redo took the oldest undone entry first.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let id: i64 = conn.query_row("SELECT id FROM story WHERE key = 'FZ-3'", [], |r| r.get(0)).unwrap();
        conn.execute("UPDATE story SET title = 'A' WHERE id = ?1", [id]).unwrap();
        for (from, to) in [("A", "B"), ("B", "C")] {
            let changes =
                format!(r#"[{{"table":"story","id":{id},"before":{{"title":"{from}"}},"after":{{"title":"{to}"}}}}]"#);
            conn.execute(
                "INSERT INTO history (at, label, changes, undone) VALUES ('2026-11-02T10:00:00', ?1, ?2, 1)",
                rusqlite::params![format!("title {from} → {to}"), changes],
            )
            .unwrap();
        }
    }
    let mut store = open_as(&path, "po");
    assert!(ops::redo(&mut store, Whose::Mine).unwrap().message.contains("title A → B"));
    assert!(ops::redo(&mut store, Whose::Mine).unwrap().message.contains("title B → C"));
    assert_eq!(story(&store, "FZ-3").fields.title, "C");
}

on_both_engines! {
fn plus_and_minus_on_a_story_changed_elsewhere_keep_the_other_change(spot: &Spot) {
    for key in ["+", "-"] {
        let spot = &spot.fresh();
        let (app, maya) = stale_trial(
            spot,
            "",
            |m| ops::estimate(m, story(m, "SB-1").id, Some(Points::whole(13))).map(drop).unwrap(),
            key,
        );
        assert_refused(&app);
        assert_eq!(story(&maya, "SB-1").fields.points, Some(Points::whole(13)), "{key}");
        assert_refreshed(&app, &maya, "SB-1");
    }
}

fn space_on_a_story_done_elsewhere_keeps_it_done(spot: &Spot) {
    let (app, maya) =
        stale_trial(spot, "", |m| ops::set_status(m, story(m, "SB-1").id, Status::Done).map(drop).unwrap(), " ");
    assert_refused(&app);
    assert_eq!(story(&maya, "SB-1").fields.status, Status::Done);
}

fn l_and_h_on_a_backlog_story_moved_elsewhere_leave_it_where_the_other_put_it(spot: &Spot) {
    // H at the backlog's edge must say the story moved, not "already in the backlog".
    for key in ["L", "H"] {
        let spot = &spot.fresh();
        let (app, maya) = stale_trial(spot, "", move_sb1_to_sprint_2, key);
        assert_refused(&app);
        assert_eq!(story(&maya, "SB-1").place, sprint(&maya, "Sprint 2"), "{key}");
    }
}

fn h_on_a_story_moved_elsewhere_leaves_it_where_the_other_put_it(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    {
        let mut po = open_as(&path, "po");
        let to = sprint(&po, "Sprint 1");
        let id = story(&po, "SB-1").id;
        ops::move_story(&mut po, id, to, Position::Bottom).unwrap();
    }
    let mut app = App::new(open_as(&path, "po"), &Config::default(), (120, 40)).unwrap();
    press(&mut app, "l");
    assert_eq!(app.focused_card().map(|c| c.key.as_str()), Some("SB-1"));
    let mut maya = open_as(&path, "maya");
    let to = sprint(&maya, "Sprint 2");
    let id = story(&maya, "SB-1").id;
    ops::move_story(&mut maya, id, to, Position::Bottom).unwrap();
    press(&mut app, "H");
    assert_refused(&app);
    assert_eq!(story(&maya, "SB-1").place, to);
}

fn j_on_a_story_reranked_elsewhere_keeps_the_other_order(spot: &Spot) {
    let (app, maya) = stale_trial(
        spot,
        "",
        |m| ops::move_story(m, story(m, "SB-1").id, Place::Backlog, Position::Bottom).map(drop).unwrap(),
        "J",
    );
    assert_refused(&app);
    let order: Vec<String> =
        maya.cards_after(Place::Backlog, None, 10, &Default::default()).unwrap().into_iter().map(|c| c.key).collect();
    assert_eq!(order, ["SB-2", "SB-3", "SB-1"]);
}

fn k_past_a_neighbour_that_changed_elsewhere_is_refused(spot: &Spot) {
    // The PO looks at SB-2 (SB-1 above it); maya moves SB-3 to the top, so
    // SB-2's neighbour above is still SB-1 but SB-1 itself did not change:
    // here she re-estimates SB-1, the card K would swap with.
    let (app, maya) = stale_trial(
        spot,
        "j",
        |m| ops::estimate(m, story(m, "SB-1").id, Some(Points::whole(1))).map(drop).unwrap(),
        "K",
    );
    assert_refused(&app);
    let order: Vec<String> =
        maya.cards_after(Place::Backlog, None, 10, &Default::default()).unwrap().into_iter().map(|c| c.key).collect();
    assert_eq!(order, ["SB-1", "SB-2", "SB-3"]);
}

fn the_command_line_applies_to_current_values(spot: &Spot) {
    let b = Board::on(spot);
    seed(&b.db);
    b.ok(&["--user", "maya", "set", "SB-1", "--points", "13"]);
    b.ok(&["--user", "po", "set", "SB-1", "--status", "doing"]);
    let s = story(&open_as(&b.db, "x"), "SB-1");
    assert_eq!((s.fields.points, s.fields.status), (Some(Points::whole(13)), Status::Doing));
}

fn u_undoes_your_own_change_not_the_other_instances(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut app = App::new(open_as(&path, "po"), &Config::default(), (120, 40)).unwrap();
    press(&mut app, "L"); // SB-1 → Sprint 1, by the PO
    let mut maya = open_as(&path, "maya");
    let id = story(&maya, "SB-3").id;
    ops::estimate(&mut maya, id, Some(Points::whole(1))).unwrap();
    assert!(heard(&mut app));
    assert!(app.message.text.starts_with("maya: SB-3"), "news of maya's change: {}", app.message.text);
    press(&mut app, "u");
    assert!(app.message.text.starts_with("Undid: SB-1"), "{}", app.message.text);
    assert_eq!(story(&maya, "SB-1").place, Place::Backlog, "the PO's move is undone");
    assert_eq!(story(&maya, "SB-3").fields.points, Some(Points::whole(1)), "maya's estimate stays");
    // Maya's instance hears about the undo.
    let mut maya_app = App::new(open_as(&path, "maya"), &Config::default(), (120, 40)).unwrap();
    press(&mut app, "U");
    assert!(heard(&mut maya_app));
    assert!(maya_app.message.text.starts_with("po: SB-1"), "{}", maya_app.message.text);
    press(&mut app, "u");
    assert!(heard(&mut maya_app));
    assert!(maya_app.message.text.starts_with("po undid: SB-1"), "{}", maya_app.message.text);
}

fn two_processes_undo_each_their_own_changes_and_a_conflict_is_named(spot: &Spot) {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Team", "--key-prefix", "SB"]);
    b.ok_both(&["--user", "po", "add", "Pay by card", "--points", "3"]);
    b.ok_both(&["--user", "maya", "add", "Track courier", "--points", "5"]);
    // Each undo is a new process: undo survives restarts, per author.
    assert!(b.ok(&["--user", "po", "undo"]).starts_with("Undid: Added SB-1"));
    assert!(b.ok(&["--user", "po", "list"]).contains("SB-2"));
    assert!(!b.ok(&["--user", "po", "list"]).contains("SB-1 "));
    assert!(b.ok(&["--user", "po", "redo"]).starts_with("Redid: Added SB-1"));
    // Someone else touched the same story since: undo is refused, naming them.
    b.ok(&["--user", "po", "set", "SB-2", "--points", "8"]);
    b.ok(&["--user", "maya", "set", "SB-2", "--status", "doing"]);
    let err = b.fail(&["--user", "po", "undo"]);
    assert!(err.contains("Cannot undo") && err.contains("maya changed the same item since"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    let list = b.ok(&["list", "--json"]);
    assert!(list.contains("\"points\": 8") || list.contains("\"points\":8"), "{list}");
    // --anyone takes the newest change whoever made it.
    assert!(
        b.ok(&["--user", "po", "undo", "--anyone"]).starts_with("Undid maya's change: SB-2 back in Backlog · was: SB-2")
    );
    assert!(b.ok(&["--user", "po", "undo"]).starts_with("Undid: SB-2"), "now po's own change is the newest on SB-2");
    // The environment names the author when --user does not.
    let o = b.cmd().env("SPRINTBOARD_USER", "kim").args(["add", "Rate the driver"]).output().unwrap();
    assert!(o.status.success());
    let o = b.cmd().env("SPRINTBOARD_USER", "kim").args(["undo"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Undid: Added SB-3"));
    let o = b.cmd().env("SPRINTBOARD_USER", "lee").args(["undo"]).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.starts_with("Nothing of yours (lee) to undo"), "{said}");
}

fn versions_only_go_up_also_through_undo(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut po = open_as(&path, "po");
    let v0 = story(&po, "SB-1").version;
    let id = story(&po, "SB-1").id;
    ops::estimate(&mut po, id, Some(Points::whole(8))).unwrap();
    let v1 = story(&po, "SB-1").version;
    ops::undo(&mut po, Whose::Mine).unwrap();
    let v2 = story(&po, "SB-1").version;
    assert!(v0 < v1 && v1 < v2, "{v0} {v1} {v2}");
    assert_eq!(story(&po, "SB-1").fields.points, Some(Points::whole(5)));
}

fn greater_than_on_an_epic_changed_elsewhere_is_refused(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut po = open_as(&path, "po");
    let row = sprintboard::store::EpicFields {
        title: "Payments".into(),
        quarter: Some("2027-Q1".parse().unwrap()),
        ..Default::default()
    };
    ops::add_epic(&mut po, row).unwrap();
    let mut app = App::new(po, &Config::default(), (120, 40)).unwrap();
    press(&mut app, "h");
    assert!(app.focused_epic().is_some());
    let mut maya = open_as(&path, "maya");
    let epic = maya.epic_by_key("E-1").unwrap().unwrap();
    ops::shift_quarter(&mut maya, epic.id, Step::Down).unwrap();
    press(&mut app, ">");
    assert!(
        app.message.error && app.message.text.contains("changed since your screen showed it"),
        "{}",
        app.message.text
    );
    assert_eq!(maya.epic_by_key("E-1").unwrap().unwrap().fields.quarter, Some("2027-Q2".parse().unwrap()));
}

fn news_keeps_coming_after_an_undo_and_a_burst_is_counted(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut maya_app = App::new(open_as(&path, "maya"), &Config::default(), (120, 40)).unwrap();
    let mut po = open_as(&path, "po");
    let id = story(&po, "SB-2").id;
    ops::estimate(&mut po, id, Some(Points::whole(8))).unwrap();
    ops::undo(&mut po, Whose::Mine).unwrap();
    assert!(heard(&mut maya_app));
    assert!(maya_app.message.text.starts_with("po undid: SB-2"), "{}", maya_app.message.text);
    // The change after an undo (which ends that undo's redo) is news too.
    let id = story(&po, "SB-3").id;
    ops::estimate(&mut po, id, Some(Points::whole(1))).unwrap();
    assert!(heard(&mut maya_app));
    assert!(maya_app.message.text.starts_with("po: SB-3"), "{}", maya_app.message.text);
    for i in 0..10 {
        let row = StoryFields { title: format!("burst {i}"), ..Default::default() };
        ops::add_story(&mut po, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    assert!(heard(&mut maya_app));
    let said = &maya_app.message.text;
    assert!(said.contains("burst 9") && said.contains("the newest of 10 changes"), "{said}");
}

fn a_refusal_stays_on_the_line_when_the_news_of_that_change_arrives(spot: &Spot) {
    let (mut app, _maya) = stale_trial(
        spot,
        "",
        |m| ops::estimate(m, story(m, "SB-1").id, Some(Points::whole(13))).map(drop).unwrap(),
        "+",
    );
    assert_refused(&app);
    assert!(heard(&mut app));
    assert_refused(&app);
}

fn a_key_right_after_someone_elses_change_reached_the_screen_is_refused(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut app = App::new(open_as(&path, "po"), &Config::default(), (120, 40)).unwrap();
    let mut maya = open_as(&path, "maya");
    let id = story(&maya, "SB-1").id;
    ops::estimate(&mut maya, id, Some(Points::whole(13))).unwrap();
    // The refresh lands, and the key follows within a reaction time.
    assert!(heard(&mut app));
    press(&mut app, "+");
    assert_refused(&app);
    assert_eq!(story(&maya, "SB-1").fields.points, Some(Points::whole(13)));
}

fn history_keeps_an_undone_change_after_its_author_moves_on(spot: &Spot) {
    let b = Board::on(spot);
    seed(&b.db);
    b.ok(&["--user", "po", "set", "SB-1", "--title", "Audit me"]);
    b.ok(&["--user", "po", "undo"]);
    b.ok(&["--user", "po", "set", "SB-2", "--points", "5"]);
    let json = b.ok(&["history", "--json", "--limit", "5"]);
    let entries: serde_json::Value = serde_json::from_str(&json).unwrap();
    let audit =
        entries.as_array().unwrap().iter().find(|e| e["label"].as_str().unwrap().contains("title was")).unwrap();
    assert_eq!(audit["undone_by"], "po", "{json}");
    assert!(b.ok(&["--user", "po", "redo"]).starts_with("Nothing to redo"));
    let table = b.cmd().env("COLUMNS", "80").args(["history"]).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.lines().any(|l| l.contains(" po ") && l.contains("po ") && l.contains("SB-1")), "{table}");
    assert!(table.contains("UNDONE BY"), "{table}");
}

fn redo_is_refused_when_someone_else_undid_a_change_to_the_same_story_since(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let (mut alice, mut bob) = (open_as(&path, "alice"), open_as(&path, "bob"));
    let id = story(&alice, "SB-1").id;
    ops::estimate(&mut alice, id, Some(Points::whole(3))).unwrap();
    ops::estimate(&mut bob, id, Some(Points::whole(8))).unwrap();
    ops::undo(&mut bob, Whose::Mine).unwrap();
    ops::undo(&mut alice, Whose::Mine).unwrap();
    assert_eq!(story(&bob, "SB-1").fields.points, Some(Points::whole(5)), "both undone: back to 5");
    // Bob's redo would write 8 over alice's undo, which came after his.
    let err = ops::redo(&mut bob, Whose::Mine).unwrap_err().to_string();
    assert!(err.starts_with("Cannot redo: alice changed the same item since"), "{err}");
    assert_eq!(story(&bob, "SB-1").fields.points, Some(Points::whole(5)));
    // Alice's own redo is hers to take.
    ops::redo(&mut alice, Whose::Mine).unwrap();
    assert_eq!(story(&bob, "SB-1").fields.points, Some(Points::whole(3)));
}

fn a_story_brought_back_by_undo_comes_back_at_a_version_no_screen_has_seen(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    let mut app = App::new(open_as(&path, "po"), &Config::default(), (120, 40)).unwrap();
    let mut maya = open_as(&path, "maya");
    let id = story(&maya, "SB-1").id;
    ops::estimate(&mut maya, id, Some(Points::whole(8))).unwrap();
    ops::delete_story(&mut maya, id).unwrap();
    ops::undo(&mut maya, Whose::Mine).unwrap();
    press(&mut app, "+");
    assert_refused(&app);
    assert_eq!(story(&maya, "SB-1").fields.points, Some(Points::whole(8)));
}

fn a_tampered_history_row_is_refused_as_damage_not_run_as_sql(spot: &Spot) {
    let path = spot.board("b.db");
    seed(&path);
    common::exec(
        &path,
        "UPDATE history_row SET after = '{\"title\":\"x\",\"title = 1; DROP TABLE story; --\":1}' \
         WHERE seq = (SELECT max(seq) FROM history_row WHERE tbl = 'sprint')",
    );
    let mut po = open_as(&path, "po");
    ops::undo(&mut po, Whose::Mine).unwrap();
    let err = ops::redo(&mut po, Whose::Mine).unwrap_err().to_string();
    assert!(err.contains("the board data is damaged") && err.contains("no table has"), "{err}");
    assert_eq!(po.story_count().unwrap(), 3);
}
}
