//! The app headless: a real store on a temp file, key events in, state and
//! the rendered buffer out (helix's `test_key_sequences` pattern).

mod common;
use common::{app, key, press};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields};
use sprintboard::tui::app::App;

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

/// A small board: 5 backlog stories, two planned sprints, one epic.
fn board(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(clock()));
    let s = Settings::default();
    let (epic, _) = ops::add_epic(
        &mut store,
        sprintboard::store::EpicFields {
            title: "Payments".into(),
            quarter: Some("2027-Q1".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    for (i, title) in
        ["Save favourite meals", "Pay by card", "Track courier", "Rate the driver", "Split the bill"].iter().enumerate()
    {
        let row = StoryFields {
            title: title.to_string(),
            points: Some(Points::whole([5, 3, 8, 2, 1][i])),
            epic: (i % 2 == 0).then_some(epic),
            ..Default::default()
        };
        ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    let draft = |cap| ops::SprintDraft { capacity: Some(Points::whole(cap)), ..Default::default() };
    ops::new_sprint(&mut store, &s, draft(10)).unwrap();
    ops::new_sprint(&mut store, &s, draft(12)).unwrap();
    store
}

use common::screen;

fn keys_in(app: &App, place: Place) -> Vec<String> {
    app.store.cards_after(place, None, 100, &Default::default()).unwrap().into_iter().map(|c| c.key).collect()
}

fn sprint(app: &App, n: usize) -> Place {
    Place::Sprint(app.store.sprints().unwrap()[n].id)
}

#[test]
fn opens_on_the_first_backlog_story() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(board(&dir), 140, 30);
    assert_eq!(app.focused_card().unwrap().key, "SB-1");
    let s = screen(&app, 140, 30);
    assert!(s.contains("Backlog"), "{s}");
    assert!(s.contains("▶○▪ SB-1 Save favourite meals"), "{s}");
    assert!(s.contains("Sprint 1"), "{s}");
}

#[test]
fn drag_through_sprints_and_back_then_undo_restores_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    let s1 = sprint(&app, 0);
    let s2 = sprint(&app, 1);
    press(&mut app, "L");
    assert_eq!(keys_in(&app, s1), ["SB-1"]);
    assert_eq!(app.message.text, "SB-1 \"Save favourite meals\" (5 pts) → Sprint 1 · 5/10 pts");
    assert_eq!(app.focused_card().unwrap().key, "SB-1", "focus follows the story");
    press(&mut app, "L");
    assert_eq!(keys_in(&app, s2), ["SB-1"]);
    press(&mut app, "HH");
    assert_eq!(keys_in(&app, Place::Backlog), ["SB-1", "SB-2", "SB-3", "SB-4", "SB-5"]);
    // Re-rank: SB-1 down twice.
    press(&mut app, "JJ");
    assert_eq!(keys_in(&app, Place::Backlog), ["SB-2", "SB-3", "SB-1", "SB-4", "SB-5"]);
    assert_eq!(app.focused_card().unwrap().key, "SB-1");
    for _ in 0..6 {
        press(&mut app, "u");
    }
    assert_eq!(keys_in(&app, Place::Backlog), ["SB-1", "SB-2", "SB-3", "SB-4", "SB-5"]);
    assert!(keys_in(&app, s1).is_empty() && keys_in(&app, s2).is_empty());
    assert!(app.message.text.starts_with("Undid: SB-1"), "{}", app.message.text);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Undid: SB-1"), "{s}");
}

#[test]
fn estimate_status_and_epic_keys_change_the_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "+");
    assert_eq!(app.store.story_by_key("SB-1").unwrap().unwrap().fields.points, Some(Points::whole(8)));
    press(&mut app, "p13");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.store.story_by_key("SB-1").unwrap().unwrap().fields.points, Some(Points::whole(13)));
    press(&mut app, " ");
    assert_eq!(app.store.story_by_key("SB-1").unwrap().unwrap().fields.status, Status::Doing);
    press(&mut app, "a");
    key(&mut app, KeyCode::Home);
    press(&mut app, "k");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.store.story_by_key("SB-1").unwrap().unwrap().fields.epic, None);
}

