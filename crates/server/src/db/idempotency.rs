//! Stored answers to requests sent with an `Idempotency-Key`, so a replay gets the same answer.

use super::{Tx, postgres, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;

pub async fn find(tx: &mut Tx, user: UserId, key: &str) -> Result<Option<String>, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::idempotency::find(tx, user, key).await,
        Tx::Postgres(tx) => postgres::idempotency::find(tx, user, key).await,
    }
}

pub async fn store(
    tx: &mut Tx,
    user: UserId,
    key: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, idempotency::store(user, key, body, now))
}
