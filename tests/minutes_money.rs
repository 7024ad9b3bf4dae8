//! Money in the markdown minutes (issue 12): the reviewed sprint's
//! person-days and cost, frozen at its close, and the budget status, read
//! back through a real Markdown renderer (pulldown-cmark, GitHub tables).
//!
//! The board, worked by hand:
//! - Sprint 1 runs Mon 2 – Fri 13 Nov 2026: 10 working days.
//! - Ana (€400 a day) is there all 10; Ben (€300 a day) is off on 5 Nov,
//!   so 9. Person-days 10 + 9 = 19; labour 10 × 400 + 9 × 300 = €6,700.
//! - A €300 licence dated 10 Nov falls in the sprint: cost €7,000.
//! - The sprint completes 5 + 5 = 10 pts: €700 a point.
//! - The backlog holds 8 + 12 = 20 pts. With one sprint of history (10 pts
//!   for €7,000) every trial needs exactly 2 sprints: €14,000 at P50 and P85.
//! - The board's budget is €20,000; spent is the closed sprint's labour and
//!   the expenses to date, €7,000 (35 %). Left: 20,000 − 7,000 − 14,000 =
//!   −€1,000 at both; estimate at completion 7,000 + 14,000 = €21,000; so
//!   the minutes say the budget falls €1,000 short.
//! - After the close Ana's rate goes up to €900: the review keeps the
//!   person-days and cost frozen at close.

mod common;

use chrono::NaiveDate;
use common::Spot;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use sprintboard::domain::money::Money;
use sprintboard::domain::*;
use sprintboard::interchange::{self, ExportFormat};
use sprintboard::ops;
use sprintboard::store::{NewStory, Store, StoryFields, TeamReads};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn add(store: &mut Store, title: &str, points: i64, sprint: Option<SprintId>) -> StoryId {
    let row = StoryFields { title: title.into(), points: Some(Points::whole(points)), ..Default::default() };
    let key = ops::add_story(store, NewStory { row, place: sprint, ..Default::default() }, Position::Bottom).unwrap().0;
    ops::find_story(store, &key).unwrap().id
}

fn board(spot: &Spot) -> Store {
    let mut store = Store::open(&spot.board("money-minutes.db")).unwrap();
    store.set_clock(Some(day(2).and_hms_opt(9, 0, 0).unwrap()));
    let s = Settings::default();
    for (name, rate) in [("Ana", 400), ("Ben", 300)] {
        let m = MemberFields { name: name.into(), day_rate: Some(Money(rate * 100)), ..MemberFields::default() };
        ops::add_member(&mut store, &s, m).unwrap();
    }
    ops::add_day_off(&mut store, ops::Whom::Member("Ben".into()), day(5), None, 100).unwrap();
    let draft = ops::SprintDraft { start: Some(day(2)), end: Some(day(13)), ..Default::default() };
    let (sprint, _) = ops::new_sprint(&mut store, &s, draft).unwrap();
    let done = [add(&mut store, "Sign *in*", 5, Some(sprint)), add(&mut store, "Sign out", 5, Some(sprint))];
    add(&mut store, "Reset password", 8, None);
    add(&mut store, "Two-factor", 12, None);
    ops::start_sprint(&mut store, &s, sprint).unwrap();
    let licence = ops::ExpenseDraft {
        amount: "300".into(),
        category: "licences".into(),
        date: Some(day(10)),
        ..Default::default()
    };
    ops::add_expense(&mut store, &s, licence).unwrap();
    for id in done {
        ops::set_status(&mut store, id, Status::Done).unwrap();
    }
    store.set_clock(Some(day(13).and_hms_opt(17, 0, 0).unwrap()));
    ops::close_sprint(&mut store, &s, sprint, Unfinished::Backlog).unwrap();
    store.set_clock(Some(day(16).and_hms_opt(9, 0, 0).unwrap()));
    ops::set_budget(&mut store, &s, ops::BudgetTarget::Board, "20000", None, None).unwrap();
    let ana = store.member_by_name("Ana").unwrap().unwrap();
    let raised = MemberFields { day_rate: Some(Money(90_000)), ..ana.fields.clone() };
    ops::edit_member(&mut store, &s, &ana, raised).unwrap();
    store
}

fn minutes(store: &Store) -> String {
    let mut out = Vec::new();
    interchange::export(store, &Settings::default(), ExportFormat::Markdown, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The rendered text of each section (by its heading) and each table's
/// rows (by the heading it follows).
type Sections = std::collections::BTreeMap<String, (String, Vec<Vec<String>>)>;

fn render(md: &str) -> Sections {
    let mut sections = Sections::new();
    let (mut heading, mut text, mut cell) = (String::new(), String::new(), None::<String>);
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => text.clear(),
            Event::End(TagEnd::Heading(_)) => {
                heading = std::mem::take(&mut text);
                sections.entry(heading.clone()).or_default();
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                sections.entry(heading.clone()).or_default().1.push(std::mem::take(&mut row))
            }
            Event::Text(t) => match &mut cell {
                Some(c) => c.push_str(&t),
                None => text.push_str(&t),
            },
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let words = std::mem::take(&mut text);
                let body = &mut sections.entry(heading.clone()).or_default().0;
                body.push_str(&words);
                body.push('\n');
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} in the minutes:\n{md}"),
            _ => {}
        }
    }
    sections
}

#[test]
fn the_minutes_carry_the_sprints_frozen_person_days_and_cost_and_the_budget_status() {
    let spot = Spot::sqlite();
    let store = board(&spot);
    let md = minutes(&store);
    let sections = render(&md);
    let review = sections.keys().find(|h| h.starts_with("Review of Sprint 1")).expect("a review");
    let body = &sections[review].0;
    // Frozen at close: Ana's later €900 would make it 10 × 900 + 2,700 + 300.
    assert!(
        body.contains("Team: 19 person-days · cost €7,000.00 (labour €6,700.00, expenses €300.00)."),
        "{body}\n---\n{md}"
    );
    let (text, table) = &sections["Budget"];
    assert_eq!(
        table,
        &vec![
            vec!["Budget", "Amount", "Spent", "Left at P50", "Left at P85", "Estimate at completion"],
            vec!["board", "€20,000.00", "€7,000.00", "-€1,000.00", "-€1,000.00", "€21,000.00"],
        ],
        "{md}"
    );
    assert!(text.contains("Cost per point over the velocity window: €700.00."), "{text}");
    assert!(text.contains("board: budget runs out in ") && text.contains("→ short €1,000"), "{text}");
}

#[test]
fn a_board_without_members_or_budgets_has_no_money_in_its_minutes() {
    let spot = Spot::sqlite();
    let mut store = Store::open(&spot.board("plain.db")).unwrap();
    store.set_clock(Some(day(2).and_hms_opt(9, 0, 0).unwrap()));
    let s = Settings::default();
    let (sprint, _) = ops::new_sprint(&mut store, &s, ops::SprintDraft::default()).unwrap();
    let id = add(&mut store, "Sign in", 3, Some(sprint));
    ops::start_sprint(&mut store, &s, sprint).unwrap();
    ops::set_status(&mut store, id, Status::Done).unwrap();
    ops::close_sprint(&mut store, &s, sprint, Unfinished::Backlog).unwrap();
    let md = minutes(&store);
    assert!(md.contains("## Review of Sprint 1"), "{md}");
    assert!(!md.contains("person-days") && !md.contains("## Budget") && !md.contains('€'), "{md}");
}
