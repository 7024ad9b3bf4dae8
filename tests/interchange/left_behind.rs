//! Unfinished stories of a sprint that is over (SPEC §5's history): the
//! import carries them out of it to the top of the backlog, as Jira left
//! them, and never puts them in a sprint the board has closed; a sprint the
//! board still runs keeps its stories.

use super::*;

/// Where each of these keys sits: its sprint's name, or `-` for the backlog.
fn places(store: &Store, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| {
            let s = store.story_by_key(k).unwrap().unwrap();
            s.place.sprint_id().map_or("-".into(), |id| store.sprint(id).unwrap().unwrap().fields.name)
        })
        .collect()
}

crate::on_both_engines! {
fn an_unfinished_story_of_a_sprint_that_is_over_waits_at_the_top_of_the_backlog(spot: &Spot) {
    let spot = spot.fresh();
    let mut store = open(&spot.board("a.db"), at(2026, 11, 2));
    let header = "issue key,summary,sprint,status\n";
    // Sprint 2 ran before Sprint 3, which is done: Sprint 2 is over too.
    let first = format!("{header}K-9,backlog,,todo\nK-1,A,Sprint 1,done\nK-2,B,Sprint 2,todo\nK-3,C,Sprint 3,done\nK-4,D,Sprint 4,todo\n");
    interchange::import(&mut store, &write(spot.dir.path(), "v1.csv", &first), ImportFormat::Auto).unwrap();
    let states: Vec<(String, SprintState)> =
        store.sprints().unwrap().into_iter().map(|s| (s.fields.name, s.fields.state)).collect();
    assert_eq!(
        states,
        [
            ("Sprint 1".to_string(), SprintState::Closed),
            ("Sprint 2".into(), SprintState::Closed),
            ("Sprint 3".into(), SprintState::Closed),
            ("Sprint 4".into(), SprintState::Active)
        ]
    );
    assert_eq!(places(&store, &["K-1", "K-2", "K-3", "K-4"]), ["Sprint 1", "-", "Sprint 3", "Sprint 4"]);
    let backlog: Vec<String> = store.cards_in(Place::Backlog).unwrap().into_iter().map(|c| c.key).collect();
    assert_eq!(backlog, ["K-2", "K-9"], "carried out of Sprint 2, at the top");
    // A fresher copy puts a new unfinished story in the closed Sprint 1, one
    // more in Sprint 4, and a done Sprint 5 after it: the file says Sprint 4
    // is over, but the board runs it still, so it keeps its stories.
    let fresher = format!("{first}K-5,E,Sprint 1,todo\nK-6,F,Sprint 4,doing\nK-7,G,Sprint 5,done\nK-8,H,Sprint 6,todo\n");
    let options = interchange::ImportOptions { how: ops::ImportHow { update: true, ..Default::default() }, lists: Vec::new() };
    interchange::import_with(&mut store, &write(spot.dir.path(), "v2.csv", &fresher), ImportFormat::Auto, &options).unwrap();
    assert_eq!(places(&store, &["K-2", "K-4", "K-5", "K-6"]), ["-", "Sprint 4", "-", "Sprint 4"]);
}
}
