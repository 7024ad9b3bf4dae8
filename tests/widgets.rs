//! Snapshots of the drawing pieces on small synthetic data (issue 9): a
//! card line at a few widths, the gauge and progress lines, and the
//! details strip. Each is drawn into a `TestBackend` buffer and read back
//! as text, one row per line, with `|` marking the buffer's right edge so
//! padding shows.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use sprintboard::config::Config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{Card, NewStory, Store, StoryFields};
use sprintboard::tui::app::App;
use sprintboard::tui::theme::Theme;
use sprintboard::tui::widgets::card::{CardLook, card_line};
use sprintboard::tui::widgets::gauge::{gauge_line, progress_line};

/// The rows of a `w`×`h` buffer, each ended by `|`.
fn rows(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                s.push_str(sym);
            }
            s + "|"
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line drawn into a one-row buffer `w` cells wide.
fn drawn(line: Line<'static>, w: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, 1)).unwrap();
    t.draw(|f| f.render_widget(Paragraph::new(line), f.area())).unwrap();
    rows(t.backend().buffer())
}

fn card(key: &str, title: &str, points: Option<i64>, status: Status, kind: Kind, assignee: &str) -> Card {
    Card {
        id: StoryId(1),
        key: key.into(),
        title: title.into(),
        kind,
        points: points.map(Points::whole),
        status,
        epic: None,
        rank: 0,
        place: Place::Backlog,
        version: 1,
        assignee: assignee.into(),
    }
}

fn cards() -> Vec<Card> {
    vec![
        card("SB-1", "Save favourite meals", Some(5), Status::Todo, Kind::Story, ""),
        card(
            "SB-12",
            "Customer ordering for five on a weeknight: reorder last week's dinner in one tap",
            Some(13),
            Status::Doing,
            Kind::Story,
            "Maya Okafor",
        ),
        card("SB-7", "3-D Secure check opens in the browser and loses the basket", None, Status::Todo, Kind::Bug, ""),
        card(
            "SB-40",
            "日本語のメニューと料理の写真を表示して注文をもっと簡単にする",
            Some(2),
            Status::Done,
            Kind::Task,
            "",
        ),
        card("SB-41", "🍜 Ramen night bundle 🍣 with sushi for two", Some(3), Status::Todo, Kind::Spike, "Tomás"),
    ]
}

/// Every card at each width, with the given look.
fn card_sheet(focused: bool, assignee: bool, title_min: usize) -> String {
    let theme = Theme::named("default", true);
    let mut out = Vec::new();
    for width in [24, 36, 50, 72] {
        out.push(format!("width {width}:"));
        for c in cards() {
            let look =
                CardLook { theme: &theme, focused, highlighted: false, width, assignee, title_min, blocked: false };
            out.push(drawn(card_line(&c, &look), width as u16));
        }
    }
    out.join("\n")
}

#[test]
fn card_lines_at_a_few_widths() {
    insta::assert_snapshot!("cards_plain", card_sheet(false, true, 0));
}

#[test]
fn focused_card_lines_keep_their_title_minimum_before_the_assignee() {
    insta::assert_snapshot!("cards_focused_min_30", card_sheet(true, true, 30));
}

#[test]
fn card_lines_in_presenter_mode_name_nobody() {
    let sheet = card_sheet(true, false, 30);
    assert!(!sheet.contains('@'), "{sheet}");
    insta::assert_snapshot!("cards_presenter", sheet);
}

