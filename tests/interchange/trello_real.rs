//! The real Trello boards of `../shared/datasets/interchange/`, one test
//! each, asserting what the board's author would expect to find: how many
//! stories, in the backlog or which sprint (and its state), with which
//! statuses, points, labels and assignees; archived cards left out and
//! counted; a single card's export refused.

use super::real_history::{json, real_file, sprints};
use super::*;
use crate::common::Board;

/// What a board's import gave.
struct Imported {
    store: Store,
    message: String,
    _dir: tempfile::TempDir,
}

/// Imports a real board (its copy under tests/fixtures, or ../shared's).
fn import(shared: &str, fixture: Option<&str>) -> Option<Imported> {
    let file = real_file(fixture, shared)?;
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("board.db"), at(2026, 11, 2));
    let message = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap().message;
    store.integrity_check().unwrap();
    Some(Imported { store, message, _dir: dir })
}

impl Imported {
    /// The sprints as (name, state, [todo, doing, done] stories).
    fn sprints(&self) -> Vec<(String, SprintState, [usize; 3])> {
        let sprints = self.store.sprints().unwrap();
        sprints.into_iter().map(|s| (s.fields.name, s.fields.state, self.statuses(Place::Sprint(s.id)))).collect()
    }

    fn statuses(&self, place: Place) -> [usize; 3] {
        let mut n = [0; 3];
        for s in self.store.stories_in(place).unwrap() {
            n[match s.fields.status {
                Status::Todo => 0,
                Status::Doing => 1,
                Status::Done => 2,
            }] += 1;
        }
        n
    }

    fn backlog(&self) -> Vec<Story> {
        self.store.stories_in(Place::Backlog).unwrap()
    }

    /// Every story on the board.
    fn all(&self) -> Vec<Story> {
        let mut all = self.backlog();
        for s in self.store.sprints().unwrap() {
            all.extend(self.store.stories_in(Place::Sprint(s.id)).unwrap());
        }
        all
    }

    fn titled(&self, start: &str) -> Story {
        self.all().into_iter().find(|s| s.fields.title.starts_with(start)).unwrap_or_else(|| panic!("no {start}"))
    }

    fn with_label(&self, label: &str) -> usize {
        self.all().iter().filter(|s| s.fields.labels.iter().any(|l| l == label)).count()
    }
}

fn one(name: &str, state: SprintState, statuses: [usize; 3]) -> Vec<(String, SprintState, [usize; 3])> {
    vec![(name.to_string(), state, statuses)]
}

#[test]
fn trello_andrej1c_kanban_lists_are_the_current_sprint_and_blocked_cards_wait_in_the_backlog() {
    let Some(got) = import("trello-andrej1c-howgoesit.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 39 stories (0 pts), 1 sprint from trello-andrej1c-howgoesit.json; 1 archived card was left out"
    );
    // Available to Pickup + Assigned, Ready for Work; In Progress + Review; Done.
    assert_eq!(got.sprints(), one("Current sprint", SprintState::Active, [11, 5, 19]));
    let backlog = got.backlog();
    assert_eq!(backlog.len(), 4);
    // Labels are one word each on the board: a list's name joins its words.
    assert!(backlog.iter().all(|s| s.fields.labels.contains(&"Blocked-by-Dependencies".to_string())));
    assert_eq!(got.titled("#31 implement design").fields.labels, ["Blocked", "Design", "Blocked-by-Dependencies"]);
    assert_eq!(got.titled("#19 Logo, basic branding").fields.assignee, "Joseph Fioramonti");
    assert_eq!(got.all().iter().filter(|s| !s.fields.assignee.is_empty()).count(), 27);
    // A list name with a comma of its own, given by hand.
    let file = real_file(None, "trello-andrej1c-howgoesit.json").unwrap();
    let mut other = open(&got._dir.path().join("other.db"), at(2026, 11, 2));
    let options = interchange::ImportOptions {
        lists: vec!["Assigned, Ready for Work=backlog,Review=done".into()],
        ..Default::default()
    };
    interchange::import_with(&mut other, &file, ImportFormat::Auto, &options).unwrap();
    assert_eq!(other.stories_in(Place::Backlog).unwrap().len(), 10);
    let current = other.sprint_by_name("Current sprint").unwrap().unwrap();
    let done =
        other.stories_in(Place::Sprint(current.id)).unwrap().iter().filter(|s| s.fields.status == Status::Done).count();
    assert_eq!(done, 20);
}

