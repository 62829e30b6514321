//! Vietnamese text layer: every name, label and number that enters or leaves
//! thidua goes through here, so the rest of the program never calls
//! `unicode-width` or string slicing on user text directly.
//!
//! - [`normalize`]: NFC and removal of control characters / escape sequences;
//! - [`mod@width`]: display columns per grapheme, cutting with an ellipsis, padding;
//! - [`labels`]: cut names that stay apart (`…đạt % kế hoạch`);
//! - [`collate`]: sort in Vietnamese alphabet order (a ă â b c d đ e ê …);
//! - [`search`]: accent- and case-free matching (`dong thap`, `dt` → Đồng Tháp);
//! - [`number`]: reading and writing numbers the Vietnamese way (`1.234,5`);
//! - [`os_error`]: why the system refused a file, in Vietnamese;
//! - [`profile`]: what the terminal can draw (ambiguous-width letters, ASCII).
//!
//! May use: nothing else in the crate. Nothing here depends on the UI or
//! the store; the only outside types used are `rust_decimal::Decimal` and
//! ratatui's symbol sets.

pub mod collate;
pub mod labels;
pub mod normalize;
pub mod number;
pub mod os_error;
pub mod profile;
pub mod search;
pub mod width;

pub use collate::{compare, sort_key};
pub use normalize::clean;
pub use number::{
    NumberError, format_number, grouping_doubt, parse_number, parse_number_ratio, parse_plain,
};
pub use profile::{Ambiguous, Charset, Profile, Symbols};
pub use search::{filter, fold, match_rank};
pub use width::{Align, cut, fit, pad, width};
