//! Opening each dialog with its defaults, and saving what the user filled in.

use crate::domain::*;
use crate::ops;
use crate::store::{Card, EpicFields, NewStory, Reads, StoryFields};
use crate::tui::form::{Field, Form};
use crate::tui::keymap::{Layer, LayerAction};
use crate::tui::popup::{FormFor, Pending, Pick, Picker, Popup, Target};
use crate::tui::session::epic_label;
use crate::tui::session::{Column, Session};

fn epic_options(app: &Session) -> (Vec<String>, Vec<Option<EpicId>>) {
    let mut labels = vec!["(no epic)".to_string()];
    let mut ids = vec![None];
    for e in &app.data.epics {
        labels.push(epic_label(e));
        ids.push(Some(e.id));
    }
    (labels, ids)
}

fn story_form(app: &Session, title: String, row: &StoryFields) -> Form {
    let (epics, ids) = epic_options(app);
    let epic_index = ids.iter().position(|id| *id == row.epic).unwrap_or(0);
    let kind_index = Kind::ALL.iter().position(|k| *k == row.kind).unwrap_or(0);
    let mut form = Form::new(
        title,
        vec![
            Field::line("Title", &row.title),
            Field::choice("Kind", Kind::ALL.iter().map(|k| k.to_string()).collect(), kind_index),
            Field::line("Points", &row.points.map_or(String::new(), |p| p.to_string())),
            Field::choice("Epic", epics, epic_index),
        ],
    );
    // Presenter mode shows no names, in forms either.
    if !app.presenter {
        form.fields.push(Field::line("Assignee", &row.assignee));
    }
    form.fields.extend([
        Field::line("Labels", &row.labels.join(", ")),
        Field::text("Description", &row.description),
        Field::text("Acceptance", &row.acceptance),
    ]);
    form
}

/// `n` in a story column: a new story just below the focused card.
pub fn open_new_story(app: &mut Session) {
    let Column::Stories(place) = app.focused_column() else { return open_new_epic(app) };
    let position = app.focused_card().map_or(Position::Bottom, |c| Position::After(c.id));
    open_new_story_at(app, place, position);
}

/// The new-story form for a place and position.
pub fn open_new_story_at(app: &mut Session, place: Place, position: Position) {
    let where_ = match place {
        Place::Backlog => "Backlog".to_string(),
        Place::Sprint(id) => app.store.sprint(id).ok().flatten().map_or("sprint".into(), |s| s.fields.name),
    };
    let mut form = story_form(app, format!("New story in {where_}"), &StoryFields::default());
    super::blocked_by::add_field(&app.store, &mut form, None);
    app.popup = Some(Popup::Form(Box::new(form), FormFor::NewStory(place, position)));
}

/// `e`/`Enter` on a story: its details, editable.
pub fn open_edit_story(app: &mut Session, id: StoryId) {
    match app.store.story(id) {
        Ok(Some(s)) => {
            let shown = s.fields.clone();
            let mut form =
                story_form(app, format!("{} · {} {}", s.key, s.fields.status.symbol(), s.fields.status), &shown);
            super::blocked_by::add_field(&app.store, &mut form, Some(id));
            app.popup = Some(Popup::Form(Box::new(form), FormFor::Story(id, Box::new(shown))));
        }
        Ok(None) => app.say(Err("That story no longer exists".into())),
        Err(e) => app.say(Err(e.to_string())),
    }
}

fn epic_form(app: &Session, title: String, row: &EpicFields) -> Form {
    let objectives = app.store.objectives().unwrap_or_default();
    let mut labels = vec!["(none)".to_string()];
    labels.extend(objectives.iter().map(|o| text::fit(&o.title, 50)));
    let index = objectives.iter().position(|o| Some(o.id) == row.objective).map_or(0, |i| i + 1);
    Form::new(
        title,
        vec![
            Field::line("Title", &row.title),
            Field::line("Quarter", &row.quarter.map_or(String::new(), |q| q.to_string())),
            Field::choice("Objective", labels, index),
            Field::text("Description", &row.description),
        ],
    )
}

/// `n` in the Roadmap column: a new epic.
pub fn open_new_epic(app: &mut Session) {
    open_new_epic_in(app, Some(Quarter::of(app.store.today())), None);
}

