//! The markdown minutes (issue 10): the sprint review as it was at close,
//! rendered by a real Markdown renderer (pulldown-cmark, with GitHub's
//! tables) and read back as tables of cells, on both engines.
//!
//! The scenario: a sprint closes with a story added after its start
//! and unfinished; a carried story's status and another's estimate change
//! afterwards; the export still lists every carried story once, with the
//! points and status it had at close.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::Spot;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use sprintboard::domain::*;
use sprintboard::interchange::{self, ExportFormat};
use sprintboard::ops;
use sprintboard::store::{EpicFields, NewStory, Reads, RiskFields, Store, StoryFields};
use std::collections::BTreeMap;

/// Titles that are Markdown or HTML if not escaped.
const STARRED: &str = "Save *favourite* meals";
const PIPED: &str = "Pay with `Apple Pay` | fast";
const SCRIPT: &str = "<script>alert(1)</script> guard the form";
const LINKED: &str = "Read [the terms](https://example.com) & agree";
const UNDERSCORED: &str = "Checkout button hidden _behind_ the keyboard";

fn at(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn story(title: &str, points: i64, epic: Option<EpicId>) -> StoryFields {
    StoryFields { title: title.into(), points: Some(Points::whole(points)), epic, ..Default::default() }
}

fn add(store: &mut Store, row: StoryFields, sprint: Option<SprintId>) -> String {
    ops::add_story(store, NewStory { row, place: sprint, ..Default::default() }, Position::Bottom).unwrap().0
}

/// A table of the rendered document: its header and body rows, as text.
type Rows = Vec<Vec<String>>;

/// Renders `md` as GitHub would (tables on) and returns the HTML, and each
/// table under the heading it follows. Fails on anything that is not plain
/// text inside a table: an escaped title must not become emphasis, code, a
/// link or HTML.
fn render(md: &str) -> (String, BTreeMap<String, Rows>) {
    let options = Options::ENABLE_TABLES;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, options));
    let (mut tables, mut heading, mut text) = (BTreeMap::new(), String::new(), String::new());
    let (mut rows, mut row, mut in_table): (Rows, Vec<String>, bool) = (Vec::new(), Vec::new(), false);
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => text.clear(),
            Event::End(TagEnd::Heading(_)) => heading = std::mem::take(&mut text),
            Event::Start(Tag::Table(_)) => (in_table, rows) = (true, Vec::new()),
            Event::End(TagEnd::Table) => {
                in_table = false;
                assert!(
                    tables.insert(heading.clone(), std::mem::take(&mut rows)).is_none(),
                    "two tables under {heading}"
                );
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::Text(t) => text.push_str(&t),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if !in_table => {}
            Event::Start(Tag::Strong | Tag::List(_) | Tag::Item)
            | Event::End(TagEnd::Strong | TagEnd::List(_) | TagEnd::Item)
                if !in_table => {}
            other => panic!("{other:?} in the minutes (under {heading:?}):\n{md}"),
        }
    }
    (html, tables)
}

