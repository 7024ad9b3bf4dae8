//! `NO_COLOR=1` (SPEC §2): the theme is chosen from the environment when the
//! app is created, so this binary sets the variable before anything else
//! runs (one test, no other thread reads the environment). Without colour
//! the board still reads in full: titles as wide, the focused card marked
//! by `▶` and reverse video, no colour in any cell.

mod common;

use ratatui::style::{Color, Modifier};
use sprintboard::config::Config;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Store, StoryFields};
use sprintboard::tui::app::App;

const TITLE: &str = "Customer ordering for five on a weeknight: reorder last week's dinner in one tap";
const LOOK_ALIKE: &str = "Customer ordering for five on a weekend: reorder last week's dinner in one tap";

#[test]
fn without_colour_the_board_reads_the_same_and_marks_the_focus_without_colour() {
    // SAFETY: the only test of this binary, before any other thread starts.
    unsafe { std::env::set_var("NO_COLOR", "1") };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    store.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    for (title, who) in [(TITLE, "Maya Okafor"), (LOOK_ALIKE, "")] {
        let row = StoryFields {
            title: title.into(),
            points: Some(Points::whole(8)),
            assignee: who.into(),
            labels: vec!["families".into()],
            description: "Families reorder the same dinner most weeks.".into(),
            ..Default::default()
        };
        ops::add_story(&mut store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap();
    }
    ops::new_sprint(&mut store, &Settings::default(), ops::SprintDraft::default()).unwrap();
    let mut app = App::new(store, &Config::default(), (120, 40)).unwrap();
    assert!(!app.theme.colour, "NO_COLOR=1 read at App::new");
    for presenter in [false, true] {
        if presenter {
            app.handle_key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char('P'),
                ratatui::crossterm::event::KeyModifiers::NONE,
            ));
        }
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| {
            sprintboard::tui::views::draw(f, &app.ctx());
        })
        .unwrap();
        let buf = t.backend().buffer().clone();
        let s = common::screen(&app, 120, 40);
        for y in 0..40 {
            for x in 0..120 {
                let c = &buf[(x, y)];
                assert!(
                    matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                    "presenter {presenter}: colour at ({x},{y}) {:?}\n{s}",
                    c.symbol()
                );
            }
        }
        // The focused card: marker and reverse video, its title readable.
        let (y, line) = s.lines().enumerate().find(|(_, l)| l.contains("▶○▪ SB-1 ")).expect("focused card");
        let x = line.chars().position(|c| c == '▶').unwrap() as u16;
        assert!(buf[(x + 5, y as u16)].modifier.contains(Modifier::REVERSED), "presenter {presenter}\n{s}");
        assert!(line.contains("SB-1 Customer ordering for five on a weeknight: reo"), "presenter {presenter}\n{s}");
        assert!(s.contains("SB-2 Customer ordering for five on a weekend: reord"), "presenter {presenter}\n{s}");
        assert!(s.contains(TITLE) && s.contains("labels: families") && s.contains("○ To Do · 8 pts"), "{s}");
        assert_eq!(s.contains("Maya"), !presenter, "assignee only outside presenter mode\n{s}");
    }
}
