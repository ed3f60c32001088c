//! What a person does with matches and calls. Matches answer from the cache; decisions and
//! unmatch/block/report go through the outbox; calls need the live connection.

use crate::error::{CoreError, CoreResult};
use crate::outbox::{self, Pending};
use crate::sync::{self, SyncReport};
use crate::{Core, Inner};
use meetcute_domain::app::{Delivery, MatchCard, QueuedAction};
use meetcute_domain::history::{self, CallHistory};
use meetcute_domain::wire::{
    AcceptCallResponse, ClientMessage, DecisionRequest, MatchList, ReportRequest, SessionView,
    SignalKind, StartCallRequest, StartCallResponse,
};
use meetcute_domain::{CallRole, Decision, MatchEvent, MatchId, SessionId, UserId};
use reqwest::Method;

impl Core {
    /// New proposals from the server, added to the cache.
    pub async fn discover(&self) -> CoreResult<Vec<MatchCard>> {
        let me = self.inner.me()?;
        let list: MatchList = self
            .inner
            .api
            .post::<(), _>("/api/matches/discover", None)
            .await?;
        self.inner
            .emit_all(self.inner.cache.apply_matches(&list.matches).await?);
        let ids: Vec<MatchId> = list.matches.iter().map(|m| m.id).collect();
        let cards = self.inner.cache.cards(me.id).await?;
        Ok(cards
            .into_iter()
            .filter(|c| ids.contains(&c.view.id))
            .collect())
    }

    /// The cached matches with their call button; a background sync follows when online.
    pub async fn matches(&self) -> CoreResult<Vec<MatchCard>> {
        let me = self.inner.me()?;
        let cards = self.inner.cache.cards(me.id).await?;
        self.inner.wake_sync.notify_one();
        Ok(cards)
    }

    /// Like or pass; waits in the outbox when offline (shown at once in the cache).
    pub async fn decide(&self, match_id: MatchId, decision: Decision) -> CoreResult<Delivery> {
        let body = serde_json::to_string(&DecisionRequest { decision })?;
        let event = |by| MatchEvent::Decide { by, decision };
        self.inner
            .match_action(match_id, QueuedAction::Decision, event, body)
            .await
    }

    pub async fn unmatch(&self, match_id: MatchId) -> CoreResult<Delivery> {
        let event = |by| MatchEvent::Unmatch { by };
        self.inner
            .match_action(match_id, QueuedAction::Unmatch, event, "{}".into())
            .await
    }

    pub async fn block(&self, match_id: MatchId) -> CoreResult<Delivery> {
        let event = |by| MatchEvent::Block { by };
        self.inner
            .match_action(match_id, QueuedAction::Block, event, "{}".into())
            .await
    }

    /// A report also blocks (the server's rule), so the match closes as blocked.
    pub async fn report(
        &self,
        match_id: MatchId,
        reason: String,
        details: String,
    ) -> CoreResult<Delivery> {
        let body = serde_json::to_string(&ReportRequest { reason, details })?;
        let event = |by| MatchEvent::Block { by };
        self.inner
            .match_action(match_id, QueuedAction::Report, event, body)
            .await
    }

    /// Offline: fails at once with `offline`.
    pub async fn start_call(&self, match_id: MatchId) -> CoreResult<StartCallResponse> {
        let me = self.inner.me()?;
        self.inner.require_live()?;
        let answer: StartCallResponse = self
            .inner
            .api
            .post(
                "/api/video/start-call",
                Some(&StartCallRequest { match_id }),
            )
            .await?;
        // Until the socket tells the details, cache what the answer says so the button is right.
        if self.inner.cache.session(answer.session_id).await?.is_none()
            && let Some(the_match) = self.inner.cache.match_view(match_id).await?
        {
            let (caller_id, callee_id) = match answer.role {
                CallRole::Caller => (me.id, the_match.peer.id),
                CallRole::Callee => (the_match.peer.id, me.id),
            };
            let view = SessionView {
                session_id: answer.session_id,
                match_id,
                status: answer.status,
                role: answer.role,
                caller_id,
                callee_id,
                created_at: chrono::Utc::now(),
                started_at: None,
                ended_at: None,
                end_reason: None,
                max_duration_seconds: answer.max_duration_seconds,
            };
            self.inner
                .emit_all(self.inner.cache.apply_session(&view, None).await?);
        }
        Ok(answer)
    }

