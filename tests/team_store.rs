//! The team and money through the store and operations, on a file and on
//! PostgreSQL: each change undoable by its author, the start dialog's
//! sentence, dependencies that follow a story's delete and undo, copies
//! that carry the new tables, and a schema-3 server database brought to 4.

mod common;

use common::Spot;
use sprintboard::domain::money::Money;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields, TeamReads, Whose};
use std::path::Path;

fn open(path: &Path, author: &str) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    s.set_author(author);
    s
}

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn add(store: &mut Store, title: &str, points: i64, sprint: Option<SprintId>) -> StoryId {
    let row = StoryFields { title: title.into(), points: Some(Points::whole(points)), ..Default::default() };
    let (key, _) =
        ops::add_story(store, NewStory { row, place: sprint, ..Default::default() }, Position::Bottom).unwrap();
    store.story_by_key(&key).unwrap().unwrap().id
}

fn member(name: &str, rate: i64) -> MemberFields {
    MemberFields { name: name.into(), day_rate: Some(Money(rate)), ..MemberFields::default() }
}

/// Five members at €500.00 and a closed Sprint 1 (5–18 Oct, 20 pts done).
fn team(store: &mut Store, settings: &Settings) {
    for n in ["ana", "ben", "cai", "dee", "eli"] {
        ops::add_member(store, settings, member(n, 50_000)).unwrap();
    }
    let draft = ops::SprintDraft { name: Some("Sprint 1".into()), start: Some(day(10, 5)), ..Default::default() };
    let (s1, _) = ops::new_sprint(store, settings, draft).unwrap();
    let a = add(store, "A", 20, Some(s1));
    ops::start_sprint(store, settings, s1).unwrap();
    ops::set_status(store, a, Status::Done).unwrap();
    ops::close_sprint(store, settings, s1, Unfinished::Backlog).unwrap();
}

