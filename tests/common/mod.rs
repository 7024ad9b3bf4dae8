//! Running the real binary against temp files, deterministically: a fixed
//! clock, a board file of the test's own, and no config of the developer's.

#![allow(dead_code)]

pub mod pg;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Where a test keeps its boards: files in a temp folder, or databases on
/// the throwaway PostgreSQL cluster (one fresh database per board name).
pub struct Spot {
    /// A temp folder (files the test writes beside the boards).
    pub dir: tempfile::TempDir,
    postgres: Option<&'static pg::Cluster>,
    dbs: std::cell::RefCell<std::collections::HashMap<String, String>>,
}

impl Spot {
    /// Boards as files.
    pub fn sqlite() -> Spot {
        Spot { dir: tempfile::tempdir().expect("temp dir"), postgres: None, dbs: Default::default() }
    }

    /// Boards on the cluster; `None` when PostgreSQL is not installed here
    /// (said once; a failure where the run requires it).
    pub fn postgres() -> Option<Spot> {
        let cluster = pg::cluster()?;
        Some(Spot { dir: tempfile::tempdir().expect("temp dir"), postgres: Some(cluster), dbs: Default::default() })
    }

    /// The board called `name`: a file in the folder, or the URL of a
    /// database of its own (made on first use).
    pub fn board(&self, name: &str) -> PathBuf {
        match self.postgres {
            None => self.dir.path().join(name),
            Some(c) => {
                let mut dbs = self.dbs.borrow_mut();
                let db = dbs.entry(name.to_string()).or_insert_with(|| c.fresh_db());
                PathBuf::from(c.url(db))
            }
        }
    }

    /// Another spot on the same engine, with boards of its own.
    pub fn fresh(&self) -> Spot {
        Spot { dir: tempfile::tempdir().expect("temp dir"), postgres: self.postgres, dbs: Default::default() }
    }

    /// The cluster, on PostgreSQL.
    pub fn cluster(&self) -> Option<&'static pg::Cluster> {
        self.postgres
    }
}

/// One number from the board at `board` (a file or a URL), read past the
/// store: what a test checks of the data itself.
pub fn scalar(board: &Path, sql: &str) -> i64 {
    let text = board.to_string_lossy();
    if text.starts_with("postgres://") {
        let mut c = postgres::Client::connect(&text, postgres::NoTls).expect("connect");
        c.query_one(sql, &[]).expect("query").get::<_, i64>(0)
    } else {
        rusqlite::Connection::open(board).expect("open").query_row(sql, [], |r| r.get(0)).expect("query")
    }
}

/// Runs a statement on the board at `board` past the store (a test that
/// damages or hand-edits the data).
pub fn exec(board: &Path, sql: &str) {
    let text = board.to_string_lossy();
    if text.starts_with("postgres://") {
        let mut c = postgres::Client::connect(&text, postgres::NoTls).expect("connect");
        c.batch_execute(sql).expect("statement");
    } else {
        rusqlite::Connection::open(board).expect("open").execute_batch(sql).expect("statement");
    }
}

