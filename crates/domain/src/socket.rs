//! The live socket's messages (API.md "WebSocket messages"): server → client events and
//! signals, client → server auth and signals. Re-exported by `wire`.

use crate::call_requests::CallRequest;
use crate::calls::{CallSession, CallStatus, EndReason};
use crate::error::ErrorCode;
use crate::ids::{MatchId, SessionId, UserId};
use crate::presence::Presence;
use crate::wire::{MatchView, SessionView};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Offer,
    Answer,
    Ice,
    Restart,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerInfo {
    pub id: UserId,
    pub display_name: String,
}

/// Server → client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ServerMessage {
    #[serde(rename = "call.ringing")]
    CallRinging {
        session: SessionView,
        caller: CallerInfo,
    },
    #[serde(rename = "call.accepted")]
    CallAccepted { session: SessionView },
    #[serde(rename = "call.declined")]
    CallDeclined { session: SessionView },
    #[serde(rename = "call.cancelled")]
    CallCancelled { session: SessionView },
    #[serde(rename = "call.missed")]
    CallMissed { session: SessionView },
    #[serde(rename = "call.ended")]
    CallEnded {
        session: SessionView,
        end_reason: EndReason,
    },
    #[serde(rename = "match.updated")]
    MatchUpdated {
        #[serde(rename = "match")]
        the_match: MatchView,
    },
    #[serde(rename = "match.mutual")]
    MatchMutual {
        #[serde(rename = "match")]
        the_match: MatchView,
    },
    #[serde(rename = "signal")]
    Signal {
        session_id: SessionId,
        from: UserId,
        kind: SignalKind,
        payload: serde_json::Value,
    },
    /// The other person of a live match came online or went away (or hid it).
    #[serde(rename = "presence.updated")]
    PresenceUpdated {
        match_id: MatchId,
        presence: Presence,
    },
    #[serde(rename = "call_request.updated")]
    CallRequestUpdated { request: CallRequest },
    /// An agreed call is near (`minutes_before` > 0) or now (0).
    #[serde(rename = "call_request.reminder")]
    CallRequestReminder {
        request: CallRequest,
        minutes_before: u32,
    },
    #[serde(rename = "ready")]
    Ready { user_id: UserId },
    #[serde(rename = "error")]
    Error { code: ErrorCode, message: String },
}

/// Client → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum ClientMessage {
    /// First message, when the token could not be sent as a header.
    #[serde(rename = "auth")]
    Auth { token: String },
    #[serde(rename = "signal")]
    Signal {
        session_id: SessionId,
        kind: SignalKind,
        payload: serde_json::Value,
    },
}

/// The WebSocket event for a session that just changed, if that change is announced.
pub fn call_event_message(session: &CallSession, me: UserId) -> Option<ServerMessage> {
    let view = SessionView::of(session, me)?;
    Some(match session.status {
        CallStatus::Ringing => return None,
        CallStatus::Active => ServerMessage::CallAccepted { session: view },
        CallStatus::Declined => ServerMessage::CallDeclined { session: view },
        CallStatus::Cancelled => ServerMessage::CallCancelled { session: view },
        CallStatus::Missed => ServerMessage::CallMissed { session: view },
        CallStatus::Completed => ServerMessage::CallEnded {
            end_reason: session.end_reason.unwrap_or(EndReason::Hangup),
            session: view,
        },
    })
}
