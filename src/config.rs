//! `config.toml`: settings, theme and key bindings (SPEC §6).
//!
//! Everything is optional. A broken file never stops the program: each
//! problem becomes one sentence naming its line, and whatever is broken falls
//! back to its default while the rest of the file still applies.

use crate::domain::{Points, Scale, Settings};
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One key-binding override from `[keys]`: an action and the keys for it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyOverride {
    /// Action name in snake_case, e.g. `move_right`; a layer's action is
    /// named with its layer, `picker.down` (from `[keys.picker]`).
    pub action: String,
    /// Key descriptions, e.g. `L`, `shift-right`, `ctrl-r`.
    pub keys: Vec<String>,
    /// Line in config.toml, for error messages.
    pub line: usize,
}

/// Everything config.toml can set; defaults where it is silent or broken.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Rules: scale, velocity window, sprint length.
    pub settings: Settings,
    /// Theme name: `default`, `high-contrast` or `light`.
    pub theme: String,
    /// Key overrides, in file order.
    pub keys: Vec<KeyOverride>,
    /// The author name of changes (`user = "maya"`), if set.
    pub user: Option<String>,
    /// Problems found, each one sentence naming its line; shown to the user.
    pub problems: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            settings: Settings::default(),
            theme: THEMES[0].to_string(),
            keys: Vec::new(),
            user: None,
            problems: Vec::new(),
        }
    }
}

/// The theme names config.toml accepts; the first is the default.
pub const THEMES: [&str; 3] = ["default", "high-contrast", "light"];

/// The longest default sprint length accepted, in days.
const MAX_SPRINT_DAYS: i64 = 365;

/// Where config.toml is read from: `$SPRINTBOARD_CONFIG` when set, else
/// `sprintboard/config.toml` under the platform config directory.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("SPRINTBOARD_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => directories::ProjectDirs::from("", "", "sprintboard").map(|d| d.config_dir().join("config.toml")),
    }
}

/// Loads config.toml from [`path`]; a missing file gives the defaults.
pub fn load() -> Config {
    path().map_or_else(Config::default, |p| load_from(&p))
}

/// Loads a config file; a missing file gives the defaults, an unreadable one
/// the defaults and a problem.
pub fn load_from(path: &Path) -> Config {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => Config {
            problems: vec![format!("config.toml ({}) cannot be read: {e}", path.display())],
            ..Config::default()
        },
    }
}

/// Parses the text of a config file. Never fails: problems are collected in
/// [`Config::problems`] and the defaults stand in for what is broken.
pub fn parse(text: &str) -> Config {
    let mut reader = Reader { text, config: Config::default(), broken: Vec::new(), problems: Vec::new() };
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let line = line_of(text, e.span().map_or(0, |s| s.start));
        // The parser may report one mistake several ways; the first says it best.
        if !reader.broken.contains(&line) {
            reader.broken.push(line);
            reader.problem_at_line(line, &one_line(e.message()));
        }
    }
    let mut entries: Vec<_> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        // A table's own entries are checked one by one; any other value
        // touched by a syntax error is what the parser guessed, so skip it.
        if value.get_ref().is_table() || !reader.is_broken(key, value) {
            reader.setting(key, value);
        }
    }
    reader.problems.sort_by_key(|(line, _)| *line);
    reader.config.problems = reader.problems.into_iter().map(|(_, p)| p).collect();
    reader.config
}

/// Walks the parsed document, filling a config and noting problems.
struct Reader<'t> {
    text: &'t str,
    config: Config,
    /// Lines with a syntax error.
    broken: Vec<usize>,
    /// Problems with their lines, to be told in line order.
    problems: Vec<(usize, String)>,
}

