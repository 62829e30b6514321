//! The terminal application. On this branch only the review screens'
//! widgets (`views`) exist; the run loop, `App` and key table come from the
//! `tui` branch.

pub mod views;
