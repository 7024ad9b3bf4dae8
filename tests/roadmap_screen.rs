//! The Roadmap screen (`3`) headless: each key on a small board of two
//! objectives and five epics over four quarters, the cards and hints as
//! drawn at 80×24, 120×40 and 200×60, without colour, and a card widget
//! snapshot on synthetic data.

mod common;
use common::{app, key, press, screen};

use ratatui::crossterm::event::KeyCode;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{EpicFields, NewStory, Reads, Store, StoryFields};
use sprintboard::tui::app::App;
use sprintboard::tui::popup::Popup;
use sprintboard::tui::roadmap_grid::Spot;

const METRIC: &str = "Customers who order again within 30 days: 38% → 45% by the end of Q3";

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

/// Objectives A (long metric) and B; E-1 and E-2 share A's 2027-Q1 cell,
/// E-3 serves B in 2027-Q2, E-4 serves A in 2027-Q4 (2027-Q3 is empty),
/// E-5 serves none and has no quarter.
fn board(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(clock()));
    let (a, _) = ops::add_objective(&mut store, "Grow repeat orders", "Make coming back effortless.", METRIC).unwrap();
    let (b, _) =
        ops::add_objective(&mut store, "Faster delivery", "", "Median order-to-door under 32 minutes").unwrap();
    for (title, objective, quarter) in [
        ("Saved favourites", Some(a), Some("2027-Q1")),
        ("One-tap reorder", Some(a), Some("2027-Q1")),
        ("Live courier tracking", Some(b), Some("2027-Q2")),
        ("Bento Points loyalty", Some(a), Some("2027-Q4")),
        ("Tidy the admin pages", None, None),
    ] {
        let row = EpicFields {
            title: title.into(),
            objective,
            quarter: quarter.map(|q| q.parse().unwrap()),
            ..Default::default()
        };
        ops::add_epic(&mut store, row).unwrap();
    }
    let e1 = store.epic_by_key("E-1").unwrap().unwrap().id;
    for (title, points) in [("Save a meal", 3), ("List favourites", 5)] {
        let row = StoryFields {
            title: title.into(),
            points: Some(Points::whole(points)),
            epic: Some(e1),
            ..Default::default()
        };
        ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    store
}

fn roadmap(dir: &tempfile::TempDir, w: u16, h: u16) -> App {
    let mut app = app(board(dir), w, h);
    press(&mut app, "3");
    app
}

fn focused(app: &App) -> Option<String> {
    app.roadmap_epic().map(|e| e.key.clone())
}

fn epic(app: &App, key: &str) -> Epic {
    app.store.epic_by_key(key).unwrap().unwrap()
}

#[test]
fn objectives_show_title_and_metric_in_full_and_the_focus_starts_on_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let app = roadmap(&dir, 80, 24);
    assert_eq!(app.roadmap.spot, Spot::Heading);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ Grow repeat orders · Customers who order again within 30 days"), "{s}");
    // Wrapped, never cut: every word of the metric is on screen.
    for word in METRIC.split_whitespace() {
        assert!(s.contains(word), "{word} missing\n{s}");
    }
    assert!(s.contains("■ Faster delivery · Median order-to-door under 32 minutes"), "{s}");
    assert!(s.contains("Success metric: Customers who order again"), "the strip shows the objective\n{s}");
}

