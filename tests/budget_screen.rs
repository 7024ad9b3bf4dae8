//! Screen 6, Budget (SPEC §2, issue 12): the team, days off and budgets
//! with the burn-up, at 80×24, 120×40 and 200×60; every key of the screen
//! (h/l between the lists, n/e/x, c for an expense, u undoing each); forms
//! that refuse bad input in words; and a board without a team saying how
//! to add one instead of an empty frame.

mod common;
use common::{app, key, press, screen};

use ratatui::crossterm::event::KeyCode;
use sprintboard::domain::money::Money;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{Store, TeamReads};
use sprintboard::tui::app::App;
use sprintboard::tui::popup::Popup;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn d(m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// The demo board (six closed sprints, Sprint 7 active) on 2 Dec 2026.
fn demo(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(today().and_hms_opt(9, 0, 0).unwrap()));
    sprintboard::interchange::demo::create(&mut store, today()).unwrap();
    store
}

fn member(name: &str, role: &str, rate: i64, availability: i64) -> MemberFields {
    MemberFields {
        name: name.into(),
        role: role.into(),
        availability,
        day_rate: Some(Money(rate * 100)),
        ..MemberFields::default()
    }
}

/// The demo with a team of three, two days off, a board budget of
/// €250,000 (short at P85 on this board) and an expense.
pub fn team_board(dir: &tempfile::TempDir) -> Store {
    let mut store = demo(dir);
    let s = Settings::default();
    ops::add_member(&mut store, &s, member("Maya", "developer", 520, 100)).unwrap();
    ops::add_member(&mut store, &s, member("Omar", "developer", 480, 80)).unwrap();
    ops::add_member(&mut store, &s, member("Lena", "designer", 450, 100)).unwrap();
    ops::add_day_off(&mut store, ops::Whom::Member("Maya".into()), d(12, 7), Some(d(12, 11)), 100).unwrap();
    ops::add_day_off(&mut store, ops::Whom::Team, d(12, 25), None, 100).unwrap();
    ops::set_budget(&mut store, &s, ops::BudgetTarget::Board, "250000", None, None).unwrap();
    let expense =
        ops::ExpenseDraft { amount: "1200".into(), category: "licences".into(), ..ops::ExpenseDraft::default() };
    ops::add_expense(&mut store, &s, expense).unwrap();
    store
}

fn on_budget(store: Store, w: u16, h: u16) -> App {
    let mut app = app(store, w, h);
    press(&mut app, "6");
    app
}

fn form_title(app: &App) -> Option<String> {
    match app.popup.as_ref() {
        Some(Popup::Form(f, _)) => Some(f.title.clone()),
        _ => None,
    }
}

fn form_error(app: &App) -> Option<String> {
    match app.popup.as_ref() {
        Some(Popup::Form(f, _)) => f.error.clone(),
        _ => None,
    }
}

/// Empties the focused one-line field and types `text` into it.
fn type_field(app: &mut App, text: &str) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(app, text);
}

#[test]
fn screen_6_shows_the_team_days_off_budgets_and_the_burn_up_at_three_sizes() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let app = on_budget(team_board(&dir), w, h);
        let s = screen(&app, w, h);
        for want in ["6 Budget", "Team", "Maya", "developer", "80%", "€520", "Days off", "Dec 7–11", "whole team"] {
            assert!(s.contains(want), "{w}×{h}: no {want:?} in\n{s}");
        }
        for want in ["Budgets", "board", "€250,000", "Left at P50 / P85", "EAC", "▲ board: budget runs out in"] {
            assert!(s.contains(want), "{w}×{h}: no {want:?} in\n{s}");
        }
        // The burn-up: spent bars, the budget line and the band ahead, with a legend.
        for want in ["Burn-up · board", "█", "═", "░", "now", "€250k"] {
            assert!(s.contains(want), "{w}×{h}: no {want:?} in\n{s}");
        }
        assert!(!s.contains("Terminal too small"));
    }
    // At 200 columns the team list has room for hours and active dates.
    let dir = tempfile::tempdir().unwrap();
    let s = screen(&on_budget(team_board(&dir), 200, 60), 200, 60);
    assert!(s.contains("h/day") && s.contains("active"), "{s}");
}

#[test]
fn tab_reaches_screen_6_and_the_smallest_size_draws_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(team_board(&dir), 60, 16);
    press(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, sprintboard::tui::state::Screen::Budget);
    let s = screen(&app, 60, 16);
    assert!(s.contains("Team") && !s.contains("Terminal too small"), "{s}");
}

#[test]
fn a_board_without_a_team_says_how_to_add_one() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let app = on_budget(demo(&dir), w, h);
        let drawn = screen(&app, w, h);
        // The Team and Days off lists side by side: read each on its own.
        let pane = |i: usize| {
            let text: Vec<&str> = drawn.lines().filter_map(|l| l.split('│').nth(i)).collect();
            text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let (s, days) = (pane(1), pane(3));
        assert!(days.contains("sprintboard dayoff add NAME FROM [TO]"), "{w}×{h}: {days}");
        assert!(drawn.contains("No budget set"), "{w}×{h}: {drawn}");
        assert!(s.contains("No team yet. n adds a member here"), "{w}×{h}: {s}");
        assert!(s.contains("sprintboard member add NAME --role R --day-rate 500"), "{w}×{h}: {s}");
    }
}

