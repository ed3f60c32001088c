//! What the call endpoints read, on SQLite, in one statement each: a row and the rows related to it, those
//! packed as JSON in a column (see `packed`).
//!
//! Every statement waited for is a round trip to SQLite's thread, and every row it returns one
//! more hand-over; in a write transaction all other writers wait for them (see `writer`).

use super::sessions::{self, PACKED_COLUMNS};
use super::{Statement, Tx, packed};
use crate::db::call_reads::{AvailabilityRow, StartCallReads};
use crate::db::matches::{self, MatchRow};
use crate::db::sessions::{LIVE, SessionRow};
use chrono::{DateTime, Utc};
use meetcute_domain::{CallSession, MatchId, SessionId, UserId};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct StartCallRow {
    #[sqlx(flatten)]
    the_match: MatchRow,
    sessions: String,
    caller_name: Option<String>,
    callee_availability: Option<String>,
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
    let row: Option<StartCallRow> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT {match_columns}, \
                 (SELECT json_group_array(json_array({PACKED_COLUMNS})) FROM call_sessions \
                  WHERE (match_id = matches.id AND ({LIVE} OR (status IN ('missed', 'declined') AND created_at > ?))) \
                  OR ((caller_id IN (matches.user_a, matches.user_b) OR callee_id IN (matches.user_a, matches.user_b)) \
                  AND {LIVE})) AS sessions, \
                 (SELECT display_name FROM users WHERE users.id = ?) AS caller_name, \
                 (SELECT json_array(available, available_until) FROM users \
                  WHERE users.id = (CASE WHEN matches.user_a = ? THEN matches.user_b ELSE matches.user_a END)) \
                  AS callee_availability \
                 FROM matches WHERE id = ?",
                match_columns = matches::COLUMNS,
            ))
            .bind(unanswered_since)
            .bind(caller.0)
            .bind(caller.0)
            .bind(id.0),
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let callee: Option<AvailabilityRow> = row
        .callee_availability
        .as_deref()
        .map(packed::decode)
        .transpose()?;
    Ok(Some(StartCallReads {
        sessions: sessions::oldest_first(packed::decode(&row.sessions)?)?,
        the_match: row.the_match,
        caller_name: row.caller_name,
        callee_availability: callee.map(|c| c.availability()).unwrap_or_default(),
    }))
}

#[derive(sqlx::FromRow)]
struct SessionWithMatchRow {
    #[sqlx(flatten)]
    session: SessionRow,
    the_match: Option<String>,
}

/// A session and its match, which a completed call moves on to deciding.
pub async fn session_with_match(
    tx: &mut Tx,
    id: SessionId,
) -> Result<Option<(CallSession, MatchRow)>, sqlx::Error> {
    let row: Option<SessionWithMatchRow> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT {session_columns}, \
                 (SELECT json_array({match_columns}) FROM matches WHERE matches.id = call_sessions.match_id) \
                 AS the_match FROM call_sessions WHERE id = ?",
                session_columns = crate::db::sessions::COLUMNS,
                match_columns = matches::COLUMNS,
            ))
            .bind(id.0),
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let the_match = row
        .the_match
        .ok_or_else(|| sqlx::Error::RowNotFound)
        .and_then(|json| packed::decode(&json))?;
    Ok(Some((row.session.session()?, the_match)))
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    #[sqlx(flatten)]
    the_match: MatchRow,
    sessions: String,
}

/// A match and every session of it, oldest first: its call history.
pub async fn history(
    db: &SqlitePool,
    id: MatchId,
) -> Result<Option<(MatchRow, Vec<CallSession>)>, sqlx::Error> {
    let row: Option<HistoryRow> = Statement::new(format!(
        "SELECT {match_columns}, \
         (SELECT json_group_array(json_array({PACKED_COLUMNS})) FROM call_sessions \
          WHERE match_id = matches.id) AS sessions \
         FROM matches WHERE id = ?",
        match_columns = matches::COLUMNS,
    ))
    .bind(id.0)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let sessions = sessions::oldest_first(packed::decode(&row.sessions)?)?;
    Ok(Some((row.the_match, sessions)))
}