/// A new epic with its quarter and objective filled in (the Roadmap
/// screen's focused cell).
pub fn open_new_epic_in(app: &mut Session, quarter: Option<Quarter>, objective: Option<ObjectiveId>) {
    let row = EpicFields { quarter, objective, ..EpicFields::default() };
    let form = epic_form(app, "New epic".into(), &row);
    app.popup = Some(Popup::Form(Box::new(form), FormFor::NewEpic));
}

/// `e` on an epic.
pub fn open_edit_epic(app: &mut Session, epic: &Epic) {
    let form = epic_form(app, format!("Epic {}", epic.key), &epic.fields);
    app.popup = Some(Popup::Form(Box::new(form), FormFor::Epic(epic.id)));
}

/// `p`: the estimation scale; typing a number also works.
pub fn open_estimate(app: &mut Session, card: &Card) {
    let mut options: Vec<(String, Pick)> =
        app.settings.scale.values().iter().map(|p| (format!("{p} pts"), Pick::Points(Some(*p)))).collect();
    options.push(("unestimated".into(), Pick::Points(None)));
    let selected = options.iter().position(|(_, v)| *v == Pick::Points(card.points)).unwrap_or(0);
    let key = |a| app.keymap.layer_key(Layer::Picker, a);
    let how = format!(
        "Type a number or pick with {}{}, {}",
        key(LayerAction::Up),
        key(LayerAction::Down),
        key(LayerAction::Choose)
    );
    app.popup = Some(Popup::Picker(Picker {
        title: format!("Estimate {}", card.key),
        lines: vec![text::fit(&card.title, 60), how],
        options,
        selected,
        typed: String::new(),
        target: Target::Story(card.into()),
    }));
}

/// `m`: move to backlog top/bottom or any open sprint.
pub fn open_move_to(app: &mut Session, card: &Card) {
    let mut options = vec![
        ("Backlog · top".to_string(), Pick::Place(Place::Backlog, Position::Top)),
        ("Backlog · bottom".to_string(), Pick::Place(Place::Backlog, Position::Bottom)),
    ];
    for s in &app.data.open_sprints {
        let cap = s.fields.capacity.map_or(String::new(), |c| format!("/{c}"));
        let state = if s.fields.state == SprintState::Active { "▶ active" } else { "planned" };
        let here = if card.place == Place::Sprint(s.id) { " · it is here" } else { "" };
        options.push((
            format!("{} ({state}) · {}{cap} pts{here}", s.fields.name, s.tally.points),
            Pick::Place(Place::Sprint(s.id), Position::Bottom),
        ));
    }
    // The first planned sprint (SPEC §3: never the active one, whose scope
    // a move would change), else the first place the story is not in.
    let planned =
        app.data.open_sprints.iter().filter(|s| s.fields.state == SprintState::Planned).map(|s| Place::Sprint(s.id));
    let target = planned.into_iter().find(|p| *p != card.place);
    let selected = options
        .iter()
        .position(|(_, v)| matches!(v, Pick::Place(p, _) if Some(*p) == target))
        .or_else(|| options.iter().position(|(_, v)| matches!(v, Pick::Place(p, _) if *p != card.place)))
        .unwrap_or(0);
    app.popup = Some(Popup::Picker(Picker {
        title: format!("Move {} to…", card.key),
        lines: vec![text::fit(&card.title, 60), "Type a sprint's number to jump to it".into()],
        options,
        selected,
        typed: String::new(),
        target: Target::Story(card.into()),
    }));
}

/// `a`: assign to an epic.
pub fn open_assign_epic(app: &mut Session, card: &Card) {
    let (labels, ids) = epic_options(app);
    let options: Vec<(String, Pick)> = labels.into_iter().zip(ids).map(|(l, id)| (l, Pick::Epic(id))).collect();
    let selected = options.iter().position(|(_, v)| *v == Pick::Epic(card.epic)).unwrap_or(0);
    app.popup = Some(Popup::Picker(Picker {
        title: format!("Epic of {}", card.key),
        lines: vec![text::fit(&card.title, 60)],
        options,
        selected,
        typed: String::new(),
        target: Target::Story(card.into()),
    }));
}

/// `x` on a story.
pub fn open_delete_story(app: &mut Session, card: &Card) {
    app.popup = Some(Popup::Confirm {
        title: format!("Delete {}?", card.key),
        lines: vec![ops::story_words(&card.key, &card.title, card.points), "u undoes it.".into()],
        yes: "delete".into(),
        pending: Pending::DeleteStory(card.into()),
    });
}

