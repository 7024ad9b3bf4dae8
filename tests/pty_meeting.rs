//! A sprint-planning meeting, end to end, in a pseudo-terminal at 120×40:
//! the product owner plans a sprint with `S`, fills it from the Backlog with
//! `m`, starts it with `s` on adjusted dates, edits it with `E`, takes three
//! changes back with `u` and quits; the command line then reads the board
//! file and must find what the screen last showed (issue 9, "Tests that show
//! it").
//!
//! The clock is fixed with `$SPRINTBOARD_NOW`: the meeting is on Monday
//! 2026-11-02, the morning Sprint 1 (Oct 20 – Nov 2) was closed, so the new
//! sprint's planned start (the day after Sprint 1 ends, Nov 3) is not today
//! and `s` offers to start today instead. One author (`po`) for the setup and
//! the meeting, so that `u` acts on the meeting's changes.

mod common;

use common::Board;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const AUTHOR: &str = "po";
/// The meeting's clock (Monday).
const MEETING: &str = "2026-11-02T09:00:00";
/// How long one expectation may take before the test fails with the screen.
const PATIENCE: Duration = Duration::from_secs(5);

/// Keys as the terminal sends them.
const ENTER: &str = "\r";
const TAB: &str = "\t";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

/// The running binary in a pty; its output is drained on a thread into a
/// vt100 screen (a full pty buffer would block the child).
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Every key sent so far, for the failure report.
    keys: String,
}

