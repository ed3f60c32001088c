//! Call session rules: the session state machine, start-call resolution and eligibility.

use crate::error::ErrorCode;
use crate::ids::{MatchId, SessionId, UserId};
use crate::matching::{MatchRecord, MatchStatus};
use crate::timings::Timings;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Ringing,
    Active,
    Declined,
    Cancelled,
    Missed,
    Completed,
}

impl CallStatus {
    /// Ringing or active: the session still holds both people.
    pub fn is_live(self) -> bool {
        matches!(self, CallStatus::Ringing | CallStatus::Active)
    }

    pub fn is_terminal(self) -> bool {
        !self.is_live()
    }

    /// Counts against the ring limit.
    pub fn is_unanswered(self) -> bool {
        matches!(self, CallStatus::Missed | CallStatus::Declined)
    }
}

/// Why a completed call ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    Hangup,
    TimeLimit,
    Disconnect,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallRole {
    Caller,
    Callee,
}

/// One call session, as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSession {
    pub id: SessionId,
    pub match_id: MatchId,
    pub caller_id: UserId,
    pub callee_id: UserId,
    pub status: CallStatus,
    pub created_at: DateTime<Utc>,
    /// When the callee accepted.
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<EndReason>,
    /// `Some(60)` for a first call; `None` when uncapped.
    pub max_duration_seconds: Option<u32>,
}

