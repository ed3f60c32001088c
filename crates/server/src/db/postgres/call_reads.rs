//! What the call endpoints read, on PostgreSQL: plain statements, taking the locks that keep the
//! rules' checks true until the transaction ends (see `locks`).

use super::{Tx, matches};
use crate::db::call_reads::{AvailabilityRow, StartCallReads};
use crate::db::matches::{COLUMNS as MATCH_COLUMNS, MatchRow};
use crate::db::sessions::{COLUMNS, LIVE, SessionRow, sessions};
use chrono::{DateTime, Utc};
use meetcute_domain::{CallSession, MatchId, SessionId, UserId};
use sqlx::PgPool;

/// Locks both people, then the match: while this transaction runs, nobody else can start a call
/// with either of them (the busy rule), change the match (decisions, unmatch, block) or count its
/// rings (the ring limit). The live-session-per-match rule is also held by a unique index.
pub async fn for_start_call(
    tx: &mut Tx,
    id: MatchId,
    caller: UserId,
    unanswered_since: DateTime<Utc>,
) -> Result<Option<StartCallReads>, sqlx::Error> {
    // Both people, locked in id order (see `locks`), with their names and availability (a change
    // of the callee's waits for this call to be decided).
    let people: Vec<(i64, String, bool, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT id, display_name, available, available_until FROM users WHERE id IN \
         (SELECT user_a FROM matches WHERE id = $1 UNION ALL SELECT user_b FROM matches WHERE id = $1) \
         ORDER BY id FOR NO KEY UPDATE",
    )
    .bind(id.0)
    .fetch_all(&mut *tx.inner)
    .await?;
    let [(a, ..), (b, ..)] = people.as_slice() else {
        return Ok(None);
    };
    let (a, b) = (*a, *b);
    let Some(the_match) = matches::lock(tx, id).await? else {
        return Ok(None);
    };
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions \
         WHERE (match_id = $1 AND ({LIVE} OR (status IN ('missed', 'declined') AND created_at > $2))) \
         OR ((caller_id IN ($3, $4) OR callee_id IN ($3, $4)) AND {LIVE}) \
         ORDER BY created_at, id"
    ))
    .bind(id.0)
    .bind(unanswered_since)
    .bind(a)
    .bind(b)
    .fetch_all(&mut *tx.inner)
    .await?;
    let caller_name = people
        .iter()
        .find(|(id, ..)| *id == caller.0)
        .map(|(_, name, ..)| name.clone());
    let callee_availability = people
        .iter()
        .find(|(id, ..)| *id != caller.0)
        .map(|(_, _, available, until)| AvailabilityRow {
            available: *available,
            available_until: *until,
        })
        .map(|row| row.availability())
        .unwrap_or_default();
    Ok(Some(StartCallReads {
        the_match,
        sessions: sessions(rows)?,
        caller_name,
        callee_availability,
    }))
}

/// Locks the session's match, then reads the session (after the lock: what it reads is what the
/// last change left).
pub async fn session_with_match(
    tx: &mut Tx,
    id: SessionId,
) -> Result<Option<(CallSession, MatchRow)>, sqlx::Error> {
    let the_match: Option<MatchRow> = sqlx::query_as(&format!(
        "SELECT {MATCH_COLUMNS} FROM matches \
         WHERE id = (SELECT match_id FROM call_sessions WHERE id = $1) FOR NO KEY UPDATE"
    ))
    .bind(id.0)
    .fetch_optional(&mut *tx.inner)
    .await?;
    let Some(the_match) = the_match else {
        return Ok(None);
    };
    let row: SessionRow = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_one(&mut *tx.inner)
    .await?;
    Ok(Some((row.session()?, the_match)))
}

pub async fn history(
    db: &PgPool,
    id: MatchId,
) -> Result<Option<(MatchRow, Vec<CallSession>)>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let the_match: Option<MatchRow> = sqlx::query_as(&format!(
        "SELECT {MATCH_COLUMNS} FROM matches WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(the_match) = the_match else {
        return Ok(None);
    };
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM call_sessions WHERE match_id = $1 ORDER BY created_at, id"
    ))
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some((the_match, sessions(rows)?)))
}
