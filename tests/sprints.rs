//! The sprint cycle from the keyboard (S, s, C) and its records, the
//! forecast command, and the Sprint and Reports screens.

mod common;
use common::{key, press};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::config::Config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields};
use sprintboard::tui::app::App;

fn at(day: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn store(spot: &common::Spot) -> Store {
    let mut s = Store::open(&spot.board("b.db")).unwrap();
    s.set_clock(Some(at(2)));
    s
}

fn add(store: &mut Store, title: &str, points: i64) -> StoryId {
    let row = StoryFields { title: title.into(), points: Some(Points::whole(points)), ..Default::default() };
    let (key, _) = ops::add_story(store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    store.story_by_key(&key).unwrap().unwrap().id
}

fn ctrl_u(app: &mut App) {
    // Clears a single-line field (textarea: delete to the line head).
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

use common::screen;

on_both_engines! {
fn plan_start_and_close_a_sprint_with_keys_records_velocity(spot: &Spot) {
    let mut s = store(spot);
    for (t, p) in [("Login", 5), ("Menu", 3), ("Basket", 8)] {
        add(&mut s, t, p);
    }
    let mut app = App::new(s, &Config::default(), (120, 40)).unwrap();
    // S: the form comes filled in; Enter saves it.
    press(&mut app, "S");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Plan a new sprint") && shown.contains("Sprint 1") && shown.contains("2026-11-02"),
        "{shown}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.message.text, "Planned Sprint 1 (Nov 2 – Nov 15)");
    // Drag two stories in, start it from its column.
    press(&mut app, "LhL");
    assert!(app.message.text.contains("→ Sprint 1 · 8 pts"), "{}", app.message.text);
    press(&mut app, "s");
    assert!(screen(&app, 120, 40).contains("Committing 2 stories, 8 pts"));
    press(&mut app, "y");
    assert_eq!(app.message.text, "Started Sprint 1: 2 stories, 8 pts committed");
    // Sprint screen: L moves the focused story to Doing, then Done.
    press(&mut app, "2");
    assert_eq!(app.sprint_board.columns[0].len(), 2);
    press(&mut app, "LL");
    assert_eq!(app.sprint_board.columns[2].len(), 1, "{}", app.message.text);
    // C closes: unfinished go to the top of the backlog (the default).
    press(&mut app, "C");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Completed 5 of 8 committed pts"), "{shown}");
    assert!(shown.contains("1 unfinished story (3 pts)"), "{shown}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.message.text,
        "Closed Sprint 1: 5 of 8 pts done · 1 unfinished (3 pts) → Backlog top · velocity now 5 · cut lines follow it"
    );
    let rec = app.store.velocity_records().unwrap();
    assert_eq!(
        rec[0].record,
        VelocityRecord {
            committed: Points::whole(8),
            completed: Points::whole(5),
            added: Points::ZERO,
            removed: Points::ZERO,
            carried_over: Points::whole(3),
        }
    );
    assert!(screen(&app, 120, 40).contains("No sprint is active"));
    // Undo the close, then the start: the sprint is planned again.
    press(&mut app, "u");
    assert!(app.message.text.starts_with("Undid: Sprint 1 active again, "), "{}", app.message.text);
    assert!(app.message.text.contains(" · was: Closed Sprint 1"), "{}", app.message.text);
    assert_eq!(app.store.active_sprint().unwrap().unwrap().fields.name, "Sprint 1");
}

fn the_sprint_form_refuses_an_end_before_the_start_and_says_why(spot: &Spot) {
    let mut app = App::new(store(spot), &Config::default(), (100, 30)).unwrap();
    press(&mut app, "S");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl_u(&mut app);
    press(&mut app, "2026-11-01");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("the end date 2026-11-01 is before the start date 2026-11-02"), "{shown}");
    assert!(app.store.sprints().unwrap().is_empty());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.message.text, "Cancelled: nothing changed");
}

fn overlapping_dates_are_allowed_with_a_warning(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let draft = ops::SprintDraft { start: Some(at(10).date()), ..Default::default() };
    let (_, done) = ops::new_sprint(&mut s, &settings, draft).unwrap();
    assert_eq!(
        done.message,
        "Planned Sprint 2 (Nov 10 – Nov 23) · warning: dates overlap Sprint 1 (2026-11-02 – 2026-11-15)"
    );
}

fn starting_while_another_is_active_is_refused_with_the_reason(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    let (a, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    ops::start_sprint(&mut s, &settings, a).unwrap();
    let mut app = App::new(s, &Config::default(), (120, 30)).unwrap();
    press(&mut app, "lll");
    press(&mut app, "s");
    assert_eq!(app.message.text, "Sprint 1 is still active; close it before starting Sprint 2");
    assert!(app.message.error);
}

fn closing_an_empty_sprint_and_one_with_nothing_done(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    let (a, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    ops::start_sprint(&mut s, &settings, a).unwrap();
    let done = ops::close_sprint(&mut s, &settings, a, Unfinished::Backlog).unwrap();
    assert_eq!(done.message, "Closed Sprint 1: 0 of 0 pts done · velocity now 0");
    let (b, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let x = add(&mut s, "X", 5);
    ops::move_story(&mut s, x, Place::Sprint(b), Position::Bottom).unwrap();
    ops::start_sprint(&mut s, &settings, b).unwrap();
    let done = ops::close_sprint(&mut s, &settings, b, Unfinished::New).unwrap();
    assert_eq!(done.message, "Closed Sprint 2: 0 of 5 pts done · 1 unfinished (5 pts) → Sprint 3 · velocity now 0");
    // With only zero velocities there is nothing to forecast with.
    let f = ops::forecast(&s, &settings, at(2).date()).unwrap();
    assert!(f.future.is_empty());
}

fn burndown_replays_the_sprints_history(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    let (sp, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let a = add(&mut s, "A", 5);
    let b = add(&mut s, "B", 3);
    for id in [a, b] {
        ops::move_story(&mut s, id, Place::Sprint(sp), Position::Bottom).unwrap();
    }
    ops::start_sprint(&mut s, &settings, sp).unwrap();
    s.set_clock(Some(at(4)));
    ops::set_status(&mut s, a, Status::Done).unwrap();
    s.set_clock(Some(at(5)));
    let c = add(&mut s, "C", 2);
    ops::move_story(&mut s, c, Place::Sprint(sp), Position::Bottom).unwrap();
    let bd = ops::burndown(&s, sp, at(6).date()).unwrap();
    let got: Vec<(u32, i64, i64)> = bd
        .days
        .iter()
        .map(|d| (chrono::Datelike::day(&d.date), d.remaining.hundredths() / 100, d.scope.hundredths() / 100))
        .collect();
    assert_eq!(got, vec![(2, 8, 8), (3, 8, 8), (4, 3, 8), (5, 5, 10), (6, 5, 10)]);
}

fn forecast_needs_history_and_then_matches_constant_velocity(spot: &Spot) {
    let b = common::Board::on(spot);
    b.ok(&["init", "--name", "F"]);
    for i in 0..6 {
        b.cmd().args(["add", &format!("Story {i}"), "--points", "5"]).assert().success();
    }
    let out = b.ok(&["forecast"]);
    assert!(out.starts_with("No forecast yet: it needs the velocity of at least one closed sprint."), "{out}");
    b.cmd().args(["sprint", "new", "Sprint 1"]).assert().success();
    b.cmd().args(["move", "SB-1", "--sprint", "Sprint 1"]).assert().success();
    b.cmd().args(["move", "SB-2", "--sprint", "Sprint 1"]).assert().success();
    b.cmd().args(["sprint", "start", "Sprint 1"]).assert().success();
    b.cmd().args(["set", "SB-1", "--status", "done"]).assert().success();
    b.cmd().args(["set", "SB-2", "--status", "done"]).assert().success();
    b.cmd().args(["sprint", "close", "Sprint 1"]).assert().success();
    let json: serde_json::Value = serde_json::from_str(&b.ok(&["forecast", "--json"])).unwrap();
    assert_eq!(json["average"], 10);
    assert_eq!(json["remaining"], 20);
    let sprints = json["sprints"].as_array().unwrap();
    assert_eq!(sprints.len(), 2);
    assert_eq!(sprints[0]["name"], "Sprint 2");
    assert_eq!(sprints[0]["end"], "2026-11-29");
    assert_eq!(sprints[1]["points"], 10);
}

fn reports_screen_snapshot(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    for (n, (commit, done)) in [(8, 8), (13, 10), (10, 10), (12, 7)].into_iter().enumerate() {
        let (sp, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
        let a = add(&mut s, &format!("Done {n}"), done);
        let b = add(&mut s, &format!("Left {n}"), commit - done);
        for id in [a, b] {
            ops::move_story(&mut s, id, Place::Sprint(sp), Position::Bottom).unwrap();
        }
        ops::start_sprint(&mut s, &settings, sp).unwrap();
        ops::set_status(&mut s, a, Status::Done).unwrap();
        ops::close_sprint(&mut s, &settings, sp, Unfinished::Backlog).unwrap();
    }
    let mut app = App::new(s, &Config::default(), (80, 24)).unwrap();
    app.compute_forecast();
    press(&mut app, "4");
    insta::assert_snapshot!("reports_screen_snapshot", screen(&app, 80, 24));
}

fn closing_into_a_new_sprint_picks_a_free_name(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    let (a, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let draft = ops::SprintDraft { name: Some("Sprint 3".into()), ..Default::default() };
    ops::new_sprint(&mut s, &settings, draft).unwrap();
    let x = add(&mut s, "X", 5);
    ops::move_story(&mut s, x, Place::Sprint(a), Position::Bottom).unwrap();
    ops::start_sprint(&mut s, &settings, a).unwrap();
    let done = ops::close_sprint(&mut s, &settings, a, Unfinished::New).unwrap();
    assert!(done.message.ends_with("→ Sprint 4 · velocity now 0"), "{}", done.message);
}

fn an_empty_planned_sprint_takes_backlog_work_in_both_forecasts(spot: &Spot) {
    let b = common::Board::on(spot);
    b.ok(&["init", "--demo"]);
    let before: serde_json::Value = serde_json::from_str(&b.ok(&["forecast", "--json"])).unwrap();
    b.cmd().args(["sprint", "new", "Sprint 10"]).assert().success();
    let after: serde_json::Value = serde_json::from_str(&b.ok(&["forecast", "--json"])).unwrap();
    assert_eq!(before["sprints"], after["sprints"], "the same stories land in the same sprints");
    assert_eq!(after["sprints"][0]["name"], "Sprint 10");
    assert_eq!(before["epics"], after["epics"]);
}

fn s_starts_a_sprint_planned_for_later_today_by_default_keeping_its_length(spot: &Spot) {
    let mut s = store(spot);
    let settings = Settings::default();
    let draft = ops::SprintDraft {
        start: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 9).unwrap()),
        end: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ..Default::default()
    };
    ops::new_sprint(&mut s, &settings, draft).unwrap();
    let mut app = App::new(s, &Config::default(), (120, 40)).unwrap();
    press(&mut app, "ls");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Start today (Nov 2 – Nov 15)") && shown.contains("planned dates (Nov 9 – Nov 22)"),
        "{shown}"
    );
    key(&mut app, KeyCode::Enter);
    let sprint = app.store.sprint_by_name("Sprint 1").unwrap().unwrap();
    assert_eq!(
        (sprint.fields.start.to_string(), sprint.fields.end.to_string()),
        ("2026-11-02".into(), "2026-11-15".into())
    );
    assert_eq!(sprint.fields.state, SprintState::Active);
}
}
