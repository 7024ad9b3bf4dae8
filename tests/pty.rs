//! End to end: the real binary in a pseudo-terminal (portable-pty + vt100).
//! Keys go in, the screen is read back, the file is checked afterwards, and
//! so is the terminal: out of the alternate screen, cursor shown, mouse off.

mod common;

use common::Board;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running sprintboard in a pty, its output drained on a thread (a full
/// pty buffer would block the child).
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(board: &Board, cols: u16, rows: u16) -> Session {
        let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sprintboard"));
        cmd.args(["--db", board.db.to_str().unwrap()]);
        cmd.env("SPRINTBOARD_NOW", common::NOW);
        cmd.env("SPRINTBOARD_CONFIG", board.path("no-config.toml"));
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // Keep the master alive as long as the session: leak it into the child's lifetime.
        std::mem::forget(pty.master);
        Session { screen, raw, writer, child }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text` (never a fixed sleep alone).
    fn wait_for(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(15);
        while Instant::now() < until {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("screen never showed {text:?}; it shows:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Quits with `q` and checks the terminal was given back.
    fn quit(mut self) {
        self.send("q");
        let until = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status:?}");
                break;
            }
            assert!(Instant::now() < until, "did not quit");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
        let raw = String::from_utf8_lossy(&self.raw.lock().unwrap()).to_string();
        let left_alt = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
        let entered_alt = raw.rfind("\x1b[?1049h").expect("used the alternate screen");
        assert!(left_alt > entered_alt, "the alternate screen was left last");
        assert!(
            raw[left_alt..].contains("\x1b[?25h") || raw.rfind("\x1b[?25h") > raw.rfind("\x1b[?25l"),
            "cursor shown again"
        );
        assert!(raw.contains("\x1b[?1000l"), "mouse capture turned off");
        assert!(!self.screen.lock().unwrap().screen().alternate_screen());
    }
}

fn small_board() -> Board {
    let b = Board::new();
    b.ok(&["init", "--name", "Meal planner", "--key-prefix", "MP"]);
    for (title, pts) in [("Save favourite meals", "5"), ("Shopping list", "3"), ("Share a plan", "2")] {
        b.cmd().args(["add", title, "--points", pts]).assert().success();
    }
    b.cmd().args(["sprint", "new", "Sprint 1", "--capacity", "10"]).assert().success();
    b
}

#[test]
fn drag_a_story_with_l_then_quit_leaves_the_file_changed_and_the_terminal_restored() {
    let board = small_board();
    let mut s = Session::start(&board, 100, 30);
    s.wait_for("▶○▪ MP-1 Save favourite meals");
    s.send("L");
    s.wait_for("MP-1 \"Save favourite meals\" (5 pts) → Sprint 1 · 5/10 pts");
    s.quit();
    let listed = board.ok(&["list", "--sprint", "Sprint 1"]);
    assert!(listed.contains("MP-1"), "{listed}");
}

#[test]
fn c_closes_the_active_sprint_and_records_velocity() {
    let board = small_board();
    board.cmd().args(["move", "MP-1", "--sprint", "Sprint 1"]).assert().success();
    board.cmd().args(["move", "MP-2", "--sprint", "Sprint 1"]).assert().success();
    board.cmd().args(["sprint", "start", "Sprint 1"]).assert().success();
    board.cmd().args(["set", "MP-1", "--status", "done"]).assert().success();
    let mut s = Session::start(&board, 100, 30);
    s.wait_for("Backlog");
    s.send("C");
    s.wait_for("Completed 5 of 8 committed pts");
    s.wait_for("Top of the backlog");
    s.send("y");
    s.wait_for("Closed Sprint 1: 5 of 8 pts done · 1 unfinished (3 pts) → Backlog top");
    s.quit();
    let v = board.ok(&["velocity", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&v).unwrap();
    assert_eq!(v["sprints"][0]["completed"], 5);
    assert_eq!(v["sprints"][0]["committed"], 8);
}

#[test]
fn a_text_file_as_the_board_is_refused_before_the_screen_opens() {
    let board = Board::new();
    std::fs::write(&board.db, "just some notes\n").unwrap();
    let o = board.cmd().output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a sprintboard database"));
    assert_eq!(std::fs::read_to_string(&board.db).unwrap(), "just some notes\n");
}

#[test]
fn a_command_line_change_shows_in_the_open_screen_within_a_second() {
    let board = small_board();
    let s = Session::start(&board, 140, 30);
    s.wait_for("▶○▪ MP-1 Save favourite meals");
    let started = Instant::now();
    board.cmd().args(["move", "MP-3", "--sprint", "Sprint 1"]).assert().success();
    s.wait_for("cap ");
    let until = Instant::now() + Duration::from_secs(5);
    while !s.contents().contains("2/10") {
        assert!(Instant::now() < until, "the move never showed:\n{}", s.contents());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
    s.quit();
}

#[test]
fn kill_9_in_the_middle_of_changes_loses_nothing_and_keeps_the_file_sound() {
    let board = small_board();
    let mut s = Session::start(&board, 100, 30);
    s.wait_for("▶○▪ MP-1 Save favourite meals");
    // A burst of re-ranks and estimates, killed while they are being applied.
    for _ in 0..40 {
        s.send("J+K-");
    }
    std::thread::sleep(Duration::from_millis(30));
    s.child.kill().unwrap();
    let _ = s.child.wait();
    let store = sprintboard::store::Store::open(&board.db).unwrap();
    store.integrity_check().unwrap();
    let listed = board.ok(&["list", "--all", "--json"]);
    let stories: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let mut keys: Vec<&str> = stories.as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    keys.sort();
    assert_eq!(keys, ["MP-1", "MP-2", "MP-3"]);
}

#[test]
fn a_read_only_board_opens_with_a_notice_and_refuses_changes() {
    let board = small_board();
    let mut perms = std::fs::metadata(&board.db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&board.db, perms).unwrap();
    let before = std::fs::read(&board.db).unwrap();
    let mut s = Session::start(&board, 100, 30);
    s.wait_for("READ-ONLY");
    s.wait_for("is read-only: you can look, not change");
    s.send("L");
    s.wait_for("is read-only: nothing was changed");
    s.quit();
    assert_eq!(std::fs::read(&board.db).unwrap(), before);
}
