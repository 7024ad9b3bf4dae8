//! `export --format jira-csv` (SPEC §5) read back by sprintboard's own Jira
//! reader gives the same stories, whatever their titles hold: quotes,
//! commas, line breaks, any Unicode.

use super::*;
use proptest::prelude::*;
use sprintboard::domain::document::{Document, EpicDoc, FORMAT, SprintDoc, StoryDoc};

fn stories(store: &Store) -> Vec<String> {
    let doc: Document = serde_json::from_str(&export(store)).unwrap();
    let title = |key: &Option<String>| doc.epics.iter().find(|e| e.key == *key).map(|e| e.title.clone());
    doc.stories
        .iter()
        .map(|s| {
            let epic = title(&s.epic);
            format!(
                "{:?}",
                (&s.key, &s.title, &s.description, s.kind, s.points, s.status, epic, &s.sprint, &s.assignee)
            )
        })
        .collect()
}

/// A board made of these stories, exported as Jira CSV and imported again.
fn round_trip(doc: Document) -> (Vec<String>, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("a.db"), at(2026, 11, 2));
    let mut source = doc;
    ops::import_file(&mut store, &mut source, "generated").unwrap();
    let mut out = Vec::new();
    interchange::export(&store, &Settings::default(), ExportFormat::JiraCsv, &mut out).unwrap();
    let file = dir.path().join("jira.csv");
    std::fs::write(&file, &out).unwrap();
    let mut copy = open(&dir.path().join("b.db"), at(2026, 11, 2));
    interchange::import(&mut copy, &file, ImportFormat::Auto).unwrap();
    // The same stories, whatever order the sprints come back in: the read
    // back infers sprint history, which may close a sprint and so put it
    // (and its stories) before another.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    (sorted(stories(&store)), sorted(stories(&copy)), String::from_utf8(out).unwrap())
}

fn board(titles: Vec<(String, u8, u8, u8, u8)>) -> Document {
    let kinds = [Kind::Story, Kind::Bug, Kind::Task, Kind::Spike];
    let statuses = [Status::Todo, Status::Doing, Status::Done];
    let points = [None, Some("0.5"), Some("3"), Some("13")];
    Document {
        format: FORMAT.to_string(),
        epics: vec![
            EpicDoc { key: Some("E-1".into()), title: "Checkout, \"fast\"".into(), ..EpicDoc::default() },
            EpicDoc { key: Some("E-2".into()), title: "Émoji 🚀".into(), ..EpicDoc::default() },
        ],
        sprints: vec![
            SprintDoc { name: "Sprint 1".into(), ..SprintDoc::default() },
            SprintDoc { name: "Sprint; two, \"quoted\"".into(), ..SprintDoc::default() },
        ],
        stories: titles
            .into_iter()
            .enumerate()
            .map(|(i, (title, kind, status, place, epic))| StoryDoc {
                key: Some(format!("SB-{}", i + 1)),
                title,
                description: "Line one,\n\"line\" two".into(),
                assignee: ["", "Ana", "Łukasz, \"Luke\""][i % 3].to_string(),
                kind: kinds[kind as usize % 4],
                status: statuses[status as usize % 3],
                points: points[(i + kind as usize) % 4].map(|p| Points::parse(p).unwrap()),
                sprint: match place % 3 {
                    0 => None,
                    1 => Some("Sprint 1".into()),
                    _ => Some("Sprint; two, \"quoted\"".into()),
                },
                epic: match epic % 3 {
                    0 => None,
                    n => Some(format!("E-{n}")),
                },
                ..StoryDoc::default()
            })
            .collect(),
        ..Document::default()
    }
}

#[test]
fn the_export_has_jiras_columns_and_reads_back() {
    let titles = vec![("Pay, then \"ship\"\nsoon".to_string(), 1, 2, 1, 1), ("日本語 🍕".to_string(), 0, 0, 0, 0)];
    let (before, after, csv) = round_trip(board(titles));
    assert!(
        csv.starts_with("Summary,Issue key,Issue Type,Status,Story Points,Sprint,Epic Link,Assignee,Description\n"),
        "{csv}"
    );
    assert!(csv.contains("\"Checkout, \"\"fast\"\"\",E-1,Epic,To Do,,,,,\n"), "{csv}");
    assert!(csv.contains("\"Pay, then \"\"ship\"\"\nsoon\",SB-1,Bug,Done,"), "{csv}");
    assert_eq!(after, before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn export_then_import_gives_the_same_stories(
        titles in prop::collection::vec(
            ("[^\\s\\x00-\\x1f][^\\x00-\\x09\\x0b-\\x1f]{0,30}[^\\s\\x00-\\x1f]", 0u8..4, 0u8..3, 0u8..3, 0u8..3),
            1..12,
        )
    ) {
        let (before, after, _) = round_trip(board(titles));
        prop_assert_eq!(after, before);
    }
}

#[test]
fn the_command_line_exports_jira_csv() {
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("b.db");
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("sprintboard")
            .unwrap()
            .arg("--db")
            .arg(&board)
            .args(args)
            .env("SPRINTBOARD_NOW", "2026-11-02")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["add", "Pay, then ship", "--points", "5"]);
    let csv = run(&["export", "--format", "jira-csv"]);
    assert_eq!(
        csv,
        "Summary,Issue key,Issue Type,Status,Story Points,Sprint,Epic Link,Assignee,Description\n\"Pay, then ship\",SB-1,Story,To Do,5,,,,\n"
    );
}
