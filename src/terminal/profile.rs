//! The terminal profile, decided once at start-up, after the alternate
//! screen is entered and before the first frame: from the command line
//! (`--ambiguous`, `--ascii`), the locale, and — only for `--ambiguous auto`
//! without `--ascii` — the answer to the start-up probe ([`super::probe`]):
//! an explicit choice is taken as the officer's word and needs no question.
//! It is never asked again in the run. Keys typed while the probe reads are
//! not lost: they are decoded ([`super::typeahead`]) and handled first.
//!
//! What a profile then means for the text drawn (ambiguous letters
//! decomposed, ASCII stand-ins) is the text layer's rule, in
//! [`crate::text::profile`].

use std::io;

use ratatui::crossterm::event::KeyEvent;

use super::probe::{self, ProbeResult};
use super::typeahead;
use crate::text::profile::{Ambiguous, Charset, Profile};

/// What the user asked for with `--ambiguous` / `THIDUA_AMBIGUOUS`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AmbiguousChoice {
    Narrow,
    Wide,
    #[default]
    Auto,
}

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
            locale_utf8: locale_is_utf8(|k| std::env::var(k).ok()),
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
pub fn decide_at_start(choice: &Detect) -> Decision {
    let probed = if choice.needs_probe() {
        let stdin = io::stdin();
        let mut stdout = io::stdout();
        probe::probe(&stdin, &mut stdout, probe::PROBE_TIMEOUT).ok()
    } else {
        None
    };
    let result = probed.as_ref().map(|p| p.result);
    let (profile, notice) = decide(choice.ambiguous, choice.ascii, result, choice.locale_utf8);
    Decision {
        profile,
        notice,
        typed_ahead: probed.map_or_else(Vec::new, |p| typeahead::decode(&p.typed)),
    }
}

/// A profile from explicit choices, with no question asked (tests, tools).
pub fn explicit(ascii: bool, ambiguous_wide: bool) -> Profile {
    Profile {
        ambiguous: if ambiguous_wide {
            Ambiguous::Wide
        } else {
            Ambiguous::Narrow
        },
        charset: if ascii {
            Charset::Ascii
        } else {
            Charset::Unicode
        },
    }
}

/// Whether the locale asks for UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`).
/// An unset locale is not held against the terminal.
pub fn locale_is_utf8(get: impl Fn(&str) -> Option<String>) -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Some(v) = get(var).filter(|v| !v.is_empty()) {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8") || v == "c.utf8";
        }
    }
    true
}

/// The profile to draw with, and a Vietnamese notice when ASCII was chosen
/// for the user rather than by them.
pub fn decide(
    choice: AmbiguousChoice,
    ascii: bool,
    probe: Option<ProbeResult>,
    locale_utf8: bool,
) -> (Profile, Option<String>) {
    let ambiguous = match choice {
        AmbiguousChoice::Narrow => Ambiguous::Narrow,
        AmbiguousChoice::Wide => Ambiguous::Wide,
        AmbiguousChoice::Auto => {
            if probe.is_some_and(|p| p.ambiguous_wide()) {
                Ambiguous::Wide
            } else {
                Ambiguous::Narrow
            }
        }
    };
    if ascii {
        return (
            Profile {
                ambiguous,
                charset: Charset::Ascii,
            },
            None,
        );
    }
    let utf8_fails = probe.is_some_and(|p| !p.decodes_utf8());
    if utf8_fails || !locale_utf8 {
        let why = if utf8_fails {
            "terminal không giải mã UTF-8"
        } else {
            "locale không phải UTF-8"
        };
        let notice = format!(
            "Đang hiển thị không dấu vì {why}. Hãy đặt terminal dùng UTF-8 (PuTTY: Window › Translation › UTF-8) rồi mở lại; --ascii để luôn dùng chế độ này."
        );
        return (
            Profile {
                ambiguous,
                charset: Charset::Ascii,
            },
            Some(notice),
        );
    }
    (
        Profile {
            ambiguous,
            charset: Charset::Unicode,
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_means_narrow_unicode() {
        let (p, notice) = decide(
            AmbiguousChoice::Auto,
            false,
            Some(ProbeResult::default()),
            true,
        );
        assert_eq!(
            p,
            Profile {
                ambiguous: Ambiguous::Narrow,
                charset: Charset::Unicode
            }
        );
        assert_eq!(notice, None);
    }

    #[test]
    fn wide_answers_choose_wide_and_latin1_chooses_ascii_with_notice() {
        let wide = ProbeResult {
            vietnamese: Some(1),
            ambiguous_letter: Some(2),
            box_drawing: Some(2),
        };
        assert_eq!(
            decide(AmbiguousChoice::Auto, false, Some(wide), true)
                .0
                .ambiguous,
            Ambiguous::Wide
        );
        assert_eq!(
            decide(AmbiguousChoice::Narrow, false, Some(wide), true)
                .0
                .ambiguous,
            Ambiguous::Narrow
        );
        let latin1 = ProbeResult {
            vietnamese: Some(3),
            ambiguous_letter: Some(2),
            box_drawing: Some(3),
        };
        let (p, notice) = decide(AmbiguousChoice::Auto, false, Some(latin1), true);
        assert_eq!(p.charset, Charset::Ascii);
        assert!(notice.is_some_and(|n| n.contains("UTF-8")));
    }

    #[test]
    fn locale_rules() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(locale_is_utf8(env(&[("LANG", "vi_VN.UTF-8")])));
        assert!(!locale_is_utf8(env(&[
            ("LC_ALL", "C"),
            ("LANG", "vi_VN.UTF-8")
        ])));
        assert!(locale_is_utf8(env(&[])));
    }
}
