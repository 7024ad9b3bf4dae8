//! Readers and writers of board files (SPEC §5): the `sprintboard/1` JSON
//! document, plain CSV, Jira CSV and Trello JSON in; JSON, CSV and Markdown
//! out; and the demo board. Every reader is an [`ops::Source`]: it reads its
//! file from disk each time (an import reads it twice) into the parts of a
//! neutral [`Document`](crate::domain::document::Document), handing the
//! stories over one at a time, which [`ops::import_file`] writes in one
//! transaction: all or nothing, in memory that does not grow with the file.

mod csv_export;
/// The columns `export --format csv` writes (and plain CSV import reads back).
pub use csv_export::HEADER as CSV_HEADER;
mod csv_plain;
mod csv_read;
mod dates;
pub mod demo;
mod encoding;
mod file;
mod jira;
mod jira_export;
mod json;
mod json_cut;
mod json_read;
mod markdown;
mod snapshot;
mod team_doc;
mod trello;
mod trello_lists;
mod words;

use crate::domain::Settings;
use crate::ops;
use crate::store::Store;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The whole board as `sprintboard/1` JSON (round-trips through import).
    Json,
    /// One story per row, with a header row.
    Csv,
    /// The sprint plan and the last sprint's review, for meeting minutes.
    Markdown,
    /// A CSV that Jira's importer reads (Summary, Issue key, Issue Type,
    /// Status, Story Points, Sprint, Epic Link).
    JiraCsv,
}

/// What `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// Decide from the file's extension and content.
    Auto,
    /// A `sprintboard/1` JSON document.
    Json,
    /// A Jira CSV export.
    JiraCsv,
    /// A plain CSV with a header row.
    Csv,
    /// A Trello board's JSON export.
    Trello,
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            "markdown" | "md" => Ok(ExportFormat::Markdown),
            "jira-csv" | "jira" => Ok(ExportFormat::JiraCsv),
            _ => Err(format!("'{s}' is not one of json, csv, markdown, jira-csv")),
        }
    }
}

impl FromStr for ImportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "auto" => Ok(ImportFormat::Auto),
            "json" => Ok(ImportFormat::Json),
            "jira-csv" | "jira" => Ok(ImportFormat::JiraCsv),
            "csv" => Ok(ImportFormat::Csv),
            "trello" => Ok(ImportFormat::Trello),
            _ => Err(format!("'{s}' is not one of auto, json, jira-csv, csv, trello")),
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportFormat::Auto => "auto",
            ImportFormat::Json => "json",
            ImportFormat::JiraCsv => "jira-csv",
            ImportFormat::Csv => "csv",
            ImportFormat::Trello => "trello",
        })
    }
}

/// What can go wrong reading or writing a board file; each message is one
/// sentence for the user, naming the file and, inside it, where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The board could not be read or written (busy, read-only, damaged).
    #[error(transparent)]
    Op(#[from] ops::Error),
    /// The file to import could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The export could not be written out.
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    /// Something in the file is wrong; `at` is a line or a JSON path.
    #[error("{file}: {at}: {why} — nothing was imported")]
    Invalid {
        /// The file's name.
        file: String,
        /// Where in it: `line 4`, `stories[3].points`.
        at: String,
        /// What is wrong, in words.
        why: String,
    },
    /// The file cannot be imported: it is empty or not UTF-8, or what it
    /// holds breaks a rule of the board (`why` then starts with where).
    #[error("{file}: {why} — nothing was imported")]
    Unusable {
        /// The file's name.
        file: String,
        /// Why.
        why: String,
    },
    /// The demo board shipped inside the program cannot be read (a bug).
    #[error("the built-in demo board is damaged ({0}); please report this")]
    DemoDamaged(String),
}

impl From<crate::store::Error> for Error {
    fn from(e: crate::store::Error) -> Error {
        Error::Op(e.into())
    }
}

/// Where in a file something is wrong, and why: what readers return before
/// the file's name is known.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    /// `line 4`, `stories[3].points`, `the file`.
    pub at: String,
    /// What is wrong.
    pub why: String,
}

impl Problem {
    fn new(at: impl Into<String>, why: impl Into<String>) -> Problem {
        Problem { at: at.into(), why: why.into() }
    }
}

/// Writes the board in a format to `out`.
pub fn export(
    store: &Store,
    settings: &Settings,
    format: ExportFormat,
    out: &mut dyn std::io::Write,
) -> Result<(), Error> {
    match format {
        ExportFormat::Json => json::write(store, out),
        ExportFormat::Csv => csv_export::write(store, out),
        ExportFormat::Markdown => markdown::write(store, settings, out),
        ExportFormat::JiraCsv => jira_export::write(store, out),
    }
}

/// Imports a file into the board in one transaction (one undo takes it
/// back); on any error the board is left as it was.
pub fn import(store: &mut Store, path: &Path, format: ImportFormat) -> Result<ops::Done, Error> {
    import_with(store, path, format, &ImportOptions::default())
}

/// How `import` reads a file and treats the board.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Update stories by key or give them new keys; the sprint length.
    pub how: ops::ImportHow,
    /// Trello lists given a role by hand: `NAME=backlog|sprint|done|label`.
    pub lists: Vec<String>,
}

