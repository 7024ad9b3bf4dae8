//! The team, days off, budgets, expenses and dependencies from the command
//! line (SPEC §4): every command, its `--json`, undo, and each bad input
//! refused in one sentence; on a file and on PostgreSQL.

mod common;

use common::{Board, Spot};
use serde_json::Value;

fn json(b: &Board, args: &[&str]) -> Value {
    serde_json::from_str(&b.ok(args)).expect("JSON")
}

/// Five developers at €500.00 a day, and a closed Sprint 1 (Mon 5 – Sun 18
/// Oct 2026, 10 working days) that completed 20 pts: 50 person-days frozen,
/// €25,000 of labour.
fn team_board(spot: &Spot) -> Board {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Meals"]);
    for name in ["ana", "ben", "cai", "dee", "eli"] {
        b.ok(&["member", "add", name, "--role", "developer", "--day-rate", "500"]);
    }
    b.ok(&["sprint", "new", "Sprint 1", "--start", "2026-10-05"]);
    b.ok_both(&["add", "Plan the week", "--points", "20", "--sprint", "Sprint 1"]);
    b.ok(&["sprint", "start", "Sprint 1"]);
    b.ok(&["set", "SB-1", "--status", "done"]);
    b.ok(&["sprint", "close", "Sprint 1"]);
    b
}

fn sprint<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|s| s["name"] == name).expect("sprint listed")
}

