//! Strict CSV reading for every CSV import (SPEC §5): the file is read in
//! its own encoding, its delimiter (`,`, `;` or tab) told from the header,
//! and every row must have as many cells as the header. A row with more or
//! fewer cells, a quoted cell that never closes (a file cut short) or text
//! after a closing quote (a quote misplaced) refuses the whole file, naming
//! the line: a partial import would look like success.
//!
//! The parser is our own, not the `csv` crate's: that one accepts a file
//! that ends inside a quoted cell as if the cell had closed, and text after
//! a closing quote, which is how damaged files imported silently.

use super::Problem;
use super::encoding::{Sniffed, TextEncoding, sniff};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A CSV file to import: where it is, how its text is encoded, and the
/// delimiter its header uses.
#[derive(Clone, Debug)]
pub struct CsvFile {
    path: PathBuf,
    /// The text encoding.
    pub encoding: TextEncoding,
    /// `,`, `;` or tab.
    pub delimiter: u8,
}

/// Why a file cannot be opened as CSV.
pub enum OpenError {
    /// The file could not be read.
    Io(io::Error),
    /// The file is not text.
    Binary,
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> OpenError {
        OpenError::Io(e)
    }
}

impl CsvFile {
    /// Looks at a file: its encoding, then its header for the delimiter.
    pub fn open(path: &Path) -> Result<CsvFile, OpenError> {
        let encoding = match sniff(path)? {
            Sniffed::Text(e) => e,
            Sniffed::Binary => return Err(OpenError::Binary),
        };
        let mut first = Vec::new();
        BufReader::new(encoding.open(path)?).read_until(b'\n', &mut first)?;
        Ok(CsvFile { path: path.to_path_buf(), encoding, delimiter: delimiter_of(&first) })
    }

    /// The rows, from the header on.
    pub fn rows(&self) -> io::Result<Rows<Box<dyn Read>>> {
        Ok(Rows::new(self.encoding.open(&self.path)?, self.delimiter))
    }
}

/// The delimiter of a header line: whichever of `,` `;` tab it has most
/// of outside quotes (a comma when none: a one-column file).
pub fn delimiter_of(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// One row: its cells and the line it starts on (the header is line 1).
#[derive(Clone, Debug, Default)]
pub struct Record {
    text: String,
    ends: Vec<usize>,
    /// The line the row starts on.
    pub line: u64,
}

impl Record {
    /// How many cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cell `i`, if the row has one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Whether every cell is empty or white space.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|c| c.trim().is_empty())
    }
}

/// The rows of a CSV text, read strictly, one at a time.
pub struct Rows<R> {
    input: BufReader<R>,
    delimiter: u8,
    /// The line the reader is on.
    line: u64,
    /// Cells in the header (set by the first row).
    width: Option<usize>,
    bytes: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// At the start of a cell.
    Start,
    /// Inside a cell without quotes.
    Bare,
    /// Inside a quoted cell.
    Quoted,
    /// Just after a quote inside a quoted cell: the end, or the first of `""`.
    QuoteInQuoted,
}

impl<R: Read> Rows<R> {
    /// Rows of UTF-8 text with this delimiter.
    pub fn new(input: R, delimiter: u8) -> Rows<R> {
        Rows { input: BufReader::with_capacity(256 * 1024, input), delimiter, line: 1, width: None, bytes: Vec::new() }
    }

    /// Reads the next row into `record`; `false` after the last. The first
    /// row (the header) sets how many cells every other row must have;
    /// empty lines are skipped.
    pub fn next_into(&mut self, record: &mut Record) -> Result<bool, Problem> {
        loop {
            if !self.parse(record)? {
                return Ok(false);
            }
            if record.len() == 1 && record.text.is_empty() {
                continue;
            }
            match self.width {
                None => self.width = Some(record.len()),
                Some(w) if w != record.len() => {
                    let cells =
                        if record.len() == 1 { "1 cell".to_string() } else { format!("{} cells", record.len()) };
                    return Err(Problem::new(
                        format!("line {}", record.line),
                        format!("{cells} where the header has {w} — the file may be cut or a quote misplaced"),
                    ));
                }
                Some(_) => {}
            }
            return Ok(true);
        }
    }

