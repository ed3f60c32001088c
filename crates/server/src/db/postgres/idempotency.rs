//! Stored answers to replayed requests, on PostgreSQL. Both run under the lock of the match the
//! request changes, so two replays of one key are decided one after the other.

use super::Tx;
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;

pub async fn find(tx: &mut Tx, user: UserId, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2")
        .bind(user.0)
        .bind(key)
        .fetch_optional(&mut *tx.inner)
        .await
}

pub async fn store(
    tx: &mut Tx,
    user: UserId,
    key: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, response_body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user.0)
    .bind(key)
    .bind(body)
    .bind(now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}
