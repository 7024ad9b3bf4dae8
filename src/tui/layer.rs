//! Keys inside popups and the filter line, as data: one small table per
//! layer over the screens (yazi's per-layer key tables). Dispatch in those
//! layers, their hints, help and README's key table read these rows, and
//! `config.toml` rebinds them as `[keys.picker]` `down = "ctrl-n"` (or
//! `picker.down = "ctrl-n"` under `[keys]`).

use super::key::Key;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// A key table over the screens: while one is open, its keys come first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// The help popup.
    Help,
    /// Pickers: choose one option.
    Picker,
    /// Yes/no questions.
    Confirm,
    /// Forms of fields.
    Form,
    /// The `/` filter line.
    Filter,
    /// The `:` command palette.
    Palette,
}

impl Layer {
    /// Every layer, in the order help and README list them.
    pub const ALL: [Layer; 6] =
        [Layer::Picker, Layer::Confirm, Layer::Form, Layer::Filter, Layer::Palette, Layer::Help];

    /// The name used in config.toml (`[keys.picker]`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Help => "help",
            Layer::Picker => "picker",
            Layer::Confirm => "confirm",
            Layer::Form => "form",
            Layer::Filter => "filter",
            Layer::Palette => "palette",
        }
    }

    /// Where its keys work, in words (help and README).
    pub fn words(self) -> &'static str {
        match self {
            Layer::Help => "help",
            Layer::Picker => "pickers",
            Layer::Confirm => "confirm dialogs",
            Layer::Form => "forms",
            Layer::Filter => "filter line",
            Layer::Palette => "command palette",
        }
    }

    /// The layer a config name stands for.
    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Whether plain characters typed in this layer are text, so that they
    /// cannot be bound in it (except by actions that never meet text).
    pub fn takes_text(self) -> bool {
        matches!(self, Layer::Form | Layer::Filter | Layer::Palette)
    }
}

/// What a key asks for inside a layer. The same word means the same thing
/// in every layer it appears in (`up`, `cancel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerAction {
    /// Highlight (or scroll to) the line above.
    Up,
    /// Highlight (or scroll to) the line below.
    Down,
    /// The first option.
    First,
    /// The last option.
    Last,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Take the highlighted option.
    Choose,
    /// Close without changing anything.
    Cancel,
    /// Confirm: do what the dialog asks.
    Yes,
    /// Decline: change nothing.
    No,
    /// Take the highlighted (safe) choice: cancel, for a delete.
    Default,
    /// Focus the next field.
    NextField,
    /// Focus the previous field.
    PrevField,
    /// Next field from a one-line field (multi-line text moves its cursor).
    FieldBelow,
    /// Previous field from a one-line field (multi-line text moves its cursor).
    FieldAbove,
    /// Save; in multi-line text, a new line.
    Submit,
    /// Save from any field.
    Save,
    /// Empty the focused one-line field.
    ClearField,
    /// A choice field's next option.
    ChoiceNext,
    /// A choice field's previous option.
    ChoicePrev,
    /// Keep the filter and leave the line.
    Apply,
    /// Clear the filter and leave the line.
    Clear,
    /// Empty the text typed.
    EraseLine,
    /// Run the highlighted action.
    Run,
    /// Close the popup.
    Close,
}

impl LayerAction {
    /// The name used in config.toml (`next_field`).
    pub fn name(self) -> &'static str {
        use LayerAction as L;
        match self {
            L::Up => "up",
            L::Down => "down",
            L::First => "first",
            L::Last => "last",
            L::PageUp => "page_up",
            L::PageDown => "page_down",
            L::Choose => "choose",
            L::Cancel => "cancel",
            L::Yes => "yes",
            L::No => "no",
            L::Default => "default",
            L::NextField => "next_field",
            L::PrevField => "prev_field",
            L::FieldBelow => "field_below",
            L::FieldAbove => "field_above",
            L::Submit => "submit",
            L::Save => "save",
            L::ClearField => "clear_field",
            L::ChoiceNext => "choice_next",
            L::ChoicePrev => "choice_prev",
            L::Apply => "apply",
            L::Clear => "clear",
            L::EraseLine => "erase_line",
            L::Run => "run",
            L::Close => "close",
        }
    }

    /// Whether the action only acts where no text is typed (a form's choice
    /// fields), so plain characters may be bound to it.
    pub fn never_meets_text(self) -> bool {
        matches!(self, LayerAction::ChoiceNext | LayerAction::ChoicePrev)
    }
}