#[test]
fn delete_asks_first_and_cancel_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "x");
    assert!(screen(&app, 100, 30).contains("Delete SB-1?"));
    press(&mut app, "n");
    assert_eq!(keys_in(&app, Place::Backlog).len(), 5);
    // Enter takes the default, which for a delete is to keep (SPEC §3).
    press(&mut app, "x");
    assert!(screen(&app, 100, 30).contains("Enter/n/Esc cancel"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(keys_in(&app, Place::Backlog).len(), 5);
    press(&mut app, "xy");
    assert_eq!(keys_in(&app, Place::Backlog), ["SB-2", "SB-3", "SB-4", "SB-5"]);
    assert_eq!(app.focused_card().unwrap().key, "SB-2");
}

#[test]
fn move_to_opens_on_the_first_planned_sprint_not_the_active_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    let s1 = store.sprint_by_name("Sprint 1").unwrap().unwrap();
    let sb5 = store.story_by_key("SB-5").unwrap().unwrap().id;
    ops::move_story(&mut store, sb5, Place::Sprint(s1.id), Position::Bottom).unwrap();
    ops::start_sprint(&mut store, &Settings::default(), s1.id).unwrap();
    let mut app = app(store, 100, 30);
    press(&mut app, "m");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.story_by_key("SB-1").unwrap().unwrap().place.sprint_id().map(|s| s.0),
        app.store.sprint_by_name("Sprint 2").unwrap().map(|s| s.id.0)
    );
}

#[test]
fn new_story_form_adds_below_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "n");
    press(&mut app, "Order again 🍕");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    press(&mut app, "3");
    key(&mut app, KeyCode::Enter);
    assert_eq!(keys_in(&app, Place::Backlog), ["SB-1", "SB-6", "SB-2", "SB-3", "SB-4", "SB-5"]);
    assert_eq!(app.focused_card().unwrap().key, "SB-6");
    assert!(app.message.text.starts_with("Added SB-6 \"Order again 🍕\" (3 pts)"), "{}", app.message.text);
}

#[test]
fn too_small_terminal_shows_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(board(&dir), 50, 12);
    assert!(screen(&app, 50, 12).contains("Terminal too small"));
}

#[test]
fn a_change_by_another_instance_shows_without_a_key_press() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 140, 30);
    assert!(!app.poll_external_changes());
    let mut other = Store::open(&dir.path().join("b.db")).unwrap();
    let story = other.story_by_key("SB-5").unwrap().unwrap();
    let sprint1 = other.sprints().unwrap()[0].id;
    ops::move_story(&mut other, story.id, Place::Sprint(sprint1), Position::Top).unwrap();
    assert!(app.poll_external_changes(), "data_version changes after another connection commits");
    assert!(screen(&app, 140, 30).contains("SB-5 Split the bill"));
    assert_eq!(app.windows[&Place::Sprint(sprint1)].cards[0].key, "SB-5");
}

#[test]
fn mouse_click_focuses_and_drag_drops_on_another_column() {
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 140, 30);
    common::draw_for_mouse(&mut app, 140, 30); // records where things are
    let at = |kind, column, row| Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    let card_of = |app: &App, key: &str| {
        let id = app.store.story_by_key(key).unwrap().unwrap().id;
        app.hits.cards.iter().find(|(_, _, s)| *s == id).map(|(r, _, _)| *r).unwrap()
    };
    let r = card_of(&app, "SB-3");
    app.handle_event(at(MouseEventKind::Down(MouseButton::Left), r.x + 3, r.y));
    assert_eq!(app.focused_card().unwrap().key, "SB-3");
    let sprint_col = app.hits.columns[2].0;
    app.handle_event(at(MouseEventKind::Up(MouseButton::Left), sprint_col.x + 5, sprint_col.y + 10));
    let s1 = sprint(&app, 0);
    assert_eq!(keys_in(&app, s1), ["SB-3"]);
    assert_eq!(app.focused_card().unwrap().key, "SB-3");
}

