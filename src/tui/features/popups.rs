//! Keys while a popup is open: the popup's layer of the keymap first, then
//! (in pickers and forms) the key as typed text; confirming runs the
//! operation it stands for.

use crate::domain::*;
use crate::ops;
use crate::tui::features::dialogs::save_form;
use crate::tui::form::FormKey;
use crate::tui::keymap::{Key, Layer, LayerAction};
use crate::tui::popup::*;
use crate::tui::session::Session;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Handles a key while a popup is open: the popup's layer of the keymap
/// first, then (in pickers and forms) the key as typed text.
pub fn handle_key(app: &mut Session, key: KeyEvent) {
    use LayerAction as L;
    let Some(popup) = app.popup.take() else { return };
    let k = Key::from_event(key);
    let cancelled = "Cancelled: nothing changed";
    match popup {
        Popup::Help { scroll } => match app.keymap.in_layer(Layer::Help, k) {
            Some(L::Down) => app.popup = Some(Popup::Help { scroll: scroll + 1 }),
            Some(L::Up) => app.popup = Some(Popup::Help { scroll: scroll.saturating_sub(1) }),
            Some(L::PageDown) => app.popup = Some(Popup::Help { scroll: scroll + 10 }),
            Some(L::PageUp) => app.popup = Some(Popup::Help { scroll: scroll.saturating_sub(10) }),
            // Close, and any other key: help is only read.
            _ => {}
        },
        Popup::Confirm { title, lines, yes, pending } => match app.keymap.in_layer(Layer::Confirm, k) {
            // The highlighted choice: cancel when confirming would destroy.
            Some(L::Default) if pending.destroys() => app.say(Ok(cancelled.into())),
            Some(L::Yes | L::Default) => confirm(app, pending),
            Some(L::No) => app.say(Ok(cancelled.into())),
            _ => app.popup = Some(Popup::Confirm { title, lines, yes, pending }),
        },
        Popup::Picker(mut p) => {
            let last = p.options.len().saturating_sub(1);
            match app.keymap.in_layer(Layer::Picker, k) {
                Some(L::Cancel) => return app.say(Ok(cancelled.into())),
                Some(L::Choose) => return picked(app, p),
                Some(L::Down) => p.selected = (p.selected + 1).min(last),
                Some(L::Up) => p.selected = p.selected.saturating_sub(1),
                Some(L::First) => p.selected = 0,
                Some(L::Last) => p.selected = last,
                // Typed digits pick an estimate (text entry, not keys).
                _ => match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() || c == '.' || c == ',' => {
                        p.typed.push(c);
                        select_typed(&mut p, &app.data.open_sprints);
                    }
                    KeyCode::Backspace => {
                        p.typed.pop();
                        select_typed(&mut p, &app.data.open_sprints);
                    }
                    _ => {}
                },
            }
            app.popup = Some(Popup::Picker(p));
        }
        Popup::Form(mut form, purpose) => {
            // Any other key after Ctrl-C takes back its warning.
            form.quit_asked = false;
            match form.key(key, app.keymap.in_layer(Layer::Form, k)) {
                FormKey::Editing => app.popup = Some(Popup::Form(form, purpose)),
                FormKey::Cancel => app.say(Ok(cancelled.into())),
                FormKey::Save => save_form(app, form, purpose),
            }
        }
        Popup::Palette(palette) => crate::tui::features::palette::handle_key(app, palette, key),
    }
}

/// In the estimate picker, typing a number highlights that value; a
/// number off the scale is added as an option of its own. In the move
/// picker, typing a sprint's number highlights that sprint, so the third
/// planned sprint is one keystroke away rather than four hops.
fn select_typed(p: &mut Picker, sprints: &[Sprint]) {
    if p.options.iter().any(|(_, v)| matches!(v, Pick::Place(..))) {
        let Ok(number) = p.typed.parse::<i64>() else { return };
        let Some(sprint) = sprints.iter().find(|s| s.fields.number == number) else { return };
        if let Some(i) =
            p.options.iter().position(|(_, v)| matches!(v, Pick::Place(Place::Sprint(id), _) if *id == sprint.id))
        {
            p.selected = i;
        }
        return;
    }
    if !p.options.iter().any(|(_, v)| matches!(v, Pick::Points(_))) {
        return;
    }
    p.options.retain(|(label, _)| !label.ends_with("(typed)"));
    let Ok(points) = Points::parse(&p.typed) else { return };
    match p.options.iter().position(|(_, v)| *v == Pick::Points(Some(points))) {
        Some(i) => p.selected = i,
        None => {
            p.options.push((format!("{points} pts (typed)"), Pick::Points(Some(points))));
            p.selected = p.options.len() - 1;
        }
    }
}

fn confirm(app: &mut Session, pending: Pending) {
    let result = match pending {
        Pending::DeleteStory(story) => {
            let keep = app.cursors.clone();
            if let crate::tui::session::Column::Stories(place) = app.focused_column() {
                app.step_cursor_off(place, story.id);
            }
            let r = ops::delete_story(&mut app.store, story);
            if r.is_err() {
                app.cursors = keep;
            }
            r
        }
        Pending::DeleteEpic(id) => ops::delete_epic(&mut app.store, id),
        Pending::DeleteRisk(id) => ops::delete_risk(&mut app.store, id),
        Pending::DeleteObjective(id) => ops::delete_objective(&mut app.store, id),
        Pending::DeleteSprint(id) => ops::delete_sprint(&mut app.store, id),
        Pending::RemoveMember(member) => ops::remove_member(&mut app.store, member),
        Pending::RemoveDayOff(id) => ops::remove_day_off(&mut app.store, id),
    };
    app.after_op(result);
}

fn picked(app: &mut Session, p: Picker) {
    let Some((_, value)) = p.options.get(p.selected).cloned() else { return };
    let settings = app.settings.clone();
    match (p.target, value) {
        (Target::Story(id), Pick::Points(points)) => {
            let r = ops::estimate(&mut app.store, id, points);
            app.after_op(r);
        }
        (Target::Story(id), Pick::Epic(epic)) => {
            let r = ops::set_epic(&mut app.store, id, epic);
            app.after_op(r);
        }
        (Target::Story(id), Pick::Place(place, position)) => app.send_focused_to(id, place, position),
        (Target::Sprint(id), Pick::Unfinished(u)) => {
            let r = ops::close_sprint(&mut app.store, &settings, id, u);
            if r.is_ok() && u == Unfinished::Backlog {
                // What came back sits at the top of the backlog: show it there.
                app.cursors.remove(&Place::Backlog);
            }
            app.after_op(r);
        }
        (Target::Sprint(id), Pick::StartOn(start, end)) => {
            let r = ops::start_sprint_on(&mut app.store, &settings, id, Some((start, end)));
            app.after_op(r);
        }
        (Target::Sprint(id), Pick::StartOnTyped(start, end)) => {
            crate::tui::features::sprint_dialogs::open_start_dates(app, id, start, end)
        }
        _ => {}
    }
}
