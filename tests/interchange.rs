//! Import and export against real temp files: round trips that must give the
//! same bytes, the story-points data set, and broken files that must leave
//! the board exactly as it was with a message naming where and why.

// A test crate's root looks for modules beside it; these live in their own folder.
mod common;

#[path = "interchange/broken.rs"]
mod broken;
#[path = "interchange/demo_board.rs"]
mod demo_board;
#[path = "interchange/formats.rs"]
mod formats;
#[path = "interchange/jira_round_trip.rs"]
mod jira_round_trip;
#[path = "interchange/left_behind.rs"]
mod left_behind;
#[path = "interchange/links.rs"]
mod links;
#[path = "interchange/mutations.rs"]
mod mutations;
#[path = "interchange/order.rs"]
mod order;
#[path = "interchange/real_csv.rs"]
mod real_csv;
#[path = "interchange/real_history.rs"]
mod real_history;
#[path = "interchange/trello_real.rs"]
mod trello_real;

use chrono::{NaiveDate, NaiveDateTime};
use sprintboard::domain::*;
use sprintboard::interchange::{self, ExportFormat, ImportFormat};
use sprintboard::ops;
use sprintboard::store::{EpicFields, NewStory, Reads, RiskFields, Store, StoryFields, Whose};
use std::path::{Path, PathBuf};

/// Three files of the story-points data set, copied with their attribution
/// (tests/fixtures/README.md) so the tests need no `../shared`.
const DATASETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/storypoints");

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

fn open(path: &Path, now: NaiveDateTime) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Some(now));
    s
}

