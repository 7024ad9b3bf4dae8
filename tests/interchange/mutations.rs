//! Real CSV exports, damaged the ways files get damaged — cut at every 10th
//! line, a quote dropped, a cell dropped or added, the delimiter swapped,
//! re-encoded as Windows-1252 or UTF-16 — must each give either a correct
//! import or a refusal that names a line and leaves the board file byte for
//! byte as it was (SPEC §5: all or nothing; never a partial import).

use super::real_csv::real_file;
use super::*;
use sprintboard::domain::document::{Document, StoryDoc};

/// Two real Jira exports (multi-line quoted descriptions, CRLF) and two
/// plain CSVs (one with every cell quoted).
const FILES: [&str; 4] = [
    "jira-harshal08-sprint1-allfields.csv",
    "jira-sanchari-sprint1-allfields.csv",
    "plaincsv-celiajosso-planningpoker.csv",
    "ado-dileep-workitems-bom.csv",
];

/// What a story is, for comparing two imports: key, title, description,
/// status, points, sprint and epic.
fn essence(s: &StoryDoc) -> String {
    format!("{:?}", (&s.key, &s.title, &s.description, s.status, s.points, &s.sprint, &s.epic))
}

enum Outcome {
    Imported(String, Vec<StoryDoc>),
    Refused(String),
}

/// Imports `bytes` as `name` into a board that already holds work; a
/// refusal must leave its file byte for byte as it was.
fn import_bytes(dir: &Path, name: &str, bytes: &[u8]) -> Outcome {
    let board = dir.join(format!("{name}.db"));
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let mut store = open(&board, at(2026, 11, 2));
    ops::init_board(&mut store, "Team", "TM").unwrap();
    add(&mut store, "Already here", Some("3"), None);
    let before_file = std::fs::read(&board).unwrap();
    let before = export(&store);
    let outcome = match interchange::import(&mut store, &file, ImportFormat::Auto) {
        Ok(done) => {
            let doc: Document = serde_json::from_str(&export(&store)).unwrap();
            Outcome::Imported(done.message, doc.stories.into_iter().filter(|s| s.title != "Already here").collect())
        }
        Err(e) => {
            let e = e.to_string();
            assert_eq!(export(&store), before, "{e}");
            assert_eq!(std::fs::read(&board).unwrap(), before_file, "{name}: the board file changed: {e}");
            assert!(e.ends_with("— nothing was imported"), "{e}");
            Outcome::Refused(e)
        }
    };
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", board.display()));
    }
    outcome
}

/// The stories of an undamaged file.
fn original(dir: &Path, name: &str, bytes: &[u8]) -> Vec<StoryDoc> {
    match import_bytes(dir, name, bytes) {
        Outcome::Imported(_, stories) => stories,
        Outcome::Refused(e) => panic!("{name} itself was refused: {e}"),
    }
}

/// A damaged import is correct when every story it brought is, field for
/// field, the story of the same key in the undamaged file.
fn assert_correct_or_refused(what: &str, outcome: Outcome, whole: &[StoryDoc]) -> bool {
    match outcome {
        Outcome::Refused(e) => {
            assert!(e.contains(": line "), "{what}: the refusal names no line: {e}");
            false
        }
        Outcome::Imported(_, stories) => {
            for s in &stories {
                let same = whole.iter().find(|w| w.key == s.key && w.title == s.title);
                assert_eq!(same.map(essence), Some(essence(s)), "{what}: a story that is not the file's");
            }
            true
        }
    }
}

/// Where each record starts (a byte offset), with the header's at 0: after
/// each line end that is outside quotes.
fn record_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted && i + 1 < bytes.len() => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

fn text_of(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).unwrap()
}

#[test]
fn files_cut_at_every_tenth_line_import_whole_rows_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        let Some(path) = real_file(name) else { continue };
        let bytes = std::fs::read(&path).unwrap();
        let whole = original(dir.path(), name, &bytes);
        let ends: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1).collect();
        let step = if ends.len() > 20 { 10 } else { 1 };
        let (mut imported, mut refused) = (0, 0);
        for cut in ends.iter().skip(step - 1).step_by(step).filter(|c| **c < bytes.len()) {
            let what = format!("{name} cut after byte {cut}");
            let starts = record_starts(&bytes);
            let at_a_row = starts.contains(cut);
            let outcome = import_bytes(dir.path(), name, &bytes[..*cut]);
            if assert_correct_or_refused(&what, outcome, &whole) {
                imported += 1;
                assert!(at_a_row, "{what}: cut inside a row, yet imported");
            } else {
                refused += 1;
                assert!(!at_a_row, "{what}: cut between rows, yet refused");
            }
        }
        assert!(imported > 0, "{name}: no cut fell between rows");
        eprintln!("{name}: {imported} cuts imported whole rows, {refused} refused");
    }
}

