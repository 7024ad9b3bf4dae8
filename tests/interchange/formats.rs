//! The other formats: CSV and Markdown out, Jira CSV and Trello in, and
//! telling formats apart.

use super::*;
use crate::broken::failed_import;
use chrono::Timelike;
use sprintboard::interchange::demo;

fn demo_store(spot: &crate::common::Spot) -> Store {
    let today = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap();
    let mut store = open(&spot.board("demo.db"), today.and_hms_opt(9, 0, 0).unwrap());
    demo::create(&mut store, today).unwrap();
    store
}

fn export_as(store: &Store, format: ExportFormat) -> String {
    let mut out = Vec::new();
    interchange::export(store, &Settings::default(), format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

crate::on_both_engines! {
fn formats_are_told_apart_by_extension_and_content(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
    // A JSON document whatever its extension; a CSV whose title column is `name`.
    let json = write(dir.path(), "board.txt", r#" {"format": "sprintboard/1", "stories": [{"title": "From JSON"}]}"#);
    let done = interchange::import(&mut store, &json, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 1 story (0 pts) from board.txt");
    let csv = write(dir.path(), "list", "\u{feff}Name,Story Points,Kind,Status\nFrom CSV,\"1,5\",Bug,In Progress\n");
    interchange::import(&mut store, &csv, ImportFormat::Auto).unwrap();
    let s = store.story_by_key("SB-2").unwrap().unwrap();
    assert_eq!(
        (s.fields.title.as_str(), s.fields.points, s.fields.kind, s.fields.status),
        ("From CSV", Some(Points::parse("1.5").unwrap()), Kind::Bug, Status::Doing)
    );
    assert_eq!("jira-csv".parse::<ImportFormat>().unwrap(), ImportFormat::JiraCsv);
    assert_eq!("markdown".parse::<ExportFormat>().unwrap(), ExportFormat::Markdown);
    assert!("xml".parse::<ImportFormat>().unwrap_err().contains("auto, json, jira-csv, csv, trello"));
}

fn csv_export_reads_back_through_the_csv_import(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let store = demo_store(spot);
    let csv = export_as(&store, ExportFormat::Csv);
    assert!(csv.starts_with(
        "key,title,description,acceptance,kind,points,status,epic,sprint,assignee,labels,created,started,done\n"
    ));
    assert_eq!(csv.lines().next().unwrap().split(',').count(), 14);
    let file = write(dir.path(), "stories.csv", &csv);
    let mut copy = open(&spot.board("copy.db"), at(2026, 3, 11));
    let done = interchange::import(&mut copy, &file, ImportFormat::Auto).unwrap();
    assert!(
        done.message.starts_with(&format!("Imported {} stories", store.story_count().unwrap())),
        "{}",
        done.message
    );
    assert_eq!(export_as(&copy, ExportFormat::Csv), csv);
}

fn markdown_export_has_the_plan_the_review_and_the_velocity_table(spot: &Spot) {
    let spot = &spot.fresh();
    let store = demo_store(spot);
    let md = export_as(&store, ExportFormat::Markdown);
    assert_eq!(md, export_as(&store, ExportFormat::Markdown));
    for part in [
        "# Bento — food delivery: sprint plan and review\n",
        "Average velocity: **19 pts** (last 3 closed sprints: Sprint 4 – Sprint 6).",
        "## Sprint 7 (active) · 2 Mar – 15 Mar 2026\n\n**Goal:** Split the bill with friends; saved cards live",
        "## Sprint 8 (planned)",
        "| Key | Story | Kind | Points | Status | Assignee |",
        "## Review of Sprint 6 · 16 Feb – 1 Mar 2026",
        "| 23 pts | 16 pts | 70% | 1 pt | 0 pts | 8 pts |",
        "| BEN-23 | Save a card for next time | 8 | ◐ doing | Sprint 7 |",
        "| Sprint 1 | 18 | 13 | 0 | 0 | 5 | 72% |",
    ] {
        assert!(md.contains(part), "missing {part:?} in\n{md}");
    }
    assert!(!md.contains("Sprint 5 ·"), "only the last closed sprint is reviewed");
    let blank = open(&spot.board("blank.db"), at(2026, 3, 11));
    let md = export_as(&blank, ExportFormat::Markdown);
    assert!(md.contains("No sprint has closed yet") && md.contains("No sprint is planned"), "{md}");
}

fn jira_csv_keeps_epics_sprints_and_points_from_repeated_columns(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
    let jira = "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Created,Resolved,Sprint,Sprint,Labels,Labels,\
Custom field (Story Points),Custom field (Story point estimate),Custom field (Epic Link),Parent,Description
Checkout revamp,SHOP-1,10001,Epic,In Progress,,05/Mar/24 10:15 AM,,,,,,,,,,Fewer taps to pay
Pay with Apple Pay,SHOP-2,10002,Story,Done,Ana Lima,06/Mar/24 9:00 AM,20/Mar/24 4:30 PM,SHOP Sprint 1,SHOP Sprint 2,payments,ios,5,,SHOP-1,,\"Two
lines\"
Crash on login,SHOP-3,10003,Bug,In Review,Bo,,,SHOP Sprint 2,,,,,2,,10001,
Write the docs,SHOP-4,10004,Sub-task,To Do,,,,,,,,,,,10003,
Old epic link,SHOP-5,10005,Story,Open,,,,,,,,1,,OLD-9,,
";
    let file = write(dir.path(), "jira.csv", jira);
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 4 stories (8 pts), 2 sprints, 2 epics from jira.csv");
    // SHOP-2 was carried out of Sprint 1: that sprint is over.
    let one = store.sprint_by_name("SHOP Sprint 1").unwrap().unwrap();
    assert_eq!((one.fields.state, one.fields.number), (SprintState::Closed, 1));
    let epic = store.epic_by_key("SHOP-1").unwrap().unwrap();
    assert_eq!(
        (epic.fields.title.as_str(), epic.fields.description.as_str()),
        ("Checkout revamp", "Fewer taps to pay")
    );
    let pay = store.story_by_key("SHOP-2").unwrap().unwrap();
    let sprint = store.sprint(pay.place.sprint_id().unwrap()).unwrap().unwrap();
    assert_eq!(sprint.fields.name, "SHOP Sprint 2", "the last sprint column is the current sprint");
    assert_eq!(
        (pay.fields.status, pay.fields.points, pay.fields.epic),
        (Status::Done, Some(Points::whole(5)), Some(epic.id))
    );
    assert_eq!(
        (pay.fields.labels.clone(), pay.fields.description.as_str()),
        (vec!["payments".to_string(), "ios".into()], "Two\nlines")
    );
    assert_eq!(pay.created, at(2024, 3, 6).with_hour(9).unwrap().with_minute(0).unwrap());
    let crash = store.story_by_key("SHOP-3").unwrap().unwrap();
    assert_eq!(
        (crash.fields.kind, crash.fields.status, crash.fields.points, crash.fields.epic),
        (Kind::Bug, Status::Doing, Some(Points::whole(2)), Some(epic.id))
    );
    let docs = store.story_by_key("SHOP-4").unwrap().unwrap();
    assert_eq!(
        (docs.fields.kind, docs.fields.epic, docs.place),
        (Kind::Task, None, Place::Backlog),
        "a sub-task's parent is a story"
    );
    let old = store.story_by_key("SHOP-5").unwrap().unwrap();
    assert_eq!(store.epic(old.fields.epic.unwrap()).unwrap().unwrap().key, "OLD-9");
    // Points that are not a number leave the story unestimated, and the message says so.
    let odd = write(dir.path(), "odd-jira.csv", "Summary,Issue key,Custom field (Story Points)\nA,X-1,five\n");
    let done = interchange::import(&mut store, &odd, ImportFormat::Auto).unwrap();
    assert_eq!(
        done.message,
        "Imported 1 story (0 pts) from odd-jira.csv; line 2: 'five' is not a number of points, so that story came in unestimated"
    );
    let err = failed_import(spot, "bad-jira.csv", "Summary,Issue key,Custom field (Story Points)\nA,X-1\n");
    assert_eq!(
        err,
        "bad-jira.csv: line 2: 2 cells where the header has 3 — the file may be cut or a quote misplaced — nothing was imported"
    );
}

fn trello_lists_become_sprints_or_the_backlog(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
    let trello = r#"{"name": "Team board",
 "lists": [{"id": "l1", "name": "Backlog", "pos": 1}, {"id": "l2", "name": "To Do", "pos": 2},
           {"id": "l3", "name": "Doing", "pos": 3}, {"id": "l4", "name": "Done", "pos": 4},
           {"id": "l6", "name": "Sprint 12", "pos": 5}, {"id": "l5", "name": "Old", "closed": true, "pos": 6}],
 "cards": [{"name": "(3) Later thing", "idList": "l1", "pos": 2}, {"name": "(5) First in the backlog", "idList": "l1", "pos": 1},
           {"name": "(2) Fix the bug", "idList": "l3", "pos": 1, "labels": [{"name": "Bug", "color": "red"}], "idMembers": ["m1"]},
           {"name": "Shipped", "idList": "l4", "pos": 1}, {"name": "Archived", "idList": "l2", "closed": true, "pos": 1},
           {"name": "In an archived list", "idList": "l5", "pos": 1}, {"name": "(0.5) Next sprint", "idList": "l6", "pos": 1}],
 "members": [{"id": "m1", "fullName": "Ana Lima"}]}"#;
    let file = write(dir.path(), "trello.json", trello);
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 5 stories (10.5 pts), 2 sprints from trello.json; 2 archived cards were left out");
    let titles =
        |place| -> Vec<String> { store.stories_in(place).unwrap().into_iter().map(|s| s.fields.title).collect() };
    assert_eq!(titles(Place::Backlog), ["First in the backlog", "Later thing"]);
    let current = store.sprint_by_name("Current sprint").unwrap().unwrap();
    let stories = store.stories_in(Place::Sprint(current.id)).unwrap();
    let fix = &stories[0];
    assert_eq!(
        (fix.fields.title.as_str(), fix.fields.kind, fix.fields.status, fix.fields.assignee.as_str()),
        ("Fix the bug", Kind::Bug, Status::Doing, "Ana Lima")
    );
    assert_eq!((stories[1].fields.title.as_str(), stories[1].fields.status), ("Shipped", Status::Done));
    assert_eq!(current.fields.state, SprintState::Active);
    let next = store.sprint_by_name("Sprint 12").unwrap().unwrap();
    assert_eq!((next.fields.state, next.fields.number), (SprintState::Planned, 2), "after the workflow lists");
    let err = failed_import(spot, "bad-trello.json", r#"{"lists": [], "cards": [{"name": 5, "idList": "l1"}]}"#);
    assert!(err.starts_with("bad-trello.json: cards[0].name: expected text, found 5"), "{err}");
}
}
