//! Matches, on PostgreSQL.

use super::changes::CHANGE_SEQ;
use super::{On, Tx, locks};
use crate::db::matches::{COLUMNS, LivePartner, MatchRow, Report};
use crate::db::to_text;
use chrono::{DateTime, Utc};
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::{MatchId, MatchRecord, MatchStatus, UserId};
use sqlx::PgPool;

/// `a` < `b`.
pub async fn insert_proposal(
    tx: &mut Tx,
    a: UserId,
    b: UserId,
    why: &Compatibility,
    now: DateTime<Utc>,
) -> Result<Option<MatchRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO matches (user_a, user_b, status, score, shared_interests, created_at, updated_at, \
         change_seq) VALUES ($1, $2, $3, $4, $5, $6, $6, {CHANGE_SEQ}) \
         ON CONFLICT (user_a, user_b) DO NOTHING RETURNING {COLUMNS}"
    ))
    .bind(a.0)
    .bind(b.0)
    .bind(to_text(&MatchStatus::Proposed))
    .bind(i64::from(why.score))
    .bind(why.shared_interests.join(","))
    .bind(now)
    .fetch_optional(&mut *tx.inner)
    .await
}

/// In a transaction the match is locked until it ends: what the rules decide from it stays true.
pub async fn get(on: On<'_>, id: MatchId) -> Result<Option<MatchRow>, sqlx::Error> {
    match on {
        On::Pool(pool) => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM matches WHERE id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await
        }
        On::Tx(tx) => lock(tx, id).await,
    }
}

/// The match, locked for the rest of the transaction.
pub(super) async fn lock(tx: &mut Tx, id: MatchId) -> Result<Option<MatchRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM matches WHERE id = $1 FOR NO KEY UPDATE"
    ))
    .bind(id.0)
    .fetch_optional(&mut *tx.inner)
    .await
}

pub async fn save(
    tx: &mut Tx,
    record: &MatchRecord,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE matches SET status = $1, closed_reason = $2, decision_a = $3, decision_b = $4, \
         updated_at = $5, change_seq = {CHANGE_SEQ} WHERE id = $6"
    ))
    .bind(to_text(&record.status))
    .bind(record.closed_reason.as_ref().map(to_text))
    .bind(record.decision_a.as_ref().map(to_text))
    .bind(record.decision_b.as_ref().map(to_text))
    .bind(now)
    .bind(record.id.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn set_closed_by(tx: &mut Tx, id: MatchId, by: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE matches SET closed_by = $1 WHERE id = $2")
        .bind(by.0)
        .bind(id.0)
        .execute(&mut *tx.inner)
        .await
        .map(drop)
}

/// Switches calls from this match off or on for `user_a` (`of_a`) or `user_b`; marks it changed.
pub async fn set_calls_off(
    tx: &mut Tx,
    id: MatchId,
    of_a: bool,
    off: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let column = if of_a { "calls_off_a" } else { "calls_off_b" };
    sqlx::query(&format!(
        "UPDATE matches SET {column} = $1, change_seq = {CHANGE_SEQ}, updated_at = $2 WHERE id = $3"
    ))
    .bind(off)
    .bind(now)
    .bind(id.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

/// Marks a match changed without changing it.
pub async fn touch(tx: &mut Tx, id: MatchId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $1 WHERE id = $2"
    ))
    .bind(now)
    .bind(id.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn touch_all_of(
    tx: &mut Tx,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = $1 WHERE user_a = $2 OR user_b = $2"
    ))
    .bind(now)
    .bind(user.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn of_user_changed(
    db: &PgPool,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<MatchRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM matches WHERE (user_a = $1 OR user_b = $1) \
         AND change_seq > $2 AND change_seq <= $3 ORDER BY updated_at DESC, id DESC"
    ))
    .bind(user.0)
    .bind(after)
    .bind(upto)
    .fetch_all(db)
    .await
}

pub async fn live_partners(db: &PgPool, user: UserId) -> Result<Vec<LivePartner>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS match_id, u.id AS user_id, u.hide_presence, u.last_active_at \
         FROM matches m JOIN users u ON u.id = (CASE WHEN m.user_a = $1 THEN m.user_b ELSE m.user_a END) \
         WHERE (m.user_a = $1 OR m.user_b = $1) AND m.status <> 'closed'",
    )
    .bind(user.0)
    .fetch_all(db)
    .await
}

pub async fn partners_of(db: &PgPool, user: UserId) -> Result<Vec<UserId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT CASE WHEN user_a = $1 THEN user_b ELSE user_a END FROM matches \
         WHERE user_a = $1 OR user_b = $1",
    )
    .bind(user.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

pub async fn open_proposals(tx: &mut Tx, user: UserId) -> Result<i64, sqlx::Error> {
    locks::people(tx, vec![user]).await?;
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM matches WHERE (user_a = $1 OR user_b = $1) AND status = $2",
    )
    .bind(user.0)
    .bind(to_text(&MatchStatus::Proposed))
    .fetch_one(&mut *tx.inner)
    .await
}

pub async fn proposed_before(
    db: &PgPool,
    before: DateTime<Utc>,
) -> Result<Vec<MatchId>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM matches WHERE status = $1 AND created_at <= $2")
            .bind(to_text(&MatchStatus::Proposed))
            .bind(before)
            .fetch_all(db)
            .await?;
    Ok(ids.into_iter().map(MatchId).collect())
}

pub async fn insert_report(tx: &mut Tx, report: &Report<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reports (match_id, reporter_id, reported_id, reason, details, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(report.match_id.0)
    .bind(report.reporter.0)
    .bind(report.reported.0)
    .bind(report.reason)
    .bind(report.details)
    .bind(report.now)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}
