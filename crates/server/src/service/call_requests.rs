//! "Ask for a call": proposing, answering, and the server's clock for them (reminders, lapses,
//! outcomes). Every change runs with the request's match locked (PostgreSQL: the match row) after
//! the rules of `meetcute-domain` allow it, and both people hear of it after the commit.

use crate::db::call_requests::{self, NewRequest};
use crate::db::{self, Tx, idempotency, matches};
use crate::error::{AppError, AppResult};
use crate::service::notices::Notices;
use crate::state::AppState;
use crate::timers;
use chrono::{DateTime, Utc};
use meetcute_domain::call_requests::{
    CallRequest, CallRequestRecord, NewCallRequest, Refusal, RequestAnswer, RequestNews,
    propose as propose_by_rules,
};
use meetcute_domain::wire::ServerMessage;
use meetcute_domain::{CallRequestId, ErrorCode, MatchId, UserId};
use std::time::Duration;

/// How often every instance looks for requests due (reminders, lapses).
const SWEEP_EVERY: Duration = Duration::from_millis(250);

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(invalid) => invalid.into(),
            Refusal::Rule(code) => code.into(),
        }
    }
}

/// What replaying a request with an `Idempotency-Key` finds.
enum Replay {
    /// The key is new here (stored now) or there is none: do it.
    First,
    /// The same request came with this key before: answer as things stand.
    Again,
}

/// Binds `key` to `fingerprint` in this transaction (after the match's lock).
async fn replay_of(
    tx: &mut Tx,
    me: UserId,
    key: Option<&str>,
    fingerprint: &str,
) -> AppResult<Replay> {
    let Some(key) = key else {
        return Ok(Replay::First);
    };
    match idempotency::find(tx, me, key).await? {
        Some(seen) if seen == fingerprint => Ok(Replay::Again),
        Some(_) => Err(AppError::Refused {
            code: ErrorCode::Validation,
            message: "this Idempotency-Key was used for another request".into(),
            field: Some("Idempotency-Key".into()),
        }),
        None => {
            idempotency::store(tx, me, key, fingerprint, db::now()).await?;
            Ok(Replay::First)
        }
    }
}

pub async fn propose(
    state: &AppState,
    me: UserId,
    match_id: MatchId,
    body: &NewCallRequest,
    idempotency_key: Option<&str>,
) -> AppResult<CallRequest> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let row = matches::get(&mut tx, match_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let record = row.record()?;
    let peer = record.peer_of(me).ok_or_else(AppError::not_found)?;
    let fingerprint = format!("call-request {match_id} {body:?}");
    if let Replay::Again = replay_of(&mut tx, me, idempotency_key, &fingerprint).await? {
        let mine = call_requests::of_matches(&mut tx, &[match_id]).await?;
        return mine
            .into_iter()
            .rev()
            .find(|r| r.request.from_user_id == me)
            .map(|r| r.request)
            .ok_or_else(AppError::not_found);
    }
    let open = call_requests::open_counts(&mut tx, me, match_id).await?;
    let proposal = propose_by_rules(body, record.status, open, now, &state.timings)?;
    let stored = call_requests::insert(
        &mut tx,
        NewRequest {
            match_id,
            from: me,
            to: peer,
            proposal: &proposal,
            now,
        },
    )
    .await?;
    tx.commit().await?;
    let mut notices = Notices::default();
    announce_update(&stored, &mut notices);
    notices.deliver(state).await;
    Ok(stored.request)
}

/// The requests of a match of mine, oldest first.
pub async fn of_match(state: &AppState, me: UserId, id: MatchId) -> AppResult<Vec<CallRequest>> {
    let row = matches::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    row.record()?.peer_of(me).ok_or_else(AppError::not_found)?;
    Ok(call_requests::of_matches(&state.db, &[id])
        .await?
        .into_iter()
        .map(|r| r.request)
        .collect())
}

