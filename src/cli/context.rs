//! What every command needs: the board file, the clock, the settings, and
//! one way to fail (a sentence for stderr).

use chrono::{NaiveDate, NaiveDateTime};
use sprintboard::config::Config;
use sprintboard::domain::{Points, Settings};
use sprintboard::store::{self, Store};
use sprintboard::{interchange, ops};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// One sentence for stderr (exit status 1).
    Said(String),
    /// Standard output was closed early (`sprintboard list | head`): the
    /// reader has what it wanted, so this is not an error.
    OutputClosed,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Said(s) => f.write_str(s),
            Failure::OutputClosed => f.write_str("standard output was closed"),
        }
    }
}

impl std::error::Error for Failure {}

/// A failure with a sentence.
pub fn said<T>(sentence: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Said(sentence.into()))
}

impl From<ops::Error> for Failure {
    fn from(e: ops::Error) -> Failure {
        Failure::Said(e.to_string())
    }
}

impl From<store::Error> for Failure {
    fn from(e: store::Error) -> Failure {
        Failure::Said(e.to_string())
    }
}

impl From<interchange::Error> for Failure {
    fn from(e: interchange::Error) -> Failure {
        match e {
            interchange::Error::Write(io) => io.into(),
            e => Failure::Said(e.to_string()),
        }
    }
}

/// Only for writes to standard output; files name themselves in their errors.
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::OutputClosed
        } else {
            Failure::Said(format!("cannot write the output: {e}"))
        }
    }
}

/// Only for JSON written to standard output.
impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Failure {
        match e.io_error_kind() {
            Some(kind) => std::io::Error::from(kind).into(),
            None => Failure::Said(format!("cannot write the JSON output: {e}")),
        }
    }
}

/// The board file, clock and config a command runs with.
pub struct Context {
    /// `--db`, if given.
    db: Option<PathBuf>,
    /// `$SPRINTBOARD_NOW`, if set.
    clock: Option<NaiveDateTime>,
    /// Who makes the changes.
    author: String,
    /// config.toml.
    pub config: Config,
}

impl Context {
    /// Reads the environment; a malformed `$SPRINTBOARD_NOW` is a failure.
    pub fn new(db: Option<PathBuf>, user: Option<String>, config: Config) -> Result<Context, Failure> {
        let clock = match std::env::var("SPRINTBOARD_NOW") {
            Ok(text) if !text.trim().is_empty() => Some(parse_now(&text)?),
            _ => None,
        };
        let author = author(user, std::env::var("SPRINTBOARD_USER").ok(), config.user.clone())?;
        Ok(Context { db, clock, author, config })
    }

    /// The settings from config.toml.
    pub fn settings(&self) -> &Settings {
        &self.config.settings
    }

    /// The board file: `--db`, else `$SPRINTBOARD_DB`, else the default path.
    pub fn path(&self) -> Result<PathBuf, Failure> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        match std::env::var_os("SPRINTBOARD_DB") {
            Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
            _ => store::default_path().map_or_else(
                || said("there is no data directory on this system to keep the board in; name a file with --db PATH"),
                Ok,
            ),
        }
    }

    /// Opens (or creates) the board file, with the clock set.
    pub fn open(&self) -> Result<Store, Failure> {
        self.open_at(&self.path()?)
    }

    /// Opens (or creates) a board file, with the clock set.
    pub fn open_at(&self, path: &Path) -> Result<Store, Failure> {
        let mut store = Store::open(path)?;
        store.set_clock(self.clock);
        store.set_author(&self.author);
        Ok(store)
    }
}

/// The author of changes: `--user`, else `$SPRINTBOARD_USER`, else config
/// `user`, else the login name (SPEC §1). A name given but blank is a mistake
/// worth saying, not a reason to record changes under someone else.
fn author(flag: Option<String>, env: Option<String>, config: Option<String>) -> Result<String, Failure> {
    for (given, from) in [(flag, "--user"), (env, "SPRINTBOARD_USER"), (config, "config user")] {
        let Some(name) = given else { continue };
        let name = name.trim();
        if name.is_empty() {
            if from == "--user" {
                return said("--user needs a name, like --user maya");
            }
            continue;
        }
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            return said(format!("{from} must be a name of at most 100 characters without control characters"));
        }
        return Ok(name.to_string());
    }
    Ok(store::login_name())
}

/// Parses `$SPRINTBOARD_NOW`: a date and time, or a date (at midnight).
fn parse_now(text: &str) -> Result<NaiveDateTime, Failure> {
    let t = text.trim();
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(time) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(time);
        }
    }
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(date) => Ok(date.and_time(chrono::NaiveTime::MIN)),
        Err(_) => said(format!(
            "SPRINTBOARD_NOW is \"{t}\", which is not a time like 2026-11-02T09:00:00 or a date like 2026-11-02"
        )),
    }
}

/// Parses points typed on the command line.
pub fn parse_points(text: &str) -> Result<Points, Failure> {
    Points::parse(text).or_else(said)
}

/// Parses points or `none`.
pub fn parse_optional_points(text: &str) -> Result<Option<Points>, Failure> {
    Points::parse_optional(text).or_else(said)
}

/// Parses a date typed on the command line.
pub fn parse_date(what: &str, text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| said(format!("the {what} date \"{}\" is not a date like 2026-11-02", text.trim())))
}

/// Parses one of a closed set of words (kind, status, …); clap has already
/// checked it, so a failure here only repeats clap's list.
pub fn parse_word<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, Failure> {
    text.parse().or_else(said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_accepts_a_time_or_a_date() {
        assert_eq!(parse_now("2026-11-02T09:00:00").unwrap().to_string(), "2026-11-02 09:00:00");
        assert_eq!(parse_now(" 2026-11-02 ").unwrap().to_string(), "2026-11-02 00:00:00");
        assert_eq!(parse_now("2026-11-02 09:30").unwrap().to_string(), "2026-11-02 09:30:00");
        let e = parse_now("next tuesday").unwrap_err().to_string();
        assert!(e.starts_with("SPRINTBOARD_NOW is \"next tuesday\""), "{e}");
    }

    #[test]
    fn the_author_comes_from_the_flag_then_the_environment_then_the_config() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(author(s("maya"), s("jo"), s("kim")).unwrap(), "maya");
        assert_eq!(author(None, s(" jo "), s("kim")).unwrap(), "jo");
        assert_eq!(author(None, s(""), s("kim")).unwrap(), "kim");
        assert_eq!(author(None, None, None).unwrap(), store::login_name());
        assert!(author(s(" "), None, None).is_err());
        assert!(author(s("a\u{7}b"), None, None).is_err());
    }

    #[test]
    fn points_and_dates_fail_with_a_sentence() {
        assert_eq!(parse_points("-2").unwrap_err().to_string(), "points cannot be negative (-2)");
        assert_eq!(parse_points("lots").unwrap_err().to_string(), "'lots' is not a number of points");
        assert_eq!(parse_optional_points("none").unwrap(), None);
        assert_eq!(
            parse_date("start", "2026-13-01").unwrap_err().to_string(),
            "the start date \"2026-13-01\" is not a date like 2026-11-02"
        );
    }
}
