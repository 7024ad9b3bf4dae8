//! What other trackers call things, in sprintboard's words: statuses, issue
//! types, column headers. Lenient on purpose: a tracker's own workflow
//! states ("In Review", "Reopened") map to the nearest of ours instead of
//! failing a whole import.

use crate::domain::{Kind, Status};

/// A tracker's status: done-like words → done, work-in-progress words →
/// doing, anything else (open, new, backlog, reopened…) → todo.
pub fn status(word: &str) -> Status {
    let w = word.trim().to_lowercase();
    const DONE: [&str; 8] = ["done", "closed", "resolved", "complete", "fixed", "released", "shipped", "accepted"];
    const DOING: [&str; 8] = ["doing", "progress", "review", "testing", "started", "active", "qa", "wip"];
    if DONE.iter().any(|d| w.contains(d)) && !w.contains("not ") {
        Status::Done
    } else if DOING.iter().any(|d| w.contains(d)) {
        Status::Doing
    } else {
        Status::Todo
    }
}

/// A tracker's issue type: bugs, tasks (sub-tasks, chores) and spikes
/// (research) by name; stories, features and improvements are stories, as
/// is any custom type, which is the common case in Jira.
pub fn kind(word: &str) -> Kind {
    let w = word.trim().to_lowercase();
    if w.contains("bug") || w.contains("defect") || w.contains("incident") {
        Kind::Bug
    } else if w.contains("spike") || w.contains("research") || w.contains("investigation") {
        Kind::Spike
    } else if w.contains("task") || w.contains("chore") {
        Kind::Task
    } else {
        Kind::Story
    }
}

/// A header cell as it is compared: trimmed, lower case, inner spaces
/// single, so `Story Points` matches `story points`.
pub fn header(cell: &str) -> String {
    cell.replace('\u{feff}', "").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
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
        assert!(looks_like_key("MESOS-12") && looks_like_key("E-3"));
        assert!(!looks_like_key("Checkout revamp") && !looks_like_key("-3") && !looks_like_key("E-"));
    }
}
