//! The demo board: believable, consistent, and dated around any today.

use super::*;
use sprintboard::interchange::demo;

crate::on_both_engines! {
fn the_demo_board_is_believable_for_any_today(spot: &Spot) {
    for today in [(2026, 3, 9), (2026, 3, 15), (2027, 5, 19), (2027, 1, 3), (2024, 1, 1)] {
        let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
        let spot = &spot.fresh();
        let dir = &spot.dir;
        let mut store = open(&spot.board("demo.db"), today.and_hms_opt(8, 0, 0).unwrap());
        let done = demo::create(&mut store, today).unwrap();
        assert!(done.message.starts_with("Created the demo board \"Bento"), "{}", done.message);
        assert_eq!(ops::undo(&mut store, Whose::Mine).unwrap().message, "Nothing to undo");

        let sprints = store.sprints().unwrap();
        let count = |state| sprints.iter().filter(|s| s.fields.state == state).count();
        assert_eq!((count(SprintState::Closed), count(SprintState::Active), count(SprintState::Planned)), (6, 1, 2));
        let active = store.active_sprint().unwrap().unwrap();
        assert!(
            active.fields.start <= today && today <= active.fields.end,
            "{today} outside {}–{}",
            active.fields.start,
            active.fields.end
        );
        let statuses: Vec<Status> =
            store.stories_in(Place::Sprint(active.id)).unwrap().iter().map(|s| s.fields.status).collect();
        for status in Status::ALL {
            assert!(statuses.contains(status), "the active sprint has no {status} story");
        }
        for s in sprints.iter().filter(|s| s.fields.state == SprintState::Planned) {
            assert!(s.tally.stories > 0, "{} is empty", s.fields.name);
        }
        // Velocity records agree with the stories that stayed in their sprints.
        let records = store.velocity_records().unwrap();
        let completed: Vec<Points> = records.iter().map(|r| r.record.completed).collect();
        assert!(completed.windows(2).any(|w| w[0] != w[1]) && completed.len() == 6, "{completed:?}");
        for r in &records {
            let stories = store.stories_in(Place::Sprint(r.sprint.id)).unwrap();
            assert!(
                stories.iter().all(|s| s.fields.status == Status::Done),
                "{} keeps unfinished work",
                r.sprint.fields.name
            );
            let done: Points = stories.iter().map(|s| s.fields.points.unwrap_or_default()).sum();
            assert_eq!(done, r.record.completed, "{}", r.sprint.fields.name);
            let committed: Points = store.commitment(r.sprint.id).unwrap().values().copied().sum();
            assert_eq!((committed, r.sprint.fields.committed), (r.record.committed, Some(r.record.committed)));
        }

        assert_eq!(store.objectives().unwrap().len(), 3);
        let epics = store.epics().unwrap();
        let quarters: std::collections::BTreeSet<_> = epics.iter().filter_map(|e| e.fields.quarter).collect();
        assert!((5..=6).contains(&epics.len()) && quarters.len() == 3, "{quarters:?}");
        assert!(quarters.contains(&Quarter::of(today)), "no epic targets the current quarter");
        assert_eq!(store.risks().unwrap().len(), 5);

        let backlog = store.stories_in(Place::Backlog).unwrap();
        assert!((35..=45).contains(&backlog.len()), "{} backlog stories", backlog.len());
        let scale = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];
        let mut all = Vec::new();
        store
            .each_story(&mut |s| {
                all.push(s);
                Ok(())
            })
            .unwrap();
        assert!(all.iter().all(|s| s.fields.points.is_none_or(|p| scale.contains(&p.as_f64()))));
        assert!(backlog.iter().filter(|s| s.fields.points.is_none()).count() >= 2);
        for kind in Kind::ALL {
            assert!(all.iter().any(|s| s.fields.kind == *kind), "no {kind}");
        }
        assert!(all.iter().filter(|s| s.fields.title.chars().count() > 100).count() >= 2, "long titles");
        assert!(all.iter().any(|s| text::width(&s.fields.title) > s.fields.title.chars().count()), "a wide title");
        let now = store.now();
        assert!(
            all.iter().all(|s| [Some(s.created), s.fields.started, s.fields.done].iter().flatten().all(|t| *t <= now))
        );

        // And it round-trips like any board.
        let first = export(&store);
        let file = write(dir.path(), "demo.json", &first);
        let mut copy = open(&spot.board("copy.db"), today.and_hms_opt(8, 0, 0).unwrap());
        interchange::import(&mut copy, &file, ImportFormat::Json).unwrap();
        assert_eq!(export(&copy), first);
    }
}

fn the_demo_needs_a_blank_board(spot: &Spot) {
    let spot = &spot.fresh();
    let mut store = small_board(&spot.board("a.db"));
    let before = export(&store);
    let err = demo::create(&mut store, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()).unwrap_err();
    assert!(err.to_string().contains("already holds a board"), "{err}");
    assert_eq!(export(&store), before);
}
}