on_both_engines! {
fn every_team_and_money_change_is_undone_by_its_author(spot: &Spot) {
    let path = spot.board("b.db");
    let settings = Settings::default();
    let mut maya = open(&path, "maya");
    let mut jo = open(&path, "jo");
    ops::add_member(&mut maya, &settings, member("ana", 50_000)).unwrap();
    let ana = maya.member_by_name("ana").unwrap().unwrap();
    ops::add_day_off(&mut maya, ops::Whom::Member("ana".into()), day(11, 9), Some(day(11, 10)), 100).unwrap();
    ops::set_budget(&mut maya, &settings, ops::BudgetTarget::Board, "10,000", None, None).unwrap();
    let draft = ops::ExpenseDraft { amount: "250".into(), category: "licences".into(), ..Default::default() };
    ops::add_expense(&mut maya, &settings, draft).unwrap();
    let (a, b) = (add(&mut maya, "A", 3, None), add(&mut maya, "B", 5, None));
    let (ka, kb) = (maya.story(a).unwrap().unwrap().key, maya.story(b).unwrap().unwrap().key);
    ops::block(&mut maya, &ka, &kb).unwrap();
    ops::edit_member(&mut jo, &settings, ana.id, MemberFields { availability: 50, ..ana.fields.clone() }).unwrap();
    // jo's own change comes back first for jo; maya's undo of the member
    // edit she did not make is not hers to take.
    assert!(ops::undo(&mut jo, Whose::Mine).unwrap().message.starts_with("Undid: Changed ana"));
    assert_eq!(maya.member_by_name("ana").unwrap().unwrap().fields.availability, 100);
    for (what, gone) in [
        ("dependency", Box::new(|s: &Store| s.dependencies().unwrap().is_empty()) as Box<dyn Fn(&Store) -> bool>),
        ("story B", Box::new(move |s: &Store| s.story(b).unwrap().is_none())),
        ("story A", Box::new(move |s: &Store| s.story(a).unwrap().is_none())),
        ("expense", Box::new(|s: &Store| s.expenses().unwrap().is_empty())),
        ("budget", Box::new(|s: &Store| s.budgets().unwrap().is_empty())),
        ("day off", Box::new(|s: &Store| s.days_off().unwrap().is_empty())),
        ("member", Box::new(|s: &Store| s.members().unwrap().is_empty())),
    ] {
        ops::undo(&mut maya, Whose::Mine).unwrap();
        assert!(gone(&maya), "undo took the {what} back");
    }
    for _ in 0..7 {
        ops::redo(&mut maya, Whose::Mine).unwrap();
    }
    assert_eq!(maya.dependencies().unwrap().len(), 1);
    assert_eq!(maya.budgets().unwrap()[0].amount, Money(1_000_000));
    assert_eq!(maya.days_off().unwrap()[0].member, Some(ana.id));
}

fn the_start_dialog_says_why_and_warns_of_blockers(spot: &Spot) {
    let path = spot.board("b.db");
    let settings = Settings::default();
    let mut store = open(&path, "maya");
    team(&mut store, &settings);
    for n in ["ana", "ben", "cai"] {
        ops::add_day_off(&mut store, ops::Whom::Member(n.into()), day(11, 2), Some(day(11, 5)), 100).unwrap();
    }
    let draft = ops::SprintDraft { name: Some("Sprint 2".into()), start: Some(day(11, 2)), ..Default::default() };
    let (s2, _) = ops::new_sprint(&mut store, &settings, draft).unwrap();
    let plan = ops::sprint_plan(&store, &settings, s2).unwrap().expect("a team");
    assert_eq!(plan.reason, "3 of 5 away for up to 4 days: 38 person-days of 50 → about 15 pts");
    assert_eq!(plan.suggested, Some(Points::whole(15)));
    assert_eq!(plan.cost, Money(1_900_000));
    let preview = ops::start_preview(&store, &settings, s2).unwrap();
    assert_eq!(preview.capacity_reason.as_deref(), Some(plan.reason.as_str()));
    // The S form's defaults come from the same suggestion.
    assert_eq!(ops::sprint_defaults(&store, &settings, day(11, 2)).unwrap().capacity, Some(Points::whole(20)));
    let blocker = add(&mut store, "Blocker", 3, Some(s2));
    let waits = add(&mut store, "Waits", 2, Some(s2));
    let (kb, kw) = (store.story(blocker).unwrap().unwrap().key, store.story(waits).unwrap().unwrap().key);
    ops::block(&mut store, &kw, &kb).unwrap();
    assert_eq!(
        ops::sprint_dependency_warnings(&store, s2).unwrap(),
        [format!("{kw} (Sprint 2) waits on {kb}, which is in the same sprint and not done")]
    );
    assert_eq!(ops::flagged_stories(&store).unwrap(), [waits].into());
    assert_eq!(ops::start_preview(&store, &settings, s2).unwrap().blocked.len(), 1);
    ops::set_status(&mut store, blocker, Status::Done).unwrap();
    assert!(ops::sprint_dependency_warnings(&store, s2).unwrap().is_empty(), "a done blocker waits on nothing");
    assert_eq!(ops::blockers_of(&store, waits).unwrap(), [kb]);
}

fn deleting_a_story_takes_its_links_and_undo_brings_them_back(spot: &Spot) {
    let path = spot.board("b.db");
    let mut store = open(&path, "maya");
    let (a, b) = (add(&mut store, "A", 3, None), add(&mut store, "B", 5, None));
    let (ka, kb) = (store.story(a).unwrap().unwrap().key, store.story(b).unwrap().unwrap().key);
    ops::block(&mut store, &ka, &kb).unwrap();
    ops::delete_story(&mut store, b).unwrap();
    assert!(store.dependencies().unwrap().is_empty());
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(store.dependencies().unwrap()[0].blocker, b);
}

fn the_story_forms_blocked_by_field_sets_links_in_one_change(spot: &Spot) {
    let path = spot.board("b.db");
    let mut store = open(&path, "maya");
    let (a, b, c) = (add(&mut store, "A", 1, None), add(&mut store, "B", 1, None), add(&mut store, "C", 1, None));
    let key = |s: &Store, id| s.story(id).unwrap().unwrap().key;
    let (kb, kc) = (key(&store, b), key(&store, c));
    let card = store.card(a).unwrap().unwrap();
    ops::set_blockers(&mut store, &card, &[kb.clone(), kc.clone()]).unwrap();
    assert_eq!(ops::blockers_of(&store, a).unwrap(), [kb.clone(), kc.clone()]);
    // A form drawn before that change is stale now.
    let err = ops::set_blockers(&mut store, &card, &[]).unwrap_err().to_string();
    assert!(err.contains("changed since your screen showed it"), "{err}");
    let card = store.card(a).unwrap().unwrap();
    ops::set_blockers(&mut store, &card, std::slice::from_ref(&kc)).unwrap();
    assert_eq!(ops::blockers_of(&store, a).unwrap(), [kc]);
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert_eq!(ops::blockers_of(&store, a).unwrap().len(), 2, "one undo takes the whole edit back");
    let ka = key(&store, a);
    let err = ops::set_blockers(&mut store, c, &[ka]).unwrap_err().to_string();
    assert!(err.contains("that would make a loop"), "{err}");
}

fn a_member_edit_decided_on_a_stale_screen_is_refused(spot: &Spot) {
    let path = spot.board("b.db");
    let settings = Settings::default();
    let mut maya = open(&path, "maya");
    let mut jo = open(&path, "jo");
    ops::add_member(&mut maya, &settings, member("ana", 100)).unwrap();
    let shown = maya.member_by_name("ana").unwrap().unwrap();
    ops::edit_member(&mut jo, &settings, shown.id, MemberFields { role: "tester".into(), ..shown.fields.clone() }).unwrap();
    let err = ops::edit_member(&mut maya, &settings, &shown, MemberFields { availability: 10, ..shown.fields.clone() })
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("ana changed since your screen showed it (jo: Changed ana (tester"), "{err}");
    assert!(ops::remove_member(&mut maya, &shown).is_err(), "a stale remove is refused too");
}