#[test]
fn j_and_k_go_through_a_quarter_column_headings_and_cards() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "j");
    assert_eq!(focused(&app).as_deref(), Some("E-1"));
    press(&mut app, "j");
    assert_eq!(focused(&app).as_deref(), Some("E-2"));
    press(&mut app, "j");
    assert_eq!((app.roadmap.row, app.roadmap.spot), (1, Spot::Heading), "the next objective's heading");
    press(&mut app, "j");
    assert_eq!((focused(&app), app.roadmap.spot), (None, Spot::Cell(0)), "B has no epic in 2027-Q1");
    assert!(screen(&app, 100, 30).contains("▶ · no epic here: n adds one"));
    press(&mut app, "jjj");
    assert_eq!(app.roadmap.row, 2, "the No objective row");
    assert!(app.message.text.contains("bottom of 2027-Q1's column"), "{}", app.message.text);
    press(&mut app, "kkkk");
    assert_eq!(focused(&app).as_deref(), Some("E-2"), "k goes back up into A's cell, to its last card");
    press(&mut app, "G");
    assert_eq!(app.roadmap.row, 2);
    press(&mut app, "g");
    assert_eq!((app.roadmap.row, app.roadmap.spot), (0, Spot::Heading));
    key(&mut app, KeyCode::PageDown);
    assert_eq!((app.roadmap.row, app.roadmap.spot), (1, Spot::Heading));
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.roadmap.row, 0);
    press(&mut app, "k");
    assert_eq!(app.message.text, "This is the top of the roadmap");
}

#[test]
fn h_and_l_go_between_quarters_and_the_ones_off_screen_are_hinted() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 80, 24);
    let s = screen(&app, 80, 24);
    assert!(s.contains("2027-Q1 · 2 epics") && s.contains("2027-Q2 · 1 epic"), "{s}");
    assert!(s.contains("2027-Q3…No quarter (2 epics, l) ▸"), "{s}");
    press(&mut app, "h");
    assert_eq!(app.message.text, "2027-Q1 is the first quarter on the roadmap");
    press(&mut app, "jlll");
    assert_eq!(focused(&app).as_deref(), Some("E-4"), "across the empty 2027-Q3 to A's card in 2027-Q4");
    let s = screen(&app, 80, 24);
    assert!(s.contains("◂ 2027-Q1…2027-Q2 (3 epics, h)") && s.contains("No quarter (1 epic, l) ▸"), "{s}");
    assert!(s.contains("▶E-4 Bento Points loyalty"), "the focused card is on screen\n{s}");
    press(&mut app, "l");
    assert_eq!(app.roadmap.quarter, 4);
    press(&mut app, "l");
    assert_eq!(app.message.text, "no quarter is the last quarter on the roadmap");
    press(&mut app, "hh");
    assert_eq!(focused(&app), None, "2027-Q3 is empty");
    assert!(screen(&app, 80, 24).contains("2027-Q3 · 0 epics"));
}

#[test]
fn quarter_keys_move_the_focused_epic_and_the_focus_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 80, 24);
    press(&mut app, "j>");
    assert_eq!(epic(&app, "E-1").fields.quarter.unwrap().to_string(), "2027-Q2");
    assert_eq!(app.message.text, "Epic E-1 \"Saved favourites\" target 2027-Q1 → 2027-Q2");
    assert_eq!((focused(&app).as_deref(), app.roadmap.quarter), (Some("E-1"), 1));
    press(&mut app, ">>");
    assert_eq!(epic(&app, "E-1").fields.quarter.unwrap().to_string(), "2027-Q4");
    assert_eq!((focused(&app).as_deref(), app.roadmap.quarter), (Some("E-1"), 3));
    assert!(screen(&app, 80, 24).contains("▶E-1 Saved favourites"), "scrolled to where it went");
    press(&mut app, "<");
    assert_eq!(epic(&app, "E-1").fields.quarter.unwrap().to_string(), "2027-Q3");
    press(&mut app, "u");
    assert_eq!(epic(&app, "E-1").fields.quarter.unwrap().to_string(), "2027-Q4");
}

#[test]
fn capital_k_and_j_re_rank_an_epic_within_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "jj");
    assert_eq!(focused(&app).as_deref(), Some("E-2"));
    press(&mut app, "K");
    assert_eq!(app.message.text, "Epic E-2 \"One-tap reorder\" moved above E-1");
    assert_eq!((focused(&app).as_deref(), app.roadmap.spot), (Some("E-2"), Spot::Cell(0)), "the focus went with it");
    assert!(epic(&app, "E-2").rank < epic(&app, "E-1").rank);
    press(&mut app, "K");
    assert_eq!(app.message.text, "Epic E-2 is already first in 2027-Q1 for its objective");
    press(&mut app, "J");
    assert!(epic(&app, "E-2").rank > epic(&app, "E-1").rank);
}

