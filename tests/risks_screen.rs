//! The Risks screen (`5`) headless: each key, the register's order and
//! cuts, the closed risks below a separator, the 5×5 matrix beside it at
//! 80×24, 120×40 and 200×60, no colour, the risk's epic in the form and
//! on the Plan screen's epic, and a matrix widget snapshot.

mod common;
use common::{app, key, press, screen};

use ratatui::crossterm::event::KeyCode;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{EpicFields, Reads, RiskFields, Store};
use sprintboard::tui::app::App;
use sprintboard::tui::popup::Popup;

const LONG: &str = "Split-bill certification with the payment provider takes longer than planned";

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn risk(title: &str, probability: u8, impact: u8, status: RiskStatus, epic: Option<EpicId>) -> RiskFields {
    RiskFields {
        title: title.into(),
        description: "Why it might happen.".into(),
        probability,
        impact,
        response: "Snap positions to the road network; blend GPS with historical speeds per street segment".into(),
        owner: "Jonas".into(),
        status,
        epic,
    }
}

/// Two epics; four risks, two of them on E-1, one closed.
fn board(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(clock()));
    let mut epics = Vec::new();
    for title in ["Payments", "Courier tracking"] {
        let row = EpicFields { title: title.into(), quarter: "2027-Q1".parse().ok(), ..Default::default() };
        epics.push(ops::add_epic(&mut store, row).unwrap().0);
    }
    for r in [
        risk("Courier GPS is too sparse in dense city centres", 3, 4, RiskStatus::Open, Some(epics[1])),
        risk(LONG, 4, 3, RiskStatus::Open, Some(epics[0])),
        risk("Card scheme fees rise", 5, 5, RiskStatus::Closed, Some(epics[0])),
        risk("Restaurants skip the training", 2, 2, RiskStatus::Open, Some(epics[0])),
    ] {
        ops::add_risk(&mut store, r).unwrap();
    }
    store
}

fn risks(dir: &tempfile::TempDir, w: u16, h: u16) -> App {
    let mut app = app(board(dir), w, h);
    press(&mut app, "5");
    app
}

fn titles(app: &App) -> Vec<String> {
    app.risks.iter().map(|r| r.fields.title.chars().take(12).collect()).collect()
}

#[test]
fn the_register_sorts_by_level_with_closed_risks_below_a_separator() {
    let dir = tempfile::tempdir().unwrap();
    let app = risks(&dir, 80, 24);
    assert_eq!(titles(&app), ["Courier GPS ", "Split-bill c", "Restaurants ", "Card scheme "], "closed last");
    let s = screen(&app, 80, 24);
    let rows: Vec<&str> = s.lines().collect();
    let sep = rows.iter().position(|l| l.starts_with("── closed (1) ─")).expect("separator");
    let closed = rows.iter().position(|l| l.contains("Card scheme")).unwrap();
    let open = rows.iter().position(|l| l.contains("Restaurants skip")).unwrap();
    assert!(open < sep && sep + 1 == closed, "{s}");
    assert!(rows[closed].contains("▲▲ 25 5×5") && rows[closed].contains('✕'), "the symbol says closed\n{s}");
    assert!(s.contains("4 in the register, 3 open"), "{s}");
}

#[test]
fn cuts_end_at_a_word_with_an_ellipsis_at_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 80, 24);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        app.handle_event(ratatui::crossterm::event::Event::Resize(w, h));
        let s = screen(&app, w, h);
        let row = s.lines().find(|l| l.contains("Split-bill")).unwrap();
        let shown = row.split("4×3 ").nth(1).unwrap();
        if let Some(cut) = shown.split('…').next().filter(|_| shown.contains('…')) {
            assert!(LONG.starts_with(cut), "{w}×{h}: {row}");
            assert_eq!(LONG.as_bytes()[cut.len()], b' ', "{w}×{h}: cut mid-word: {row}");
        } else {
            assert!(shown.contains(LONG), "{w}×{h}: {row}");
        }
        if w >= 200 {
            assert!(row.contains("○ open") && row.contains("Snap positions to the road network;"), "{row}");
            assert!(!row.contains("segmen"), "the response is cut at a word: {row}");
        }
    }
}

#[test]
fn the_matrix_counts_open_risks_and_marks_the_focused_ones_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 80, 24);
    let s = screen(&app, 80, 24);
    let row = |s: &str, p: u8| s.lines().find(|l| l.contains(&format!(" {p} │"))).unwrap().to_string();
    assert!(s.contains("Probability ↑  Impact →"), "{s}");
    // Courier GPS (3×4) is focused; Split-bill at 4×3, Restaurants at 2×2;
    // the closed 5×5 is not counted.
    assert!(row(&s, 3).ends_with("·   ·   ·  [1]  ·"), "{}", row(&s, 3));
    assert!(row(&s, 4).ends_with("·   ·   1   ·   ·"), "{}", row(&s, 4));
    assert!(row(&s, 5).ends_with("·   ·   ·   ·   ·"), "{}", row(&s, 5));
    assert!(row(&s, 5).contains("Split-bill"), "beside the register, on the same rows\n{s}");
    press(&mut app, "G");
    let s = screen(&app, 80, 24);
    assert!(row(&s, 5).ends_with("·   ·   ·   ·  [·]"), "a closed risk's cell is marked, not counted\n{s}");
}

