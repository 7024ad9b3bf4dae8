//! The command line, run as the real binary against temp board files (SPEC §4).

#[path = "cli/bad_input.rs"]
mod bad_input;
mod common;
#[path = "cli/files.rs"]
mod files;

use common::Board;
use serde_json::{Value, json};

/// A board with three backlog stories and one planned sprint.
fn planned_board(spot: &common::Spot) -> Board {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Meal planner", "--key-prefix", "MP"]);
    b.ok_both(&["add", "Save favourite meals", "--points", "5"]);
    b.ok_both(&["add", "Shopping list", "--points", "0.5", "--kind", "task"]);
    b.ok_both(&["add", "Crash on empty pantry", "--kind", "bug"]);
    b.ok(&["sprint", "new", "Sprint 1", "--goal", "Plan a week", "--capacity", "10"]);
    b
}

#[test]
fn init_refuses_a_board_that_already_has_stories() {
    let b = planned_board(&common::Spot::sqlite());
    let before = common::bytes(&b.db);
    let err = b.fail(&["init", "--name", "Other"]);
    assert_eq!(
        err,
        format!(
            "sprintboard: {} already holds a board with 3 stories; init only sets up a new board (choose another file with --db)",
            b.db.display()
        )
    );
    assert_eq!(common::bytes(&b.db), before);
    assert_eq!(b.ok(&["init", "--db", "fresh.db"]), "Board \"My product\" ready, story keys SB-1, SB-2, …\n");
}

#[test]
fn config_problems_are_warned_once_and_the_defaults_used() {
    let b = Board::new();
    let config = b.path("config.toml");
    std::fs::write(&config, "velocity_window = 1\ntheme = \"neon\"\nsprint_days = -3\n").unwrap();
    let out = b.cmd().args(["sprint", "new", "Sprint 1"]).env("SPRINTBOARD_CONFIG", &config).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Planned Sprint 1 (Nov 2 – Nov 15)\n", "14 days, the default");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "sprintboard: warning: config.toml line 2: theme must be one of default, high-contrast, light (not \"neon\")\n\
         sprintboard: warning: config.toml line 3: sprint_days must be a whole number of days from 1 to 365 (not -3)\n"
    );
    let v = b.cmd().args(["velocity", "--json"]).env("SPRINTBOARD_CONFIG", &config).output().unwrap();
    let v: Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(v["window"], 1, "the good line still applies");
}

/// About files (a missing one is made), so not on a server.
#[test]
fn an_empty_board_lists_and_reports_nothing_yet() {
    let spot = &common::Spot::sqlite();
    let b = Board::on(spot);
    assert_eq!(b.ok(&["sprint", "list"]), "No sprints yet: plan one with `sprintboard sprint new NAME`.\n");
    assert_eq!(b.ok(&["velocity"]), "No closed sprints yet: velocity is recorded when a sprint closes.\n");
    assert_eq!(b.ok(&["list", "--json"]), "[]\n");
    assert_eq!(b.ok(&["undo"]), "Nothing to undo\n");
    assert_eq!(b.ok(&["redo"]), "Nothing to redo\n");
    assert!(b.db.exists(), "a missing board file is created");
}

/// About files (a missing one is made), so not on a server.
#[test]
fn the_board_file_comes_from_db_before_or_after_the_command_then_the_environment() {
    let spot = &common::Spot::sqlite();
    let b = Board::on(spot);
    let other = b.path("sub/other.db");
    let other = other.to_str().unwrap();
    b.ok_both(&["--db", other, "add", "Before"]);
    b.ok_both(&["add", "After", "--db", other]);
    assert!(!b.db.exists(), "--db wins over $SPRINTBOARD_DB");
    let v: Value = serde_json::from_str(&b.ok(&["list", "--json", "--db", other])).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    b.ok_both(&["add", "Env"]);
    assert!(b.db.exists(), "$SPRINTBOARD_DB is used without --db");
}

