//! Money on the last screens of issue 12: the Roadmap's epic cards and
//! details strip carry the epic's remaining cost at P50/P85 when a budget
//! exists and money shows; the Reports screen says what each sprint cost
//! and what a point cost; `$` and presenter mode hide both.

mod common;
use common::{app, press, screen};

use sprintboard::domain::money::Money;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::Store;
use sprintboard::tui::app::App;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

/// The demo on 2 Dec 2026 with a team of two at €520 and €480 a day, so
/// the demo's closed sprints are costed; with `budget`, a board budget.
fn board(dir: &tempfile::TempDir, budget: bool) -> Store {
    let mut store = common::demo_with_team(dir.path(), today());
    let s = Settings::default();
    if budget {
        ops::set_budget(&mut store, &s, ops::BudgetTarget::Board, "250000", None, None).unwrap();
    }
    store
}

/// The Roadmap with the forecast computed, focused on the first epic card
/// that the forecast prices.
fn roadmap(store: Store) -> (App, Epic, cost::CostRange) {
    roadmap_at(store, 200, 60)
}

fn roadmap_at(store: Store, w: u16, h: u16) -> (App, Epic, cost::CostRange) {
    let mut app = app(store, w, h);
    app.compute_forecast();
    press(&mut app, "3");
    let f = app.forecast.clone().expect("a forecast");
    let priced = f.epics.iter().find(|e| e.cost.is_some()).expect("an epic the forecast prices");
    let (epic, cost) = (priced.epic.clone(), priced.cost.unwrap());
    for _ in 0..40 {
        if app.roadmap_epic().is_some_and(|e| e.id == epic.id) {
            break;
        }
        let k = if app.roadmap_epic().is_none() { "j" } else { "l" };
        press(&mut app, k);
    }
    (app, epic, cost)
}

/// `€18k` as the cards write it (the demo's money is in euros).
fn short(m: Money) -> String {
    sprintboard::tui::widgets::burn_up::short_money(m, &Default::default())
}

#[test]
fn roadmap_cards_and_strip_show_an_epics_remaining_cost_while_money_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, epic, cost) = roadmap(board(&dir, true));
    let s = screen(&app, 200, 60);
    let card = if short(cost.p50) == short(cost.p85) {
        format!("{} left", short(cost.p50))
    } else {
        format!("{}–{} left", short(cost.p50), short(cost.p85))
    };
    assert!(s.contains(&card), "no {card:?} on the card of {}:\n{s}", epic.key);
    // Narrower, the bar gives up cells so the cost is still read in full.
    for (w, h) in [(120, 40), (80, 24)] {
        let dir = tempfile::tempdir().unwrap();
        let (app, epic, _) = roadmap_at(board(&dir, true), w, h);
        let narrow = screen(&app, w, h);
        assert!(narrow.contains(&card), "{w}×{h}: no {card:?} on the card of {}:\n{narrow}", epic.key);
    }
    let full = format!(
        "Remaining cost: {} at P50 · {} at P85",
        cost.p50.format_whole(&Default::default()),
        cost.p85.format_whole(&Default::default())
    );
    assert_eq!(app.roadmap_epic().map(|e| e.id), Some(epic.id), "the focus is on the priced epic");
    assert!(s.contains(&full), "no {full:?} in the strip:\n{s}");
    assert!(cost.p50.0 > 0 && cost.p50 <= cost.p85, "{cost:?}");
    press(&mut app, "$");
    let hidden = screen(&app, 200, 60);
    assert!(!hidden.contains(" left") && !hidden.contains('€'), "$ leaves money on the Roadmap:\n{hidden}");
    press(&mut app, "$P");
    let presenting = screen(&app, 200, 60);
    assert!(!presenting.contains('€'), "presenter mode shows money on the Roadmap:\n{presenting}");
}

#[test]
fn without_a_budget_the_roadmap_shows_no_cost() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _, _) = roadmap(board(&dir, false));
    let s = screen(&app, 200, 60);
    assert!(!s.contains('€') && !s.contains("Remaining cost"), "{s}");
}

#[test]
fn reports_say_what_sprints_and_points_cost_while_money_shows() {
    let dir = tempfile::tempdir().unwrap();
    let store = board(&dir, false);
    let costs = ops::cost_report(&store, &Settings::default()).unwrap();
    let c = &costs.currency;
    let last = costs.sprints.iter().rev().find(|l| l.completed.is_some()).unwrap().clone();
    let per_point = costs.cost_per_point.expect("the demo's closed sprints are costed");
    let mut app = app(store, 200, 60);
    app.compute_forecast();
    press(&mut app, "4");
    let s = screen(&app, 200, 60);
    let summary = format!("Cost: {} {}", last.name, last.cost.format_whole(c));
    assert!(s.contains(&summary), "no {summary:?} in\n{s}");
    assert!(s.contains(&format!("{} per point over", per_point.format_whole(c))), "{s}");
    // The tall screen's table has the cost columns, the last sprint's row
    // ending with its cost and its own cost per point.
    assert!(s.contains("Cost") && s.contains("Per pt"), "{s}");
    let row = s.lines().find(|l| l.contains(&last.name) && l.contains(" of ")).expect("the last sprint's row");
    assert!(row.contains(&short(last.cost)), "{row}");
    press(&mut app, "$");
    let hidden = screen(&app, 200, 60);
    assert!(!hidden.contains('€') && !hidden.contains("Per pt"), "$ leaves money on Reports:\n{hidden}");
    press(&mut app, "$P");
    assert!(!screen(&app, 200, 60).contains('€'), "presenter mode shows money on Reports");
}

#[test]
fn reports_of_a_board_without_members_or_expenses_have_no_cost_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(today().and_hms_opt(9, 0, 0).unwrap()));
    sprintboard::interchange::demo::create(&mut store, today()).unwrap();
    let mut app = app(store, 200, 60);
    press(&mut app, "4");
    let s = screen(&app, 200, 60);
    assert!(s.contains("Average velocity") && !s.contains('€') && !s.contains("Per pt"), "{s}");
}
