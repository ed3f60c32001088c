//! Call requests, on PostgreSQL. Every change of a request runs with its match locked (the
//! services lock it first), so the request row itself needs no lock of its own.

use super::changes::CHANGE_SEQ;
use super::{On, Tx, locks};
use crate::db::call_requests::{COLUMNS, CallRequestRow, NewRequest};
use crate::db::to_text;
use chrono::{DateTime, Utc};
use meetcute_domain::call_requests::{CallRequestRecord, CallRequestStatus, OpenRequests};
use meetcute_domain::{CallRequestId, MatchId, UserId};
use sqlx::PgPool;

/// Requests handled by one sweep, at most.
const DUE_BATCH: i64 = 200;

pub async fn insert(tx: &mut Tx, new: NewRequest<'_>) -> Result<CallRequestRecord, sqlx::Error> {
    let row: CallRequestRow = sqlx::query_as(&format!(
        "WITH inserted AS (INSERT INTO call_requests (match_id, from_user_id, to_user_id, slots, \
         any_time_today, status, expires_at, created_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING {COLUMNS}), \
         touched AS (UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $8 WHERE id = $1) \
         SELECT {COLUMNS} FROM inserted"
    ))
    .bind(new.match_id.0)
    .bind(new.from.0)
    .bind(new.to.0)
    .bind(new.slots_json())
    .bind(new.proposal.any_time_today)
    .bind(to_text(&CallRequestStatus::Pending))
    .bind(new.proposal.expires_at)
    .bind(new.now)
    .fetch_one(&mut *tx.inner)
    .await?;
    row.record()
}

pub async fn save(
    tx: &mut Tx,
    record: &CallRequestRecord,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let request = &record.request;
    sqlx::query(&format!(
        "WITH saved AS (UPDATE call_requests SET status = $1, scheduled_at = $2, expires_at = $3, \
         reminders_sent = $4, due_at = $5 WHERE id = $6 RETURNING match_id) \
         UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $7 \
         WHERE id = (SELECT match_id FROM saved)"
    ))
    .bind(to_text(&request.status))
    .bind(request.scheduled_at)
    .bind(request.expires_at)
    .bind(i64::from(record.reminders_sent))
    .bind(due_at)
    .bind(request.id.0)
    .bind(now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    id: CallRequestId,
) -> Result<Option<CallRequestRow>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM call_requests WHERE id = $1");
    let query = sqlx::query_as(&query).bind(id.0);
    match on.into() {
        On::Pool(pool) => query.fetch_optional(pool).await,
        On::Tx(tx) => query.fetch_optional(&mut *tx.inner).await,
    }
}

pub async fn of_matches<'a>(
    on: impl Into<On<'a>>,
    ids: &[MatchId],
) -> Result<Vec<CallRequestRow>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let query = format!(
        "SELECT {COLUMNS} FROM call_requests WHERE match_id = ANY($1) ORDER BY created_at, id"
    );
    let query = sqlx::query_as(&query).bind(ids);
    match on.into() {
        On::Pool(pool) => query.fetch_all(pool).await,
        On::Tx(tx) => query.fetch_all(&mut *tx.inner).await,
    }
}

pub async fn open_counts(
    tx: &mut Tx,
    from: UserId,
    match_id: MatchId,
) -> Result<OpenRequests, sqlx::Error> {
    locks::people(tx, vec![from]).await?;
    let (mine, in_match): (i64, i64) = sqlx::query_as(
        "SELECT \
         (SELECT count(*) FROM call_requests WHERE from_user_id = $1 AND status IN ('pending', 'scheduled')), \
         (SELECT count(*) FROM call_requests WHERE match_id = $2 AND status IN ('pending', 'scheduled'))",
    )
    .bind(from.0)
    .bind(match_id.0)
    .fetch_one(&mut *tx.inner)
    .await?;
    Ok(OpenRequests {
        mine: usize::try_from(mine).unwrap_or(usize::MAX),
        in_match: usize::try_from(in_match).unwrap_or(usize::MAX),
    })
}

pub async fn due(db: &PgPool, now: DateTime<Utc>) -> Result<Vec<CallRequestId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM call_requests WHERE due_at <= $1 ORDER BY due_at LIMIT $2",
    )
    .bind(now)
    .bind(DUE_BATCH)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(CallRequestId).collect())
}

pub async fn answered_call_since(
    tx: &mut Tx,
    match_id: MatchId,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM call_sessions WHERE match_id = $1 AND created_at >= $2 \
         AND started_at IS NOT NULL)",
    )
    .bind(match_id.0)
    .bind(since)
    .fetch_one(&mut *tx.inner)
    .await
}
