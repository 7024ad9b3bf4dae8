//! What other trackers call things, in sprintboard's words: statuses, issue
//! types, column headers. Lenient on purpose: a tracker's own workflow
//! states ("In Review", "Reopened") map to the nearest of ours instead of
//! failing a whole import.

use crate::domain::{Kind, Status};

/// A tracker's status, in English, French, German, Spanish or Portuguese:
/// done-like words → done (cancelled and removed work too: it is not work
/// left), work-in-progress and blocked words → doing, anything else (open,
/// new, backlog, reopened…) → todo.
pub fn status(word: &str) -> Status {
    let w = fold(word);
    const DONE: &[&str] = &[
        "done",
        "closed",
        "resolved",
        "complete",
        "fixed",
        "released",
        "shipped",
        "accepted",
        "cancel",
        "removed",
        "termine",
        "fait",
        "valide",
        "resolu",
        "ferme",
        "livre",
        "annule",
        "erledigt",
        "fertig",
        "geschlossen",
        "gelost",
        "abgeschlossen",
        "hecho",
        "cerrad",
        "resuelt",
        "finaliz",
        "listo",
        "completad",
        "conclu",
        "feito",
        "fechad",
        "resolvid",
        "pronto",
    ];
    const DOING: &[&str] = &[
        "doing",
        "progress",
        "review",
        "testing",
        "en test",
        "started",
        "active",
        "qa",
        "wip",
        "analy",
        "block",
        "bloqu",
        "en cours",
        "in arbeit",
        "bearbeitung",
        "prufung",
        "blockiert",
        "en curso",
        "progreso",
        "revision",
        "andamento",
        "progresso",
        "revisao",
        "bloquead",
    ];
    // "À valider", "a tester": waiting for a step, not past it.
    if w.contains("valider") || w.contains("a tester") {
        return Status::Doing;
    }
    let not = w.contains("not ") || w.starts_with("non ") || w.starts_with("nicht ") || w.starts_with("no ");
    if DONE.iter().any(|d| w.contains(d)) && !not {
        Status::Done
    } else if DOING.iter().any(|d| w.contains(d)) {
        Status::Doing
    } else {
        Status::Todo
    }
}

/// A tracker's issue type: bugs, tasks (sub-tasks, chores) and spikes
/// (research) by name, in the languages above; stories, features and
/// improvements are stories, as is any custom type, which is the common
/// case in Jira.
pub fn kind(word: &str) -> Kind {
    let w = fold(word);
    let any = |words: &[&str]| words.iter().any(|x| w.contains(x));
    if any(&["bug", "defect", "incident", "bogue", "fehler", "error", "erro", "anomalie"]) {
        Kind::Bug
    } else if any(&["spike", "research", "investigation", "recherche"]) {
        Kind::Spike
    } else if any(&["task", "chore", "tache", "aufgabe", "tarea", "tarefa"]) {
        Kind::Task
    } else {
        Kind::Story
    }
}

/// Whether an issue type names an epic (`Epic`, `Épopée`, `Epos`, `Épica`).
pub fn is_epic(word: &str) -> bool {
    matches!(fold(word).as_str(), "epic" | "epopee" | "epos" | "epica" | "epico")
}

/// A header cell as it is compared: trimmed, lower case, accents and
/// underscores dropped, inner spaces single, so `Story Points` matches
/// `story points`, `État` matches `etat` and `assigned_to` `assigned to`.
pub fn header(cell: &str) -> String {
    fold(&cell.replace(['\u{feff}', '_'], " "))
}

/// Lower case, without accents, inner white space single.
pub fn fold(text: &str) -> String {
    let plain: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a text looks like an issue key (`MESOS-12`, `E-3`): it then names
/// an epic by key; anything else names one by title.
pub fn looks_like_key(text: &str) -> bool {
    match text.trim().rsplit_once('-') {
        Some((p, n)) => {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_alphanumeric())
                && p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracker_words_map_to_ours() {
        assert_eq!(status("In Progress"), Status::Doing);
        assert_eq!(status("Resolved"), Status::Done);
        assert_eq!(status("Reopened"), Status::Todo);
        assert_eq!(status("to do"), Status::Todo);
        assert_eq!(kind("Sub-task"), Kind::Task);
        assert_eq!(kind("Improvement"), Kind::Story);
        assert_eq!(kind("Bug"), Kind::Bug);
        assert_eq!(header(" \u{feff}Story   Points "), "story points");
        assert_eq!(header("État"), "etat");
        assert_eq!(header("assigned_to"), "assigned to");
        for (word, want) in [
            ("Fait (à livrer)", Status::Done),
            ("Validé", Status::Done),
            ("A faire", Status::Todo),
            ("En cours", Status::Doing),
            ("Bloqué", Status::Doing),
            ("Erledigt", Status::Done),
            ("In Arbeit", Status::Doing),
            ("Concluído", Status::Done),
            ("Em andamento", Status::Doing),
            ("Hecho", Status::Done),
            ("Por hacer", Status::Todo),
            ("OPEN", Status::Todo),
            ("CLOSED", Status::Done),
            ("Proposed", Status::Todo),
            ("Not done", Status::Todo),
        ] {
            assert_eq!(status(word), want, "{word}");
        }
        assert_eq!(kind("Bogue"), Kind::Bug);
        assert_eq!(kind("Sous-tâche"), Kind::Task);
        assert!(is_epic("Épopée") && is_epic("Epic") && !is_epic("Story"));
        assert!(looks_like_key("MESOS-12") && looks_like_key("E-3"));
        assert!(!looks_like_key("Checkout revamp") && !looks_like_key("-3") && !looks_like_key("E-"));
    }
}
