//! Stored answers to replayed requests, on SQLite.

use super::{Statement, Tx};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;

pub async fn find(tx: &mut Tx, user: UserId, key: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT response_body FROM idempotency_keys WHERE user_id = ? AND key = ?",
            )
            .bind(user.0)
            .bind(key),
        )
        .await?;
    Ok(row.map(|(body,)| body))
}

pub fn store(tx: &mut Tx, user: UserId, key: &str, body: &str, now: DateTime<Utc>) {
    tx.queue(
        Statement::new(
            "INSERT INTO idempotency_keys (user_id, key, response_body, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(user.0)
        .bind(key)
        .bind(body)
        .bind(now),
    );
}