#[test]
fn trello_gocd_leaves_its_78_archived_cards_out() {
    let Some(got) = import("trello-gocd-testdrive-migration.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 44 stories (0 pts), 1 sprint from trello-gocd-testdrive-migration.json; 78 archived cards were left out"
    );
    // To Do; In Progress + Ready to merge; Done (57 archived done cards left out).
    assert_eq!(got.sprints(), one("Current sprint", SprintState::Active, [15, 8, 3]));
    assert_eq!(got.backlog().len(), 18, "Backlog/Future Work/Ideas");
    let flow = got.titled("PaC: Flow 1 - Find material in repo");
    assert_eq!((flow.place, flow.fields.assignee.as_str()), (Place::Backlog, "Marques Lee"));
    assert_eq!(flow.fields.labels, ["Pipelines-as-Code"]);
    assert_eq!(got.with_label("Add-Pipeline"), 14);
    assert_eq!(got.all().iter().filter(|s| !s.fields.assignee.is_empty()).count(), 26);
}

#[test]
fn trello_liamgraham_moscow_buckets_are_labels_with_scrum_points() {
    let Some(got) = import("trello-liamgraham-scrum-points.json", Some("trello-liamgraham-scrum-points.json")) else {
        return;
    };
    assert_eq!(got.message, "Imported 9 stories (57 pts) from trello-liamgraham-scrum-points.json");
    assert!(got.sprints().is_empty(), "MoSCoW buckets are not sprints");
    for (bucket, n) in
        [("Must-Have", 2), ("Should-Have", 2), ("Could-Have", 1), ("Won't-Have", 1), ("No-Priority", 2), ("Other", 1)]
    {
        assert_eq!(got.with_label(bucket), n, "{bucket}");
    }
    let solar = got.titled("Solar Power Generation");
    assert_eq!(solar.fields.points, Some(Points::whole(4)));
    assert_eq!(solar.fields.labels, ["Potential-Customer", "Must-Have"]);
    assert_eq!(got.titled("Energy Usage Input").fields.points, Some(Points::whole(1)));
}

#[test]
fn trello_matteopelucco_italian_workflow_and_other_lists_as_labels() {
    let Some(got) = import("trello-matteopelucco-mycorner.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 54 stories (0 pts), 1 sprint from trello-matteopelucco-mycorner.json; 23 archived cards were left out"
    );
    // READY; IN PROGRESS; DONE.
    assert_eq!(got.sprints(), one("Current sprint", SprintState::Active, [3, 13, 2]));
    assert_eq!(got.backlog().len(), 36, "BACKLOG and the lists that are none of these");
    for (list, n) in [("IN-STANDBY", 9), ("VARIE-ED-EVENTUALI", 5), ("Cosa-mi-lascia-NAPS", 7)] {
        assert_eq!(got.with_label(list), n, "{list}");
    }
    let qr = got.titled("TdP - QR Fattura");
    assert_eq!((qr.fields.status, qr.fields.assignee.as_str()), (Status::Doing, "Matteo Pelucco"));
}

#[test]
fn trello_miyamae_japanese_lists_give_statuses() {
    let Some(got) = import("trello-miyamae-clipkit-ja.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 66 stories (0 pts), 1 sprint from trello-miyamae-clipkit-ja.json; 1 archived card was left out"
    );
    // やること to do, 作業中 doing, クローズ done; やりたいこと (wishes) is the backlog.
    assert_eq!(got.sprints(), one("Current sprint", SprintState::Active, [8, 7, 27]));
    assert_eq!(got.backlog().len(), 24);
    assert_eq!(got.all().iter().filter(|s| s.fields.kind == Kind::Bug).count(), 9, "cards labelled バグ");
    assert_eq!(got.titled("記事ページのcanonicalにpage追加").fields.assignee, "みやまえ");
    assert_eq!(got.all().iter().filter(|s| !s.fields.assignee.is_empty()).count(), 10);
}

