//! One test per real CSV/TSV export of `../shared/datasets/interchange/`
//! (SPEC §5), asserting what its author would expect of the board it
//! makes: stories, statuses, points, epics, sprints and who is in them,
//! assignees, keys. The small files are copied under
//! `tests/fixtures/interchange/` (attribution in its README); the three big
//! ones are read from `../shared`, and when that is absent the test says
//! it did not run — or fails, with `SPRINTBOARD_TEST_NEEDS_SHARED=1`.

use super::*;
use sprintboard::domain::document::Document;
use std::collections::BTreeMap;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interchange");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/datasets/interchange");

/// A real export: the copy under `tests/fixtures/interchange`, else the
/// one in `../shared`; `None` (said on one line) when neither is there.
pub fn real_file(name: &str) -> Option<PathBuf> {
    let copy = Path::new(FIXTURES).join(name);
    if copy.is_file() {
        return Some(copy);
    }
    let shared = Path::new(SHARED).join(name);
    if shared.is_file() {
        return Some(shared);
    }
    if std::env::var("SPRINTBOARD_TEST_NEEDS_SHARED").is_ok_and(|v| v == "1") {
        panic!("SPRINTBOARD_TEST_NEEDS_SHARED=1 but {} is not there", shared.display());
    }
    crate::common::say_shared_missing_once(&format!("../shared/datasets/interchange/{name}"));
    None
}

/// The board a real file makes, as its JSON export reads.
pub struct Board {
    pub message: String,
    pub doc: Document,
}

impl Board {
    fn statuses(&self) -> [usize; 3] {
        let n = |s: Status| self.doc.stories.iter().filter(|x| x.status == s).count();
        [n(Status::Todo), n(Status::Doing), n(Status::Done)]
    }

    fn points(&self) -> Points {
        self.doc.stories.iter().filter_map(|s| s.points).fold(Points::default(), |a, b| a + b)
    }

    /// Each sprint's name and how many stories are in it, in the board's order.
    fn sprints(&self) -> Vec<(String, usize)> {
        let in_it = |name: &str| self.doc.stories.iter().filter(|s| s.sprint.as_deref() == Some(name)).count();
        self.doc.sprints.iter().map(|s| (s.name.clone(), in_it(&s.name))).collect()
    }

    fn epics(&self) -> Vec<(String, String)> {
        self.doc.epics.iter().map(|e| (e.key.clone().unwrap_or_default(), e.title.clone())).collect()
    }

    fn with_epic(&self) -> usize {
        self.doc.stories.iter().filter(|s| s.epic.is_some()).count()
    }

    fn assignees(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for s in self.doc.stories.iter().filter(|s| !s.assignee.is_empty()) {
            *out.entry(s.assignee.clone()).or_default() += 1;
        }
        out
    }

    fn kinds(&self, kind: Kind) -> usize {
        self.doc.stories.iter().filter(|s| s.kind == kind).count()
    }

    fn story(&self, key: &str) -> &sprintboard::domain::document::StoryDoc {
        self.doc.stories.iter().find(|s| s.key.as_deref() == Some(key)).unwrap_or_else(|| panic!("no story {key}"))
    }

    fn keys(&self) -> Vec<String> {
        self.doc.stories.iter().filter_map(|s| s.key.clone()).collect()
    }
}

/// Imports a real file into a fresh board; `None` when it is not there.
pub fn import_real(name: &str) -> Option<Board> {
    let path = real_file(name)?;
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("board.db"), at(2026, 11, 2));
    let done = interchange::import(&mut store, &path, ImportFormat::Auto).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc: Document = serde_json::from_str(&export(&store)).unwrap();
    Some(Board { message: done.message, doc })
}

/// The stories a real file's reader hands over, as the import sees them
/// (with what the board does not keep, such as each story's sprint history).
fn read_stories(name: &str) -> Vec<sprintboard::domain::document::StoryDoc> {
    let path = real_file(name).expect("checked by the caller");
    let mut file = interchange::open(&path, ImportFormat::Auto).unwrap();
    let mut out = Vec::new();
    file.source
        .read(&mut |s| {
            out.push(s);
            Ok(())
        })
        .unwrap();
    out
}

