//! The store's SQL as PostgreSQL reads it. The queries are written once,
//! in the SQL both engines share; these few rules turn what SQLite alone
//! says into PostgreSQL's words, once per statement (the result is
//! prepared and kept).
//!
//! - `?N` parameters become `$N`.
//! - `sprint_id IS ?N` (SQLite's null-safe equality, answered from the
//!   `(sprint_id, rank)` index) becomes `coalesce(sprint_id, 0) =
//!   coalesce($N, 0)`, which PostgreSQL answers from its expression index
//!   on `(coalesce(sprint_id, 0), rank)`; `IS NOT DISTINCT FROM` would
//!   scan the table.
//!   `sprint_id IS NULL` (the backlog) becomes `coalesce(sprint_id, 0) =
//!   0`, read through the same index. `sprint_id IS (SELECT id FROM
//!   sprint …)` (a sprint found by the query) becomes `coalesce(sprint_id,
//!   0) = (…)`: no rows when it finds none, where SQLite reads the backlog.
//! - `COLLATE NOCASE` goes: the key and name columns are `citext` on the
//!   server, so comparing them ignores case already. A bracketed
//!   expression so marked becomes `citext` itself (`(…)::citext`): text
//!   built by the query is `text`, and `citext = text` compares as text,
//!   minding case.
//! - `LIKE` becomes `ILIKE`: SQLite's `LIKE` ignores (ASCII) case.

/// Translates one statement.
pub fn translate(sql: &str) -> String {
    let sql = sql.replace(") COLLATE NOCASE", ")::citext").replace(" COLLATE NOCASE", "");
    let sql = sql
        .replace(SAME_PLACE, SAME_PLACE_HERE)
        .replace(" sprint_id IS NULL", " coalesce(sprint_id, 0) = 0")
        .replace(" sprint_id IS (SELECT id FROM sprint ", " coalesce(sprint_id, 0) = (SELECT id FROM sprint ");
    let sql = null_safe_places(&sql);
    let mut out = String::with_capacity(sql.len() + 16);
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    like_ignores_case(&out)
}

/// "In the column of story ?1" (a read by the story alone, read ahead by
/// an action), and the same by the place index's expression.
const SAME_PLACE: &str = "sprint_id IS (SELECT sprint_id FROM story WHERE id = ?1)";
const SAME_PLACE_HERE: &str = "coalesce(sprint_id, 0) = (SELECT coalesce(sprint_id, 0) FROM story WHERE id = ?1)";

/// `<col>sprint_id IS ?N` → `coalesce(<col>sprint_id, 0) = coalesce(?N, 0)`.
fn null_safe_places(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut rest = sql;
    while let Some(at) = rest.find("sprint_id IS ?") {
        // The column's qualifier (`s.`), if any, belongs to it.
        let before = &rest[..at];
        let start = before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).map_or(0, |i| i + 1);
        out.push_str(&before[..start]);
        let column = format!("{}sprint_id", &before[start..]);
        let after = &rest[at + "sprint_id IS ?".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        out.push_str(&format!("coalesce({column}, 0) = coalesce(?{digits}, 0)"));
        rest = &after[digits.len()..];
    }
    out.push_str(rest);
    out
}

fn like_ignores_case(sql: &str) -> String {
    sql.replace(" LIKE ", " ILIKE ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_column_of_a_story_reads_through_the_place_index() {
        let sql = "SELECT id FROM story WHERE sprint_id IS (SELECT sprint_id FROM story WHERE id = ?1) AND rank < 3";
        assert_eq!(
            super::translate(sql),
            "SELECT id FROM story WHERE coalesce(sprint_id, 0) = (SELECT coalesce(sprint_id, 0) FROM story WHERE id = $1) AND rank < 3"
        );
    }

    use super::translate;

    #[test]
    fn parameters_places_case_and_likes() {
        assert_eq!(
            translate("SELECT rank FROM story WHERE sprint_id IS ?1 AND rank > ?2 ORDER BY rank LIMIT 1"),
            "SELECT rank FROM story WHERE coalesce(sprint_id, 0) = coalesce($1, 0) AND rank > $2 ORDER BY rank LIMIT 1"
        );
        assert_eq!(
            translate("SELECT 1 FROM s WHERE s.sprint_id IS ?12"),
            "SELECT 1 FROM s WHERE coalesce(s.sprint_id, 0) = coalesce($12, 0)"
        );
        assert_eq!(translate("WHERE key = ?1 COLLATE NOCASE"), "WHERE key = $1");
        assert_eq!(
            translate("FROM story WHERE sprint_id IS NULL ORDER BY rank"),
            "FROM story WHERE coalesce(sprint_id, 0) = 0 ORDER BY rank"
        );
        assert_eq!(translate("WHERE key = (p || '-' || n) COLLATE NOCASE"), "WHERE key = (p || '-' || n)::citext");
        assert_eq!(translate("key LIKE ?3 ESCAPE '\\'"), "key ILIKE $3 ESCAPE '\\'");
        // A question mark inside a literal is text, not a parameter.
        assert_eq!(translate("SELECT '?1', ?1"), "SELECT '?1', $1");
    }
}