#[test]
fn trello_skiitr_product_areas_are_labels_not_sprints() {
    let Some(got) = import("trello-skiitr-avidyne.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 22 stories (0 pts) from trello-skiitr-avidyne.json; 95 archived cards were left out"
    );
    assert!(got.sprints().is_empty());
    assert_eq!(got.backlog().len(), 22);
    for (area, n) in [("TAS/TAS-A", 4), ("General-Tasks", 5), ("IFD5XX/4XX", 4), ("R9", 4), ("Autopilot", 2)] {
        assert_eq!(got.with_label(area), n, "{area}");
    }
    assert_eq!(got.with_label("On-Hold"), 11);
    let rohs = got.titled("070-00092-014 approve of RoHS");
    assert_eq!(rohs.fields.labels, ["Pending-ECO", "TAS/TAS-A"]);
}

#[test]
fn trello_stonekw_current_sprint_1_backlog_is_sprint_1() {
    let Some(got) = import("trello-stonekw-volunteerbridge.json", None) else { return };
    assert_eq!(
        got.message,
        "Imported 41 stories (183 pts), 1 sprint from trello-stonekw-volunteerbridge.json; 1 archived card was left out"
    );
    assert_eq!(got.sprints(), one("Sprint 1", SprintState::Active, [2, 0, 0]));
    let sprint = got.store.sprint_by_name("Sprint 1").unwrap().unwrap();
    let titles: Vec<String> =
        got.store.stories_in(Place::Sprint(sprint.id)).unwrap().into_iter().map(|s| s.fields.title).collect();
    assert_eq!(titles, ["Deliverable 2: Activity Diagrams", "Deliverable 2: Use Case"]);
    assert_eq!(got.backlog().len(), 39, "both Product Backlog lists");
    let register = got.titled("As a volunteer, I want to register for an account");
    assert_eq!(
        (register.fields.points, register.fields.labels.clone()),
        (Some(Points::whole(8)), vec!["Volunteer".into()])
    );
}

#[test]
fn trello_hanyscz_single_card_export_is_refused_saying_what_it_is() {
    let Some(file) = real_file(Some("trello-hanyscz-single-card-cs.json"), "") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("board.db"), at(2026, 11, 2));
    for format in [ImportFormat::Auto, ImportFormat::Trello] {
        let err = interchange::import(&mut store, &file, format).unwrap_err().to_string();
        assert_eq!(
            err,
            "trello-hanyscz-single-card-cs.json: the file: this is a single Trello card (\"Stínování, barevnost\"), \
             not a board; expected a Trello board export (an object with \"lists\" and \"cards\"; on the board: Menu → \
             Print, export and share → Export as JSON) — nothing was imported"
        );
    }
    assert!(store.is_blank().unwrap());
}

#[test]
fn trello_lists_given_by_hand_say_what_a_list_is() {
    let Some(moscow) = real_file(Some("trello-liamgraham-scrum-points.json"), "") else { return };
    let b = Board::new();
    let out = b.ok(&[
        "import",
        moscow.to_str().unwrap(),
        "--lists",
        "Must Have=sprint,Won't Have=backlog",
        "--lists",
        "other=done",
    ]);
    assert_eq!(out, "Imported 9 stories (57 pts), 1 sprint from trello-liamgraham-scrum-points.json\n");
    let states: Vec<(String, String)> = sprints(&b).into_iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(states, [("Must Have".to_string(), "active".to_string())]);
    // The done list, right of the sprint list, is that sprint's done column.
    let in_it = json(&b, &["list", "--sprint", "Must Have", "--json"]);
    let statuses: Vec<&str> = in_it.as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["todo", "todo", "done"]);
    let backlog = json(&b, &["list", "--json"]);
    let sun = backlog.as_array().unwrap().iter().find(|s| s["title"].as_str().unwrap().starts_with("Artificial Sun"));
    assert_eq!(sun.unwrap()["labels"], serde_json::json!(["Potential-Customer"]), "a backlog list adds no label");
    let email = backlog.as_array().unwrap().iter().find(|s| s["title"].as_str().unwrap().starts_with("Send Report"));
    assert_eq!(email.unwrap()["labels"], serde_json::json!(["Sales-Person", "Should-Have"]));
}
