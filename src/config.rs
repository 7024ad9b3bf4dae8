//! `config.toml`: settings, theme and key bindings (SPEC §6).

use crate::domain::Settings;

/// One key-binding override from `[keys]`: an action and the keys for it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyOverride {
    /// Action name in snake_case, e.g. `move_right`.
    pub action: String,
    /// Key descriptions, e.g. `L`, `shift-right`, `ctrl-r`.
    pub keys: Vec<String>,
    /// Line in config.toml, for error messages.
    pub line: usize,
}

/// Everything config.toml can set; defaults where it is silent or broken.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Rules: scale, velocity window, sprint length.
    pub settings: Settings,
    /// Theme name: `default`, `high-contrast` or `light`.
    pub theme: String,
    /// Key overrides, in file order.
    pub keys: Vec<KeyOverride>,
    /// Problems found, each one sentence naming its line; shown to the user.
    pub problems: Vec<String>,
}