#[test]
fn filter_narrows_columns_and_esc_clears() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "/courier");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.windows[&Place::Backlog].cards.len(), 1);
    assert!(screen(&app, 100, 30).contains("filter \"courier\""));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.windows[&Place::Backlog].cards.len(), 5);
    // Assignees are found too.
    let id = app.store.story_by_key("SB-4").unwrap().unwrap().id;
    ops::edit_story_with(&mut app.store, id, |f| f.assignee = "Maya".into()).unwrap();
    press(&mut app, "/maya");
    key(&mut app, KeyCode::Enter);
    let found: Vec<&str> = app.windows[&Place::Backlog].cards.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(found, ["SB-4"]);
    // `@name` asks for the assignee only; an epic's key finds its stories.
    key(&mut app, KeyCode::Esc);
    press(&mut app, "/@maya");
    key(&mut app, KeyCode::Enter);
    let found: Vec<&str> = app.windows[&Place::Backlog].cards.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(found, ["SB-4"]);
    key(&mut app, KeyCode::Esc);
    press(&mut app, "/E-1");
    key(&mut app, KeyCode::Enter);
    let epic = app.data.epics[0].id;
    let cards = &app.windows[&Place::Backlog].cards;
    assert_eq!(cards.len(), 3, "E-1's three stories");
    assert!(cards.iter().all(|c| c.epic == Some(epic)));
}

#[test]
fn epic_enter_highlights_its_stories_and_quarter_keys_move_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "h");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.starts_with("Highlighting E-1 \"Payments\": 3 stories"), "{}", app.message.text);
    assert!(screen(&app, 100, 30).contains("◆○▪ SB-3 Track courier"));
    press(&mut app, ">");
    assert_eq!(app.store.epic_by_key("E-1").unwrap().unwrap().fields.quarter.unwrap().to_string(), "2027-Q2");
    assert_eq!(app.message.text, "Epic E-1 \"Payments\" target 2027-Q1 → 2027-Q2");
    key(&mut app, KeyCode::Esc);
    assert!(app.highlight.is_none());
}

/// The demo board on a fixed day, with its forecast computed in place.
fn demo_app(dir: &tempfile::TempDir, w: u16, h: u16) -> App {
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    store.set_clock(Some(clock()));
    sprintboard::interchange::demo::create(&mut store, clock().date()).unwrap();
    let mut app = app(store, w, h);
    app.compute_forecast();
    app
}

#[test]
fn demo_board_snapshot_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, 80, 24);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn demo_board_snapshot_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, 120, 40);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn every_screen_of_the_demo_renders_at_the_smallest_size_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, 60, 16);
    for keys in ["1", "2", "3", "4", "5", "P", "1", "?"] {
        press(&mut app, keys);
        let s = screen(&app, 60, 16);
        assert!(!s.contains("Terminal too small"), "{s}");
    }
}

