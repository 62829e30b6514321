//! The two optional columns a figure's row carries after the five required
//! ones, in every file thidua writes and reads (CSV, JSON, Markdown, the
//! workbook's long sheet):
//!
//! - `qualifier`: how the report qualified the figure, `;`-separated, in
//!   the words of `data/values.csv`: `estimate` (ước đạt), `lower_bound`
//!   (trên/hơn), `approx` (khoảng), `derived` (tính ra: not stated, worked
//!   out). Written in that order; read in any order, in any case, also as
//!   the Vietnamese words (`ước đạt;trên`). Any other word is refused.
//! - `comment`: the figure's note, NFC, control characters removed (a line
//!   break becomes a space), trimmed, at most [`COMMENT_MAX_CHARS`]
//!   characters; empty means none.
//!
//! A file without these columns (an older export, a wide sheet) imports
//! as before, and says nothing of them: a figure whose value it leaves
//! unchanged keeps its stored qualifiers and comment ([`keep_unsaid`]),
//! so nothing is dropped without a word; a figure it changes carries none.

use std::collections::HashMap;

use crate::model::{Figure, Qualifiers, ValueKey};
use crate::store::Edit;
use crate::text::normalize::clean;

pub const QUALIFIER: &str = "qualifier";
pub const COMMENT: &str = "comment";

/// The longest comment, in characters: the store keeps no longer note.
pub const COMMENT_MAX_CHARS: usize = crate::store::fields::NOTE_MAX_CHARS;

/// Each qualifier: its flag, the file word, the other words read as it,
/// and how a report says it.
struct Word {
    get: fn(&Qualifiers) -> bool,
    set: fn(&mut Qualifiers),
    code: &'static str,
    also: &'static [&'static str],
    vi: &'static str,
}

const WORDS: [Word; 4] = [
    Word {
        get: |q| q.estimate,
        set: |q| q.estimate = true,
        code: "estimate",
        also: &["ước đạt", "ước"],
        vi: "ước đạt",
    },
    Word {
        get: |q| q.lower_bound,
        set: |q| q.lower_bound = true,
        code: "lower_bound",
        also: &["trên", "hơn", "trên/hơn"],
        vi: "trên/hơn",
    },
    Word {
        get: |q| q.approx,
        set: |q| q.approx = true,
        code: "approx",
        also: &["khoảng"],
        vi: "khoảng",
    },
    Word {
        get: |q| q.derived,
        set: |q| q.derived = true,
        code: "derived",
        also: &["tính ra"],
        vi: "tính ra (không nêu trong báo cáo)",
    },
];

/// The `qualifier` cell of a figure: `estimate;lower_bound`, empty when
/// the figure is stated plainly.
pub fn qualifier_text(q: &Qualifiers) -> String {
    let words: Vec<&str> = WORDS
        .iter()
        .filter(|w| (w.get)(q))
        .map(|w| w.code)
        .collect();
    words.join(";")
}

/// The qualifiers in Vietnamese, for a report's notes: `ước đạt, khoảng`.
pub fn qualifier_words(q: &Qualifiers) -> Vec<&'static str> {
    WORDS.iter().filter(|w| (w.get)(q)).map(|w| w.vi).collect()
}

/// Read a `qualifier` cell (already cleaned); an unknown word is refused
/// naming it and the words that are understood.
pub fn parse_qualifiers(cell: &str) -> Result<Qualifiers, String> {
    let mut q = Qualifiers::default();
    for part in cell.split(';') {
        let word = part.trim();
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        let found = WORDS
            .iter()
            .find(|w| w.code == lower || w.also.contains(&lower.as_str()));
        match found {
            Some(w) => (w.set)(&mut q),
            None => {
                return Err(format!(
                    "không hiểu «{}» trong cột qualifier: dùng estimate (ước đạt), \
                     lower_bound (trên/hơn), approx (khoảng), derived (tính ra), \
                     cách nhau bằng dấu ;",
                    crate::text::cut(word, 32)
                ));
            }
        }
    }
    Ok(q)
}

