//! Jira's "Blocks" issue links come in as dependencies (SPEC §1, issue 12):
//! `Inward issue link (Blocks)` names what an issue is blocked by,
//! `Outward issue link (Blocks)` what it blocks.

use super::real_csv::{import_real, real_file};
use super::*;
use sprintboard::domain::document::Document;

/// The dependencies of a board, as (waiting story, blocker) keys.
fn links(store: &Store) -> Vec<(String, String)> {
    let doc: Document = serde_json::from_str(&export(store)).unwrap();
    doc.team.dependencies.iter().map(|d| (d.story.clone(), d.by.clone())).collect()
}

#[test]
fn a_real_exports_blocks_links_become_dependencies() {
    // harshal08's RETAIL-76 row lists RETAIL-41 under "Outward issue link
    // (Blocks)": RETAIL-76 blocks RETAIL-41, so RETAIL-41 waits on it.
    let Some(b) = import_real("jira-harshal08-sprint1-allfields.csv") else { return };
    let mut got: Vec<(String, String)> =
        b.doc.team.dependencies.iter().map(|d| (d.story.clone(), d.by.clone())).collect();
    got.sort();
    let want = [
        ("RETAIL-20", "RETAIL-21"),
        ("RETAIL-24", "RETAIL-25"),
        ("RETAIL-41", "RETAIL-76"),
        ("RETAIL-57", "RETAIL-68"),
        ("RETAIL-62", "RETAIL-69"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert!(real_file("jira-harshal08-sprint1-allfields.csv").is_some());
}

const HEADER: &str = "Summary,Issue key,Issue id,Issue Type,Status,Inward issue link (Blocks),Outward issue link (Blocks),Outward issue link (Blocks)\n";

#[test]
fn links_to_issues_outside_the_file_and_loops_are_left_out_and_said() {
    let dir = tempfile::tempdir().unwrap();
    // In file order: SHOP-1 is blocked by SHOP-3 (inward) and blocks SHOP-2
    // (outward); SHOP-2 blocks OTHER-9, which is not in the file; then
    // SHOP-3 says it is blocked by SHOP-2, which would close the loop
    // SHOP-3 → SHOP-2 → SHOP-1 → SHOP-3: the link read last is left out.
    let csv = format!(
        "{HEADER}Pay,SHOP-1,1,Story,To Do,SHOP-3,SHOP-2,\nShip,SHOP-2,2,Story,To Do,,OTHER-9,\nTrack,SHOP-3,3,Story,To Do,SHOP-2,,\n"
    );
    let file = write(dir.path(), "jira.csv", &csv);
    let mut store = open(&dir.path().join("b.db"), at(2026, 11, 2));
    let done = interchange::import(&mut store, &file, ImportFormat::JiraCsv).unwrap();
    let mut got = links(&store);
    got.sort();
    assert_eq!(got, [("SHOP-1".to_string(), "SHOP-3".to_string()), ("SHOP-2".into(), "SHOP-1".into())]);
    assert!(done.message.contains("1 \"blocks\" link to issues not in the file was left out"), "{}", done.message);
    assert!(done.message.contains("1 \"blocks\" link that would close a loop was left out"), "{}", done.message);
    // One undo takes the import back, links and all.
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert!(links(&store).is_empty());
    assert!(store.story_by_key("SHOP-1").unwrap().is_none());
}

#[test]
fn links_follow_the_keys_an_import_gives_anew() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("b.db"), at(2026, 11, 2));
    // The board has SHOP-1 already: the file's SHOP-1 gets a new key, and
    // its link to SHOP-2 goes with it, not to the board's own SHOP-1.
    let csv = format!("{HEADER}Old,SHOP-1,1,Story,To Do,,,\n");
    interchange::import(&mut store, &write(dir.path(), "old.csv", &csv), ImportFormat::JiraCsv).unwrap();
    let csv = format!("{HEADER}Pay,SHOP-1,1,Story,To Do,,SHOP-2,\nShip,SHOP-2,2,Story,To Do,,,\n");
    let done = interchange::import(&mut store, &write(dir.path(), "new.csv", &csv), ImportFormat::JiraCsv).unwrap();
    assert!(done.message.contains("SHOP-1 → "), "{}", done.message);
    let given = done.message.split("SHOP-1 → ").nth(1).unwrap().split([',', ' ', ')']).next().unwrap().to_string();
    let got = links(&store);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, given, "the blocker is the file's SHOP-1 under its new key");
    assert_ne!(got[0].0, "SHOP-1".to_string());
}
