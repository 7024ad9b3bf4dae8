//! Money and the team on the other screens (SPEC §2, §3, issue 12): `$`
//! hides and shows money on every screen that has any, presenter mode
//! hides it unless `presenter_money` or `$` says otherwise; the sprint
//! headers carry person-days, cost and the suggested capacity; the start
//! dialog says why the team suggests what it does and names stories
//! planned before their blockers; blocked cards carry `⊘`; the story
//! form's "Blocked by" field links stories and refuses a loop.

mod common;
use common::{app, key, press, screen};

use ratatui::crossterm::event::KeyCode;
use sprintboard::config::Config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{Reads, Store, TeamReads};
use sprintboard::tui::app::App;
use sprintboard::tui::popup::Popup;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

/// The demo on 2 Dec 2026 with a team of two and a board budget; BEN-31
/// (Sprint 8) waits on BEN-32 in the same sprint. With `closed`, Sprint 7
/// is closed first, so Sprint 8 can be started.
fn board(dir: &tempfile::TempDir, closed: bool) -> Store {
    let mut store = common::demo_with_team(dir.path(), today());
    let s = Settings::default();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    ops::add_day_off(&mut store, ops::Whom::Member("Maya".into()), from, Some(from + chrono::Days::new(4)), 100)
        .unwrap();
    ops::set_budget(&mut store, &s, ops::BudgetTarget::Board, "250000", None, None).unwrap();
    ops::block(&mut store, "BEN-31", "BEN-32").unwrap();
    if closed {
        let active = store.active_sprint().unwrap().unwrap();
        ops::close_sprint(&mut store, &s, active.id, Unfinished::Backlog).unwrap();
    }
    store
}

fn with_config(store: Store, config: &Config, w: u16, h: u16) -> App {
    App::new(store, config, (w, h)).unwrap()
}

/// Whether any money of the board's currency is on screen.
fn shows_money(s: &str) -> bool {
    s.contains('€')
}

#[test]
fn dollar_hides_and_shows_money_on_every_screen_that_has_any() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, false), 200, 60);
    // Plan: Sprint 7 and 8 headers carry their cost.
    let plan = screen(&app, 200, 60);
    assert!(plan.contains("person-days · €"), "{plan}");
    press(&mut app, "$");
    assert_eq!(app.message.text, "Money hidden ($ shows it)");
    for screen_key in ["1", "2", "6"] {
        press(&mut app, screen_key);
        let s = screen(&app, 200, 60);
        assert!(!shows_money(&s), "screen {screen_key} shows money while hidden:\n{s}");
    }
    // Person-days are not money: they stay.
    press(&mut app, "1");
    assert!(screen(&app, 200, 60).contains("person-days"));
    press(&mut app, "6");
    let s = screen(&app, 200, 60);
    assert!(s.contains("Money is hidden. $ shows budgets, spending and rates."), "{s}");
    assert!(s.contains("Maya") && !s.contains("day rate"), "{s}");
    press(&mut app, "$");
    assert_eq!(app.message.text, "Money shown ($ hides it)");
    for screen_key in ["1", "2", "6"] {
        press(&mut app, screen_key);
        assert!(shows_money(&screen(&app, 200, 60)), "screen {screen_key}");
    }
}

#[test]
fn presenter_mode_hides_money_unless_dollar_is_pressed_in_it_or_the_config_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, false), 200, 60);
    press(&mut app, "P");
    for screen_key in ["1", "2", "6"] {
        press(&mut app, screen_key);
        assert!(!shows_money(&screen(&app, 200, 60)), "presenter mode shows money on {screen_key}");
    }
    press(&mut app, "$");
    assert_eq!(app.message.text, "Money shown ($ hides it) · in presenter mode");
    assert!(shows_money(&screen(&app, 200, 60)));
    // Leaving presenter mode and coming back: hidden again, as configured.
    press(&mut app, "PP");
    assert!(!shows_money(&screen(&app, 200, 60)));

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.settings.presenter_money = true;
    let mut app = with_config(board(&dir, false), &config, 200, 60);
    press(&mut app, "P6");
    assert!(shows_money(&screen(&app, 200, 60)), "presenter_money = true shows money");
    press(&mut app, "$");
    assert!(!shows_money(&screen(&app, 200, 60)));
}

#[test]
fn sprint_headers_carry_person_days_cost_and_the_suggested_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let store = board(&dir, false);
    let plans = ops::sprint_plans(&store, &Settings::default()).unwrap();
    let sprint8 = plans.iter().find(|p| p.name == "Sprint 8").unwrap().clone();
    let mut app = app(store, 200, 60);
    let s = screen(&app, 200, 60);
    let days = sprintboard::domain::capacity::days_words(sprint8.team.person_days);
    let cost = sprint8.cost.format_whole(&Default::default());
    let suggested = sprint8.suggested.unwrap();
    assert!(s.contains(&format!("{days} person-days · {cost}")), "no {days} person-days · {cost} in\n{s}");
    assert!(s.contains(&format!("suggests {suggested}")), "{s}");
    // At 80 columns the short form fits the column.
    press(&mut app, "2");
    let s = screen(&app, 200, 60);
    assert!(s.contains("person-days · €"), "the Sprint screen's header:\n{s}");
    let mut narrow = common::app(board(&tempfile::tempdir().unwrap(), false), 80, 24);
    press(&mut narrow, "l");
    let s = screen(&narrow, 80, 24);
    assert!(s.contains(" pd · €"), "{s}");
}

#[test]
fn a_board_without_members_shows_no_person_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(today().and_hms_opt(9, 0, 0).unwrap()));
    sprintboard::interchange::demo::create(&mut store, today()).unwrap();
    let app = app(store, 200, 60);
    let s = screen(&app, 200, 60);
    assert!(!s.contains("person-days") && !s.contains("suggests") && !shows_money(&s), "{s}");
}

