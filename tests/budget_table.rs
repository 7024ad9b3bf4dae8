//! `sprintboard budget` as a table (SPEC §4): every amount whole at 80
//! columns, the scope (the only text) the column that gives way.

mod common;
use common::Board;

#[test]
fn the_budget_table_never_cuts_an_amount_at_80_columns() {
    let b = Board::new();
    b.ok(&["init", "--name", "Meals"]);
    for name in ["ana", "ben"] {
        b.ok(&["member", "add", name, "--day-rate", "500"]);
    }
    b.ok(&["sprint", "new", "Sprint 1", "--start", "2026-10-05"]);
    b.ok_both(&["add", "Plan the week", "--points", "2", "--sprint", "Sprint 1"]);
    b.ok(&["sprint", "start", "Sprint 1"]);
    b.ok(&["set", "SB-1", "--status", "done"]);
    b.ok(&["sprint", "close", "Sprint 1"]);
    // 40 pts left at €5,000 a point (10 days × 2 × €500 for 2 pts): a
    // six-figure estimate at completion, the widest cell.
    b.ok_both(&["add", "Recipes", "--points", "40"]);
    b.ok(&["budget", "set", "--board", "150000"]);
    let title = "A much longer objective title than any column has room for";
    // No command adds objectives (the Roadmap screen does): the library does.
    let mut store = sprintboard::store::Store::open(&b.db).unwrap();
    sprintboard::ops::add_objective(&mut store, title, "", "").unwrap();
    drop(store);
    b.ok(&["budget", "set", "--objective", title, "20000"]);
    let o = b.cmd().env("COLUMNS", "80").arg("budget").output().unwrap();
    let table = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("     BUDGET") && lines[0].ends_with("SCOPE"), "{table}");
    for line in &lines[..3] {
        assert!(line.chars().count() <= 80, "wider than 80: {line}");
    }
    assert!(
        lines[1].contains("€150,000.00") && lines[1].contains("€210,000.00") && lines[1].ends_with("board"),
        "{table}"
    );
    assert!(lines[2].contains("€20,000.00") && lines[2].contains("objective") && lines[2].ends_with('…'), "{table}");
}