on_both_engines! {
fn members_are_added_changed_listed_removed_and_undone(spot: &Spot) {
    let b = Board::on(spot);
    b.ok(&["init", "--name", "Meals"]);
    let out = b.ok(&["member", "add", "maya", "--role", "developer", "--availability", "80%", "--day-rate", "€1,200.50"]);
    assert_eq!(out.trim(), "Added maya (developer, 80 %, €1,200.50 a day) to the team · 1 member");
    b.ok(&["member", "add", "jo", "--hours", "6", "--from", "2026-11-09"]);
    b.ok(&["member", "set", "jo", "--day-rate", "400", "--name", "Jo"]);
    let list = json(&b, &["member", "list", "--json"]);
    assert_eq!(list[0]["name"], "Jo");
    assert_eq!(list[0]["hours"], 6.0);
    assert_eq!(list[0]["day_rate"], 40_000);
    assert_eq!(list[0]["active_from"], "2026-11-09");
    assert_eq!(list[1]["name"], "maya");
    assert_eq!(list[1]["availability"], 80);
    assert_eq!(list[1]["day_rate"], 120_050);
    assert_eq!(list[1]["currency"], "EUR");
    assert!(b.ok(&["member", "list"]).contains("€1,200.50"));
    // A member with days off but no closed sprint behind them goes, days off too.
    b.ok(&["dayoff", "add", "Jo", "2026-12-24", "2026-12-31"]);
    assert_eq!(b.ok(&["member", "remove", "jo"]).trim(), "Removed Jo from the team with 1 day off entry");
    assert_eq!(json(&b, &["dayoff", "list", "--json"]), serde_json::json!([]));
    b.ok(&["undo"]);
    assert_eq!(json(&b, &["member", "list", "--json"]).as_array().unwrap().len(), 2);
    assert_eq!(json(&b, &["dayoff", "list", "--json"])[0]["member"], "Jo");
    b.ok(&["redo"]);
    assert_eq!(json(&b, &["member", "list", "--json"]).as_array().unwrap().len(), 1);
}

fn bad_rates_and_members_are_refused_in_one_sentence(spot: &Spot) {
    let b = Board::on(spot);
    b.ok(&["member", "add", "maya"]);
    for (args, says) in [
        (vec!["member", "add", "zed", "--day-rate", "-5"], "day rate: an amount cannot be negative (-5)"),
        (vec!["member", "add", "zed", "--day-rate", "lots"], "day rate: \"lots\" is not an amount of money, like 1,200.50"),
        (vec!["member", "add", "zed", "--day-rate", "$500"], "day rate: $500 is in USD, but this board counts money in EUR"),
        (
            vec!["member", "add", "zed", "--day-rate", "92233720368547758.08"],
            "day rate: 92233720368547758.08 is more money than the board can count (at most €92,233,720,368,547,758)",
        ),
        (vec!["member", "add", "zed", "--availability", "-10"], "availability is a percentage from 0 to 100 (not -10)"),
        (vec!["member", "add", "zed", "--availability", "150"], "availability is a percentage from 0 to 100 (not 150)"),
        (vec!["member", "add", "zed", "--hours", "0"], "hours per day must be a number more than 0 and at most 24 (not \"0\")"),
        (vec!["member", "add", "MAYA"], "there is already a team member named \"MAYA\""),
        (vec!["member", "set", "nobody", "--role", "x"], "there is no team member named \"nobody\""),
        (
            vec!["member", "add", "zed", "--from", "2026-12-01", "--to", "2026-11-01"],
            "the member's last day 2026-11-01 is before their first day 2026-12-01",
        ),
    ] {
        assert_eq!(b.fail(&args), format!("sprintboard: {says}"), "{args:?}");
    }
}

fn a_member_with_history_is_refused_and_past_sprints_keep_their_numbers(spot: &Spot) {
    let b = team_board(spot);
    let err = b.fail(&["member", "remove", "ana"]);
    assert_eq!(
        err,
        "sprintboard: ana counts in 1 closed sprint (last Sprint 1); end their membership \
         instead with `sprintboard member set \"ana\" --to 2026-11-02`, so past sprints keep their frozen numbers"
    );
    // Rates change and a member leaves: the closed sprint keeps its 50 person-days and €25,000.
    b.ok(&["member", "set", "ana", "--day-rate", "900", "--to", "2026-11-02"]);
    b.ok(&["member", "set", "ben", "--availability", "50"]);
    let list = json(&b, &["sprint", "list", "--json"]);
    assert_eq!(sprint(&list, "Sprint 1")["person_days"], 50);
    assert_eq!(sprint(&list, "Sprint 1")["cost"], 2_500_000);
}

fn days_off_are_added_listed_removed_and_checked(spot: &Spot) {
    let b = team_board(spot);
    b.ok(&["sprint", "new", "Sprint 2", "--start", "2026-11-02"]);
    let out = b.ok(&["dayoff", "add", "ana", "2026-11-02", "2026-11-05", "--fraction", "0.5"]);
    assert_eq!(out.trim(), "Day off #1 for ana: 2026-11-02 – 2026-11-05 (4 working days) at 0.5 of each day");
    // Holidays months ahead are accepted, with a notice: no sprint covers them yet.
    let out = b.ok(&["dayoff", "add", "--team", "2027-05-03"]);
    assert_eq!(
        out.trim(),
        "Day off #2 for the whole team: 2027-05-03 (1 working day) · no sprint covers these dates yet: they count once one is planned over them"
    );
    let list = json(&b, &["dayoff", "list", "--json"]);
    assert_eq!(list[0]["member"], "ana");
    assert_eq!(list[0]["fraction"], 0.5);
    assert_eq!(list[0]["working_days"], 4);
    assert_eq!(list[1]["member"], Value::Null);
    assert_eq!(b.ok(&["dayoff", "remove", "2"]).trim(), "Removed day off #2 (2027-05-03 – 2027-05-03)");
    for (args, says) in [
        (vec!["dayoff", "add", "ana", "2026-11-05", "2026-11-02"], "the last day off 2026-11-02 is before the first 2026-11-05"),
        (
            vec!["dayoff", "add", "ana", "2026-11-05", "--fraction", "2"],
            "the fraction of a day off is more than 0 and at most 1, like 0.5 for half days (not \"2\")",
        ),
        (vec!["dayoff", "add", "nobody", "2026-11-05"], "there is no team member named \"nobody\""),
        (vec!["dayoff", "add", "ana", "someday"], "the first date \"someday\" is not a date like 2026-11-02"),
        (vec!["dayoff", "remove", "99"], "there is no day off #99"),
    ] {
        assert_eq!(b.fail(&args), format!("sprintboard: {says}"), "{args:?}");
    }
}

fn capacity_follows_person_days_and_is_frozen_at_close(spot: &Spot) {
    let b = team_board(spot);
    // Three of five away for four days: 50 − 12 = 38 person-days; 20 × 38 ÷ 50 = 15.2 → 15 pts.
    for name in ["ana", "ben", "cai"] {
        b.ok(&["dayoff", "add", name, "2026-11-02", "2026-11-05"]);
    }
    let out = b.ok(&["sprint", "new", "Sprint 2", "--start", "2026-11-02"]);
    assert!(out.contains("capacity 15 pts"), "{out}");
    // Half the team away for the whole sprint: about half the points.
    for name in ["ana", "ben"] {
        b.ok(&["dayoff", "add", name, "2026-11-16", "2026-11-29"]);
    }
    b.ok(&["dayoff", "add", "cai", "2026-11-16", "2026-11-29", "--fraction", "0.5"]);
    assert!(b.ok(&["sprint", "new", "Sprint 3"]).contains("capacity 10 pts"));
    let list = json(&b, &["sprint", "list", "--json"]);
    let s2 = sprint(&list, "Sprint 2");
    assert_eq!((s2["person_days"].clone(), s2["suggested_capacity"].clone()), (38.into(), 15.into()));
    assert_eq!(s2["cost"], 1_900_000, "38 days × €500");
    assert_eq!(sprint(&list, "Sprint 3")["person_days"], 25);
    // Closing Sprint 2 freezes its numbers; later days off do not change them.
    b.ok_both(&["add", "Pay", "--points", "15", "--sprint", "Sprint 2"]);
    b.ok(&["sprint", "start", "Sprint 2"]);
    b.ok(&["sprint", "close", "Sprint 2"]);
    b.ok(&["dayoff", "add", "--team", "2026-11-02", "2026-11-13"]);
    let list = json(&b, &["sprint", "list", "--json"]);
    assert_eq!(sprint(&list, "Sprint 2")["person_days"], 38);
    assert_eq!(sprint(&list, "Sprint 2")["suggested_capacity"], Value::Null);
}

fn a_board_without_a_team_lists_sprints_as_before(spot: &Spot) {
    let b = Board::on(spot);
    b.ok(&["sprint", "new", "Sprint 1"]);
    let list = json(&b, &["sprint", "list", "--json"]);
    assert_eq!(list[0]["capacity"], Value::Null, "no team, no velocity: no suggestion");
    assert!(list[0].get("person_days").is_none());
    assert!(list[0].get("cost").is_none());
}

fn budgets_and_expenses_say_spent_left_and_the_shortfall(spot: &Spot) {
    let b = team_board(spot);
    b.ok_both(&["add", "Recipes", "--points", "40"]);
    b.ok(&["sprint", "new", "Sprint 2", "--start", "2026-10-19"]);
    let out = b.ok(&["expense", "add", "1,200.50", "--category", "licences", "--sprint", "Sprint 1", "--note", "IDE"]);
    assert_eq!(out.trim(), "Expense #1: €1,200.50 for licences on 2026-10-18 · Sprint 1");
    let list = json(&b, &["expense", "list", "--json"]);
    assert_eq!(list[0]["amount"], 120_050);
    assert_eq!(list[0]["sprint"], "Sprint 1");
    assert_eq!(list[0]["note"], "IDE");
    assert_eq!(b.ok(&["budget", "set", "--board", "€60,000"]).trim(), "Budget of the board: €60,000.00");
    let doc = json(&b, &["budget", "--json"]);
    // Cost per point: (€25,000 + €1,200.50) ÷ 20 pts = €1,310.03 (rounded).
    assert_eq!(doc["cost_per_point"], 131_003);
    let board = &doc["budgets"][0];
    assert_eq!(board["scope"], "board");
    assert_eq!(board["amount"], 6_000_000);
    assert_eq!(board["spent"], 2_620_050);
    // 40 pts left at a constant €1,310.025 a point: €52,401; EAC €78,601.50.
    assert_eq!(board["eac"], 7_860_150);
    assert_eq!(board["left_p50"], -1_860_150);
    assert_eq!(board["left_p85"], -1_860_150);
    assert_eq!(board["currency"], "EUR");
    assert_eq!(
        board["shortfall"],
        "budget runs out in Sprint 3; the remaining work finishes at P85 in Sprint 3 → short €18,602"
    );
    let table = b.ok(&["budget"]);
    assert!(table.contains("€60,000.00") && table.contains("44 %"), "{table}");
    for (args, says) in [
        (vec!["budget", "set", "--board", "$5000"], "$5000 is in USD, but this board counts money in EUR"),
        (vec!["budget", "set", "--board", "5000 GBP"], "5000 GBP is in GBP, but this board counts money in EUR"),
        (vec!["budget", "set", "--board", "-5"], "an amount cannot be negative (-5)"),
        (vec!["budget", "set", "--epic", "E-9", "5"], "there is no epic E-9"),
        (vec!["budget", "set", "--objective", "Grow", "5"], "there is no objective titled \"Grow\""),
        (vec!["expense", "add", "ten", "--category", "x"], "\"ten\" is not an amount of money, like 1,200.50"),
        (vec!["expense", "add", "-3", "--category", "x"], "an amount cannot be negative (-3)"),
        (
            vec!["expense", "add", "99999999999999999999", "--category", "x"],
            "99999999999999999999 is more money than the board can count (at most €92,233,720,368,547,758)",
        ),
        (vec!["expense", "add", "5", "--category", " "], "an expense needs a category, like licences"),
    ] {
        assert_eq!(b.fail(&args), format!("sprintboard: {says}"), "{args:?}");
    }
    b.ok(&["undo"]);
    assert_eq!(json(&b, &["budget", "--json"])["budgets"], serde_json::json!([]));
}

fn a_board_in_yen_counts_whole_yen(spot: &Spot) {
    let b = Board::on(spot);
    std::fs::write(b.path("no-config.toml"), "currency = \"JPY\"\n").unwrap();
    assert_eq!(b.ok(&["budget", "set", "--board", "¥1,200,000"]).trim(), "Budget of the board: ¥1,200,000");
    assert_eq!(
        b.fail(&["expense", "add", "1200.5", "--category", "x"]),
        "sprintboard: JPY has no smaller unit, so 1200.5 cannot be paid; give a whole amount"
    );
    assert_eq!(json(&b, &["budget", "--json"])["budgets"][0]["amount"], 1_200_000);
}

fn dependencies_warn_and_loops_are_refused(spot: &Spot) {
    let b = team_board(spot);
    b.ok(&["sprint", "new", "Sprint 2"]);
    b.ok_both(&["add", "Card payments", "--points", "5"]); // SB-2, backlog
    b.ok_both(&["add", "Refunds", "--points", "3", "--sprint", "Sprint 2"]); // SB-3
    b.ok_both(&["add", "Receipts", "--points", "2", "--sprint", "Sprint 2"]); // SB-4
    let out = b.ok(&["block", "SB-3", "--by", "SB-2"]);
    assert_eq!(
        out.trim(),
        "SB-3 is blocked by SB-2 · ⚠ SB-3 (Sprint 2) waits on SB-2, which is still in the backlog and not done"
    );
    b.ok(&["block", "SB-4", "--by", "SB-3"]);
    assert_eq!(
        b.fail(&["block", "SB-2", "--by", "SB-4"]),
        "sprintboard: that would make a loop: SB-2 → SB-4 → SB-3 → SB-2 (each waits on the next)"
    );
    assert_eq!(b.fail(&["block", "SB-3", "--by", "SB-3"]), "sprintboard: that would make a loop: SB-3 → SB-3 (each waits on the next)");
    assert_eq!(b.fail(&["block", "SB-3", "--by", "SB-2"]), "sprintboard: SB-3 is already blocked by SB-2");
    assert_eq!(b.fail(&["unblock", "SB-2", "--by", "SB-3"]), "sprintboard: SB-2 is not blocked by SB-3");
    let forecast = json(&b, &["forecast", "--json"]);
    assert_eq!(
        forecast["blocked"],
        serde_json::json!([
            "SB-3 (Sprint 2) waits on SB-2, which is still in the backlog and not done",
            "SB-4 (Sprint 2) waits on SB-3, which is in the same sprint and not done"
        ])
    );
    assert!(b.ok(&["forecast"]).contains("⚠ SB-4 (Sprint 2) waits on SB-3"));
    let started = b.ok(&["sprint", "start", "Sprint 2"]);
    assert!(started.contains("⚠ SB-3 (Sprint 2) waits on SB-2"), "{started}");
    b.ok(&["undo"]);
    assert_eq!(b.ok(&["unblock", "SB-3", "--by", "SB-2"]).trim(), "SB-3 is no longer blocked by SB-2");
    b.ok(&["undo"]);
    assert_eq!(json(&b, &["forecast", "--json"])["blocked"].as_array().unwrap().len(), 2);
}

fn an_epics_remaining_cost_is_its_points_times_cost_per_point(spot: &Spot) {
    // One recorded sprint: 20 pts for €25,000 (€1,250 a point). Every
    // trial draws it, so P50 = P85 = 30 pts × €1,250 = €37,500.
    let b = team_board(spot);
    {
        let mut store = sprintboard::store::Store::open(&b.db).unwrap();
        let row = sprintboard::store::EpicFields { title: "Payments".into(), ..Default::default() };
        sprintboard::ops::add_epic(&mut store, row).unwrap();
    }
    b.ok_both(&["add", "Other work", "--points", "10"]);
    b.ok_both(&["add", "Cards", "--points", "30", "--epic", "E-1"]);
    let f = json(&b, &["forecast", "--json"]);
    let epic = &f["epics"][0];
    assert_eq!((epic["cost_p50"].clone(), epic["cost_p85"].clone()), (3_750_000.into(), 3_750_000.into()));
    b.ok(&["budget", "set", "--epic", "E-1", "30,000"]);
    let line = &json(&b, &["budget", "--json"])["budgets"][0];
    assert_eq!((line["scope"].clone(), line["target"].clone()), ("epic".into(), "E-1".into()));
    assert_eq!((line["spent"].clone(), line["eac"].clone()), (0.into(), 3_750_000.into()));
    assert_eq!(line["shortfall"], "budget runs out in Sprint 3; E-1 finishes at P85 in Sprint 3 → short €7,500");
}

fn the_json_export_round_trips_the_team_and_money(spot: &Spot) {
    let b = team_board(spot);
    b.ok(&["dayoff", "add", "ana", "2026-11-02", "--fraction", "0.5"]);
    b.ok(&["dayoff", "add", "--team", "2026-12-25"]);
    b.ok_both(&["add", "Card payments", "--points", "5"]);
    b.ok_both(&["add", "Refunds", "--points", "3"]);
    b.ok(&["block", "SB-3", "--by", "SB-2"]);
    b.ok(&["budget", "set", "--board", "100000", "--from", "2026-10-01"]);
    b.ok(&["expense", "add", "99.99", "--category", "hosting", "--date", "2026-10-10"]);
    let first = b.ok(&["export"]);
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["members"].as_array().unwrap().len(), 5);
    assert_eq!(doc["dependencies"], serde_json::json!([{"story": "SB-3", "by": "SB-2"}]));
    assert_eq!(doc["sprint_team"], serde_json::json!([{"sprint": "Sprint 1", "person_days": 50, "cost": 2_500_000}]));
    let file = b.path("board.json");
    std::fs::write(&file, &first).unwrap();
    let spot2 = spot.fresh();
    let copy = Board::on(&spot2);
    copy.ok(&["import", &file.to_string_lossy()]);
    assert_eq!(copy.ok(&["export"]), first, "the round trip is identical");
    // A bad team part is refused at its JSON path, and nothing is imported.
    let bad = first.replace("\"by\": \"SB-2\"", "\"by\": \"SB-99\"");
    std::fs::write(&file, bad).unwrap();
    let empty = Board::on(&spot2.fresh());
    let err = empty.fail(&["import", &file.to_string_lossy()]);
    assert!(err.contains("dependencies[0].by: there is no story SB-99"), "{err}");
    assert_eq!(json(&empty, &["list", "--all", "--json"]), serde_json::json!([]));
}
}