#[test]
fn n_adds_an_epic_to_the_focused_cell_or_an_objective_on_a_heading() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "jjjj");
    assert_eq!(app.roadmap.spot, Spot::Cell(0), "B's empty 2027-Q1 cell");
    press(&mut app, "n");
    assert!(matches!(&app.popup, Some(Popup::Form(f, _)) if f.title == "New epic"));
    press(&mut app, "Courier ratings");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message.text.starts_with("Added epic E-6 \"Courier ratings\" (target 2027-Q1)"),
        "{}",
        app.message.text
    );
    let e6 = epic(&app, "E-6");
    let b = app.objectives.iter().find(|o| o.title == "Faster delivery").unwrap().id;
    assert_eq!(e6.fields.objective, Some(b), "the row's objective");
    assert_eq!(focused(&app).as_deref(), Some("E-6"), "the focus is on the new epic");
    press(&mut app, "g");
    press(&mut app, "n");
    assert!(matches!(&app.popup, Some(Popup::Form(f, _)) if f.title == "New business objective"));
    press(&mut app, "Delight restaurants");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.message.text, "Added objective \"Delight restaurants\"");
}

#[test]
fn e_edits_the_epic_or_the_objective_whose_form_opens_at_the_metric_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "e");
    let Some(Popup::Form(form, _)) = &app.popup else { panic!("no form") };
    assert_eq!(form.title, "Business objective");
    let sprintboard::tui::form::Input::Line(metric) = &form.field("Metric").input else { panic!("metric") };
    assert_eq!(metric.cursor(), (0, 0), "opens at the start of the metric");
    assert!(screen(&app, 100, 30).contains("Customers who order again"));
    press(&mut app, " (new)");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.objectives[0].title, "Grow repeat orders (new)");
    press(&mut app, "j");
    press(&mut app, "e");
    assert!(matches!(&app.popup, Some(Popup::Form(f, _)) if f.title == "Epic E-1"));
    press(&mut app, "!");
    key(&mut app, KeyCode::Enter);
    assert_eq!(epic(&app, "E-1").fields.title, "Saved favourites!");
    assert_eq!(focused(&app).as_deref(), Some("E-1"));
}

#[test]
fn enter_highlights_the_epics_stories_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.highlight, Some(epic(&app, "E-1").id));
    assert_eq!(
        app.message.text,
        "Highlighting E-1 \"Saved favourites\": 2 stories, 0/8 pts done · Plan (1) shows them · Esc clears"
    );
    press(&mut app, "j");
    assert!(screen(&app, 100, 30).contains("◆E-1 Saved favourites"), "marked without the focus too");
    press(&mut app, "1");
    assert!(screen(&app, 100, 30).contains("◆"), "the Plan screen highlights its stories");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.highlight, None);
}

#[test]
fn x_deletes_an_epic_or_objective_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    press(&mut app, "jx");
    assert!(matches!(&app.popup, Some(Popup::Confirm { title, .. }) if title == "Delete epic E-1?"));
    key(&mut app, KeyCode::Enter);
    assert!(app.store.epic_by_key("E-1").unwrap().is_some(), "Enter takes the safe choice: cancel");
    press(&mut app, "xy");
    assert!(app.store.epic_by_key("E-1").unwrap().is_none());
    assert_eq!(focused(&app).as_deref(), Some("E-2"), "the card that took its place");
    press(&mut app, "u");
    assert!(app.store.epic_by_key("E-1").unwrap().is_some());
    press(&mut app, "gxy");
    assert!(app.message.text.starts_with("Deleted objective \"Grow repeat orders\""), "{}", app.message.text);
}