    /// Parses one row, whatever its length.
    fn parse(&mut self, record: &mut Record) -> Result<bool, Problem> {
        self.bytes.clear();
        record.ends.clear();
        record.line = self.line;
        let mut state = State::Start;
        let mut any = false;
        let d = self.delimiter;
        loop {
            let buf = self.input.fill_buf().map_err(read_problem)?;
            if buf.is_empty() {
                break;
            }
            any = true;
            let mut used = 0;
            let mut row_done = false;
            for &b in buf {
                used += 1;
                match (state, b) {
                    (State::Quoted, b'"') => state = State::QuoteInQuoted,
                    (State::Quoted, b'\n') => {
                        self.line += 1;
                        self.bytes.push(b);
                    }
                    (State::Quoted, _) => self.bytes.push(b),
                    (State::QuoteInQuoted, b'"') => {
                        self.bytes.push(b'"');
                        state = State::Quoted;
                    }
                    (State::Start, b'"') => state = State::Quoted,
                    (State::Bare, b'"') => {
                        return Err(Problem::new(
                            format!("line {}", self.line),
                            format!(
                                "a quote in the middle of cell {} — the file may be cut or a quote misplaced",
                                record.ends.len() + 1
                            ),
                        ));
                    }
                    // CRLF (or a stray CR): the \n ends the row, the CR is dropped.
                    (State::Start | State::Bare | State::QuoteInQuoted, b'\r') => {}
                    (_, b'\n') => {
                        record.ends.push(self.bytes.len());
                        self.line += 1;
                        row_done = true;
                        break;
                    }
                    (_, b) if b == d => {
                        record.ends.push(self.bytes.len());
                        state = State::Start;
                    }
                    (State::QuoteInQuoted, _) => {
                        return Err(Problem::new(
                            format!("line {}", self.line),
                            format!(
                                "text after the closing quote of cell {} — the file may be cut or a quote misplaced",
                                record.ends.len() + 1
                            ),
                        ));
                    }
                    (State::Start | State::Bare, b) => {
                        self.bytes.push(b);
                        state = State::Bare;
                    }
                }
            }
            self.input.consume(used);
            if row_done {
                return self.finish(record).map(|()| true);
            }
        }
        if state == State::Quoted {
            return Err(Problem::new(
                format!("line {}", record.line),
                "a quoted cell that starts on this row never ends — the file may be cut or a quote misplaced",
            ));
        }
        if !any && self.bytes.is_empty() && record.ends.is_empty() {
            return Ok(false);
        }
        record.ends.push(self.bytes.len());
        self.finish(record).map(|()| true)
    }

    /// Turns the row's bytes into its text (UTF-8 checked once per row).
    fn finish(&mut self, record: &mut Record) -> Result<(), Problem> {
        record.text.clear();
        match std::str::from_utf8(&self.bytes) {
            Ok(t) => record.text.push_str(t),
            Err(_) => return Err(Problem::new(format!("line {}", record.line), "the text is not UTF-8")),
        }
        Ok(())
    }
}

fn read_problem(e: io::Error) -> Problem {
    Problem::new("the file", format!("it could not be read ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Result<Vec<Vec<String>>, Problem> {
        let mut r = Rows::new(text.as_bytes(), delimiter_of(text.lines().next().unwrap_or("").as_bytes()));
        let mut rec = Record::default();
        let mut out = Vec::new();
        while r.next_into(&mut rec)? {
            out.push(rec.iter().map(String::from).collect());
        }
        Ok(out)
    }

    fn why(text: &str) -> String {
        let p = rows(text).unwrap_err();
        format!("{}: {}", p.at, p.why)
    }

    #[test]
    fn reads_quotes_newlines_and_every_delimiter() {
        let want = vec![vec!["a", "b"], vec!["x, \"y\"\nz", ""], vec!["1", "2"]];
        assert_eq!(rows("a,b\n\"x, \"\"y\"\"\nz\",\n1,2").unwrap(), want);
        assert_eq!(rows("a;b\r\n\"x, \"\"y\"\"\nz\";\r\n\r\n1;2\r\n").unwrap(), want);
        assert_eq!(rows("a\tb\n\"x, \"\"y\"\"\nz\"\t\n1\t2\n").unwrap(), want);
        assert_eq!(delimiter_of(b"\"a;b\",c"), b',');
        assert_eq!(delimiter_of(b"title"), b',');
    }

    #[test]
    fn damaged_rows_are_refused_with_their_line() {
        assert_eq!(
            why("a,b,c\n1,2,3\n\"multi\nline\",2,3\n4,5\n"),
            "line 5: 2 cells where the header has 3 — the file may be cut or a quote misplaced"
        );
        assert_eq!(
            why("a,b\n1,2,3\n"),
            "line 2: 3 cells where the header has 2 — the file may be cut or a quote misplaced"
        );
        assert_eq!(
            why("a,b\n1,\"cut in the\nmiddle"),
            "line 2: a quoted cell that starts on this row never ends — the file may be cut or a quote misplaced"
        );
        assert_eq!(
            why("a,b\n1,\"x\"y\n"),
            "line 2: text after the closing quote of cell 2 — the file may be cut or a quote misplaced"
        );
        assert_eq!(
            why("a,b\n1,x\"y\n"),
            "line 2: a quote in the middle of cell 2 — the file may be cut or a quote misplaced"
        );
    }
}
