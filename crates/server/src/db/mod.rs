//! The storage seam: what the services see of the database, whichever it is.
//!
//! One backend-neutral API per area (`users`, `tokens`, `matches`, `sessions`, `call_reads`,
//! `call_requests`, `changes`, `idempotency`): plain async functions over [`Db`] (reads on the pool) and [`Tx`] (a
//! write transaction, where every rule-checked change runs). Behind it two backends:
//!
//! - `sqlite/`: one file, one process. One writer connection whose transactions queue their writes
//!   and share commits (group commit), readers beside it; a rule's check-then-write is safe because
//!   there is one writer.
//! - `postgres/`: a plain `PgPool`, for several instances on one database. Two requests run truly
//!   at once there, so a transaction locks the rows its rules read (see `postgres/locks.rs`).
//!
//! Errors stay `sqlx::Error` on both: it is already backend-neutral.

/// Runs a write of one area on either backend: SQLite's are queued (they go with the transaction's
/// next read or its commit), PostgreSQL's run now.
macro_rules! write_on {
    ($tx:expr, $area:ident::$f:ident($($arg:expr),*)) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx) => {
                $crate::db::sqlite::$area::$f(tx, $($arg),*);
                Ok(())
            }
            $crate::db::Tx::Postgres(tx) => $crate::db::postgres::$area::$f(tx, $($arg),*).await,
        }
    };
}

pub mod call_reads;
pub mod call_requests;
pub mod changes;
pub mod idempotency;
pub mod matches;
pub mod postgres;
pub mod sessions;
pub mod sqlite;
pub mod tokens;
pub mod users;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The database, either backend.
#[derive(Clone)]
pub enum Db {
    Sqlite(sqlite::Db),
    Postgres(postgres::Db),
}

/// A write transaction: rolled back unless committed.
pub enum Tx {
    Sqlite(sqlite::Tx),
    Postgres(postgres::Tx),
}

/// Where a read runs: on the pool, or inside a write transaction (which, on PostgreSQL, also locks
/// what it reads for the rest of the transaction).
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `url`: `sqlite://…` or
    /// `postgres://…` (with at most `max_connections`; SQLite has its own writer and readers).
    pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        if postgres::handles(url) {
            Ok(Db::Postgres(
                postgres::Db::open(url, max_connections).await?,
            ))
        } else {
            Ok(Db::Sqlite(sqlite::Db::open(url).await?))
        }
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(db) => Tx::Sqlite(db.begin().await?),
            Db::Postgres(db) => Tx::Postgres(db.begin().await?),
        })
    }

    /// Whether several instances may share this database (PostgreSQL): then timers are also
    /// swept from the database, since the instance that armed one may be gone.
    pub fn is_shared(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// The database answers a trivial query.
    pub async fn ping(&self) -> bool {
        match self {
            Db::Sqlite(db) => db.ping().await,
            Db::Postgres(db) => db.ping().await,
        }
    }

    pub fn is_closed(&self) -> bool {
        match self {
            Db::Sqlite(db) => db.is_closed(),
            Db::Postgres(db) => db.is_closed(),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(db) => db.close().await,
            Db::Postgres(db) => db.close().await,
        }
    }
}

impl Tx {
    /// Kept once this returns `Ok`.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}

/// An [`On`] opened up for one backend's code.
pub(crate) enum Backend<'a> {
    Sqlite(sqlite::On<'a>),
    Postgres(postgres::On<'a>),
}

impl<'a> On<'a> {
    pub(crate) fn backend(self) -> Backend<'a> {
        match self {
            On::Db(Db::Sqlite(db)) => Backend::Sqlite(sqlite::On::Pool(db.reader())),
            On::Db(Db::Postgres(db)) => Backend::Postgres(postgres::On::Pool(db.pool())),
            On::Tx(Tx::Sqlite(tx)) => Backend::Sqlite(sqlite::On::Tx(tx)),
            On::Tx(Tx::Postgres(tx)) => Backend::Postgres(postgres::On::Tx(tx)),
        }
    }
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(db: &'a Db) -> Self {
        On::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}

/// A domain enum as stored: its wire name.
pub fn to_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("not a unit enum: {other:?}"),
    }
}

/// A stored wire name back to the domain enum.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A stored flag: a boolean on PostgreSQL, 0 or 1 in SQLite's packed JSON.
pub(crate) fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(
        match <Flag as serde::Deserialize>::deserialize(deserializer)? {
            Flag::Bool(value) => value,
            Flag::Int(value) => value != 0,
        },
    )
}

pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Current time at millisecond precision (what is stored round-trips exactly).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}
