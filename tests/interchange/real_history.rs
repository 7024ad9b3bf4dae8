//! Sprint history from real Jira exports (SPEC §5): which sprints come in,
//! in which order, closed, active or planned, with which velocity records;
//! `velocity` and `forecast` after the import; a fresher export of the same
//! project through `import --update`; and refusals that leave the board as
//! it was. Counts, statuses and points of the CSV files are checked in
//! `real_csv.rs`.

use crate::common::{Board, NOW, bytes};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Copies of small real files, with their sources in the README there.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interchange");

/// A real export: its copy under `tests/fixtures/interchange` when there is
/// one, else the shared data set's. Without it the test says it did not run
/// (one line), unless `SPRINTBOARD_TEST_NEEDS_SHARED=1` (CI) makes that a
/// failure.
pub fn real_file(fixture: Option<&str>, shared: &str) -> Option<PathBuf> {
    if let Some(name) = fixture {
        let copy = Path::new(FIXTURES).join(name);
        assert!(copy.is_file(), "the fixture {} is missing", copy.display());
        return Some(copy);
    }
    super::real_csv::real_file(shared)
}

const BELLALI: &str = "hist-jira-bellali-agile-sim.csv";

pub fn json(b: &Board, args: &[&str]) -> Value {
    serde_json::from_str(&b.ok(args)).unwrap()
}

/// Each sprint as (name, state, start, end).
pub fn sprints(b: &Board) -> Vec<(String, String, String, String)> {
    let list = json(b, &["sprint", "list", "--json"]);
    let field = |s: &Value, f: &str| s[f].as_str().unwrap_or_default().to_string();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| (field(s, "name"), field(s, "state"), field(s, "start"), field(s, "end")))
        .collect()
}

/// The velocity records as (name, committed, completed, carried).
fn velocity(b: &Board) -> Vec<(String, f64, f64, f64)> {
    let v = json(b, &["velocity", "--json"]);
    let n = |s: &Value, f: &str| s[f].as_f64().unwrap();
    v["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), n(s, "committed"), n(s, "completed"), n(s, "carried")))
        .collect()
}

/// A shared file, its copy under tests/fixtures (if any), and its sprints
/// in order with their states.
type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);

#[test]
fn jira_exports_bring_their_sprints_in_the_order_they_ran() {
    let cases: [Case; 8] = [
        (
            "jira-matinkhajavi-redisprint-allfields.csv",
            Some("hist-jira-matinkhajavi-redisprint.csv"),
            &[("SCRUM Sprint 1", "closed")],
        ),
        (
            "jira-bellali-agile-sim-allfields.csv",
            Some(BELLALI),
            &[
                ("Sprint 0 — Setup & Planning", "closed"),
                ("Sprint 1 — Core Loop Demo", "active"),
                ("Sprint 2 — Prototype Foundatio", "planned"),
                ("Sprint 3 — Content & Balancing", "planned"),
                ("Sprint 4 — Build, Polish & Rep", "planned"),
            ],
        ),
        ("jira-harshal08-sprint1-allfields.csv", None, &[("RETAIL Sprint 1", "active")]),
        ("jira-sanchari-sprint1-allfields.csv", None, &[("RE Sprint 1", "active")]),
        ("jira-ericmedlock-planeso-allfields.csv", None, &[("TES Sprint 1", "active")]),
        ("jira-bsfse-team9-allfields-bom.csv", None, &[("BSSEF25T Sprint 1", "active")]),
        ("jira-codebook666-currentfields-bom.csv", None, &[]),
        ("jira-mitsusarkar-cloud-allfields.csv", None, &[]),
    ];
    for (shared, fixture, want) in cases {
        let Some(file) = real_file(fixture, shared) else { continue };
        let b = Board::new();
        b.ok(&["import", file.to_str().unwrap()]);
        let got = sprints(&b);
        let states: Vec<(&str, &str)> = got.iter().map(|s| (s.0.as_str(), s.1.as_str())).collect();
        assert_eq!(states, want, "{shared}");
        // Closed sprints end the day before today; the active one starts today.
        for (name, state, start, end) in &got {
            match state.as_str() {
                "closed" => assert!(end.as_str() < &NOW[..10], "{shared}: {name} ends {end}"),
                "active" => assert_eq!(start, &NOW[..10], "{shared}: {name}"),
                _ => assert!(start.as_str() > &NOW[..10], "{shared}: {name} starts {start}"),
            }
        }
        let closed: Vec<String> = got.iter().filter(|s| s.1 == "closed").map(|s| s.0.clone()).collect();
        let recorded: Vec<String> = velocity(&b).into_iter().map(|v| v.0).collect();
        assert_eq!(recorded, closed, "{shared}: every closed sprint has its velocity record");
    }
    // The sprint the whole team finished: its 5 stories are done and stay with it.
    let Some(file) = real_file(Some("hist-jira-matinkhajavi-redisprint.csv"), "") else { return };
    let b = Board::new();
    b.ok(&["import", file.to_str().unwrap()]);
    let done = json(&b, &["list", "--sprint", "SCRUM Sprint 1", "--json"]);
    let statuses: Vec<&str> = done.as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["done"; 5]);
    assert_eq!(sprints(&b)[0].2, "2026-10-19", "one sprint length (14 days) before today");
}

