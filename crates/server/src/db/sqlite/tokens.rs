//! Device sign-ins, on SQLite.

use super::{Statement, Tx};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;
use sqlx::SqlitePool;

pub fn insert(tx: &mut Tx, token_hash: &str, user: UserId, device_name: &str, now: DateTime<Utc>) {
    tx.queue(
        Statement::new(
            "INSERT INTO auth_tokens (token_hash, user_id, device_name, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(device_name)
        .bind(now),
    );
}

/// The owner of a live token, with their last activity.
pub async fn owner(
    db: &SqlitePool,
    token_hash: &str,
) -> Result<Option<(UserId, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(i64, DateTime<Utc>)> = sqlx::query_as(
        "SELECT u.id, u.last_active_at FROM auth_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = ? AND t.revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, at)| (UserId(id), at)))
}

pub fn revoke(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) {
    tx.queue(
        Statement::new(
            "UPDATE auth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(token_hash),
    );
}
