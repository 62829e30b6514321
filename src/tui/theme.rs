//! Colours and emphasis. Only the 16 named ANSI colours (the terminal's own
//! palette, so they read on dark and light backgrounds); with `NO_COLOR`
//! everything is monochrome and the selection is shown reversed.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    /// Plain text: the terminal's defaults.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// The one selected cell or row.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// A cell being typed into.
    pub fn editing(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        )
    }

    /// Column headers and titles.
    pub fn header(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Group rows in Entry ("Kinh tế", "Ngân sách").
    pub fn group(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Derived figures (never typed): %, change, cluster row, ranks,
    /// shares worked out from other figures. Without colour, italic, so
    /// they still read apart from typed figures.
    pub fn derived(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    /// The saved marker and success messages.
    pub fn ok(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Hints and secondary text.
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn border(&self) -> Style {
        self.text()
    }

    // The review screens' tables look the same with and without colour:
    // they are the tables that are copied and printed.

    /// A review table's column headers and headings.
    pub fn table_header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A review table's group rows.
    pub fn table_group(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A review table's selected row.
    pub fn table_selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}
