//! The pieces of the budget benchmark: a small timing harness, the board
//! generator, the screen-like reads and the measured scenarios.

pub mod frames;
pub mod generate;
pub mod harness;
pub mod plan;
pub mod report;
pub mod scenarios;
pub mod words;
