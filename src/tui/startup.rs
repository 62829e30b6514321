//! The terminal profile, decided once at start-up, after the alternate
//! screen is entered and before the first frame (`crate::detect` does the
//! probing and the deciding; this module only says when to ask).
//!
//! The probe costs one round trip, at most [`crate::detect::PROBE_TIMEOUT`],
//! and only with `--ambiguous auto` (the default) without `--ascii`: an
//! explicit choice is taken as the officer's word and needs no question.
//! It is never asked again in the run; an answer arriving after the time-out
//! reaches crossterm, which parses `CSI row;col R` as a cursor position
//! report and never hands it on as a key.

use std::io;

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

/// Probe the terminal on stdin/stdout if needed and decide the profile; a
/// failed probe counts as silence. The notice, if any, is for the status
/// line (Vietnamese).
pub fn decide(choice: &Detect) -> (Profile, Option<String>) {
    let probe = if choice.needs_probe() {
        let stdin = io::stdin();
        let mut stdout = io::stdout();
        detect::probe(&stdin, &mut stdout, detect::PROBE_TIMEOUT).ok()
    } else {
        None
    };
    detect::decide(choice.ambiguous, choice.ascii, probe, choice.locale_utf8)
}