impl Reader<'_> {
    fn problem(&mut self, offset: usize, what: &str) {
        self.problem_at_line(line_of(self.text, offset), what);
    }

    fn problem_at_line(&mut self, line: usize, what: &str) {
        self.problems.push((line, format!("config.toml line {line}: {what}")));
    }

    /// Whether a syntax error falls on the lines of an entry (or the parser
    /// made its value up: an empty span).
    fn is_broken(&self, key: &Spanned<std::borrow::Cow<'_, str>>, value: &Spanned<DeValue<'_>>) -> bool {
        let (from, to) = (line_of(self.text, key.span().start), line_of(self.text, value.span().end));
        value.span().is_empty() || self.broken.iter().any(|l| (from..=to).contains(l))
    }

    fn setting(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, value: &Spanned<DeValue<'_>>) {
        let at = value.span().start;
        match key.get_ref().as_ref() {
            "theme" => match value.get_ref().as_str() {
                Some(t) if THEMES.contains(&t) => self.config.theme = t.to_string(),
                Some(t) => self.problem(at, &format!("theme must be one of {} (not \"{t}\")", THEMES.join(", "))),
                None => self.problem(at, &format!("theme must be a name in quotes, like \"{}\"", THEMES[1])),
            },
            "scale" => {
                if let Some(scale) = self.scale(value) {
                    self.config.settings.scale = scale;
                }
            }
            "velocity_window" => match integer(value.get_ref()).and_then(|n| usize::try_from(n).ok()) {
                Some(n) if n >= 1 => self.config.settings.velocity_window = n,
                _ => self.problem(
                    at,
                    &format!("velocity_window must be a whole number of sprints, 1 or more (not {})", shown(value)),
                ),
            },
            "sprint_days" => match integer(value.get_ref()) {
                Some(n) if (1..=MAX_SPRINT_DAYS).contains(&n) => self.config.settings.sprint_days = n,
                _ => self.problem(
                    at,
                    &format!(
                        "sprint_days must be a whole number of days from 1 to {MAX_SPRINT_DAYS} (not {})",
                        shown(value)
                    ),
                ),
            },
            "currency" => match value.get_ref().as_str().map(crate::domain::money::Currency::of) {
                Some(Ok(c)) => self.config.settings.currency = c.code,
                Some(Err(why)) => self.problem(at, &format!("currency: {why}")),
                None => self.problem(at, "currency must be an ISO code in quotes, like \"EUR\""),
            },
            "presenter_money" => match value.get_ref().as_bool() {
                Some(b) => self.config.settings.presenter_money = b,
                None => self.problem(at, "presenter_money must be true or false"),
            },
            "user" => match value.get_ref().as_str().map(str::trim) {
                Some(u) if !u.is_empty() && u.chars().count() <= 100 => self.config.user = Some(u.to_string()),
                _ => self.problem(at, "user must be a name in quotes, like \"maya\" (1 to 100 characters)"),
            },
            "keys" => match value.get_ref().as_table() {
                Some(table) => self.keys(table, None),
                None => self.problem(at, "keys must be a table: a [keys] section of action = \"key\" lines"),
            },
            other => self.problem(
                key.span().start,
                &format!(
                    "unknown setting \"{other}\" (known: theme, scale, velocity_window, sprint_days, currency, presenter_money, user, [keys])"
                ),
            ),
        }
    }

    fn scale(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Scale> {
        let Some(items) = value.get_ref().as_array() else {
            self.problem(value.span().start, "scale must be a list of points, like [0, 0.5, 1, 2, 3, 5, 8]");
            return None;
        };
        let mut points = Vec::new();
        for item in items.iter() {
            let parsed = match number(item.get_ref()) {
                Some(v) => Points::from_f64(v),
                None => Err(format!("{} is not a number of points", shown(item))),
            };
            match parsed {
                Ok(p) => points.push(p),
                Err(why) => {
                    self.problem(item.span().start, &format!("scale: {why}"));
                    return None;
                }
            }
        }
        match Scale::new(points) {
            Ok(s) => Some(s),
            Err(why) => {
                self.problem(value.span().start, &why);
                None
            }
        }
    }

    /// `[keys]`: `action = "key"` lines; a sub-table (`[keys.picker]`, or
    /// dotted names like `picker.down`) holds the keys of one layer, read
    /// into `picker.down` action names.
    fn keys(&mut self, table: &DeTable<'_>, layer: Option<&str>) {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (action, value) in entries {
            let name = match layer {
                Some(layer) => format!("{layer}.{}", action.get_ref()),
                None => action.get_ref().to_string(),
            };
            if let (None, Some(inner)) = (layer, value.get_ref().as_table()) {
                self.keys(inner, Some(action.get_ref()));
                continue;
            }
            if self.is_broken(action, value) {
                continue;
            }
            let keys = match value.get_ref() {
                DeValue::String(k) => Some(vec![k.to_string()]),
                DeValue::Array(items) => {
                    items.iter().map(|i| i.get_ref().as_str().map(str::to_string)).collect::<Option<Vec<String>>>()
                }
                _ => None,
            };
            match keys {
                Some(keys) => self.config.keys.push(KeyOverride {
                    action: name,
                    keys,
                    line: line_of(self.text, action.span().start),
                }),
                None => self.problem(
                    value.span().start,
                    &format!(
                        "keys.{name} must be a key in quotes, like \"L\", or a list of them, like [\"L\", \"shift-right\"]"
                    ),
                ),
            }
        }
    }
}