on_both_engines! {
fn scripted_flow_from_init_to_velocity_and_undo(spot: &Spot) {
    let b = Board::on(spot);
    assert_eq!(
        b.ok(&["init", "--name", "Meal planner", "--key-prefix", "mp"]),
        "Board \"Meal planner\" ready, story keys MP-1, MP-2, …\n"
    );
    let (key, said) = b.ok_both(&["add", "Save favourite meals", "--points", "5"]);
    assert_eq!((key.as_str(), said.as_str()), ("MP-1\n", "Added MP-1 \"Save favourite meals\" (5 pts) → Backlog\n"));
    b.ok_both(&["add", "Shopping list", "--points", "0.5"]);
    b.ok_both(&["add", "Pantry", "--points", "3"]);
    assert_eq!(
        b.ok(&["sprint", "new", "Sprint 1", "--capacity", "10"]),
        "Planned Sprint 1 (Nov 2 – Nov 15), capacity 10 pts\n"
    );
    assert_eq!(
        b.ok(&["move", "MP-1", "--sprint", "Sprint 1"]),
        "MP-1 \"Save favourite meals\" (5 pts) → Sprint 1 · 5/10 pts\n"
    );
    b.ok(&["move", "mp-2", "--sprint", "sprint 1"]);
    b.ok(&["move", "MP-3", "--sprint", "1"]);
    assert_eq!(
        b.ok(&["sprint", "start", "Sprint 1"]),
        "Started Sprint 1: 3 stories, 8.5 pts committed of 10 capacity\n"
    );
    assert_eq!(b.ok(&["set", "MP-1", "--status", "done"]), "MP-1 \"Save favourite meals\" (5 pts): ● done\n");
    b.ok(&["set", "MP-2", "--status", "done"]);
    assert_eq!(
        b.ok(&["sprint", "close", "Sprint 1"]),
        "Closed Sprint 1: 5.5 of 8.5 pts done · 1 unfinished (3 pts) → Backlog top · velocity now 5.5\n"
    );
    let velocity = "{\n  \"window\": 3,\n  \"average\": 5.5,\n  \"sprints\": [\n    {\n      \"name\": \"Sprint 1\",\n      \"committed\": 8.5,\n      \"completed\": 5.5,\n      \"added\": 0,\n      \"removed\": 0,\n      \"carried\": 3\n    }\n  ]\n}\n";
    assert_eq!(b.ok(&["velocity", "--json"]), velocity);
    assert_eq!(
        b.ok(&["undo"]),
        "Undid: Sprint 1 active again, Nov 2 – Nov 15, 8.5/10 pts · was: Closed Sprint 1: 5.5 of 8.5 pts done · 1 unfinished (3 pts) → Backlog top · velocity now 5.5\n"
    );
    assert_eq!(b.ok(&["velocity", "--json"]), "{\n  \"window\": 3,\n  \"average\": null,\n  \"sprints\": []\n}\n");
    assert!(b.ok(&["redo"]).starts_with("Redid: Closed Sprint 1: 5.5 of 8.5 pts done"));
    assert_eq!(b.ok(&["velocity", "--json"]), velocity);
    assert_eq!(b.ok(&["redo"]), "Nothing to redo\n");
    let backlog = b.ok(&["list"]);
    assert!(backlog.contains("MP-3    3  todo    story  Pantry"), "{backlog}");
}

fn add_puts_stories_where_asked_and_prints_only_the_key(spot: &Spot) {
    let b = planned_board(spot);
    let (key, said) = b.ok_both(&["add", "Recipe import", "--sprint", "Sprint 1", "--points", "2", "--kind", "spike"]);
    assert_eq!(key, "MP-4\n");
    assert_eq!(said, "Added MP-4 \"Recipe import\" (2 pts) → Sprint 1 · 2/10 pts\n");
    let stories: Value = serde_json::from_str(&b.ok(&["list", "--sprint", "Sprint 1", "--json"])).unwrap();
    assert_eq!(stories[0]["key"], "MP-4");
    assert_eq!(stories[0]["kind"], "spike");
    assert_eq!(stories[0]["sprint"], "Sprint 1");
}

fn set_changes_each_field_and_none_clears(spot: &Spot) {
    let b = planned_board(spot);
    {
        let mut store = sprintboard::store::Store::open(&b.db).unwrap();
        let row = sprintboard::store::EpicFields { title: "Weekly planning".into(), ..Default::default() };
        sprintboard::ops::add_epic(&mut store, row).unwrap();
    }
    assert_eq!(
        b.ok(&["set", "MP-1", "--points", "8"]),
        "MP-1 \"Save favourite meals\" (8 pts): estimate 5 pts → 8 pts\n"
    );
    assert_eq!(
        b.ok(&["set", "MP-1", "--points", "none"]),
        "MP-1 \"Save favourite meals\" (unestimated): estimate 8 pts → unestimated\n"
    );
    assert_eq!(
        b.ok(&["set", "MP-1", "--title", "Save meals", "--kind", "bug"]),
        "MP-1 \"Save meals\" (unestimated): title was \"Save favourite meals\", kind → bug\n"
    );
    assert_eq!(
        b.ok(&["set", "MP-1", "--epic", "E-1"]),
        "MP-1 \"Save meals\" (unestimated): epic E-1 Weekly planning\n"
    );
    assert_eq!(b.ok(&["set", "MP-1", "--status", "doing"]), "MP-1 \"Save meals\" (unestimated): ◐ doing\n");
    let story: Value = serde_json::from_str(&b.ok(&["list", "--json"])).unwrap();
    assert_eq!(story[0]["epic"], "E-1");
    assert_eq!(story[0]["started"], common::NOW);
    assert_eq!(b.ok(&["set", "MP-1", "--epic", "none"]), "MP-1 \"Save meals\" (unestimated): no epic\n");
    assert_eq!(b.ok(&["set", "MP-1", "--kind", "bug"]), "MP-1 \"Save meals\" (unestimated): nothing changed\n");
}

fn list_shows_the_backlog_a_sprint_or_everything(spot: &Spot) {
    let b = planned_board(spot);
    b.ok(&["move", "MP-2", "--sprint", "Sprint 1"]);
    assert_eq!(
        b.ok(&["list"]),
        "Backlog · 2 stories · 5 pts (1 unestimated)\n\
         KEY   PTS  STATUS  KIND   TITLE\n\
         MP-1    5  todo    story  Save favourite meals\n\
         MP-3    -  todo    bug    Crash on empty pantry\n"
    );
    assert_eq!(b.ok(&["list", "--backlog"]), b.ok(&["list"]));
    let sprint = b.ok(&["list", "--sprint", "sprint 1"]);
    assert_eq!(
        sprint,
        "Sprint 1 · planned · 2026-11-02 – 2026-11-15 · 1 story · 0.5/10 pts\n\
         Goal: Plan a week\n\
         KEY   PTS  STATUS  KIND  TITLE\n\
         MP-2  0.5  todo    task  Shopping list\n"
    );
    assert_eq!(b.ok(&["list", "--all"]), format!("{}\n{sprint}", b.ok(&["list"])));
    b.ok(&["sprint", "new", "Sprint 2"]);
    assert!(b.ok(&["list", "--sprint", "Sprint 2"]).ends_with("  (no stories)\n"));
}

fn list_cuts_titles_to_the_width_by_display_width(spot: &Spot) {
    let b = Board::on(spot);
    b.ok_both(&["add", "献立を一週間分まとめて保存する機能とその共有リンク", "--points", "3"]);
    b.ok_both(&["add", "Line one\nline two of a very long title that will not fit"]);
    let out = b.cmd().args(["list"]).env("COLUMNS", "40").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 40, "{line:?} is wider than 40");
    }
    assert!(text.contains("SB-1    3  todo    story  献立を一週間…"), "{text}");
    assert!(text.contains("SB-2    -  todo    story  Line one line…"), "{text}");
}

