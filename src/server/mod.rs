//! Several officers on one database: `thidua serve` owns it and serves a Unix
//! socket beside it ([`serve`]); every `thidua` reaches it through
//! [`client::ClientStore`], the second implementation of the store interface.
//! Identity comes from the socket (SO_PEERCRED), permissions from [`roles`].
//!
//! May use: `store`, `model`, `text`.

pub mod client;
pub mod protocol;
pub mod roles;
pub mod serve;

pub use client::{ClientStore, ConnectError};
pub use serve::{Config, ServerHandle, default_socket};
