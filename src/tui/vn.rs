//! The screens' one door to the text layer (`crate::text`): widths, cutting,
//! padding, numbers, accent-free search, collation and the terminal profile.
//!
//! Views call only these functions, never `unicode-width` or string slicing,
//! so the Vietnamese rules live in one place (`crate::text`); this module
//! only adapts them to what a screen needs (an indicator's ratio entry, the
//! profile's own ellipsis).

use rust_decimal::Decimal;

use crate::model::Indicator;
use crate::text;
use crate::text::number::NumberError;

pub use crate::text::profile::{Profile, WIDE_LETTER};
// The text layer's functions the screens use as they are.
pub use crate::text::collate::compare;
pub use crate::text::labels::distinct_cuts;
pub use crate::text::normalize::clean;
pub use crate::text::number::format_exact as number_exact;
pub use crate::text::number::format_number as number;
pub use crate::text::number::parse_number;
pub use crate::text::search::{filter, match_rank};
pub use crate::text::width::{Align, fit, pad, width};

/// Decimals a typed figure may show beyond its indicator's own (a plan
/// implied by a reported share keeps its cents: 3.327,24), and the
/// precision a share typed as a fraction is stored to: `61/119` on an
/// indicator of 2 decimals is stored as 51,2605 (rounded half away from
/// zero), not as the 28 digits of the division.
pub const EXTRA_DECIMALS: u32 = 2;

/// The decimals a figure of `ind` is stored to when typed as a fraction,
/// and the most a typed figure shows.
pub fn max_decimals(ind: &Indicator) -> u32 {
    ind.decimals + EXTRA_DECIMALS
}

/// A stored figure as it was typed: its own decimals (trailing zeros
/// dropped), at least the indicator's, at most [`max_decimals`].
pub fn figure(v: Decimal, ind: &Indicator) -> String {
    let own = v.normalize().scale();
    number(v, own.clamp(ind.decimals, max_decimals(ind)))
}

/// What the officer typed for one indicator, read the Vietnamese way
/// (`1.234,5`, `-2,31`; `61/119` for ratio indicators). The error's
/// Display is the text layer's Vietnamese message.
pub fn parse_for(ind: &Indicator, typed: &str) -> Result<Decimal, NumberError> {
    if ind.ratio_entry {
        text::number::parse_number_ratio(typed)
    } else {
        text::number::parse_number(typed)
    }
}
