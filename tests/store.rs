//! Store and operations against a real temp file: ranks, tallies, undo/redo
//! round trips, persistence across reopen, files that must be refused.

mod common;

use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields, Whose};
use std::path::Path;

fn open(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    s
}

fn add(store: &mut Store, title: &str, points: Option<i64>, sprint: Option<SprintId>) -> StoryId {
    let new = NewStory {
        row: StoryFields { title: title.into(), points: points.map(Points::whole), ..Default::default() },
        place: sprint,
        ..Default::default()
    };
    let (key, _) = ops::add_story(store, new, Position::Bottom).unwrap();
    store.story_by_key(&key).unwrap().unwrap().id
}

fn keys(store: &Store, place: Place) -> Vec<String> {
    store.cards_after(place, None, 1000, &Default::default()).unwrap().into_iter().map(|c| c.key).collect()
}

#[test]
fn window_queries_use_the_place_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("b.db"));
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("b.db")).unwrap();
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM story WHERE sprint_id IS ?1 AND rank > ?2 ORDER BY rank LIMIT 10",
            rusqlite::params![Option::<i64>::None, 0],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("story_by_place"), "{plan}");
}

#[test]
fn a_version_1_file_is_migrated_in_place_and_keeps_its_stories() {
    use sprintboard::store::schema;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // The file as sprintboard with schema 1 left it, with a story in it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
        schema::create_v1(&conn).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO story (key, title, points, rank, created_at) VALUES ('SB-1', 'Old story', 500, 0, '2026-01-05T10:00:00')",
            [],
        )
        .unwrap();
    }
    let store = open(&path);
    store.integrity_check().unwrap();
    let s = store.story_by_key("SB-1").unwrap().unwrap();
    assert_eq!((s.fields.title.as_str(), s.fields.points), ("Old story", Some(Points::whole(5))));
    assert_eq!(store.tally(Place::Backlog).unwrap().points, Points::whole(5));
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
    let index: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'history_at'", [], |r| r.get(0)).unwrap();
    assert_eq!(index, 1);
}

