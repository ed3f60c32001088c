//! Stored answers to requests sent with an `Idempotency-Key`, so a replay gets the same answer.

use super::Tx;
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;

pub async fn find(tx: &mut Tx, user: UserId, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT response_body FROM idempotency_keys WHERE user_id = ? AND key = ?")
        .bind(user.0)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await
}

pub async fn store(
    tx: &mut Tx,
    user: UserId,
    key: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO idempotency_keys (user_id, key, response_body, created_at) VALUES (?, ?, ?, ?)")
        .bind(user.0)
        .bind(key)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
