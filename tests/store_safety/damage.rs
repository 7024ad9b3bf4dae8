//! A board with one page of its story table overwritten: detected, opened
//! read-only with a notice naming the damage, no write attempted.

use super::{add, common::Board, try_add};
use sprintboard::store::Store;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// A closed board whose story table spans many pages (and, with `padding`
/// bytes in a table of their own, a file of at least that size); `wal` keeps
/// it in WAL mode, as sprintboard leaves its files, else it is put back in
/// rollback mode, so that opening it would rewrite the header.
fn board_with_many_stories(padding: usize, wal: bool) -> Board {
    let b = Board::new();
    b.ok(&["init", "--name", "Damaged", "--key-prefix", "DM"]);
    let mut store = Store::open(&b.db).unwrap();
    for i in 0..300 {
        add(&mut store, &format!("Story {i} with a title long enough to fill pages {}", "·".repeat(120)));
    }
    drop(store);
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    if padding > 0 {
        conn.execute_batch("CREATE TABLE pad (b BLOB)").unwrap();
        for _ in 0..padding.div_ceil(1 << 20) {
            conn.execute("INSERT INTO pad VALUES (zeroblob(1048576))", []).unwrap();
        }
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    if !wal {
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    drop(conn);
    b
}

/// Overwrites a leaf page of the story table (not its root, so the other
/// pages stay readable) with noise; returns the page number.
fn damage_a_story_page(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = 'story'", [], |r| r.get(0)).unwrap();
    let leaves: Vec<i64> = conn
        .prepare("SELECT pageno FROM dbstat WHERE name = 'story' AND pagetype = 'leaf' ORDER BY pageno")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    assert!(leaves.len() >= 5, "the story table needs several pages, has {}", leaves.len());
    let page = leaves[leaves.len() / 2];
    assert_ne!(page, root);
    let mut noise = vec![0u8; page_size as usize];
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    for byte in &mut noise {
        // xorshift: noise that is the same on every run.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *byte = x as u8;
    }
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(((page - 1) * page_size) as u64)).unwrap();
    f.write_all(&noise).unwrap();
    page
}

/// Damage-check threads in this process (other tests' included).
fn check_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with("sprintboard dam"))
        .count()
}

fn hash(path: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(path).unwrap().hash(&mut h);
    h.finish()
}

#[test]
fn a_damaged_page_makes_the_board_read_only_with_a_notice_and_nothing_is_written() {
    let b = board_with_many_stories(0, false);
    let page = damage_a_story_page(&b.db);
    let before = hash(&b.db);
    let what = format!("page {page} of the stories table cannot be read");

    let mut store = Store::open(&b.db).unwrap();
    // The first write waits for the check, and is refused with its finding.
    let err = try_add(&mut store, "More").unwrap_err();
    assert_eq!(
        err,
        format!(
            "{} is damaged ({what}): nothing was changed; `sprintboard export` writes what can still be read",
            b.db.display()
        )
    );
    assert!(store.is_read_only());
    assert_eq!(
        store.notice().unwrap(),
        format!(
            "{} is damaged ({what}): it is open read-only; `sprintboard export` writes what can still be read",
            b.db.display()
        )
    );
    drop(store);
    assert_eq!(hash(&b.db), before, "the damaged file was written to");

    // The command line: one sentence, exit 1, the file untouched.
    let err = b.fail(&["add", "Another"]);
    assert!(err.contains(&format!("is damaged ({what}): nothing was changed")), "{err}");
    assert_eq!(hash(&b.db), before, "`add` wrote to the damaged file");

    // Export writes what can still be read.
    let o = b.cmd().args(["export", "--format", "json"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "export failed: {err}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let stories = doc["stories"].as_array().unwrap().len();
    assert!(stories > 200 && stories < 300, "{stories} stories exported");
    assert_eq!(hash(&b.db), before, "`export` wrote to the damaged file");
}

#[test]
fn above_64_mb_the_check_runs_in_the_background_and_refuses_the_writes_after_it() {
    let b = board_with_many_stories(65 << 20, true);
    assert!(std::fs::metadata(&b.db).unwrap().len() > 64 << 20);
    // Opening and closing in a loop (as the benchmark does) keeps one check
    // thread on the file, not one per open, each reading 65 MB.
    let mut most = 0;
    for _ in 0..30 {
        drop(Store::open(&b.db).unwrap());
        most = most.max(check_threads());
    }
    assert!(most < 10, "{most} check threads at once");
    let page = damage_a_story_page(&b.db);
    let before = hash(&b.db);
    let store = Store::open(&b.db).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.notice().is_none() {
        assert!(Instant::now() < deadline, "the background check found nothing in 30 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(store.notice().unwrap().contains(&format!("page {page} of the stories table")));
    assert!(store.is_read_only());
    let mut store = store;
    let err = try_add(&mut store, "More").unwrap_err();
    assert!(err.contains("is damaged"), "{err}");
    drop(store);
    assert_eq!(hash(&b.db), before, "the damaged file was written to");
}

#[test]
fn the_screen_shows_the_damage_once_the_check_has_found_it() {
    let b = board_with_many_stories(0, true);
    let page = damage_a_story_page(&b.db);
    let config = sprintboard::config::Config::default();
    // The first frame does not wait for the check, so the notice may come
    // with it or on a later poll between key presses.
    let mut app = sprintboard::tui::app::App::new(Store::open(&b.db).unwrap(), &config, (160, 30)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.store.is_read_only() {
        assert!(Instant::now() < deadline, "no verdict in 10 s");
        std::thread::sleep(Duration::from_millis(10));
    }
    app.poll_external_changes();
    let screen = super::common::screen(&app, 160, 30);
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(screen.contains(&format!("is damaged (page {page} of the stories table cannot be read)")), "{screen}");
}
