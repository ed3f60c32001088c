//! Reaching each other: my availability for calls, "no calls from this match", and call requests.
//! Requests and answers to them wait in the outbox when offline, checked first by the same rules
//! the server applies (from the cache); availability needs the server.

use crate::api::RawRequest;
use crate::error::{CoreError, CoreResult};
use crate::outbox::Pending;
use crate::{Core, Inner};
use meetcute_domain::app::{Delivery, MatchCard, QueuedAction};
use meetcute_domain::availability::{Availability, CallsAllowedRequest};
use meetcute_domain::call_requests::{
    AcceptCallRequest, CallRequest, CallRequestRecord, NewCallRequest, OpenRequests, Refusal,
    RequestAnswer, propose,
};
use meetcute_domain::wire::MatchView;
use meetcute_domain::{CallRequestId, ErrorCode, MatchId, Timings};
use reqwest::Method;

impl Core {
    pub async fn availability(&self) -> CoreResult<Availability> {
        self.inner.me()?;
        self.inner.api.get("/api/me/availability").await
    }

    /// Switches calls on or off (optionally until a time), or hides my presence.
    pub async fn set_availability(&self, wanted: Availability) -> CoreResult<Availability> {
        self.inner.me()?;
        self.inner.put("/api/me/availability", &wanted).await
    }

    /// "No calls from this match for now" (`allowed: false`), or calls again.
    pub async fn set_calls_allowed(&self, id: MatchId, allowed: bool) -> CoreResult<MatchCard> {
        self.inner.me()?;
        let path = format!("/api/matches/{id}/calls");
        let view: MatchView = self
            .inner
            .put(&path, &CallsAllowedRequest { allowed })
            .await?;
        self.inner
            .emit_all(self.inner.cache.apply_matches(&[view]).await?);
        self.inner
            .cache
            .card(id)
            .await?
            .ok_or_else(|| CoreError::refused_by_rules(ErrorCode::NotFound))
    }

    /// "Ask for a call": some times, or whenever they are free today.
    pub async fn ask_for_call(&self, id: MatchId, body: NewCallRequest) -> CoreResult<Delivery> {
        let me = self.inner.me()?;
        if !self.inner.events.socket_up() {
            let view = self
                .inner
                .cache
                .match_view(id)
                .await?
                .ok_or_else(|| CoreError::refused_by_rules(ErrorCode::NotFound))?;
            let open = self.inner.cache.open_requests(me.id, id).await?;
            let now = chrono::Utc::now();
            propose(&body, view.status, open, now, &Timings::default()).map_err(refusal)?;
        }
        self.inner
            .send_or_queue(Pending {
                action: QueuedAction::CallRequest,
                match_id: Some(id),
                method: Method::POST,
                path: format!("/api/matches/{id}/call-requests"),
                body: serde_json::to_string(&body)?,
            })
            .await
    }

    /// Accepts (a time), declines or cancels a request.
    pub async fn answer_call_request(
        &self,
        id: CallRequestId,
        answer: RequestAnswer,
    ) -> CoreResult<Delivery> {
        let me = self.inner.me()?;
        let cached = self.inner.cache.call_request(id).await?;
        if !self.inner.events.socket_up()
            && let Some(request) = &cached
        {
            let mut record = self.inner.cache.request_record(me.id, request).await?;
            let now = chrono::Utc::now();
            record
                .answer(me.id, answer, now, &Timings::default())
                .map_err(refusal)?;
        }
        let body = match answer {
            RequestAnswer::Accept { slot } => serde_json::to_string(&AcceptCallRequest { slot })?,
            RequestAnswer::Decline | RequestAnswer::Cancel => "{}".into(),
        };
        self.inner
            .send_or_queue(Pending {
                action: QueuedAction::CallRequestAnswer,
                match_id: cached.map(|r| r.match_id),
                method: Method::POST,
                path: format!("/api/call-requests/{id}/{}", answer.verb()),
                body,
            })
            .await
    }

    /// Every request of a match I know of, oldest first.
    pub async fn call_requests(&self, id: MatchId) -> CoreResult<Vec<CallRequest>> {
        self.inner.me()?;
        self.inner.cache.call_requests(id).await
    }
}

impl Inner {
    async fn put<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> CoreResult<T> {
        let mut request = RawRequest::new(Method::PUT, path);
        request.body = Some(serde_json::to_string(body)?);
        crate::api::decode(&self.api.raw(request).await?)
    }
}

impl crate::cache::Cache {
    /// What the rules count before a new request of `me` in match `id`, from the cache.
    pub async fn open_requests(
        &self,
        me: meetcute_domain::UserId,
        id: MatchId,
    ) -> CoreResult<OpenRequests> {
        let all = self.all_open_requests().await?;
        Ok(OpenRequests {
            mine: all.iter().filter(|r| r.from_user_id == me).count(),
            in_match: all.iter().filter(|r| r.match_id == id).count(),
        })
    }

    /// A cached request as the rules see it: whom it asks follows from the match.
    pub async fn request_record(
        &self,
        me: meetcute_domain::UserId,
        request: &CallRequest,
    ) -> CoreResult<CallRequestRecord> {
        let peer = self
            .match_view(request.match_id)
            .await?
            .map(|v| v.peer.id)
            .ok_or_else(|| CoreError::refused_by_rules(ErrorCode::NotFound))?;
        let to_user_id = if request.from_user_id == me { peer } else { me };
        Ok(CallRequestRecord {
            request: request.clone(),
            to_user_id,
            reminders_sent: 0,
        })
    }
}

fn refusal(refusal: Refusal) -> CoreError {
    match refusal {
        Refusal::Rule(code) => CoreError::refused_by_rules(code),
        Refusal::Invalid(invalid) => {
            CoreError::server(ErrorCode::Validation, invalid.to_string(), 400)
        }
    }
}