#[test]
fn j_k_g_and_capital_g_move_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 80, 24);
    press(&mut app, "j");
    assert_eq!(app.risk_focus, 1);
    press(&mut app, "G");
    assert_eq!(app.risk_focus, 3);
    press(&mut app, "k");
    assert_eq!(app.risk_focus, 2);
    press(&mut app, "g");
    assert_eq!(app.risk_focus, 0);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.risk_focus, 3);
    assert!(screen(&app, 80, 24).contains("▶▲▲ 25"), "the focused row is marked");
}

#[test]
fn a_long_register_scrolls_to_keep_the_focused_risk_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    for i in 0..40u8 {
        ops::add_risk(&mut store, risk(&format!("Minor risk {i}"), 1, 1 + i % 2, RiskStatus::Open, None)).unwrap();
    }
    let mut app = app(store, 80, 24);
    press(&mut app, "5");
    for (keys, title) in [("G", "Card scheme fees rise"), ("k", "Minor risk 38"), ("gjjj", "Minor risk 1 ")] {
        press(&mut app, keys);
        let s = screen(&app, 80, 24);
        let row = s.lines().find(|l| l.starts_with('▶')).unwrap_or_else(|| panic!("{keys}: no focused row\n{s}"));
        assert!(row.contains(title.trim_end()), "{keys}: {row}\n{s}");
        assert!(s.contains(" Level P×I Risk"), "the header stays\n{s}");
    }
}

#[test]
fn n_adds_a_risk_with_an_epic_picked_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 100, 30);
    press(&mut app, "n");
    press(&mut app, "Wallet provider outage");
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    let Some(Popup::Form(form, _)) = &app.popup else { panic!("no form") };
    assert_eq!(form.fields[form.focus].label, "Epic");
    press(&mut app, "E-2");
    assert!(screen(&app, 100, 30).contains("◀ E-2 Courier tracking ▶"));
    press(&mut app, "1"); // now "E-21": no such key, the choice stays
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "1");
    assert!(screen(&app, 100, 30).contains("◀ E-1 Payments ▶"), "{}", screen(&app, 100, 30));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message.text.starts_with("Added risk \"Wallet provider outage\" (level 9 = 3×3)"),
        "{}",
        app.message.text
    );
    let added = app.risks.iter().find(|r| r.fields.title == "Wallet provider outage").unwrap();
    assert_eq!(added.fields.epic, Some(app.store.epic_by_key("E-1").unwrap().unwrap().id));
    assert_eq!(app.risks[app.risk_focus].id, added.id, "the focus is on it");
    assert!(screen(&app, 100, 30).contains("· epic E-1 Payments"), "the strip names its epic");
}

#[test]
fn e_and_enter_edit_the_risk_with_its_epic_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 100, 30);
    key(&mut app, KeyCode::Enter);
    let Some(Popup::Form(form, _)) = &app.popup else { panic!("no form") };
    assert_eq!(form.title, "Risk · level 12");
    assert_eq!(form.field("Epic").value(), "E-2 Courier tracking");
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    press(&mut app, "h"); // E-1
    key(&mut app, KeyCode::Enter);
    let e1 = app.store.epic_by_key("E-1").unwrap().unwrap().id;
    assert!(app.risks.iter().any(|r| r.fields.title.starts_with("Courier GPS") && r.fields.epic == Some(e1)));
    press(&mut app, "e");
    assert!(matches!(&app.popup, Some(Popup::Form(f, _)) if f.field("Epic").value() == "E-1 Payments"));
    key(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

#[test]
fn x_deletes_after_asking_and_space_moves_the_status_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 100, 30);
    press(&mut app, "x");
    assert!(matches!(&app.popup, Some(Popup::Confirm { title, .. }) if title == "Delete risk?"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.risks.len(), 4, "Enter takes the safe choice: cancel");
    press(&mut app, "xy");
    assert_eq!(app.risks.len(), 3);
    assert!(app.message.text.starts_with("Deleted risk \"Courier GPS"), "{}", app.message.text);
    press(&mut app, "u");
    assert_eq!(app.risks.len(), 4);
    press(&mut app, "g ");
    assert_eq!(app.message.text, "Risk \"Courier GPS is too sparse in dense city…\": level 12, mitigated");
    press(&mut app, " ");
    assert!(app.message.text.ends_with("closed"));
    assert_eq!(
        app.risks.last().unwrap().fields.title,
        "Courier GPS is too sparse in dense city centres",
        "closed goes below"
    );
    assert_eq!(app.risks[app.risk_focus].fields.status, RiskStatus::Closed, "the focus went with it");
}

