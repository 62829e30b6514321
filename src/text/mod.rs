//! Placeholder replaced by the text layer branch.
pub mod normalize;
pub mod number;