    /// Offline: fails at once with `offline`.
    /// The answer carries this person's ICE servers for the call's media.
    pub async fn accept_call(&self, session_id: SessionId) -> CoreResult<AcceptCallResponse> {
        self.inner.require_live()?;
        self.inner.me()?;
        let path = format!("/api/video/{session_id}/accept");
        let answer: AcceptCallResponse = self.inner.api.post::<(), _>(&path, None).await?;
        self.inner.emit_all(
            self.inner
                .cache
                .apply_session(&answer.session, None)
                .await?,
        );
        Ok(answer)
    }

    pub async fn decline_call(&self, session_id: SessionId) -> CoreResult<SessionView> {
        self.inner.session_action(session_id, "decline").await
    }

    pub async fn end_call(&self, session_id: SessionId) -> CoreResult<SessionView> {
        self.inner.session_action(session_id, "end").await
    }

    /// From the server; offline, assembled from the cache by the same rule.
    pub async fn call_history(&self, match_id: MatchId) -> CoreResult<CallHistory> {
        let me = self.inner.me()?;
        let path = format!("/api/video/call-history/{match_id}");
        match self.inner.api.get::<CallHistory>(&path).await {
            Err(CoreError::Offline) => {
                let the_match = self.inner.cache.match_view(match_id).await?;
                let the_match = the_match.ok_or(CoreError::Offline)?;
                let sessions: Vec<_> = self
                    .inner
                    .cache
                    .sessions_of(match_id)
                    .await?
                    .iter()
                    .map(SessionView::to_session)
                    .collect();
                Ok(history::call_history(&the_match.record(me.id), &sessions))
            }
            other => other,
        }
    }

    /// SDP/ICE to the other participant, through the live socket.
    pub async fn send_signal(
        &self,
        session_id: SessionId,
        kind: SignalKind,
        payload: serde_json::Value,
    ) -> CoreResult<()> {
        self.inner.me()?;
        let text = serde_json::to_string(&ClientMessage::Signal {
            session_id,
            kind,
            payload,
        })?;
        let socket = self
            .inner
            .socket_tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        socket
            .and_then(|tx| tx.send(text).ok())
            .ok_or(CoreError::Offline)
    }

    /// Replays the outbox, then catches up with the server.
    pub async fn sync_now(&self) -> CoreResult<()> {
        self.sync_report().await.map(drop)
    }

    /// [`Core::sync_now`], telling what came and how many bytes.
    pub async fn sync_report(&self) -> CoreResult<SyncReport> {
        self.inner.me()?;
        outbox::flush(&self.inner)
            .await?
            .announce_refusals(&self.inner);
        sync::sync_once(&self.inner).await
    }

    /// Actions still waiting in the outbox.
    pub async fn pending_actions(&self) -> CoreResult<i64> {
        outbox::pending_count(&self.inner).await
    }
}

impl Inner {
    fn require_live(&self) -> CoreResult<()> {
        if self.events.socket_up() {
            Ok(())
        } else {
            Err(CoreError::Offline)
        }
    }

    /// Sends a match action, or queues it when offline. Offline, the rules are checked here
    /// first (a refusal now rather than after reconnecting) and the card shows the outcome at
    /// once; online, the server decides and its answer updates the card.
    async fn match_action(
        &self,
        id: MatchId,
        action: QueuedAction,
        event: impl Fn(UserId) -> MatchEvent,
        body: String,
    ) -> CoreResult<Delivery> {
        let me = self.me()?;
        let cached = self.cache.match_view(id).await?;
        let local = cached.map(|view| view.after_my_action(me.id, event(me.id)));
        if !self.events.socket_up()
            && let Some(Err(code)) = local
        {
            return Err(CoreError::refused_by_rules(code));
        }
        let delivery = self
            .send_or_queue(Pending {
                action,
                match_id: Some(id),
                method: Method::POST,
                path: format!("/api/matches/{id}/{}", action.as_str()),
                body,
            })
            .await?;
        if delivery == Delivery::Queued
            && let Some(Ok(Some(after))) = local
        {
            self.emit_all(self.cache.apply_matches(&[after]).await?);
        }
        Ok(delivery)
    }

    async fn session_action(&self, id: SessionId, action: &str) -> CoreResult<SessionView> {
        self.me()?;
        let path = format!("/api/video/{id}/{action}");
        let session: SessionView = self.api.post::<(), _>(&path, None).await?;
        self.emit_all(self.cache.apply_session(&session, None).await?);
        Ok(session)
    }
}