#[test]
fn the_footer_shows_the_keys_for_what_has_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    let footer = |app: &App| screen(app, 100, 30).lines().last().unwrap().to_string();
    assert!(footer(&app).contains("n new  e edit  x delete"), "an objective: {}", footer(&app));
    press(&mut app, "j");
    for hint in ["K/J rank", "</> quarter", "n new", "e edit", "Enter highlight", "u undo"] {
        assert!(footer(&app).contains(hint), "an epic, {hint}: {}", footer(&app));
    }
    press(&mut app, "G");
    press(&mut app, "k");
    assert_eq!(app.roadmap.spot, Spot::Heading);
    assert!(!footer(&app).contains("e edit"), "No objective has nothing to edit: {}", footer(&app));
}

#[test]
fn objectives_without_epics_get_this_quarter_to_add_one_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(clock()));
    let mut app = app(store, 80, 24);
    press(&mut app, "3jlk");
    assert_eq!(app.message.text, "The roadmap is empty: n adds a business objective");
    press(&mut app, "n");
    press(&mut app, "Grow repeat orders");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "jhl");
    assert!(screen(&app, 80, 24).contains("2026-Q4 · 0 epics"), "{}", screen(&app, 80, 24));
    press(&mut app, "n");
    press(&mut app, "Saved favourites");
    key(&mut app, KeyCode::Enter);
    assert_eq!(epic(&app, "E-1").fields.quarter.unwrap().to_string(), "2026-Q4");
    assert_eq!(focused(&app).as_deref(), Some("E-1"));
}

#[test]
fn the_plan_screen_and_the_roadmap_screen_focus_the_same_epic() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "hj3");
    assert_eq!(focused(&app).as_deref(), Some("E-2"), "the Plan column's epic");
    press(&mut app, "k1");
    assert_eq!(app.focused_epic().map(|e| e.key.as_str()), Some("E-1"), "back on Plan, the one focused on Roadmap");
}

#[test]
fn the_focused_epic_shows_at_every_size_and_the_wide_screen_uses_its_width() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    // Enough objectives that the rows scroll at 80×24.
    for i in 0..6 {
        let (o, _) = ops::add_objective(&mut store, &format!("Objective {i}"), "", "A metric").unwrap();
        let row = EpicFields {
            title: format!("Epic of {i}"),
            objective: Some(o),
            quarter: "2027-Q2".parse().ok(),
            ..Default::default()
        };
        ops::add_epic(&mut store, row).unwrap();
    }
    let mut app = app(store, 80, 24);
    press(&mut app, "3l");
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        app.handle_event(ratatui::crossterm::event::Event::Resize(w, h));
        press(&mut app, "g");
        let mut seen = Vec::new();
        for _ in 0..40 {
            if let Some(k) = focused(&app) {
                let s = screen(&app, w, h);
                assert!(s.contains(&format!("▶{k} ")), "{w}×{h}: {k} focused but not shown\n{s}");
                seen.push(k);
            }
            press(&mut app, "j");
        }
        assert!(seen.contains(&"E-11".to_string()), "{w}×{h}: reached the last row: {seen:?}");
        let s = screen(&app, w, h);
        if h < 60 {
            assert!(s.contains(" above"), "{w}×{h}: the rows above are hinted\n{s}");
        }
    }
    let s = screen(&app, 200, 60);
    for q in ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "No quarter"] {
        assert!(s.contains(q), "200 columns show every quarter\n{s}");
    }
    assert!(!s.contains("▸") && !s.contains("◂"), "nothing is off screen sideways\n{s}");
}

#[test]
fn the_demo_cards_give_p50_and_p85_against_the_target_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    store.set_clock(Some(clock()));
    sprintboard::interchange::demo::create(&mut store, clock().date()).unwrap();
    let mut app = app(store, 80, 24);
    app.compute_forecast();
    press(&mut app, "3j");
    let s = screen(&app, 80, 24);
    let forecast = s.lines().filter(|l| l.contains("P50 ") && l.contains(" · P85 ")).collect::<Vec<_>>();
    assert!(!forecast.is_empty(), "{s}");
    assert!(
        forecast.iter().all(|l| ["● on track", "◐ at risk", "▲ late"].iter().any(|w| l.contains(w))),
        "each date against its target, in words\n{s}"
    );
    assert!(s.contains("pts"), "progress\n{s}");
    assert!(s.contains("E-4 Smart delivery-time estimates ⚠1"), "its open risk on the card\n{s}");
    assert!(s.contains("· Epic · target"), "the strip shows the focused epic\n{s}");
}

