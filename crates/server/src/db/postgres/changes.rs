//! The sync cursor on PostgreSQL: transaction ids, bounded by the oldest one still running.
//!
//! A row changed in a transaction is stamped with that transaction's id ([`CHANGE_SEQ`]). Ids are
//! handed out in start order, not commit order, so "the highest stamp seen" is no safe cursor: a
//! lower id may still commit after a higher one was read. The cursor is therefore the snapshot's
//! `xmin` minus one: every transaction with a lower id has ended (committed or rolled back), and
//! every transaction that starts later gets a higher id, so no row at or below it can still appear
//! or change. No write queues on a shared counter row.
//!
//! A change waits for the transactions older than it before sync hands it out; they are short, but
//! a client that syncs right after its own request expects to see it. So when `user` has committed
//! changes above the settled cursor, the page waits a little for them to settle (see [`page`]).

use crate::db::changes::Page;
use meetcute_domain::UserId;
use sqlx::PgPool;
use std::time::Duration;

/// How often, and how many times, a page waits for older transactions to end before it answers
/// with what is settled (the rest comes with the next sync).
const SETTLE_POLL: Duration = Duration::from_millis(5);
const SETTLE_TRIES: u32 = 100;

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
    let latest = settled_for(db, user).await?;
    let Some(limit) = limit else {
        return Ok(Page {
            latest,
            end: latest,
            more: false,
        });
    };
    // The `limit`-th change of each kind after `after`; the page ends at the earlier one.
    let nth = i64::from(limit.max(1)) - 1;
    let nth_change: Option<i64> = sqlx::query_scalar(
        "SELECT LEAST(
             (SELECT change_seq FROM matches
              WHERE (user_a = $1 OR user_b = $1) AND change_seq > $2
              ORDER BY change_seq LIMIT 1 OFFSET $3),
             (SELECT change_seq FROM call_sessions
              WHERE (caller_id = $1 OR callee_id = $1) AND change_seq > $2
              ORDER BY change_seq LIMIT 1 OFFSET $3))",
    )
    .bind(user.0)
    .bind(after)
    .bind(nth)
    .fetch_one(db)
    .await?;
    let end = nth_change.map_or(latest, |seq| seq.min(latest));
    // The cursor moves with every transaction of the database server, so "before the latest" says
    // nothing: ask whether this person has settled changes after the page.
    let more = end < latest && changed_between(db, user, end, latest).await?;
    // Nothing of theirs is left before the latest: the page reaches it.
    let end = if more { end } else { latest };
    Ok(Page { latest, end, more })
}

/// Whether `user` has a match or call changed after `after` and not after `upto`.
async fn changed_between(
    db: &PgPool,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM matches WHERE (user_a = $1 OR user_b = $1) \
                        AND change_seq > $2 AND change_seq <= $3) \
             OR EXISTS (SELECT 1 FROM call_sessions WHERE (caller_id = $1 OR callee_id = $1) \
                        AND change_seq > $2 AND change_seq <= $3)",
    )
    .bind(user.0)
    .bind(after)
    .bind(upto)
    .fetch_one(db)
    .await
}

/// The settled cursor, once `user`'s own committed changes are below it (or after a short wait).
async fn settled_for(db: &PgPool, user: UserId) -> Result<i64, sqlx::Error> {
    let mut tries = 0;
    loop {
        let (settled, unsettled): (i64, bool) = sqlx::query_as(&format!(
            "SELECT s, EXISTS (SELECT 1 FROM matches WHERE (user_a = $1 OR user_b = $1) AND change_seq > s)
                    OR EXISTS (SELECT 1 FROM call_sessions WHERE (caller_id = $1 OR callee_id = $1) AND change_seq > s)
             FROM (SELECT {SETTLED} AS s) AS settled"
        ))
        .bind(user.0)
        .fetch_one(db)
        .await?;
        tries += 1;
        if !unsettled || tries >= SETTLE_TRIES {
            return Ok(settled);
        }
        tokio::time::sleep(SETTLE_POLL).await;
    }
}
