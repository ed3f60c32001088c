//! The sync cursor on PostgreSQL: transaction ids, bounded by the oldest one still running.
//!
//! A row changed in a transaction is stamped with that transaction's id ([`CHANGE_SEQ`]). Ids are
//! handed out in start order, not commit order, so "the highest stamp seen" is no safe cursor: a
//! lower id may still commit after a higher one was read. The cursor is therefore the snapshot's
//! `xmin` minus one: every transaction with a lower id has ended (committed or rolled back), and
//! every transaction that starts later gets a higher id, so no row at or below it can still appear
//! or change. A change waits for the transactions older than it before sync hands it out (they are
//! short), and no write queues on a shared counter row.

use crate::db::changes::Page;
use meetcute_domain::UserId;
use sqlx::PgPool;

/// The writing transaction's id, as SQL: a row changed in a transaction is stamped
/// `change_seq = {CHANGE_SEQ}`.
pub const CHANGE_SEQ: &str = "pg_current_xact_id()::text::bigint";

/// The highest cursor below which nothing can still change.
const SETTLED: &str = "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1)";

pub async fn page(
    db: &PgPool,
    user: UserId,
    after: i64,
    limit: Option<u32>,
) -> Result<Page, sqlx::Error> {
    let Some(limit) = limit else {
        let latest: i64 = sqlx::query_scalar(&format!("SELECT {SETTLED}"))
            .fetch_one(db)
            .await?;
        return Ok(Page {
            latest,
            end: latest,
        });
    };
    // The `limit`-th change of each kind after `after`; the page ends at the earlier one.
    let nth = i64::from(limit.max(1)) - 1;
    let (latest, nth_change): (i64, Option<i64>) = sqlx::query_as(&format!(
        "SELECT {SETTLED}, LEAST(
             (SELECT change_seq FROM matches
              WHERE (user_a = $1 OR user_b = $1) AND change_seq > $2
              ORDER BY change_seq LIMIT 1 OFFSET $3),
             (SELECT change_seq FROM call_sessions
              WHERE (caller_id = $1 OR callee_id = $1) AND change_seq > $2
              ORDER BY change_seq LIMIT 1 OFFSET $3))"
    ))
    .bind(user.0)
    .bind(after)
    .bind(nth)
    .fetch_one(db)
    .await?;
    Ok(Page {
        latest,
        end: nth_change.map_or(latest, |seq| seq.min(latest)),
    })
}