#[test]
fn the_footer_shows_the_register_keys() {
    let dir = tempfile::tempdir().unwrap();
    let app = risks(&dir, 80, 24);
    let s = screen(&app, 80, 24);
    let footer = s.lines().last().unwrap();
    for hint in ["n new", "e edit", "x delete", "Space status", "u undo", "? help"] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
}

#[test]
fn the_plan_screen_shows_an_epics_open_risks() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(board(&dir), 100, 30);
    press(&mut app, "h");
    assert_eq!(app.focused_epic().unwrap().key, "E-1");
    let s = screen(&app, 100, 30);
    assert!(s.contains("⚠ 2 open risks, top level 12"), "the closed 25 does not count\n{s}");
    press(&mut app, "j");
    assert!(screen(&app, 100, 30).contains("⚠ 1 open risk, top level 12"));
}

#[test]
fn without_colour_closed_risks_and_the_focus_keep_their_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 120, 40);
    app.theme = sprintboard::tui::theme::Theme::named("default", false);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| {
        sprintboard::tui::views::draw(f, &app.ctx());
    })
    .unwrap();
    let buf = t.backend().buffer();
    assert!(buf.content().iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    let s = screen(&app, 120, 40);
    for mark in ["── closed (1)", "✕ closed", "○ open", "▶▲", "[1]", "[ ] the focused risk"] {
        assert!(s.contains(mark), "{mark}\n{s}");
    }
}

#[test]
fn a_risk_matrix_snapshot() {
    let theme = sprintboard::tui::theme::Theme::named("default", false);
    let mk = |id, p, i, status| Risk { id: RiskId(id), version: 1, fields: risk("r", p, i, status, None) };
    let register = [
        mk(1, 5, 5, RiskStatus::Open),
        mk(2, 5, 5, RiskStatus::Open),
        mk(3, 3, 4, RiskStatus::Open),
        mk(4, 1, 2, RiskStatus::Mitigated),
        mk(5, 2, 1, RiskStatus::Closed),
        mk(6, 1, 1, RiskStatus::Open),
    ];
    let matrix = sprintboard::tui::widgets::risk_matrix::RiskMatrix::new(&register, Some(&register[2]), &theme);
    let (w, h) = sprintboard::tui::widgets::risk_matrix::SIZE;
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(&matrix, f.area())).unwrap();
    let buf = t.backend().buffer();
    let out: String =
        (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "|\n").collect();
    insta::assert_snapshot!(out);
}

#[test]
fn story_keys_on_the_register_say_they_do_not_apply_here() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = risks(&dir, 120, 40);
    for (keys, words) in [("p", "estimate"), ("<", "quarter"), ("m", "move"), ("a", "epic")] {
        app.message.text.clear();
        press(&mut app, keys);
        assert!(app.popup.is_none(), "{keys} opens nothing");
        let said = app.message.text.to_lowercase();
        assert!(said.contains(words) && said.contains("not available on the risks screen"), "{keys}: {said:?}");
    }
    // And on the Roadmap screen, a story key on an epic card says so too.
    press(&mut app, "3j");
    app.message.text.clear();
    press(&mut app, "p");
    assert!(app.message.text.contains("not available on the Roadmap screen"), "{:?}", app.message.text);
}

#[test]
fn a_long_register_says_how_many_risks_are_above_and_below() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = board(&dir);
    for i in 0..40u8 {
        ops::add_risk(&mut store, risk(&format!("Minor risk {i}"), 1, 1 + i % 2, RiskStatus::Open, None)).unwrap();
    }
    let mut app = app(store, 80, 24);
    press(&mut app, "5");
    let count = |s: &str, arrow: char| -> Option<usize> {
        let line = s.lines().find(|l| l.trim_start().starts_with(arrow))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let s = screen(&app, 80, 24);
    assert_eq!(count(&s, '▴'), None, "nothing above the first risk:\n{s}");
    let below = count(&s, '▾').unwrap_or_else(|| panic!("the rest are hinted below:\n{s}"));
    assert!(below > 0 && below < 44, "{s}");
    press(&mut app, "G");
    let s = screen(&app, 80, 24);
    assert_eq!(count(&s, '▾'), None, "nothing below the last risk:\n{s}");
    let above = count(&s, '▴').unwrap_or_else(|| panic!("the others are hinted above:\n{s}"));
    assert!(s.lines().any(|l| l.starts_with('▶') && l.contains("Card scheme fees rise")), "{s}");
    press(&mut app, "g");
    for _ in 0..20 {
        press(&mut app, "j");
    }
    let s = screen(&app, 80, 24);
    let (up, down) = (count(&s, '▴'), count(&s, '▾'));
    assert!(up.is_some() && down.is_some(), "in the middle, both:\n{s}");
    assert!(s.lines().any(|l| l.starts_with('▶')), "{s}");
    assert!(above > up.unwrap(), "{s}");
}
