//! What the call endpoints read before their rules decide: a session or a match with what the
//! rules look at beside it. In a write transaction on PostgreSQL these reads also lock what the
//! rules read, so two instances cannot both pass a check (see `postgres/call_reads.rs`).

use super::matches::MatchRow;
use super::{Db, Tx, postgres, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::availability::Availability;
use meetcute_domain::{CallSession, MatchId, SessionId, UserId};

/// What start-call needs: the match, the sessions its rules look at (see [`for_start_call`]) and
/// the caller's name, which the callee's ring shows.
pub struct StartCallReads {
    pub the_match: MatchRow,
    /// Oldest first.
    pub sessions: Vec<CallSession>,
    pub caller_name: Option<String>,
    /// Whether the callee takes calls (their switch; the per-match one is on the match).
    pub callee_availability: Availability,
}

/// A person's availability columns, as read beside a match.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(crate) struct AvailabilityRow {
    #[serde(deserialize_with = "super::flag")]
    pub available: bool,
    #[serde(with = "meetcute_domain::wire_time::option")]
    pub available_until: Option<DateTime<Utc>>,
}

impl AvailabilityRow {
    pub fn availability(&self) -> Availability {
        Availability {
            available: self.available,
            until: self.available_until,
            hide_presence: false,
        }
    }
}

/// The match `id` with its live session and recent unanswered rings (not its whole history, which
/// grows with every call), the live sessions either of its two people is in, in any match, and the
/// name of `caller`. `None` if there is no such match.
pub async fn for_start_call(
    tx: &mut Tx,
    id: MatchId,
    caller: UserId,
    unanswered_since: DateTime<Utc>,
) -> Result<Option<StartCallReads>, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => {
            sqlite::call_reads::for_start_call(tx, id, caller, unanswered_since).await
        }
        Tx::Postgres(tx) => {
            postgres::call_reads::for_start_call(tx, id, caller, unanswered_since).await
        }
    }
}

/// A session and its match, which a completed call moves on to deciding.
pub async fn session_with_match(
    tx: &mut Tx,
    id: SessionId,
) -> Result<Option<(CallSession, MatchRow)>, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::call_reads::session_with_match(tx, id).await,
        Tx::Postgres(tx) => postgres::call_reads::session_with_match(tx, id).await,
    }
}

/// A match and every session of it, oldest first: its call history.
pub async fn history(
    db: &Db,
    id: MatchId,
) -> Result<Option<(MatchRow, Vec<CallSession>)>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::call_reads::history(db.reader(), id).await,
        Db::Postgres(db) => postgres::call_reads::history(db.pool(), id).await,
    }
}
