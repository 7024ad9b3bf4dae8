//! The sprint dialogs: plan (`S`), edit or delete (`E`), start (`s`) and
//! close (`C`).

use crate::domain::*;
use crate::ops;
use crate::store::Reads;
use crate::tui::form::{Field, Form};
use crate::tui::popup::{FormFor, Pick, Picker, Popup, Target};
use crate::tui::session::Session;

/// `S`: a new sprint with defaults filled in.
pub fn open_new_sprint(app: &mut Session) {
    let today = app.store.today();
    match ops::sprint_defaults(&app.store, &app.settings, today) {
        Ok(d) => {
            let form = Form::new(
                "Plan a new sprint",
                vec![
                    Field::line("Name", &d.name),
                    Field::line("Start", &d.start.to_string()),
                    Field::line("End", &d.end.to_string()),
                    Field::line("Capacity", &d.capacity.map_or(String::new(), |c| c.to_string())),
                    Field::text("Goal", ""),
                ],
            );
            app.popup = Some(Popup::Form(Box::new(form), FormFor::NewSprint));
        }
        Err(e) => app.say(Err(e.to_string())),
    }
}

/// The choices of a sprint form's last field.
const KEEP_OR_DELETE: [&str; 2] = ["keep it", "delete it: its stories go to the top of the backlog"];

/// `E`: the focused sprint's name, dates, capacity and goal, editable; a
/// planned sprint may be deleted from here (undo brings it back).
pub fn open_edit_sprint(app: &mut Session) {
    let Some(sprint) = crate::tui::session::focused_sprint(app) else {
        return app.say(Err(where_sprint_keys_work(app, "edit a sprint", "E")));
    };
    let f = &sprint.fields;
    let mut fields = vec![
        Field::line("Name", &f.name),
        Field::line("Start", &f.start.to_string()),
        Field::line("End", &f.end.to_string()),
        Field::line("Capacity", &f.capacity.map_or(String::new(), |c| c.to_string())),
        Field::text("Goal", &f.goal),
    ];
    if f.state == SprintState::Planned {
        fields.push(Field::choice("Sprint", KEEP_OR_DELETE.iter().map(|s| s.to_string()).collect(), 0));
    }
    let form = Form::new(format!("{} · {}", f.name, f.state), fields);
    app.popup = Some(Popup::Form(Box::new(form), FormFor::Sprint(sprint.id)));
}

/// `s`: start the focused planned sprint, after showing what it commits.
pub fn open_start_sprint(app: &mut Session) {
    let Some(sprint) = crate::tui::session::focused_sprint(app).filter(|s| s.fields.state == SprintState::Planned)
    else {
        return app.say(Err(where_sprint_keys_work(app, "start a planned sprint", "s")));
    };
    match ops::start_preview(&app.store, &app.settings, sprint.id) {
        Ok(p) => {
            let mut lines =
                vec![format!("{} · {} – {}", p.sprint.fields.name, p.sprint.fields.start, p.sprint.fields.end)];
            if !p.sprint.fields.goal.is_empty() {
                lines.push(format!("Goal: {}", text::fit(&p.sprint.fields.goal, 60)));
            }
            lines.push(format!("Committing {} stories, {} pts", p.sprint.tally.stories, p.committed));
            lines.push(match p.sprint.fields.capacity {
                Some(c) if p.committed > c => format!("▲ over capacity: {} / {c} pts", p.committed),
                Some(c) => format!("capacity: {} / {c} pts", p.committed),
                None => "no capacity set".into(),
            });
            lines.push(match p.average {
                Some(v) if p.committed > v => format!("▲ over average velocity: {} / {v} pts", p.committed),
                Some(v) => format!("average velocity: {v} pts"),
                None => "no velocity yet (no closed sprint)".into(),
            });
            if p.sprint.tally.unestimated > 0 {
                lines.push(format!("{} stories are unestimated", p.sprint.tally.unestimated));
            }
            // Why the team's days suggest what they do (a board with members),
            // and stories planned before (or with) a blocker that is not done.
            if let Some(why) = &p.capacity_reason {
                lines.push(format!("Team: {why}"));
            }
            lines.extend(p.blocked.iter().map(|w| format!("⊘ {w}")));
            // The dates it starts on: today by default when the planned start
            // is another day (a sprint started early must not read "20 days
            // left" for 14 days of work), keeping its length.
            let f = &p.sprint.fields;
            let today = app.store.today();
            let span = |start: chrono::NaiveDate, end: chrono::NaiveDate| {
                format!("{} – {}", start.format("%b %-d"), end.format("%b %-d"))
            };
            let planned = (f.start, f.end);
            let mut options = vec![(
                format!("Start on the planned dates ({})", span(f.start, f.end)),
                Pick::StartOn(planned.0, planned.1),
            )];
            let mut default = planned;
            if f.start != today {
                let end = today + (f.end - f.start);
                options.insert(0, (format!("Start today ({})", span(today, end)), Pick::StartOn(today, end)));
                default = (today, end);
            }
            options.push(("Start on other dates… (type them)".into(), Pick::StartOnTyped(default.0, default.1)));
            open_sprint_picker(app, format!("Start {}?", f.name), lines, options, p.sprint.id);
        }
        Err(e) => app.say(Err(e.to_string())),
    }
}

