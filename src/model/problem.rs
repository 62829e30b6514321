//! What is wrong with a covenant definition, said in Vietnamese and pinned to
//! the item and field it is about. The model checks its rules without knowing
//! where the definition came from; the file reader turns a [`Subject`] and
//! field into a file, line and column.

/// The item a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A unit's version, by its position in the unit's chronological list.
    Unit { code: String, version: usize },
    /// One member of the cluster in a covenant year.
    Member { year: u16, unit: String },
    /// One criterion of a covenant year.
    Criterion { year: u16, code: String },
    /// A covenant year's own settings (cluster name, declared scale total).
    Year(u16),
}

/// One broken rule: the item, the field (named as its column in the covenant
/// files), and a message that names the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub subject: Subject,
    pub field: &'static str,
    pub message: String,
}

impl Problem {
    pub fn new(subject: Subject, field: &'static str, message: impl Into<String>) -> Self {
        Problem {
            subject,
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Codes of units and criteria: 1–40 characters, an ASCII capital letter
/// first, then capitals, digits or `_` (`AG`, `GRDP_GROWTH`). They name rows
/// in CSV files and keys in the store, so they never need quoting and never
/// change with a locale.
pub fn is_code(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && s.len() <= 40
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// What a bad code is told.
pub fn code_rule() -> &'static str {
    "mã gồm chữ in hoa không dấu, chữ số và dấu _, bắt đầu bằng chữ, tối đa 40 ký tự (ví dụ AG, GRDP_GROWTH)"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_plain_capitals() {
        for good in ["AG", "GRDP_GROWTH", "X1", "AWD_HC_DOCLAP_2"] {
            assert!(is_code(good), "{good}");
        }
        for bad in ["", "ag", "1A", "_A", "Đ", "A-B", "A B", &"A".repeat(41)] {
            assert!(!is_code(bad), "{bad}");
        }
    }
}
