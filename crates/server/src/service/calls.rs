//! Call sessions: start (idempotent, glare-safe), accept, decline, end, and the server's clock.
//! Every change runs in one write transaction after the rules of `meetcute-domain` allow it.

use crate::db::matches::MatchRow;
use crate::db::{self, Tx, call_reads, matches, sessions};
use crate::error::{AppError, AppResult};
use crate::service::call_requests;
use crate::service::notices::Notices;
use crate::state::AppState;
use crate::turn::ice_servers;
use chrono::{DateTime, Utc};
use meetcute_domain::calls::CallChange;
use meetcute_domain::matching::MatchChange;
use meetcute_domain::wire::{CallerInfo, ServerMessage, SessionView, StartCallResponse};
use meetcute_domain::{
    CallEvent, CallSession, CallStatus, ErrorCode, MatchEvent, MatchId, SessionId, StartCall,
    StartCallContext, UserId, resolve_start_call,
};
use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
pub enum SessionAction {
    Accept,
    Decline,
    End,
}

/// Whether the callee is connected, as far as one attempt knows.
#[derive(Debug, Clone, Copy)]
enum CalleeOnline {
    /// Only this instance's sockets were looked at.
    HereOnly,
    /// Every instance's sockets were counted.
    Counted(bool),
}

pub async fn start_call(
    state: &AppState,
    me: UserId,
    match_id: MatchId,
) -> AppResult<StartCallResponse> {
    // Counting sockets on every instance is a query on PostgreSQL: it is made only when a call
    // would ring someone with no socket here, and outside the transaction, whose connection and
    // locks it must not hold.
    match start_call_once(state, me, match_id, CalleeOnline::HereOnly).await? {
        Ok(answer) => Ok(answer),
        Err(callee) => {
            let online = state.live.is_connected(callee).await;
            match start_call_once(state, me, match_id, CalleeOnline::Counted(online)).await? {
                Ok(answer) => Ok(answer),
                Err(_) => Err(ErrorCode::PeerOffline.into()),
            }
        }
    }
}

/// One attempt; `Ok(Err(callee))`: a call would ring `callee`, who has no socket here, so
/// nothing was done.
async fn start_call_once(
    state: &AppState,
    me: UserId,
    match_id: MatchId,
    callee_online: CalleeOnline,
) -> AppResult<Result<StartCallResponse, UserId>> {
    let now = db::now();
    let mut notices = Notices::default();
    let mut tx = state.db.begin().await?;
    let since = now - state.timings.ring_limit_window;
    let reads = call_reads::for_start_call(&mut tx, match_id, me, since)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut record = reads.the_match.record()?;
    let peer = record.peer_of(me).ok_or_else(AppError::not_found)?;
    if let MatchChange::Changed(expired) = record.apply(MatchEvent::Tick { now }, &state.timings)? {
        matches::save(&mut tx, &expired, now).await?;
        call_requests::cancel_open_of_match(&mut tx, match_id, now, &mut notices).await?;
        notices.match_changed(match_id, vec![me, peer], false);
        record = expired;
    }
    let known = reads.sessions;
    let live_of = |user: UserId| {
        known
            .iter()
            .find(|s| s.status.is_live() && s.is_participant(user))
    };
    let match_sessions: Vec<CallSession> = known
        .iter()
        .filter(|s| s.match_id == match_id)
        .cloned()
        .collect();
    let peer_takes_calls =
        reads.callee_availability.takes_calls_at(now) && !reads.the_match.calls_off_for(peer);
    let peer_online = match callee_online {
        CalleeOnline::Counted(online) => online,
        CalleeOnline::HereOnly => state.live.is_connected_here(peer),
    };
    let resolution = resolve_start_call(&StartCallContext {
        me,
        the_match: &record,
        match_sessions: &match_sessions,
        my_live_session: live_of(me),
        peer_live_session: live_of(peer),
        peer_takes_calls,
        peer_online: Some(peer_online),
        now,
        timings: &state.timings,
    });
    if resolution == Err(ErrorCode::PeerOffline) && matches!(callee_online, CalleeOnline::HereOnly)
    {
        return Ok(Err(peer)); // rolled back: an expiry found on the way is found again
    }
    let (session, created) = match resolution {
        Ok(StartCall::Existing { session_id, .. }) => {
            let existing = match_sessions
                .into_iter()
                .find(|s| s.id == session_id)
                .ok_or_else(AppError::not_found)?;
            (existing, false)
        }
        Ok(StartCall::New {
            max_duration_seconds,
            ..
        }) => {
            let session = CallSession::ringing(
                SessionId(Uuid::new_v4()),
                &record,
                me,
                max_duration_seconds,
                now,
            )
            .ok_or_else(AppError::not_found)?;
            sessions::insert(&mut tx, &session, now).await?;
            if let Some(at) = session.ring_deadline(&state.timings) {
                notices.deadline(session.id, at);
            }
            state.metrics.calls_started.inc();
            if record.is_mutual() {
                tracing::info!(match_id = %match_id, session_id = %session.id, "mutual match: new call allowed");
            }
            (session, true)
        }
        Err(code) => {
            // An expiry found on the way is still worth keeping.
            tx.commit().await?;
            notices.deliver(state).await;
            return Err(code.into());
        }
    };
    tx.commit().await?;
    if created && let Some(caller_name) = reads.caller_name {
        ring(&session, me, peer, caller_name, &mut notices);
    }
    notices.deliver(state).await;
    let role = session.role_of(me).ok_or_else(AppError::not_found)?;
    Ok(Ok(StartCallResponse {
        session_id: session.id,
        match_id,
        status: session.status,
        role,
        max_duration_seconds: session.max_duration_seconds,
        ice_servers: ice_servers(&state.config, me, now),
    }))
}