/// [`import`] with options (`import --update`, `--lists`).
pub fn import_with(
    store: &mut Store,
    path: &Path,
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<ops::Done, Error> {
    let mut file = open_with(path, format, &options.lists)?;
    // The message says how the file was read when that was a guess
    // ("from x.csv, read as Windows-1252"), so a wrong guess is noticed.
    let said = match &file.note {
        Some(note) => format!("{}, {note}", file.name),
        None => file.name.clone(),
    };
    let mut done = ops::import_file_with(store, file.source.as_mut(), &said, options.how).map_err(|e| file.error(e))?;
    if let Some(left) = file.left_out.as_ref().and_then(|l| l.sentence()) {
        done.message = format!("{}; {left}", done.message);
    }
    Ok(done)
}

/// A file opened for import: its reader, to hand to [`ops::import_file`]
/// (or [`ops::create_board`]), and its name for messages.
pub struct ImportFile {
    /// The file's name, as messages say it.
    pub name: String,
    /// Reads the file, each time from its start.
    pub source: Box<dyn ops::Source>,
    /// How the file was read, when not as UTF-8: `read as Windows-1252`.
    pub note: Option<String>,
    /// What the reader left out of the stories it read (Jira points cells
    /// that are not numbers), said after the import's message.
    pub left_out: Option<jira::LeftOut>,
}

impl ImportFile {
    /// An import's error, said of this file.
    pub fn error(&self, e: ops::Error) -> Error {
        match e {
            ops::Error::Refused(why) | ops::Error::NotFound(why) => Error::Unusable { file: self.name.clone(), why },
            e => Error::Op(e),
        }
    }
}

/// Opens a file to import and tells its kind (for [`ImportFormat::Auto`]),
/// reading only as much of it as that needs.
pub fn open(path: &Path, format: ImportFormat) -> Result<ImportFile, Error> {
    open_with(path, format, &[])
}

/// [`open`], with the roles given to Trello lists by hand (`--lists`).
pub fn open_with(path: &Path, format: ImportFormat, lists: &[String]) -> Result<ImportFile, Error> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let cannot = |source| Error::Read { path: path.to_path_buf(), source };
    let unusable = |why: &str| Error::Unusable { file: name.clone(), why: why.to_string() };
    let look = file::look(path).map_err(cannot)?;
    if look.first.is_none() {
        return Err(unusable("the file is empty"));
    }
    let format = match format {
        ImportFormat::Auto => detect(path, &look).map_err(cannot)?,
        f => f,
    };
    if !lists.is_empty() && format != ImportFormat::Trello {
        return Err(unusable(&format!("--lists is for Trello boards, and this file is read as {format}")));
    }
    let csv = || match csv_read::CsvFile::open(path) {
        Ok(f) => Ok(f),
        Err(csv_read::OpenError::Io(e)) => Err(cannot(e)),
        Err(csv_read::OpenError::Binary) => {
            Err(unusable("the file is not text (UTF-16 needs its byte order mark); save it as CSV"))
        }
    };
    let (mut note, mut left_out) = (None, None);
    let source: Box<dyn ops::Source> = match format {
        ImportFormat::Json => Box::new(json_read::JsonFile(path.to_path_buf())),
        ImportFormat::Csv | ImportFormat::JiraCsv => {
            let file = csv()?;
            note = file.encoding.note();
            if format == ImportFormat::Csv {
                Box::new(csv_plain::PlainCsv(file))
            } else {
                let jira = jira::JiraCsv::new(file);
                left_out = Some(jira.left_out());
                Box::new(jira)
            }
        }
        // A Trello export is read whole: boards of cards are small.
        ImportFormat::Trello => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file::open(path).map_err(cannot)?, &mut bytes).map_err(cannot)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| unusable(file::NOT_UTF8))?;
            let doc =
                trello::read(text, lists).map_err(|p| Error::Invalid { file: name.clone(), at: p.at, why: p.why })?;
            Box::new(doc)
        }
        // `detect` always decides.
        ImportFormat::Auto => return Err(unusable("the kind of file could not be told")),
    };
    Ok(ImportFile { name, source, note, left_out })
}

/// Picks a reader by the file's extension, then by its content: a JSON file
/// is ours when it names the `sprintboard/` format and Trello's when it has
/// lists and cards; a CSV is Jira's when its header has `Issue key` and
/// `Summary` (in one of Jira's languages), else it is read by its header
/// as plain CSV or another tracker's.
fn detect(path: &Path, look: &file::Look) -> std::io::Result<ImportFormat> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let json = match ext.as_str() {
        "json" => true,
        "csv" | "tsv" => false,
        _ => matches!(look.first, Some(b'{' | b'[')),
    };
    const OURS: &[u8] = b"\"sprintboard/";
    if json {
        // Our export names its format first; other files are searched whole.
        if look.head.windows(OURS.len()).any(|w| w == OURS) {
            return Ok(ImportFormat::Json);
        }
        // A single card's export (it names its list) goes to the Trello
        // reader too, which says what it is.
        let found = file::holds(path, &[OURS, b"\"cards\"", b"\"lists\"", b"\"idList\""])?;
        if !found[0] && ((found[1] && found[2]) || found[3]) {
            return Ok(ImportFormat::Trello);
        }
        return Ok(ImportFormat::Json);
    }
    // The header, read as the import will read it (encoding, delimiter).
    let names: Vec<String> = match csv_read::CsvFile::open(path) {
        Ok(f) => {
            let mut record = csv_read::Record::default();
            let mut rows = f.rows()?;
            match rows.next_into(&mut record) {
                Ok(true) => record.iter().map(words::header).collect(),
                _ => Vec::new(),
            }
        }
        Err(csv_read::OpenError::Io(e)) => return Err(e),
        Err(csv_read::OpenError::Binary) => Vec::new(),
    };
    Ok(if jira::is_jira_header(&names) { ImportFormat::JiraCsv } else { ImportFormat::Csv })
}
