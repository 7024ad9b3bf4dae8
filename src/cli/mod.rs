//! The scripting command line (SPEC §4): clap definitions, and commands that
//! go through the same operations as the keys of the screens.

mod board;
mod budget;
mod context;
mod files;
mod forecast;
mod output;
mod sprints;
mod stories;
mod team;

pub use context::Failure;

use clap::{ArgGroup, Args, Parser, Subcommand};
use context::Context;
use std::io::Write;
use std::path::PathBuf;

/// Kinds of story, as the command line accepts them.
const KINDS: [&str; 4] = ["story", "bug", "task", "spike"];
/// Story statuses, as the command line accepts them.
const STATUSES: [&str; 3] = ["todo", "doing", "done"];

const ENVIRONMENT: &str = "\
Environment:
  SPRINTBOARD_DB      the board file when --db is not given
  SPRINTBOARD_USER    the author of your changes when --user is not given (else config `user`, else your login name)
  SPRINTBOARD_CONFIG  the config.toml to read instead of the one in the config directory
  SPRINTBOARD_NOW     fix the clock (e.g. 2026-11-02T09:00:00 or 2026-11-02), for tests and scripts";

/// sprintboard: a terminal sprint-planning board over one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "sprintboard", version, about, after_help = ENVIRONMENT)]
pub struct Cli {
    /// The board file [default: $SPRINTBOARD_DB, else sprintboard/board.db in the data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who makes the changes, as history and undo name them [default: $SPRINTBOARD_USER, else config `user`, else your login name]
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// What to do; without a command the board opens in the terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a fresh copy of the demo board (nothing of yours is touched)
    Demo,
    /// Set up a new board: its name and story key prefix
    Init(InitArgs),
    /// Add a story at the bottom of the backlog or a sprint; prints its key
    Add(AddArgs),
    /// Change a story's title, estimate, status, epic or kind
    Set(SetArgs),
    /// List stories: the backlog (default), one sprint, or the whole board
    List(ListArgs),
    /// Move a story to the backlog or a sprint
    Move(MoveArgs),
    /// Plan, start, close and list sprints
    #[command(subcommand)]
    Sprint(SprintCommand),
    /// Undo your last change (the same history as the u key)
    Undo(WhoseArgs),
    /// Redo your last undone change (the same history as the U key)
    Redo(WhoseArgs),
    /// Show who changed what, newest first (the history behind undo)
    History(HistoryArgs),
    /// Show the recorded velocity of closed sprints and its average
    Velocity(JsonFlag),
    /// Forecast: the backlog by future sprint and each epic's likely finish (P50/P85)
    Forecast(JsonFlag),
    /// Write the board as JSON, CSV or Markdown (to standard output without -o)
    Export(ExportArgs),
    /// Import a board file: sprintboard JSON, Jira CSV, plain CSV or Trello JSON
    Import(ImportArgs),
    /// Copy this board, history included, to a new file or an empty PostgreSQL database
    Copy(CopyArgs),
    /// Mark a story as blocked by another (it should not be planned before it)
    Block(team::BlockArgs),
    /// Remove a "blocked by" link
    Unblock(team::BlockArgs),
    /// The team: add, change, list and remove members
    #[command(subcommand)]
    Member(team::MemberCommand),
    /// Days off of a member or the whole team
    #[command(subcommand)]
    Dayoff(team::DayOffCommand),
    /// Budgets against spending: spent, left at P50/P85, estimate at completion; `budget set` sets one
    Budget(budget::BudgetArgs),
    /// Non-labour costs: licences, services, hardware
    #[command(subcommand)]
    Expense(budget::ExpenseCommand),
}

/// `copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The new board: a file, or postgres://user@host:port/dbname (new or empty)
    #[arg(long, value_name = "DB")]
    pub to: PathBuf,
}

/// `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// How many entries to show, newest first
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `undo` / `redo`.
#[derive(Debug, Args)]
pub struct WhoseArgs {
    /// Take the newest change whoever made it, not only your own
    #[arg(long)]
    pub anyone: bool,
}

