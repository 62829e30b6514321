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
