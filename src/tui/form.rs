//! Forms: a list of fields edited in a popup. Single-line and multi-line
//! text use `ratatui-textarea`; choices cycle with ←/→ or Space. Which key
//! does what comes from the keymap's form layer; the rest is typing.

use super::layer::LayerAction;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

/// How a field is edited.
pub enum Input {
    /// One line of text.
    Line(TextArea<'static>),
    /// Several lines (description, acceptance criteria).
    Text(TextArea<'static>),
    /// One of a list of options.
    Choice {
        /// Labels shown.
        options: Vec<String>,
        /// The chosen one.
        index: usize,
    },
}

/// One labelled field.
pub struct Field {
    /// Label shown before it.
    pub label: &'static str,
    /// Its editor.
    pub input: Input,
}

/// Cells a single-line field has in the form (its width less the label).
const LINE_CELLS: u16 = 60;

impl Field {
    /// A single-line text field.
    pub fn line(label: &'static str, value: &str) -> Field {
        let mut t = TextArea::new(vec![value.replace(['\n', '\r'], " ")]);
        t.set_cursor_line_style(Style::new());
        // Long text wraps and the field opens at its start (SPEC §2), so a
        // long title reads from its first word, not scrolled to its end.
        t.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        // The cursor waits at the end for typing on, where the whole text
        // still shows in the field's rows; a longer one opens at its start.
        if crate::domain::text::width(value) < (3 * LINE_CELLS) as usize {
            t.move_cursor(ratatui_textarea::CursorMove::End);
        }
        Field { label, input: Input::Line(t) }
    }

    /// A multi-line text field.
    pub fn text(label: &'static str, value: &str) -> Field {
        let lines: Vec<String> =
            if value.is_empty() { vec![String::new()] } else { value.lines().map(String::from).collect() };
        let mut t = TextArea::new(lines);
        t.set_cursor_line_style(Style::new());
        t.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        Field { label, input: Input::Text(t) }
    }

    /// A choice among options.
    pub fn choice(label: &'static str, options: Vec<String>, index: usize) -> Field {
        let index = index.min(options.len().saturating_sub(1));
        Field { label, input: Input::Choice { options, index } }
    }

    /// The field's text (choices: the chosen index as text is not useful,
    /// so use [`Field::index`]).
    pub fn value(&self) -> String {
        match &self.input {
            Input::Line(t) => t.lines().join(" ").trim().to_string(),
            Input::Text(t) => t.lines().join("\n").trim_end().to_string(),
            Input::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
        }
    }

    /// The chosen index of a choice field (0 for text fields).
    pub fn index(&self) -> usize {
        match &self.input {
            Input::Choice { index, .. } => *index,
            _ => 0,
        }
    }

    /// Rows the field takes in the form.
    pub fn height(&self) -> u16 {
        match &self.input {
            Input::Text(_) => 4,
            // A long line takes up to three rows of the form's ~60 cells.
            Input::Line(t) => {
                (crate::domain::text::width(&t.lines().join(" ")) as u16).div_ceil(LINE_CELLS).clamp(1, 3)
            }
            Input::Choice { .. } => 1,
        }
    }
}

/// The option that what was typed names: the one whose key (its first
/// word, `E-3`) is the text, or ends in `-` and the text (`3`), else the
/// first whose label starts with it; case does not matter.
fn typed_option(options: &[String], typed: &str) -> Option<usize> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let key = |o: &String| o.split_whitespace().next().unwrap_or_default().to_lowercase();
    options
        .iter()
        .position(|o| key(o) == typed || key(o).ends_with(&format!("-{typed}")))
        .or_else(|| options.iter().position(|o| o.to_lowercase().starts_with(&typed)))
}

/// What a key did to a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKey {
    /// Still editing.
    Editing,
    /// Save requested (Ctrl-S anywhere, Enter outside multi-line text).
    Save,
    /// Cancel requested (Esc).
    Cancel,
}

