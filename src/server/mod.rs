//! Several officers on one database: `thidua serve` owns it and serves a Unix
//! socket beside it ([`serve`]); every `thidua` reaches it through
//! [`client::ClientStore`], the second implementation of the store
//! interface, after checking whom it talks to ([`trust`]) and, for a
//! personal database, starting the server itself ([`launch`]). Identity
//! comes from the socket (SO_PEERCRED), permissions from [`roles`], and
//! every client is held to [`limits`].
//!
//! May use: `store`, `model`, `text`.

mod backups;
pub mod client;
mod commit;
mod conn;
pub mod duration;
mod imports;
mod inbound;
pub mod launch;
pub mod limits;
mod outbox;
pub mod protocol;
mod reads;
pub mod roles;
mod scoring;
pub mod serve;
pub mod shape;
pub mod trust;

pub use client::{ClientStore, ConnectError, Reconnect};
pub use launch::Launcher;
pub use serve::{Config, ServerHandle, default_socket};