/// Whether a key is a plain character, typed as text where text is typed.
pub fn is_text(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// One binding of a layer.
#[derive(Clone, Debug)]
pub struct LayerBinding {
    /// The layer.
    pub layer: Layer,
    /// The action.
    pub action: LayerAction,
    /// Its keys; the first is the one hints show.
    pub keys: Vec<Key>,
    /// Help text.
    pub description: &'static str,
}

use Layer as Y;
use LayerAction as L;

/// The defaults of SPEC §3 inside dialogs, as data: (layer, action, keys, description).
pub(super) const LAYER_DEFAULTS: &[(Layer, LayerAction, &[&str], &str)] = &[
    (Y::Picker, L::Up, &["up", "k"], "highlight the option above"),
    (Y::Picker, L::Down, &["down", "j"], "highlight the option below"),
    (Y::Picker, L::First, &["g", "home"], "highlight the first option"),
    (Y::Picker, L::Last, &["G", "end"], "highlight the last option"),
    (Y::Picker, L::Choose, &["enter", "y"], "take the highlighted option"),
    (Y::Picker, L::Cancel, &["esc", "n", "q"], "cancel: nothing changes"),
    (Y::Confirm, L::Yes, &["y", "Y"], "yes: do what the dialog asks"),
    (Y::Confirm, L::Default, &["enter"], "take the highlighted choice (a delete highlights cancel)"),
    (Y::Confirm, L::No, &["n", "N", "esc", "q"], "cancel: nothing changes"),
    (Y::Form, L::NextField, &["tab"], "next field"),
    (Y::Form, L::PrevField, &["backtab"], "previous field"),
    (Y::Form, L::FieldBelow, &["down"], "next field (in multi-line text: the line below)"),
    (Y::Form, L::FieldAbove, &["up"], "previous field (in multi-line text: the line above)"),
    (Y::Form, L::Submit, &["enter"], "save (in multi-line text: a new line)"),
    (Y::Form, L::Save, &["ctrl-s"], "save, from any field"),
    (Y::Form, L::Cancel, &["esc"], "cancel: nothing changes"),
    (Y::Form, L::ClearField, &["ctrl-u"], "empty a one-line field"),
    (Y::Form, L::ChoiceNext, &["right", "l", "space"], "choice field: next option"),
    (Y::Form, L::ChoicePrev, &["left", "h"], "choice field: previous option"),
    (Y::Filter, L::Apply, &["enter"], "keep the filter and leave the line"),
    (Y::Filter, L::Clear, &["esc"], "clear the filter and leave the line"),
    (Y::Filter, L::EraseLine, &["ctrl-u"], "empty the filter text"),
    (Y::Palette, L::Up, &["up", "ctrl-p"], "highlight the action above"),
    (Y::Palette, L::Down, &["down", "ctrl-n"], "highlight the action below"),
    (Y::Palette, L::Run, &["enter"], "run the highlighted action, as its key would"),
    (Y::Palette, L::Close, &["esc"], "close the palette"),
    (Y::Palette, L::EraseLine, &["ctrl-u"], "empty the text typed"),
    (Y::Help, L::Down, &["down", "j"], "scroll down"),
    (Y::Help, L::Up, &["up", "k"], "scroll up"),
    (Y::Help, L::PageDown, &["pgdn", "space"], "scroll a page down"),
    (Y::Help, L::PageUp, &["pgup"], "scroll a page up"),
    (Y::Help, L::Close, &["esc", "q", "?"], "close help (so does any other key)"),
];
