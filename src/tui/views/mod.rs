//! Drawing, one file per screen. The review screens (summary, ranking,
//! score, awards) are widgets over plain data, with their state and key
//! handling in `review`, and a shared `grid` for tables.

pub mod awards;
pub mod grid;
pub mod ranking;
pub mod review;
pub mod score;
pub mod summary;