/// A TOML integer's value, if the value is an integer that fits.
fn integer(v: &DeValue<'_>) -> Option<i64> {
    v.as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok())
}

/// A TOML number (integer or float) as a float.
fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().parse().ok(),
        _ => integer(v).map(|n| n as f64),
    }
}

/// How a value is named in a message: its number, or its TOML type.
fn shown(v: &Spanned<DeValue<'_>>) -> String {
    match v.get_ref() {
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::String(s) => format!("\"{s}\""),
        other => format!("a {}", other.type_str()),
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// A parser message on one line.
fn one_line(message: &str) -> String {
    let parts: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(parse(""), Config::default());
        assert_eq!(Config::default().theme, "default");
        assert_eq!(Config::default().settings, Settings::default());
    }

    #[test]
    fn reads_every_setting_and_keys_in_file_order() {
        let c = parse(
            "theme = \"light\"\nscale = [0, 0.5, 1, 2]\nvelocity_window = 5\nsprint_days = 10\n\n[keys]\nundo = \"z\"\nmove_right = [\"L\", \"shift-right\"]\n",
        );
        assert_eq!(c.problems, Vec::<String>::new());
        assert_eq!(c.theme, "light");
        let scale: Vec<String> = c.settings.scale.values().iter().map(|p| p.to_string()).collect();
        assert_eq!(scale, ["0", "0.5", "1", "2"]);
        assert_eq!(c.settings.velocity_window, 5);
        assert_eq!(c.settings.sprint_days, 10);
        assert_eq!(
            c.keys,
            [
                KeyOverride { action: "undo".into(), keys: vec!["z".into()], line: 7 },
                KeyOverride { action: "move_right".into(), keys: vec!["L".into(), "shift-right".into()], line: 8 },
            ]
        );
    }

    #[test]
    fn money_settings_are_read_and_checked() {
        let c = parse("currency = \"jpy\"\npresenter_money = true\n");
        assert_eq!(c.problems, Vec::<String>::new());
        assert_eq!((c.settings.currency.as_str(), c.settings.presenter_money), ("JPY", true));
        let c = parse("currency = \"euro\"\npresenter_money = \"yes\"\n");
        assert_eq!(c.settings, Settings::default());
        assert_eq!(c.problems.len(), 2, "{:?}", c.problems);
        assert!(
            c.problems[0].starts_with("config.toml line 1: currency: \"EURO\" is not a currency code"),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn bad_values_name_their_line_and_keep_the_defaults() {
        let c = parse("theme = \"neon\"\nvelocity_window = -2\nsprint_days = \"two weeks\"\nscale = [1, -3]\n");
        assert_eq!(
            c.problems,
            [
                "config.toml line 1: theme must be one of default, high-contrast, light (not \"neon\")",
                "config.toml line 2: velocity_window must be a whole number of sprints, 1 or more (not -2)",
                "config.toml line 3: sprint_days must be a whole number of days from 1 to 365 (not \"two weeks\")",
                "config.toml line 4: scale: points cannot be negative (-3)",
            ]
        );
        assert_eq!(c.theme, "default");
        assert_eq!(c.settings, Settings::default());
    }

    #[test]
    fn a_syntax_error_names_its_line_and_the_rest_still_applies() {
        let c = parse("theme = \"light\"\n\nvelocity_window = = 4\n");
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert!(c.problems[0].starts_with("config.toml line 3: "), "{:?}", c.problems);
        assert!(!c.problems[0].contains('\n'));
        assert_eq!(c.theme, "light");
        assert_eq!(c.settings.velocity_window, 3);
    }

    #[test]
    fn a_broken_line_in_keys_keeps_the_other_bindings() {
        let c = parse("[keys]\nundo = \"z\"\nredo = [\"U\",\nquit = \"q\"\n");
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert!(c.problems[0].starts_with("config.toml line 4: "), "{:?}", c.problems);
        assert_eq!(c.keys, [KeyOverride { action: "undo".into(), keys: vec!["z".into()], line: 2 }]);
        let c = parse("theme = \"light\n[keys]\nundo = \"z\"\n");
        assert!(c.problems[0].starts_with("config.toml line 1: "), "{:?}", c.problems);
        assert_eq!((c.theme.as_str(), c.keys.len()), ("default", 1));
    }

    #[test]
    fn unknown_settings_and_bad_key_bindings_are_reported() {
        let c = parse("colour = 1\n[keys]\nquit = 5\nundo = [\"u\", 2]\nredo = \"U\"\n");
        assert_eq!(
            c.problems,
            [
                "config.toml line 1: unknown setting \"colour\" (known: theme, scale, velocity_window, sprint_days, currency, presenter_money, user, [keys])",
                "config.toml line 3: keys.quit must be a key in quotes, like \"L\", or a list of them, like [\"L\", \"shift-right\"]",
                "config.toml line 4: keys.undo must be a key in quotes, like \"L\", or a list of them, like [\"L\", \"shift-right\"]",
            ]
        );
        assert_eq!(c.keys, [KeyOverride { action: "redo".into(), keys: vec!["U".into()], line: 5 }]);
    }

    #[test]
    fn layer_keys_are_read_from_sub_tables_or_dotted_names_with_their_lines() {
        let c = parse(
            "[keys]\nundo = \"z\"\nform.save = \"ctrl-w\"\n\n[keys.picker]\ndown = [\"ctrl-n\", \"down\"]\nup = 3\n",
        );
        assert_eq!(
            c.keys,
            [
                KeyOverride { action: "undo".into(), keys: vec!["z".into()], line: 2 },
                KeyOverride { action: "form.save".into(), keys: vec!["ctrl-w".into()], line: 3 },
                KeyOverride { action: "picker.down".into(), keys: vec!["ctrl-n".into(), "down".into()], line: 6 },
            ]
        );
        assert_eq!(
            c.problems,
            [
                "config.toml line 7: keys.picker.up must be a key in quotes, like \"L\", or a list of them, like [\"L\", \"shift-right\"]"
            ]
        );
    }

    #[test]
    fn an_empty_scale_or_a_zero_window_is_refused() {
        let c = parse("scale = []\nvelocity_window = 0\nkeys = 3\n");
        assert_eq!(c.problems.len(), 3, "{:?}", c.problems);
        assert!(c.problems[0].contains("line 1") && c.problems[0].contains("at least one value"));
        assert!(c.problems[1].contains("line 2"));
        assert!(c.problems[2].contains("line 3") && c.problems[2].contains("keys must be a table"));
        assert_eq!(c.settings, Settings::default());
    }

    #[test]
    fn a_missing_file_gives_the_defaults_without_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_from(&dir.path().join("none.toml")), Config::default());
        let c = load_from(dir.path());
        assert_eq!(c.problems.len(), 1);
        assert!(c.problems[0].starts_with("config.toml ("), "{:?}", c.problems);
    }
}
