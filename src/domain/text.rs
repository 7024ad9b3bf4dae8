//! Text for display: one line, cut by display width, never mid-character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The longest title, description or name accepted (characters).
pub const MAX_TEXT: usize = 100_000;

/// Display width of a text in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text on one line (newlines and other control characters become
/// spaces), cut to `max` cells with `…` when it does not fit.
pub fn fit(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let one_line = text.chars().map(|c| if c.is_control() { ' ' } else { c });
    let mut out = String::new();
    let mut used = 0;
    let full_width = width(text) <= max && !text.chars().any(char::is_control);
    if full_width {
        return text.to_string();
    }
    for c in one_line {
        let w = c.width().unwrap_or(0);
        if used + w > max.saturating_sub(1) {
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The text on one line cut to `max` cells at a word where one ends late
/// enough (keeping at least half the room), with `…` after it; a word is
/// cut only when there is no such place, and then with `…` too.
pub fn fit_words(text: &str, max: usize) -> String {
    let cut = fit(text, max);
    let Some(kept) = cut.strip_suffix('…') else { return cut };
    match kept.rfind(char::is_whitespace) {
        Some(i)
            if width(&kept[..i]) * 2 >= max
                && !text.get(kept.len()..).unwrap_or("").starts_with(char::is_whitespace) =>
        {
            format!("{}…", kept[..i].trim_end())
        }
        _ => format!("{}…", kept.trim_end()),
    }
}

/// A sentence cut to `max` cells, shortening the quoted titles in it first
/// (to no less than 12 cells each), so that what a message says happened —
/// usually after the title — still shows on a narrow line.
pub fn fit_sentence(text: &str, max: usize) -> String {
    let mut text = text.to_string();
    while width(&text) > max {
        // The longest quoted part still worth shortening.
        let mut quotes = text.match_indices('"').map(|(i, _)| i);
        let mut best: Option<(usize, usize)> = None;
        while let (Some(a), Some(b)) = (quotes.next(), quotes.next()) {
            let w = width(&text[a + 1..b]);
            if w > 12 && best.is_none_or(|(x, y)| width(&text[x + 1..y]) < w) {
                best = Some((a, b));
            }
        }
        let Some((a, b)) = best else { break };
        let inner = &text[a + 1..b];
        let over = width(&text) - max;
        let shorter = fit(inner, width(inner).saturating_sub(over).max(12));
        if shorter == inner {
            break;
        }
        text = format!("{}{shorter}{}", &text[..a + 1], &text[b..]);
    }
    fit(&text, max)
}

/// A count with thousands separators: `23,313`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `1 day left`, `5 days left`, `ended 2 days ago` for a sprint ending in
/// `days` days (counting today).
pub fn days_left(days: i64) -> String {
    match days {
        1 => "last day".to_string(),
        d if d > 1 => format!("{d} days left"),
        0 => "ended yesterday".to_string(),
        d => format!("ended {} days ago", 1 - d),
    }
}

/// Checks a user text against the length limit.
pub fn check_length(what: &str, text: &str) -> Result<(), String> {
    let n = text.chars().count();
    if n > MAX_TEXT { Err(format!("{what} is {n} characters long; the limit is {MAX_TEXT}")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_words_cuts_at_a_word_with_an_ellipsis() {
        let t = "Courier GPS is too sparse in dense city centres";
        assert_eq!(fit_words(t, 30), "Courier GPS is too sparse in…");
        assert_eq!(fit_words(t, 100), t);
        assert_eq!(fit_words("Supercalifragilistic", 8), "Superca…", "no word end: cut, with …");
        assert_eq!(fit_words("ab cdefghijklmnop", 10), "ab cdefgh…", "a word end too early is not used");
        assert_eq!(fit_words("Bento Points 🍜🍜🍜", 15), "Bento Points…");
        assert!(width(&fit_words("日本語のテキストです", 7)) <= 7);
    }

    #[test]
    fn a_sentence_shortens_its_titles_before_its_ending() {
        let s = "Scope change: +3 pts to Sprint 7 after its start · BEN-43 \"Manage saved cards: rename, set the default\" (3 pts) → Sprint 7 · 25/21 pts";
        let fitted = fit_sentence(s, 110);
        assert!(width(&fitted) <= 110, "{fitted}");
        assert!(fitted.ends_with("→ Sprint 7 · 25/21 pts"), "{fitted}");
        assert!(fitted.contains("\"Manage saved"), "{fitted}");
        // Nothing quoted left to shorten: cut at the end as before.
        assert_eq!(fit_sentence("no quotes here at all", 10), fit("no quotes here at all", 10));
        assert_eq!(fit_sentence("short", 80), "short");
    }

    #[test]
    fn cuts_by_display_width_never_mid_character() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        // Each of these is two cells wide: 5 cells fit two of them and the ellipsis.
        assert_eq!(fit("日本語テキスト", 5), "日本…");
        assert_eq!(width(&fit("🍕🍕🍕🍕", 6)), 5);
        assert_eq!(fit("a\nb", 10), "a b");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_680), "1,680");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(-23_313), "-23,313");
    }
}