#[test]
fn a_schema_3_file_migrates_and_its_history_stays_undoable() {
    let b = Board::new();
    std::fs::copy("tests/fixtures/board-schema-v3.db", &b.db).unwrap();
    assert_eq!(common::scalar(&b.db, "PRAGMA user_version"), 3);
    // maya's last change (SB-4 added) is undone after the migration.
    let out = b.cmd().env("SPRINTBOARD_USER", "maya").args(["undo"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Undid: Added SB-4 \"Share\""), "{out:?}");
    assert_eq!(common::scalar(&b.db, "PRAGMA user_version"), 4);
    assert_eq!(common::scalar(&b.db, "SELECT count(*) FROM velocity WHERE person_days IS NULL"), 1);
    // The sprint closed before the team was entered counts the team it would have had.
    b.ok(&["member", "add", "maya", "--day-rate", "100"]);
    let list = json(&b, &["sprint", "list", "--json"]);
    assert_eq!(sprint(&list, "Sprint 1")["person_days"], 10);
    assert_eq!(sprint(&list, "Sprint 1")["cost"], 100_000);
    // Its close is undone as well: the sprint is active again.
    let out = b.cmd().env("SPRINTBOARD_USER", "maya").args(["undo"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Closed Sprint 1"), "{out:?}");
    assert_eq!(sprint(&json(&b, &["sprint", "list", "--json"]), "Sprint 1")["state"], "active");
}