/// A form's fields and which has the focus.
pub struct Form {
    /// Title of the popup.
    pub title: String,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
    /// Why the last save was refused, shown in the form.
    pub error: Option<String>,
    /// The values before the first key, to tell whether anything was typed
    /// (taken then, as the openers set fields after building the form).
    opened_with: Option<Vec<String>>,
    /// Set by a first Ctrl-C over typed text: a second one quits.
    pub quit_asked: bool,
    /// What was typed into the focused choice, to pick an option by its
    /// key (`E-3`, or just `3`) or by how its label starts.
    typed: String,
}

impl Form {
    /// A form with the focus on its first field.
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            opened_with: None,
            quit_asked: false,
            typed: String::new(),
        }
    }

    /// Whether any field differs from what the form showed before its first key.
    pub fn changed(&self) -> bool {
        self.opened_with.as_ref().is_some_and(|was| self.fields.iter().map(Field::value).ne(was.iter().cloned()))
    }

    /// The field with a label (forms are built with the labels they read).
    pub fn field(&self, label: &str) -> &Field {
        self.get(label).unwrap_or(&self.fields[0])
    }

    /// The field with a label, if the form shows it.
    pub fn get(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    /// Handles a key inside the form: `action` is what the form layer of
    /// the keymap binds the key to; keys it does not bind (and bound keys
    /// that do not apply to the focused field) go to the field as typing.
    pub fn key(&mut self, key: KeyEvent, action: Option<LayerAction>) -> FormKey {
        use LayerAction as L;
        if self.opened_with.is_none() {
            self.opened_with = Some(self.fields.iter().map(Field::value).collect());
        }
        let n = self.fields.len();
        // A bound key (another field, another option) starts the typing afresh.
        if action.is_some() || !matches!(key.code, KeyCode::Char(_) | KeyCode::Backspace) {
            self.typed.clear();
        }
        let field = &mut self.fields[self.focus];
        let choice = matches!(field.input, Input::Choice { .. });
        let text = matches!(field.input, Input::Text(_));
        match action {
            Some(L::Cancel) => return FormKey::Cancel,
            Some(L::Save) => return FormKey::Save,
            Some(L::Submit) if !text => return FormKey::Save,
            Some(L::NextField) => self.focus = (self.focus + 1) % n,
            Some(L::PrevField) => self.focus = (self.focus + n - 1) % n,
            Some(L::FieldBelow) if !text => self.focus = (self.focus + 1) % n,
            Some(L::FieldAbove) if !text => self.focus = (self.focus + n - 1) % n,
            // Multi-line text keeps its editor's own keys (Ctrl-U undoes there).
            Some(L::ClearField) if !choice && !text => {
                if let Input::Line(t) = &mut field.input {
                    t.select_all();
                    t.cut();
                }
            }
            Some(L::ChoiceNext | L::ChoicePrev) if choice => {
                if let Input::Choice { options, index } = &mut field.input {
                    let len = options.len().max(1);
                    *index = if action == Some(L::ChoiceNext) { (*index + 1) % len } else { (*index + len - 1) % len };
                }
            }
            // In multi-line text the bound Enter is a new line, and the
            // arrows move the cursor: the key as typed.
            Some(L::Submit) => {
                if let Input::Text(t) = &mut field.input {
                    t.insert_newline();
                }
            }
            None if choice => {
                match key.code {
                    KeyCode::Char(c) => self.typed.push(c),
                    KeyCode::Backspace => {
                        self.typed.pop();
                    }
                    _ => {}
                }
                if let Input::Choice { options, index } = &mut field.input
                    && let Some(i) = typed_option(options, &self.typed)
                {
                    *index = i;
                }
            }
            _ => {
                // A one-line field never takes a new line.
                if let Input::Line(t) | Input::Text(t) = &mut field.input
                    && (text || key.code != KeyCode::Enter)
                {
                    t.input(key);
                }
            }
        }
        FormKey::Editing
    }

    /// Rows the form's fields take.
    pub fn height(&self) -> u16 {
        self.fields.iter().map(Field::height).sum()
    }
}
