//! Keys as data: one table of default bindings with descriptions. Dispatch,
//! the footer and the help screen all read it, so they can never drift;
//! `config.toml` overrides only the actions it names (television's
//! `keymap.rs`, yazi's `keymap-default.toml`). Popups and the filter line
//! have tables of their own, one per layer (`layer.rs`), read the same way.
//! Together these are ARCHITECTURE's key modes: the screens' table (a
//! binding's [`Scope`] says on which screens it works) and one table per
//! [`Layer`] (picker, confirm, form, filter, palette, help) over them.

use super::action::Action;
pub use super::key::Key;
use super::layer::{LAYER_DEFAULTS, is_text};
pub use super::layer::{Layer, LayerAction, LayerBinding};
use super::screen_keys::DEFAULTS;
pub use super::screen_keys::{Focus, Scope};
use super::state::Screen;
use crate::config::KeyOverride;
use Action as A;

/// One binding: keys, action, where it works, what it does in words.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The action.
    pub action: Action,
    /// Its keys; the first is the one hints show.
    pub keys: Vec<Key>,
    /// Where it works.
    pub scope: Scope,
    /// Help text.
    pub description: &'static str,
    /// Footer hint word, shown when `footer_for` matches the focus.
    pub hint: Option<(&'static str, &'static [Focus])>,
}

/// The bindings in force.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
    layers: Vec<LayerBinding>,
}

/// What a config line rebinds: a screen binding or a layer's.
#[derive(Clone, Copy)]
enum Slot {
    Screen(usize),
    Layer(usize),
}

impl Keymap {
    /// The filter line's keys in words ("Enter keep · Esc clear").
    pub fn filter_hint(&self) -> String {
        format!(
            "{} keep · {} clear",
            self.layer_key(Layer::Filter, LayerAction::Apply),
            self.layer_key(Layer::Filter, LayerAction::Clear)
        )
    }

    /// The defaults, with the overrides of `config.toml` applied. Returns
    /// the problems found (each names its config line); bad entries are
    /// skipped and the defaults stay for them.
    pub fn new(overrides: &[KeyOverride]) -> (Keymap, Vec<String>) {
        let mut bindings: Vec<Binding> = DEFAULTS
            .iter()
            .map(|(action, keys, scope, description, hint)| Binding {
                action: *action,
                keys: keys.iter().map(|k| Key::parse(k).expect("default keys parse")).collect(),
                scope: *scope,
                description,
                hint: *hint,
            })
            .collect();
        let mut layers: Vec<LayerBinding> = LAYER_DEFAULTS
            .iter()
            .map(|(layer, action, keys, description)| LayerBinding {
                layer: *layer,
                action: *action,
                keys: keys.iter().map(|k| Key::parse(k).expect("default keys parse")).collect(),
                description,
            })
            .collect();
        let mut problems = Vec::new();
        // Which config line gave each key in which layer (None: the
        // screens), to report two actions given one key.
        let mut given: Vec<(Option<Layer>, Key, &str, usize)> = Vec::new();
        for o in overrides {
            let slot = match o.action.split_once('.') {
                None => match bindings.iter().position(|b| b.action.name() == o.action) {
                    Some(i) => Slot::Screen(i),
                    None => {
                        problems.push(format!("config.toml line {}: \"{}\" is not an action name", o.line, o.action));
                        continue;
                    }
                },
                Some((layer, name)) => {
                    let Some(layer) = Layer::parse(layer) else {
                        let known: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
                        problems.push(format!(
                            "config.toml line {}: \"{layer}\" is not a key layer (known: {})",
                            o.line,
                            known.join(", ")
                        ));
                        continue;
                    };
                    match layers.iter().position(|b| b.layer == layer && b.action.name() == name) {
                        Some(i) => Slot::Layer(i),
                        None => {
                            let known: Vec<&str> =
                                layers.iter().filter(|b| b.layer == layer).map(|b| b.action.name()).collect();
                            problems.push(format!(
                                "config.toml line {}: \"{name}\" is not an action of the {} keys (known: {})",
                                o.line,
                                layer.name(),
                                known.join(", ")
                            ));
                            continue;
                        }
                    }
                }
            };
            let parsed: Result<Vec<Key>, String> = o.keys.iter().map(|k| Key::parse(k)).collect();
            let keys = match parsed {
                Ok(keys) if !keys.is_empty() => keys,
                Ok(_) => {
                    problems.push(format!("config.toml line {}: {} has no keys", o.line, o.action));
                    continue;
                }
                Err(e) => {
                    problems.push(format!("config.toml line {}: {e}", o.line));
                    continue;
                }
            };
            let layer = match slot {
                Slot::Screen(_) => None,
                Slot::Layer(i) => Some(layers[i].layer),
            };
            // Where text is typed, a plain character is text: binding one
            // would make that letter impossible to type.
            if let Slot::Layer(i) = slot
                && layers[i].layer.takes_text()
                && !layers[i].action.never_meets_text()
                && let Some(k) = keys.iter().find(|k| is_text(**k))
            {
                problems.push(format!(
                    "config.toml line {}: {} cannot be {k}: in {} plain characters are typed as text (try ctrl-{k} or a key like enter, tab, f2); it keeps its defaults",
                    o.line,
                    o.action,
                    layers[i].layer.words()
                ));
                continue;
            }
            if let Some((_, k, other, line)) =
                given.iter().find(|(l, k, a, _)| *l == layer && keys.contains(k) && *a != o.action)
            {
                problems.push(format!(
                    "config.toml line {}: {k} is already given to {other} on line {line}; {} keeps its defaults",
                    o.line, o.action
                ));
                continue;
            }
            // A key given to this action is taken from any default of the
            // same table (a screen key stays usable in a dialog, and back).
            match layer {
                None => bindings.iter_mut().for_each(|b| b.keys.retain(|k| !keys.contains(k))),
                Some(l) => {
                    layers.iter_mut().filter(|b| b.layer == l).for_each(|b| b.keys.retain(|k| !keys.contains(k)))
                }
            }
            given.extend(keys.iter().map(|k| (layer, *k, o.action.as_str(), o.line)));
            match slot {
                Slot::Screen(i) => bindings[i].keys = keys,
                Slot::Layer(i) => layers[i].keys = keys,
            }
        }
        (Keymap { bindings, layers }, problems)
    }