#[test]
fn a_filter_searches_a_bounded_stretch_and_pgdn_searches_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    store.set_clock(Some(clock()));
    let mut tx = store.write().unwrap().untracked();
    for i in 0..12_000 {
        let title = if i == 11_000 { "The needle".to_string() } else { format!("Hay {i}") };
        let row = StoryFields { title, ..Default::default() };
        tx.insert_story(&NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    tx.commit_without_history().unwrap();
    let mut app = app(store, 100, 30);
    press(&mut app, "/needle");
    let w = &app.windows[&Place::Backlog];
    assert!(w.cards.is_empty() && w.search_edge.is_some(), "only the first stretch is searched");
    assert!(screen(&app, 100, 30).contains("searched 2,500 · PgDn on"));
    key(&mut app, KeyCode::Enter);
    // Each PgDn searches the next stretch: the needle is in the fifth.
    let mut presses = 0;
    while app.focused_card().is_none() && presses < 10 {
        key(&mut app, KeyCode::PageDown);
        presses += 1;
    }
    assert_eq!(app.focused_card().map(|c| c.title.as_str()), Some("The needle"));
    assert_eq!(presses, 4);
}

#[test]
fn epic_form_keeps_the_colour_and_k_j_move_within_the_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    let q = Some("2027-Q1".parse().unwrap());
    let row = sprintboard::store::EpicFields {
        title: "Search".into(),
        quarter: q,
        colour: Some("red".into()),
        ..Default::default()
    };
    ops::add_epic(&mut store, row).unwrap();
    let later = sprintboard::store::EpicFields {
        title: "Later".into(),
        quarter: Some("2027-Q3".parse().unwrap()),
        ..Default::default()
    };
    ops::add_epic(&mut store, later).unwrap();
    let mut app = app(store, 100, 30);
    press(&mut app, "hj");
    assert_eq!(app.focused_epic().unwrap().key, "E-2");
    press(&mut app, "e");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.store.epic_by_key("E-2").unwrap().unwrap().fields.colour.as_deref(), Some("red"));
    press(&mut app, "K");
    assert_eq!(app.message.text, "Epic E-2 \"Search\" moved above E-1");
    assert_eq!(app.focused_epic().unwrap().key, "E-2");
    assert_eq!(app.data.epics.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["E-2", "E-1", "E-3"]);
    press(&mut app, "K");
    assert_eq!(app.message.text, "Epic E-2 is already first in 2027-Q1");
}

#[test]
fn the_story_form_writes_only_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "e");
    // Meanwhile another instance re-estimates the story.
    let mut other = Store::open(&dir.path().join("b.db")).unwrap();
    let id = other.story_by_key("SB-1").unwrap().unwrap().id;
    ops::estimate(&mut other, id, Some(Points::whole(13))).unwrap();
    press(&mut app, " again");
    key(&mut app, KeyCode::Enter);
    let s = app.store.story_by_key("SB-1").unwrap().unwrap();
    assert_eq!(s.fields.title, "Save favourite meals again");
    assert_eq!(s.fields.points, Some(Points::whole(13)), "the other instance's estimate is kept");
}

#[test]
fn ctrl_c_quits_from_a_form_and_keys_wait_while_the_terminal_is_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 50, 12);
    press(&mut app, "xy");
    assert_eq!(app.store.story_count().unwrap(), 5, "nothing acts unseen");
    app.handle_event(ratatui::crossterm::event::Event::Resize(100, 30));
    press(&mut app, "n");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn with_a_filter_j_moves_past_the_next_card_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    // "a" matches SB-2 "Pay by card", SB-3 "Track courier", SB-4 "Rate the driver" … and more.
    press(&mut app, "/the");
    key(&mut app, KeyCode::Enter);
    let shown: Vec<String> = app.windows[&Place::Backlog].cards.iter().map(|c| c.key.clone()).collect();
    assert_eq!(shown, ["SB-4", "SB-5"]);
    press(&mut app, "J");
    assert_eq!(app.message.text, "SB-4 \"Rate the driver\" (2 pts) moved below SB-5 (filtered view)");
    let shown: Vec<String> = app.windows[&Place::Backlog].cards.iter().map(|c| c.key.clone()).collect();
    assert_eq!(shown, ["SB-5", "SB-4"]);
}

#[test]
fn the_risks_focus_follows_the_risk_just_edited() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    for (title, p) in [("High", 4), ("Low", 1)] {
        let row = sprintboard::store::RiskFields {
            title: title.into(),
            description: String::new(),
            probability: p,
            impact: 3,
            response: String::new(),
            owner: String::new(),
            status: RiskStatus::Open,
            epic: None,
        };
        ops::add_risk(&mut store, row).unwrap();
    }
    let mut app = app(store, 100, 30);
    press(&mut app, "5G");
    assert_eq!(app.risks[app.risk_focus].fields.title, "Low");
    press(&mut app, "e");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "llll");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.risks[0].fields.title, "Low", "now the highest level");
    assert_eq!(app.risks[app.risk_focus].fields.title, "Low", "the focus went with it");
}

