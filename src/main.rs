//! sprintboard: a terminal sprint-planning board.

fn main() {}