fn export(store: &Store) -> String {
    let mut out = Vec::new();
    interchange::export(store, &Settings::default(), ExportFormat::Json, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn add(store: &mut Store, title: &str, points: Option<&str>, sprint: Option<SprintId>) -> StoryId {
    let row =
        StoryFields { title: title.into(), points: points.map(|p| Points::parse(p).unwrap()), ..Default::default() };
    let (key, _) =
        ops::add_story(store, NewStory { row, place: sprint, ..Default::default() }, Position::Bottom).unwrap();
    store.story_by_key(&key).unwrap().unwrap().id
}

/// A board with a bit of everything, built only through the operations.
fn small_board(path: &Path) -> Store {
    let mut store = open(path, at(2026, 9, 1));
    let settings = Settings::default();
    ops::init_board(&mut store, "Pantry 🥕", "pa").unwrap();
    let (goal, _) =
        ops::add_objective(&mut store, "Grow repeat orders", "People come back", "30-day reorder rate").unwrap();
    let epic = EpicFields {
        title: "Favourites".into(),
        objective: Some(goal),
        quarter: Some("2026-Q4".parse().unwrap()),
        colour: Some("green".into()),
        ..Default::default()
    };
    let (e1, _) = ops::add_epic(&mut store, epic).unwrap();
    ops::add_epic(&mut store, EpicFields { title: "Unplanned".into(), ..Default::default() }).unwrap();
    let (s1, _) =
        ops::new_sprint(&mut store, &settings, ops::SprintDraft { goal: "First".into(), ..Default::default() })
            .unwrap();
    let a = add(&mut store, "Save a meal", Some("5"), Some(s1));
    let b = add(&mut store, "Half a point", Some("0.5"), Some(s1));
    let c = add(&mut store, "Unestimated", None, None);
    let row = StoryFields {
        description: "Line one\nline \"two\"".into(),
        acceptance: "- given\n- when\n- then".into(),
        kind: Kind::Bug,
        epic: Some(e1),
        assignee: "Ana".into(),
        labels: vec!["mobile".into(), "ux".into()],
        ..store.story(c).unwrap().unwrap().fields
    };
    ops::edit_story(&mut store, c, row).unwrap();
    ops::start_sprint(&mut store, &settings, s1).unwrap();
    store.set_clock(Some(at(2026, 9, 5)));
    ops::set_status(&mut store, a, Status::Done).unwrap();
    add(&mut store, "Added late", Some("2"), Some(s1));
    let draft = ops::SprintDraft { capacity: Some(Points::whole(20)), ..Default::default() };
    ops::new_sprint(&mut store, &settings, draft).unwrap();
    store.set_clock(Some(at(2026, 9, 14)));
    ops::close_sprint(&mut store, &settings, s1, Unfinished::Next).unwrap();
    let s2 = store.sprint_by_name("Sprint 2").unwrap().unwrap().id;
    ops::set_status(&mut store, b, Status::Doing).unwrap();
    let gone = add(&mut store, "Deleted after the start", Some("3"), Some(s2));
    ops::start_sprint(&mut store, &settings, s2).unwrap();
    ops::delete_story(&mut store, gone).unwrap();
    ops::new_sprint(&mut store, &settings, Default::default()).unwrap();
    let risk = RiskFields {
        title: "Card provider outage".into(),
        description: "Payments stop".into(),
        probability: 2,
        impact: 5,
        response: "Second provider".into(),
        owner: "Bo".into(),
        status: RiskStatus::Open,
        epic: Some(e1),
    };
    ops::add_risk(&mut store, risk).unwrap();
    store
}

crate::on_both_engines! {
fn a_board_built_with_operations_round_trips_byte_for_byte(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let store = small_board(&spot.board("a.db"));
    let first = export(&store);
    assert_eq!(first, export(&store), "export is deterministic");
    assert!(first.starts_with("{\n  \"format\": \"sprintboard/1\",\n  \"board\": {\n    \"name\": \"Pantry 🥕\""));
    assert!(first.contains("\"points\": 0.5"), "halves stay decimals");
    let file = write(dir.path(), "board.json", &first);

    let mut copy = open(&spot.board("b.db"), at(2026, 9, 20));
    let done = interchange::import(&mut copy, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 4 stories (7.5 pts), 3 sprints, 2 epics, 1 objective, 1 risk from board.json");
    assert_eq!(export(&copy), first);
    // The imported active sprint closes with the record the original would write.
    let settings = Settings::default();
    let mut original = store;
    for s in [&mut original, &mut copy] {
        let active = s.active_sprint().unwrap().unwrap().id;
        let preview = ops::close_preview(s, active).unwrap();
        assert_eq!(preview.record.removed, Points::whole(3), "the deleted committed story counts as removed");
    }
    let closed = |s: &mut Store| {
        let id = s.active_sprint().unwrap().unwrap().id;
        ops::close_sprint(s, &settings, id, Unfinished::Backlog).unwrap().message
    };
    assert_eq!(closed(&mut original), closed(&mut copy));
    // Keys are never reused: the deleted PA-5 is not given out again.
    for s in [&mut original, &mut copy] {
        let id = add(s, "Next", None, None);
        assert_eq!(s.story(id).unwrap().unwrap().key, "PA-6");
    }
}

fn an_import_is_one_undoable_change(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = small_board(&spot.board("a.db"));
    let before = export(&store);
    let csv = write(dir.path(), "more.csv", "Summary,Points,Sprint,Epic\nOne,3,Sprint 3,E-1\nTwo,,Sprint 9,Payments\n");
    let done = interchange::import(&mut store, &csv, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 2 stories (3 pts), 1 sprint, 1 epic from more.csv");
    let one = store.story_by_key("PA-6").unwrap().unwrap();
    assert_eq!(store.sprint(one.place.sprint_id().unwrap()).unwrap().unwrap().fields.name, "Sprint 3");
    assert_eq!(
        store.epic(one.fields.epic.unwrap()).unwrap().unwrap().fields.title,
        "Favourites",
        "an epic key on the board is used"
    );
    let two = store.story_by_key("PA-7").unwrap().unwrap();
    let planned = store.sprint(two.place.sprint_id().unwrap()).unwrap().unwrap();
    assert_eq!(
        (planned.fields.name.as_str(), planned.fields.state, planned.fields.number),
        ("Sprint 9", SprintState::Planned, 4)
    );
    assert_eq!(
        ops::undo(&mut store, Whose::Mine).unwrap().message,
        format!("Undid: Sprint 3 now 0 pts · Sprint 9 removed · was: {}", done.message)
    );
    // Everything is as before, except that E-3, once given out, is not given out again.
    assert_eq!(export(&store), before.replace("\"next_epic\": 3", "\"next_epic\": 4"));
}

fn the_story_points_data_set_imports_with_its_keys(spot: &Spot) {
    let spot = &spot.fresh();
    let mut store = open(&spot.board("mesos.db"), at(2026, 9, 1));
    let mesos = Path::new(DATASETS).join("mesos.csv");
    let done = interchange::import(&mut store, &mesos, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 1,680 stories (5,184 pts) from mesos.csv");
    let tally = store.tally(Place::Backlog).unwrap();
    assert_eq!((tally.stories, tally.points), (1680, Points::whole(5184)));
    let first = store.story_by_key("MESOS-313").unwrap().unwrap();
    assert_eq!(first.fields.title, "Report executor terminations to framework schedulers.");
    assert_eq!(first.fields.points, Some(Points::whole(2)));
    let top = store.cards_after(Place::Backlog, None, 1, &Default::default()).unwrap();
    assert_eq!(top[0].key, "MESOS-313", "stories keep the file's order");
    // Importing the same file again with --update changes nothing, in one entry.
    let how = interchange::ImportOptions { how: ops::ImportHow { update: true, ..Default::default() }, lists: vec![] };
    let again = interchange::import_with(&mut store, &mesos, ImportFormat::Csv, &how).unwrap();
    assert_eq!(again.message, "Nothing to update from mesos.csv: its 1,680 stories are on the board as they are");
    assert_eq!(store.story_count().unwrap(), 1680);
    // New stories still get the board's own keys.
    let ours = add(&mut store, "Ours", None, None);
    assert_eq!(store.story(ours).unwrap().unwrap().key, "SB-1");
    // One undo takes the whole import back.
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(ops::undo(&mut store, Whose::Mine).unwrap().message, format!("Undid: {}", done.message));
    assert_eq!(store.story_count().unwrap(), 0);

    for (file, stories) in [("usergrid.csv", 482), ("jirasoftware.csv", 352)] {
        let mut store = open(&spot.board(&format!("{file}.db")), at(2026, 9, 1));
        interchange::import(&mut store, &Path::new(DATASETS).join(file), ImportFormat::Auto).unwrap();
        assert_eq!(store.story_count().unwrap(), stories, "{file}");
        store.integrity_check().unwrap();
    }
    let store = open(&spot.board("jirasoftware.csv.db"), at(2026, 9, 1));
    let (a, b) = (store.story_by_key("GHS-1271").unwrap().unwrap(), store.story_by_key("JSW-1271").unwrap().unwrap());
    assert_eq!(a.fields.title, b.fields.title, "the same story under two keys is kept twice");
}

fn any_text_survives_a_round_trip(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
    let titles = [
        "Pay with 🍕 emoji and a family 👨‍👩‍👧 and flags 🇵🇹".to_string(),
        "日本語のタイトル：全角文字と半角ｶﾀｶﾅ".to_string(),
        "واجهة باللغة العربية with mixed direction".to_string(),
        "Quotes \" and backslashes \\ and tabs \t and a NUL-free control \u{7}".to_string(),
        "é".repeat(100_000),
    ];
    for t in &titles {
        add(&mut store, t, Some("1"), None);
    }
    let first = export(&store);
    let file = write(dir.path(), "text.json", &first);
    let mut copy = open(&spot.board("b.db"), at(2026, 9, 1));
    interchange::import(&mut copy, &file, ImportFormat::Auto).unwrap();
    assert_eq!(export(&copy), first);
    let back: Vec<String> = copy.stories_in(Place::Backlog).unwrap().into_iter().map(|s| s.fields.title).collect();
    assert_eq!(back, titles);
    // One character more than the limit is refused, naming the story.
    let long = first.replacen(&"é".repeat(100_000), &"é".repeat(100_001), 1);
    let file = write(dir.path(), "long.json", &long);
    let mut blank = open(&spot.board("c.db"), at(2026, 9, 1));
    let err = interchange::import(&mut blank, &file, ImportFormat::Auto).unwrap_err().to_string();
    assert!(err.contains("stories[4].title: the title is 100001 characters long; the limit is 100000"), "{err}");
    assert!(blank.is_blank().unwrap());
}

fn a_board_file_added_to_a_board_with_work_shares_what_matches(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = small_board(&spot.board("a.db"));
    let file = write(
        dir.path(),
        "more.json",
        r#"{"format": "sprintboard/1", "board": {"name": "Other", "key_prefix": "OT", "next_story": 50},
  "objectives": [{"title": "Grow repeat orders"}, {"title": "New goal"}],
  "epics": [{"key": "E-1", "title": "favourites"}, {"key": "E-2", "title": "Not the same epic", "objective": "New goal"}],
  "sprints": [{"name": "sprint 3"}, {"name": "Later", "state": "planned"}],
  "stories": [{"key": "OT-7", "title": "In E-1", "epic": "E-1", "sprint": "Sprint 3"},
              {"title": "In the other E-2", "epic": "E-2", "sprint": "Later"},
              {"title": "Into the board's active sprint", "sprint": "sprint 2"}]}"#,
    );
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 3 stories (0 pts), 1 sprint, 1 epic, 1 objective from more.json");
    assert_eq!(store.board().unwrap().name, "Pantry 🥕", "the board keeps its own name");
    let shared = store.story_by_key("OT-7").unwrap().unwrap();
    assert_eq!(store.epic(shared.fields.epic.unwrap()).unwrap().unwrap().key, "E-1");
    let other = store.story_by_key("PA-6").unwrap().unwrap();
    let epic = store.epic(other.fields.epic.unwrap()).unwrap().unwrap();
    assert_eq!((epic.key.as_str(), epic.fields.title.as_str()), ("E-3", "Not the same epic"));
    let later = store.sprint(other.place.sprint_id().unwrap()).unwrap().unwrap();
    assert_eq!((later.fields.name.as_str(), later.fields.number, later.fields.start), ("Later", 4, later.fields.start));
    assert_eq!(later.fields.start, store.sprint_by_name("Sprint 3").unwrap().unwrap().fields.end.succ_opt().unwrap());
    let joined = store.story_by_key("PA-7").unwrap().unwrap();
    assert_eq!(joined.place, Place::Sprint(store.active_sprint().unwrap().unwrap().id));
    let closed = write(
        dir.path(),
        "closed.json",
        r#"{"format": "sprintboard/1", "stories": [{"title": "x", "sprint": "Sprint 1"}]}"#,
    );
    let err = interchange::import(&mut store, &closed, ImportFormat::Auto).unwrap_err().to_string();
    assert!(err.contains("stories[0].sprint: Sprint 1 is closed"), "{err}");
    // An active or closed sprint cannot be merged into one the board has.
    let clash = write(
        dir.path(),
        "clash.json",
        r#"{"format": "sprintboard/1", "sprints": [{"name": "Sprint 1", "state": "closed"}]}"#,
    );
    let err = interchange::import(&mut store, &clash, ImportFormat::Auto).unwrap_err().to_string();
    assert!(err.contains(r#"sprints[0].name: the board already has a sprint named "Sprint 1" (closed)"#), "{err}");
    let second = write(
        dir.path(),
        "active.json",
        r#"{"format": "sprintboard/1", "sprints": [{"name": "Rush", "state": "active"}]}"#,
    );
    let err = interchange::import(&mut store, &second, ImportFormat::Auto).unwrap_err().to_string();
    assert!(err.contains("sprints[0].state: Sprint 2 is already active; only one sprint can be"), "{err}");
}
}