/// Runs each test body once on a file and once on PostgreSQL: the
/// functions keep their names, and `sqlite::name` and `postgres::name`
/// are the tests.
#[macro_export]
macro_rules! on_both_engines {
    ($( $(#[$m:meta])* fn $name:ident($spot:ident: &Spot) $body:block )*) => {
        $( $(#[$m])* fn $name($spot: &$crate::common::Spot) $body )*
        mod sqlite {
            $( #[test] fn $name() { super::$name(&$crate::common::Spot::sqlite()) } )*
        }
        mod postgres {
            $( #[test] fn $name() { if let Some(s) = $crate::common::Spot::postgres() { super::$name(&s) } } )*
        }
    };
}

/// The clock every test runs at.
pub const NOW: &str = "2026-11-02T09:00:00";

/// A temp folder with a board file path in it (not created until used).
pub struct Board {
    /// The folder; removed when the test ends.
    pub dir: tempfile::TempDir,
    /// The board file.
    pub db: PathBuf,
}

impl Board {
    /// A fresh folder; the board file does not exist yet.
    pub fn new() -> Board {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("board.db");
        Board { dir, db }
    }

    /// A fresh board on the PostgreSQL cluster (`db` is its URL); `None`
    /// where PostgreSQL is not installed.
    pub fn postgres() -> Option<Board> {
        let spot = Spot::postgres()?;
        let db = spot.board("board");
        Some(Board { dir: spot.dir, db })
    }

    /// A board on the engine of `spot`.
    pub fn on(spot: &Spot) -> Board {
        match spot.cluster() {
            None => Board::new(),
            Some(c) => Board { dir: tempfile::tempdir().expect("temp dir"), db: PathBuf::from(c.url(&c.fresh_db())) },
        }
    }

    /// A path in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary, with the board file, clock and a missing config set.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sprintboard"));
        c.env("SPRINTBOARD_DB", &self.db)
            .env("SPRINTBOARD_NOW", NOW)
            .env("SPRINTBOARD_CONFIG", self.path("no-config.toml"))
            .env("COLUMNS", "100")
            .current_dir(self.dir.path());
        c
    }

    /// Runs a command that must succeed with nothing on stderr; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (out, err) = self.ok_both(args);
        assert_eq!(err, "", "stderr of {args:?}");
        out
    }

    /// Runs a command that must succeed; its stdout and stderr.
    pub fn ok_both(&self, args: &[&str]) -> (String, String) {
        let o = self.cmd().args(args).output().expect("run");
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert!(o.status.success(), "{args:?} failed ({:?}): {err}", o.status.code());
        (out, err)
    }

    /// Runs a command that must fail with status 1, print nothing on stdout
    /// and exactly one line on stderr; returns that line.
    pub fn fail(&self, args: &[&str]) -> String {
        let o = self.cmd().args(args).output().expect("run");
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert_eq!(o.status.code(), Some(1), "{args:?}: stdout {out:?}, stderr {err:?}");
        assert_eq!(out, "", "{args:?} printed on stdout");
        assert_one_sentence(&err);
        err.trim_end().to_string()
    }

    /// Runs a command that must be a usage error (status 2); its stderr.
    pub fn usage(&self, args: &[&str]) -> String {
        let o = self.cmd().args(args).output().expect("run");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        text(&o.stderr)
    }
}

/// Checks a failure's stderr: one line, our prefix, no Debug output or backtrace.
pub fn assert_one_sentence(err: &str) {
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    assert!(err.starts_with("sprintboard: "), "{err:?}");
    for bad in ["panicked", "backtrace", "Error {", "Some(", "Os {"] {
        assert!(!err.contains(bad), "{err:?}");
    }
}

/// Bytes of a file.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The app's frame at `w`×`h`, drawn into a `TestBackend`, as lines of text.
pub fn screen(app: &sprintboard::tui::app::App, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| {
        sprintboard::tui::views::draw(f, &app.ctx());
    })
    .expect("draw");
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draws a frame as the terminal loop does, so the app records where the
/// cards went (the mouse's hit map).
#[allow(dead_code)]
pub fn draw_for_mouse(app: &mut sprintboard::tui::app::App, w: u16, h: u16) {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| app.draw(f)).expect("draw");
}

/// Types `keys` into the app, one plain character at a time.
#[allow(dead_code)]
pub fn press(app: &mut sprintboard::tui::app::App, keys: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// Presses one key (Enter, Esc, an arrow…) without modifiers.
#[allow(dead_code)]
pub fn key(app: &mut sprintboard::tui::app::App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The app on `store` with the default config at `w`×`h`.
#[allow(dead_code)]
pub fn app(store: sprintboard::store::Store, w: u16, h: u16) -> sprintboard::tui::app::App {
    sprintboard::tui::app::App::new(store, &sprintboard::config::Config::default(), (w, h)).unwrap()
}

/// Makes a board file read-only, its log folded in first (as a user's
/// `chmod a-w` on a closed board leaves it).
#[allow(dead_code)]
pub fn make_read_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = rusqlite::Connection::open(path).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
}

/// Says once per `cargo test` run (cargo is every test binary's parent),
/// past the harness's capture, that the tests of `../shared/datasets` did
/// not run; the first that finds a file missing says it.
pub fn say_shared_missing_once(first: &str) {
    use std::io::Write;
    let marker = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("shared-tests-skipped-{}", std::os::unix::process::parent_id()));
    if std::fs::OpenOptions::new().write(true).create_new(true).open(&marker).is_ok() {
        let _ = writeln!(
            std::io::stderr(),
            "note: the tests of the real files in ../shared/datasets did not run ({first} is not there); \
             clone the project beside its shared folder (CI does, and sets SPRINTBOARD_TEST_NEEDS_SHARED=1)"
        );
    }
}

/// The demo board on `today` (09:00) in `dir/b.db`, with a team of two:
/// Maya at €520 and Omar at €480 a day, so that its sprints are costed.
pub fn demo_with_team(dir: &Path, today: chrono::NaiveDate) -> sprintboard::store::Store {
    use sprintboard::domain::money::Money;
    use sprintboard::domain::*;
    let mut store = sprintboard::store::Store::open(&dir.join("b.db")).unwrap();
    store.set_clock(Some(today.and_hms_opt(9, 0, 0).unwrap()));
    sprintboard::interchange::demo::create(&mut store, today).unwrap();
    for (name, rate) in [("Maya", 520), ("Omar", 480)] {
        let m = MemberFields { name: name.into(), day_rate: Some(Money(rate * 100)), ..MemberFields::default() };
        sprintboard::ops::add_member(&mut store, &Settings::default(), m).unwrap();
    }
    store
}
