//! Broken files: each must leave the board byte for byte as it was, and say
//! where (a line, a JSON path) and why.

use super::*;

pub fn failed_import(spot: &crate::common::Spot, name: &str, text: &str) -> String {
    let spot = spot.fresh();
    let mut store = small_board(&spot.board("a.db"));
    let before = export(&store);
    let file = write(spot.dir.path(), name, text);
    let err = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap_err().to_string();
    assert_eq!(export(&store), before, "{name} changed the board: {err}");
    assert!(err.ends_with("nothing was imported"), "{err}");
    store.integrity_check().unwrap();
    err
}

fn minimal_json(stories: &str) -> String {
    format!(
        r#"{{"format": "sprintboard/1", "sprints": [{{"name": "Sprint 8", "start": "2026-10-05", "end": "2026-10-18"}}],
"stories": [{stories}]}}"#
    )
}

crate::on_both_engines! {
fn broken_json_changes_nothing_and_says_where(spot: &Spot) {
    let truncated = &minimal_json(r#"{"title": "a"}"#)[..60];
    let err = failed_import(spot, "cut.json", truncated);
    assert!(err.starts_with("cut.json: line 1, column 60: the file ends too early"), "{err}");
    let err = failed_import(spot, "type.json", &minimal_json(r#"{"title": "a"}, {"title": "b", "points": "five"}"#));
    assert!(err.starts_with(r#"type.json: stories[1].points: expected a number, found "five""#), "{err}");
    let err = failed_import(spot,
        "ref.json",
        &minimal_json(r#"{"title": "a", "sprint": "Sprint 8"}, {"title": "b", "sprint": "Sprint 99"}"#),
    );
    assert!(err.starts_with(r#"ref.json: stories[1].sprint: no sprint named "Sprint 99" in the file"#), "{err}");
    let err =
        failed_import(spot, "twice.json", &minimal_json(r#"{"key": "X-1", "title": "a"}, {"key": "x-1", "title": "b"}"#));
    assert!(err.contains("stories[1].key: the key x-1 appears twice in the file (first at stories[0].key)"), "{err}");
    let err = failed_import(spot, "neg.json", &minimal_json(r#"{"title": "a", "points": -3}"#));
    assert!(err.contains("stories[0].points: points cannot be negative (-3)"), "{err}");
    let err = failed_import(spot, "empty.json", "  \n");
    assert_eq!(err, "empty.json: the file is empty — nothing was imported");
    let err = failed_import(spot, "other.json", r#"{"name": "x"}"#);
    assert!(err.contains("not a sprintboard export"), "{err}");
    let err = failed_import(spot,
        "risk.json",
        r#"{"format": "sprintboard/1", "risks": [{"title": "r", "probability": 7, "impact": 1}]}"#,
    );
    assert!(err.contains("risks[0].probability: probability must be from 1 to 5, not 7"), "{err}");
}

fn broken_csv_changes_nothing_and_names_the_line(spot: &Spot) {
    let err = failed_import(spot, "five.csv", "title,points\nA,3\n\"B, with a comma\",2\nC,five\n");
    assert_eq!(err, "five.csv: line 4: 'five' is not a number of points — nothing was imported");
    // A quoted newline makes a record span two lines; the error names the line it starts on.
    let err = failed_import(spot, "neg.csv", "title,points\n\"Two\nlines\",1\nD,-3\n");
    assert_eq!(err, "neg.csv: line 4: points cannot be negative (-3) — nothing was imported");
    let err = failed_import(spot, "header.csv", "key,points\nA-1,3\n");
    assert!(
        err.starts_with(
            "header.csv: line 1: no title column (one of title, summary, name); the header has: key, points"
        ),
        "{err}"
    );
    assert_eq!(failed_import(spot, "empty.csv", ""), "empty.csv: the file is empty — nothing was imported");
    let err = failed_import(spot, "notitle.csv", "title,points\nA,1\n  ,2\n");
    assert!(err.contains("line 3: a story needs a title"), "{err}");
    let err = failed_import(spot, "closed.csv", "title,sprint\nLate,Sprint 1\n");
    assert!(err.contains("line 2: Sprint 1 is closed"), "{err}");
}
}