fn time(text: &str) -> Option<NaiveDateTime> {
    Some(NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap())
}

fn named(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(n, k)| (n.to_string(), *k)).collect()
}

fn counted(list: &[(&str, usize)]) -> BTreeMap<String, usize> {
    list.iter().map(|(n, k)| (n.to_string(), *k)).collect()
}

#[test]
fn azure_devops_query_with_a_bom_and_every_cell_quoted() {
    let Some(b) = import_real("ado-dileep-workitems-bom.csv") else { return };
    assert_eq!(b.message, "Imported 5 stories (0 pts), 1 epic from ado-dileep-workitems-bom.csv");
    assert_eq!(b.keys(), ["ADO-4", "ADO-5", "ADO-6", "ADO-8", "ADO-9"], "work item ids become keys");
    assert_eq!(b.epics(), [("ADO-7".to_string(), "Task 3".to_string())], "the Epic work item is an epic");
    assert_eq!(b.statuses(), [5, 0, 0]);
    assert_eq!((b.kinds(Kind::Task), b.kinds(Kind::Story)), (2, 3));
    assert_eq!(b.story("ADO-4").title, "1Demo issue");
}

#[test]
fn tfs_work_items_come_in_done_when_closed_with_their_iterations() {
    let Some(b) = import_real("tfs-netxph-workitems-plain.csv") else { return };
    assert_eq!(b.doc.stories.len(), 1405);
    assert_eq!(b.statuses(), [53, 12, 1340], "1,320 Closed and 20 Resolved are done; 12 Active are doing");
    assert_eq!(b.points(), Points::whole(5149));
    assert_eq!((b.kinds(Kind::Bug), b.kinds(Kind::Story)), (977, 428));
    let first = b.story("ADO-797499");
    assert_eq!(first.title, "[Analytics] Ancillary Price Optimization");
    assert_eq!(first.assignee, "Vitalis, Marc", "the name without the <DOMAIN\\login>");
    assert_eq!(first.status, Status::Done);
    assert_eq!(first.sprint, None, "NCA\\2014 is a folder of sprints, not one");
    let sprints = b.sprints();
    assert_eq!(sprints.len(), 77);
    assert!(sprints.contains(&("2015\\06 (16Mar - 31Mar)".to_string(), 22)), "{sprints:?}");
    for folder in ["NCA", "2014", "APO\\Queue", "Backlog", "APO\\2017"] {
        assert!(!sprints.iter().any(|(n, _)| n == folder), "{folder} is the backlog");
    }
    // Numbered by several schemes, the iterations run in the order of the
    // file's dates, and all are over (the last ran in 2017): every one closed.
    assert!(b.doc.sprints.iter().all(|s| s.state == SprintState::Closed));
    assert_eq!(sprints.first().map(|(n, _)| n.as_str()), Some("2015\\06 (16Mar - 31Mar)"));
    assert_eq!(sprints.last().map(|(n, _)| n.as_str()), Some("APO\\2017\\1.12\\Sprint 7 (07Nov-20Nov)"));
    assert_eq!(first.created, time("2014-10-11T04:38:57"));
}

#[test]
fn github_issues_from_gh_with_iso_dates_and_bug_labels() {
    let Some(b) = import_real("ghissues-stevetawali-bugs.csv") else { return };
    assert_eq!(b.message, "Imported 5 stories (0 pts) from ghissues-stevetawali-bugs.csv");
    assert_eq!(b.keys(), ["GH-30", "GH-29", "GH-28", "GH-27", "GH-26"]);
    assert_eq!((b.statuses(), b.kinds(Kind::Bug)), ([5, 0, 0], 5), "open issues labelled bug");
    assert_eq!(b.assignees(), counted(&[("furiozamax", 5)]));
    assert_eq!(b.story("GH-30").created, time("2025-11-16T10:18:35"));
    assert_eq!(b.story("GH-30").title, "TC-DEVICE-001 BUG--004 Mobile Responsiveness - iPhone (375×667)");
}

