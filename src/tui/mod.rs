//! The terminal screens.

use crate::store::Store;

/// Runs the terminal UI on an open board until the user quits.
pub fn run(store: Store, config: &crate::config::Config) -> anyhow::Result<()> {
    let _ = (store, config);
    println!("The terminal screens are being built; use the command line for now (sprintboard --help).");
    Ok(())
}