/// Read a `comment` cell as it came from the file: cleaned and trimmed,
/// None when empty; longer than [`COMMENT_MAX_CHARS`] is refused.
pub fn parse_comment(cell: &str) -> Result<Option<String>, String> {
    let text = clean(cell).trim().to_string();
    let chars = text.chars().count();
    if chars > COMMENT_MAX_CHARS {
        return Err(format!(
            "ghi chú dài {chars} ký tự, tối đa {COMMENT_MAX_CHARS}"
        ));
    }
    Ok(Some(text).filter(|t| !t.is_empty()))
}

/// Characters that make a spreadsheet read a CSV cell as a formula.
const FORMULA_START: [char; 5] = ['=', '+', '-', '@', '\''];

/// A comment as a CSV cell: one that a spreadsheet would run as a formula
/// (`=HYPERLINK(…)`) is written after a `'`, as Excel itself marks text.
pub fn comment_to_csv(comment: &str) -> std::borrow::Cow<'_, str> {
    if comment.starts_with(FORMULA_START) {
        format!("'{comment}").into()
    } else {
        comment.into()
    }
}

/// A CSV comment cell back: the `'` written before such a comment is dropped.
pub fn comment_from_csv(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// Which of the optional columns a file leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unsaid {
    pub qualifier: bool,
    pub comment: bool,
}

impl Unsaid {
    /// What a header row leaves out.
    pub fn of_header<'a>(mut names: impl Iterator<Item = &'a str> + Clone) -> Unsaid {
        Unsaid {
            qualifier: !names.clone().any(|n| n == QUALIFIER),
            comment: !names.any(|n| n == COMMENT),
        }
    }

    pub fn is_nothing(&self) -> bool {
        !self.qualifier && !self.comment
    }
}

/// `edits` with what their file leaves out taken from the `stored` figure
/// wherever the value is unchanged.
pub fn keep_unsaid(
    stored: &HashMap<ValueKey, Figure>,
    mut edits: Vec<Edit>,
    unsaid: Unsaid,
) -> Vec<Edit> {
    if unsaid.is_nothing() {
        return edits;
    }
    for edit in &mut edits {
        let (Some(new), Some(old)) = (edit.new.as_mut(), stored.get(&edit.key)) else {
            continue;
        };
        if new.value != old.value {
            continue;
        }
        if unsaid.qualifier {
            new.qualifiers = old.qualifiers;
        }
        if unsaid.comment {
            new.note.clone_from(&old.note);
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_read_back_as_written() {
        let all = Qualifiers {
            estimate: true,
            lower_bound: true,
            approx: true,
            derived: true,
        };
        assert_eq!(qualifier_text(&all), "estimate;lower_bound;approx;derived");
        assert_eq!(parse_qualifiers(&qualifier_text(&all)), Ok(all));
        assert_eq!(parse_qualifiers(""), Ok(Qualifiers::default()));
        let q = parse_qualifiers(" Ước đạt ; trên;").expect("Vietnamese words");
        assert!(q.estimate && q.lower_bound && !q.approx);
        assert_eq!(qualifier_text(&q), "estimate;lower_bound");
        let e = parse_qualifiers("estimate;maybe").expect_err("unknown");
        assert!(e.contains("«maybe»"), "{e}");
    }

    #[test]
    fn comments_are_clean_bounded_and_safe_in_a_spreadsheet() {
        assert_eq!(parse_comment("  "), Ok(None));
        assert_eq!(
            parse_comment("a\u{1b}[31m b\r\nc"),
            Ok(Some("a b c".to_string()))
        );
        let long = "x".repeat(COMMENT_MAX_CHARS + 1);
        assert!(parse_comment(&long).is_err());
        for c in ["=1+1", "'=x", "'a", "-5", "plain"] {
            assert_eq!(comment_from_csv(&comment_to_csv(c)), c);
        }
        assert_eq!(comment_to_csv("=1+1"), "'=1+1");
        assert_eq!(comment_from_csv("'a"), "'a");
    }
}