#[test]
fn github_projects_tab_separated_export() {
    let Some(b) = import_real("ghprojects-stevetawali-tasks.tsv") else { return };
    assert_eq!(b.doc.stories.len(), 19);
    assert_eq!(b.statuses(), [0, 3, 16]);
    assert_eq!(b.story("GH-18").title, "Execute all test cases and record evidence");
    assert_eq!(b.story("GH-19").status, Status::Done);
    assert_eq!(b.keys().len(), 19, "every item links an issue or pull request");
    assert_eq!(
        b.assignees(),
        counted(&[
            ("furiozamax", 4),
            ("furiozamax, Ojutiwon-Anuoluwapo, SteveTawali", 8),
            ("SteveTawali", 6),
            ("Ojutiwon-Anuoluwapo", 1)
        ])
    );
}

#[test]
fn jira_with_five_sprints_seven_epics_and_sub_tasks() {
    let Some(b) = import_real("jira-bellali-agile-sim-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 61 stories (0 pts), 5 sprints, 7 epics from jira-bellali-agile-sim-allfields.csv");
    assert_eq!(b.statuses(), [44, 4, 13]);
    let mut sprints = b.sprints();
    sprints.sort();
    assert_eq!(
        sprints,
        named(&[
            ("Sprint 0 — Setup & Planning", 9),
            ("Sprint 1 — Core Loop Demo", 15),
            ("Sprint 2 — Prototype Foundatio", 6),
            ("Sprint 3 — Content & Balancing", 19),
            ("Sprint 4 — Build, Polish & Rep", 8),
        ])
    );
    assert_eq!(b.epics().len(), 7);
    assert!(b.epics().contains(&("CS4483-2".to_string(), "Core Gameplay Loop".to_string())));
    assert_eq!(b.with_epic(), 21, "stories whose Parent is an epic; sub-tasks' parents are stories");
    assert_eq!(b.kinds(Kind::Task), 50, "17 tasks and 33 sub-tasks");
    assert_eq!(b.assignees(), counted(&[("Bella", 35), ("Jack", 15)]));
    assert_eq!(b.story("CS4483-68").created.map(|t| t.date()), NaiveDate::from_ymd_opt(2026, 2, 15));
}

#[test]
fn jira_with_a_bom_seventeen_epics_and_subtasks() {
    let Some(b) = import_real("jira-bsfse-team9-allfields-bom.csv") else { return };
    assert_eq!(b.doc.stories.len(), 113);
    assert_eq!(b.statuses(), [45, 17, 51]);
    assert_eq!(b.sprints(), named(&[("BSSEF25T Sprint 1", 100)]));
    assert_eq!(b.epics().len(), 17);
    assert_eq!(b.with_epic(), 19);
    assert_eq!(b.kinds(Kind::Task), 96, "94 subtasks and 2 tasks");
    assert_eq!(b.assignees()["איה אבו רביעה"], 5, "right-to-left names come in whole");
}

