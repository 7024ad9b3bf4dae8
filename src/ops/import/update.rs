//! `import --update`: a story of the board that the file gives again, by
//! key, takes the file's values. A fresher export of the same project is the
//! truth for what it says; what it does not say (a column the format has
//! not, left empty) keeps the board's value, so that re-importing a Jira CSV
//! does not wipe the acceptance criteria or estimates written here.

use super::*;
use chrono::NaiveDateTime;

/// The story's fields after the file's `s` is applied to the board's `old`.
pub(super) fn fields(old: &Story, s: StoryDoc, epic: Option<EpicId>, now: NaiveDateTime) -> StoryFields {
    let mut row = old.fields.clone();
    row.title = s.title;
    row.kind = s.kind;
    row.status = s.status;
    row.points = s.points.or(old.fields.points);
    row.epic = epic.or(old.fields.epic);
    for (field, value) in
        [(&mut row.description, s.description), (&mut row.acceptance, s.acceptance), (&mut row.assignee, s.assignee)]
    {
        if !value.trim().is_empty() {
            *field = value;
        }
    }
    if !s.labels.is_empty() {
        row.labels = s.labels;
    }
    // Timestamps follow a change of status, as an edit's do: the file's own
    // when it has them, else the first start and the time it became done.
    // An unchanged status keeps the board's (an import leaves a start out
    // when the file has none).
    let changed = row.status != old.fields.status;
    row.started = match s.started.or(old.fields.started) {
        None if changed && row.status != Status::Todo => Some(now),
        started => started,
    };
    row.done = match row.status {
        Status::Done if changed => s.done.or(Some(now)),
        Status::Done => s.done.or(old.fields.done),
        _ => None,
    };
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_wins_where_it_speaks_and_the_board_keeps_the_rest() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let old = Story {
            id: StoryId(1),
            key: "SB-1".into(),
            place: Place::Backlog,
            rank: 0,
            created: now,
            version: 1,
            fields: StoryFields {
                title: "Old".into(),
                acceptance: "Given a cart".into(),
                points: Some(Points::whole(3)),
                ..StoryFields::default()
            },
        };
        let file =
            StoryDoc { title: "New".into(), status: Status::Done, labels: vec!["ux".into()], ..StoryDoc::default() };
        let row = fields(&old, file, None, now);
        assert_eq!(
            (row.title.as_str(), row.acceptance.as_str(), row.points),
            ("New", "Given a cart", Some(Points::whole(3)))
        );
        assert_eq!(
            (row.status, row.started, row.done, row.labels.clone()),
            (Status::Done, Some(now), Some(now), vec!["ux".to_string()])
        );
        let back = fields(
            &Story { fields: row, ..old.clone() },
            StoryDoc { title: "New".into(), ..StoryDoc::default() },
            None,
            now,
        );
        assert_eq!((back.status, back.done), (Status::Todo, None));
    }
}