/// The scenario; returns the store and the keys by title.
fn closed_sprint(spot: &Spot) -> (Store, BTreeMap<&'static str, String>) {
    let mut store = Store::open(&spot.board("minutes.db")).unwrap();
    store.set_clock(Some(at(2)));
    let s = Settings::default();
    let (epic, _) = ops::add_epic(
        &mut store,
        EpicFields {
            title: "Payments <b>& wallets</b>".into(),
            quarter: Some(Quarter { year: 2027, q: 1 }),
            ..Default::default()
        },
    )
    .unwrap();
    let (sprint, _) = ops::new_sprint(&mut store, &s, ops::SprintDraft::default()).unwrap();
    let mut keys = BTreeMap::new();
    for (title, points) in [(STARRED, 5), (PIPED, 3), (SCRIPT, 2), (LINKED, 8)] {
        keys.insert(title, add(&mut store, story(title, points, Some(epic)), Some(sprint)));
    }
    ops::start_sprint(&mut store, &s, sprint).unwrap();
    store.set_clock(Some(at(5)));
    // Added after the start, and never finished.
    keys.insert(UNDERSCORED, add(&mut store, story(UNDERSCORED, 1, None), Some(sprint)));
    let id = |store: &Store, title: &str| ops::find_story(store, &keys[title]).unwrap().id;
    let story = id(&store, STARRED);
    ops::set_status(&mut store, story, Status::Done).unwrap();
    let story = id(&store, PIPED);
    ops::set_status(&mut store, story, Status::Doing).unwrap();
    let story = id(&store, LINKED);
    ops::move_story(&mut store, story, Place::Backlog, Position::Top).unwrap();
    store.set_clock(Some(at(15)));
    ops::close_sprint(&mut store, &s, sprint, Unfinished::Backlog).unwrap();
    // After the close: a carried story is finished, another re-estimated.
    store.set_clock(Some(at(16)));
    let story = id(&store, SCRIPT);
    ops::set_status(&mut store, story, Status::Done).unwrap();
    let story = id(&store, PIPED);
    ops::estimate(&mut store, story, Some(Points::whole(13))).unwrap();
    for (title, probability, impact, status, epic) in [
        ("Provider certification | *slow*", 4, 4, RiskStatus::Open, Some(epic)),
        ("Only one engineer knows payments", 2, 3, RiskStatus::Open, None),
        ("Old risk, closed", 5, 5, RiskStatus::Closed, None),
    ] {
        let row = RiskFields {
            title: title.into(),
            description: String::new(),
            probability,
            impact,
            response: "Pair on it".into(),
            owner: "Maya".into(),
            status,
            epic,
        };
        ops::add_risk(&mut store, row).unwrap();
    }
    (store, keys)
}