#[test]
fn the_start_dialog_says_why_the_team_suggests_its_capacity_and_names_blocked_stories() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, true), 200, 60);
    press(&mut app, "l");
    press(&mut app, "s");
    let Some(Popup::Picker(p)) = app.popup.as_ref() else { panic!("no start dialog: {}", app.message.text) };
    assert!(p.title.starts_with("Start Sprint 8"), "{}", p.title);
    let team = p.lines.iter().find(|l| l.starts_with("Team: ")).expect("the capacity sentence");
    assert!(team.contains("1 of 2 away for up to 5 days:") && team.contains("→ about"), "{team}");
    assert!(
        p.lines.iter().any(|l| l == "⊘ BEN-31 (Sprint 8) waits on BEN-32, which is in the same sprint and not done"),
        "{:?}",
        p.lines
    );
    let s = screen(&app, 200, 60);
    assert!(s.contains("1 of 2 away for up to 5 days"), "{s}");
}

#[test]
fn blocked_cards_carry_a_marker_and_the_details_say_what_blocks_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, true), 120, 40);
    press(&mut app, "l");
    let s = screen(&app, 120, 40);
    assert!(s.contains("⊘BEN-31"), "{s}");
    assert!(!s.contains("⊘BEN-32"), "{s}");
    // The strip wraps: read it as one text.
    assert!(s.replace('\n', " ").contains("⊘ blocked by BEN-32 (todo, Sprint 8)"), "{s}");
    // BEN-32 done: the marker goes, the details say it is done.
    let id = ops::find_story(&app.store, "BEN-32").unwrap().id;
    ops::set_status(&mut app.store, id, Status::Done).unwrap();
    app.refresh();
    app.prepare_details();
    let s = screen(&app, 120, 40);
    assert!(!s.contains("⊘BEN-31"), "{s}");
    assert!(s.replace('\n', " ").contains("⊘ blocked by BEN-32 (done)"), "{s}");
}

/// Focuses the story form's "Blocked by" field and types `keys` into it.
fn type_blocked_by(app: &mut App, keys: &str) {
    let Some(Popup::Form(form, _)) = app.popup.as_mut() else { panic!("no form") };
    form.focus = form.fields.iter().position(|f| f.label == "Blocked by").expect("a Blocked by field");
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    press(app, keys);
}

#[test]
fn the_story_form_links_blockers_and_refuses_a_loop_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, true), 120, 40);
    press(&mut app, "l");
    // BEN-31 is focused; its form shows what blocks it.
    press(&mut app, "e");
    let Some(Popup::Form(form, _)) = app.popup.as_ref() else { panic!("no form") };
    assert_eq!(form.field("Blocked by").value(), "BEN-32");
    key(&mut app, KeyCode::Esc);
    // BEN-32 blocked by BEN-31 would be a loop.
    press(&mut app, "j");
    press(&mut app, "e");
    type_blocked_by(&mut app, "ben-31");
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Form(form, _)) = app.popup.as_ref() else { panic!("the form closed: {}", app.message.text) };
    let why = form.error.clone().unwrap();
    assert!(why.contains("loop") && why.contains("BEN-32") && why.contains("BEN-31"), "{why}");
    // Two blockers are linked in one change, and one u takes both back.
    type_blocked_by(&mut app, "BEN-34, ben-35");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(app.message.text, "BEN-32 is blocked by BEN-34, BEN-35");
    assert_eq!(app.store.dependencies().unwrap().len(), 3);
    // The card shows it waits (its blockers are in the same sprint).
    assert!(screen(&app, 120, 40).contains("⊘BEN-32"));
    press(&mut app, "u");
    assert_eq!(app.store.dependencies().unwrap().len(), 1);
}

#[test]
fn the_start_dialog_shows_every_choice_however_long_its_sentences_wrap() {
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = app(board(&dir_for(&dir, w), true), w, h);
        press(&mut app, "l");
        press(&mut app, "s");
        let Some(Popup::Picker(p)) = app.popup.as_ref() else { panic!("no start dialog: {}", app.message.text) };
        let last = p.options.last().map(|(label, _)| label.clone()).unwrap();
        let s = screen(&app, w, h);
        assert!(s.contains(&last), "{w}×{h}: the last choice \"{last}\" is cut off:\n{s}");
        assert!(s.contains("confirm"), "{w}×{h}: the keys line is cut off:\n{s}");
    }
}

/// A folder of its own for each size (each board is made anew).
fn dir_for(dir: &tempfile::TempDir, w: u16) -> tempfile::TempDir {
    tempfile::tempdir_in(dir.path()).unwrap_or_else(|_| panic!("a folder for {w}"))
}

#[test]
fn a_rate_changed_while_money_is_hidden_is_not_said_on_the_message_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir, false), 120, 40);
    press(&mut app, "$");
    let s = Settings::default();
    let maya = app.store.member_by_name("Maya").unwrap().unwrap();
    let fields = MemberFields { role: "tester".into(), ..maya.fields.clone() };
    let done = ops::edit_member(&mut app.store, &s, maya.id, fields).unwrap();
    assert!(done.message.contains("€520.00"), "the command line says the rate: {}", done.message);
    app.message.text = done.message.clone();
    let screen_text = screen(&app, 120, 40);
    assert!(screen_text.contains("tester") && !shows_money(&screen_text.replace("€…", "")), "{screen_text}");
    press(&mut app, "$");
    app.message.text = done.message;
    assert!(screen(&app, 120, 40).contains("€520.00 a day"), "shown again with money");
}
