//! What a Trello list is, read from its name in English, French, German,
//! Spanish, Portuguese, Italian or Japanese (SPEC §5): the backlog, a
//! workflow state of the current sprint (to do, doing, done), a sprint of
//! its own (`Sprint 3`, `Current Sprint 1 Backlog`), or none of these (MoSCoW
//! buckets, product areas, "Blocked by Dependencies"), whose name becomes a
//! label of its cards. `--lists "NAME=ROLE"` says it by hand.

use crate::domain::Status;

/// What a list's cards become.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// The backlog.
    Backlog,
    /// The board's current sprint, with this status.
    State(Status),
    /// A sprint of this name, its cards with this status.
    Sprint(String, Status),
    /// The backlog, with the list's name as a label.
    Label,
}

/// Words of lists whose cards are done.
const DONE: &[&str] = &[
    "done",
    "complete",
    "completed",
    "finished",
    "closed",
    "shipped",
    "released",
    "delivered",
    "resolved",
    "archive",
    "terminé",
    "terminée",
    "terminés",
    "fait",
    "fini",
    "livré",
    "erledigt",
    "fertig",
    "abgeschlossen",
    "hecho",
    "terminado",
    "terminada",
    "completado",
    "finalizado",
    "cerrado",
    "concluído",
    "concluido",
    "feito",
    "pronto",
    "fechado",
    "fatto",
    "completato",
    "chiuso",
    "完了",
    "クローズ",
    "済",
    "終了",
    "終わった",
];
/// Words of lists whose cards are being worked on.
const DOING: &[&str] = &[
    "doing",
    "in progress",
    "progress",
    "wip",
    "review",
    "in review",
    "testing",
    "test",
    "qa",
    "merge",
    "working",
    "started",
    "en cours",
    "en test",
    "en revue",
    "in arbeit",
    "in bearbeitung",
    "in prüfung",
    "en progreso",
    "en curso",
    "haciendo",
    "en revisión",
    "em andamento",
    "em progresso",
    "fazendo",
    "em revisão",
    "em teste",
    "in corso",
    "in lavorazione",
    "作業中",
    "進行中",
    "対応中",
    "レビュー",
    "テスト中",
    "確認中",
];
/// Words of lists that hold the backlog.
const BACKLOG: &[&str] = &[
    "backlog",
    "icebox",
    "ideas",
    "idea",
    "someday",
    "later",
    "future",
    "wishlist",
    "wish list",
    "parking lot",
    "idées",
    "plus tard",
    "ideen",
    "später",
    "ideias",
    "futuro",
    "idee",
    "やりたいこと",
    "バックログ",
    "いつか",
    "アイデア",
];
/// Words of lists whose cards are still to do in the current sprint.
const TODO: &[&str] = &[
    "to do",
    "todo",
    "next",
    "up next",
    "ready",
    "available",
    "assigned",
    "selected",
    "this week",
    "à faire",
    "a faire",
    "zu erledigen",
    "offen",
    "geplant",
    "por hacer",
    "pendiente",
    "pendientes",
    "a fazer",
    "por fazer",
    "da fare",
    "やること",
    "未着手",
    "todo list",
];
/// Words that name a sprint (with its number).
const SPRINT: &[&str] = &["sprint", "iteration", "itération", "iteración", "iteração", "iterazione", "スプリント"];

/// A list's name as words: lower case, punctuation as spaces, padded so
/// that ` qa ` matches a word and not part of one.
fn words_of(name: &str) -> String {
    let spaced: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    format!(" {} ", spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether the name holds one of the phrases: Latin ones as whole words,
/// Japanese ones anywhere (they are written without spaces).
fn says(words: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        if p.chars().all(|c| (c as u32) < 0x3000) { words.contains(&format!(" {p} ")) } else { words.contains(p) }
    })
}

/// The status a list's name says, if any.
fn state_of(words: &str) -> Option<Status> {
    if says(words, DONE) {
        Some(Status::Done)
    } else if says(words, DOING) {
        Some(Status::Doing)
    } else if says(words, TODO) {
        Some(Status::Todo)
    } else {
        None
    }
}

/// The number after a sprint word: `Current Sprint 1 Backlog` → 1.
fn sprint_number(words: &str) -> Option<Option<u64>> {
    SPRINT.iter().find_map(|w| {
        let at = words.find(w)?;
        let rest = words[at + w.len()..].trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(digits.parse().ok())
    })
}

/// What a list is, by its name.
pub fn role(name: &str) -> Role {
    let words = words_of(name);
    if let Some(number) = sprint_number(&words) {
        let sprint = number.map_or_else(|| name.trim().to_string(), |n| format!("Sprint {n}"));
        // "Sprint 2 backlog" is that sprint's to-do list, not the backlog.
        return Role::Sprint(sprint, state_of(&words).unwrap_or(Status::Todo));
    }
    match state_of(&words) {
        Some(Status::Todo) if says(&words, BACKLOG) => Role::Backlog,
        Some(status) => Role::State(status),
        None if says(&words, BACKLOG) => Role::Backlog,
        None => Role::Label,
    }
}

/// A role given by hand: `backlog`, `sprint` (a sprint named as the list),
/// `todo`, `doing`, `done` or `label`.
pub fn role_named(list: &str, word: &str) -> Option<Role> {
    Some(match word.trim().to_lowercase().as_str() {
        "backlog" => Role::Backlog,
        "sprint" => Role::Sprint(list.trim().to_string(), Status::Todo),
        "todo" | "to do" => Role::State(Status::Todo),
        "doing" => Role::State(Status::Doing),
        "done" => Role::State(Status::Done),
        "label" => Role::Label,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_the_real_boards_read_as_their_authors_meant() {
        use Status::*;
        for (name, want) in [
            ("Product Backlog: User Story", Role::Backlog),
            ("Backlog/Future Work/Ideas", Role::Backlog),
            ("Current Sprint 1 Backlog", Role::Sprint("Sprint 1".into(), Todo)),
            ("Sprint 12 - Done", Role::Sprint("Sprint 12".into(), Done)),
            ("To-Do", Role::State(Todo)),
            ("Assigned, Ready for Work", Role::State(Todo)),
            ("Ready for QA", Role::State(Doing)),
            ("Ready to merge", Role::State(Doing)),
            ("Testing/Review", Role::State(Doing)),
            ("IN PROGRESS", Role::State(Doing)),
            ("DONE", Role::State(Done)),
            ("やりたいこと", Role::Backlog),
            ("やること", Role::State(Todo)),
            ("作業中", Role::State(Doing)),
            ("クローズ", Role::State(Done)),
            ("À faire", Role::State(Todo)),
            ("En cours", Role::State(Doing)),
            ("Erledigt", Role::State(Done)),
            ("Por hacer", Role::State(Todo)),
            ("Em andamento", Role::State(Doing)),
            ("Must Have", Role::Label),
            ("Won't Have", Role::Label),
            ("Blocked by Dependencies", Role::Label),
            ("EX5000 (E1 MFD)", Role::Label),
            ("IN STANDBY", Role::Label),
        ] {
            assert_eq!(role(name), want, "{name}");
        }
        assert_eq!(role_named("Icebox", "Sprint"), Some(Role::Sprint("Icebox".into(), Todo)));
        assert_eq!(role_named("Icebox", "soon"), None);
    }
}
