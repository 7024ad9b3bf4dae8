//! The Reports screen and `velocity` (issue 10): the chart's bars carry
//! their values and the sprints' names, the average line is labelled, the
//! chart spreads over the width it has, say/do names the sprints it is
//! over; `velocity` (table and JSON) carries added, removed and carried
//! points per sprint.

mod common;

use common::{Board, Spot, press, screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use sprintboard::domain::report::SprintReport;
use sprintboard::domain::*;
use sprintboard::interchange;
use sprintboard::store::Store;
use sprintboard::tui::theme::Theme;
use sprintboard::tui::widgets::velocity_chart::VelocityChart;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn sprint(name: &str, committed: &str, completed: &str) -> SprintReport {
    let p = |s: &str| Points::parse(s).unwrap();
    let record = VelocityRecord { committed: p(committed), completed: p(completed), ..Default::default() };
    SprintReport { name: name.into(), number: 0, record, say_do: velocity::say_do(&record), stories: 0, bugs: 0 }
}

/// The chart alone in a `w`×`h` buffer, one text row per line.
fn chart(sprints: &[SprintReport], average: Option<&str>, w: u16, h: u16) -> String {
    let theme = Theme::named("default", false);
    let average = average.map(|a| Points::parse(a).unwrap());
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(VelocityChart { sprints, earlier: 0, average, theme: &theme }, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "|").collect::<Vec<_>>().join("\n")
}

#[test]
fn chart_snapshots() {
    let sprints = [
        sprint("Sprint 1", "8", "8"),
        sprint("Dinners", "13", "10"),
        sprint("Sprint 3", "0.5", "0"),
        sprint("Family weekend bundles", "12", "7"),
    ];
    insta::assert_snapshot!("velocity_chart_40x10", chart(&sprints, Some("5.7"), 40, 10));
    // Too narrow for all four with their values: the newest, and a hint.
    insta::assert_snapshot!("velocity_chart_narrow_20x8", chart(&sprints, Some("5.7"), 20, 8));
}

#[test]
fn every_bar_is_labelled_and_names_are_cut_with_an_ellipsis() {
    let sprints =
        [sprint("Sprint 1", "8", "8"), sprint("Dinners", "13", "10"), sprint("Family weekend bundles", "12.5", "7")];
    let text = chart(&sprints, Some("8.3"), 36, 10);
    for value in ["8", "13", "10", "12.5", "7", "avg 8.3"] {
        assert!(text.contains(value), "{value} missing:\n{text}");
    }
    let names = text.lines().rev().take(2).collect::<String>();
    assert!(names.contains("Sprint 1") && names.contains("Dinners"), "{text}");
    assert!(names.contains('…') && names.contains("Family"), "a long name is cut with an ellipsis:\n{text}");
}

/// The demo board, with its six closed sprints, on `spot`.
fn demo(spot: &Spot) -> Store {
    let mut store = Store::open(&spot.board("demo.db")).unwrap();
    store.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    let today = store.today();
    interchange::demo::create(&mut store, today).unwrap();
    store
}

#[test]
fn the_reports_screen_reads_at_every_size() {
    let spot = Spot::sqlite();
    for (w, h) in SIZES {
        let store = demo(&spot.fresh());
        let records = sprintboard::store::Reads::velocity_records(&store).unwrap();
        let mut app = common::app(store, w, h);
        app.compute_forecast();
        press(&mut app, "4");
        let s = screen(&app, w, h);
        let lines: Vec<&str> = s.lines().collect();
        assert!(s.contains("say/do 83% over Sprint 4 – Sprint 6 (last 3)"), "{w}×{h}:\n{s}");
        assert!(s.contains("Average velocity 19 pts"), "{w}×{h}:\n{s}");
        assert!(s.contains("Median cycle time") && s.contains("bug share"), "{w}×{h}:\n{s}");
        assert!(s.contains("Forecast: "), "the last fact fits at {w}×{h}:\n{s}");
        assert!(s.contains("avg 19"), "the average line is labelled at {w}×{h}:\n{s}");
        // The axis names the sprints, in order, on the row under the bars.
        let axis = lines.iter().find(|l| l.contains("Sprint 1") && l.contains("Sprint 6")).expect("sprint names");
        let at: Vec<usize> = (1..=6).map(|n| axis.find(&format!("Sprint {n}")).unwrap()).collect();
        assert!(at.windows(2).all(|p| p[0] < p[1]), "{axis}");
        // Every bar's value is on screen above the axis.
        let chart = lines.iter().take_while(|l| !l.contains("Sprint 1 ")).copied().collect::<Vec<_>>().join("\n");
        for r in &records {
            for v in [r.record.committed, r.record.completed] {
                assert!(chart.contains(&format!(" {v} ")) || chart.contains(&format!("┈{v}┈")), "{v} at {w}×{h}:\n{s}");
            }
        }
        // On a tall screen, a table of the records under the chart.
        let words = |l: &str| l.split(['│', ' ']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        let table_row = lines.iter().any(|l| words(l) == "Sprint 6 23 16 1 0 8 70% 2 of 5");
        assert_eq!(table_row, h >= 40, "the records table at {w}×{h}:\n{s}");
        // The bars use the width: the last sprint's bars end in the right fifth.
        let right = lines.iter().filter_map(|l| l.rfind('█').map(|b| l[..b].chars().count())).max().unwrap();
        assert!(right as f64 > f64::from(w) * 0.8, "bars end at {right} of {w}:\n{s}");
    }
}

on_both_engines! {
    fn velocity_carries_added_removed_and_carried_points(spot: &Spot) {
        let b = Board::on(spot);
        b.ok(&["init", "--key-prefix", "MP"]);
        for (title, points) in [("Save meals", "5"), ("Shopping list", "3"), ("Pantry", "2")] {
            b.ok_both(&["add", title, "--points", points]);
        }
        b.ok(&["sprint", "new", "Sprint 1"]);
        for key in ["MP-1", "MP-2", "MP-3"] {
            b.ok(&["move", key, "--sprint", "Sprint 1"]);
        }
        b.ok(&["sprint", "start", "Sprint 1"]);
        b.ok_both(&["add", "Late addition", "--points", "1", "--sprint", "Sprint 1"]);
        b.ok(&["move", "MP-3", "--backlog"]);
        b.ok(&["set", "MP-1", "--status", "done"]);
        b.ok(&["sprint", "close", "Sprint 1"]);
        let v: Value = serde_json::from_str(&b.ok(&["velocity", "--json"])).unwrap();
        assert_eq!(
            v,
            json!({"window": 3, "average": 5, "sprints": [
                {"name": "Sprint 1", "committed": 10, "completed": 5, "added": 1, "removed": 2, "carried": 4}]})
        );
        assert_eq!(
            b.ok(&["velocity"]),
            "Average velocity: 5 pts (the last closed sprint, Sprint 1)\n\
             SPRINT    COMMITTED  COMPLETED  ADDED  REMOVED  CARRIED  SAY/DO\n\
             Sprint 1         10          5      1        2        4     50%\n"
        );
    }
}

#[test]
fn the_reports_screen_draws_at_every_size_from_the_smallest() {
    let spot = Spot::sqlite();
    let store = demo(&spot);
    let mut app = common::app(store, 60, 16);
    app.compute_forecast();
    press(&mut app, "4");
    for (w, h) in [(60, 16), (61, 17), (64, 18), (72, 20), (80, 24), (100, 30)] {
        let s = screen(&app, w, h);
        assert!(s.contains("Velocity") && s.contains("Summary"), "{w}×{h}:\n{s}");
    }
    // Narrow charts of many sprints, drawn alone: the newest fit, the rest are hinted.
    let many: Vec<SprintReport> = (1..=30).map(|n| sprint(&format!("Sprint {n}"), "12.5", "10")).collect();
    for w in 16..40 {
        let text = chart(&many, Some("10"), w, 6);
        let hidden = 30 - text.matches("Sprint ").count();
        assert!(text.contains(&format!("◂ {hidden}")) && text.contains("Sprint 30"), "{w}:\n{text}");
    }
}

#[test]
fn sprints_older_than_the_reports_look_back_are_hinted_on_the_chart() {
    use sprintboard::ops;
    let spot = Spot::sqlite();
    let mut store = Store::open(&spot.board("many.db")).unwrap();
    let s = Settings::default();
    let closed = ops::REPORT_SPRINTS + 2;
    for n in 1..=closed {
        let (sprint, _) = ops::new_sprint(&mut store, &s, ops::SprintDraft::default()).unwrap();
        let row = sprintboard::store::StoryFields {
            title: format!("Story {n}"),
            points: Some(Points::whole(3)),
            ..Default::default()
        };
        let new = sprintboard::store::NewStory { row, place: Some(sprint), ..Default::default() };
        ops::add_story(&mut store, new, Position::Bottom).unwrap();
        ops::start_sprint(&mut store, &s, sprint).unwrap();
        ops::close_sprint(&mut store, &s, sprint, Unfinished::Backlog).unwrap();
    }
    let mut app = common::app(store, 120, 40);
    press(&mut app, "4");
    let s = screen(&app, 120, 40);
    assert!(s.contains("◂ 2 earlier"), "Sprint 1 and Sprint 2 are not charted, and the chart says so:\n{s}");
}
