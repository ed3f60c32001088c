//! Decisions, unmatch, block and report; listing; expiry of stale proposals.

use crate::db::{self, Tx, idempotency, matches};
use crate::error::{AppError, AppResult};
use crate::service::call_requests;
use crate::service::calls::end_live_session;
use crate::service::notices::Notices;
use crate::service::views;
use crate::state::AppState;
use meetcute_domain::matching::{MatchChange, MatchRecord};
use meetcute_domain::wire::MatchView;
use meetcute_domain::{ErrorCode, MatchEvent, MatchId, MatchStatus, UserId};

/// What a person does to a match.
#[derive(Debug, Clone)]
pub enum MatchAction {
    Decide(meetcute_domain::Decision),
    Unmatch,
    Block,
    Report { reason: String, details: String },
}

impl MatchAction {
    fn event(&self, by: UserId) -> MatchEvent {
        match self {
            MatchAction::Decide(decision) => MatchEvent::Decide {
                by,
                decision: *decision,
            },
            MatchAction::Unmatch => MatchEvent::Unmatch { by },
            // A report also blocks: whoever reported someone should not hear from them again.
            MatchAction::Block | MatchAction::Report { .. } => MatchEvent::Block { by },
        }
    }

    /// What an `Idempotency-Key` is bound to.
    fn fingerprint(&self) -> String {
        format!("{self:?}")
    }
}

pub async fn list(state: &AppState, me: UserId) -> AppResult<Vec<MatchView>> {
    let rows = matches::of_user_changed(&state.db, me, 0, i64::MAX).await?;
    views::match_views(state, me, &rows).await
}

/// Applies `action` by `me`; with an idempotency key, a replay answers like the first time.
pub async fn act(
    state: &AppState,
    me: UserId,
    id: MatchId,
    action: MatchAction,
    idempotency_key: Option<&str>,
) -> AppResult<MatchView> {
    let now = db::now();
    let mut notices = Notices::default();
    let mut tx = state.db.begin().await?;
    let row = matches::get(&mut tx, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let before = row.record()?;
    let peer = before.peer_of(me).ok_or_else(AppError::not_found)?;
    if let Some(key) = idempotency_key {
        match idempotency::find(&mut tx, me, key).await? {
            Some(seen) if seen == action.fingerprint() => {
                drop(tx);
                return views::match_view(state, me, &row).await;
            }
            Some(_) => {
                return Err(AppError::Refused {
                    code: ErrorCode::Validation,
                    message: "this Idempotency-Key was used for another request".into(),
                    field: Some("Idempotency-Key".into()),
                });
            }
            None => idempotency::store(&mut tx, me, key, &action.fingerprint(), now).await?,
        }
    }
    if let MatchAction::Report { reason, details } = &action {
        matches::insert_report(&mut tx, &before, me, reason, details, now).await?;
    }
    if let MatchChange::Changed(after) = before.apply(action.event(me), &state.timings)? {
        store_change(&mut tx, state, &before, &after, me, peer, &mut notices).await?;
    }
    tx.commit().await?;
    notices.deliver(state).await;
    let row = matches::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    views::match_view(state, me, &row).await
}

async fn store_change(
    tx: &mut Tx,
    state: &AppState,
    before: &MatchRecord,
    after: &MatchRecord,
    me: UserId,
    peer: UserId,
    notices: &mut Notices,
) -> AppResult<()> {
    let now = db::now();
    matches::save(tx, after, now).await?;
    match after.status {
        MatchStatus::Matched if before.status != MatchStatus::Matched => {
            tracing::info!(match_id = %after.id, "💕 mutual match detected: new calls allowed");
            notices.match_changed(after.id, vec![me, peer], true);
        }
        MatchStatus::Closed => {
            if after.closed_reason != before.closed_reason {
                matches::set_closed_by(tx, after.id, me).await?;
            }
            end_live_session(tx, state, after.id, me, now, notices).await?;
            call_requests::cancel_open_of_match(tx, after.id, now, notices).await?;
            notices.match_changed(after.id, vec![me, peer], false);
        }
        // A like while waiting is nobody's business but mine.
        _ => notices.match_changed(after.id, vec![me], false),
    }
    Ok(())
}

/// Closes proposals older than the proposal lifetime.
pub async fn expire_stale(state: &AppState) -> AppResult<usize> {
    let now = db::now();
    let stale = matches::proposed_before(&state.db, now - state.timings.proposal_ttl).await?;
    let mut expired = 0;
    for id in stale {
        let mut tx = state.db.begin().await?;
        let Some(row) = matches::get(&mut tx, id).await? else {
            continue;
        };
        let record = row.record()?;
        if let MatchChange::Changed(after) =
            record.apply(MatchEvent::Tick { now }, &state.timings)?
        {
            let mut notices = Notices::default();
            matches::save(&mut tx, &after, now).await?;
            call_requests::cancel_open_of_match(&mut tx, id, now, &mut notices).await?;
            tx.commit().await?;
            notices.match_changed(id, vec![record.user_a, record.user_b], false);
            notices.deliver(state).await;
            expired += 1;
        }
    }
    Ok(expired)
}