#[test]
fn jira_in_french_with_renamed_headers_and_two_sprint_columns() {
    let Some(b) = import_real("jira-ckiw-french-relabelled.csv") else { return };
    assert!(b.message.starts_with("Imported 496 stories (0 pts), 7 sprints, 20 epics from"), "{}", b.message);
    assert!(b.message.ends_with("so those stories came in unestimated"), "{}", b.message);
    assert_eq!(b.statuses(), [49, 27, 420], "Validé/Fait/Annulé done, Bloqué/En test/En cours doing, A faire todo");
    assert_eq!(
        b.sprints(),
        // Sprint 3 ran before Sprints 4–7, which are closed, so it is over
        // too (SPEC §5's history): in number order, all closed.
        named(&[
            ("Sprint 1", 5),
            ("Sprint 2", 13),
            ("Sprint 3", 21),
            ("Sprint 4", 35),
            ("Sprint 5", 23),
            ("Sprint 6", 19),
            ("Sprint 7", 2)
        ])
    );
    assert!(b.doc.sprints.iter().all(|s| s.state == SprintState::Closed));
    // Its one unfinished story waits at the top of the backlog, as Jira
    // left it after the sprint closed.
    let first = &b.doc.stories[0];
    assert_eq!((first.key.as_deref(), first.sprint.as_deref(), first.status), (Some("CNED-235"), None, Status::Doing));
    assert_eq!(b.epics().len(), 20, "Épopée is French for Epic");
    assert_eq!(b.epics()[0], ("CNED-1".to_string(), "US 2323 - Traitement OCR côté Navigateur".to_string()));
    assert_eq!(b.with_epic(), 104);
    assert_eq!((b.kinds(Kind::Bug), b.kinds(Kind::Task)), (169, 166), "Bogue; Tâche and Sous-tâche");
    assert_eq!(b.assignees().len(), 9);
    // One story went through Sprint 3 and is now in Sprint 7: both are kept, oldest first.
    let read = read_stories("jira-ckiw-french-relabelled.csv");
    let moved: Vec<_> = read.iter().filter(|s| s.sprint_history().len() > 1).collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (moved[0].sprint_history(), moved[0].sprint.as_deref()),
        (vec!["Sprint 3".to_string(), "Sprint 7".into()], Some("Sprint 7"))
    );
    assert_eq!(read.iter().filter(|s| s.sprint_history().len() == 1).count(), 118);
    let eleven = b.story("CNED-11");
    assert_eq!(eleven.title, "Intégration du module OCR dans CNED Adapt", "the summary (`resume`), not `title`");
}

#[test]
fn jira_current_fields_export_with_a_bom() {
    let Some(b) = import_real("jira-codebook666-currentfields-bom.csv") else { return };
    assert_eq!(b.message, "Imported 15 stories (0 pts), 5 epics from jira-codebook666-currentfields-bom.csv");
    assert_eq!(b.statuses(), [0, 0, 15]);
    assert_eq!(b.assignees(), counted(&[("Kenuli Bulathsinghela", 2)]));
    assert!(b.story("AP-28").title.contains("\"Get Directions\""), "doubled quotes read back as one");
    assert_eq!(b.story("AP-28").created, time("2026-03-22T10:50:00"));
}

#[test]
fn jira_with_one_sprint_and_no_points() {
    let Some(b) = import_real("jira-ericmedlock-planeso-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 22 stories (0 pts), 1 sprint from jira-ericmedlock-planeso-allfields.csv");
    assert_eq!(b.statuses(), [9, 3, 10]);
    assert_eq!(b.sprints(), named(&[("TES Sprint 1", 18)]));
    assert_eq!(b.assignees(), counted(&[("Saicharan Basireddy", 11)]));
    assert_eq!((b.kinds(Kind::Story), b.kinds(Kind::Task)), (15, 7));
}

#[test]
fn jira_with_an_epic_link_tests_bugs_and_blocked_work() {
    let Some(b) = import_real("jira-harshal08-sprint1-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 75 stories (0 pts), 1 sprint, 1 epic from jira-harshal08-sprint1-allfields.csv");
    assert_eq!(b.statuses(), [5, 9, 61], "the 9 Blocked stories are under way");
    assert_eq!(b.sprints(), named(&[("RETAIL Sprint 1", 75)]));
    assert_eq!(b.epics(), [("RETAIL-1".to_string(), "Reviews and Add Reviews".to_string())]);
    assert_eq!(b.with_epic(), 75);
    assert_eq!(b.kinds(Kind::Bug), 5);
    assert_eq!(b.assignees(), counted(&[("Harshal Daine", 75)]));
}

#[test]
fn jira_with_a_story_point_estimate_column() {
    let Some(b) = import_real("jira-matinkhajavi-redisprint-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 5 stories (0 pts), 1 sprint from jira-matinkhajavi-redisprint-allfields.csv");
    assert_eq!(b.statuses(), [0, 0, 5]);
    assert_eq!(b.sprints(), named(&[("SCRUM Sprint 1", 5)]));
    assert_eq!(b.keys(), ["SCRUM-5", "SCRUM-4", "SCRUM-3", "SCRUM-2", "SCRUM-1"]);
    assert_eq!(b.assignees(), counted(&[("Matin Khajavi", 5)]));
    assert_eq!(b.story("SCRUM-1").done, time("2025-10-25T12:54:00"));
}