fn minutes(store: &Store) -> String {
    let mut out = Vec::new();
    interchange::export(store, &Settings::default(), ExportFormat::Markdown, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

on_both_engines! {
    fn the_review_lists_every_carried_story_once_with_its_status_at_close(spot: &Spot) {
        let (store, keys) = closed_sprint(spot);
        let md = minutes(&store);
        let (html, tables) = render(&md);
        let row = |title: &str, cells: &[&str]| {
            let mut r = vec![keys[title].clone(), title.to_string()];
            r.extend(cells.iter().map(|c| c.to_string()));
            r
        };
        assert_eq!(
            tables["Not finished, carried over (3 stories, 6 pts)"],
            [
                vec!["Key", "Story", "Points", "Status at close", "Now in"].into_iter().map(String::from).collect(),
                row(PIPED, &["3", "◐ doing", "Backlog"]),
                row(SCRIPT, &["2", "○ todo", "Backlog"]),
                row(UNDERSCORED, &["1", "○ todo", "Backlog"]),
            ],
            "{md}"
        );
        assert_eq!(tables["Done (1 story, 5 pts)"][1], row(STARRED, &["story", "5"]));
        assert_eq!(tables["Added after the start (1 story, 1 pt)"][1..], [row(UNDERSCORED, &["1", "○ todo"])]);
        assert_eq!(tables["Removed after the start (1 story, 8 pts)"][1..], [row(LINKED, &["8", "Backlog"])]);
        let record = &tables["Review of Sprint 1 · 2 Nov – 15 Nov 2026"];
        assert_eq!(record[0][0], "Committed");
        assert_eq!(record[1], ["18 pts", "5 pts", "28%", "1 pt", "8 pts", "6 pts"]);
        // Each story once per list: the carried one added after start is
        // in both of its lists, nowhere twice.
        for (heading, rows) in &tables {
            let mut seen = std::collections::HashSet::new();
            assert!(rows.iter().skip(1).all(|r| seen.insert(r[0].clone())), "a story twice under {heading}");
        }
        // Escaped titles come out as the words typed, never as HTML.
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(!html.contains("<a ") && !html.contains("<em>") && !html.contains("<code>"), "{html}");
        assert!(!html.contains("<b>"), "the epic title stays text: {html}");

        let risks = &tables["Top open risks"];
        assert_eq!(risks.len(), 3, "two open risks under the header: {risks:?}");
        assert_eq!(risks[1], ["16", "Provider certification | *slow*", "4 × 4", "E-1", "Maya", "Pair on it"]);
        assert!(!md.contains("Old risk"), "closed risks are not in the minutes");
        let roadmap = &tables["Roadmap"];
        assert_eq!(roadmap[0], ["Target quarter", "Epic", "Title", "Progress", "P85 finish", "Outlook"]);
        assert_eq!(roadmap[1][..4], ["2027-Q1", "E-1", "Payments <b>& wallets</b>", "7/28 pts (25%)"]);
        let velocity = &tables["Velocity"];
        assert_eq!(velocity[1], ["Sprint 1", "18", "5", "1", "8", "6", "28%"]);
    }

    fn a_close_undone_and_done_again_is_the_one_reviewed(spot: &Spot) {
        let (mut store, keys) = closed_sprint(spot);
        let s = Settings::default();
        // Undo everything after the close, and the close itself; finish the
        // script story inside the sprint this time, and close again.
        for _ in 0..6 {
            ops::undo(&mut store, sprintboard::store::Whose::Anyone).unwrap();
        }
        let sprint = ops::find_sprint(&store, "Sprint 1").unwrap();
        assert_eq!(sprint.fields.state, SprintState::Active, "the close is undone");
        let script = ops::find_story(&store, &keys[SCRIPT]).unwrap().id;
        ops::set_status(&mut store, script, Status::Done).unwrap();
        ops::close_sprint(&mut store, &s, sprint.id, Unfinished::Backlog).unwrap();
        let md = minutes(&store);
        let (_, tables) = render(&md);
        let carried: Vec<&str> = tables["Not finished, carried over (2 stories, 4 pts)"][1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(carried, [PIPED, UNDERSCORED], "{md}");
        assert_eq!(tables["Done (2 stories, 7 pts)"].len(), 3, "{md}");
    }
}

#[test]
fn a_story_deleted_since_the_close_is_still_in_its_review() {
    let spot = Spot::sqlite();
    let (mut store, keys) = closed_sprint(&spot);
    for title in [PIPED, LINKED] {
        let story = ops::find_story(&store, &keys[title]).unwrap().id;
        ops::delete_story(&mut store, story).unwrap();
    }
    let md = minutes(&store);
    let (_, tables) = render(&md);
    let carried = &tables["Not finished, carried over (3 stories, 6 pts)"];
    assert_eq!(carried[1][1..], [PIPED, "3", "◐ doing", "deleted since"], "points and status at close: {md}");
    assert_eq!(tables["Removed after the start (1 story, 8 pts)"][1][1..], [LINKED, "8", "deleted since"], "{md}");
}

#[test]
fn a_sprint_closed_in_a_file_is_reviewed_as_it_is_now() {
    let spot = Spot::sqlite();
    let mut store = Store::open(&spot.board("demo.db")).unwrap();
    store.set_clock(Some(at(2)));
    let today = store.today();
    interchange::demo::create(&mut store, today).unwrap();
    let md = minutes(&store);
    let (_, tables) = render(&md);
    assert!(md.contains("The board has no history of this sprint's close"), "{md}");
    let last = store.velocity_records().unwrap().pop().unwrap();
    let carried = tables.iter().find(|(h, _)| h.starts_with("Not finished")).map(|(_, t)| t).unwrap();
    let sum: f64 = carried[1..].iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert_eq!(sum, last.record.carried_over.as_f64(), "the carried stories add up to the record: {md}");
}

#[test]
fn an_epic_without_stories_is_not_reported_done_in_the_roadmap() {
    let spot = Spot::sqlite();
    let (mut store, _) = closed_sprint(&spot);
    let row = EpicFields { title: "Loyalty".into(), quarter: Some(Quarter { year: 2027, q: 2 }), ..Default::default() };
    ops::add_epic(&mut store, row).unwrap();
    let md = minutes(&store);
    let (_, tables) = render(&md);
    let loyalty = tables["Roadmap"].iter().find(|r| r[2] == "Loyalty").expect("the new epic's row");
    assert_eq!(loyalty[3..], ["0/0 pts", "–", "no stories yet"], "{md}");
}
