//! Matches, on SQLite.

use super::{CHANGE_SEQ, On, Statement, Tx, packed, take_change_seq, to_text};
use crate::db::matches::{COLUMNS, LivePartner, MatchRow, Report};
use chrono::{DateTime, Utc};
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::{MatchId, MatchRecord, MatchStatus, UserId};
use sqlx::SqlitePool;

/// `a` < `b`.
pub async fn insert_proposal(
    tx: &mut Tx,
    a: UserId,
    b: UserId,
    why: &Compatibility,
    now: DateTime<Utc>,
) -> Result<Option<MatchRow>, sqlx::Error> {
    take_change_seq(tx);
    tx.fetch_optional(
        Statement::new(format!(
            "INSERT INTO matches (user_a, user_b, status, score, shared_interests, created_at, updated_at, \
             change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, {CHANGE_SEQ}) ON CONFLICT (user_a, user_b) DO NOTHING \
             RETURNING {COLUMNS}"
        ))
        .bind(a.0)
        .bind(b.0)
        .bind(to_text(&MatchStatus::Proposed))
        .bind(i64::from(why.score))
        .bind(why.shared_interests.join(","))
        .bind(now)
        .bind(now),
    )
    .await
}

pub async fn get<'a>(on: impl Into<On<'a>>, id: MatchId) -> Result<Option<MatchRow>, sqlx::Error> {
    on.into()
        .fetch_optional(
            Statement::new(format!("SELECT {COLUMNS} FROM matches WHERE id = ?")).bind(id.0),
        )
        .await
}

/// Stores the rules' new state of a match and marks it changed.
pub fn save(tx: &mut Tx, record: &MatchRecord, now: DateTime<Utc>) {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "UPDATE matches SET status = ?, closed_reason = ?, decision_a = ?, decision_b = ?, updated_at = ?, \
             change_seq = {CHANGE_SEQ} WHERE id = ?"
        ))
        .bind(to_text(&record.status))
        .bind(record.closed_reason.as_ref().map(to_text))
        .bind(record.decision_a.as_ref().map(to_text))
        .bind(record.decision_b.as_ref().map(to_text))
        .bind(now)
        .bind(record.id.0),
    );
}

/// Records who closed the match (the change itself is saved by [`save`]).
pub fn set_closed_by(tx: &mut Tx, id: MatchId, by: UserId) {
    tx.queue(
        Statement::new("UPDATE matches SET closed_by = ? WHERE id = ?")
            .bind(by.0)
            .bind(id.0),
    );
}

/// Switches calls from this match off or on for `user_a` (`of_a`) or `user_b`; marks it changed.
pub fn set_calls_off(tx: &mut Tx, id: MatchId, of_a: bool, off: bool, now: DateTime<Utc>) {
    take_change_seq(tx);
    let column = if of_a { "calls_off_a" } else { "calls_off_b" };
    tx.queue(
        Statement::new(format!(
            "UPDATE matches SET {column} = ?, change_seq = {CHANGE_SEQ}, updated_at = ? WHERE id = ?"
        ))
        .bind(off)
        .bind(now)
        .bind(id.0),
    );
}

/// Marks matches changed without changing them (their calls or their people changed).
pub fn touch(tx: &mut Tx, id: MatchId, now: DateTime<Utc>) {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = ? WHERE id = ?"
        ))
        .bind(now)
        .bind(id.0),
    );
}

/// Marks every match of `user` changed (their profile changed).
pub fn touch_all_of(tx: &mut Tx, user: UserId, now: DateTime<Utc>) {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = ? WHERE user_a = ? OR user_b = ?"
        ))
        .bind(now)
        .bind(user.0)
        .bind(user.0),
    );
}

/// My matches whose last change is after `after` and not after `upto`, newest first.
pub async fn of_user_changed(
    db: &SqlitePool,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<MatchRow>, sqlx::Error> {
    let select = packed::select(
        COLUMNS,
        "matches WHERE (user_a = ? OR user_b = ?) AND change_seq > ? AND change_seq <= ?",
    );
    let select = select.bind(user.0).bind(user.0).bind(after).bind(upto);
    let mut rows: Vec<MatchRow> = packed::fetch(db, select).await?;
    rows.sort_unstable_by_key(|r| std::cmp::Reverse((r.updated_at, r.id)));
    Ok(rows)
}

/// Everyone `user` already has a match with, in any status.
pub async fn partners_of(db: &SqlitePool, user: UserId) -> Result<Vec<UserId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT CASE WHEN user_a = ? THEN user_b ELSE user_a END FROM matches WHERE user_a = ? OR user_b = ?",
    )
    .bind(user.0)
    .bind(user.0)
    .bind(user.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

pub async fn live_partners(db: &SqlitePool, user: UserId) -> Result<Vec<LivePartner>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id AS match_id, u.id AS user_id, u.hide_presence, u.last_active_at \
         FROM matches m JOIN users u ON u.id = (CASE WHEN m.user_a = ? THEN m.user_b ELSE m.user_a END) \
         WHERE (m.user_a = ? OR m.user_b = ?) AND m.status <> 'closed'",
    )
    .bind(user.0)
    .bind(user.0)
    .bind(user.0)
    .fetch_all(db)
    .await
}

/// Open proposals of `user`.
pub async fn open_proposals(tx: &mut Tx, user: UserId) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = tx
        .fetch_optional(
            Statement::new(
                "SELECT COUNT(*) FROM matches WHERE (user_a = ? OR user_b = ?) AND status = ?",
            )
            .bind(user.0)
            .bind(user.0)
            .bind(to_text(&MatchStatus::Proposed)),
        )
        .await?
        .unwrap_or((0,));
    Ok(count)
}

/// Proposals old enough to expire.
pub async fn proposed_before(
    db: &SqlitePool,
    before: DateTime<Utc>,
) -> Result<Vec<MatchId>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM matches WHERE status = ? AND created_at <= ?")
            .bind(to_text(&MatchStatus::Proposed))
            .bind(before)
            .fetch_all(db)
            .await?;
    Ok(ids.into_iter().map(MatchId).collect())
}

pub fn insert_report(tx: &mut Tx, report: &Report<'_>) {
    tx.queue(
        Statement::new(
            "INSERT INTO reports (match_id, reporter_id, reported_id, reason, details, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(report.match_id.0)
        .bind(report.reporter.0)
        .bind(report.reported.0)
        .bind(report.reason)
        .bind(report.details)
        .bind(report.now),
    );
}
