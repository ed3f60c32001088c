//! Call sessions, on SQLite.

use super::{CHANGE_SEQ, On, Statement, Tx, decode_all, packed, take_change_seq, to_text};
use crate::db::sessions::{COLUMNS, LIVE, SessionRow, sessions, summary};
use chrono::{DateTime, Utc};
use meetcute_domain::history::CallSummary;
use meetcute_domain::{CallSession, CallStatus, MatchId, SessionId, UserId};
use sqlx::SqlitePool;
use std::collections::HashMap;

pub fn insert(tx: &mut Tx, s: &CallSession, now: DateTime<Utc>) {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "INSERT INTO call_sessions (id, match_id, caller_id, callee_id, status, created_at, started_at, \
             ended_at, end_reason, max_duration_seconds, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {CHANGE_SEQ})"
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
        .bind(s.max_duration_seconds.map(i64::from)),
    );
    super::matches::touch(tx, s.match_id, now);
}

pub fn save(tx: &mut Tx, s: &CallSession, now: DateTime<Utc>) {
    take_change_seq(tx);
    tx.queue(
        Statement::new(format!(
            "UPDATE call_sessions SET status = ?, started_at = ?, ended_at = ?, end_reason = ?, \
             change_seq = {CHANGE_SEQ} WHERE id = ?"
        ))
        .bind(to_text(&s.status))
        .bind(s.started_at)
        .bind(s.ended_at)
        .bind(s.end_reason.as_ref().map(to_text))
        .bind(s.id.0),
    );
    super::matches::touch(tx, s.match_id, now);
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    id: SessionId,
) -> Result<Option<CallSession>, sqlx::Error> {
    let row: Option<SessionRow> = on
        .into()
        .fetch_optional(
            Statement::new(format!("SELECT {COLUMNS} FROM call_sessions WHERE id = ?")).bind(id.0),
        )
        .await?;
    row.as_ref().map(SessionRow::session).transpose()
}

/// Every session of a match, oldest first (its history: it grows with every call).
pub async fn of_match<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    id: MatchId,
) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE match_id = ? ORDER BY created_at, id"
    ))
    .bind(id.0)
    .fetch_all(db)
    .await?;
    sessions(decode_all(rows)?)
}

/// The live session of a match, if any (at most one: the schema sees to it).
pub async fn live_of_match(tx: &mut Tx, id: MatchId) -> Result<Option<CallSession>, sqlx::Error> {
    let row: Option<SessionRow> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT {COLUMNS} FROM call_sessions WHERE match_id = ? AND {LIVE}"
            ))
            .bind(id.0),
        )
        .await?;
    row.as_ref().map(SessionRow::session).transpose()
}

/// The live session `user` is in, in any match.
pub async fn live_of_user<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    user: UserId,
) -> Result<Option<CallSession>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE (caller_id = ? OR callee_id = ?) AND {LIVE} LIMIT 1"
    ))
    .bind(user.0)
    .bind(user.0)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(SessionRow::session).transpose()
}

/// Every live session, for rebuilding timers at start-up.
pub async fn all_live(db: &SqlitePool) -> Result<Vec<CallSession>, sqlx::Error> {
    let rows = sqlx::query_as(&format!("SELECT {COLUMNS} FROM call_sessions WHERE {LIVE}"))
        .fetch_all(db)
        .await?;
    sessions(rows)
}

/// Sessions of `user` whose last change is after `after` and not after `upto`.
pub async fn of_user_changed(
    db: &SqlitePool,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<CallSession>, sqlx::Error> {
    let select = packed::select(
        PACKED_COLUMNS,
        "call_sessions WHERE (caller_id = ? OR callee_id = ?) AND change_seq > ? AND change_seq <= ?",
    );
    let select = select.bind(user.0).bind(user.0).bind(after).bind(upto);
    oldest_first(packed::fetch(db, select).await?)
}

/// Packed rows as sessions, oldest first (sorted here: SQLite would sort whole rows in a
/// temporary b-tree first).
pub(super) fn oldest_first(mut rows: Vec<SessionRow>) -> Result<Vec<CallSession>, sqlx::Error> {
    rows.sort_unstable_by_key(|r| (r.created_at, r.id));
    sessions(rows)
}

/// For [`packed::fetch`]: a blob is not a JSON value.
pub(super) const PACKED_COLUMNS: &str = "hex(id), match_id, caller_id, callee_id, status, created_at, \
     started_at, ended_at, end_reason, max_duration_seconds";

/// Completed calls of one match, packed.
#[derive(serde::Deserialize)]
struct SummaryRow {
    match_id: i64,
    count: i64,
    #[serde(with = "meetcute_domain::wire_time::option")]
    last: Option<DateTime<Utc>>,
}

/// Call summaries (completed calls) of these matches, by match.
pub async fn summaries_of_matches(
    db: &SqlitePool,
    ids: &[MatchId],
) -> Result<HashMap<MatchId, CallSummary>, sqlx::Error> {
    let ids = packed::id_list(ids.iter().map(|id| id.0));
    let select = packed::select(
        "match_id, n, last",
        "(SELECT match_id, COUNT(*) AS n, MAX(ended_at) AS last FROM call_sessions \
         WHERE match_id IN (SELECT value FROM json_each(?)) AND status = ? GROUP BY match_id)",
    );
    let rows: Vec<SummaryRow> =
        packed::fetch(db, select.bind(ids).bind(to_text(&CallStatus::Completed))).await?;
    Ok(rows
        .into_iter()
        .map(|row| (MatchId(row.match_id), summary(row.count, row.last)))
        .collect())
}