#[test]
fn a_dropped_quote_a_dropped_cell_or_an_extra_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        let Some(path) = real_file(name) else { continue };
        let bytes = std::fs::read(&path).unwrap();
        let whole = original(dir.path(), name, &bytes);
        let starts = record_starts(&bytes);
        // A quote dropped: the first, one in the middle, the last.
        let quotes: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'"').map(|(i, _)| i).collect();
        for q in [quotes.first(), quotes.get(quotes.len() / 2), quotes.last()].into_iter().flatten() {
            let mut damaged = bytes.clone();
            damaged.remove(*q);
            let outcome = import_bytes(dir.path(), name, &damaged);
            assert_correct_or_refused(&format!("{name} without the quote at {q}"), outcome, &whole);
        }
        // A cell dropped or added on a row in the middle: refused on that row's line.
        let row = starts.len() / 2;
        let line = 1 + bytes[..starts[row]].iter().filter(|b| **b == b'\n').count();
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[starts[row]..]);
        let record = rdr.records().next().unwrap().unwrap();
        let end = starts.get(row + 1).copied().unwrap_or(bytes.len());
        for (how, cells) in [
            ("dropped", record.iter().skip(1).collect::<Vec<_>>()),
            ("added", record.iter().chain(["extra"]).collect::<Vec<_>>()),
        ] {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&cells).unwrap();
            let damaged = [&bytes[..starts[row]], &w.into_inner().unwrap(), &bytes[end..]].concat();
            match import_bytes(dir.path(), name, &damaged) {
                Outcome::Refused(e) => {
                    let said = format!(": line {line}: {} cells where the header has {}", cells.len(), record.len());
                    assert!(e.contains(&said), "{name} with a cell {how}: {e}");
                }
                Outcome::Imported(m, _) => panic!("{name} with a cell {how} on line {line} imported: {m}"),
            }
        }
    }
}

#[test]
fn a_quote_dropped_in_the_1405_row_tfs_file_never_merges_two_records() {
    let Some(path) = real_file("tfs-netxph-workitems-plain.csv") else { return };
    let name = "tfs-netxph-workitems-plain.csv";
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let whole = original(dir.path(), name, &bytes);
    let quotes: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'"').map(|(i, _)| i).collect();
    for k in [1, quotes.len() / 3, quotes.len() / 2, quotes.len() - 2] {
        let mut damaged = bytes.clone();
        damaged.remove(quotes[k]);
        let outcome = import_bytes(dir.path(), name, &damaged);
        let imported = assert_correct_or_refused(&format!("{name} without quote {k}"), outcome, &whole);
        assert!(!imported, "{name} without quote {k} imported");
    }
}

#[test]
fn another_delimiter_or_encoding_gives_the_same_stories() {
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        let Some(path) = real_file(name) else { continue };
        let bytes = std::fs::read(&path).unwrap();
        let whole: Vec<_> = original(dir.path(), name, &bytes).iter().map(essence).collect();
        let text = text_of(&bytes);
        let same = |what: &str, damaged: &[u8], note: &str| match import_bytes(dir.path(), name, damaged) {
            Outcome::Imported(message, stories) => {
                assert!(message.ends_with(note), "{name} {what}: {message}");
                assert_eq!(stories.iter().map(essence).collect::<Vec<_>>(), whole, "{name} {what}");
            }
            Outcome::Refused(e) => panic!("{name} {what} was refused: {e}"),
        };
        for delimiter in [b';', b'\t'] {
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            for r in rdr.records() {
                w.write_record(&r.unwrap()).unwrap();
            }
            same(&format!("delimited by {:?}", delimiter as char), &w.into_inner().unwrap(), name);
        }
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        same("in UTF-16 LE", &le, "read as UTF-16 LE");
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        same("in UTF-16 BE", &be, "read as UTF-16 BE");
        let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
        // An ASCII file is the same in both, and is read as UTF-8.
        let note = if text.is_ascii() { name } else { "read as Windows-1252" };
        if !lossy {
            same("in Windows-1252", &cp1252, note);
        }
    }
}

#[test]
fn a_windows_1252_file_with_accents_reads_as_excel_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Titre;Statut;Points\r\nCafé crème – 5 €;Terminé;3\r\n");
    match import_bytes(dir.path(), "excel.csv", &bytes) {
        Outcome::Imported(message, stories) => {
            assert_eq!(message, "Imported 1 story (3 pts) from excel.csv, read as Windows-1252");
            assert_eq!((stories[0].title.as_str(), stories[0].status), ("Café crème – 5 €", Status::Done));
        }
        Outcome::Refused(e) => panic!("{e}"),
    }
}

#[test]
fn the_command_line_exits_1_on_a_cut_file_and_leaves_the_board_as_it_was() {
    let Some(path) = real_file("jira-harshal08-sprint1-allfields.csv") else { return };
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("b.db");
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("sprintboard")
            .unwrap()
            .arg("--db")
            .arg(&board)
            .args(args)
            .env("SPRINTBOARD_NOW", "2026-11-02")
            .output()
            .unwrap()
    };
    assert!(run(&["add", "Already here"]).status.success());
    let bytes = std::fs::read(&path).unwrap();
    let cut = dir.path().join("cut.csv");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let before = std::fs::read(&board).unwrap();
    let out = run(&["import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("sprintboard: cut.csv: line "), "{err}");
    assert!(err.trim_end().ends_with("— the file may be cut or a quote misplaced — nothing was imported"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&board).unwrap(), before, "the board file changed");
}