#[test]
fn ctrl_c_in_a_form_with_typed_text_asks_before_losing_it() {
    let dir = tempfile::tempdir().unwrap();
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "n");
    press(&mut app, "Half a thought");
    app.handle_key(ctrl_c);
    assert!(!app.quit, "the first Ctrl-C over typed text only warns");
    assert!(screen(&app, 100, 30).contains("Ctrl-C again quits"));
    press(&mut app, "!");
    app.handle_key(ctrl_c);
    assert!(!app.quit, "typing on takes the warning back");
    app.handle_key(ctrl_c);
    assert!(app.quit);
    // An untouched form quits at once.
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = self::app(board(&dir), 100, 30);
    press(&mut fresh, "n");
    fresh.handle_key(ctrl_c);
    assert!(fresh.quit);
}

#[test]
fn a_story_dragged_into_the_running_sprint_is_announced_as_a_scope_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    let s1 = store.sprint_by_name("Sprint 1").unwrap().unwrap();
    ops::start_sprint(&mut store, &Settings::default(), s1.id).unwrap();
    let mut app = app(store, 120, 40);
    press(&mut app, "L");
    let said = &app.message.text;
    assert!(said.starts_with("Scope change: +5 pts to Sprint 1 after its start"), "{said}");
}

#[test]
fn undo_brings_the_focus_to_what_came_back_and_says_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    press(&mut app, "jL");
    assert_eq!(app.focused_card().map(|c| c.key.as_str()), Some("SB-2"));
    press(&mut app, "l");
    press(&mut app, "u");
    assert_eq!(app.focused_column(), sprintboard::tui::app::Column::Stories(Place::Backlog));
    assert_eq!(app.focused_card().map(|c| c.key.as_str()), Some("SB-2"), "the restored card has the focus");
    assert_eq!(
        app.message.text,
        "Undid: SB-2 back in Backlog · Sprint 1 now 0/10 pts · was: SB-2 \"Pay by card\" (3 pts) → Sprint 1 · 3/10 pts"
    );
}

#[test]
fn e_edits_the_focused_sprint_and_can_delete_a_planned_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    press(&mut app, "l");
    press(&mut app, "E");
    assert!(matches!(app.popup, Some(sprintboard::tui::popup::Popup::Form(..))));
    // Rename: clear the name field and type another.
    for _ in 0.."Sprint 1".len() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "Kickoff");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.starts_with("Edited Kickoff"), "{}", app.message.text);
    assert!(app.store.sprint_by_name("Kickoff").unwrap().is_some());
    // Delete from the same form: its last field, then save.
    let choose_delete = |app: &mut App| {
        press(app, "E");
        for _ in 0..5 {
            key(app, KeyCode::Tab);
        }
        key(app, KeyCode::Right);
        key(app, KeyCode::Enter);
    };
    choose_delete(&mut app);
    // Asked first, and Enter takes the safe default: nothing is deleted.
    assert!(screen(&app, 120, 40).contains("Delete Kickoff?"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.message.text, "Cancelled: nothing changed");
    assert!(app.store.sprint_by_name("Kickoff").unwrap().is_some());
    choose_delete(&mut app);
    press(&mut app, "y");
    assert!(app.message.text.starts_with("Deleted Kickoff"), "{}", app.message.text);
    assert!(app.store.sprint_by_name("Kickoff").unwrap().is_none());
    press(&mut app, "u");
    assert!(app.store.sprint_by_name("Kickoff").unwrap().is_some(), "undo brings it back");
}

#[test]
fn a_read_only_board_refuses_before_a_form_opens() {
    let dir = tempfile::tempdir().unwrap();
    drop(board(&dir));
    let path = dir.path().join("b.db");
    common::make_read_only(&path);
    let mut app = app(Store::open(&path).unwrap(), 120, 40);
    for k in ["n", "S", "x", "m", "p"] {
        press(&mut app, k);
        assert!(app.popup.is_none(), "{k} opened a popup on a read-only board");
        assert!(app.message.error && app.message.text.contains("read-only"), "{k}: {}", app.message.text);
    }
}

