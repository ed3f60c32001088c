//! Call requests ("Ask for a call"): the rules' `CallRequestRecord`, stored. Every change marks the
//! request's match changed, so a sync carries the match's requests with it.

use super::{Backend, Db, On, Tx, from_text, postgres, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::call_requests::{CallRequest, CallRequestRecord, OpenRequests, Proposal};
use meetcute_domain::{CallRequestId, MatchId, UserId};

/// The columns of a [`CallRequestRow`], in field order.
pub(crate) const COLUMNS: &str = "id, match_id, from_user_id, to_user_id, slots, any_time_today, \
                                  status, scheduled_at, expires_at, created_at, reminders_sent";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CallRequestRow {
    pub id: i64,
    pub match_id: i64,
    pub from_user_id: i64,
    pub to_user_id: i64,
    pub slots: String,
    pub any_time_today: bool,
    pub status: String,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub reminders_sent: i64,
}

impl CallRequestRow {
    pub fn record(&self) -> Result<CallRequestRecord, sqlx::Error> {
        let slots = serde_json::from_str(&self.slots).map_err(|e| sqlx::Error::Decode(e.into()))?;
        Ok(CallRequestRecord {
            request: CallRequest {
                id: CallRequestId(self.id),
                match_id: MatchId(self.match_id),
                from_user_id: UserId(self.from_user_id),
                slots,
                any_time_today: self.any_time_today,
                status: from_text(&self.status)?,
                scheduled_at: self.scheduled_at,
                expires_at: self.expires_at,
                created_at: self.created_at,
            },
            to_user_id: UserId(self.to_user_id),
            reminders_sent: self.reminders_sent.clamp(0, 2) as u8,
        })
    }
}

pub(crate) fn records(rows: Vec<CallRequestRow>) -> Result<Vec<CallRequestRecord>, sqlx::Error> {
    rows.iter().map(CallRequestRow::record).collect()
}

/// A new request, as stored.
pub struct NewRequest<'a> {
    pub match_id: MatchId,
    pub from: UserId,
    pub to: UserId,
    pub proposal: &'a Proposal,
    pub now: DateTime<Utc>,
}

impl NewRequest<'_> {
    pub(crate) fn slots_json(&self) -> String {
        serde_json::to_string(&self.proposal.slots).unwrap_or_else(|_| "[]".into())
    }
}

/// Stores a pending request (due when it lapses) and marks its match changed.
pub async fn insert(tx: &mut Tx, new: NewRequest<'_>) -> Result<CallRequestRecord, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::call_requests::insert(tx, new).await,
        Tx::Postgres(tx) => postgres::call_requests::insert(tx, new).await,
    }
}

/// Stores the rules' new state of a request, when it is due next, and marks its match changed.
pub async fn save(
    tx: &mut Tx,
    record: &CallRequestRecord,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, call_requests::save(record, due_at, now))
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    id: CallRequestId,
) -> Result<Option<CallRequestRecord>, sqlx::Error> {
    let row = match on.into().backend() {
        Backend::Sqlite(on) => sqlite::call_requests::get(on, id).await?,
        Backend::Postgres(on) => postgres::call_requests::get(on, id).await?,
    };
    row.as_ref().map(CallRequestRow::record).transpose()
}

/// Every request of these matches, oldest first.
pub async fn of_matches<'a>(
    on: impl Into<On<'a>>,
    ids: &[MatchId],
) -> Result<Vec<CallRequestRecord>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    records(match on.into().backend() {
        Backend::Sqlite(on) => sqlite::call_requests::of_matches(on, ids).await?,
        Backend::Postgres(on) => postgres::call_requests::of_matches(on, ids).await?,
    })
}

/// What `from` has open, in every match and in `match_id`. On PostgreSQL it locks `from` first, so
/// two requests of one person cannot both pass the bound.
pub async fn open_counts(
    tx: &mut Tx,
    from: UserId,
    match_id: MatchId,
) -> Result<OpenRequests, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::call_requests::open_counts(tx, from, match_id).await,
        Tx::Postgres(tx) => postgres::call_requests::open_counts(tx, from, match_id).await,
    }
}

/// Requests due at `now`, a bounded batch of them.
pub async fn due(db: &Db, now: DateTime<Utc>) -> Result<Vec<CallRequestId>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::call_requests::due(db.reader(), now).await,
        Db::Postgres(db) => postgres::call_requests::due(db.pool(), now).await,
    }
}

/// Whether a call of the match was answered after `since` (a scheduled call took place).
pub async fn answered_call_since(
    tx: &mut Tx,
    match_id: MatchId,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::call_requests::answered_call_since(tx, match_id, since).await,
        Tx::Postgres(tx) => postgres::call_requests::answered_call_since(tx, match_id, since).await,
    }
}
