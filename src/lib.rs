//! sprintboard: a terminal sprint-planning board. One SQLite file holds one
//! product: objectives and a roadmap of epics, a ranked backlog of stories,
//! and sprints with their recorded velocity.
//!
//! Dependencies point one way: `tui` and `cli` → `ops` → `store` → `domain`;
//! `interchange` reads and writes files through `ops` and the store's reads.

pub mod config;
pub mod domain;
pub mod interchange;
pub mod ops;
pub mod store;
pub mod tui;
