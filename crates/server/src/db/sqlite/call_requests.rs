//! Call requests, on SQLite.

use super::{CHANGE_SEQ, On, Statement, Tx, packed, take_change_seq, to_text};
use crate::db::call_requests::{COLUMNS, CallRequestRow, NewRequest};
use chrono::{DateTime, Utc};
use meetcute_domain::call_requests::{CallRequestRecord, CallRequestStatus, OpenRequests};
use meetcute_domain::{CallRequestId, MatchId, UserId};
use sqlx::SqlitePool;

/// Requests handled by one sweep, at most.
const DUE_BATCH: i64 = 200;

pub async fn insert(tx: &mut Tx, new: NewRequest<'_>) -> Result<CallRequestRecord, sqlx::Error> {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = ? WHERE id = ?"
        ))
        .bind(new.now)
        .bind(new.match_id.0),
    );
    let row: Option<CallRequestRow> = tx
        .fetch_optional(
            Statement::new(format!(
                "INSERT INTO call_requests (match_id, from_user_id, to_user_id, slots, any_time_today, \
                 status, expires_at, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 RETURNING {COLUMNS}"
            ))
            .bind(new.match_id.0)
            .bind(new.from.0)
            .bind(new.to.0)
            .bind(new.slots_json())
            .bind(new.proposal.any_time_today)
            .bind(to_text(&CallRequestStatus::Pending))
            .bind(new.proposal.expires_at)
            .bind(new.now)
            .bind(new.proposal.expires_at),
        )
        .await?;
    row.ok_or(sqlx::Error::RowNotFound)?.record()
}

pub fn save(
    tx: &mut Tx,
    record: &CallRequestRecord,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) {
    take_change_seq(tx);
    let request = &record.request;
    tx.queue(
        Statement::new(
            "UPDATE call_requests SET status = ?, scheduled_at = ?, expires_at = ?, reminders_sent = ?, \
             due_at = ? WHERE id = ?",
        )
        .bind(to_text(&request.status))
        .bind(request.scheduled_at)
        .bind(request.expires_at)
        .bind(i64::from(record.reminders_sent))
        .bind(due_at)
        .bind(request.id.0)
        .then(
            Statement::new(format!(
                "UPDATE matches SET change_seq = {CHANGE_SEQ}, updated_at = ? WHERE id = ?"
            ))
            .bind(now)
            .bind(request.match_id.0),
        ),
    );
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    id: CallRequestId,
) -> Result<Option<CallRequestRow>, sqlx::Error> {
    on.into()
        .fetch_optional(
            Statement::new(format!("SELECT {COLUMNS} FROM call_requests WHERE id = ?")).bind(id.0),
        )
        .await
}

pub async fn of_matches<'a>(
    on: impl Into<On<'a>>,
    ids: &[MatchId],
) -> Result<Vec<CallRequestRow>, sqlx::Error> {
    on.into()
        .fetch_all(
            Statement::new(format!(
                "SELECT {COLUMNS} FROM call_requests \
                 WHERE match_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id"
            ))
            .bind(packed::id_list(ids.iter().map(|id| id.0))),
        )
        .await
}

pub async fn open_counts(
    tx: &mut Tx,
    from: UserId,
    match_id: MatchId,
) -> Result<OpenRequests, sqlx::Error> {
    let counts: Option<(i64, i64)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT \
                 (SELECT count(*) FROM call_requests WHERE from_user_id = ? AND status IN ('pending', 'scheduled')), \
                 (SELECT count(*) FROM call_requests WHERE match_id = ? AND status IN ('pending', 'scheduled'))",
            )
            .bind(from.0)
            .bind(match_id.0),
        )
        .await?;
    let (mine, in_match) = counts.unwrap_or((0, 0));
    Ok(OpenRequests {
        mine: usize::try_from(mine).unwrap_or(usize::MAX),
        in_match: usize::try_from(in_match).unwrap_or(usize::MAX),
    })
}

pub async fn due(db: &SqlitePool, now: DateTime<Utc>) -> Result<Vec<CallRequestId>, sqlx::Error> {
    let ids: Vec<(i64,)> = Statement::new(
        "SELECT id FROM call_requests WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
    )
    .bind(now)
    .bind(DUE_BATCH)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(|(id,)| CallRequestId(id)).collect())
}

pub async fn answered_call_since(
    tx: &mut Tx,
    match_id: MatchId,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT EXISTS (SELECT 1 FROM call_sessions WHERE match_id = ? AND created_at >= ? \
                 AND started_at IS NOT NULL)",
            )
            .bind(match_id.0)
            .bind(since),
        )
        .await?;
    Ok(found.is_some_and(|(found,)| found != 0))
}