/// `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The product's name
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// The prefix of story keys, e.g. SB for SB-1, SB-2, …
    #[arg(long, value_name = "SB")]
    pub key_prefix: Option<String>,
    /// Fill the new board with the demo product (its stories keep the demo's key prefix)
    #[arg(long, conflicts_with = "key_prefix")]
    pub demo: bool,
}

/// `add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The story's title
    pub title: String,
    /// Estimate in points, e.g. 3 or 0.5
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub points: Option<String>,
    /// The epic it belongs to, by key
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// Add it to this sprint instead of the backlog
    #[arg(long, value_name = "NAME")]
    pub sprint: Option<String>,
    /// What sort of work it is [default: story]
    #[arg(long, value_name = "K", value_parser = KINDS)]
    pub kind: Option<String>,
}

/// `set`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)))]
pub struct SetArgs {
    /// The story's key, e.g. SB-12
    pub key: String,
    /// New title
    #[arg(long, value_name = "T", group = "change")]
    pub title: Option<String>,
    /// New estimate in points, or `none` for unestimated
    #[arg(long, value_name = "P|none", group = "change", allow_negative_numbers = true)]
    pub points: Option<String>,
    /// New status
    #[arg(long, value_parser = STATUSES, group = "change")]
    pub status: Option<String>,
    /// New epic by key, or `none`
    #[arg(long, value_name = "KEY|none", group = "change")]
    pub epic: Option<String>,
    /// New kind
    #[arg(long, value_name = "K", value_parser = KINDS, group = "change")]
    pub kind: Option<String>,
}

/// `list`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("place").multiple(false)))]
pub struct ListArgs {
    /// The backlog, in rank order (the default)
    #[arg(long, group = "place")]
    pub backlog: bool,
    /// One sprint, in rank order
    #[arg(long, value_name = "NAME", group = "place")]
    pub sprint: Option<String>,
    /// The whole board: the backlog, then every sprint
    #[arg(long, group = "place")]
    pub all: bool,
    /// A JSON array of stories, with the fields of the export's stories
    #[arg(long)]
    pub json: bool,
}

/// `move`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("to").required(true).multiple(false)))]
#[command(group(ArgGroup::new("position").multiple(false)))]
pub struct MoveArgs {
    /// The story's key
    pub key: String,
    /// Move it to the backlog (at the top unless --bottom)
    #[arg(long, group = "to")]
    pub backlog: bool,
    /// Move it to this sprint (at the bottom unless --top)
    #[arg(long, value_name = "NAME", group = "to")]
    pub sprint: Option<String>,
    /// Put it first
    #[arg(long, group = "position")]
    pub top: bool,
    /// Put it last
    #[arg(long, group = "position")]
    pub bottom: bool,
}

/// `sprint …`.
#[derive(Debug, Subcommand)]
pub enum SprintCommand {
    /// Plan a new sprint (dates default to the day after the last sprint)
    New(SprintNewArgs),
    /// Start a planned sprint: its stories and points become the commitment
    Start {
        /// The sprint's name (or number)
        name: String,
        /// First day, YYYY-MM-DD [default: its planned start]
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Last day, YYYY-MM-DD [default: its planned end, moved as much as the start]
        #[arg(long, value_name = "DATE")]
        end: Option<String>,
    },
    /// Change a sprint's name, dates, goal or capacity
    Edit(SprintEditArgs),
    /// Delete a planned sprint; its stories go to the top of the backlog
    Delete {
        /// The sprint's name (or number)
        name: String,
    },
    /// Close the active sprint: records its velocity and moves unfinished stories
    Close {
        /// The sprint's name (or number)
        name: String,
        /// Where unfinished stories go: top of the backlog, the next planned sprint, or a new sprint
        #[arg(long, value_parser = ["backlog", "next", "new"], default_value = "backlog")]
        unfinished: String,
    },
    /// List the sprints: name, state, dates, points against capacity
    List(JsonFlag),
}

/// `sprint edit`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)))]
pub struct SprintEditArgs {
    /// The sprint's name (or number)
    pub sprint: String,
    /// New name
    #[arg(long, value_name = "N", group = "change")]
    pub name: Option<String>,
    /// New first day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", group = "change")]
    pub start: Option<String>,
    /// New last day, YYYY-MM-DD
    #[arg(long, value_name = "DATE", group = "change")]
    pub end: Option<String>,
    /// New goal
    #[arg(long, value_name = "TEXT", group = "change")]
    pub goal: Option<String>,
    /// New capacity in points, or `none`
    #[arg(long, value_name = "P|none", group = "change", allow_negative_numbers = true)]
    pub capacity: Option<String>,
}

