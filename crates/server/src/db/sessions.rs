//! Call sessions: the rules' `CallSession`, stored.

use super::{
    CHANGE_SEQ, On, Statement, Tx, decode_all, from_text, packed, take_change_seq, to_text,
};
use chrono::{DateTime, Utc};
use meetcute_domain::history::CallSummary;
use meetcute_domain::{CallSession, CallStatus, MatchId, SessionId, UserId};
use sqlx::SqlitePool;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct SessionRow {
    pub id: Uuid,
    pub match_id: i64,
    pub caller_id: i64,
    pub callee_id: i64,
    pub status: String,
    #[serde(with = "meetcute_domain::wire_time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "meetcute_domain::wire_time::option")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(with = "meetcute_domain::wire_time::option")]
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
    pub max_duration_seconds: Option<i64>,
}

impl SessionRow {
    pub fn session(&self) -> Result<CallSession, sqlx::Error> {
        Ok(CallSession {
            id: SessionId(self.id),
            match_id: MatchId(self.match_id),
            caller_id: UserId(self.caller_id),
            callee_id: UserId(self.callee_id),
            status: from_text(&self.status)?,
            created_at: self.created_at,
            started_at: self.started_at,
            ended_at: self.ended_at,
            end_reason: self.end_reason.as_deref().map(from_text).transpose()?,
            max_duration_seconds: self
                .max_duration_seconds
                .map(|s| s.clamp(0, i64::from(u32::MAX)) as u32),
        })
    }
}

fn sessions(rows: Vec<SessionRow>) -> Result<Vec<CallSession>, sqlx::Error> {
    rows.iter().map(SessionRow::session).collect()
}

/// The columns of a [`SessionRow`], the id read as `$id`.
macro_rules! columns {
    ($id:literal) => {
        concat!(
            $id,
            ", match_id, caller_id, callee_id, status, created_at, started_at, ended_at, end_reason, \
             max_duration_seconds"
        )
    };
}
pub(super) const COLUMNS: &str = columns!("id");
/// For [`packed::fetch`]: a blob is not a JSON value.
pub(super) const PACKED_COLUMNS: &str = columns!("hex(id)");
pub(super) const LIVE: &str = "status IN ('ringing', 'active')";

pub fn insert(tx: &mut Tx, s: &CallSession) {
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
}

pub fn save(tx: &mut Tx, s: &CallSession) {
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
        .map(|row| {
            (
                MatchId(row.match_id),
                CallSummary {
                    total_calls: row.count.clamp(0, i64::from(u32::MAX)) as u32,
                    last_call_at: row.last,
                },
            )
        })
        .collect())
}
