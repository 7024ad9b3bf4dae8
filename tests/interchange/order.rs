//! The order of a file's rows never decides whether it imports: epics and
//! sprints named before (or after) the row that gives their key or number
//! land the same way.

use super::*;

/// The stories of a blank board imported from `csv`, as (key, epic key, epic title).
fn epics_of(spot: &crate::common::Spot, csv: &str) -> Vec<(String, String, String)> {
    let spot = spot.fresh();
    let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
    let file = write(spot.dir.path(), "order.csv", csv);
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 2 stories (8 pts), 2 epics from order.csv");
    let mut out: Vec<(String, String, String)> = ["X-1", "X-2"]
        .iter()
        .map(|k| {
            let s = store.story_by_key(k).unwrap().unwrap();
            let e = store.epic(s.fields.epic.unwrap()).unwrap().unwrap();
            (s.key, e.key, e.fields.title)
        })
        .collect();
    // A new epic after the import gets a key none of the imported ones has.
    let (id, _) = ops::add_epic(&mut store, EpicFields { title: "Later".into(), ..Default::default() }).unwrap();
    out.push(("-".into(), store.epic(id).unwrap().unwrap().key, "Later".into()));
    out
}

crate::on_both_engines! {
fn an_epic_named_by_title_before_a_row_that_names_its_key_imports(spot: &Spot) {
    let header = "key,title,kind,points,status,epic\n";
    let later = format!("{header}X-2,second,story,5,todo,Foo\nX-1,first,story,3,todo,E-1\n");
    let first = format!("{header}X-1,first,story,3,todo,E-1\nX-2,second,story,5,todo,Foo\n");
    let expected = vec![
        ("X-1".to_string(), "E-1".to_string(), "E-1".to_string()),
        ("X-2".into(), "E-2".into(), "Foo".into()),
        ("-".into(), "E-3".into(), "Later".into()),
    ];
    assert_eq!(epics_of(spot, &later), expected, "the keyless epic met first leaves E-1 to the row that names it");
    assert_eq!(epics_of(spot, &first), expected);
}

fn an_epic_key_the_board_uses_elsewhere_does_not_take_a_key_later_in_the_file(spot: &Spot) {
    let spot = &spot.fresh();
    let dir = &spot.dir;
    // The board has E-1 "Favourites" and E-2 "Unplanned"; its next epic key is E-3.
    let mut store = small_board(&spot.board("a.db"));
    let doc = r#"{"format": "sprintboard/1",
        "epics": [{"key": "E-1", "title": "Not favourites"}, {"key": "E-3", "title": "Third"}],
        "stories": [{"key": "N-1", "title": "a", "epic": "E-1"}, {"key": "N-2", "title": "b", "epic": "E-3"}]}"#;
    let file = write(dir.path(), "epics.json", doc);
    let done = interchange::import(&mut store, &file, ImportFormat::Auto).unwrap();
    assert_eq!(done.message, "Imported 2 stories (0 pts), 2 epics from epics.json");
    let epic_of = |key: &str| {
        let s = store.story_by_key(key).unwrap().unwrap();
        let e = store.epic(s.fields.epic.unwrap()).unwrap().unwrap();
        (e.key, e.fields.title)
    };
    assert_eq!(epic_of("N-1"), ("E-4".to_string(), "Not favourites".to_string()), "E-3 is the file's own");
    assert_eq!(epic_of("N-2"), ("E-3".to_string(), "Third".to_string()));
    assert_eq!(store.epic_by_key("E-1").unwrap().unwrap().fields.title, "Favourites");
}

fn the_order_of_rows_changes_nothing_but_the_order_of_stories(spot: &Spot) {
    let header = "key,title,points,status,epic,sprint\n";
    let rows = [
        "A-1,one,1,todo,Payments,Sprint 2",
        "A-2,two,2,done,E-7,Sprint 1",
        "A-3,three,3,todo,Search,",
        "A-4,four,5,doing,E-7,Sprint 2",
    ];
    let board = |order: &[usize]| {
        let spot = &spot.fresh();
        let dir = &spot.dir;
        let mut store = open(&spot.board("a.db"), at(2026, 9, 1));
        let csv: String =
            std::iter::once(header.to_string()).chain(order.iter().map(|i| format!("{}\n", rows[*i]))).collect();
        interchange::import(&mut store, &write(dir.path(), "rows.csv", &csv), ImportFormat::Csv).unwrap();
        let mut sprints: Vec<(i64, String)> =
            store.sprints().unwrap().into_iter().map(|s| (s.fields.number, s.fields.name)).collect();
        sprints.sort();
        let mut stories: Vec<(String, Option<String>, Option<String>)> = (1..=4)
            .map(|n| {
                let s = store.story_by_key(&format!("A-{n}")).unwrap().unwrap();
                let epic = s.fields.epic.map(|e| store.epic(e).unwrap().unwrap().fields.title);
                let sprint = s.place.sprint_id().map(|id| store.sprint(id).unwrap().unwrap().fields.name);
                (s.key, epic, sprint)
            })
            .collect();
        stories.sort();
        let mut epic_keys: Vec<String> = store.epics().unwrap().into_iter().map(|e| e.key).collect();
        epic_keys.sort();
        (sprints, stories, epic_keys.len())
    };
    let expected = board(&[0, 1, 2, 3]);
    assert_eq!(expected.0, vec![(1, "Sprint 1".to_string()), (2, "Sprint 2".to_string())], "numbered by their names");
    for order in [[3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]] {
        assert_eq!(board(&order), expected, "rows in the order {order:?}");
    }
}
}