#[test]
fn without_colour_the_roadmap_keeps_its_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 100, 30);
    app.compute_forecast();
    app.theme = sprintboard::tui::theme::Theme::named("default", false);
    press(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "j");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| {
        sprintboard::tui::views::draw(f, &app.ctx());
    })
    .unwrap();
    let buf = t.backend().buffer();
    assert!(buf.content().iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    let s = screen(&app, 100, 30);
    assert!(s.contains("▶E-2") && s.contains("◆E-1") && s.contains("■ Faster delivery"), "{s}");
    assert!(s.contains("forecast needs velocity history"), "no history: said in words\n{s}");
}

#[test]
fn an_epic_card_snapshot() {
    use sprintboard::domain::outlook::{EpicForecast, Outlook};
    let theme = sprintboard::tui::theme::Theme::named("default", false);
    let epic = Epic {
        id: EpicId(1),
        key: "E-3".into(),
        rank: 0,
        tally: Tally { stories: 9, points: Points::whole(80), done: Points::whole(26), ..Default::default() },
        version: 1,
        fields: EpicFields {
            title: "Checkout revamp: wallets, saved cards & split bills".into(),
            quarter: "2027-Q1".parse().ok(),
            ..Default::default()
        },
    };
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d);
    let mut out = String::new();
    for (outlook, p50, p85, focused, width) in [
        (Outlook::OnTrack, date(1, 12), date(2, 3), true, 40),
        (Outlook::AtRisk, date(3, 2), date(4, 20), false, 40),
        (Outlook::Late, date(5, 11), date(6, 8), false, 28),
        (Outlook::Unknown, None, None, false, 40),
    ] {
        let forecast = EpicForecast {
            epic: epic.clone(),
            remaining: Points::whole(54),
            unestimated: 0,
            finish: None,
            p50_date: p50,
            p85_date: p85,
            outlook,
            cost: None,
        };
        let card = sprintboard::tui::widgets::epic_card::EpicCard {
            epic: &epic,
            forecast: Some(&forecast),
            focused,
            highlighted: false,
            open_risks: usize::from(focused) * 2,
            remaining_cost: None,
            theme: &theme,
        };
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 3)).unwrap();
        t.draw(|f| f.render_widget(&card, f.area())).unwrap();
        let buf = t.backend().buffer();
        for y in 0..3 {
            let row: String = (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect();
            out.push_str(&format!("{row}|\n"));
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}

#[test]
fn an_epic_without_stories_says_so_instead_of_done() {
    // E-2 "One-tap reorder" has no stories yet: a new epic is not finished.
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 120, 40);
    app.compute_forecast();
    let s = screen(&app, 120, 40);
    assert!(!s.contains("every story is done") && !s.contains("all stories done"), "{s}");
    let card = s.lines().position(|l| l.contains("E-2 One-tap reorder")).expect("E-2's card");
    let forecast_row = s.lines().nth(card + 2).unwrap();
    assert!(forecast_row.contains("no stories yet"), "{s}");
}

#[test]
fn a_new_objective_takes_the_focus_and_is_scrolled_into_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = roadmap(&dir, 80, 24);
    assert_eq!(app.roadmap.spot, Spot::Heading, "on the first objective's heading");
    press(&mut app, "n");
    press(&mut app, "Win the lunch crowd");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.message.text, "Added objective \"Win the lunch crowd\"");
    assert_eq!(app.roadmap.spot, Spot::Heading);
    let grid = app.roadmap_grid();
    let id = grid.rows[app.roadmap.row].objective;
    let focused = app.objectives.iter().find(|o| Some(o.id) == id).map(|o| o.title.as_str());
    assert_eq!(focused, Some("Win the lunch crowd"), "the focus is on the new objective");
    let s = screen(&app, 80, 24);
    assert!(s.lines().any(|l| l.starts_with("▶ Win the lunch crowd")), "and it shows, focused:\n{s}");
}
