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
pub mod demo;
mod file;
mod jira;
mod json;
mod json_cut;
mod json_read;
mod markdown;
mod snapshot;
mod team_doc;
mod trello;
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
            _ => Err(format!("'{s}' is not one of json, csv, markdown")),
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
    }
}

/// Imports a file into the board in one transaction (one undo takes it
/// back); on any error the board is left as it was.
pub fn import(store: &mut Store, path: &Path, format: ImportFormat) -> Result<ops::Done, Error> {
    let mut file = open(path, format)?;
    ops::import_file(store, file.source.as_mut(), &file.name).map_err(|e| file.error(e))
}

/// A file opened for import: its reader, to hand to [`ops::import_file`]
/// (or [`ops::create_board`]), and its name for messages.
pub struct ImportFile {
    /// The file's name, as messages say it.
    pub name: String,
    /// Reads the file, each time from its start.
    pub source: Box<dyn ops::Source>,
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
    let source: Box<dyn ops::Source> = match format {
        ImportFormat::Json => Box::new(json_read::JsonFile(path.to_path_buf())),
        ImportFormat::Csv => Box::new(csv_plain::PlainCsv(path.to_path_buf())),
        ImportFormat::JiraCsv => Box::new(jira::JiraCsv::new(path.to_path_buf())),
        // A Trello export is read whole: boards of cards are small.
        ImportFormat::Trello => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file::open(path).map_err(cannot)?, &mut bytes).map_err(cannot)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| unusable(file::NOT_UTF8))?;
            let doc = trello::read(text).map_err(|p| Error::Invalid { file: name.clone(), at: p.at, why: p.why })?;
            Box::new(doc)
        }
        // `detect` always decides.
        ImportFormat::Auto => return Err(unusable("the kind of file could not be told")),
    };
    Ok(ImportFile { name, source })
}

/// Picks a reader by the file's extension, then by its content: a JSON file
/// is ours when it names the `sprintboard/` format and Trello's when it has
/// lists and cards; a CSV is Jira's when its header has `Issue key` and
/// `Summary`.
fn detect(path: &Path, look: &file::Look) -> std::io::Result<ImportFormat> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let json = match ext.as_str() {
        "json" => true,
        "csv" => false,
        _ => matches!(look.first, Some(b'{' | b'[')),
    };
    const OURS: &[u8] = b"\"sprintboard/";
    if json {
        // Our export names its format first; other files are searched whole.
        if look.head.windows(OURS.len()).any(|w| w == OURS) {
            return Ok(ImportFormat::Json);
        }
        let found = file::holds(path, &[OURS, b"\"cards\"", b"\"lists\""])?;
        if !found[0] && found[1] && found[2] {
            return Ok(ImportFormat::Trello);
        }
        return Ok(ImportFormat::Json);
    }
    let header = csv_plain::reader(&look.head[..]).records().next().and_then(|r| r.ok());
    let names: Vec<String> = header.iter().flat_map(|h| h.iter().map(words::header)).collect();
    Ok(if names.iter().any(|n| n == "issue key") && names.iter().any(|n| n == "summary") {
        ImportFormat::JiraCsv
    } else {
        ImportFormat::Csv
    })
}
