//! Rate limits in the database, so every instance counts against one budget.
//!
//! GCRA, like the governor crate: each key has a theoretical arrival time (TAT); a request is
//! allowed when the TAT, brought up to now, is at most `burst - emission` ahead of now, and moves
//! it on by one emission interval. One atomic statement: the key's row lock orders the requests.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::time::Duration;

/// Counts one request against `key` (at most `per_period` in `period`); `false` when over.
pub async fn take(
    db: &PgPool,
    key: &str,
    now: DateTime<Utc>,
    per_period: u32,
    period: Duration,
) -> Result<bool, sqlx::Error> {
    let emission = period.as_secs_f64() / f64::from(per_period.max(1));
    let allowed: Option<i32> = sqlx::query_scalar(
        "INSERT INTO rate_limits AS r (key, tat) VALUES ($1, $2 + make_interval(secs => $3)) \
         ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, $2) + make_interval(secs => $3) \
         WHERE GREATEST(r.tat, $2) - $2 <= make_interval(secs => $4) \
         RETURNING 1",
    )
    .bind(key)
    .bind(now)
    .bind(emission)
    .bind(period.as_secs_f64() - emission)
    .fetch_optional(db)
    .await?;
    Ok(allowed.is_some())
}

/// Keys whose budget is whole again carry no information.
pub async fn forget_settled(db: &PgPool, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE tat < $1")
        .bind(now)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