/// Something that happened to a call session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallEvent {
    Accept {
        by: UserId,
        at: DateTime<Utc>,
    },
    Decline {
        by: UserId,
        at: DateTime<Utc>,
    },
    /// Either person hangs up (the caller while ringing cancels; the callee declines).
    Hangup {
        by: UserId,
        at: DateTime<Utc>,
    },
    /// The clock passed: ring timeout and first-call cap are applied.
    Tick {
        at: DateTime<Utc>,
    },
    /// A participant has been gone since `since` and did not come back within the grace.
    DisconnectExpired {
        since: DateTime<Utc>,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallChange {
    Unchanged,
    Changed(CallSession),
}

impl CallSession {
    /// A new ringing session. `id` is a fresh v4 UUID made by the caller of this function.
    pub fn ringing(
        id: SessionId,
        the_match: &MatchRecord,
        caller: UserId,
        max_duration_seconds: Option<u32>,
        at: DateTime<Utc>,
    ) -> Option<Self> {
        Some(Self {
            id,
            match_id: the_match.id,
            caller_id: caller,
            callee_id: the_match.peer_of(caller)?,
            status: CallStatus::Ringing,
            created_at: at,
            started_at: None,
            ended_at: None,
            end_reason: None,
            max_duration_seconds,
        })
    }

    pub fn is_participant(&self, user: UserId) -> bool {
        user == self.caller_id || user == self.callee_id
    }

    pub fn role_of(&self, user: UserId) -> Option<CallRole> {
        if user == self.caller_id {
            Some(CallRole::Caller)
        } else if user == self.callee_id {
            Some(CallRole::Callee)
        } else {
            None
        }
    }

    pub fn other_participant(&self, user: UserId) -> Option<UserId> {
        match self.role_of(user)? {
            CallRole::Caller => Some(self.callee_id),
            CallRole::Callee => Some(self.caller_id),
        }
    }

    /// When an unanswered ring becomes `missed`.
    pub fn ring_deadline(&self, timings: &Timings) -> Option<DateTime<Utc>> {
        (self.status == CallStatus::Ringing).then(|| self.created_at + timings.ring_timeout)
    }

    /// When the server cuts a capped call.
    pub fn cap_deadline(&self) -> Option<DateTime<Utc>> {
        let started = self.started_at?;
        let cap = self.max_duration_seconds?;
        (self.status == CallStatus::Active).then(|| started + Duration::seconds(i64::from(cap)))
    }

    /// The next moment a [`CallEvent::Tick`] would change this session.
    pub fn next_deadline(&self, timings: &Timings) -> Option<DateTime<Utc>> {
        self.ring_deadline(timings).or_else(|| self.cap_deadline())
    }

    /// Exact connected time of a finished call.
    pub fn duration_seconds(&self) -> Option<i64> {
        Some((self.ended_at? - self.started_at?).num_seconds())
    }

    fn ended(&self, status: CallStatus, at: DateTime<Utc>, reason: Option<EndReason>) -> Self {
        Self {
            status,
            ended_at: Some(at),
            end_reason: reason,
            ..self.clone()
        }
    }

    /// Completes an active call at `at`, or at the cap if `at` is past it (the cap is the
    /// server's truth whatever a client reports).
    fn completed(&self, at: DateTime<Utc>, reason: EndReason) -> Self {
        match self.cap_deadline() {
            Some(cap) if at >= cap => {
                self.ended(CallStatus::Completed, cap, Some(EndReason::TimeLimit))
            }
            _ => self.ended(CallStatus::Completed, at, Some(reason)),
        }
    }

    /// Applies one event under the rules of RULES.md.
    pub fn apply(&self, event: CallEvent, timings: &Timings) -> Result<CallChange, ErrorCode> {
        use CallStatus::*;
        let changed = |session: CallSession| Ok(CallChange::Changed(session));
        match event {
            CallEvent::Accept { by, at } => {
                self.require_callee(by)?;
                match self.status {
                    Ringing if self.ring_deadline(timings).is_some_and(|d| at >= d) => {
                        Err(ErrorCode::SessionEnded)
                    }
                    Ringing => changed(CallSession {
                        status: Active,
                        started_at: Some(at),
                        ..self.clone()
                    }),
                    Active => Ok(CallChange::Unchanged),
                    _ => Err(ErrorCode::SessionEnded),
                }
            }
            CallEvent::Decline { by, at } => {
                self.require_callee(by)?;
                match self.status {
                    Ringing => changed(self.ended(Declined, at, None)),
                    Declined => Ok(CallChange::Unchanged),
                    _ => Err(ErrorCode::SessionEnded),
                }
            }
            CallEvent::Hangup { by, at } => {
                if !self.is_participant(by) {
                    return Err(ErrorCode::NotParticipant);
                }
                match self.status {
                    Ringing if by == self.caller_id => changed(self.ended(Cancelled, at, None)),
                    Ringing => changed(self.ended(Declined, at, None)),
                    Active => changed(self.completed(at, EndReason::Hangup)),
                    // Hanging up twice (a retry) is harmless.
                    _ => Ok(CallChange::Unchanged),
                }
            }
            CallEvent::Tick { at } => {
                if let Some(deadline) = self.ring_deadline(timings).filter(|d| at >= *d) {
                    changed(self.ended(Missed, deadline, None))
                } else if let Some(cap) = self.cap_deadline().filter(|c| at >= *c) {
                    changed(self.ended(Completed, cap, Some(EndReason::TimeLimit)))
                } else {
                    Ok(CallChange::Unchanged)
                }
            }
            CallEvent::DisconnectExpired { since, at } => match self.status {
                Active if at >= since + timings.disconnect_grace => changed(self.completed(
                    since.max(self.started_at.unwrap_or(since)),
                    EndReason::Disconnect,
                )),
                _ => Ok(CallChange::Unchanged),
            },
        }
    }

    fn require_callee(&self, by: UserId) -> Result<(), ErrorCode> {
        match self.role_of(by) {
            Some(CallRole::Callee) => Ok(()),
            Some(CallRole::Caller) => Err(ErrorCode::NotCallee),
            None => Err(ErrorCode::NotParticipant),
        }
    }
}

/// Everything start-call needs to know, gathered by the server (or the core, from its cache).
#[derive(Debug, Clone)]
pub struct StartCallContext<'a> {
    pub me: UserId,
    pub the_match: &'a MatchRecord,
    /// Sessions of this match (at least the live one and those inside the ring-limit window).
    pub match_sessions: &'a [CallSession],
    /// A live session `me` is in, in any match.
    pub my_live_session: Option<&'a CallSession>,
    /// A live session the peer is in, in any match (unknown to clients: `None`).
    pub peer_live_session: Option<&'a CallSession>,
    pub now: DateTime<Utc>,
    pub timings: &'a Timings,
}