impl Session {
    fn start(board: &Board) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sprintboard"));
        cmd.args(["--db", board.db.to_str().unwrap()]);
        cmd.env("SPRINTBOARD_NOW", MEETING);
        cmd.env("SPRINTBOARD_USER", AUTHOR);
        cmd.env("SPRINTBOARD_CONFIG", board.path("no-config.toml"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn sprintboard");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0)));
        let s = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // The master must outlive the session (dropping it hangs up the child).
        std::mem::forget(pty.master);
        Session { screen, writer, child, keys: String::new() }
    }

    /// The screen as lines of text.
    fn lines(&self) -> Vec<String> {
        self.screen.lock().unwrap().screen().rows(0, COLS).collect()
    }

    /// The message line (the row above the footer).
    fn message(&self) -> String {
        let lines = self.lines();
        lines[lines.len() - 2].trim().trim_start_matches('›').trim().to_string()
    }

    fn send(&mut self, keys: &str) {
        self.keys.push_str(keys);
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until `check` holds for the screen; else fails with what was
    /// expected, the keys sent and the whole screen.
    fn expect(&self, what: &str, check: impl Fn(&Screen) -> bool) {
        let until = Instant::now() + PATIENCE;
        loop {
            let screen = Screen { lines: self.lines() };
            if check(&screen) {
                return;
            }
            if Instant::now() > until {
                panic!(
                    "expected {what}\nkeys sent so far: {:?}\nmessage line: {:?}\nscreen ({COLS}×{ROWS}):\n{}",
                    self.keys,
                    self.message(),
                    screen.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the screen shows every one of `texts`.
    fn expect_all(&self, texts: &[&str]) {
        self.expect(&format!("the screen to show all of {texts:?}"), |s| texts.iter().all(|t| s.has(t)));
    }

    /// Waits for the message line to read `message`, and for `texts`.
    fn expect_said(&self, message: &str, texts: &[&str]) {
        self.expect(&format!("the message {message:?} and {texts:?} on screen"), |s| {
            s.message() == message && texts.iter().all(|t| s.has(t))
        });
    }

    /// Quits with `q`; the process must end with status 0.
    fn quit(mut self) {
        self.send("q");
        let until = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status:?}");
                return;
            }
            assert!(Instant::now() < until, "q did not quit; the screen:\n{}", Screen { lines: self.lines() }.dump());
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Session {
    /// A failed expectation must not leave the app running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One frame of the screen, read as text.
struct Screen {
    lines: Vec<String>,
}

impl Screen {
    fn has(&self, text: &str) -> bool {
        self.lines.iter().any(|l| l.contains(text))
    }

    fn message(&self) -> String {
        self.lines[self.lines.len() - 2].trim().trim_start_matches('›').trim().to_string()
    }

    /// The figures of a sprint header's gauge (`cap` or `vel`), e.g.
    /// `11/10 ▲ over`; the bar itself is left out. `None` when no column
    /// shows that gauge.
    fn gauge(&self, name: &str) -> Option<String> {
        const BAR: &[char] = &['█', '▉', '▊', '▋', '▌', '▍', '▎', '▏', '░', ' '];
        const BORDER: &[char] = &['│', '┃'];
        self.lines.iter().find_map(|line| {
            let at = line.find(&format!("{name} "))?;
            // A gauge starts right after a column's border.
            if !line[..at].ends_with(BORDER) {
                return None;
            }
            let rest = &line[at + name.len() + 1..];
            let end = rest.find(BORDER).unwrap_or(rest.len());
            let figures = rest[..end].trim_start_matches(BAR).trim_end();
            Some(figures.to_string())
        })
    }

    fn dump(&self) -> String {
        self.lines.iter().map(|l| format!("|{}|", l.trim_end())).collect::<Vec<_>>().join("\n")
    }
}

/// The board the meeting starts from: Sprint 1 ran Oct 20 – Nov 2 and was
/// closed on Nov 2 at 08:45 (velocity 5); five stories wait in the Backlog.
fn board_after_sprint_1() -> Board {
    let board = Board::new();
    let run = |at: &str, args: &[&str]| {
        let o = board.cmd().env("SPRINTBOARD_NOW", at).env("SPRINTBOARD_USER", AUTHOR).args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    let start = "2026-10-20T09:00:00";
    run(start, &["init", "--name", "Meal planner", "--key-prefix", "MP"]);
    for (title, points) in [
        ("Import recipes", "3"),
        ("Tag recipes", "2"),
        ("Save favourite meals", "5"),
        ("Shopping list", "3"),
        ("Share a plan", "2"),
        ("Weekly menu", "8"),
        ("Pantry", "1"),
    ] {
        run(start, &["add", title, "--points", points]);
    }
    run(start, &["sprint", "new", "Sprint 1", "--start", "2026-10-20", "--end", "2026-11-02", "--capacity", "8"]);
    run(start, &["move", "MP-1", "--sprint", "Sprint 1"]);
    run(start, &["move", "MP-2", "--sprint", "Sprint 1"]);
    run(start, &["sprint", "start", "Sprint 1"]);
    run("2026-10-28T12:00:00", &["set", "MP-1", "--status", "done"]);
    run("2026-11-02T08:30:00", &["set", "MP-2", "--status", "done"]);
    run("2026-11-02T08:45:00", &["sprint", "close", "Sprint 1"]);
    board
}

fn json(board: &Board, args: &[&str]) -> Value {
    let o = board.cmd().env("SPRINTBOARD_NOW", MEETING).env("SPRINTBOARD_USER", AUTHOR).args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e})"))
}

#[test]
fn a_planning_meeting_plan_fill_start_edit_undo_then_the_file_holds_what_the_screen_showed() {
    meeting();
}

fn meeting() {
    let started = Instant::now();
    let board = board_after_sprint_1();
    let mut s = Session::start(&board);
    s.expect_all(&["Backlog", "5 stories · 19 pts", "▶○▪ MP-3 Save favourite meals"]);

    // 1. Plan a sprint: S opens a form with defaults (the next number, the
    // day after Sprint 1 for 14 days, the average velocity as capacity).
    s.send("S");
    s.expect_all(&["Plan a new sprint", "Name       Sprint 2", "Start      2026-11-03", "End        2026-11-16"]);
    s.expect("the capacity to default to the average velocity (5)", |sc| sc.has("Capacity   5 "));
    s.send(&format!("{CTRL_U}Dinners{TAB}{TAB}{TAB}{CTRL_U}10{ENTER}"));
    s.expect_said(
        "Planned Dinners (Nov 3 – Nov 16), capacity 10 pts · cut lines moved: the backlog now fills 1 open sprint first",
        &["Dinners planned", "Nov 3 – Nov 16"]);
    s.expect("an empty Dinners column: cap 0/10, vel 0/5", |sc| {
        sc.gauge("cap").as_deref() == Some("0/10") && sc.gauge("vel").as_deref() == Some("0/5")
    });

    // 2. Fill it from the Backlog with m. The picker opens on the planned
    // sprint; the focus stays in the Backlog on the next story, with
    // Dinners beside it.
    let moves = [
        ("", "MP-3", "Save favourite meals", 5, "0/10", "5/10", "4 stories · 14 pts"),
        ("", "MP-4", "Shopping list", 3, "5/10", "8/10", "3 stories · 11 pts"),
        ("", "MP-5", "Share a plan", 2, "8/10", "10/10", "2 stories · 9 pts"),
        // Pantry is below Weekly menu: one `j` down the Backlog.
        ("j", "MP-7", "Pantry", 1, "10/10", "11/10 ▲ over", "1 stories · 8 pts"),
    ];
    for (to_it, key, title, points, before, after, backlog) in moves {
        s.send(to_it);
        s.expect_all(&[&format!("▶○▪ {key} {title}")]);
        s.send("m");
        s.expect_all(&[&format!("Move {key} to…"), "Backlog · top", "Backlog · bottom"]);
        s.expect_all(&[&format!("▶ Dinners (planned) · {before} pts")]);
        s.send(ENTER);
        let figures = after.split(' ').next().unwrap();
        // Also for 1 point the app says "(1 pts)" (and the Backlog "1 stories").
        s.expect_said(&format!("{key} \"{title}\" ({points} pts) → Dinners · {figures} pts"), &[backlog]);
        s.expect(&format!("the Dinners header at cap {after}"), |sc| sc.gauge("cap").as_deref() == Some(after));
    }
    s.expect("the velocity gauge over average velocity", |sc| sc.gauge("vel").as_deref() == Some("11/5 ▲ over"));

    // 3. Start it with s from its column (`l`). The dialog shows the
    // commitment against capacity and velocity and offers today (the
    // default, the sprint's length kept) or the planned dates.
    s.send("ls");
    s.expect_all(&[
        "Start Dinners?",
        "Dinners · 2026-11-03 – 2026-11-16",
        "Committing 4 stories, 11 pts",
        "▲ over capacity: 11 / 10 pts",
        "▲ over average velocity: 11 / 5 pts",
        "▶ Start today (Nov 2 – Nov 15)",
        "  Start on the planned dates (Nov 3 – Nov 16)",
    ]);
    s.send(DOWN);
    s.expect_all(&["  Start today (Nov 2 – Nov 15)", "▶ Start on the planned dates (Nov 3 – Nov 16)"]);
    s.send(UP);
    s.expect_all(&["▶ Start today (Nov 2 – Nov 15)", "  Start on the planned dates (Nov 3 – Nov 16)"]);
    s.send(ENTER);
    s.expect_said(
        "Started Dinners: 4 stories, 11 pts committed of 10 capacity (velocity 5)",
        &["▶ Dinners active", "Nov 2 – Nov 15 · 14 days left"],
    );
    s.send("2");
    s.expect_all(&[
        "▶ Dinners Nov 2 – Nov 15 · 14 days left",
        "committed 11 · in sprint 11 · done 0 · remaining 11 pts",
        "To Do 4 · 11 pts",
        "Doing 0 · 0 pts",
        "Done 0 · 0 pts",
        "Burndown",
    ]);
    s.expect("the burndown's axis from Nov 2 to Nov 15", |sc| {
        sc.lines.iter().any(|l| l.contains("│Nov 2 ") && l.contains(" Nov 15│"))
    });
    s.expect("SPEC §2: at 120×40 the Sprint screen shows at least 30 columns of title", |sc| {
        sc.has("MP-3 Save favourite meals") && sc.has("MP-4 Shopping list")
    });

    // 4. Edit it with E on the Plan screen: name, capacity and goal.
    s.send("1");
    s.expect_all(&["▶ Dinners active", "▶○▪ MP-3 Save favourite meals"]);
    s.send("E");
    s.expect_all(&["Dinners · active", "Name       Dinners", "Start      2026-11-02", "Capacity   10"]);
    s.send(&format!("{CTRL_U}Sprint 2 Dinners{TAB}{TAB}{TAB}{CTRL_U}12{TAB}Cook from the plan all week{CTRL_S}"));
    // Nov 2 is also Sprint 1's last day, which the message points out.
    s.expect_said(
        "Edited Sprint 2 Dinners · warning: dates overlap Sprint 1 (2026-10-20 – 2026-11-02)",
        &["▶ Sprint 2 Dinners active", "Goal: Cook from the plan all week", "Nov 2 – Nov 15 · 14 days left"],
    );
    s.expect("the header at cap 11/12", |sc| sc.gauge("cap").as_deref() == Some("11/12"));
    s.send("2");
    s.expect_all(&["▶ Sprint 2 Dinners Nov 2 – Nov 15 · 14 days left", "Goal: Cook from the plan all week"]);
    s.send("1");
    s.expect_all(&["▶ Sprint 2 Dinners active"]);

    // 5. Undo three times: the edit, the start, the last move.
    s.send("u");
    s.expect("the edit undone: name, goal and capacity back", |sc| {
        sc.message().starts_with("Undid: ")
            && sc.has("▶ Dinners active")
            && !sc.has("▶ Sprint 2 Dinners active")
            && sc.has("no goal set")
            && sc.gauge("cap").as_deref() == Some("11/10 ▲ over")
    });
    s.expect("undoing E: a message naming the sprint as it is now", |sc| {
        let m = sc.message();
        m.starts_with("Undid: Dinners now Nov 2 – Nov 15, capacity 10 pts, no goal · was: Edited Sprint 2 Dinners")
    });
    s.send("u");
    s.expect("the start undone: planned again on its planned dates", |sc| {
        sc.message().starts_with("Undid: ")
            && sc.has("Dinners planned")
            && !sc.has("▶ Dinners active")
            && sc.has("Nov 3 – Nov 16")
            && !sc.has("days left")
    });
    s.expect("undoing s: a message saying the sprint is planned again", |sc| {
        let m = sc.message();
        m.starts_with("Undid: Dinners planned again, Nov 3 – Nov 16 · was: Started Dinners")
    });
    s.send("2");
    s.expect_all(&["No sprint is active."]);
    s.send("1");
    s.expect_all(&["Dinners planned"]);
    s.send("u");
    s.expect("MP-7 back in the Backlog, focused, Dinners at 10/10", |sc| {
        sc.message().starts_with("Undid: MP-7 back in Backlog · Dinners now 10/10 pts · was: ")
            && sc.has("2 stories · 9 pts")
            && sc.has("▶○▪ MP-7 Pantry")
            && sc.gauge("cap").as_deref() == Some("10/10")
    });
    let last_screen = Screen { lines: s.lines() };
    s.quit();

    // 6. The file holds what the screen last showed.
    let sprints = json(&board, &["sprint", "list", "--json"]);
    let sprints = sprints.as_array().expect("a list of sprints");
    assert_eq!(sprints.len(), 2, "{sprints:#?}");
    assert_eq!(sprints[0]["name"], "Sprint 1");
    assert_eq!(sprints[0]["state"], "closed");
    let dinners = &sprints[1];
    assert_eq!(dinners["name"], "Dinners", "{dinners:#}");
    assert_eq!(dinners["state"], "planned", "{dinners:#}");
    assert_eq!(dinners["start"], "2026-11-03", "{dinners:#}");
    assert_eq!(dinners["end"], "2026-11-16", "{dinners:#}");
    assert_eq!(dinners["goal"], "", "{dinners:#}");
    assert_eq!(dinners["capacity"], 10, "{dinners:#}");
    assert!(dinners["committed"].is_null(), "an unstarted sprint has no commitment: {dinners:#}");

    let stories = json(&board, &["list", "--all", "--json"]);
    let placed: Vec<(String, Option<String>, String)> = stories
        .as_array()
        .expect("a list of stories")
        .iter()
        .map(|st| {
            (
                st["key"].as_str().unwrap().to_string(),
                st["sprint"].as_str().map(String::from),
                st["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want =
        |key: &str, sprint: Option<&str>, status: &str| (key.to_string(), sprint.map(String::from), status.into());
    assert_eq!(
        placed,
        [
            want("MP-6", None, "todo"),
            want("MP-7", None, "todo"),
            want("MP-1", Some("Sprint 1"), "done"),
            want("MP-2", Some("Sprint 1"), "done"),
            want("MP-3", Some("Dinners"), "todo"),
            want("MP-4", Some("Dinners"), "todo"),
            want("MP-5", Some("Dinners"), "todo"),
        ],
        "board order: backlog by rank, then each sprint"
    );
    // The screen's last figures agree with the file's.
    let in_dinners: f64 = stories
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["sprint"] == "Dinners")
        .map(|st| st["points"].as_f64().unwrap())
        .sum();
    assert_eq!(last_screen.gauge("cap"), Some(format!("{in_dinners}/{}", dinners["capacity"])));
    assert!(last_screen.has("2 stories · 9 pts"));

    // History: the meeting's seven changes, newest first; the last three undone.
    let history = json(&board, &["history", "--json"]);
    let entries: Vec<(String, Option<String>, String)> = history.as_array().expect("a list of changes")[..8]
        .iter()
        .map(|h| {
            (
                h["label"].as_str().unwrap().to_string(),
                h["undone_by"].as_str().map(String::from),
                h["author"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let undone = Some(AUTHOR.to_string());
    let entry = |label: &str, undone_by: &Option<String>| (label.to_string(), undone_by.clone(), AUTHOR.to_string());
    assert_eq!(
        entries,
        [
            entry("Edited Sprint 2 Dinners · warning: dates overlap Sprint 1 (2026-10-20 – 2026-11-02)", &undone),
            entry("Started Dinners: 4 stories, 11 pts committed of 10 capacity (velocity 5)", &undone),
            entry("MP-7 \"Pantry\" (1 pts) → Dinners · 11/10 pts", &undone),
            entry("MP-5 \"Share a plan\" (2 pts) → Dinners · 10/10 pts", &None),
            entry("MP-4 \"Shopping list\" (3 pts) → Dinners · 8/10 pts", &None),
            entry("MP-3 \"Save favourite meals\" (5 pts) → Dinners · 5/10 pts", &None),
            entry("Planned Dinners (Nov 3 – Nov 16), capacity 10 pts", &None),
            entry("Closed Sprint 1: 5 of 5 pts done · velocity now 5", &None),
        ]
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "the meeting took {took:?}");
    eprintln!("meeting flow took {took:?}");
}
