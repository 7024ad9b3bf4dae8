//! Forms: a list of fields edited in a popup. Single-line and multi-line
//! text use `ratatui-textarea`; choices cycle with ←/→ or Space.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

impl Field {
    /// A single-line text field.
    pub fn line(label: &'static str, value: &str) -> Field {
        let mut t = TextArea::new(vec![value.replace(['\n', '\r'], " ")]);
        t.set_cursor_line_style(Style::new());
        t.move_cursor(ratatui_textarea::CursorMove::End);
        Field { label, input: Input::Line(t) }
    }

    /// A multi-line text field.
    pub fn text(label: &'static str, value: &str) -> Field {
        let lines: Vec<String> =
            if value.is_empty() { vec![String::new()] } else { value.lines().map(String::from).collect() };
        let mut t = TextArea::new(lines);
        t.set_cursor_line_style(Style::new());
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
        match self.input {
            Input::Text(_) => 4,
            _ => 1,
        }
    }
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
}

impl Form {
    /// A form with the focus on its first field.
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form { title: title.into(), fields, focus: 0, error: None, opened_with: None, quit_asked: false }
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

    /// Handles a key inside the form.
    pub fn key(&mut self, key: KeyEvent) -> FormKey {
        if self.opened_with.is_none() {
            self.opened_with = Some(self.fields.iter().map(Field::value).collect());
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormKey::Cancel,
            KeyCode::Char('s') if ctrl => return FormKey::Save,
            KeyCode::Tab => {
                self.focus = (self.focus + 1) % self.fields.len();
                return FormKey::Editing;
            }
            KeyCode::BackTab => {
                self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                return FormKey::Editing;
            }
            _ => {}
        }
        let n = self.fields.len();
        let field = &mut self.fields[self.focus];
        match &mut field.input {
            Input::Line(t) => match key.code {
                KeyCode::Enter => return FormKey::Save,
                // As in a shell: Ctrl-U clears the field.
                KeyCode::Char('u') if ctrl => {
                    t.select_all();
                    t.cut();
                }
                KeyCode::Down => self.focus = (self.focus + 1) % n,
                KeyCode::Up => self.focus = (self.focus + n - 1) % n,
                _ => {
                    t.input(key);
                }
            },
            Input::Text(t) => {
                t.input(key);
            }
            Input::Choice { options, index } => match key.code {
                KeyCode::Enter => return FormKey::Save,
                KeyCode::Left | KeyCode::Char('h') => *index = (*index + options.len() - 1) % options.len().max(1),
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
                    *index = (*index + 1) % options.len().max(1)
                }
                KeyCode::Down => self.focus = (self.focus + 1) % n,
                KeyCode::Up => self.focus = (self.focus + n - 1) % n,
                _ => {}
            },
        }
        FormKey::Editing
    }

    /// Rows the form's fields take.
    pub fn height(&self) -> u16 {
        self.fields.iter().map(Field::height).sum()
    }
}
