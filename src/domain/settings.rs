//! The settings that change how the rules work (from `config.toml`).

use super::Scale;

/// Rules the user can tune; defaults as SPEC §6 gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The estimation scale.
    pub scale: Scale,
    /// How many closed sprints the average velocity looks back over.
    pub velocity_window: usize,
    /// Default sprint length in days.
    pub sprint_days: i64,
    /// The ISO code of the board's money when it has no budget yet
    /// (`currency`, default EUR).
    pub currency: String,
    /// Whether presenter mode still shows money (`presenter_money`).
    pub presenter_money: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            scale: Scale::default(),
            velocity_window: 3,
            sprint_days: 14,
            currency: "EUR".to_string(),
            presenter_money: false,
        }
    }
}