/// The start dialog's "other dates": a form with the first and last day.
pub fn open_start_dates(app: &mut Session, id: SprintId, start: chrono::NaiveDate, end: chrono::NaiveDate) {
    let name = app.data.open_sprints.iter().find(|s| s.id == id).map_or(String::new(), |s| s.fields.name.clone());
    let form = Form::new(
        format!("Start {name} on"),
        vec![Field::line("Start", &start.to_string()), Field::line("End", &end.to_string())],
    );
    app.popup = Some(Popup::Form(Box::new(form), FormFor::StartSprint(id)));
}

/// `C`: close the active sprint; asks where unfinished stories go.
pub fn open_close_sprint(app: &mut Session) {
    let active = match app.store.active_sprint() {
        Ok(Some(s)) => s,
        Ok(None) => return app.say(Err("No sprint is active; start one with s on a planned sprint".into())),
        Err(e) => return app.say(Err(e.to_string())),
    };
    match ops::close_preview(&app.store, active.id) {
        Ok(p) => {
            let r = &p.record;
            let mut lines = vec![
                format!("Completed {} of {} committed pts", r.completed, r.committed),
                format!("Added after start {} pts · removed {} pts", r.added, r.removed),
            ];
            if p.unfinished.is_empty() {
                lines.push("Every story is done.".into());
            } else {
                let n = p.unfinished.len();
                let noun = if n == 1 { "story" } else { "stories" };
                lines.push(format!("{n} unfinished {noun} ({} pts):", r.carried_over));
                for s in p.unfinished.iter().take(6) {
                    lines.push(format!("  {} {} {}", s.status.symbol(), s.key, text::fit(&s.title, 44)));
                }
                if p.unfinished.len() > 6 {
                    lines.push(format!("  … and {} more", p.unfinished.len() - 6));
                }
                lines.push("Where do they go?".into());
            }
            let next = app
                .data
                .open_sprints
                .iter()
                .find(|s| s.fields.state == SprintState::Planned)
                .map(|s| s.fields.name.clone());
            let options = vec![
                ("Top of the backlog".to_string(), Pick::Unfinished(Unfinished::Backlog)),
                (
                    next.map_or("The next planned sprint (a new one)".into(), |n| {
                        format!("The next planned sprint ({n})")
                    }),
                    Pick::Unfinished(Unfinished::Next),
                ),
                ("A new sprint".to_string(), Pick::Unfinished(Unfinished::New)),
            ];
            open_sprint_picker(app, format!("Close {}", p.sprint.fields.name), lines, options, p.sprint.id);
        }
        Err(e) => app.say(Err(e.to_string())),
    }
}

/// A picker about a sprint, its first option highlighted (the default).
fn open_sprint_picker(
    app: &mut Session,
    title: String,
    lines: Vec<String>,
    options: Vec<(String, Pick)>,
    id: SprintId,
) {
    app.popup = Some(Popup::Picker(Picker {
        title,
        lines,
        options,
        selected: 0,
        typed: String::new(),
        target: Target::Sprint(id),
    }));
}

/// Where a sprint key works, said from where the user is.
fn where_sprint_keys_work(app: &Session, what: &str, key: &str) -> String {
    if app.screen == crate::tui::state::Screen::Plan {
        format!("To {what}, move the focus onto its column (l, or h) and press {key}")
    } else {
        format!("To {what}, focus its column on the Plan screen (1) and press {key}")
    }
}
