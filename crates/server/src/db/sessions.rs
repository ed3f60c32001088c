//! Call sessions: the rules' `CallSession`, stored.

use super::{Backend, Db, On, Tx, from_text, postgres, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::history::CallSummary;
use meetcute_domain::{CallSession, MatchId, SessionId, Timings, UserId};
use std::collections::HashMap;
use uuid::Uuid;

/// The columns of a [`SessionRow`], in field order.
pub(crate) const COLUMNS: &str = "id, match_id, caller_id, callee_id, status, created_at, started_at, \
                                  ended_at, end_reason, max_duration_seconds";
/// A session that is ringing or active (at most one per match: the schema sees to it).
pub(crate) const LIVE: &str = "status IN ('ringing', 'active')";

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

pub(crate) fn sessions(rows: Vec<SessionRow>) -> Result<Vec<CallSession>, sqlx::Error> {
    rows.iter().map(SessionRow::session).collect()
}

/// Stores a new session and marks its match changed (its live session is part of the match's view).
pub async fn insert(
    tx: &mut Tx,
    session: &CallSession,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, sessions::insert(session, now))
}

/// Stores the rules' new state of a session and marks it and its match changed.
pub async fn save(
    tx: &mut Tx,
    session: &CallSession,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, sessions::save(session, now))
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    id: SessionId,
) -> Result<Option<CallSession>, sqlx::Error> {
    match on.into().backend() {
        Backend::Sqlite(on) => sqlite::sessions::get(on, id).await,
        Backend::Postgres(on) => postgres::sessions::get(on, id).await,
    }
}

/// Every session of a match, oldest first (its history: it grows with every call).
pub async fn of_match(db: &Db, id: MatchId) -> Result<Vec<CallSession>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::sessions::of_match(db.reader(), id).await,
        Db::Postgres(db) => postgres::sessions::of_match(db.pool(), id).await,
    }
}

/// The live session of a match, if any, read in the transaction that may end it.
pub async fn live_of_match(tx: &mut Tx, id: MatchId) -> Result<Option<CallSession>, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::sessions::live_of_match(tx, id).await,
        Tx::Postgres(tx) => postgres::sessions::live_of_match(tx, id).await,
    }
}

/// The live session `user` is in, in any match.
pub async fn live_of_user(db: &Db, user: UserId) -> Result<Option<CallSession>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::sessions::live_of_user(db.reader(), user).await,
        Db::Postgres(db) => postgres::sessions::live_of_user(db.pool(), user).await,
    }
}

/// Every live session, for rebuilding timers at start-up.
pub async fn all_live(db: &Db) -> Result<Vec<CallSession>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::sessions::all_live(db.reader()).await,
        Db::Postgres(db) => postgres::sessions::all_live(db.pool()).await,
    }
}

/// Live sessions whose next deadline (ring timeout, first-call cap) has passed at `now`.
pub async fn past_deadline(
    db: &Db,
    now: DateTime<Utc>,
    timings: &Timings,
) -> Result<Vec<SessionId>, sqlx::Error> {
    let candidates = match db {
        // One process: its own timers fire every deadline; this is only for completeness.
        Db::Sqlite(_) => all_live(db).await?,
        Db::Postgres(db) => {
            let ring_timeout = timings.ring_timeout.as_seconds_f64();
            postgres::sessions::maybe_past_deadline(db.pool(), now, ring_timeout).await?
        }
    };
    // The rules say when a deadline is; the query above only narrows the rows down.
    Ok(candidates
        .into_iter()
        .filter(|s| s.next_deadline(timings).is_some_and(|at| at <= now))
        .map(|s| s.id)
        .collect())
}

/// Sessions of `user` whose last change is after `after` and not after `upto`, oldest first.
pub async fn of_user_changed(
    db: &Db,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<CallSession>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::sessions::of_user_changed(db.reader(), user, after, upto).await,
        Db::Postgres(db) => postgres::sessions::of_user_changed(db.pool(), user, after, upto).await,
    }
}

/// Call summaries (completed calls) of these matches, by match.
pub async fn summaries_of_matches(
    db: &Db,
    ids: &[MatchId],
) -> Result<HashMap<MatchId, CallSummary>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::sessions::summaries_of_matches(db.reader(), ids).await,
        Db::Postgres(db) => postgres::sessions::summaries_of_matches(db.pool(), ids).await,
    }
}

/// A summary as counted by the database: completed calls and when the last one ended.
pub(crate) fn summary(count: i64, last_call_at: Option<DateTime<Utc>>) -> CallSummary {
    CallSummary {
        total_calls: count.clamp(0, i64::from(u32::MAX)) as u32,
        last_call_at,
    }
}
