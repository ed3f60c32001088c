//! Device sign-ins, on PostgreSQL.

use super::Tx;
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;
use sqlx::PgPool;

pub async fn insert(
    tx: &mut Tx,
    token_hash: &str,
    user: UserId,
    device_name: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO auth_tokens (token_hash, user_id, device_name, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(device_name)
    .bind(now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn owner(
    db: &PgPool,
    token_hash: &str,
) -> Result<Option<(UserId, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(i64, DateTime<Utc>)> = sqlx::query_as(
        "SELECT u.id, u.last_active_at FROM auth_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, at)| (UserId(id), at)))
}

pub async fn revoke(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE auth_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}
