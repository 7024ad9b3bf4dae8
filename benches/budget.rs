//! The performance budget of SPEC §8 (filled in by the benchmark work).
fn main() {}
