//! Device sign-ins: bearer tokens stored as SHA-256 hashes, revocable one by one.

use super::{Db, Tx, postgres, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;

pub async fn insert(
    tx: &mut Tx,
    token_hash: &str,
    user: UserId,
    device_name: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, tokens::insert(token_hash, user, device_name, now))
}

/// The owner of a live token, with their last activity.
pub async fn owner(
    db: &Db,
    token_hash: &str,
) -> Result<Option<(UserId, DateTime<Utc>)>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::tokens::owner(db.reader(), token_hash).await,
        Db::Postgres(db) => postgres::tokens::owner(db.pool(), token_hash).await,
    }
}

pub async fn revoke(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    write_on!(tx, tokens::revoke(token_hash, now))
}
