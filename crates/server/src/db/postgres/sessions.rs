//! Call sessions, on PostgreSQL.

use super::changes::CHANGE_SEQ;
use super::{On, Tx};
use crate::db::sessions::{COLUMNS, LIVE, SessionRow, sessions, summary};
use crate::db::to_text;
use chrono::{DateTime, Utc};
use meetcute_domain::history::CallSummary;
use meetcute_domain::{CallSession, CallStatus, MatchId, SessionId, UserId};
use sqlx::PgPool;
use std::collections::HashMap;

/// One statement: the session, and its match marked changed.
pub async fn insert(tx: &mut Tx, s: &CallSession, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "WITH inserted AS (INSERT INTO call_sessions (id, match_id, caller_id, callee_id, status, \
         created_at, started_at, ended_at, end_reason, max_duration_seconds, change_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, {CHANGE_SEQ}) RETURNING match_id) \
         UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $11 \
         WHERE id = (SELECT match_id FROM inserted)"
    ))
    .bind(s.id.0)
    .bind(s.match_id.0)
    .bind(s.caller_id.0)
    .bind(s.callee_id.0)
    .bind(to_text(&s.status))
    .bind(s.created_at)
    .bind(s.started_at)
    .bind(s.ended_at)
    .bind(s.end_reason.as_ref().map(to_text))
    .bind(s.max_duration_seconds.map(i64::from))
    .bind(now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

/// One statement: the session's new state, and its match marked changed.
pub async fn save(tx: &mut Tx, s: &CallSession, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "WITH saved AS (UPDATE call_sessions SET status = $1, started_at = $2, ended_at = $3, \
         end_reason = $4, change_seq = {CHANGE_SEQ} WHERE id = $5 RETURNING match_id) \
         UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $6 \
         WHERE id = (SELECT match_id FROM saved)"
    ))
    .bind(to_text(&s.status))
    .bind(s.started_at)
    .bind(s.ended_at)
    .bind(s.end_reason.as_ref().map(to_text))
    .bind(s.id.0)
    .bind(now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn get(on: On<'_>, id: SessionId) -> Result<Option<CallSession>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM call_sessions WHERE id = $1");
    let query = sqlx::query_as::<_, SessionRow>(&query).bind(id.0);
    let row = match on {
        On::Pool(pool) => query.fetch_optional(pool).await?,
        On::Tx(tx) => query.fetch_optional(&mut *tx.inner).await?,
    };
    row.as_ref().map(SessionRow::session).transpose()
}

pub async fn of_match(db: &PgPool, id: MatchId) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE match_id = $1 ORDER BY created_at, id"
    ))
    .bind(id.0)
    .fetch_all(db)
    .await?;
    sessions(rows)
}

/// Runs under the match's lock (the caller is closing the match).
pub async fn live_of_match(tx: &mut Tx, id: MatchId) -> Result<Option<CallSession>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE match_id = $1 AND {LIVE}"
    ))
    .bind(id.0)
    .fetch_optional(&mut *tx.inner)
    .await?;
    row.as_ref().map(SessionRow::session).transpose()
}

pub async fn live_of_user(db: &PgPool, user: UserId) -> Result<Option<CallSession>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE (caller_id = $1 OR callee_id = $1) AND {LIVE} LIMIT 1"
    ))
    .bind(user.0)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(SessionRow::session).transpose()
}

pub async fn all_live(db: &PgPool) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query_as(&format!("SELECT {COLUMNS} FROM call_sessions WHERE {LIVE}"))
        .fetch_all(db)
        .await?;
    sessions(rows)
}

/// Live sessions that may be past their ring timeout or their cap (the rules decide).
pub async fn maybe_past_deadline(
    db: &PgPool,
    now: chrono::DateTime<chrono::Utc>,
    ring_timeout_secs: f64,
) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE {LIVE} AND ( \
         (status = 'ringing' AND created_at <= $1 - make_interval(secs => $2)) \
         OR (started_at + make_interval(secs => max_duration_seconds::float8) <= $1))"
    ))
    .bind(now)
    .bind(ring_timeout_secs)
    .fetch_all(db)
    .await?;
    sessions(rows)
}

pub async fn of_user_changed(
    db: &PgPool,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE (caller_id = $1 OR callee_id = $1) \
         AND change_seq > $2 AND change_seq <= $3 ORDER BY created_at, id"
    ))
    .bind(user.0)
    .bind(after)
    .bind(upto)
    .fetch_all(db)
    .await?;
    sessions(rows)
}

pub async fn summaries_of_matches(
    db: &PgPool,
    ids: &[MatchId],
) -> Result<HashMap<MatchId, CallSummary>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<(i64, i64, Option<chrono::DateTime<chrono::Utc>>)> = sqlx::query_as(
        "SELECT match_id, COUNT(*), MAX(ended_at) FROM call_sessions \
         WHERE match_id = ANY($1) AND status = $2 GROUP BY match_id",
    )
    .bind(ids)
    .bind(to_text(&CallStatus::Completed))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, count, last)| (MatchId(id), summary(count, last)))
        .collect())
}