#[test]
fn gauge_and_progress_lines() {
    let theme = Theme::named("default", false);
    let p = Points::whole;
    let mut out = Vec::new();
    for (label, value, limit, width) in [
        ("cap", p(0), Some(p(20)), 30),
        ("cap", p(12), Some(p(20)), 30),
        ("cap", p(19), Some(p(20)), 30),
        ("cap", p(20), Some(p(20)), 30),
        ("cap", p(23), Some(p(20)), 30),
        ("cap", p(23), Some(p(20)), 16),
        ("cap", p(8), None, 30),
        ("vel", p(8), None, 30),
        ("vel", p(8), Some(p(0)), 30),
    ] {
        out.push(drawn(gauge_line(label, value, limit, width, &theme), width as u16));
    }
    for (done, total, width) in [(p(0), p(0), 24), (p(12), p(30), 24), (p(30), p(30), 24), (p(7), p(26), 40)] {
        out.push(drawn(progress_line(done, total, width, &theme), width as u16));
    }
    insta::assert_snapshot!("gauges", out.join("\n"));
}

/// A one-story board whose story has everything the strip shows.
fn tiny_app(presenter: bool) -> App {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    std::mem::forget(dir); // the board file outlives this function
    store.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    let (epic, _) = ops::add_epic(
        &mut store,
        sprintboard::store::EpicFields { title: "Family dinners".into(), ..Default::default() },
    )
    .unwrap();
    let row = StoryFields {
        title: "Customer ordering for five on a weeknight: reorder last week's dinner in one tap".into(),
        points: Some(Points::whole(8)),
        epic: Some(epic),
        assignee: "Maya Okafor".into(),
        labels: vec!["checkout".into(), "families".into()],
        description: "Families reorder the same dinner most weeks.\n\nSecond line: measure it for a month.".into(),
        ..Default::default()
    };
    ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    let mut app = App::new(store, &Config::default(), (80, 24)).unwrap();
    if presenter {
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('P'),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    app
}

fn strip(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| sprintboard::tui::views::details::draw(f, &app.ctx(), f.area())).unwrap();
    rows(t.backend().buffer())
}

#[test]
fn details_strip_shows_the_focused_story_in_full() {
    let app = tiny_app(false);
    assert_eq!(app.focused_card().unwrap().key, "SB-1");
    insta::assert_snapshot!("details_60x5", strip(&app, 60, 5));
    insta::assert_snapshot!("details_100x4", strip(&app, 100, 4));
}

#[test]
fn details_strip_in_presenter_mode_names_nobody() {
    let app = tiny_app(true);
    let s = strip(&app, 100, 5);
    assert!(!s.contains("Maya"), "{s}");
    insta::assert_snapshot!("details_presenter_100x5", s);
}

#[test]
fn details_strip_of_an_epic() {
    let mut app = tiny_app(false);
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('h'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    assert!(app.focused_epic().is_some());
    insta::assert_snapshot!("details_epic_60x4", strip(&app, 60, 4));
}

/// A budget of €10,000: three closed sprints spending €2,000 each, €7,000
/// to date, then the band: €1,500 a sprint at P50 (two sprints), €2,000 a
/// sprint at P85 (three), passing the budget in the last one.
#[test]
fn burn_up_chart_of_spend_against_the_budget_with_the_band_ahead() {
    use sprintboard::domain::money::{Currency, Money};
    use sprintboard::tui::widgets::burn_up::BurnUpChart;
    let eur = |n: i64| Money(n * 100);
    let burn = ops::BudgetBurnUp {
        budget: eur(10_000),
        spent: vec![("Sprint 1".into(), eur(2_000)), ("Sprint 2".into(), eur(4_000)), ("Sprint 3".into(), eur(6_000))],
        now: eur(7_000),
        ahead: vec![
            ("Sprint 4".into(), eur(8_500), eur(9_000)),
            ("Sprint 5".into(), eur(10_000), eur(11_000)),
            ("Sprint 6".into(), eur(10_000), eur(13_000)),
        ],
    };
    let theme = Theme::named("default", false);
    let currency = Currency::of("EUR").unwrap();
    let mut t = Terminal::new(TestBackend::new(40, 8)).unwrap();
    t.draw(|f| f.render_widget(BurnUpChart { burn_up: &burn, currency: &currency, theme: &theme }, f.area())).unwrap();
    insta::assert_snapshot!(rows(t.backend().buffer()));
}
