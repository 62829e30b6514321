//! A figure as the officer types it, read by one set of rules for the
//! cell editor and for pasted cells: the Vietnamese and the plain forms
//! (`1.234,5`, `4,9`, `1234.5`, `76,64%`), a share as a fraction
//! (`61/119`) where the indicator is a share — stored rounded to
//! [`vn::max_decimals`], the text as typed kept for the audit — and the
//! indicator's range and whole-number rule.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Indicator, Kind, Refusal};
use crate::tui::vn;

/// A typed figure as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub value: Decimal,
    /// The text as typed where the stored value differs from it (a share
    /// typed as a fraction).
    pub typed: Option<String>,
}

/// Why a typed text is not a figure of the cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Bad {
    /// Not a number (the message quotes the text).
    Number(String),
    /// A number the indicator does not take (out of range, not whole).
    Rule(String),
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bad::Number(s) | Bad::Rule(s) => f.write_str(s),
        }
    }
}

/// Read `typed` (not empty) as a figure of `kind` for `ind`; the error's
/// text is the Vietnamese reason, for the status line.
pub fn read(ind: &Indicator, kind: Kind, typed: &str) -> Result<Reading, Bad> {
    let typed = typed.trim();
    let mut value = vn::parse_for(ind, typed).map_err(|e| Bad::Number(e.to_string()))?;
    let mut note = None;
    if ind.ratio_entry && typed.contains('/') {
        value = value
            .round_dp_with_strategy(
                vn::max_decimals(ind),
                RoundingStrategy::MidpointAwayFromZero,
            )
            .normalize();
        note = Some(typed.to_string());
    }
    match ind.refusal(kind, value) {
        None => Ok(Reading { value, typed: note }),
        Some(Refusal::OutOfRange) => Err(Bad::Rule(format!(
            "Ngoài khoảng cho phép: từ {} đến {} {}",
            vn::number_exact(ind.min, ind.decimals),
            vn::number_exact(ind.max, ind.decimals),
            ind.unit
        ))),
        Some(Refusal::NotWhole) => Err(Bad::Rule(format!("Phải là số nguyên ({})", ind.unit))),
    }
}
