//! What is the PostgreSQL engine's own: opening a server's board (and what
//! is refused), passwords kept out of every message, values bound as
//! parameters, change notification, losing and finding the server, and
//! round trips per action.

mod common;

use common::{Board, Spot};
use sprintboard::domain::Settings;
use sprintboard::domain::*;
use sprintboard::ops;
use sprintboard::store::{NewStory, Reads, Store, StoryFields, Whose};

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn open_as(path: &std::path::Path, author: &str) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Some(clock()));
    s.set_author(author);
    s
}

fn add(store: &mut Store, title: &str) -> String {
    let row = StoryFields { title: title.into(), points: Some(Points::whole(3)), ..Default::default() };
    ops::add_story(store, NewStory { row, ..Default::default() }, Position::Bottom).unwrap().0
}

#[test]
fn a_blank_database_becomes_a_board_that_keeps_stories_history_and_undo() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut s = open_as(&url, "maya");
    assert_eq!(s.engine(), "postgres");
    let key = add(&mut s, "Pay by card");
    assert_eq!(key, "SB-1");
    drop(s);
    let mut s = open_as(&url, "maya");
    assert_eq!(s.story_by_key("sb-1").unwrap().unwrap().fields.title, "Pay by card");
    assert_eq!(s.tally(Place::Backlog).unwrap().stories, 1);
    assert!(matches!(s.undo(Whose::Mine).unwrap(), sprintboard::store::Stepped::Done(_)));
    assert!(s.story_by_key("SB-1").unwrap().is_none());
    assert_eq!(s.tally(Place::Backlog).unwrap().stories, 0);
}

#[test]
fn another_users_change_shows_within_200_ms() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut maya = open_as(&url, "maya");
    add(&mut maya, "First");
    let po = open_as(&url, "po");
    let seen = po.data_version().unwrap();
    assert_eq!(po.data_version().unwrap(), seen, "nothing happened yet");
    add(&mut maya, "Second");
    let start = std::time::Instant::now();
    while po.data_version().unwrap() == seen {
        assert!(start.elapsed() < std::time::Duration::from_millis(200), "no news within 200 ms");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // Its own changes are not news to it.
    let mut po = po;
    let mine = po.data_version().unwrap();
    add(&mut po, "Third");
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(po.data_version().unwrap(), mine);
}

/// The URL of `board` with `password` in place of the admin's.
fn with_password(board: &Board, password: &str) -> String {
    let url = board.db.to_string_lossy().into_owned();
    url.replace(&common::pg::encode(common::pg::PASSWORD), &common::pg::encode(password))
}

fn assert_no_password(text: &str) {
    for secret in [common::pg::PASSWORD, &common::pg::encode(common::pg::PASSWORD), "hunter2-wrong"] {
        assert!(!text.contains(secret), "a password shows in {text:?}");
    }
}