/// The Bellali export made into a team's history: every issue estimated,
/// Sprint 1 finished but for one story carried into Sprint 2 (a second
/// `Sprint` column, as Jira writes it), rows newest first or oldest first.
/// Returns the file's text and the points each sprint should record.
fn bellali_with_history(dir: &Path, reversed: bool) -> (PathBuf, [(f64, f64, f64); 2]) {
    let source = Path::new(FIXTURES).join(BELLALI);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(false).from_path(&source).unwrap();
    let mut rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect())
        .collect();
    let header = rows.remove(0);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (sprint, status, points, kind) =
        (col("Sprint"), col("Status"), col("Custom field (Story Points)"), col("Issue Type"));
    let mut sums = [(0.0, 0.0, 0.0); 2];
    let mut carried = false;
    for (i, row) in rows.iter_mut().enumerate() {
        row.push(String::new());
        if row[kind] == "Epic" {
            continue;
        }
        let p = (i % 5 + 1) as f64;
        row[points] = p.to_string();
        if row[sprint].starts_with("Sprint 0") {
            sums[0].0 += p;
            sums[0].1 += p;
        } else if row[sprint].starts_with("Sprint 1") {
            sums[1].0 += p;
            if carried {
                row[status] = "Done".into();
                sums[1].1 += p;
            } else {
                carried = true;
                row[status] = "In Progress".into();
                *row.last_mut().unwrap() = "Sprint 2 — Prototype Foundatio".into();
                sums[1].2 += p;
            }
        }
    }
    if reversed {
        rows.reverse();
    }
    let mut header = header;
    header.push("Sprint".into());
    let path = dir.join(if reversed { "oldest-first.csv" } else { "newest-first.csv" });
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    (path, sums)
}

#[test]
fn finished_sprints_give_velocity_and_forecast_dates_whatever_the_row_order() {
    if real_file(Some(BELLALI), "").is_none() {
        return;
    }
    let mut seen = Vec::new();
    for reversed in [false, true] {
        let b = Board::new();
        let (file, sums) = bellali_with_history(b.dir.path(), reversed);
        let out = b.ok(&["import", file.to_str().unwrap()]);
        assert!(out.starts_with("Imported 61 stories (182 pts), 5 sprints, 7 epics from "), "{out}");
        let names = ["Sprint 0 — Setup & Planning", "Sprint 1 — Core Loop Demo"];
        let want: Vec<(String, f64, f64, f64)> = names
            .iter()
            .zip(sums)
            .map(|(n, (committed, completed, carried))| (n.to_string(), committed, completed, carried))
            .collect();
        assert_eq!(velocity(&b), want);
        assert_eq!(sums[1], (45.0, 43.0, 2.0), "the file as edited: 2 points carried out of Sprint 1");
        let states: Vec<String> = sprints(&b).into_iter().map(|s| s.1).collect();
        assert_eq!(states, ["closed", "closed", "active", "planned", "planned"]);
        let forecast = json(&b, &["forecast", "--json"]);
        assert_eq!(forecast["average"], (24.0 + 43.0) / 2.0);
        let dated: Vec<&str> =
            forecast["epics"].as_array().unwrap().iter().filter_map(|e| e["p50"]["date"].as_str()).collect();
        assert!(!dated.is_empty(), "the forecast has dates: {forecast}");
        seen.push((sprints(&b), velocity(&b), b.ok(&["list", "--all", "--json"])));
        // One undo takes the whole import back, history and all.
        b.ok(&["undo"]);
        assert_eq!(b.ok(&["sprint", "list", "--json"]).trim(), "[]");
        assert_eq!(velocity(&b), []);
    }
    assert_eq!(seen[0].0, seen[1].0, "sprints do not depend on row order");
    assert_eq!(seen[0].1, seen[1].1, "velocity does not depend on row order");
}