pub async fn answer(
    state: &AppState,
    me: UserId,
    id: CallRequestId,
    answer: RequestAnswer,
    idempotency_key: Option<&str>,
) -> AppResult<CallRequest> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let mut record = locked(&mut tx, id)
        .await?
        .filter(|r| r.involves(me))
        .ok_or_else(AppError::not_found)?;
    let fingerprint = format!("call-request {id} {answer:?}");
    if let Replay::Again = replay_of(&mut tx, me, idempotency_key, &fingerprint).await? {
        return Ok(record.request);
    }
    // A lapse the sweeper has not reached yet is a lapse all the same.
    let mut notices = Notices::default();
    let lapsed = advance(&mut tx, state, &mut record, now, &mut notices).await?;
    let outcome = record.answer(me, answer, now, &state.timings);
    if let Err(refusal) = outcome {
        if lapsed {
            tx.commit().await?;
            notices.deliver(state).await;
        }
        return Err(refusal.into());
    }
    call_requests::save(&mut tx, &record, record.due(&state.timings), now).await?;
    tx.commit().await?;
    announce_update(&record, &mut notices);
    notices.deliver(state).await;
    Ok(record.request)
}

/// The match closed: its open requests are cancelled (in the transaction that closed it).
pub async fn cancel_open_of_match(
    tx: &mut Tx,
    match_id: MatchId,
    now: DateTime<Utc>,
    notices: &mut Notices,
) -> AppResult<()> {
    for mut record in call_requests::of_matches(&mut *tx, &[match_id]).await? {
        if record.match_closed() {
            call_requests::save(tx, &record, None, now).await?;
            announce_update(&record, notices);
        }
    }
    Ok(())
}

/// Moves on every request due now (see [`spawn_sweeper`]).
pub async fn sweep(state: &AppState) -> AppResult<()> {
    let now = db::now();
    for id in call_requests::due(&state.db, now).await? {
        let mut tx = state.db.begin().await?;
        let Some(mut record) = locked(&mut tx, id).await? else {
            continue;
        };
        let mut notices = Notices::default();
        // Another instance may have moved it on already: then it is not due and nothing happens.
        if advance(&mut tx, state, &mut record, now, &mut notices).await? {
            tx.commit().await?;
            notices.deliver(state).await;
        }
    }
    Ok(())
}

/// Every instance sweeps: the one that armed a reminder may be gone. A request's due time moves
/// on in the transaction that handles it, under its match's lock, so it is handled once.
pub fn spawn_sweeper(state: &AppState) {
    timers::every(state, SWEEP_EVERY, |state| async move {
        if let Err(error) = sweep(&state).await {
            tracing::warn!(%error, "sweeping call requests failed");
        }
    });
}

/// The request with its match locked first (the lock order: a match before what hangs off it).
async fn locked(tx: &mut Tx, id: CallRequestId) -> AppResult<Option<CallRequestRecord>> {
    let Some(found) = call_requests::get(&mut *tx, id).await? else {
        return Ok(None);
    };
    matches::get(&mut *tx, found.request.match_id).await?;
    Ok(call_requests::get(&mut *tx, id).await?)
}

/// Moves `record` on if it is due at `now`, storing and announcing what changed. Whether it did.
async fn advance(
    tx: &mut Tx,
    state: &AppState,
    record: &mut CallRequestRecord,
    now: DateTime<Utc>,
    notices: &mut Notices,
) -> AppResult<bool> {
    let due = record.due(&state.timings);
    if due.is_none_or(|due| now < due) {
        return Ok(false);
    }
    let called = match record.outcome_counts_calls_from(&state.timings) {
        Some(since) => {
            call_requests::answered_call_since(tx, record.request.match_id, since).await?
        }
        None => false,
    };
    let Some(news) = record.advance(now, &state.timings, called) else {
        return Ok(false);
    };
    call_requests::save(tx, record, record.due(&state.timings), now).await?;
    match news {
        RequestNews::Updated => announce_update(record, notices),
        RequestNews::Reminder { minutes_before } => {
            for user in record.people() {
                notices.send(
                    user,
                    ServerMessage::CallRequestReminder {
                        request: record.request.clone(),
                        minutes_before,
                    },
                );
            }
        }
    }
    Ok(true)
}

fn announce_update(record: &CallRequestRecord, notices: &mut Notices) {
    for user in record.people() {
        notices.send(
            user,
            ServerMessage::CallRequestUpdated {
                request: record.request.clone(),
            },
        );
    }
}
