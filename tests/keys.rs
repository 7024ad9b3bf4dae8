//! Keys as data, headless: the command palette (`:`), and the keys inside
//! pickers, confirm dialogs, forms and the filter line coming from the
//! keymap's layer tables, rebound from config.toml.

mod common;
use common::{app, key, press};

use common::screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sprintboard::config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields};
use sprintboard::tui::action::Action;
use sprintboard::tui::app::{App, Screen};
use sprintboard::tui::popup::Popup;

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

/// Three backlog stories and two planned sprints.
fn board(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(clock()));
    for (title, points) in [("Save favourite meals", 5), ("Pay by card", 3), ("Track courier", 8)] {
        let row = StoryFields { title: title.into(), points: Some(Points::whole(points)), ..Default::default() };
        ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    let s = Settings::default();
    let draft = |cap| ops::SprintDraft { capacity: Some(Points::whole(cap)), ..Default::default() };
    ops::new_sprint(&mut store, &s, draft(10)).unwrap();
    ops::new_sprint(&mut store, &s, draft(12)).unwrap();
    store
}

fn app_with(store: Store, config: &str, w: u16, h: u16) -> App {
    App::new(store, &config::parse(config), (w, h)).unwrap()
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn points(app: &App, key: &str) -> Option<Points> {
    app.store.story_by_key(key).unwrap().unwrap().fields.points
}

fn backlog(app: &App) -> Vec<String> {
    app.store.cards_after(Place::Backlog, None, 100, &Default::default()).unwrap().into_iter().map(|c| c.key).collect()
}

/// The palette's rows as drawn: the highlighted one starts with ▶.
fn palette_rows(s: &str) -> Vec<String> {
    s.lines()
        .filter_map(|l| {
            let inner = l.split('║').nth(1)?;
            let t = inner.trim_start();
            (t.starts_with("▶ ") || inner.starts_with("  ") && !t.is_empty() && !t.starts_with("no action"))
                .then(|| t.trim_end().to_string())
        })
        .collect()
}

#[test]
fn the_palette_lists_exactly_the_actions_of_the_screen_with_keys_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 60);
    for (screen, n) in [("1", Screen::Plan), ("4", Screen::Reports)] {
        press(&mut app, screen);
        press(&mut app, ":");
        assert!(matches!(app.popup, Some(Popup::Palette(_))), "{screen}: : opens the palette");
        let expected: Vec<Action> =
            app.keymap.on_screen(n).map(|b| b.action).filter(|a| *a != Action::Palette).collect();
        let s = screen_of(&app);
        assert!(s.contains(&format!("Command palette · {} screen · {} actions", n.title(), expected.len())), "{s}");
        let rows = palette_rows(&s);
        assert_eq!(rows.len(), expected.len(), "{s}");
        for (row, action) in rows.iter().zip(&expected) {
            assert!(row.contains(&action.words()), "{row} should name {action:?}");
        }
        // Each row shows its key, as the keymap has it.
        let first_key = app.keymap.key_for(expected[0]).unwrap().to_string();
        assert!(rows[0].starts_with(&format!("▶ {first_key} ")), "{s}");
        key(&mut app, KeyCode::Esc);
        assert!(app.popup.is_none(), "Esc closes the palette");
    }
    // Reports has no cards: nothing to drag or estimate there.
    press(&mut app, "4:");
    assert!(!screen_of(&app).contains("drag left"));
}

fn screen_of(app: &App) -> String {
    screen(app, app.size.0, app.size.1)
}