/// A fresher export of the same project: two titles, an estimate and a
/// status changed, a story moved to a later sprint, an epic renamed, one
/// new issue.
/// With `twice`, an issue the board has is in the file twice (a bad file).
fn fresher(dir: &Path, from: &Path, twice: bool) -> PathBuf {
    let text = std::fs::read_to_string(from).unwrap();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (key, summary, status, points, sprint) =
        (col("Issue key"), col("Summary"), col("Status"), col("Custom field (Story Points)"), col("Sprint"));
    let row = |rows: &[Vec<String>], k: &str| rows.iter().position(|r| r[key] == k).unwrap();
    let a = row(&rows, "CS4483-62");
    rows[a][summary] = "Boss fight, second phase".into();
    let c = row(&rows, "CS4483-55");
    rows[c][summary] = "Tutorial: first level".into();
    rows[c][points] = "13".into();
    let d = row(&rows, "CS4483-40");
    rows[d][status] = "Done".into();
    let e = row(&rows, "CS4483-45");
    rows[e][sprint] = "Sprint 4 — Build, Polish & Rep".into();
    let epic = row(&rows, "CS4483-2");
    rows[epic][summary] = "Core Gameplay Loop, second cut".into();
    let mut new = rows[a].clone();
    new[key] = "CS4483-99".into();
    new[summary] = "Credits screen".into();
    new[points] = "2".into();
    if twice {
        rows.push(rows[a].clone());
    }
    rows.insert(1, new);
    let path = dir.join(if twice { "twice.csv" } else { "fresher.csv" });
    let mut w = csv::Writer::from_path(&path).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    path
}

fn story(b: &Board, key: &str) -> Value {
    let all = json(b, &["list", "--all", "--json"]);
    all.as_array().unwrap().iter().find(|s| s["key"] == key).cloned().unwrap_or_else(|| panic!("no {key}"))
}

crate::on_both_engines! {
fn a_fresher_export_updates_the_board_in_one_undoable_entry(spot: &Spot) {
    if real_file(Some(BELLALI), "").is_none() {
        return;
    }
    let b = Board::on(spot);
    let (file, _) = bellali_with_history(b.dir.path(), false);
    b.ok(&["import", file.to_str().unwrap()]);
    let before = b.ok(&["export"]);
    let (old_a, old_e) = (story(&b, "CS4483-62"), story(&b, "CS4483-45"));
    assert_eq!(old_e["sprint"], "Sprint 3 — Content & Balancing", "as the file has it");
    let newer = fresher(b.dir.path(), &file, false);
    let out = b.ok(&["import", "--update", newer.to_str().unwrap()]);
    assert_eq!(out, "Imported 1 story (2 pts) from fresher.csv; updated 4 stories and 1 epic already on the board\n");
    let doc = json(&b, &["export"]);
    let epic = doc["epics"].as_array().unwrap().iter().find(|e| e["key"] == "CS4483-2").unwrap();
    assert_eq!(epic["title"], "Core Gameplay Loop, second cut", "the same epic, renamed");
    assert_eq!(doc["epics"].as_array().unwrap().len(), 7);
    let a = story(&b, "CS4483-62");
    assert_eq!((a["title"].as_str(), &a["points"]), (Some("Boss fight, second phase"), &old_a["points"]));
    let c = story(&b, "CS4483-55");
    assert_eq!((c["title"].as_str(), c["points"].as_f64()), (Some("Tutorial: first level"), Some(13.0)));
    assert_eq!(story(&b, "CS4483-40")["status"], "done");
    assert_eq!(story(&b, "CS4483-45")["sprint"], "Sprint 4 — Build, Polish & Rep");
    assert_eq!(story(&b, "CS4483-99")["title"], "Credits screen");
    let states: Vec<String> = sprints(&b).into_iter().map(|s| s.1).collect();
    assert_eq!(states, ["closed", "closed", "active", "planned", "planned"], "the board's sprints are joined");
    // One undo takes the whole update back.
    let undone = b.ok(&["undo"]);
    assert!(undone.starts_with("Undid: ") && undone.contains("Imported 1 story (2 pts) from fresher.csv; updated"), "{undone}");
    assert_eq!(b.ok(&["export"]), before);
    // Without --update the file's stories come in beside the board's, under new keys.
    let out = b.ok(&["import", newer.to_str().unwrap()]);
    assert!(
        out.starts_with(
            "Imported 62 stories (193 pts), 1 epic from fresher.csv; 61 keys already on the board were given new ones \
             (import --update updates them instead): CS4483-68 → SB-1, CS4483-67 → SB-2,"
        ),
        "{out}"
    );
    assert!(out.trim_end().ends_with("and 56 more"), "{out}");
    assert_eq!(story(&b, "SB-1")["title"], story(&b, "CS4483-68")["title"]);
    assert_eq!(story(&b, "CS4483-99")["title"], "Credits screen", "a key the board has not keeps its key");
    assert_eq!(story(&b, "CS4483-62")["title"], old_a["title"], "the board's own story is left as it was");
}

fn a_refused_import_leaves_the_board_byte_identical(spot: &Spot) {
    if real_file(Some(BELLALI), "").is_none() {
        return;
    }
    let b = Board::on(spot);
    let (file, _) = bellali_with_history(b.dir.path(), false);
    b.ok(&["import", file.to_str().unwrap()]);
    let before = b.ok(&["export"]);
    let card = Path::new(FIXTURES).join("trello-hanyscz-single-card-cs.json");
    let moscow = Path::new(FIXTURES).join("trello-liamgraham-scrum-points.json");
    std::fs::write(b.path("empty.json"), "{}").unwrap();
    std::fs::write(b.path("list.json"), "[]").unwrap();
    let mut cut = std::fs::read(&file).unwrap();
    cut.truncate(cut.len() / 2);
    std::fs::write(b.path("cut.csv"), cut).unwrap();
    let cases: [(Vec<&str>, &str); 7] = [
        (vec![card.to_str().unwrap()], "this is a single Trello card (\"Stínování, barevnost\"), not a board"),
        (vec!["empty.json"], "this is not a sprintboard export"),
        (vec!["list.json"], "this is a JSON list"),
        (vec!["--format", "trello", "empty.json"], "this is an empty JSON object; expected a Trello board export"),
        (vec![moscow.to_str().unwrap(), "--lists", "Icebox=backlog"], "the board has no open list named \"Icebox\""),
        (vec![moscow.to_str().unwrap(), "--lists", "Must Have=soon"], "\"soon\" is not one of backlog"),
        (vec![file.to_str().unwrap(), "--lists", "Must Have=sprint"], "--lists is for Trello boards, and this file is read as jira-csv"),
    ];
    let file_bytes = (!b.db.to_string_lossy().starts_with("postgres")).then(|| bytes(&b.db));
    for (args, says) in cases {
        let mut all = vec!["import"];
        all.extend(&args);
        let err = b.fail(&all);
        assert!(err.contains(says) && err.ends_with("nothing was imported"), "{args:?}: {err}");
        assert!(!err.contains("struct") && !err.contains("invalid length"), "{err}");
        assert_eq!(b.ok(&["export"]), before, "{args:?} changed the board");
        if let Some(bytes_before) = &file_bytes {
            assert_eq!(&bytes(&b.db), bytes_before, "{args:?} changed the board file");
        }
    }
    // --update with a fresher file that breaks a rule changes nothing either.
    let newer = fresher(b.dir.path(), &file, true);
    let err = b.fail(&["import", "--update", newer.to_str().unwrap()]);
    assert!(err.contains(": the key CS4483-62 appears twice in the file (first at line "), "{err}");
    assert_eq!(b.ok(&["export"]), before);
}
}