/// `sprint new`.
#[derive(Debug, Args)]
pub struct SprintNewArgs {
    /// The sprint's name, e.g. "Sprint 14"
    pub name: String,
    /// First day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Last day, YYYY-MM-DD [default: start + sprint_days − 1]
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// The sprint goal
    #[arg(long, value_name = "TEXT")]
    pub goal: Option<String>,
    /// Capacity in points
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub capacity: Option<String>,
}

/// `--json` alone.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format
    #[arg(long, value_parser = ["json", "csv", "markdown", "jira-csv"], default_value = "json")]
    pub format: String,
    /// Write to this file (replaced whole, never half-written) instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import
    pub file: PathBuf,
    /// The file format; auto tells it from the file's contents
    #[arg(long, value_parser = ["auto", "json", "jira-csv", "csv", "trello"], default_value = "auto")]
    pub format: String,
    /// Update the board's stories whose keys the file gives (else they get new keys)
    #[arg(long)]
    pub update: bool,
    /// Trello: what a list becomes, NAME=backlog|sprint|todo|doing|done|label (repeatable or comma-separated)
    #[arg(long = "lists", value_name = "NAME=ROLE")]
    pub lists: Vec<String>,
}

/// Runs a parsed command line: prints config problems once as a warning,
/// then does the command. Output goes to standard output.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let config = sprintboard::config::load();
    // The screens show config problems themselves; commands warn on stderr.
    if !matches!(cli.command, None | Some(Command::Demo)) {
        for problem in &config.problems {
            eprintln!("sprintboard: warning: {problem}");
        }
    }
    let ctx = Context::new(cli.db, cli.user, config)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    dispatch(&ctx, cli.command, &mut out)?;
    out.flush()?;
    Ok(())
}

fn dispatch(ctx: &Context, command: Option<Command>, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(command) = command else {
        return board::open_board(ctx);
    };
    match command {
        Command::Demo => board::demo(ctx),
        Command::Init(a) => board::init(ctx, a, out),
        Command::Add(a) => stories::add(ctx, a, out),
        Command::Set(a) => stories::set(ctx, a, out),
        Command::List(a) => stories::list(ctx, a, out),
        Command::Move(a) => stories::move_story(ctx, a, out),
        Command::Sprint(SprintCommand::New(a)) => sprints::new(ctx, a, out),
        Command::Sprint(SprintCommand::Start { name, start, end }) => {
            sprints::start(ctx, &name, start.as_deref(), end.as_deref(), out)
        }
        Command::Sprint(SprintCommand::Edit(a)) => sprints::edit(ctx, a, out),
        Command::Sprint(SprintCommand::Delete { name }) => sprints::delete(ctx, &name, out),
        Command::Sprint(SprintCommand::Close { name, unfinished }) => sprints::close(ctx, &name, &unfinished, out),
        Command::Sprint(SprintCommand::List(a)) => sprints::list(ctx, a.json, out),
        Command::Undo(w) => board::undo(ctx, true, w.anyone, out),
        Command::Redo(w) => board::undo(ctx, false, w.anyone, out),
        Command::History(a) => board::history(ctx, a.limit, a.json, out),
        Command::Velocity(a) => sprints::velocity(ctx, a.json, out),
        Command::Forecast(a) => forecast::forecast(ctx, a.json, out),
        Command::Export(a) => files::export(ctx, a, out),
        Command::Import(a) => files::import(ctx, a, out),
        Command::Copy(a) => files::copy(ctx, a, out),
        Command::Block(a) => team::block(ctx, a, false, out),
        Command::Unblock(a) => team::block(ctx, a, true, out),
        Command::Member(c) => team::member(ctx, c, out),
        Command::Dayoff(c) => team::day_off(ctx, c, out),
        Command::Budget(a) => budget::budget(ctx, a, out),
        Command::Expense(c) => budget::expense(ctx, c, out),
    }
}