fn list_json_is_an_array_of_story_records_in_board_order(spot: &Spot) {
    let b = planned_board(spot);
    b.ok(&["move", "MP-3", "--sprint", "Sprint 1"]);
    let all: Value = serde_json::from_str(&b.ok(&["list", "--all", "--json"])).unwrap();
    let keys: Vec<&str> = all.as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["MP-1", "MP-2", "MP-3"]);
    assert_eq!(
        all[1],
        json!({
            "key": "MP-2", "title": "Shopping list", "description": "", "acceptance": "", "kind": "task",
            "points": 0.5, "status": "todo", "epic": null, "sprint": null, "assignee": "", "labels": [],
            "created": common::NOW, "started": null, "done": null
        })
    );
    assert_eq!(all[2]["sprint"], "Sprint 1");
}

fn move_keeps_order_and_takes_top_or_bottom(spot: &Spot) {
    let b = planned_board(spot);
    for key in ["MP-1", "MP-2", "MP-3"] {
        b.ok(&["move", key, "--sprint", "Sprint 1"]);
    }
    let order = |b: &Board, args: &[&str]| -> Vec<String> {
        let v: Value = serde_json::from_str(&b.ok(args)).unwrap();
        v.as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(order(&b, &["list", "--sprint", "Sprint 1", "--json"]), ["MP-1", "MP-2", "MP-3"]);
    b.ok(&["move", "MP-3", "--sprint", "Sprint 1", "--top"]);
    assert_eq!(order(&b, &["list", "--sprint", "Sprint 1", "--json"]), ["MP-3", "MP-1", "MP-2"]);
    assert_eq!(
        b.ok(&["move", "MP-1", "--backlog"]),
        "MP-1 \"Save favourite meals\" (5 pts) → Backlog (top) · Sprint 1 now 0.5/10 pts\n"
    );
    b.ok(&["move", "MP-2", "--backlog", "--bottom"]);
    b.ok(&["move", "MP-3", "--backlog"]);
    assert_eq!(order(&b, &["list", "--json"]), ["MP-3", "MP-1", "MP-2"]);
}

fn sprints_are_planned_started_closed_and_listed(spot: &Spot) {
    let b = planned_board(spot);
    assert_eq!(
        b.ok(&["sprint", "new", "Sprint 2", "--start", "2026-12-01", "--end", "2026-12-12", "--goal", "Ship it"]),
        "Planned Sprint 2 (Dec 1 – Dec 12)\n"
    );
    b.ok(&["move", "MP-1", "--sprint", "Sprint 1"]);
    b.ok(&["move", "MP-2", "--sprint", "Sprint 1"]);
    b.ok(&["sprint", "start", "Sprint 1"]);
    b.ok(&["set", "MP-1", "--status", "done"]);
    assert_eq!(
        b.ok(&["sprint", "close", "Sprint 1", "--unfinished", "next"]),
        "Closed Sprint 1: 5 of 5.5 pts done · 1 unfinished (0.5 pts) → Sprint 2 · velocity now 5\n"
    );
    assert_eq!(
        b.ok(&["sprint", "list"]),
        "NAME      STATE    START       END         POINTS  GOAL\n\
         Sprint 1  closed   2026-11-02  2026-11-15    5/10  Plan a week\n\
         Sprint 2  planned  2026-12-01  2026-12-12     0.5  Ship it\n"
    );
    b.ok(&["sprint", "start", "Sprint 2"]);
    assert_eq!(
        b.ok(&["sprint", "close", "Sprint 2", "--unfinished", "new"]),
        "Closed Sprint 2: 0 of 0.5 pts done · 1 unfinished (0.5 pts) → Sprint 3 · velocity now 2.5\n"
    );
    let v: Value = serde_json::from_str(&b.ok(&["velocity", "--json"])).unwrap();
    assert_eq!(
        v,
        json!({"window": 3, "average": 2.5, "sprints": [
            {"name": "Sprint 1", "committed": 5.5, "completed": 5, "added": 0, "removed": 0, "carried": 0.5},
            {"name": "Sprint 2", "committed": 0.5, "completed": 0, "added": 0, "removed": 0, "carried": 0.5}]})
    );
    assert_eq!(
        b.ok(&["velocity"]),
        "Average velocity: 2.5 pts (the last 2 closed sprints, Sprint 1 – Sprint 2)\n\
         SPRINT    COMMITTED  COMPLETED  ADDED  REMOVED  CARRIED  SAY/DO\n\
         Sprint 1        5.5          5      0        0      0.5     91%\n\
         Sprint 2        0.5          0      0        0      0.5      0%\n"
    );
}

fn usage_errors_exit_with_status_2(spot: &Spot) {
    let b = Board::on(spot);
    b.usage(&["frobnicate"]);
    b.usage(&["set", "SB-1"]);
    b.usage(&["list", "--backlog", "--all"]);
    b.usage(&["move", "SB-1"]);
    b.usage(&["move", "SB-1", "--backlog", "--top", "--bottom"]);
    b.usage(&["add", "X", "--kind", "epic"]);
    b.usage(&["sprint", "close", "S", "--unfinished", "later"]);
    b.usage(&["export", "--format", "xml"]);
    b.usage(&["forecast", "--format", "json"]);
    assert!(!b.db.exists(), "a usage error touches nothing");
    let help = b.cmd().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("SPRINTBOARD_NOW"));
}

