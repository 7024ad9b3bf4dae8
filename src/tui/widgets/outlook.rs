//! An epic's forecast outlook as a symbol, a colour and words.

/// The one-symbol outlook shown after an epic's title.
pub fn outlook_symbol(o: crate::domain::outlook::Outlook) -> &'static str {
    use crate::domain::outlook::Outlook::*;
    match o {
        Done => "✓",
        OnTrack => "●",
        AtRisk => "◐",
        Late => "▲",
        NoTarget | Unknown => " ",
    }
}

/// The outlook's colour (its symbol says the same without colour).
pub fn outlook_style(t: &crate::tui::theme::Theme, o: crate::domain::outlook::Outlook) -> ratatui::style::Style {
    use crate::domain::outlook::Outlook::*;
    match o {
        Done | OnTrack => t.good,
        AtRisk => t.warn,
        Late => t.bad,
        NoTarget | Unknown => t.dim,
    }
}

/// `  P50 Jan 12 · P85 Feb 9 ◐` — when the epic's last story is likely done.
pub fn forecast_words(f: &crate::domain::outlook::EpicForecast) -> String {
    use crate::domain::outlook::Outlook;
    match (f.outlook, f.p50_date, f.p85_date) {
        // Nothing left because nothing was ever planned is not "done".
        (Outlook::Done, _, _) if f.epic.tally.stories == 0 => "  no stories yet".into(),
        (Outlook::Done, _, _) => "  ✓ all stories done".into(),
        (_, Some(a), Some(b)) => {
            let unest = if f.unestimated > 0 { format!(" +{}?", f.unestimated) } else { String::new() };
            format!("  P50 {} · P85 {}{unest}", a.format("%b %-d"), b.format("%b %-d"))
        }
        _ => "  forecast needs velocity history".into(),
    }
}