    /// The bindings that work on a screen.
    pub fn on_screen(&self, screen: Screen) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.scope.applies(screen))
    }

    /// The action bound to a key on a screen, if any.
    pub fn resolve(&self, key: Key, screen: Screen) -> Option<Action> {
        self.on_screen(screen).find(|b| b.keys.contains(&key)).map(|b| b.action)
    }

    /// Every binding, in table order (for the help screen).
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action a key asks for inside a layer, if any.
    pub fn in_layer(&self, layer: Layer, key: Key) -> Option<LayerAction> {
        self.layer(layer).find(|b| b.keys.contains(&key)).map(|b| b.action)
    }

    /// A layer's bindings, in table order.
    pub fn layer(&self, layer: Layer) -> impl Iterator<Item = &LayerBinding> {
        self.layers.iter().filter(move |b| b.layer == layer)
    }

    /// A layer action's first key, for hints (`↑`).
    pub fn layer_key(&self, layer: Layer, action: LayerAction) -> String {
        let first = self.layer(layer).find(|b| b.action == action).and_then(|b| b.keys.first());
        first.map_or("(unbound)".into(), Key::to_string)
    }

    /// A layer action's keys for hints: the first two, `y/Enter` (a key
    /// that differs from one already shown only by case is left out).
    pub fn layer_keys(&self, layer: Layer, action: LayerAction) -> String {
        let mut shown: Vec<String> = Vec::new();
        for k in self.layer(layer).filter(|b| b.action == action).flat_map(|b| &b.keys) {
            let k = k.to_string();
            if shown.len() < 2 && !shown.iter().any(|s| s.eq_ignore_ascii_case(&k)) {
                shown.push(k);
            }
        }
        if shown.is_empty() { "(unbound)".into() } else { shown.join("/") }
    }

    /// The key hints footer for what has the focus: `L drag · p points · …`.
    pub fn footer(&self, focus: Focus, screen: Screen) -> Vec<(String, &'static str)> {
        self.on_screen(screen)
            .filter_map(|b| {
                let (word, on) = b.hint?;
                let key = b.keys.first()?;
                on.contains(&focus).then(|| (self.hint_keys(b, key), word))
            })
            .collect()
    }

    /// `H/L` for a drag pair, otherwise the first key.
    fn hint_keys(&self, b: &Binding, key: &Key) -> String {
        let pair = match b.action {
            A::DragLeft => Some(A::DragRight),
            A::DragUp => Some(A::DragDown),
            A::QuarterEarlier => Some(A::QuarterLater),
            _ => None,
        };
        match pair.and_then(|p| self.key_for(p)) {
            Some(other) => format!("{key}/{other}"),
            None => key.to_string(),
        }
    }

    /// The first key bound to an action (for hints in messages).
    pub fn key_for(&self, action: Action) -> Option<Key> {
        self.bindings.iter().find(|b| b.action == action).and_then(|b| b.keys.first().copied())
    }
}