#[test]
fn sprint_cards_show_the_assignee_except_in_presenter_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, 200, 50);
    press(&mut app, "2");
    assert!(screen(&app, 200, 50).contains("@Maya"), "{}", screen(&app, 200, 50));
    press(&mut app, "P");
    assert!(!screen(&app, 200, 50).contains("@Maya"), "no names on a shared screen in presenter mode");
}

#[test]
fn a_long_title_wraps_in_its_form_and_opens_at_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    let long = "As a customer ordering for an office team of more than twenty people I want to collect \
                everyone's choices through a shared link before a cut-off time, so that one person does \
                not have to type in every order by hand";
    let story = store.story_by_key("SB-1").unwrap().unwrap();
    let fields = StoryFields { title: long.into(), ..story.fields.clone() };
    ops::edit_story(&mut store, story.id, fields).unwrap();
    let mut app = app(store, 120, 40);
    press(&mut app, "e");
    let s = screen(&app, 120, 40);
    let rows: Vec<&str> = s.lines().collect();
    let at = rows
        .iter()
        .position(|l| l.contains("▶Title ") && l.contains(" As a customer ordering"))
        .unwrap_or_else(|| panic!("{s}"));
    // The rest wraps onto the rows below, inside the form.
    assert!(rows[at + 1].contains("everyone's choices") || rows[at + 1].contains("people I want"), "{s}");
}

#[test]
fn taking_a_story_out_of_the_active_sprint_is_a_scope_change_and_undo_says_the_old_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, 120, 40);
    let store = &mut app.store;
    let begun = store.story_by_key("BEN-23").unwrap().unwrap();
    let done = ops::move_story(store, begun.id, Place::Backlog, Position::Top).unwrap();
    assert!(
        done.message.starts_with("Scope change: −8 pts from Sprint 7 after its start (it was in progress) · BEN-23"),
        "{}",
        done.message
    );
    assert!(done.message.ends_with("· Sprint 7 now 14/21 pts"), "{}", done.message);
    let story = store.story_by_key("BEN-41").unwrap().unwrap();
    ops::estimate(store, story.id, Some(Points::whole(5))).unwrap();
    let undone = ops::undo(store, sprintboard::store::Whose::Mine).unwrap().message;
    assert!(undone.starts_with("Undid: BEN-41 back to estimate 3 pts · was: BEN-41"), "{undone}");
}

#[test]
fn after_a_close_the_backlog_shows_its_top_and_says_which_sprints_are_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, 120, 40);
    press(&mut app, "2C");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.contains("cut lines follow it"), "{}", app.message.text);
    press(&mut app, "1");
    let s = screen(&app, 120, 40);
    // The unfinished stories came back to the top, and the line above them
    // says why the first cut line is not the next sprint's.
    assert!(s.contains("full already"), "{s}");
    assert_eq!(app.focused_card().map(|c| c.key.as_str()), Some("BEN-23"), "{s}");
}

#[test]
fn undoing_a_sprint_start_brings_the_focus_to_that_sprint() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    let s1 = sprint(&app, 0);
    press(&mut app, "l");
    assert_eq!(app.focused_column(), sprintboard::tui::app::Column::Stories(s1));
    press(&mut app, "s");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.text.starts_with("Started Sprint 1"), "{}", app.message.text);
    press(&mut app, "h");
    assert_eq!(app.focused_column(), sprintboard::tui::app::Column::Stories(Place::Backlog));
    press(&mut app, "u");
    assert!(app.message.text.starts_with("Undid: Sprint 1 planned again"), "{}", app.message.text);
    assert_eq!(app.focused_column(), sprintboard::tui::app::Column::Stories(s1), "the focus is on what changed");
}
