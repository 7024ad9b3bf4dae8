//! sprintboard: a terminal sprint-planning board.
//!
//! Exit status: 0 success; 1 failure, with one sentence on stderr; 2 usage.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit with status 2 inside `parse`, with clap's message.
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) | Err(cli::Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sprintboard: {e}");
            ExitCode::FAILURE
        }
    }
}