#[test]
fn n_adds_a_member_e_changes_them_x_removes_them_and_u_undoes_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_budget(team_board(&dir), 120, 40);
    press(&mut app, "n");
    assert_eq!(form_title(&app).as_deref(), Some("New team member"));
    press(&mut app, "Zoe");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "tester");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "400");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", form_error(&app));
    assert!(app.message.text.starts_with("Added Zoe (tester, 100 %, €400.00 a day)"), "{}", app.message.text);
    assert_eq!(app.store.members().unwrap().len(), 4);
    assert!(screen(&app, 120, 40).contains("Zoe"));
    // Members are listed by name: Lena, Maya, Omar, Zoe.
    press(&mut app, "G");
    press(&mut app, "e");
    assert_eq!(form_title(&app).as_deref(), Some("Team member Zoe"));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "50");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.starts_with("Changed Zoe (tester, 50 %"), "{}", app.message.text);
    press(&mut app, "x");
    assert!(matches!(app.popup, Some(Popup::Confirm { .. })));
    press(&mut app, "y");
    assert_eq!(app.message.text, "Removed Zoe from the team");
    assert_eq!(app.store.members().unwrap().len(), 3);
    press(&mut app, "u");
    assert_eq!(app.store.members().unwrap().len(), 4);
    press(&mut app, "u");
    let zoe = app.store.member_by_name("Zoe").unwrap().unwrap();
    assert_eq!(zoe.fields.availability, 100, "the edit undone");
    press(&mut app, "u");
    assert!(app.store.member_by_name("Zoe").unwrap().is_none());
}

#[test]
fn member_forms_refuse_bad_numbers_and_amounts_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_budget(team_board(&dir), 120, 40);
    press(&mut app, "n");
    press(&mut app, "Kim");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "most");
    key(&mut app, KeyCode::Enter);
    assert_eq!(form_error(&app).as_deref(), Some("Available % \"most\" is not a number like 80"));
    type_field(&mut app, "80");
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "-300");
    key(&mut app, KeyCode::Enter);
    let why = form_error(&app).unwrap();
    assert!(why.contains("cannot be negative"), "{why}");
    assert_eq!(why.lines().count(), 1, "{why}");
    type_field(&mut app, "300 USD");
    key(&mut app, KeyCode::Enter);
    let why = form_error(&app).unwrap();
    assert!(why.contains("EUR"), "{why}");
    key(&mut app, KeyCode::Esc);
    assert!(app.store.member_by_name("Kim").unwrap().is_none());
}

#[test]
fn days_off_are_added_and_removed_from_their_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_budget(team_board(&dir), 120, 40);
    press(&mut app, "l");
    assert!(screen(&app, 120, 40).contains("▶ Days off"));
    press(&mut app, "n");
    assert_eq!(form_title(&app).as_deref(), Some("New day off"));
    // Who: the whole team, then the members (the focused one first picked).
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "2026-12-14");
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "2026-12-15");
    key(&mut app, KeyCode::Tab);
    type_field(&mut app, "half");
    key(&mut app, KeyCode::Enter);
    assert_eq!(form_error(&app).as_deref(), Some("Fraction \"half\" is not a number like 1 or 0.5"));
    type_field(&mut app, "0.5");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", form_error(&app));
    assert!(app.message.text.contains("2026-12-14 – 2026-12-15 (2 working days) at 0.5"), "{}", app.message.text);
    assert_eq!(app.store.days_off().unwrap().len(), 3);
    assert!(screen(&app, 120, 40).contains("Dec 14–15"));
    // Listed by date: Dec 7–11, Dec 14–15, Dec 25.
    press(&mut app, "j");
    press(&mut app, "x");
    press(&mut app, "y");
    assert!(app.message.text.starts_with("Removed day off"), "{}", app.message.text);
    assert_eq!(app.store.days_off().unwrap().len(), 2);
    press(&mut app, "u");
    assert_eq!(app.store.days_off().unwrap().len(), 3);
}

#[test]
fn a_budget_is_set_and_an_expense_recorded_from_screen_6() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_budget(team_board(&dir), 120, 40);
    press(&mut app, "ll");
    press(&mut app, "n");
    assert_eq!(form_title(&app).as_deref(), Some("Set a budget"));
    // For: the board, each objective, each epic; the last is an epic.
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "lots");
    key(&mut app, KeyCode::Enter);
    assert_eq!(form_error(&app).as_deref(), Some("\"lots\" is not an amount of money, like 1,200.50"));
    type_field(&mut app, "40,000");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", form_error(&app));
    assert!(app.message.text.starts_with("Budget of epic E-6: €40,000.00"), "{}", app.message.text);
    assert_eq!(app.store.budgets().unwrap().len(), 2);
    assert!(screen(&app, 120, 40).contains("epic E-6"));
    press(&mut app, "c");
    assert_eq!(form_title(&app).as_deref(), Some("Record an expense"));
    press(&mut app, "899");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "hardware");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.starts_with("Expense #2: €899.00 for hardware on 2026-12-02"), "{}", app.message.text);
    press(&mut app, "u");
    assert_eq!(app.store.expenses().unwrap().len(), 1);
    press(&mut app, "u");
    assert_eq!(app.store.budgets().unwrap().len(), 1);
}

#[test]
fn without_colour_screen_6_marks_the_focused_list_and_row_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_budget(team_board(&dir), 80, 24);
    // The theme without colour, as NO_COLOR=1 gives it (the environment is
    // read by readable_no_colour, the one test that sets it).
    app.theme = sprintboard::tui::theme::Theme::named("default", false);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ Team"), "{s}");
    assert!(s.contains("│▶Lena"), "{s}");
    // A budget short at P85 says so with ▲, not only in red.
    assert!(s.contains("▲ board:"), "{s}");
    press(&mut app, "ll");
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ Budgets") && s.contains("▶board"), "{s}");
}