/// The callee hears the phone ring, with the caller's name.
fn ring(
    session: &CallSession,
    caller: UserId,
    callee: UserId,
    caller_name: String,
    notices: &mut Notices,
) {
    if let Some(view) = SessionView::of(session, callee) {
        notices.send(
            callee,
            ServerMessage::CallRinging {
                session: view,
                caller: CallerInfo {
                    id: caller,
                    display_name: caller_name,
                },
            },
        );
    }
}

pub async fn act(
    state: &AppState,
    me: UserId,
    id: SessionId,
    action: SessionAction,
) -> AppResult<SessionView> {
    let now = db::now();
    let mut notices = Notices::default();
    let mut tx = state.db.begin().await?;
    let (stored, the_match) = call_reads::session_with_match(&mut tx, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !stored.is_participant(me) {
        return Err(AppError::not_found());
    }
    // Deadlines first: a ring past its timeout is missed even if its timer has not fired yet.
    let current = apply(
        &mut tx,
        state,
        &stored,
        Some(&the_match),
        CallEvent::Tick { at: now },
        now,
        &mut notices,
    )
    .await?;
    let event = match action {
        SessionAction::Accept => CallEvent::Accept { by: me, at: now },
        SessionAction::Decline => CallEvent::Decline { by: me, at: now },
        SessionAction::End => CallEvent::Hangup { by: me, at: now },
    };
    // The match as read: only a call's completion changes it, and that happens once.
    let outcome = apply(
        &mut tx,
        state,
        &current,
        Some(&the_match),
        event,
        now,
        &mut notices,
    )
    .await;
    tx.commit().await?;
    notices.deliver(state).await;
    let after = outcome?;
    SessionView::of(&after, me).ok_or_else(AppError::not_found)
}

/// A ring timeout or a cap may have passed.
pub async fn on_deadline(state: &AppState, id: SessionId) -> AppResult<()> {
    let now = db::now();
    let mut notices = Notices::default();
    let mut tx = state.db.begin().await?;
    let Some((stored, the_match)) = call_reads::session_with_match(&mut tx, id).await? else {
        return Ok(());
    };
    let after = apply(
        &mut tx,
        state,
        &stored,
        Some(&the_match),
        CallEvent::Tick { at: now },
        now,
        &mut notices,
    )
    .await?;
    if after == stored
        && let Some(at) = stored.next_deadline(&state.timings)
    {
        notices.deadline(id, at);
    }
    tx.commit().await?;
    notices.deliver(state).await;
    Ok(())
}

/// `user` left at `since`; unless they are back, the call ends.
pub async fn on_disconnect_grace(
    state: &AppState,
    id: SessionId,
    user: UserId,
    since: DateTime<Utc>,
) -> AppResult<()> {
    if state.live.is_connected(user).await {
        return Ok(());
    }
    let now = db::now();
    let mut notices = Notices::default();
    let mut tx = state.db.begin().await?;
    let Some((stored, the_match)) = call_reads::session_with_match(&mut tx, id).await? else {
        return Ok(());
    };
    apply(
        &mut tx,
        state,
        &stored,
        Some(&the_match),
        CallEvent::DisconnectExpired { since, at: now },
        now,
        &mut notices,
    )
    .await?;
    tx.commit().await?;
    notices.deliver(state).await;
    Ok(())
}

/// Ends the live session of a match that is closing (hang-up by `by`), inside its transaction.
pub async fn end_live_session(
    tx: &mut Tx,
    state: &AppState,
    match_id: MatchId,
    by: UserId,
    now: DateTime<Utc>,
    notices: &mut Notices,
) -> AppResult<()> {
    if let Some(session) = sessions::live_of_match(tx, match_id).await? {
        // The match is read again: its closing is queued in this transaction.
        apply(
            tx,
            state,
            &session,
            None,
            CallEvent::Hangup { by, at: now },
            now,
            notices,
        )
        .await?;
    }
    Ok(())
}

/// Applies one event; stores and announces the change, and what it does to the match (`the_match`
/// if it was read in this transaction and has not changed since; read here otherwise).
async fn apply(
    tx: &mut Tx,
    state: &AppState,
    session: &CallSession,
    the_match: Option<&MatchRow>,
    event: CallEvent,
    now: DateTime<Utc>,
    notices: &mut Notices,
) -> AppResult<CallSession> {
    let after = match session.apply(event, &state.timings)? {
        CallChange::Unchanged => return Ok(session.clone()),
        CallChange::Changed(after) => after,
    };
    sessions::save(tx, &after, now).await?;
    notices.session_changed(&after, state);
    // Only a completed call can change its match (saving the session marked it changed already).
    if after.status == CallStatus::Completed {
        let record = match the_match {
            Some(row) => row.record()?,
            None => matches::get(&mut *tx, after.match_id)
                .await?
                .ok_or_else(AppError::not_found)?
                .record()?,
        };
        if let MatchChange::Changed(deciding) =
            record.apply(MatchEvent::CallCompleted, &state.timings)?
        {
            matches::save(tx, &deciding, now).await?;
            let participants = vec![after.caller_id, after.callee_id];
            notices.match_changed(after.match_id, participants, false);
        }
    }
    Ok(after)
}
