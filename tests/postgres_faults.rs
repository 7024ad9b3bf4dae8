//! The server going away under an open board: killed (`pg_ctl stop -m
//! immediate`) and started again, or this board's connection cut in the
//! middle of a transaction. A test binary of its own, because it stops the
//! cluster every test of the binary shares.

mod common;

use common::Spot;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields};

fn open(url: &std::path::Path) -> Store {
    let mut s = Store::open(url).unwrap();
    s.set_clock(Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()));
    s
}

fn new(title: &str) -> NewStory {
    NewStory { row: StoryFields { title: title.into(), ..Default::default() }, ..Default::default() }
}

/// Retries `f` for up to five seconds (the server takes a moment to start,
/// and the store tries again at most every 200 ms).
fn soon<T>(mut f: impl FnMut() -> Option<T>) -> T {
    let start = std::time::Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "not within five seconds");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_killed_server_is_said_at_once_refuses_actions_and_is_found_again() {
    let Some(spot) = Spot::postgres() else { return };
    let _alone = common::pg::SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let cluster = spot.cluster().unwrap();
    let url = spot.board("b");
    let mut store = open(&url);
    ops::add_story(&mut store, new("Before"), Position::Bottom).unwrap();
    let seen = store.data_version().unwrap();
    cluster.kill();
    // The next look at the board says so, in the one sentence.
    let err = ops::add_story(&mut store, new("While down"), Position::Bottom).unwrap_err().to_string();
    assert_eq!(err, "the server is unreachable: nothing was changed");
    assert!(store.is_read_only());
    assert_eq!(store.notice().as_deref(), Some("the server is unreachable: nothing was changed"));
    assert!(store.data_version().is_err());
    assert_eq!(store.refused().to_string(), "the server is unreachable: nothing was changed");
    cluster.start();
    // Found again by itself; the number a screen polls moves, so it reads
    // the board again (what happened while it was away included).
    let now = soon(|| store.data_version().ok());
    assert_ne!(now, seen, "a reconnection is a change to read");
    assert!(!store.is_read_only());
    assert_eq!(store.notice(), None);
    ops::add_story(&mut store, new("After"), Position::Bottom).unwrap();
    let titles: Vec<String> = store.cards_in(Place::Backlog).unwrap().into_iter().map(|c| c.title).collect();
    assert_eq!(titles, ["Before", "After"], "nothing was queued while the server was away");
}

#[test]
fn a_connection_cut_inside_a_transaction_changes_nothing_and_the_next_action_works() {
    let Some(spot) = Spot::postgres() else { return };
    let _alone = common::pg::SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let cluster = spot.cluster().unwrap();
    let url = spot.board("b");
    let mut store = open(&url);
    ops::add_story(&mut store, new("Kept"), Position::Bottom).unwrap();
    let db = url.to_string_lossy().rsplit('/').next().unwrap().to_string();
    {
        let mut tx = store.write().unwrap();
        tx.insert_story(&new("Half"), Position::Bottom).unwrap();
        // Another session ends this one's backend mid-transaction.
        let cut: bool = cluster
            .admin()
            .query_one(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = $1 AND application_name = 'sprintboard' AND state = 'idle in transaction'",
                &[&db],
            )
            .unwrap()
            .get(0);
        assert!(cut);
        let err = tx.insert_story(&new("Other half"), Position::Bottom).unwrap_err().to_string();
        assert_eq!(err, "the server is unreachable: nothing was changed");
        // Still inside the transaction: no statement of it may run on a new
        // connection, where it would commit on its own.
        let err = tx.insert_story(&new("Third"), Position::Bottom).unwrap_err().to_string();
        assert_eq!(err, "the server is unreachable: nothing was changed");
    }
    soon(|| ops::add_story(&mut store, new("Next"), Position::Bottom).ok());
    let titles: Vec<String> = store.cards_in(Place::Backlog).unwrap().into_iter().map(|c| c.title).collect();
    assert_eq!(titles, ["Kept", "Next"]);
    assert_eq!(common::scalar(&url, "SELECT count(*) FROM story"), 2);
}

#[test]
fn the_screen_says_the_server_is_gone_refuses_keys_and_comes_back_by_itself() {
    let Some(spot) = Spot::postgres() else { return };
    let _alone = common::pg::SERVER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let cluster = spot.cluster().unwrap();
    let url = spot.board("b");
    let mut store = open(&url);
    ops::add_story(&mut store, new("On the board"), Position::Bottom).unwrap();
    let mut app = sprintboard::tui::app::App::new(open(&url), &Default::default(), (120, 40)).unwrap();
    cluster.kill();
    // The screen's loop polls between keys: it notices, and says so.
    soon(|| {
        app.poll_external_changes();
        app.message.text.contains("the server is unreachable").then_some(())
    });
    assert!(app.message.error, "{}", app.message.text);
    // A key that would change the board is refused with the sentence.
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('+'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    assert!(app.message.text.contains("the server is unreachable: nothing was changed"), "{}", app.message.text);
    cluster.start();
    // Back by itself, and said in words (it used to leave a lone ✗).
    soon(|| {
        app.poll_external_changes();
        (!app.message.error && app.message.text.starts_with("Connected again")).then_some(())
    });
    // The next polls read the board again, with what someone else did.
    soon(|| ops::add_story(&mut store, new("Added while the screen was away"), Position::Bottom).ok());
    soon(|| {
        app.poll_external_changes();
        common::screen(&app, 120, 40).contains("Added while the screen").then_some(())
    });
    assert!(!app.store.is_read_only());
}
