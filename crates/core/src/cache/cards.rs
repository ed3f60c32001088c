//! Reading the cache as the UI wants it: match cards with the call button the rules allow
//! (`meetcute_domain::eligibility` on cached data, so it is right offline) and call counts.

use super::{Cache, millis};
use crate::error::CoreResult;
use meetcute_domain::app::MatchCard;
use meetcute_domain::call_requests::CallRequest;
use meetcute_domain::calls::CallChange;
use meetcute_domain::history::CallSummary;
use meetcute_domain::wire::{MatchView, SessionView};
use meetcute_domain::{
    CallEvent, CallSession, CallStatus, MatchId, MatchStatus, StartCallContext, Timings, UserId,
    eligibility,
};
use sqlx::Row;
use std::collections::HashMap;

impl Cache {
    /// Every cached match, most recently changed first.
    pub async fn cards(&self, me: UserId) -> CoreResult<Vec<MatchCard>> {
        self.load_cards(me, None).await
    }

    pub async fn card(&self, id: MatchId) -> CoreResult<Option<MatchCard>> {
        let Some(me) = self.account().await?.map(|u| u.id) else {
            return Ok(None);
        };
        Ok(self.load_cards(me, Some(id)).await?.pop())
    }

    pub async fn match_view(&self, id: MatchId) -> CoreResult<Option<MatchView>> {
        let json: Option<String> = sqlx::query_scalar("SELECT view_json FROM matches WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// Every cached session of one match, oldest first.
    pub async fn sessions_of(&self, id: MatchId) -> CoreResult<Vec<SessionView>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT view_json FROM call_sessions WHERE match_id = ? ORDER BY created_ms, id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|j| Ok(serde_json::from_str(j)?)).collect()
    }

    pub async fn session(&self, id: meetcute_domain::SessionId) -> CoreResult<Option<SessionView>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT view_json FROM call_sessions WHERE id = ?")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    async fn load_cards(&self, me: UserId, only: Option<MatchId>) -> CoreResult<Vec<MatchCard>> {
        let now = chrono::Utc::now();
        let timings = Timings::default();
        let filter = only.map(|id| id.0);
        let rows = sqlx::query(
            "SELECT view_json, completed_calls, last_call_ms, last_completed_json FROM matches
             WHERE ?1 IS NULL OR id = ?1 ORDER BY updated_ms DESC, id",
        )
        .bind(filter)
        .fetch_all(&self.pool)
        .await?;
        // The sessions the rules look at: live ones and those inside the ring-limit window.
        let window_start = millis(now - timings.ring_limit_window);
        let recent: Vec<String> = match filter {
            Some(id) => {
                sqlx::query_scalar(
                    "SELECT view_json FROM call_sessions WHERE match_id = ?
                     AND (status IN ('ringing', 'active') OR created_ms > ?)",
                )
                .bind(id)
                .bind(window_start)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_scalar(
                    "SELECT view_json FROM call_sessions
                     WHERE status IN ('ringing', 'active') OR created_ms > ?",
                )
                .bind(window_start)
                .fetch_all(&self.pool)
                .await?
            }
        };
        let mut by_match: HashMap<MatchId, Vec<CallSession>> = HashMap::new();
        for json in &recent {
            let session = serde_json::from_str::<SessionView>(json)?.to_session();
            let session = aged(session, now, &timings);
            by_match.entry(session.match_id).or_default().push(session);
        }
        let open_requests: Vec<String> = sqlx::query_scalar(
            "SELECT view_json FROM call_requests WHERE status = 'open' AND (?1 IS NULL OR match_id = ?1)",
        )
        .bind(filter)
        .fetch_all(&self.pool)
        .await?;
        let mut requests: HashMap<MatchId, CallRequest> = HashMap::new();
        for json in &open_requests {
            let request: CallRequest = serde_json::from_str(json)?;
            // A lapse the server has not announced yet already shows as one.
            if request.expires_at > now {
                requests.insert(request.match_id, request);
            }
        }
        let my_live = by_match
            .values()
            .flatten()
            .find(|s| s.status.is_live() && s.is_participant(me))
            .cloned();
        let mut cards = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut view: MatchView = serde_json::from_str(row.get(0))?;
            let completed: i64 = row.get(1);
            let mut sessions = by_match.remove(&view.id).unwrap_or_default();
            // "Call Again" needs a completed call among them; the latest is kept for that.
            let last_completed: Option<&str> = row.get(3);
            if let Some(json) = last_completed
                && view.status == MatchStatus::Matched
                && !sessions.iter().any(|s| s.status == CallStatus::Completed)
            {
                sessions.push(serde_json::from_str::<SessionView>(json)?.to_session());
            }
            let record = view.record(me);
            let ctx = StartCallContext {
                me,
                the_match: &record,
                match_sessions: &sessions,
                my_live_session: my_live.as_ref(),
                peer_live_session: None,
                peer_takes_calls: view.peer_available,
                peer_online: view.peer.presence.and_then(|p| p.is_online()),
                now,
                timings: &timings,
            };
            let eligibility = eligibility(&ctx);
            view.live_session = sessions
                .iter()
                .find(|s| s.status.is_live())
                .and_then(|s| SessionView::of(s, me));
            let last: Option<i64> = row.get(2);
            view.call_summary = CallSummary {
                total_calls: view
                    .call_summary
                    .total_calls
                    .max(u32::try_from(completed).unwrap_or(u32::MAX)),
                last_call_at: view
                    .call_summary
                    .last_call_at
                    .max(last.and_then(chrono::DateTime::from_timestamp_millis)),
            };
            let call_request = requests.remove(&view.id);
            cards.push(MatchCard {
                view,
                eligibility,
                call_request,
            });
        }
        Ok(cards)
    }
}

/// A cached session as the clock has it now: a ring past its timeout is missed, a capped
/// call past its cap is over (the server will say so too once we hear from it).
fn aged(
    session: CallSession,
    now: chrono::DateTime<chrono::Utc>,
    timings: &Timings,
) -> CallSession {
    if session.status.is_live()
        && let Ok(CallChange::Changed(next)) = session.apply(CallEvent::Tick { at: now }, timings)
    {
        return next;
    }
    session
}