#[test]
fn the_command_line_works_on_a_server_and_never_prints_the_password() {
    let Some(b) = Board::postgres() else { return };
    let (out, err) = b.ok_both(&["init", "--name", "Team", "--key-prefix", "TB"]);
    assert_no_password(&format!("{out}{err}"));
    assert_eq!(b.ok_both(&["add", "Pay by card", "--points", "3"]).0.trim(), "TB-1");
    let list = b.ok(&["list", "--json"]);
    assert!(list.contains("Pay by card"), "{list}");
    // A refused action names the board without its password.
    let err = b.fail(&["move", "TB-1", "--sprint", "Nope"]);
    assert_no_password(&err);
    let err = b.fail(&["init", "--name", "Other"]);
    assert!(err.contains("already holds a board with 1 story"), "{err}");
    assert_no_password(&err);
    let export = b.ok(&["export", "--format", "json"]);
    assert_no_password(&export);
    assert_no_password(&b.ok(&["history"]));
    // A wrong password: one sentence, without either password.
    let wrong = with_password(&b, "hunter2-wrong");
    let o = b.cmd().env("SPRINTBOARD_DB", &wrong).args(["list"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    common::assert_one_sentence(&err);
    assert!(err.contains("refused the password"), "{err}");
    assert_no_password(&err);
    // The password from PGPASSWORD or ~/.pgpass when the URL has none.
    let bare = with_password(&b, "").replace(":@", "@");
    let o =
        b.cmd().env("SPRINTBOARD_DB", &bare).env("PGPASSWORD", common::pg::PASSWORD).args(["list"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pgpass = b.path("pgpass");
    let port = b.db.to_string_lossy().rsplit(':').next().unwrap().split('/').next().unwrap().to_string();
    let escaped = common::pg::PASSWORD.replace('\\', "\\\\").replace(':', "\\:");
    std::fs::write(&pgpass, format!("127.0.0.1:{port}:*:{}:{escaped}\n", common::pg::USER)).unwrap();
    let o = b
        .cmd()
        .env("SPRINTBOARD_DB", &bare)
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", &pgpass)
        .args(["list"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = b
        .cmd()
        .env("SPRINTBOARD_DB", &bare)
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", b.path("none"))
        .args(["list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    common::assert_one_sentence(&err);
}

#[test]
fn an_unreachable_server_and_a_missing_database_are_said_in_one_sentence() {
    let Some(b) = Board::postgres() else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for (url, words) in [
        (
            format!("postgres://{}:{}@127.0.0.1:{port}/x", common::pg::USER, common::pg::encode(common::pg::PASSWORD)),
            "unreachable",
        ),
        (b.db.to_string_lossy().rsplit_once('/').map(|(a, _)| format!("{a}/no_such_db")).unwrap(), "does not exist"),
    ] {
        let o = b.cmd().env("SPRINTBOARD_DB", &url).args(["list"]).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        common::assert_one_sentence(&err);
        assert!(err.contains(words), "{err}");
        assert_no_password(&err);
    }
}

#[test]
fn a_database_of_another_application_and_a_newer_board_are_refused_untouched() {
    let Some(spot) = Spot::postgres() else { return };
    let other = spot.board("other");
    common::exec(
        &other,
        "CREATE TABLE invoices (id int PRIMARY KEY, total numeric); INSERT INTO invoices VALUES (1, 9.5)",
    );
    let err = Store::open(&other).err().expect("refused").to_string();
    assert!(err.contains("another application") && err.contains("left untouched"), "{err}");
    assert_no_password(&err);
    assert_eq!(common::scalar(&other, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 1);
    let newer = spot.board("newer");
    drop(open_as(&newer, "po"));
    common::exec(&newer, "UPDATE sprintboard_schema SET version = 99");
    let err = Store::open(&newer).err().expect("refused").to_string();
    assert!(err.contains("newer sprintboard (schema version 99"), "{err}");
    assert_eq!(common::scalar(&newer, "SELECT version FROM sprintboard_schema"), 99);
}

#[test]
fn quotes_sql_and_odd_unicode_round_trip_as_text() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut s = open_as(&url, "o'brien\"; DROP TABLE history; --");
    let titles = [
        "it's a \"quoted\" title",
        "'; DROP TABLE story; --",
        "Robert'); DELETE FROM board WHERE ('1'='1",
        "emoji 🚀 wide 漢字 rtl שלום \u{200f}mark",
        "back\\slash %percent _underscore $1 ?1 :name",
        "control \u{1}\u{7}\u{1b}[31m bytes",
    ];
    for t in titles {
        add(&mut s, t);
    }
    drop(s);
    let s = open_as(&url, "x");
    let got: Vec<String> =
        s.cards_after(Place::Backlog, None, 100, &Default::default()).unwrap().into_iter().map(|c| c.title).collect();
    assert_eq!(got, titles);
    assert_eq!(s.history(10).unwrap()[0].author, "o'brien\"; DROP TABLE history; --");
    // The filter binds its pattern too.
    let filter = sprintboard::store::Filter { text: "'; DROP".into() };
    let found = s.cards_after(Place::Backlog, None, 100, &filter).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(common::scalar(&url, "SELECT count(*) FROM story"), titles.len() as i64);
}

/// Makes a login role for board `b` (its name starts with `name`; one
/// per board, as roles are the cluster's) with `password` and `grants`
/// (`{role}` stands for it), and gives the board's URL as that role.
fn role_on(b: &Board, name: &str, password: &str, grants: &str) -> String {
    let db = b.db.to_string_lossy().rsplit('/').next().unwrap().to_string();
    let role = format!("{name}_{db}");
    common::exec(
        &b.db,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT USAGE ON SCHEMA public TO {role}; {}",
            grants.replace("{role}", &role)
        ),
    );
    b.db.to_string_lossy().replace(
        &format!("{}:{}@", common::pg::USER, common::pg::encode(common::pg::PASSWORD)),
        &format!("{role}:{}@", common::pg::encode(password)),
    )
}

/// How many of the board's functions named `name` are written in `language`.
fn functions_in(board: &std::path::Path, name: &str, language: &str) -> i64 {
    common::scalar(
        board,
        &format!(
            "SELECT count(*) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang \
             WHERE p.proname = '{name}' AND l.lanname = '{language}'"
        ),
    )
}

#[test]
fn the_tally_function_is_refined_by_its_owner_and_a_teammate_works_with_either() {
    let Some(b) = Board::postgres() else { return };
    b.ok(&["init", "--name", "Team"]);
    assert_eq!(functions_in(&b.db, "sprintboard_tally", "plpgsql"), 1, "a new board is refined at once");
    let version = common::scalar(&b.db, "SELECT version FROM sprintboard_schema");
    // A board as schema 3 made it, with a teammate who may write but owns
    // no function: the teammate opens it as it is and keeps tallies right.
    let sql_tally = include_str!("../src/store/postgres/schema_3.sql");
    let start = sql_tally.find("CREATE FUNCTION sprintboard_tally").unwrap();
    let end = start + sql_tally[start..].find("$$;").unwrap() + 3;
    common::exec(&b.db, &sql_tally[start..end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"));
    assert_eq!(functions_in(&b.db, "sprintboard_tally", "sql"), 1);
    let url = role_on(
        &b,
        "dev",
        "dev pw",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; \
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    );
    let mut dev = open_as(std::path::Path::new(&url), "dev");
    assert!(!dev.is_read_only());
    add(&mut dev, "Pay by card");
    drop(dev);
    assert_eq!(functions_in(&b.db, "sprintboard_tally", "sql"), 1, "a teammate leaves the function as it is");
    // Its owner's next open refines it; the tallies stay right across both.
    let mut owner = open_as(&b.db, "po");
    assert_eq!(functions_in(&b.db, "sprintboard_tally", "plpgsql"), 1);
    add(&mut owner, "Refund");
    let id = owner.story_by_key("SB-1").unwrap().unwrap().id;
    ops::estimate(&mut owner, id, Some(Points::whole(5))).unwrap();
    let backlog = owner.tally(Place::Backlog).unwrap();
    assert_eq!((backlog.stories, backlog.points), (2, Points::whole(8)));
    assert_eq!(common::scalar(&b.db, "SELECT version FROM sprintboard_schema"), version, "no new schema version");
}

#[test]
fn a_role_that_can_only_read_opens_the_board_read_only_with_a_notice() {
    let Some(b) = Board::postgres() else { return };
    b.ok(&["init", "--name", "Team"]);
    b.ok_both(&["add", "Pay by card"]);
    let url = role_on(&b, "reader", "read-only pw", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
    let store = Store::open(std::path::Path::new(&url)).unwrap();
    assert!(store.is_read_only());
    let notice = store.notice().unwrap();
    assert!(notice.contains("read-only") && !notice.contains("read-only pw"), "{notice}");
    drop(store);
    let o = b.cmd().env("SPRINTBOARD_DB", &url).args(["list"]).output().unwrap();
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("Pay by card"));
    let o = b.cmd().env("SPRINTBOARD_DB", &url).args(["add", "More"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    common::assert_one_sentence(&err);
    assert!(err.contains("read-only") && err.contains("nothing was changed"), "{err}");
    assert!(!err.contains("read-only pw") && !err.contains("read-only%20pw"), "{err}");
    assert_eq!(common::scalar(&b.db, "SELECT count(*) FROM story"), 1);
}

#[test]
fn copy_moves_a_board_with_its_history_to_a_server_and_back() {
    let Some(b) = Board::postgres() else { return };
    let file = Board::new();
    file.ok(&["init", "--name", "Meal planner", "--key-prefix", "MP"]);
    for (title, pts) in [("Save favourite meals", "5"), ("Shopping list 🛒", "0.5"), ("It's \"quoted\"", "3")] {
        file.ok_both(&["--user", "po", "add", title, "--points", pts]);
    }
    file.ok(&["--user", "po", "sprint", "new", "Sprint 1", "--goal", "Plan a week"]);
    file.ok(&["--user", "po", "move", "MP-1", "--sprint", "Sprint 1"]);
    file.ok(&["--user", "po", "sprint", "start", "Sprint 1"]);
    file.ok(&["--user", "maya", "set", "MP-1", "--status", "done"]);
    file.ok(&["--user", "maya", "set", "MP-3", "--points", "8"]);
    file.ok(&["--user", "maya", "undo"]);
    let export = file.ok(&["export"]);
    let history = file.ok(&["history", "--json"]);
    let url = b.db.to_string_lossy().into_owned();
    let said = file.ok(&["copy", "--to", &url]);
    assert!(said.starts_with("Copied \"Meal planner\" (3 stories, "), "{said}");
    assert_no_password(&said);
    // The server's board is the same board, history and all.
    assert_eq!(b.ok(&["export"]), export);
    assert_eq!(b.ok(&["history", "--json"]), history);
    assert_eq!(
        common::scalar(&b.db, "SELECT sum(stories)::bigint FROM tally WHERE scope = 'place'"),
        3,
        "the tallies were kept by the server's triggers"
    );
    // Undo and redo go on from where the file was, per author.
    assert!(b.ok(&["--user", "maya", "redo"]).starts_with("Redid: "), "maya's undone estimate is hers to redo");
    assert!(b.ok(&["--user", "po", "undo"]).starts_with("Undid: "));
    assert_eq!(b.ok_both(&["add", "New on the server"]).0.trim(), "MP-4", "keys go on after the copied ones");
    // A board that holds something is not a target.
    let err = b.fail(&["copy", "--to", &url]);
    assert!(err.contains("already holds a board"), "{err}");
    let err = file.fail(&["copy", "--to", &url]);
    assert!(err.contains("already holds a board"), "{err}");
    assert_no_password(&err);
    // And back to a file.
    let back = b.path("back.db");
    b.ok(&["copy", "--to", back.to_str().unwrap()]);
    assert_eq!(b.ok(&["export", "--db", back.to_str().unwrap()]), b.ok(&["export"]));
    assert_eq!(b.ok(&["history", "--json", "--db", back.to_str().unwrap()]), b.ok(&["history", "--json"]));
}

/// Round trips per keyboard action, counted by the store's connection
/// (every pipeline sent and answered, and each prepare): SPEC §8 asks for
/// at most two. Each takes two: `BEGIN` with the lock and everything the
/// action reads, then its writes, its history and `COMMIT` (with what its
/// message reads after it: an undo's says the board after it).
#[test]
fn round_trips_per_action_are_counted_and_bounded() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut s = open_as(&url, "po");
    for t in ["A", "B", "C", "D"] {
        add(&mut s, t);
    }
    let settings = Settings::default();
    let (sprint, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let id = |s: &Store, key: &str| s.story_by_key(key).unwrap().unwrap().id;
    // Warm: each statement is prepared once per connection.
    let (a, b) = (id(&s, "SB-1"), id(&s, "SB-2"));
    ops::move_story(&mut s, a, Place::Sprint(sprint), Position::Bottom).unwrap();
    ops::estimate(&mut s, b, Some(Points::whole(8))).unwrap();
    ops::set_status(&mut s, b, Status::Doing).unwrap();
    let d = id(&s, "SB-4");
    ops::shift_story(&mut s, d, Step::Up, None).unwrap();
    ops::undo(&mut s, Whose::Mine).unwrap();
    let mut counts = Vec::new();
    let mut count = |s: &mut Store, what: &str, f: &dyn Fn(&mut Store)| {
        let before = s.round_trips().unwrap();
        f(s);
        counts.push((what.to_string(), s.round_trips().unwrap() - before));
    };
    let c = id(&s, "SB-3");
    count(&mut s, "move", &|s| drop(ops::move_story(s, c, Place::Sprint(sprint), Position::Bottom).unwrap()));
    count(&mut s, "estimate", &|s| drop(ops::estimate(s, c, Some(Points::whole(5))).unwrap()));
    count(&mut s, "status", &|s| drop(ops::set_status(s, c, Status::Doing).unwrap()));
    count(&mut s, "shift", &|s| drop(ops::shift_story(s, c, Step::Up, None).unwrap()));
    count(&mut s, "undo", &|s| drop(ops::undo(s, Whose::Mine).unwrap()));
    eprintln!("round trips per action: {counts:?}");
    let bounds = [("move", 2), ("estimate", 2), ("status", 2), ("shift", 2), ("undo", 2)];
    for ((what, n), (_, most)) in counts.iter().zip(bounds) {
        assert!(*n <= most, "{what} took {n} round trips, more than {most}");
    }
    // And they did what they say.
    let now = s.story_by_key("SB-3").unwrap().unwrap();
    assert_eq!(
        (now.place, now.fields.points, now.fields.status),
        (Place::Sprint(sprint), Some(Points::whole(5)), Status::Doing)
    );
    let order: Vec<String> = s.cards_in(Place::Sprint(sprint)).unwrap().into_iter().map(|c| c.key).collect();
    assert_eq!(order, ["SB-1", "SB-3"], "the undo took the step up back");
}

/// The other actions a key (or a form's Enter) makes, counted the same way
/// after a warm-up: each is one transaction, most in the two round trips
/// of the hot ones above; the bounds hold each to what it takes now.
#[test]
fn round_trips_of_the_other_actions_are_counted() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut s = open_as(&url, "po");
    let settings = Settings::default();
    let epic_row = |t: &str| EpicFields { title: t.into(), ..Default::default() };
    let mut counter = Counter::default();
    for round in 0..2 {
        counter.round = round;
        let mut count = |what, s: &mut Store, f: &mut dyn FnMut(&mut Store)| counter.count(what, s, f);
        let mut key = String::new();
        count("add story", &mut s, &mut |s| key = add(s, "Pay by card"));
        let id = s.story_by_key(&key).unwrap().unwrap().id;
        let mut epic = None;
        count("add epic", &mut s, &mut |s| epic = Some(ops::add_epic(s, epic_row("Checkout")).unwrap().0));
        count("set epic", &mut s, &mut |s| drop(ops::set_epic(s, id, epic).unwrap()));
        let mut sprint = None;
        count("new sprint", &mut s, &mut |s| {
            sprint = Some(ops::new_sprint(s, &settings, Default::default()).unwrap().0)
        });
        let sprint = sprint.unwrap();
        ops::move_story(&mut s, id, Place::Sprint(sprint), Position::Bottom).unwrap();
        count("start sprint", &mut s, &mut |s| drop(ops::start_sprint(s, &settings, sprint).unwrap()));
        count("close sprint", &mut s, &mut |s| {
            drop(ops::close_sprint(s, &settings, sprint, Unfinished::Backlog).unwrap())
        });
        // A close that carries its unfinished stories on: into the next
        // planned sprint, and into one it makes.
        for (what, to) in [("close into next sprint", Unfinished::Next), ("close into a new sprint", Unfinished::New)] {
            let (sprint, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
            ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
            ops::move_story(&mut s, id, Place::Sprint(sprint), Position::Bottom).unwrap();
            ops::start_sprint(&mut s, &settings, sprint).unwrap();
            count(what, &mut s, &mut |s| drop(ops::close_sprint(s, &settings, sprint, to).unwrap()));
        }
        count("delete story", &mut s, &mut |s| drop(ops::delete_story(s, id).unwrap()));
        count("undo", &mut s, &mut |s| drop(ops::undo(s, Whose::Mine).unwrap()));
        count("redo", &mut s, &mut |s| drop(ops::redo(s, Whose::Mine).unwrap()));
    }
    let counts = counter.counts;
    eprintln!("round trips per action: {counts:?}");
    // Each is one transaction: one round trip for what it reads (named up
    // front), one for its writes and COMMIT. An add learns its key with
    // its reads and the new row's id after COMMIT; a start and a close
    // work out the sprint's new image and the velocity they report from
    // what they read before writing. None grows with the sprint.
    let bounds = [
        ("add story", 2),
        ("add epic", 2),
        ("set epic", 2),
        ("new sprint", 2),
        ("start sprint", 2),
        ("close sprint", 2),
        ("close into next sprint", 2),
        // The new sprint's defaults read what the close just wrote (its
        // velocity): a round trip with the close's writes, one more than
        // SPEC §8's two.
        ("close into a new sprint", 3),
        ("delete story", 2),
        ("undo", 2),
        ("redo", 2),
    ];
    for ((what, n), (_, most)) in counts.iter().zip(bounds) {
        assert!(*n <= most, "{what} took {n} round trips, more than {most}");
    }
}

/// The writes that go without waiting for an answer record images worked
/// out on the client (a sprint's start and close) or found again by a
/// unique column (an add): each entry's after images are the rows as the
/// server holds them, and undo and redo bring them back.
#[test]
fn images_written_without_an_answer_are_the_rows_as_the_server_wrote_them() {
    let Some(spot) = Spot::postgres() else { return };
    let url = spot.board("b");
    let mut s = open_as(&url, "po");
    let settings = Settings::default();
    // Rows of the newest entry whose after image says other than the row.
    let mismatches = |url: &std::path::Path| {
        common::scalar(
            url,
            "SELECT count(*) FROM history_row h JOIN (\
               SELECT 'story' AS tbl, id, to_jsonb(t) - 'version' AS now FROM story t \
               UNION ALL SELECT 'epic', id, to_jsonb(t) - 'version' FROM epic t \
               UNION ALL SELECT 'sprint', id, to_jsonb(t) - 'version' FROM sprint t \
               UNION ALL SELECT 'velocity', id, to_jsonb(t) FROM velocity t \
               UNION ALL SELECT 'commitment', id, to_jsonb(t) FROM commitment t \
               UNION ALL SELECT 'risk', id, to_jsonb(t) - 'version' FROM risk t \
               UNION ALL SELECT 'member', id, to_jsonb(t) - 'version' FROM member t \
               UNION ALL SELECT 'day_off', id, to_jsonb(t) - 'version' FROM day_off t \
               UNION ALL SELECT 'expense', id, to_jsonb(t) - 'version' FROM expense t) r \
             ON r.tbl = h.tbl AND r.id = h.row_id \
             WHERE h.seq = (SELECT max(seq) FROM history WHERE undone = 0) AND h.after IS NOT NULL \
               AND NOT r.now @> h.after::jsonb",
        )
    };
    let entry_rows = |url: &std::path::Path| {
        common::scalar(
            url,
            "SELECT count(*) FROM history_row WHERE seq = (SELECT max(seq) FROM history WHERE undone = 0)",
        )
    };
    let key = add(&mut s, "Pay by card");
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "add story");
    let id = s.story_by_key(&key).unwrap().unwrap().id;
    let (epic, _) = ops::add_epic(&mut s, EpicFields { title: "Checkout".into(), ..Default::default() }).unwrap();
    assert_eq!(s.epic(epic).unwrap().unwrap().fields.title, "Checkout");
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "add epic");
    ops::shift_quarter(&mut s, epic, Step::Down).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "epic's quarter");
    let (other, _) = ops::add_epic(&mut s, EpicFields { title: "Search".into(), ..Default::default() }).unwrap();
    ops::shift_quarter(&mut s, other, Step::Down).unwrap();
    ops::shift_epic(&mut s, other, Step::Up).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (2, 0), "two epics swap ranks");
    let risk = open_risk("Payment provider late", Some(epic));
    let (risk, _) = ops::add_risk(&mut s, risk).unwrap();
    ops::advance_risk(&mut s, risk, None).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "risk's status");
    ops::add_member(&mut s, &settings, member_named("Ana")).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "a member");
    let (sprint, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    assert_eq!(s.sprint(sprint).unwrap().unwrap().fields.state, SprintState::Planned);
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "new sprint");
    ops::move_story(&mut s, id, Place::Sprint(sprint), Position::Bottom).unwrap();
    ops::start_sprint(&mut s, &settings, sprint).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (2, 0), "start: the sprint and one commitment");
    ops::close_sprint(&mut s, &settings, sprint, Unfinished::Backlog).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (3, 0), "close: velocity, sprint, the story back");
    let closed_at =
        |url: &std::path::Path| common::scalar(url, "SELECT count(*) FROM sprint WHERE closed_at IS NOT NULL");
    assert_eq!(closed_at(&url), 1);
    // Undo takes the close and the start back to a planned sprint, and
    // redo writes them again as they were.
    ops::undo(&mut s, Whose::Mine).unwrap();
    ops::undo(&mut s, Whose::Mine).unwrap();
    let planned = s.sprint(sprint).unwrap().unwrap();
    assert_eq!((planned.fields.state, planned.fields.committed), (SprintState::Planned, None));
    assert_eq!(
        common::scalar(&url, "SELECT count(*) FROM sprint WHERE started_at IS NOT NULL OR closed_at IS NOT NULL"),
        0
    );
    assert_eq!(common::scalar(&url, "SELECT count(*) FROM velocity"), 0);
    ops::redo(&mut s, Whose::Mine).unwrap();
    ops::redo(&mut s, Whose::Mine).unwrap();
    assert_eq!(s.sprint(sprint).unwrap().unwrap().fields.state, SprintState::Closed);
    assert_eq!(closed_at(&url), 1);
    assert_eq!(s.story(id).unwrap().unwrap().place, Place::Backlog);
    // Rows numbered before they are written (the form's message names the
    // number), a close into the next sprint, and an epic's delete, which
    // clears what named it from what it read.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 12).unwrap();
    let (day_off, done) = ops::add_day_off(&mut s, ops::Whom::Member("Ana".into()), day, None, 50).unwrap();
    assert!(done.message.contains(&format!("#{}", day_off.0)), "{}", done.message);
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "a day off");
    let spent = ops::ExpenseDraft {
        amount: "120".into(),
        category: "licences".into(),
        epic: Some(s.epic(epic).unwrap().unwrap().key),
        ..Default::default()
    };
    let done = ops::add_expense(&mut s, &settings, spent).unwrap();
    let expense = common::scalar(&url, "SELECT max(id) FROM expense");
    assert!(done.message.starts_with(&format!("Expense #{expense}:")), "{}", done.message);
    assert_eq!((entry_rows(&url), mismatches(&url)), (1, 0), "an expense");
    let (next, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let (after, _) = ops::new_sprint(&mut s, &settings, Default::default()).unwrap();
    let refund = add(&mut s, "Refund");
    let waiting = s.story_by_key(&refund).unwrap().unwrap().id;
    ops::move_story(&mut s, waiting, Place::Sprint(after), Position::Bottom).unwrap();
    ops::move_story(&mut s, id, Place::Sprint(next), Position::Bottom).unwrap();
    ops::start_sprint(&mut s, &settings, next).unwrap();
    ops::close_sprint(&mut s, &settings, next, Unfinished::Next).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (3, 0), "close into the next sprint");
    let carried = s.cards_in(Place::Sprint(after)).unwrap();
    assert_eq!(carried.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id, waiting], "carried on top of what waited");
    ops::set_epic(&mut s, id, Some(epic)).unwrap();
    ops::delete_epic(&mut s, epic).unwrap();
    assert_eq!((entry_rows(&url), mismatches(&url)), (4, 0), "delete epic: story, risk, expense, epic");
    assert_eq!(common::scalar(&url, "SELECT count(*) FROM story WHERE epic_id IS NOT NULL"), 0);
    ops::undo(&mut s, Whose::Mine).unwrap();
    assert_eq!(s.story(id).unwrap().unwrap().fields.epic, Some(epic), "undo gives the story its epic back");
    assert_eq!(common::scalar(&url, &format!("SELECT count(*) FROM expense WHERE epic_id = {}", epic.0)), 1);
    ops::start_sprint(&mut s, &settings, after).unwrap();
    ops::set_status(&mut s, waiting, Status::Done).unwrap();
    ops::close_sprint(&mut s, &settings, after, Unfinished::New).unwrap();
    assert_eq!(
        (entry_rows(&url), mismatches(&url)),
        (4, 0),
        "close into a new sprint: velocity, two sprints, the story"
    );
    let made = s.open_sprints().unwrap().into_iter().last().unwrap();
    assert_eq!(s.cards_in(Place::Sprint(made.id)).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
    ops::undo(&mut s, Whose::Mine).unwrap();
    assert_eq!(s.sprint(made.id).unwrap(), None, "undo takes the new sprint away");
    assert_eq!(s.story(id).unwrap().unwrap().place, Place::Sprint(after));
}

/// What the forms' actions cost (edit, add and delete of epics, risks,
/// sprints and the team): each is one transaction, bounded whatever the
/// board's size.
#[test]
fn round_trips_of_the_forms_are_counted() {
    let Some(spot) = Spot::postgres() else { return };
    let (_url, mut s, sprint) = planned_board(&spot, 3);
    let settings = Settings::default();
    let (epic, _) = ops::add_epic(&mut s, EpicFields { title: "Checkout".into(), ..Default::default() }).unwrap();
    let story = s.story_by_key("SB-1").unwrap().unwrap();
    let mut counter = Counter::default();
    // Counted on the last round: the first prepares each form's
    // statements, the second a budget's update (the first inserts it).
    for round in 0..3 {
        counter.round = usize::from(round == 2);
        let mut count = |what, s: &mut Store, f: &mut dyn FnMut(&mut Store)| counter.count(what, s, f);
        let title = format!("Pay by card, round {round}");
        count("edit story", &mut s, &mut |s| {
            drop(ops::edit_story(s, story.id, StoryFields { title: title.clone(), ..story.fields.clone() }).unwrap())
        });
        count("edit epic", &mut s, &mut |s| {
            drop(ops::edit_epic(s, epic, EpicFields { title: title.clone(), ..Default::default() }).unwrap())
        });
        let row = s.sprint(sprint).unwrap().unwrap().fields;
        count("edit sprint", &mut s, &mut |s| {
            drop(ops::edit_sprint(s, sprint, SprintFields { goal: title.clone(), ..row.clone() }).unwrap())
        });
        let mut risk = None;
        count("add risk", &mut s, &mut |s| risk = Some(ops::add_risk(s, open_risk(&title, Some(epic))).unwrap().0));
        let risk = risk.unwrap();
        count("edit risk", &mut s, &mut |s| {
            drop(ops::edit_risk(s, risk, RiskFields { impact: 5, ..open_risk(&title, None) }).unwrap())
        });
        count("delete risk", &mut s, &mut |s| drop(ops::delete_risk(s, risk).unwrap()));
        let member = member_named(&format!("Ana {round}"));
        count("add member", &mut s, &mut |s| drop(ops::add_member(s, &settings, member.clone()).unwrap()));
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 10 + round as u32).unwrap();
        count("add day off", &mut s, &mut |s| {
            drop(ops::add_day_off(s, ops::Whom::Member(member.name.clone()), day, None, 100).unwrap())
        });
        count("set budget", &mut s, &mut |s| {
            drop(
                ops::set_budget(s, &settings, ops::BudgetTarget::Board, &format!("{}000", round + 5), None, None)
                    .unwrap(),
            )
        });
        let spent = ops::ExpenseDraft {
            amount: "120".into(),
            category: "licences".into(),
            epic: Some(s.epic(epic).unwrap().unwrap().key),
            ..Default::default()
        };
        count("add expense", &mut s, &mut |s| drop(ops::add_expense(s, &settings, spent.clone()).unwrap()));
        let (doomed, _) = ops::add_epic(&mut s, EpicFields { title: title.clone(), ..Default::default() }).unwrap();
        count("delete epic", &mut s, &mut |s| drop(ops::delete_epic(s, doomed).unwrap()));
    }
    let counts = counter.counts;
    eprintln!("round trips per form: {counts:?}");
    for (what, n) in &counts {
        // Setting a budget still reads the scope's budget, its row, and
        // the row it wrote, each in a round trip of its own: not yet within
        // SPEC §8's two (the note says so).
        let most = if *what == "set budget" { 5 } else { 2 };
        assert!(*n <= most, "{what} took {n} round trips, more than {most}");
    }
}

/// Round trips per action, counted on the second round (the first
/// prepares each action's statements).
#[derive(Default)]
struct Counter {
    round: usize,
    counts: Vec<(&'static str, u64)>,
}

impl Counter {
    fn count(&mut self, what: &'static str, s: &mut Store, f: &mut dyn FnMut(&mut Store)) {
        let before = s.round_trips().unwrap();
        f(s);
        if self.round == 1 {
            self.counts.push((what, s.round_trips().unwrap() - before));
        }
    }
}

/// A developer on the team full time, without a day rate.
fn member_named(name: &str) -> MemberFields {
    MemberFields {
        name: name.into(),
        role: "dev".into(),
        hours: 8,
        availability: 100,
        day_rate: None,
        active_from: None,
        active_to: None,
    }
}

/// An open risk of level 12, threatening `epic`.
fn open_risk(title: &str, epic: Option<EpicId>) -> RiskFields {
    RiskFields {
        title: title.into(),
        description: String::new(),
        probability: 3,
        impact: 4,
        response: String::new(),
        owner: String::new(),
        status: RiskStatus::Open,
        epic,
    }
}

/// Presses `c` on the screen and says how many round trips it took; the
/// key must not end in an error.
fn press_counting(app: &mut sprintboard::tui::app::App, c: char) -> u64 {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let before = app.store.round_trips().unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    assert!(!app.message.error, "{c}: {}", app.message.text);
    app.store.round_trips().unwrap() - before
}

/// A board on the cluster with a planned sprint and `stories` stories
/// ("Story 0"…) in the backlog, opened as the product owner.
fn planned_board(spot: &Spot, stories: usize) -> (std::path::PathBuf, Store, SprintId) {
    let url = spot.board("b");
    let mut s = open_as(&url, "po");
    let (sprint, _) = ops::new_sprint(&mut s, &Settings::default(), Default::default()).unwrap();
    for i in 0..stories {
        add(&mut s, &format!("Story {i}"));
    }
    (url, s, sprint)
}

/// What a 120×40 screen shows above its details strip and message line
/// (the focus marker blanked): the columns, which two screens of the same
/// board show alike whatever each has focused.
fn columns_shown(app: &sprintboard::tui::app::App) -> String {
    let text = common::screen(app, 120, 40);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let strip = sprintboard::tui::layout::details_height(40) as usize;
    lines[..lines.len() - 2 - strip].join("\n").replace('▶', " ")
}

/// A key on the screen is one action and the reload that shows it: the
/// action's two round trips, the second carrying the reload's reads (sent
/// after COMMIT, so they see it), and nothing more. What the screen then
/// shows is what a screen opened afresh shows.
#[test]
fn a_key_on_the_screen_costs_two_round_trips_with_its_reload() {
    let Some(spot) = Spot::postgres() else { return };
    let (url, s, _) = planned_board(&spot, 6);
    let mut app = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    let press = press_counting;
    // The first of each kind teaches the screen what its reload reads,
    // and prepares its statements (an undo's restore is prepared per
    // change it undoes: here, an estimate's).
    for c in ['+', 'J', 'K', '-', 'u'] {
        press(&mut app, c);
    }
    let mut counts = Vec::new();
    for c in ['+', '+', 'J', 'K', '-', 'u'] {
        counts.push((c, press(&mut app, c)));
    }
    eprintln!("round trips per key, reload included: {counts:?}");
    // A drag up or down re-ranks the focused card: the column's window is
    // read by the story, not its rank, so the reload reads what the last
    // one did and goes with the action's COMMIT, as for the others.
    for (c, n) in &counts {
        assert!(*n <= 2, "{c} took {n} round trips with its reload, more than 2");
    }
    let fresh = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    let focused = |app: &sprintboard::tui::app::App| app.focused_card().map(|c| (c.key.clone(), c.points, c.version));
    let now = s.story_by_key(&app.focused_card().unwrap().key).unwrap().unwrap();
    assert_eq!(focused(&app).unwrap().1, now.fields.points, "the screen shows the story as it is");
    assert_eq!(app.focused_card().unwrap().version, now.version);
    // The columns as a screen opened now shows them (the focus aside, and
    // with it the details strip: the undo focused the story it restored).
    assert!(focused(&fresh).is_some());
    assert_eq!(columns_shown(&app), columns_shown(&fresh));
}

/// After its own action a screen reads again only what the action wrote
/// (the stories and their tallies, for an estimate) and keeps the rest of
/// what its last reload read. What another user changed meanwhile is read
/// again all the same, even when their news had not been taken in yet:
/// the screen never shows less than a screen opened afresh.
#[test]
fn a_screen_keeps_what_its_action_did_not_write_but_never_what_another_user_changed() {
    let Some(spot) = Spot::postgres() else { return };
    let (url, mut s, sprint) = planned_board(&spot, 6);
    let mut app = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    for c in ['+', '-', '+'] {
        press_counting(&mut app, c);
    }
    let watcher = open_as(&url, "watcher");
    let seen = watcher.data_version().unwrap();
    let mut row = s.sprint(sprint).unwrap().unwrap().fields;
    row.name = "Checkout sprint".into();
    ops::edit_sprint(&mut s, sprint, row).unwrap();
    let start = std::time::Instant::now();
    while watcher.data_version().unwrap() == seen {
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "no news of the rename");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    // The screen has not polled: the news waits on its connection.
    assert!(press_counting(&mut app, '-') <= 2);
    assert!(columns_shown(&app).contains("Checkout sprint"), "{}", columns_shown(&app));
    let fresh = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    assert_eq!(columns_shown(&app), columns_shown(&fresh));
    // Its own estimates keep the sprint's list and read the stories again.
    for c in ['+', '+', '-'] {
        assert!(press_counting(&mut app, c) <= 2);
        let fresh = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
        assert_eq!(columns_shown(&app), columns_shown(&fresh), "after {c}");
    }
}

/// The keys that act on the Sprint, Roadmap and Risks screens cost what
/// the Plan screen's do: the action and the screen's reload in two round
/// trips (once each kind of key has been pressed, which prepares its
/// statements and teaches the screen its reload).
#[test]
fn keys_on_the_other_screens_cost_two_round_trips_with_their_reload() {
    let Some(spot) = Spot::postgres() else { return };
    let (url, mut s, sprint) = planned_board(&spot, 6);
    let settings = Settings::default();
    for i in 0..4 {
        let id = s.story_by_key(&format!("SB-{}", i + 1)).unwrap().unwrap().id;
        ops::move_story(&mut s, id, Place::Sprint(sprint), Position::Bottom).unwrap();
    }
    ops::start_sprint(&mut s, &settings, sprint).unwrap();
    for t in ["Checkout", "Search"] {
        ops::add_epic(
            &mut s,
            EpicFields { title: t.into(), quarter: Some("2027-Q1".parse().unwrap()), ..Default::default() },
        )
        .unwrap();
    }
    let risk = open_risk("Payment provider late", None);
    ops::add_risk(&mut s, risk).unwrap();
    let mut app = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    let press = press_counting;
    let mut counts = Vec::new();
    // On the Roadmap screen the focus starts on an objective's heading:
    // `j` takes it to the first epic.
    for (screen, keys) in [('2', "LH+-JK u"), ('3', "><JK"), ('5', "  ")] {
        press(&mut app, screen);
        if screen == '3' {
            press(&mut app, 'j');
        }
        for c in keys.chars() {
            press(&mut app, c);
        }
        for c in keys.chars() {
            counts.push((screen, c, press(&mut app, c)));
            if (screen, c) == ('2', 'J') {
                // Said (and kept in the history, which the others' screens
                // show) as a move among the column's cards.
                let said = &app.message.text;
                assert!(said.contains(" moved below SB-") && said.contains(" in Sprint "), "{said}");
            }
        }
    }
    eprintln!("round trips per key, reload included: {counts:?}");
    for (screen, c, n) in &counts {
        assert!(*n <= 2, "screen {screen}: {c:?} took {n} round trips with its reload, more than 2");
    }
}

/// Four users at once, each on a connection of their own, 500 actions each
/// on the same stories, with a screen open: nothing lost, no error, the
/// kept tallies equal to a recount, and the screen shows the end state
/// without a key pressed.
#[test]
fn four_writers_at_once_lose_nothing_and_the_screen_catches_up() {
    let Some(spot) = Spot::postgres() else { return };
    let (url, _, sprint) = planned_board(&spot, 8);
    let mut app = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    let entries_before = common::scalar(&url, "SELECT count(*) FROM history");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut s = open_as(&url, &format!("dev{w}"));
                for i in 0..500i64 {
                    let key = format!("SB-{}", 1 + (i + w) % 8);
                    let id = s.story_by_key(&key).unwrap().unwrap().id;
                    match i % 3 {
                        0 => drop(ops::estimate(&mut s, id, Some(Points::whole(i % 13))).unwrap()),
                        1 => {
                            let to = if i % 2 == 0 { Place::Sprint(sprint) } else { Place::Backlog };
                            drop(ops::move_story(&mut s, id, to, Position::Bottom).unwrap())
                        }
                        _ => drop(
                            ops::set_status(&mut s, id, [Status::Todo, Status::Doing, Status::Done][(i % 3) as usize])
                                .unwrap(),
                        ),
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer failed");
    }
    let entries = common::scalar(&url, "SELECT count(*) FROM history") - entries_before;
    // A change that changes nothing (a story already where it is sent) makes no entry.
    assert!(entries > 1000 && entries <= 2000, "{entries} entries for 2000 actions");
    for (scope, owner) in [("place", "coalesce(sprint_id, 0)"), ("epic", "epic_id")] {
        let off = common::scalar(
            &url,
            &format!(
                "SELECT count(*) FROM (SELECT {owner} AS o, count(*) AS n, coalesce(sum(points), 0) AS p FROM story \
                 WHERE {owner} IS NOT NULL GROUP BY 1) r FULL JOIN (SELECT owner, stories, points FROM tally \
                 WHERE scope = '{scope}' AND stories != 0) t ON t.owner = r.o \
                 WHERE r.n IS DISTINCT FROM t.stories OR r.p IS DISTINCT FROM t.points"
            ),
        );
        assert_eq!(off, 0, "{scope} tallies differ from a recount");
    }
    // The screen catches up by itself.
    let start = std::time::Instant::now();
    while !app.poll_external_changes() {
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // …to what a screen opened now shows (the message line aside, and the
    // focus, which stays on the story the screen had focused — and with it
    // the details strip, which shows the focused story).
    let fresh = sprintboard::tui::app::App::new(open_as(&url, "screen"), &Default::default(), (120, 40)).unwrap();
    assert_eq!(columns_shown(&app), columns_shown(&fresh));
}

#[test]
fn tls_encrypts_with_sslmode_require_and_checks_the_server_with_verify_full() {
    let Some(spot) = Spot::postgres() else { return };
    let cluster = spot.cluster().unwrap();
    let root = cluster.tls_root.clone().expect("openssl made the test server's certificate");
    let url = spot.board("b").to_string_lossy().into_owned();
    let db = url.rsplit('/').next().unwrap().to_string();
    let encrypted = |store: &Store| -> bool {
        drop(store.data_version());
        cluster
            .admin()
            .query_one(
                "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
                 WHERE a.datname = $1 AND a.application_name = 'sprintboard'",
                &[&db],
            )
            .unwrap()
            .get::<_, Option<bool>>(0)
            .unwrap_or(false)
    };
    let mut s = open_as(std::path::Path::new(&format!("{url}?sslmode=require")), "po");
    add(&mut s, "Over TLS");
    assert!(encrypted(&s), "sslmode=require encrypts");
    drop(s);
    let checked = format!("{url}?sslmode=verify-full&sslrootcert={}", root.display());
    let s = open_as(std::path::Path::new(&checked), "po");
    assert!(encrypted(&s));
    assert_eq!(s.cards_in(Place::Backlog).unwrap()[0].title, "Over TLS");
    drop(s);
    // Against the system's roots the test server is a stranger: refused,
    // in one sentence, without the password.
    let err =
        Store::open(std::path::Path::new(&format!("{url}?sslmode=verify-full"))).err().expect("refused").to_string();
    assert!(err.contains("certificate"), "{err}");
    assert_no_password(&err);
    // And a server name the certificate does not name.
    let other = checked.replace("127.0.0.1", "localhost.localdomain");
    assert!(Store::open(std::path::Path::new(&other)).is_err());
}
