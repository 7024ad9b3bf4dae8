//! Rows as the program sees them: cards, filters, and the mapping of SQL
//! rows to domain records, shared by every read query.

use super::db::Row;
use super::db::Value;
use super::values;
use crate::domain::*;

/// A text filter over key, title, labels, assignee and epic (the `/` key).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// The words typed; empty = no filter.
    pub text: String,
}

impl Filter {
    pub(super) fn pattern(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
    }
}

/// How many stories one filtered window read searches in each direction.
pub const FILTER_SCAN: usize = 2_500;

/// A closed sprint with its velocity record.
#[derive(Clone, Debug)]
pub struct SprintRecord {
    /// The sprint.
    pub sprint: Sprint,
    /// What it delivered.
    pub record: VelocityRecord,
}

/// A select list whose columns are named once: the SQL text and an index
/// per column name come from the same list, so a mapper reads
/// `r.get(C::title as usize)` — by name, with no position counted by hand,
/// and without rusqlite's per-row name lookup (which doubled the cost of a
/// window read when tried).
macro_rules! select_list {
    ($(#[$doc:meta])* $m:ident { $first:ident = $first_sql:literal $(, $col:ident = $sql:literal)* $(,)? }) => {
        $(#[$doc])*
        pub(super) mod $m {
            /// The columns, in select order.
            #[allow(non_camel_case_types, dead_code)]
            #[derive(Clone, Copy)]
            pub enum C { $first $(, $col)* }
            /// The select list.
            pub const SQL: &str = concat!($first_sql $(, ", ", $sql)*);
            /// How many columns it has (more may follow it in a query).
            #[allow(dead_code)]
            pub const COUNT: usize = [$(stringify!($col)),*].len() + 1;
        }
    };
}

select_list!(
    /// A card: what a column shows.
    card { id = "id", key = "key", title = "substr(title, 1, 400)", kind = "kind", points = "points",
    status = "status", epic_id = "epic_id", rank = "rank", sprint_id = "sprint_id", version = "version",
    assignee = "substr(assignee, 1, 100)" }
);
select_list!(
    /// A story in full.
    story { id = "id", key = "key", title = "title", description = "description", acceptance = "acceptance",
    kind = "kind", points = "points", epic_id = "epic_id", sprint_id = "sprint_id", rank = "rank", status = "status",
    assignee = "assignee", labels = "labels", created_at = "created_at", started_at = "started_at",
    done_at = "done_at", version = "version" }
);
select_list!(
    /// A sprint (`s`) with its tally (`t`).
    sprint { id = "s.id", number = "s.number", name = "s.name", goal = "s.goal", start_date = "s.start_date",
    end_date = "s.end_date", capacity = "s.capacity", state = "s.state", committed = "s.committed",
    version = "s.version", stories = "coalesce(t.stories, 0)", points = "coalesce(t.points, 0)",
    done = "coalesce(t.done, 0)", unestimated = "coalesce(t.unestimated, 0)" }
);
select_list!(
    /// An epic (`e`) with its tally (`t`).
    epic { id = "e.id", key = "e.key", title = "e.title", description = "e.description",
    objective_id = "e.objective_id", quarter = "e.quarter", colour = "e.colour", rank = "e.rank",
    version = "e.version", stories = "coalesce(t.stories, 0)", points = "coalesce(t.points, 0)",
    done = "coalesce(t.done, 0)", unestimated = "coalesce(t.unestimated, 0)" }
);
select_list!(
    /// A risk.
    risk { id = "id", title = "title", description = "description", probability = "probability",
    impact = "impact", response = "response", owner = "owner", status = "status", epic_id = "epic_id",
    version = "version" }
);
select_list!(
    /// A place's tally on its own.
    tally { stories = "stories", points = "points", done = "done", unestimated = "unestimated" }
);

pub(super) const CARD_COLUMNS: &str = card::SQL;
pub(super) const STORY_COLUMNS: &str = story::SQL;
pub(super) const SPRINT_COLUMNS: &str = sprint::SQL;
pub(super) const EPIC_COLUMNS: &str = epic::SQL;
pub(super) const RISK_COLUMNS: &str = risk::SQL;

pub(super) fn card(r: &Row) -> rusqlite::Result<Card> {
    use card::C;
    Ok(Card {
        id: r.get(C::id as usize)?,
        key: r.get(C::key as usize)?,
        title: r.get(C::title as usize)?,
        kind: r.get(C::kind as usize)?,
        points: r.get(C::points as usize)?,
        status: r.get(C::status as usize)?,
        epic: r.get(C::epic_id as usize)?,
        rank: r.get(C::rank as usize)?,
        place: Place::from_sprint(r.get(C::sprint_id as usize)?),
        version: r.get(C::version as usize)?,
        assignee: r.get(C::assignee as usize)?,
    })
}

pub(super) fn time_col(r: &Row, i: usize) -> rusqlite::Result<Option<chrono::NaiveDateTime>> {
    Ok(r.get::<_, Option<String>>(i)?.and_then(|s| values::parse_time(&s)))
}

pub(super) fn story(r: &Row) -> rusqlite::Result<Story> {
    use story::C;
    let labels: String = r.get(C::labels as usize)?;
    Ok(Story {
        id: r.get(C::id as usize)?,
        key: r.get(C::key as usize)?,
        place: Place::from_sprint(r.get(C::sprint_id as usize)?),
        rank: r.get(C::rank as usize)?,
        created: time_col(r, C::created_at as usize)?.unwrap_or_default(),
        version: r.get(C::version as usize)?,
        fields: StoryFields {
            title: r.get(C::title as usize)?,
            description: r.get(C::description as usize)?,
            acceptance: r.get(C::acceptance as usize)?,
            kind: r.get(C::kind as usize)?,
            points: r.get(C::points as usize)?,
            epic: r.get(C::epic_id as usize)?,
            status: r.get(C::status as usize)?,
            assignee: r.get(C::assignee as usize)?,
            labels: parse_labels(&labels),
            started: time_col(r, C::started_at as usize)?,
            done: time_col(r, C::done_at as usize)?,
        },
    })
}

/// A tally whose four columns start at `first` (in `tally`'s order).
pub(super) fn tally_at(r: &Row, first: usize) -> rusqlite::Result<Tally> {
    use tally::C;
    Ok(Tally {
        stories: r.get(first + C::stories as usize)?,
        points: r.get(first + C::points as usize)?,
        done: r.get(first + C::done as usize)?,
        unestimated: r.get(first + C::unestimated as usize)?,
    })
}

pub(super) fn date_col(r: &Row, i: usize) -> rusqlite::Result<chrono::NaiveDate> {
    let s: String = r.get(i)?;
    values::parse_date(&s).ok_or_else(|| rusqlite::Error::InvalidColumnType(i, s, rusqlite::types::Type::Text))
}

pub(super) fn sprint(r: &Row) -> rusqlite::Result<Sprint> {
    use sprint::C;
    Ok(Sprint {
        id: r.get(C::id as usize)?,
        tally: tally_at(r, C::stories as usize)?,
        version: r.get(C::version as usize)?,
        fields: SprintFields {
            number: r.get(C::number as usize)?,
            name: r.get(C::name as usize)?,
            goal: r.get(C::goal as usize)?,
            start: date_col(r, C::start_date as usize)?,
            end: date_col(r, C::end_date as usize)?,
            capacity: r.get(C::capacity as usize)?,
            state: r.get(C::state as usize)?,
            committed: r.get(C::committed as usize)?,
        },
    })
}

pub(super) fn epic(r: &Row) -> rusqlite::Result<Epic> {
    use epic::C;
    Ok(Epic {
        id: r.get(C::id as usize)?,
        key: r.get(C::key as usize)?,
        rank: r.get(C::rank as usize)?,
        tally: tally_at(r, C::stories as usize)?,
        version: r.get(C::version as usize)?,
        fields: EpicFields {
            title: r.get(C::title as usize)?,
            description: r.get(C::description as usize)?,
            objective: r.get(C::objective_id as usize)?,
            quarter: r.get(C::quarter as usize)?,
            colour: r.get(C::colour as usize)?,
        },
    })
}

pub(super) fn risk(r: &Row) -> rusqlite::Result<Risk> {
    use risk::C;
    Ok(Risk {
        id: r.get(C::id as usize)?,
        version: r.get(C::version as usize)?,
        fields: RiskFields {
            title: r.get(C::title as usize)?,
            description: r.get(C::description as usize)?,
            probability: r.get(C::probability as usize)?,
            impact: r.get(C::impact as usize)?,
            response: r.get(C::response as usize)?,
            owner: r.get(C::owner as usize)?,
            status: r.get(C::status as usize)?,
            epic: r.get(C::epic_id as usize)?,
        },
    })
}

/// The columns a story's fields are written to, with their values: with
/// `story` above, the one place that maps [`StoryFields`] to SQL.
pub(super) fn story_values(f: &StoryFields) -> [(&'static str, Value); 11] {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
    [
        ("title", text(&f.title)),
        ("description", text(&f.description)),
        ("acceptance", text(&f.acceptance)),
        ("kind", text(f.kind.as_str())),
        ("points", opt(f.points.map(|p| Value::Integer(p.hundredths())))),
        ("epic_id", opt(f.epic.map(|e| Value::Integer(e.0)))),
        ("status", text(f.status.as_str())),
        ("assignee", text(&f.assignee)),
        ("labels", Value::Text(f.labels.join(", "))),
        ("started_at", opt(f.started.map(|t| Value::Text(values::time_text(t))))),
        ("done_at", opt(f.done.map(|t| Value::Text(values::time_text(t))))),
    ]
}

/// `UPDATE story SET <every field column> WHERE id = ?1`, built once from
/// [`story_values`].
pub(super) fn update_story_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let sets: Vec<String> = story_values(&StoryFields::default())
            .iter()
            .enumerate()
            .map(|(i, (col, _))| format!("{col} = ?{}", i + 2))
            .collect();
        format!("UPDATE story SET {} WHERE id = ?1", sets.join(", "))
    })
}

/// `INSERT INTO story (key, sprint_id, rank, created_at, <every field column>)`,
/// built once from [`story_values`].
pub(super) fn insert_story_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let fields = story_values(&StoryFields::default());
        let cols: Vec<&str> =
            ["key", "sprint_id", "rank", "created_at"].into_iter().chain(fields.iter().map(|(c, _)| *c)).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!("INSERT INTO story ({}) VALUES ({})", cols.join(", "), marks.join(", "))
    })
}