#[test]
fn a_newer_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(open(&path));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("newer sprintboard (schema version 99"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

on_both_engines! {
fn moves_keep_order_tallies_follow_and_undo_restores_everything(spot: &Spot) {
    let path = spot.board("b.db");
    let mut store = open(&path);
    let settings = Settings::default();
    let a = add(&mut store, "A", Some(3), None);
    let b = add(&mut store, "B", Some(5), None);
    let c = add(&mut store, "C", None, None);
    let (s1, _) = ops::new_sprint(
        &mut store,
        &settings,
        ops::SprintDraft { capacity: Some(Points::whole(10)), ..Default::default() },
    )
    .unwrap();
    assert_eq!(keys(&store, Place::Backlog), ["SB-1", "SB-2", "SB-3"]);
    let done = ops::move_story(&mut store, b, Place::Sprint(s1), Position::Bottom).unwrap();
    assert_eq!(done.message, "SB-2 \"B\" (5 pts) → Sprint 1 · 5/10 pts");
    ops::shift_story(&mut store, c, Step::Up, None).unwrap();
    assert_eq!(keys(&store, Place::Backlog), ["SB-3", "SB-1"]);
    let t = store.tally(Place::Backlog).unwrap();
    assert_eq!((t.stories, t.points, t.unestimated), (2, Points::whole(3), 1));
    assert_eq!(store.tally(Place::Sprint(s1)).unwrap().points, Points::whole(5));
    ops::estimate(&mut store, c, Some(Points::whole(8))).unwrap();
    ops::move_story(&mut store, a, Place::Sprint(s1), Position::Top).unwrap();
    assert_eq!(keys(&store, Place::Sprint(s1)), ["SB-1", "SB-2"]);
    drop(store);

    // Undo survives a restart, and undoing everything gives the start back.
    let mut store = open(&path);
    assert_eq!(
        ops::undo(&mut store, Whose::Mine).unwrap().message,
        "Undid: SB-1 back in Backlog · Sprint 1 now 5/10 pts · was: SB-1 \"A\" (3 pts) → Sprint 1 · 8/10 pts"
    );
    for _ in 0..3 {
        ops::undo(&mut store, Whose::Mine).unwrap();
    }
    assert_eq!(keys(&store, Place::Backlog), ["SB-1", "SB-2", "SB-3"]);
    assert_eq!(store.tally(Place::Backlog).unwrap().points, Points::whole(8));
    // Redo all four, and the tallies are as before the undo.
    for _ in 0..4 {
        ops::redo(&mut store, Whose::Mine).unwrap();
    }
    assert_eq!(ops::redo(&mut store, Whose::Mine).unwrap().message, "Nothing to redo");
    assert_eq!(keys(&store, Place::Sprint(s1)), ["SB-1", "SB-2"]);
    assert_eq!(store.tally(Place::Sprint(s1)).unwrap().points, Points::whole(8));
    assert_eq!(store.tally(Place::Backlog).unwrap().points, Points::whole(8));
    // Undo the delete of a story brings it back with its key.
    ops::delete_story(&mut store, a).unwrap();
    assert_eq!(keys(&store, Place::Sprint(s1)), ["SB-2"]);
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(keys(&store, Place::Sprint(s1)), ["SB-1", "SB-2"]);
    // A deleted key is never reused.
    ops::delete_story(&mut store, c).unwrap();
    let d = add(&mut store, "D", None, None);
    assert_eq!(store.story(d).unwrap().unwrap().key, "SB-4");
    store.integrity_check().unwrap();
}

fn sprint_start_and_close_record_velocity_and_undo_both(spot: &Spot) {
    let mut store = open(&spot.board("b.db"));
    let settings = Settings::default();
    let (s1, _) = ops::new_sprint(&mut store, &settings, Default::default()).unwrap();
    let a = add(&mut store, "A", Some(5), Some(s1));
    let b = add(&mut store, "B", Some(3), Some(s1));
    let _c = add(&mut store, "C", Some(2), None);
    ops::start_sprint(&mut store, &settings, s1).unwrap();
    let (s2, _) = ops::new_sprint(&mut store, &settings, Default::default()).unwrap();
    let err = ops::start_sprint(&mut store, &settings, s2).unwrap_err();
    assert_eq!(err.to_string(), "Sprint 1 is still active; close it before starting Sprint 2");
    ops::set_status(&mut store, a, Status::Done).unwrap();
    let late = add(&mut store, "Late", Some(1), Some(s1));
    ops::set_status(&mut store, late, Status::Done).unwrap();
    let done = ops::close_sprint(&mut store, &settings, s1, Unfinished::Next).unwrap();
    assert_eq!(done.message, "Closed Sprint 1: 6 of 8 pts done · 1 unfinished (3 pts) → Sprint 2 · velocity now 6");
    let rec = store.velocity_records().unwrap();
    assert_eq!(rec.len(), 1);
    assert_eq!(rec[0].record.added, Points::whole(1));
    assert_eq!(rec[0].record.carried_over, Points::whole(3));
    assert_eq!(store.story(b).unwrap().unwrap().place, Place::Sprint(s2));
    // Later edits do not move a closed sprint's record.
    ops::estimate(&mut store, a, Some(Points::whole(13))).unwrap();
    assert_eq!(store.velocity_records().unwrap()[0].record.completed, Points::whole(6));
    ops::undo(&mut store, Whose::Mine).unwrap();
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert!(store.velocity_records().unwrap().is_empty());
    assert_eq!(store.active_sprint().unwrap().unwrap().id, s1);
    assert_eq!(store.story(b).unwrap().unwrap().place, Place::Sprint(s1));
    store.integrity_check().unwrap();
}

fn undoing_an_add_does_not_give_its_key_out_again(spot: &Spot) {
    let mut store = open(&spot.board("b.db"));
    add(&mut store, "One", None, None);
    ops::undo(&mut store, Whose::Mine).unwrap();
    let two = add(&mut store, "Two", None, None);
    assert_eq!(store.story(two).unwrap().unwrap().key, "SB-2");
}

fn inserting_again_and_again_in_one_gap_respaces_only_a_stretch(spot: &Spot) {
    let path = spot.board("b.db");
    let mut store = open(&path);
    let mut tx = store.write().unwrap().untracked();
    for i in 0..500 {
        let row = StoryFields { title: format!("S{i}"), ..Default::default() };
        tx.insert_story(&NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    tx.commit_without_history().unwrap();
    // Always right after the newest: each insert halves the same gap.
    let mut after = store.story_by_key("SB-1").unwrap().unwrap().id;
    for i in 0..40 {
        let new = NewStory { row: StoryFields { title: format!("N{i}"), ..Default::default() }, ..Default::default() };
        let (key, _) = ops::add_story(&mut store, new, Position::After(after)).unwrap();
        after = store.story_by_key(&key).unwrap().unwrap().id;
    }
    let all = keys(&store, Place::Backlog);
    assert_eq!(all.len(), 540);
    assert_eq!(&all[..3], ["SB-1", "SB-501", "SB-502"]);
    assert_eq!(all[40], "SB-540");
    assert_eq!(all[41], "SB-2");
    // No history entry rewrote the whole column.
    drop(store);
    let biggest = common::scalar(&path, "SELECT max(n) FROM (SELECT count(*) AS n FROM history_row GROUP BY seq) AS e");
    assert!(biggest <= 70, "an insert rewrote {biggest} rows");
}

fn objectives_sprints_epics_and_risks_are_created_edited_deleted_and_undone(spot: &Spot) {
    use sprintboard::store::{EpicFields, RiskFields, SprintFields};
    let mut store = open(&spot.board("b.db"));
    let settings = Settings::default();
    // Objective: add, edit, delete (its epic stays, serving none), undo.
    let (obj, _) = ops::add_objective(&mut store, "Grow orders", "", "weekly orders").unwrap();
    let (epic, _) =
        ops::add_epic(&mut store, EpicFields { title: "Reorder".into(), objective: Some(obj), ..Default::default() })
            .unwrap();
    let mut o = store.objectives().unwrap().remove(0);
    o.title = "Grow repeat orders".into();
    assert_eq!(ops::edit_objective(&mut store, o).unwrap().message, "Edited objective \"Grow repeat orders\"");
    ops::delete_objective(&mut store, obj).unwrap();
    assert!(store.objectives().unwrap().is_empty());
    assert_eq!(store.epic(epic).unwrap().unwrap().fields.objective, None);
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(store.epic(epic).unwrap().unwrap().fields.objective, Some(obj));
    // Sprint: edit (refusing a clash), delete (its stories go to the backlog top), undo.
    let (s1, _) = ops::new_sprint(&mut store, &settings, Default::default()).unwrap();
    let (s2, _) = ops::new_sprint(&mut store, &settings, Default::default()).unwrap();
    let a = add(&mut store, "A", Some(3), Some(s2));
    let row = SprintFields { name: "Sprint 1".into(), ..store.sprint(s2).unwrap().unwrap().fields };
    let err = ops::edit_sprint(&mut store, s2, row).unwrap_err();
    assert_eq!(err.to_string(), "there is already a sprint named \"Sprint 1\"");
    let row = SprintFields { goal: "Reorder in one tap".into(), ..store.sprint(s2).unwrap().unwrap().fields };
    ops::edit_sprint(&mut store, s2, row).unwrap();
    assert_eq!(store.sprint(s2).unwrap().unwrap().fields.goal, "Reorder in one tap");
    assert_eq!(ops::delete_sprint(&mut store, s2).unwrap().message, "Deleted Sprint 2; its 1 story → Backlog top");
    assert_eq!(store.story(a).unwrap().unwrap().place, Place::Backlog);
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(store.story(a).unwrap().unwrap().place, Place::Sprint(s2));
    ops::start_sprint(&mut store, &settings, s1).unwrap();
    assert!(ops::delete_sprint(&mut store, s1).unwrap_err().to_string().contains("only a planned sprint"));
    // Epic and risk: delete and undo bring them back whole.
    let risk = RiskFields {
        title: "Outage".into(),
        description: String::new(),
        probability: 2,
        impact: 5,
        response: String::new(),
        owner: "Bo".into(),
        status: RiskStatus::Open,
        epic: Some(epic),
    };
    let (r, _) = ops::add_risk(&mut store, risk.clone()).unwrap();
    ops::edit_risk(&mut store, r, RiskFields { status: RiskStatus::Mitigated, ..risk.clone() }).unwrap();
    ops::delete_epic(&mut store, epic).unwrap();
    assert_eq!(store.risks().unwrap()[0].fields.epic, None, "the risk no longer names the deleted epic");
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(store.risks().unwrap()[0].fields.epic, Some(epic));
    ops::delete_risk(&mut store, r).unwrap();
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(store.risks().unwrap()[0].fields.status, RiskStatus::Mitigated);
    let bad = RiskFields { probability: 6, ..risk };
    assert_eq!(ops::add_risk(&mut store, bad).unwrap_err().to_string(), "probability must be from 1 to 5, not 6");
    store.integrity_check().unwrap();
}
}