/// `x` on an epic.
pub fn open_delete_epic(app: &mut Session, epic: &Epic) {
    app.popup = Some(Popup::Confirm {
        title: format!("Delete epic {}?", epic.key),
        lines: vec![
            text::fit(&epic.fields.title, 60),
            format!("Its {} stories stay, without an epic. u undoes it.", epic.tally.stories),
        ],
        yes: "delete".into(),
        pending: Pending::DeleteEpic(epic.id),
    });
}

/// Asks before deleting a planned sprint.
fn open_delete_sprint(app: &mut Session, id: SprintId) {
    let Some(s) = app.data.open_sprints.iter().find(|s| s.id == id) else { return };
    app.popup = Some(Popup::Confirm {
        title: format!("Delete {}?", s.fields.name),
        lines: vec![
            format!("Its {} stories ({} pts) go to the top of the backlog.", s.tally.stories, s.tally.points),
            "u undoes it.".into(),
        ],
        yes: "delete".into(),
        pending: Pending::DeleteSprint(id),
    });
}

/// Saves a form; on a refusal the form stays open and shows why.
pub fn save_form(app: &mut Session, mut form: Box<Form>, purpose: FormFor) {
    // Deleting a sprint from its form is a delete like any other: asked,
    // with cancel as the default.
    if let FormFor::Sprint(id) = purpose
        && form.get("Sprint").is_some_and(|f| f.index() == 1)
    {
        return open_delete_sprint(app, id);
    }
    match save(app, &form, purpose.clone()) {
        Ok(done) => {
            let planned = purpose == FormFor::NewSprint;
            app.after_op(Ok(done));
            if planned {
                // The new sprint is the last column: show it beside the
                // Backlog, where the stories to fill it come from.
                app.show_column(app.columns().len() - 1);
            }
        }
        Err(why) => {
            form.error = Some(why);
            app.popup = Some(Popup::Form(form, purpose));
        }
    }
}

fn story_row_from(app: &Session, form: &Form, mut row: StoryFields) -> Result<StoryFields, String> {
    let (_, epic_ids) = epic_options(app);
    row.title = form.field("Title").value();
    row.kind = Kind::ALL.get(form.field("Kind").index()).copied().unwrap_or_default();
    row.points = Points::parse_optional(&form.field("Points").value())?;
    row.epic = epic_ids.get(form.field("Epic").index()).copied().flatten();
    if let Some(f) = form.get("Assignee") {
        row.assignee = f.value();
    }
    row.labels = parse_labels(&form.field("Labels").value());
    row.description = form.field("Description").value();
    row.acceptance = form.field("Acceptance").value();
    Ok(row)
}

/// A form's date field, or a sentence saying what is wrong with it.
fn form_date(form: &Form, label: &str) -> Result<chrono::NaiveDate, String> {
    let v = form.field(label).value();
    chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .map_err(|_| format!("{label} \"{v}\" is not a date like 2026-11-23"))
}

