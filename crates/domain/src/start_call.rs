//! Who may call whom: start-call resolution (idempotent, glare-safe), and the call button
//! (`eligibility`), derived from the very same function.

use crate::calls::{CallRole, CallSession, CallStatus};
use crate::error::ErrorCode;
use crate::ids::{SessionId, UserId};
use crate::matching::{MatchRecord, MatchStatus};
use crate::timings::Timings;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    /// Whether the peer takes calls from this match now (their switch and their per-match one).
    pub peer_takes_calls: bool,
    /// Whether the peer has a device connected; `None` when unknown (a client, when the peer
    /// hides their presence): then only the server refuses.
    pub peer_online: Option<bool>,
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
    // Neither refusal rings, so neither counts against the ring limit.
    if !ctx.peer_takes_calls {
        return Err(ErrorCode::Unavailable);
    }
    if ctx.peer_online == Some(false) {
        return Err(ErrorCode::PeerOffline);
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
    /// They switched calls off: "Ask for a call" instead.
    Unavailable,
    /// Nobody would ring: "Ask for a call" instead.
    PeerOffline,
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
        ErrorCode::Unavailable => DenyReason::Unavailable,
        ErrorCode::PeerOffline => DenyReason::PeerOffline,
        _ => DenyReason::Closed,
    }
}