#[test]
fn jira_with_four_digit_estimates_pounds_and_emoji() {
    let Some(b) = import_real("jira-mitsusarkar-cloud-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 19 stories (16,546 pts) from jira-mitsusarkar-cloud-allfields.csv");
    assert_eq!(b.statuses(), [18, 1, 0], "Analyzing is under way");
    assert_eq!(b.story("BD-10").points, Some(Points::whole(2105)));
    assert_eq!(b.doc.stories.iter().filter(|s| s.points.is_some()).count(), 10);
    assert!(b.keys().contains(&"BVAVR-5".to_string()), "two projects' keys");
}

#[test]
fn jira_with_crlf_lines_and_us_dates() {
    let Some(b) = import_real("jira-sanchari-sprint1-allfields.csv") else { return };
    assert_eq!(b.message, "Imported 59 stories (0 pts), 1 sprint, 1 epic from jira-sanchari-sprint1-allfields.csv");
    assert_eq!(b.statuses(), [3, 6, 50]);
    assert_eq!(b.sprints(), named(&[("RE Sprint 1", 59)]));
    assert_eq!(b.epics(), [("RE-1".to_string(), "POSTS".to_string())]);
    assert_eq!(b.with_epic(), 15);
    assert!(!b.doc.stories.iter().any(|s| s.title.ends_with('\r') || s.description.contains("\r\n\r")));
    assert_eq!(b.story("RE-60").created.map(|t| t.date()), NaiveDate::from_ymd_opt(2021, 9, 8));
}

#[test]
fn linear_csv_with_javascript_dates() {
    let Some(b) = import_real("linear-karlromets-sample.csv") else { return };
    assert_eq!(b.message, "Imported 1 story (0 pts), 1 epic from linear-karlromets-sample.csv");
    let s = &b.doc.stories[0];
    assert_eq!((s.title.as_str(), s.description.as_str()), ("Make smooth", "Just make it smooth"));
    assert_eq!((s.status, s.assignee.as_str()), (Status::Doing, "michael@angel.com"));
    assert_eq!(b.epics()[0].1, "Mobile", "Linear's project");
    assert_eq!(s.created, time("2025-04-20T10:17:06"));
    assert_eq!(s.started, time("2025-04-21T10:17:06"));
    assert_eq!(s.labels, ["Fast"]);
}

#[test]
fn plane_csv_with_rfc_2822_dates_and_crlf() {
    let Some(b) = import_real("plane-karlromets-sample.csv") else { return };
    assert_eq!(b.message, "Imported 1 story (0 pts) from plane-karlromets-sample.csv");
    let s = &b.doc.stories[0];
    assert_eq!((s.title.as_str(), s.status, s.assignee.as_str()), ("Make smooth", Status::Doing, "Michael Angel"));
    assert_eq!(s.created, time("2025-04-20T10:17:06"));
    assert_eq!(s.done, time("2025-04-22T01:02:18"));
}

#[test]
fn planning_poker_csv_keeps_its_final_estimates() {
    let Some(b) = import_real("plaincsv-celiajosso-planningpoker.csv") else { return };
    assert_eq!(b.message, "Imported 2 stories (13 pts) from plaincsv-celiajosso-planningpoker.csv");
    let titles: Vec<(&str, Option<Points>)> = b.doc.stories.iter().map(|s| (s.title.as_str(), s.points)).collect();
    assert_eq!(titles, [("Login button", Some(Points::whole(5))), ("Dashboard", Some(Points::whole(8)))]);
    assert_eq!(b.doc.stories[0].description, "User must see login");
}

#[test]
fn a_csv_without_a_title_column_is_refused_and_changes_nothing() {
    let Some(path) = real_file("plaincsv-dylants-notitle.csv") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("board.db"), at(2026, 11, 2));
    let err = interchange::import(&mut store, &path, ImportFormat::Auto).unwrap_err().to_string();
    assert_eq!(
        err,
        "plaincsv-dylants-notitle.csv: line 1: no title column (one of title, summary, name); the header has: \
columna, columnb, columnc, columnd, columne, columnf — nothing was imported"
    );
    assert!(store.is_blank().unwrap());
}

