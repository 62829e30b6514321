//! One stored figure and the key that names it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::period::Period;

/// Who a figure is about: the pseudo-province code for the cluster itself.
pub const CLUSTER: &str = "CLUSTER";

/// Reported result or target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// thực hiện / ước đạt
    Actual,
    /// kế hoạch / dự toán, held on the year
    Plan,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Actual => "actual",
            Kind::Plan => "plan",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "actual" => Some(Kind::Actual),
            "plan" => Some(Kind::Plan),
            _ => None,
        }
    }
}

/// (period, province or `CLUSTER`, indicator, kind): one cell of the covenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ValueKey {
    pub period: Period,
    pub province: String,
    pub indicator: String,
    pub kind: Kind,
}

/// `2021-H1 DT EXPORT actual`: the cell named in messages and logs.
impl std::fmt::Display for ValueKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.period,
            self.province,
            self.indicator,
            self.kind.as_str()
        )
    }
}

impl ValueKey {
    pub fn new(period: Period, province: &str, indicator: &str, kind: Kind) -> Self {
        ValueKey {
            period,
            province: province.to_string(),
            indicator: indicator.to_string(),
            kind,
        }
    }
}

/// How the report qualified a figure ("ước đạt", "trên", "khoảng").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualifiers {
    pub estimate: bool,
    pub lower_bound: bool,
    pub approx: bool,
    /// Not stated in the source; calculated (e.g. an implied annual plan).
    pub derived: bool,
}

/// The stored figure: an exact decimal with its qualifiers and an optional note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: Decimal,
    pub qualifiers: Qualifiers,
    pub note: Option<String>,
}

impl Figure {
    pub fn plain(value: Decimal) -> Self {
        Figure {
            value,
            qualifiers: Qualifiers::default(),
            note: None,
        }
    }
}

/// A key with its figure, as listed by a scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub key: ValueKey,
    pub figure: Figure,
}
