//! Colours and text styles. Meaning never rests on colour alone: every
//! state also has a symbol, so `NO_COLOR=1` and colour-blind viewers lose
//! nothing; without colour only bold/reverse/underline remain.

use crate::domain::{Kind, Status};
use ratatui::style::{Color, Modifier, Style};

/// The styles the screens use.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Whether colour is used at all.
    pub colour: bool,
    /// Normal text.
    pub text: Style,
    /// Secondary text (dates, counts).
    pub dim: Style,
    /// Column titles.
    pub title: Style,
    /// The focused column's border.
    pub focus_border: Style,
    /// Other borders.
    pub border: Style,
    /// The focused card.
    pub selected: Style,
    /// Cards of the highlighted epic.
    pub highlight: Style,
    /// Good (within capacity, done).
    pub good: Style,
    /// Warning (near capacity, at risk).
    pub warn: Style,
    /// Bad (over capacity, errors).
    pub bad: Style,
    /// The message line.
    pub message: Style,
    /// Key names in hints.
    pub key: Style,
    /// Forecast cut lines.
    pub cut: Style,
}

impl Theme {
    /// A theme by name (`default`, `high-contrast`, `light`); `colour: false`
    /// for `NO_COLOR`.
    pub fn named(name: &str, colour: bool) -> Theme {
        let base = match name {
            "high-contrast" => Theme::high_contrast(),
            "light" => Theme::light(),
            _ => Theme::default_dark(),
        };
        if colour { base } else { base.without_colour() }
    }

    fn default_dark() -> Theme {
        Theme {
            colour: true,
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            focus_border: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            selected: Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            highlight: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            message: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            cut: Style::new().fg(Color::Yellow),
        }
    }

    fn high_contrast() -> Theme {
        Theme {
            colour: true,
            text: Style::new().fg(Color::White),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            focus_border: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::White),
            selected: Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            highlight: Style::new().fg(Color::LightMagenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            good: Style::new().fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            bad: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            message: Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            cut: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
        }
    }

    fn light() -> Theme {
        Theme {
            colour: true,
            text: Style::new().fg(Color::Black),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            focus_border: Style::new().fg(Color::Blue),
            border: Style::new().fg(Color::Gray),
            selected: Style::new().bg(Color::LightBlue).fg(Color::Black).add_modifier(Modifier::BOLD),
            highlight: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Rgb(160, 100, 0)),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            message: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            cut: Style::new().fg(Color::Rgb(160, 100, 0)),
        }
    }

    /// The same theme with every colour removed, modifiers kept, and the
    /// focused card shown reversed.
    fn without_colour(self) -> Theme {
        let strip = |s: Style| Style { fg: None, bg: None, underline_color: None, ..s };
        Theme {
            colour: false,
            text: strip(self.text),
            dim: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            focus_border: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            highlight: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            good: Style::new(),
            warn: Style::new().add_modifier(Modifier::BOLD),
            bad: Style::new().add_modifier(Modifier::BOLD),
            message: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().add_modifier(Modifier::BOLD),
            cut: Style::new(),
        }
    }

    /// Style of a status symbol.
    pub fn status(&self, s: Status) -> Style {
        match s {
            Status::Todo => self.dim,
            Status::Doing => self.warn,
            Status::Done => self.good,
        }
    }

    /// Style of a kind symbol.
    pub fn kind(&self, k: Kind) -> Style {
        match k {
            Kind::Bug => self.bad,
            Kind::Spike => self.highlight,
            _ => self.dim,
        }
    }
}

/// Whether the environment asks for no colour (`NO_COLOR` set and non-empty).
pub fn no_colour_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
