//! Refinements of a released schema that keep its meaning: the same
//! tables, columns and results, made cheaper. They carry no schema
//! version, because every program that knows the schema works with them
//! as well as without: a team's members need not upgrade together, as
//! they must for a new schema version (an older program refuses a newer
//! schema).

use super::Conn;

/// The tally function, as PL/pgSQL (`tally.sql` says why).
const TALLY: &str = include_str!("tally.sql");

/// Whether the board's tally function is still schema 3's SQL function
/// and this role may replace it (it owns it, or is a member of its
/// owner): read with the role's rights, in the same query.
pub(super) const STALE: &str = "EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang \
     WHERE p.proname = 'sprintboard_tally' AND p.pronamespace = current_schema()::regnamespace \
     AND l.lanname = 'sql' AND pg_has_role(p.proowner, 'USAGE'))";

impl Conn {
    /// Refines what [`STALE`] found, in a transaction that holds the write
    /// lock. A failure leaves the board as it was, and working: only
    /// slower, so the board opens all the same.
    pub(super) fn refine(&self) {
        if self.begin(false).is_err() {
            return;
        }
        if self.batch(TALLY).and_then(|()| self.commit()).is_err() {
            self.rollback();
        }
    }
}
