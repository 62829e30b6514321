//! The terminal profile, decided once at start-up, after the alternate
//! screen is entered and before the first frame (`crate::detect` does the
//! probing and the deciding; this module only says when to ask).
//!
//! The probe costs one round trip, at most [`crate::detect::PROBE_TIMEOUT`],
//! and only with `--ambiguous auto` (the default) without `--ascii`: an
//! explicit choice is taken as the officer's word and needs no question.
//! It is never asked again in the run; an answer arriving after the time-out
//! reaches crossterm, which parses `CSI row;col R` as a cursor position
//! report and never hands it on as a key. Keys typed while the probe reads
//! are not lost: they are decoded ([`super::typeahead`]) and handled first.

use std::io;

use ratatui::crossterm::event::KeyEvent;

use super::typeahead;
use crate::detect::{self, AmbiguousChoice};
use crate::text::profile::Profile;

/// What the command line and the environment say about the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Detect {
    /// `--ambiguous` / `THIDUA_AMBIGUOUS`.
    pub ambiguous: AmbiguousChoice,
    /// `--ascii`.
    pub ascii: bool,
    /// Whether `LC_ALL` / `LC_CTYPE` / `LANG` ask for UTF-8.
    pub locale_utf8: bool,
}

impl Detect {
    /// The choices with the locale read from the environment.
    pub fn from_env(ambiguous: AmbiguousChoice, ascii: bool) -> Detect {
        Detect {
            ambiguous,
            ascii,
            locale_utf8: detect::locale_is_utf8(|k| std::env::var(k).ok()),
        }
    }

    /// Whether deciding needs the terminal's answer.
    pub fn needs_probe(&self) -> bool {
        self.ambiguous == AmbiguousChoice::Auto && !self.ascii
    }
}

/// What start-up decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub profile: Profile,
    /// For the status line (Vietnamese), when ASCII was chosen for the user.
    pub notice: Option<String>,
    /// Keys typed while the probe read the terminal, to handle first.
    pub typed_ahead: Vec<KeyEvent>,
}

/// Probe the terminal on stdin/stdout if needed and decide the profile; a
/// failed probe counts as silence.
pub fn decide(choice: &Detect) -> Decision {
    let probed = if choice.needs_probe() {
        let stdin = io::stdin();
        let mut stdout = io::stdout();
        detect::probe(&stdin, &mut stdout, detect::PROBE_TIMEOUT).ok()
    } else {
        None
    };
    let result = probed.as_ref().map(|p| p.result);
    let (profile, notice) =
        detect::decide(choice.ambiguous, choice.ascii, result, choice.locale_utf8);
    Decision {
        profile,
        notice,
        typed_ahead: probed.map_or_else(Vec::new, |p| typeahead::decode(&p.typed)),
    }
}
