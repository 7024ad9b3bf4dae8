//! The schema and its migrations, keyed by `PRAGMA user_version`: the
//! version is the length of [`MIGRATIONS`]. Append-only: a released step is
//! never edited, a new one is added (cargo's `migrate(conn, &[Migration])`).

use rusqlite::Connection;

/// Marks a file as a sprintboard database (`PRAGMA application_id`, "SprB").
pub const APPLICATION_ID: i32 = 0x5370_7242;

/// SQL that adds (`+`) or takes away (`-`) one story row (`NEW` or `OLD`)
/// from the tallies of its place and its epic.
fn tally_change(sign: char, row: &str) -> String {
    let mut sql = String::new();
    for (scope, owner, guard) in [
        ("place", format!("coalesce({row}.sprint_id, 0)"), "1".to_string()),
        ("epic", format!("{row}.epic_id"), format!("{row}.epic_id IS NOT NULL")),
    ] {
        sql.push_str(&format!(
            "INSERT OR IGNORE INTO tally(scope, owner) SELECT '{scope}', {owner} WHERE {guard};
             UPDATE tally SET stories = stories {sign} 1,
                points = points {sign} coalesce({row}.points, 0),
                done = done {sign} (CASE WHEN {row}.status = 'done' THEN coalesce({row}.points, 0) ELSE 0 END),
                unestimated = unestimated {sign} ({row}.points IS NULL)
             WHERE scope = '{scope}' AND owner = {owner} AND {guard};\n"
        ));
    }
    sql
}

/// The triggers that keep `tally` in step with `story`.
fn tally_triggers() -> String {
    format!(
        "CREATE TRIGGER story_tally_insert AFTER INSERT ON story BEGIN {add_new} END;
         CREATE TRIGGER story_tally_delete AFTER DELETE ON story BEGIN {sub_old} END;
         CREATE TRIGGER story_tally_update AFTER UPDATE OF points, status, sprint_id, epic_id ON story
         BEGIN {sub_old} {add_new} END;",
        add_new = tally_change('+', "NEW"),
        sub_old = tally_change('-', "OLD"),
    )
}

/// One part of a migration step: SQL from a file, or code where old data
/// must be translated.
pub enum Part {
    /// Statements, run as one batch.
    Sql(&'static str),
    /// Rust, for what SQL cannot say (generated triggers, JSON history).
    Code(fn(&Connection) -> rusqlite::Result<()>),
}

/// The steps, oldest first; step `i` brings a file from version `i` to `i + 1`.
pub const MIGRATIONS: &[&[Part]] = &[
    &[Part::Sql(include_str!("migrations/001_concepts.sql")), Part::Code(v1_tallies)],
    &[Part::Sql(include_str!("migrations/002_history_at.sql"))],
    &[
        Part::Sql(include_str!("migrations/003_team.sql")),
        Part::Code(super::legacy::translate_v2_history),
        Part::Sql(include_str!("migrations/003_team_end.sql")),
    ],
    &[Part::Sql(include_str!("migrations/004_team_money.sql"))],
];

/// The newest schema version this program knows.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

fn v1_tallies(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&tally_triggers())?;
    conn.execute("INSERT INTO board (id, name, key_prefix) VALUES (1, 'My product', 'SB')", [])?;
    Ok(())
}

/// Version 1 on its own, for tests that need a file as an older program
/// left it.
pub fn create_v1(conn: &Connection) -> rusqlite::Result<()> {
    run(conn, 0, 1)
}

/// Runs the steps from version `from` up to `to`.
fn run(conn: &Connection, from: i32, to: i32) -> rusqlite::Result<()> {
    for step in &MIGRATIONS[from.max(0) as usize..to as usize] {
        for part in *step {
            match part {
                Part::Sql(sql) => conn.execute_batch(sql)?,
                Part::Code(f) => f(conn)?,
            }
        }
    }
    Ok(())
}

/// Brings a database from `from` up to [`VERSION`], one step at a time; the
/// caller holds an exclusive transaction, so a failed migration leaves the
/// file as it was.
pub fn migrate(conn: &Connection, from: i32) -> rusqlite::Result<()> {
    run(conn, from, VERSION)?;
    conn.pragma_update(None, "user_version", VERSION)?;
    Ok(())
}