fn reports_and_the_burn_up_have_each_sprints_cost(spot: &Spot) {
    let path = spot.board("b.db");
    let settings = Settings::default();
    let mut store = open(&path, "maya");
    team(&mut store, &settings);
    add(&mut store, "Rest", 50, None);
    ops::set_budget(&mut store, &settings, ops::BudgetTarget::Board, "100,000", None, None).unwrap();
    let report = ops::cost_report(&store, &settings).unwrap();
    let s1 = &report.sprints[0];
    assert_eq!((s1.person_days, s1.cost, s1.per_point), (5_000, Money(2_500_000), Some(Money(125_000))));
    assert_eq!(report.cost_per_point, Some(Money(125_000)));
    // 50 pts at 20 a sprint: 3 sprints, the third half used: 2.5 × €25,000.
    let burn = ops::burn_up(&store, &settings, day(11, 2)).unwrap();
    assert_eq!(burn.budget, Some(Money(10_000_000)));
    let spent: Vec<(bool, i64)> = burn.points.iter().map(|p| (p.forecast, p.p50.0)).collect();
    assert_eq!(spent, [(false, 2_500_000), (true, 4_583_333), (true, 6_666_667), (true, 8_750_000)]);
    assert_eq!(burn.points.last().unwrap().p85, Money(8_750_000));
}

fn a_copy_carries_the_team_and_money(spot: &Spot) {
    let path = spot.board("b.db");
    let settings = Settings::default();
    let mut store = open(&path, "maya");
    team(&mut store, &settings);
    ops::set_budget(&mut store, &settings, ops::BudgetTarget::Board, "50000", None, None).unwrap();
    let other = spot.fresh();
    let target = other.board("copy.db");
    store.copy_to(&target).unwrap();
    let copy = open(&target, "maya");
    assert_eq!(copy.members().unwrap().len(), 5);
    assert_eq!(copy.budgets().unwrap()[0].amount, Money(5_000_000));
    let frozen = copy.frozen_team().unwrap();
    let f = frozen.values().next().unwrap();
    assert_eq!((f.person_days, f.cost), (Some(5_000), Some(Money(2_500_000))));
    // The copy's identity sequences are past the copied rows.
    let mut copy = copy;
    ops::add_member(&mut copy, &settings, member("fay", 1)).unwrap();
    assert_eq!(copy.members().unwrap().len(), 6);
}
}

#[test]
fn a_schema_3_server_database_is_brought_to_schema_4() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("old");
    common::exec(&url, include_str!("../src/store/postgres/schema_3.sql"));
    common::exec(
        &url,
        "INSERT INTO sprintboard_schema (application, version) VALUES ('sprintboard', 3);
         INSERT INTO story (key, title, rank, created_at) VALUES ('SB-1', 'Kept', 1024, '2026-11-01T09:00:00');",
    );
    let mut store = open(&url, "maya");
    assert_eq!(common::scalar(&url, "SELECT version FROM sprintboard_schema"), 4);
    assert_eq!(store.story_by_key("SB-1").unwrap().unwrap().fields.title, "Kept");
    ops::add_member(&mut store, &Settings::default(), member("ana", 100)).unwrap();
    ops::undo(&mut store, Whose::Mine).unwrap();
    assert!(store.members().unwrap().is_empty());
}

/// Round trips of planning, starting and closing a sprint on a server,
/// with and without a team: the team's reads are a few statements per
/// action (members, days off, expenses, frozen numbers), never per story;
/// a board without a team pays one statement for them.
#[test]
fn planning_with_a_team_costs_a_few_round_trips_not_one_per_story() {
    let Some(spot) = Spot::postgres() else { return };
    let settings = Settings::default();
    let mut counts = Vec::new();
    for with_team in [false, true] {
        let url = spot.board(if with_team { "team" } else { "none" });
        let mut s = open(&url, "maya");
        if with_team {
            for n in ["ana", "ben", "cai"] {
                ops::add_member(&mut s, &settings, member(n, 50_000)).unwrap();
            }
        }
        let (first, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
        for i in 0..30 {
            add(&mut s, &format!("Story {i}"), 1, Some(first));
        }
        let count = |s: &mut Store, f: &dyn Fn(&mut Store)| {
            let before = s.round_trips().unwrap();
            f(s);
            s.round_trips().unwrap() - before
        };
        let plan = count(&mut s, &|s| drop(ops::new_sprint(s, &settings, Default::default()).unwrap()));
        let start = count(&mut s, &|s| drop(ops::start_sprint(s, &settings, first).unwrap()));
        let close = count(&mut s, &|s| drop(ops::close_sprint(s, &settings, first, Unfinished::Backlog).unwrap()));
        counts.push((with_team, plan, start, close));
    }
    eprintln!("round trips (team?, plan, start, close): {counts:?}");
    let (none, team) = (counts[0], counts[1]);
    // Measured when written: plan 10 → 15, start 83 → 89 (the start
    // dialog's sentence), close 113 → 121.
    assert!(team.1 <= none.1 + 5 && team.2 <= none.2 + 6 && team.3 <= none.3 + 8, "{counts:?}");
}