#[test]
fn imported_history_is_real_history_for_the_reports_and_the_burndown() {
    if real_file(Some(BELLALI), "").is_none() {
        return;
    }
    use sprintboard::domain::{Place, Settings, SprintState};
    use sprintboard::ops;
    use sprintboard::store::Reads;
    let dir = tempfile::tempdir().unwrap();
    let (file, sums) = bellali_with_history(dir.path(), false);
    let now = chrono::NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap();
    let mut store = super::open(&dir.path().join("board.db"), now);
    sprintboard::interchange::import(&mut store, &file, sprintboard::interchange::ImportFormat::Auto).unwrap();
    let reports = ops::reports(&store, &Settings::default()).unwrap();
    let shown: Vec<(String, f64, f64, usize)> = reports
        .sprints
        .iter()
        .map(|s| (s.name.clone(), s.record.committed.as_f64(), s.record.completed.as_f64(), s.stories))
        .collect();
    assert_eq!(
        shown,
        [
            ("Sprint 0 — Setup & Planning".to_string(), sums[0].0, sums[0].1, 9),
            ("Sprint 1 — Core Loop Demo".to_string(), sums[1].0, sums[1].1, 14),
        ],
        "the done stories stay with their closed sprints"
    );
    // The carried story is in Sprint 1's commitment as well as in Sprint 2 now.
    let one = store.sprint_by_name("Sprint 1 — Core Loop Demo").unwrap().unwrap();
    assert_eq!(store.commitment(one.id).unwrap().len(), 15);
    // The active sprint's burndown starts at its commitment: nothing was added after its start.
    let active = store.active_sprint().unwrap().unwrap();
    assert_eq!(active.fields.state, SprintState::Active);
    let burndown = ops::burndown(&store, active.id, now.date()).unwrap();
    let in_it: f64 = store
        .stories_in(Place::Sprint(active.id))
        .unwrap()
        .iter()
        .filter_map(|s| s.fields.points)
        .map(|p| p.as_f64())
        .sum();
    assert_eq!(burndown.committed.as_f64(), in_it);
    let first = burndown.days.first().unwrap();
    assert_eq!((first.scope.as_f64(), first.remaining.as_f64()), (in_it, in_it), "{:?}", burndown.days);
}