#[test]
fn typing_filters_the_palette_best_match_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    press(&mut app, ":sta");
    let s = screen_of(&app);
    assert!(s.contains(": sta"), "{s}");
    let rows = palette_rows(&s);
    assert!(rows[0].starts_with("▶ s ") && rows[0].contains("start sprint"), "{rows:?}");
    assert!(rows.iter().all(|r| !r.contains("quit")), "{rows:?}");
    // Down highlights the next match; Backspace widens the list again.
    key(&mut app, KeyCode::Down);
    assert!(palette_rows(&screen_of(&app))[1].starts_with('▶'));
    let narrow = rows.len();
    key(&mut app, KeyCode::Backspace);
    assert!(palette_rows(&screen_of(&app)).len() > narrow);
    press(&mut app, "zqzq");
    assert!(screen_of(&app).contains("no action of this screen matches \"stzqzq\""));
    key(&mut app, KeyCode::Enter);
    assert!(app.message.error && matches!(app.popup, Some(Popup::Palette(_))));
}

#[test]
fn enter_in_the_palette_runs_the_action_as_its_key_would() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    assert_eq!(app.focused_card().unwrap().key, "SB-1");
    press(&mut app, ":points up");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(points(&app, "SB-1"), Some(Points::whole(8)));
    let by_palette = app.message.text.clone();
    press(&mut app, "u+");
    assert_eq!(app.message.text, by_palette, "the same words as the + key");
    // An action that opens a popup opens the same one.
    press(&mut app, ":move to");
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Picker(p)) = &app.popup else { panic!("move to opens its picker") };
    assert_eq!(p.title, "Move SB-1 to…");
    // Esc closes the palette and nothing happens.
    key(&mut app, KeyCode::Esc);
    press(&mut app, ":quit");
    key(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none() && !app.quit);
    press(&mut app, ":quit");
    key(&mut app, KeyCode::Enter);
    assert!(app.quit);
}

#[test]
fn the_palette_is_refused_on_a_read_only_board_like_the_key() {
    let dir = tempfile::tempdir().unwrap();
    drop(board(&dir));
    let path = dir.path().join("b.db");
    common::make_read_only(&path);
    let mut app = app(Store::open(&path).unwrap(), 120, 40);
    press(&mut app, "+");
    let refused = app.message.text.clone();
    assert!(app.message.error && refused.contains("read-only"), "{refused}");
    press(&mut app, ":new story");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "no form opens");
    assert!(app.message.error && app.message.text.contains("read-only"), "{}", app.message.text);
}

#[test]
fn help_lists_the_keys_of_every_layer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(board(&dir), "[keys.picker]\ndown = \"ctrl-n\"\n", 120, 140);
    press(&mut app, "?");
    let s = screen_of(&app);
    for heading in ["In pickers (picker)", "In confirm dialogs (confirm)", "In forms (form)", "In filter line (filter)"]
    {
        assert!(s.contains(heading), "{heading}\n{s}");
    }
    assert!(s.contains("In command palette (palette)"), "{s}");
    assert!(s.contains(":                 command palette"), "{s}");
    assert!(s.contains("Ctrl-n            highlight the option below"), "help shows the rebound key\n{s}");
}

#[test]
fn a_rebound_picker_key_moves_the_highlight_and_the_old_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(board(&dir), "[keys.picker]\ndown = \"ctrl-n\"\nchoose = \"tab\"\n", 120, 40);
    assert!(!app.message.error, "{}", app.message.text);
    press(&mut app, "p");
    let Some(Popup::Picker(p)) = &app.popup else { panic!("p opens the estimate picker") };
    let at_five = p.selected;
    press(&mut app, "j");
    key(&mut app, KeyCode::Down);
    let Some(Popup::Picker(p)) = &app.popup else { panic!("j and ↓ are no longer picker keys") };
    assert_eq!(p.selected, at_five);
    ctrl(&mut app, 'n');
    let Some(Popup::Picker(p)) = &app.popup else { panic!() };
    assert_eq!(p.selected, at_five + 1);
    assert!(screen_of(&app).contains("↑/Ctrl-n choose · Tab confirm"), "the hint follows\n{}", screen_of(&app));
    key(&mut app, KeyCode::Tab);
    assert!(app.popup.is_none());
    assert_eq!(points(&app, "SB-1"), Some(Points::whole(8)));
}