fn sprints_are_edited_deleted_and_started_on_the_day_they_really_start(spot: &Spot) {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Team", "--key-prefix", "SB"]);
    b.ok(&["sprint", "new", "Sprint 1", "--start", "2026-11-09", "--end", "2026-11-22"]);
    b.ok(&["sprint", "new", "Sprint 2"]);
    b.ok_both(&["add", "Pay by card", "--points", "3", "--sprint", "Sprint 2"]);
    assert_eq!(
        b.ok(&["sprint", "edit", "Sprint 1", "--name", "Kickoff", "--goal", "Ship it", "--capacity", "20"]),
        "Edited Kickoff\n"
    );
    let err = b.fail(&["sprint", "edit", "Kickoff", "--end", "2026-11-01"]);
    assert!(err.contains("before the start date"), "{err}");
    assert_eq!(b.ok(&["sprint", "delete", "Sprint 2"]), "Deleted Sprint 2; its 1 story → Backlog top\n");
    assert!(b.ok(&["list"]).contains("SB-1"));
    // Started early: the dates move with it, keeping its length.
    b.ok(&["sprint", "start", "Kickoff", "--start", "2026-11-02"]);
    let list = b.ok(&["sprint", "list", "--json"]);
    assert!(list.contains("\"start\": \"2026-11-02\"") && list.contains("\"end\": \"2026-11-15\""), "{list}");
    // One undo takes the start and its dates back.
    b.ok(&["undo"]);
    let list = b.ok(&["sprint", "list", "--json"]);
    assert!(list.contains("\"start\": \"2026-11-09\"") && list.contains("\"state\": \"planned\""), "{list}");
    assert!(
        b.fail(&["sprint", "start", "Kickoff", "--start", "2026-11-20", "--end", "2026-11-10"])
            .contains("before it starts")
    );
}
}
