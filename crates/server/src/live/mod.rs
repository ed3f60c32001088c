//! The broadcaster: who is connected, and delivery of live events to a person's sockets, on
//! whichever instance they are connected.
//!
//! - [`InProcess`]: the sockets of this process (SQLite: one process).
//! - [`PgNotify`]: the same plus PostgreSQL `LISTEN/NOTIFY` between instances sharing one database,
//!   published after the commit by one task per instance (see `postgres.rs`).
//!
//! When one PostgreSQL's notification path saturates, a message bus (NATS, for one) plugs in behind
//! the same trait: publish to a subject per instance or per person, subscribe per instance, and
//! keep presence in the bus's key-value store.

mod local;
mod postgres;

pub use local::{InProcess, Subscription};
pub use postgres::PgNotify;

use crate::token_cache::TokenDigest;
use futures::future::BoxFuture;
use meetcute_domain::UserId;
use meetcute_domain::wire::ServerMessage;
use std::collections::HashSet;

pub trait Broadcaster: Send + Sync + 'static {
    /// Delivers `message` to every socket of `user` (none: dropped; sync catches up).
    fn publish(&self, user: UserId, message: ServerMessage);
    /// Registers one socket of `user`; dropping the subscription unregisters it.
    fn subscribe(&self, user: UserId) -> Subscription;
    /// Whether `user` has a socket open on this instance (no query).
    fn is_connected_here(&self, user: UserId) -> bool;
    /// Whether `user` has a socket open on any instance.
    fn is_connected(&self, user: UserId) -> BoxFuture<'_, bool>;
    /// Which of `users` have a socket open on any instance (for presence: unknown is offline).
    fn connected_among(&self, users: Vec<UserId>) -> BoxFuture<'_, HashSet<UserId>>;
    /// A token was revoked here: every other instance forgets it too.
    fn token_revoked(&self, digest: TokenDigest);
}
