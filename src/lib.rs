//! thidua: track a Vietnamese emulation cluster's covenant (giao ước thi đua).
//!
//! Layers, data flowing one way: `text` (Vietnamese text rules) and `model`
//! (pure domain) ← `store` (sled) ← `io` (CSV, reports) and `tui` (screens);
//! `cli` dispatches subcommands.

pub mod cli;
pub mod io;
pub mod model;
pub mod server;
pub mod store;
pub mod terminal;
pub mod text;
pub mod tui;