/// Imports a made-up file into a fresh board and reads it back.
fn import_text(name: &str, text: &str) -> Board {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), name, text);
    let mut store = open(&dir.path().join("board.db"), at(2026, 11, 2));
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap_or_else(|e| panic!("{name}: {e}"));
    Board { message: done.message, doc: serde_json::from_str(&export(&store)).unwrap() }
}

#[test]
fn jira_exports_in_german_spanish_and_portuguese_are_told_by_their_headers() {
    for (name, text) in [
        (
            "de.csv",
            "Zusammenfassung;Vorgangsschlüssel;Vorgangstyp;Status;Bearbeiter;Erstellt;Sprint;Sprint\n\
             Anmeldung;DE-1;Story;Erledigt;Jonas;15/Mär/26 4:37 PM;Sprint 1;Sprint 2\n\
             Absturz;DE-2;Fehler;In Arbeit;;;Sprint 2;\n",
        ),
        (
            "es.csv",
            "Resumen,Clave de incidencia,Tipo de Incidencia,Estado,Responsable,Creada,Sprint,Sprint\n\
             Anmeldung,DE-1,Historia,Hecho,Jonas,15/mar/26 4:37 PM,Sprint 1,Sprint 2\n\
             Absturz,DE-2,Error,En curso,,,Sprint 2,\n",
        ),
        (
            "pt.csv",
            "Resumo\tChave\tTipo de item\tStatus\tResponsável\tCriado\tSprint\tSprint\n\
             Anmeldung\tDE-1\tHistória\tConcluído\tJonas\t15/mar/26 4:37 PM\tSprint 1\tSprint 2\n\
             Absturz\tDE-2\tBug\tEm andamento\t\t\tSprint 2\t\n",
        ),
    ] {
        let b = import_text(name, text);
        assert_eq!(b.message, format!("Imported 2 stories (0 pts), 2 sprints from {name}"));
        assert_eq!(b.statuses(), [0, 1, 1], "{name}");
        assert_eq!(b.kinds(Kind::Bug), 1, "{name}");
        assert_eq!(b.sprints(), named(&[("Sprint 1", 0), ("Sprint 2", 2)]), "{name}");
        assert_eq!(b.assignees(), counted(&[("Jonas", 1)]), "{name}");
        assert_eq!(b.story("DE-1").created, time("2026-03-15T16:37:00"), "{name}");
    }
}

#[test]
fn a_plain_csv_reads_every_sprint_column_the_last_being_the_current_one() {
    let b = import_text(
        "plan.csv",
        "title,points,sprint,sprint,status\nOne,3,Sprint 1,Sprint 2,done\nTwo,2,Sprint 1,,doing\n",
    );
    assert_eq!(b.message, "Imported 2 stories (5 pts), 2 sprints from plan.csv");
    // Sprint 2 holds only done work, so it comes in closed, before Sprint 1 (SPEC §5).
    assert_eq!(b.sprints(), named(&[("Sprint 2", 1), ("Sprint 1", 1)]));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "plan.csv", "title,sprint,sprint\nOne,Sprint 1,Sprint 2\n");
    let mut read = interchange::open(&file, ImportFormat::Auto).unwrap();
    let mut history = Vec::new();
    read.source
        .read(&mut |s| {
            history.push(s.sprint_history());
            Ok(())
        })
        .unwrap();
    assert_eq!(history, [vec!["Sprint 1".to_string(), "Sprint 2".into()]]);
}

#[test]
fn a_key_column_is_kept_whatever_else_the_header_has() {
    let b = import_text("links.csv", "key,title,status,url\nAB-1,One,done,https://example.com/a\n");
    assert_eq!((b.keys(), b.statuses()), (vec!["AB-1".to_string()], [0, 0, 1]));
    let b = import_text("ids.csv", "ID,Work Item Type,Title,State\nOPS-7,Bug,Named,Active\n12,Task,Numbered,New\n");
    assert_eq!(b.keys(), ["OPS-7", "ADO-12"]);
}