fn save(app: &mut Session, form: &Form, purpose: FormFor) -> Result<ops::Done, String> {
    let e = |e: ops::Error| e.to_string();
    match purpose {
        FormFor::NewStory(place, position) => {
            let row = story_row_from(app, form, StoryFields::default())?;
            let new = NewStory { row, place: place.sprint_id(), ..NewStory::default() };
            let (key, mut done) = ops::add_story(&mut app.store, new, position).map_err(e)?;
            if let Ok(Some(s)) = app.store.story_by_key(&key) {
                // The story exists now: a refused link is said, not lost.
                match super::blocked_by::sync(&mut app.store, s.id, &super::blocked_by::typed_keys(form)) {
                    Ok(said) => said.iter().for_each(|w| done.message.push_str(&format!(" · {w}"))),
                    Err(why) => done.message.push_str(&format!(" · not linked: {why}")),
                }
                let rows = app.card_rows(place);
                let row = app.cursors.get(&place).map_or(0, |c| (c.row + 1).min(rows.saturating_sub(1)));
                app.cursors.insert(place, crate::tui::columns::Cursor { story: Some(s.id), rank: Some(s.rank), row });
            }
            Ok(done)
        }
        FormFor::Story(id, shown) => {
            let edited = story_row_from(app, form, (*shown).clone())?;
            // Links first: a loop refused keeps the form open, nothing saved.
            let said = super::blocked_by::sync(&mut app.store, id, &super::blocked_by::typed_keys(form))?;
            if edited == *shown
                && let Some(said) = &said
            {
                return Ok(ops::Done { message: said.clone() });
            }
            let mut done = ops::edit_story_from_form(&mut app.store, id, &shown, &edited).map_err(e)?;
            if let Some(w) = said {
                done.message.push_str(&format!(" · {w}"));
            }
            Ok(done)
        }
        FormFor::NewEpic | FormFor::Epic(_) => {
            let quarter_text = form.field("Quarter").value();
            let quarter = if quarter_text.is_empty() { None } else { Some(quarter_text.parse::<Quarter>()?) };
            let objectives = app.store.objectives().map_err(|e| e.to_string())?;
            let objective =
                form.field("Objective").index().checked_sub(1).and_then(|i| objectives.get(i)).map(|o| o.id);
            // Start from the epic as it is, so fields the form does not show
            // (its colour) are kept.
            let base = match purpose {
                FormFor::Epic(id) => {
                    app.data.epics.iter().find(|e| e.id == id).map(|e| e.fields.clone()).unwrap_or_default()
                }
                _ => EpicFields::default(),
            };
            let row = EpicFields {
                title: form.field("Title").value(),
                description: form.field("Description").value(),
                objective,
                quarter,
                ..base
            };
            match purpose {
                FormFor::Epic(id) => ops::edit_epic(&mut app.store, id, row).map_err(e),
                _ => {
                    let (id, done) = ops::add_epic(&mut app.store, row).map_err(e)?;
                    // The Roadmap screen focuses the epic it just added.
                    app.roadmap.epic = Some(id);
                    Ok(done)
                }
            }
        }
        FormFor::NewObjective => {
            let o = crate::tui::features::roadmap::objective_from(form, ObjectiveId(0));
            let (id, done) = ops::add_objective(&mut app.store, &o.title, &o.description, &o.metric).map_err(e)?;
            // The Roadmap screen focuses the objective it just added.
            app.roadmap.objective = Some(id);
            Ok(done)
        }
        FormFor::Objective(id) => {
            ops::edit_objective(&mut app.store, crate::tui::features::roadmap::objective_from(form, id)).map_err(e)
        }
        FormFor::NewRisk => {
            let row = crate::tui::features::risks::risk_row(form, &app.data.epics);
            let (id, done) = ops::add_risk(&mut app.store, row).map_err(e)?;
            app.risk_follow = Some(id);
            Ok(done)
        }
        FormFor::Risk(id) => {
            app.risk_follow = Some(id);
            ops::edit_risk(&mut app.store, id, crate::tui::features::risks::risk_row(form, &app.data.epics)).map_err(e)
        }
        FormFor::Sprint(id) => {
            let date = |label: &str| form_date(form, label);
            let old = app.store.sprint(id).map_err(|e| e.to_string())?.ok_or("that sprint no longer exists")?;
            let fields = SprintFields {
                name: form.field("Name").value(),
                goal: form.field("Goal").value(),
                start: date("Start")?,
                end: date("End")?,
                capacity: Points::parse_optional(&form.field("Capacity").value())?,
                ..old.fields
            };
            ops::edit_sprint(&mut app.store, id, fields).map_err(e)
        }
        FormFor::StartSprint(id) => {
            let date = |label: &str| form_date(form, label);
            let dates = (date("Start")?, date("End")?);
            let settings = app.settings.clone();
            ops::start_sprint_on(&mut app.store, &settings, id, Some(dates)).map_err(e)
        }
        FormFor::NewMember | FormFor::Member(_) | FormFor::NewDayOff | FormFor::SetBudget | FormFor::NewExpense => {
            crate::tui::features::budget::save(app, form, purpose)
        }
        FormFor::NewSprint => {
            let date = |label: &str| form_date(form, label);
            let capacity = Points::parse_optional(&form.field("Capacity").value())?;
            let draft = ops::SprintDraft {
                name: Some(form.field("Name").value()),
                goal: form.field("Goal").value(),
                start: Some(date("Start")?),
                end: Some(date("End")?),
                capacity,
            };
            let settings = app.settings.clone();
            ops::new_sprint(&mut app.store, &settings, draft).map(|(_, d)| d).map_err(e)
        }
    }
}
