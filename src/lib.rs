//! thidua: track a Vietnamese emulation cluster's covenant (giao ước thi đua).
//!
//! Layers, data flowing one way: `text` (Vietnamese text rules) and `model`
//! (pure domain) ← `store` (sled) ← `server` (shared database), `io` (CSV,
//! reports) and `tui` (screens, drawn through `terminal`, the only code that
//! touches the terminal); `cli` dispatches subcommands. The README's code
//! map says what each folder may use.

pub mod cli;
pub mod io;
pub mod model;
pub mod server;
pub mod store;
pub mod terminal;
pub mod text;
pub mod tui;
