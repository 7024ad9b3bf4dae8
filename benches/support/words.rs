//! Words for generated boards: titles that read like a real backlog, of
//! varied length, a few in other scripts, with descriptions and labels.

use super::generate::{Draw, Rng};
use sprintboard::domain::Kind;

/// Who a user story is for.
pub const ROLES: &[&str] = &[
    "shopper",
    "admin",
    "new user",
    "team lead",
    "guest",
    "product owner",
    "support agent",
    "developer",
    "returning customer",
    "mobile user",
];
/// What they want to do.
pub const VERBS: &[&str] = &[
    "Save", "Export", "Filter", "Share", "Import", "Archive", "Search", "Sort", "Print", "Sync", "Preview", "Schedule",
    "Rename", "Tag", "Pin", "Compare", "Merge", "Restore", "Review", "Edit",
];
/// What they do it to.
pub const OBJECTS: &[&str] = &[
    "favourite meals",
    "shopping lists",
    "invoices",
    "the weekly plan",
    "recipes",
    "user profiles",
    "payment methods",
    "order history",
    "notifications",
    "team calendars",
    "CSV reports",
    "saved searches",
    "delivery slots",
    "product photos",
    "audit logs",
    "API tokens",
    "dashboard widgets",
    "loyalty points",
    "gift cards",
    "support tickets",
];
/// How or where.
pub const QUALIFIERS: &[&str] = &[
    "from the mobile app",
    "in bulk",
    "offline",
    "by date range",
    "with keyboard shortcuts",
    "for the whole team",
    "without a page reload",
    "in dark mode",
    "as PDF",
    "across devices",
];
/// Why (the "so that").
pub const BENEFITS: &[&str] = &[
    "I save time every week",
    "I never lose my work",
    "my team stays in sync",
    "I can plan ahead",
    "I find things faster",
    "I trust the numbers",
    "customers get answers sooner",
    "we meet the audit requirements",
];
/// What a bug does.
pub const SYMPTOMS: &[&str] =
    &["crash", "show stale data", "time out", "render one pixel off", "lose the selection", "duplicate entries"];
/// When a bug shows.
pub const CONDITIONS: &[&str] = &[
    "the list is empty",
    "the name has an emoji",
    "two tabs are open",
    "the network drops",
    "the user switches language",
    "the sprint has no end date",
];
/// Titles in other scripts and with emoji.
pub const UNICODE: &[&str] = &[
    "Übersicht der Lieblingsgerichte speichern",
    "お気に入りの料理を保存する",
    "שמירת ארוחות מועדפות",
    "Сохранять избранные блюда",
    "Guardar comidas favoritas 🍝",
    "🚀 Faster checkout for returning customers",
    "保存收藏的菜谱和购物清单",
];
/// What a spike evaluates.
pub const TECH: &[&str] =
    &["a search index", "push notifications", "a payment provider", "offline storage", "a PDF renderer"];
/// Description sentences.
pub const SENTENCES: &[&str] = &[
    "Customers asked for this in the last three interviews.",
    "Today this takes several clicks and people give up halfway.",
    "Keep the current behaviour behind a setting for a release.",
    "The design is in the shared folder; check the empty and error states.",
    "Support sees about twenty tickets a week about this.",
    "Measure the before and after in the product analytics.",
    "Mind the accessibility review: keyboard and screen reader both.",
];
/// Labels.
pub const LABELS: &[&str] = &["frontend", "backend", "api", "ux", "mobile", "perf", "security", "tech-debt"];
/// Assignees.
pub const PEOPLE: &[&str] = &["Ana", "Ben", "Chidi", "Dana", "Eun-ji", "Farid", "Greta", "Hugo"];

/// A kind, mostly stories, some bugs, few tasks and spikes.
pub fn kind(rng: &mut Rng) -> Kind {
    match rng.below(100) {
        0..70 => Kind::Story,
        70..88 => Kind::Bug,
        88..97 => Kind::Task,
        _ => Kind::Spike,
    }
}

/// A plausible title of varied length, now and then in another script.
pub fn title(rng: &mut Rng, kind: Kind) -> String {
    if rng.chance(0.03) {
        return rng.pick(UNICODE).to_string();
    }
    let mut t = match kind {
        Kind::Bug => {
            let o = rng.pick(OBJECTS);
            let mut cap = o.chars();
            let first = cap.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            format!("{first}{} {} when {}", cap.as_str(), rng.pick(SYMPTOMS), rng.pick(CONDITIONS))
        }
        Kind::Spike => format!("Spike: evaluate {}", rng.pick(TECH)),
        Kind::Task => format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS)),
        Kind::Story => match rng.below(10) {
            0..4 => format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS)),
            4..7 => format!("{} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(QUALIFIERS)),
            _ => format!(
                "As a {}, I want to {} {} so that {}",
                rng.pick(ROLES),
                rng.pick(VERBS).to_lowercase(),
                rng.pick(OBJECTS),
                rng.pick(BENEFITS)
            ),
        },
    };
    if rng.chance(0.02) {
        t.push_str(" — ");
        t.push_str(rng.pick(SENTENCES));
        t.push(' ');
        t.push_str(rng.pick(SENTENCES));
    }
    t
}

/// A story's description and acceptance criteria, often empty, the same
/// way for the generated board and the generated import files.
pub fn texts(rng: &mut Rng) -> (String, String) {
    let description = if rng.chance(0.35) {
        (0..1 + rng.below(4)).map(|_| rng.pick(SENTENCES)).collect::<Vec<_>>().join(" ")
    } else {
        String::new()
    };
    let acceptance = if rng.chance(0.25) {
        format!(
            "Given {}, when I {} {}, then {}.",
            rng.pick(CONDITIONS),
            rng.pick(VERBS).to_lowercase(),
            rng.pick(OBJECTS),
            rng.pick(BENEFITS)
        )
    } else {
        String::new()
    };
    (description, acceptance)
}