impl Keymap {
    /// The default bindings as a Markdown table (README's key list is this,
    /// checked by a test so the two never drift).
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| keys | action | screens | config name |\n|---|---|---|---|\n");
        for b in &self.bindings {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{k}`")).collect();
            let screens = b.scope.words();
            out.push_str(&format!(
                "| {} | {} | {screens} | `{}` |\n",
                keys.join(" "),
                b.description.replace('|', "\\|"),
                b.action.name()
            ));
        }
        out
    }

    /// The keys inside popups and the filter line as a Markdown table
    /// (README lists it below the screens' keys, checked the same way).
    pub fn layer_markdown_table(&self) -> String {
        let mut out = String::from("| keys | action | in | config name |\n|---|---|---|---|\n");
        for b in &self.layers {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.to_string().replace('|', "\\|"))).collect();
            out.push_str(&format!(
                "| {} | {} | {} | `{}.{}` |\n",
                keys.join(" "),
                b.description.replace('|', "\\|"),
                b.layer.words(),
                b.layer.name(),
                b.action.name()
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn shifted_letters_match_with_or_without_the_shift_flag() {
        let (map, _) = Keymap::new(&[]);
        let ev = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(map.resolve(Key::from_event(ev), Screen::Plan), Some(Action::DragRight));
        let ev = KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT);
        assert_eq!(map.resolve(Key::from_event(ev), Screen::Plan), Some(Action::DragRight));
        let ev = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(Key::from_event(ev), Screen::Plan), Some(Action::Redo));
    }

    #[test]
    fn overrides_replace_only_the_named_action_and_report_bad_lines() {
        let overrides = vec![
            KeyOverride { action: "drag_right".into(), keys: vec!["ctrl-l".into()], line: 2 },
            KeyOverride { action: "quit".into(), keys: vec!["x".into()], line: 3 },
            KeyOverride { action: "fly".into(), keys: vec!["f".into()], line: 4 },
            KeyOverride { action: "undo".into(), keys: vec!["shift-banana".into()], line: 5 },
        ];
        let (map, problems) = Keymap::new(&overrides);
        assert_eq!(map.resolve(key("ctrl-l"), Screen::Plan), Some(Action::DragRight));
        assert_eq!(map.resolve(key("L"), Screen::Plan), None);
        // `x` now quits, and is no longer delete; Delete still deletes.
        assert_eq!(map.resolve(key("x"), Screen::Plan), Some(Action::Quit));
        assert_eq!(map.resolve(key("delete"), Screen::Plan), Some(Action::Delete));
        assert_eq!(map.resolve(key("u"), Screen::Plan), Some(Action::Undo));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("config.toml line 4: \"fly\""), "{problems:?}");
        assert!(problems[1].starts_with("config.toml line 5:"), "{problems:?}");
    }

    #[test]
    fn one_key_given_to_two_actions_is_reported_and_the_second_keeps_its_defaults() {
        let overrides = vec![
            KeyOverride { action: "undo".into(), keys: vec!["z".into()], line: 2 },
            KeyOverride { action: "redo".into(), keys: vec!["z".into()], line: 3 },
        ];
        let (map, problems) = Keymap::new(&overrides);
        assert_eq!(problems, ["config.toml line 3: z is already given to undo on line 2; redo keeps its defaults"]);
        assert_eq!(map.resolve(Key::parse("z").unwrap(), Screen::Plan), Some(Action::Undo));
        assert_eq!(map.resolve(Key::parse("U").unwrap(), Screen::Plan), Some(Action::Redo));
    }

    /// Writes README's key tables from the keymap: `SPRINTBOARD_WRITE_README=1 cargo test readme`.
    fn write_readme_tables(map: &Keymap, readme: &str) -> String {
        let start = readme.find("| keys | action | screens |").expect("README has the key table");
        let end = start + readme[start..].find("\n\n").expect("a blank line ends it") + 1;
        let mut out = format!("{}{}{}", &readme[..start], map.markdown_table(), &readme[end..]);
        let layers = map.layer_markdown_table();
        match out.find("| keys | action | in | config name |") {
            Some(start) => {
                let end = start + out[start..].find("\n\n").expect("a blank line ends it") + 1;
                out.replace_range(start..end, &layers);
            }
            None => panic!("README has no table of keys in dialogs; add a line starting with its header"),
        }
        out
    }

    #[test]
    fn readme_lists_exactly_the_default_keys() {
        let (map, _) = Keymap::new(&[]);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let mut readme = std::fs::read_to_string(path).unwrap();
        if std::env::var_os("SPRINTBOARD_WRITE_README").is_some() {
            readme = write_readme_tables(&map, &readme);
            std::fs::write(path, &readme).unwrap();
        }
        assert!(
            readme.contains(&map.markdown_table()),
            "README's key table differs from the keymap:\n{}",
            map.markdown_table()
        );
        assert!(
            readme.contains(&map.layer_markdown_table()),
            "README's table of keys in dialogs differs from the keymap:\n{}",
            map.layer_markdown_table()
        );
    }

    #[test]
    fn a_layer_key_is_taken_only_from_its_own_layer() {
        let overrides = vec![
            KeyOverride { action: "undo".into(), keys: vec!["y".into()], line: 2 },
            KeyOverride { action: "picker.choose".into(), keys: vec!["space".into(), "j".into()], line: 4 },
            KeyOverride { action: "confirm.no".into(), keys: vec!["y".into()], line: 5 },
            KeyOverride { action: "picker.cancel".into(), keys: vec!["j".into()], line: 6 },
        ];
        let (map, problems) = Keymap::new(&overrides);
        assert_eq!(
            problems,
            ["config.toml line 6: j is already given to picker.choose on line 4; picker.cancel keeps its defaults"]
        );
        // y undoes on the screens and, in a confirm dialog, now declines.
        assert_eq!(map.resolve(key("y"), Screen::Plan), Some(Action::Undo));
        assert_eq!(map.in_layer(Layer::Confirm, key("y")), Some(LayerAction::No));
        assert_eq!(map.in_layer(Layer::Confirm, key("Y")), Some(LayerAction::Yes));
        // j is taken from picker.down, not from the screens' focus down.
        assert_eq!(map.in_layer(Layer::Picker, key("j")), Some(LayerAction::Choose));
        assert_eq!(map.in_layer(Layer::Picker, key("down")), Some(LayerAction::Down));
        assert_eq!(map.resolve(key("j"), Screen::Plan), Some(Action::FocusDown));
        assert_eq!(map.in_layer(Layer::Picker, key("esc")), Some(LayerAction::Cancel));
        assert_eq!(map.layer_keys(Layer::Picker, LayerAction::Choose), "Space/j");
    }

    #[test]
    fn plain_letters_cannot_be_bound_where_text_is_typed_except_on_choices() {
        let overrides = vec![
            KeyOverride { action: "filter.apply".into(), keys: vec!["k".into()], line: 1 },
            KeyOverride { action: "palette.run".into(), keys: vec!["ctrl-j".into()], line: 2 },
            KeyOverride { action: "form.choice_next".into(), keys: vec!["n".into()], line: 3 },
            KeyOverride { action: "picker.down".into(), keys: vec!["J".into()], line: 4 },
        ];
        let (map, problems) = Keymap::new(&overrides);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("config.toml line 1: filter.apply cannot be k: in filter line"),
            "{problems:?}"
        );
        assert_eq!(map.in_layer(Layer::Filter, key("enter")), Some(LayerAction::Apply));
        assert_eq!(map.in_layer(Layer::Palette, key("ctrl-j")), Some(LayerAction::Run));
        assert_eq!(map.in_layer(Layer::Form, key("n")), Some(LayerAction::ChoiceNext));
        assert_eq!(map.in_layer(Layer::Picker, key("J")), Some(LayerAction::Down));
    }

    #[test]
    fn every_layer_action_has_a_default_key_and_no_layer_gives_one_key_twice() {
        let (map, _) = Keymap::new(&[]);
        for layer in Layer::ALL {
            let mut seen = Vec::new();
            for b in map.layer(layer) {
                assert!(!b.keys.is_empty(), "{}.{} has no key", layer.name(), b.action.name());
                for k in &b.keys {
                    assert!(!seen.contains(k), "{k} twice in {}", layer.name());
                    seen.push(*k);
                    let text_ok = !layer.takes_text() || b.action.never_meets_text();
                    assert!(
                        text_ok || !super::super::layer::is_text(*k),
                        "{}.{} is typed text",
                        layer.name(),
                        b.action.name()
                    );
                }
            }
        }
    }

    #[test]
    fn footer_and_help_come_from_the_same_table() {
        let (map, _) = Keymap::new(&[KeyOverride { action: "drag_left".into(), keys: vec!["ctrl-h".into()], line: 1 }]);
        let footer = map.footer(Focus::Story, Screen::Plan);
        assert!(footer.iter().any(|(k, w)| k == "Ctrl-h/L" && *w == "drag"), "{footer:?}");
        assert!(map.bindings().iter().any(|b| b.action == Action::DragLeft && b.keys == vec![key("ctrl-h")]));
    }
}