#[test]
fn bad_layer_bindings_are_reported_by_line_and_keep_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = "[keys]\nundo = \"z\"\n[keys.form]\nsave = \"s\"\n[keys.picker]\nfly = \"x\"\n[keys.popup]\nup = \"k\"\n";
    let (_, problems) = sprintboard::tui::keymap::Keymap::new(&config::parse(cfg).keys);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("config.toml line 4: form.save cannot be s: in forms plain characters are typed as text"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("config.toml line 6: \"fly\" is not an action of the picker keys (known: up, down,"),
        "{problems:?}"
    );
    assert!(
        problems[2].starts_with("config.toml line 8: \"popup\" is not a key layer (known: picker, confirm,"),
        "{problems:?}"
    );
    let mut app = app_with(board(&dir), cfg, 120, 40);
    assert!(app.message.error && app.message.text.starts_with("config.toml line 4: form.save"), "{}", app.message.text);
    // The form still saves with Ctrl-S, and s is typed as text.
    press(&mut app, "n");
    press(&mut app, "Ask for saved searches");
    ctrl(&mut app, 's');
    assert!(app.popup.is_none(), "Ctrl-S still saves");
    assert!(app.store.story_by_key("SB-4").unwrap().unwrap().fields.title == "Ask for saved searches");
}

#[test]
fn form_keys_can_be_rebound_and_letters_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(board(&dir), "[keys.form]\nsave = \"ctrl-w\"\nnext_field = \"f2\"\n", 120, 40);
    press(&mut app, "n");
    // h and l cycle choice fields only; in a text field they are letters.
    press(&mut app, "hello");
    ctrl(&mut app, 's');
    assert!(matches!(app.popup, Some(Popup::Form(..))), "Ctrl-S is no longer save");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::F(2));
    let Some(Popup::Form(form, _)) = &app.popup else { panic!() };
    assert_eq!((form.field("Title").value().as_str(), form.focus), ("hello", 1), "Tab is typing, F2 moves");
    press(&mut app, "l");
    ctrl(&mut app, 'w');
    assert!(app.popup.is_none());
    let story = app.store.story_by_key("SB-4").unwrap().unwrap();
    assert_eq!(story.fields.title, "hello");
    assert_ne!(story.fields.kind, Kind::ALL[0], "l chose the next kind");
}

#[test]
fn a_confirm_dialog_cancels_on_n_and_enter_takes_the_safe_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 120, 40);
    press(&mut app, "x");
    let s = screen_of(&app);
    assert!(s.contains("Delete SB-1?") && s.contains("▶ Enter/n/Esc cancel"), "the safe choice is marked\n{s}");
    press(&mut app, "n");
    assert!(app.popup.is_none() && app.message.text == "Cancelled: nothing changed");
    press(&mut app, "x");
    key(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none() && app.message.text == "Cancelled: nothing changed");
    assert_eq!(backlog(&app), ["SB-1", "SB-2", "SB-3"]);
    press(&mut app, "xy");
    assert_eq!(backlog(&app), ["SB-2", "SB-3"]);
}

#[test]
fn confirm_and_filter_keys_can_be_rebound() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = "[keys]\nconfirm.yes = \"d\"\nfilter.apply = \"tab\"\n";
    let mut app = app_with(board(&dir), cfg, 120, 40);
    assert!(!app.message.error, "{}", app.message.text);
    press(&mut app, "xy");
    assert!(matches!(app.popup, Some(Popup::Confirm { .. })), "y no longer confirms");
    assert!(screen_of(&app).contains("d delete"), "{}", screen_of(&app));
    press(&mut app, "d");
    assert_eq!(backlog(&app), ["SB-2", "SB-3"]);
    press(&mut app, "/card");
    key(&mut app, KeyCode::Tab);
    assert!(!app.filter_editing && app.filter.text == "card", "Tab keeps the filter");
    assert!(app.message.text.starts_with("Filtered by \"card\""), "{}", app.message.text);
}