/// What start-call does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartCall {
    /// A live session of this match already involves `me`: return it (idempotent, glare-safe).
    Existing {
        session_id: SessionId,
        role: CallRole,
    },
    /// Create a new ringing session with this cap.
    New {
        callee: UserId,
        max_duration_seconds: Option<u32>,
    },
}

/// Resolves a start-call request; the single source of truth for who may call whom.
pub fn resolve_start_call(ctx: &StartCallContext<'_>) -> Result<StartCall, ErrorCode> {
    let peer = ctx
        .the_match
        .peer_of(ctx.me)
        .ok_or(ErrorCode::NotParticipant)?;
    if let Some(live) = ctx.match_sessions.iter().find(|s| s.status.is_live()) {
        let role = live.role_of(ctx.me).ok_or(ErrorCode::NotParticipant)?;
        return Ok(StartCall::Existing {
            session_id: live.id,
            role,
        });
    }
    let max_duration_seconds = match ctx.the_match.status {
        MatchStatus::Proposed => Some(ctx.timings.first_call_cap_seconds()),
        MatchStatus::Matched => None,
        MatchStatus::Deciding => return Err(ErrorCode::AwaitingDecision),
        MatchStatus::Closed => return Err(ErrorCode::Closed),
    };
    if ctx
        .my_live_session
        .is_some_and(|s| s.match_id != ctx.the_match.id)
    {
        return Err(ErrorCode::AlreadyInCall);
    }
    if ctx
        .peer_live_session
        .is_some_and(|s| s.match_id != ctx.the_match.id)
    {
        return Err(ErrorCode::PeerBusy);
    }
    if unanswered_rings(ctx) >= ctx.timings.ring_limit {
        return Err(ErrorCode::RingLimit);
    }
    Ok(StartCall::New {
        callee: peer,
        max_duration_seconds,
    })
}

fn unanswered_rings(ctx: &StartCallContext<'_>) -> usize {
    let window_start = ctx.now - ctx.timings.ring_limit_window;
    ctx.match_sessions
        .iter()
        .filter(|s| {
            s.caller_id == ctx.me && s.status.is_unanswered() && s.created_at > window_start
        })
        .count()
}

/// Why the call button is disabled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenyReason {
    AwaitingDecision,
    Closed,
    NotParticipant,
    RingLimit,
    AlreadyInCall,
    PeerBusy,
}

/// What the call button of a match shows for `me`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Eligibility {
    /// "Start Video Call 💕", capped.
    FirstCall {
        max_duration_seconds: u32,
    },
    /// "Call Again 💕": mutual, with calls together before.
    CallAgain,
    /// "Start Video Call 💕", uncapped (kept for totality).
    StartCall,
    /// A live session: "Answer" / "Join" / "Hang up".
    InCall {
        session_id: SessionId,
        role: CallRole,
    },
    Denied {
        reason: DenyReason,
    },
}

/// The button state, derived from the very rule start-call applies.
pub fn eligibility(ctx: &StartCallContext<'_>) -> Eligibility {
    match resolve_start_call(ctx) {
        Ok(StartCall::Existing { session_id, role }) => Eligibility::InCall { session_id, role },
        Ok(StartCall::New {
            max_duration_seconds: Some(max),
            ..
        }) => Eligibility::FirstCall {
            max_duration_seconds: max,
        },
        Ok(StartCall::New {
            max_duration_seconds: None,
            ..
        }) => {
            let has_history = ctx
                .match_sessions
                .iter()
                .any(|s| s.status == CallStatus::Completed);
            if has_history {
                Eligibility::CallAgain
            } else {
                Eligibility::StartCall
            }
        }
        Err(code) => Eligibility::Denied {
            reason: deny_reason(code),
        },
    }
}

fn deny_reason(code: ErrorCode) -> DenyReason {
    match code {
        ErrorCode::AwaitingDecision => DenyReason::AwaitingDecision,
        ErrorCode::RingLimit => DenyReason::RingLimit,
        ErrorCode::AlreadyInCall => DenyReason::AlreadyInCall,
        ErrorCode::PeerBusy => DenyReason::PeerBusy,
        ErrorCode::NotParticipant => DenyReason::NotParticipant,
        _ => DenyReason::Closed,
    }
}
