//! The only code that touches the terminal.
//!
//! - [`guard`]: raw mode, alternate screen, bracketed paste; restored on
//!   every way out (drop, panic hook, signals);
//! - [`frame`]: the frame writer, one write of the changed cells per frame;
//! - [`probe`]: the start-up question (how wide is `à`? is UTF-8 decoded?);
//! - [`profile`]: the terminal profile decided from the command line, the
//!   locale and the probe;
//! - [`typeahead`]: keys typed while the probe read the terminal;
//! - [`input`]: keys, pastes and resizes, and the terminal going away.
//!
//! May use: the text layer (widths, and the profile's text rules in
//! `text::profile`), ratatui's buffer and crossterm. Knows nothing of the
//! application: `tui` hands it frames and takes its input.

pub mod frame;
pub mod guard;
pub mod input;
pub mod probe;
pub mod profile;
pub mod typeahead;

pub use frame::FrameWriter;
pub use guard::{Guard, enter, restore, write_raw};
pub use input::TerminalEvent;
pub use profile::{AmbiguousChoice, Decision, Detect};
