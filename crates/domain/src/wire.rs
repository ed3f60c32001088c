//! The JSON payloads of API.md, shared by server, core and UI.
//! Requests refuse unknown fields, so a typo is a clear 400 instead of a silent default.

use crate::call_requests::CallRequest;
use crate::calls::{CallRole, CallSession, CallStatus, EndReason};
use crate::compatibility::Compatibility;
use crate::error::ErrorCode;
use crate::history::CallSummary;
use crate::ids::{MatchId, SessionId, UserId};
use crate::matching::{ClosedReason, Decision, MatchStatus};
use crate::presence::Presence;
use crate::profile::{Gender, MAX_AGE, MIN_AGE};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// `{ "error": { "code", "message", "field"? } }`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                field: None,
            },
        }
    }
}

// ---- auth ----------------------------------------------------------------------------------

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub birthdate: NaiveDate,
    pub gender: Gender,
    pub interested_in: Vec<Gender>,
    pub device_name: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    pub device_name: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthResponse {
    pub token: String,
    pub user: User,
}

// ---- profile -------------------------------------------------------------------------------

/// `GET /api/me/profile`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: UserId,
    pub display_name: String,
    pub bio: String,
    pub interests: Vec<String>,
    pub age_min: u32,
    pub age_max: u32,
    pub city: String,
    pub birthdate: NaiveDate,
    pub gender: Gender,
    pub interested_in: Vec<Gender>,
    pub last_active_at: DateTime<Utc>,
}

/// `PUT /api/me/profile`: the editable part.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    pub display_name: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub interests: Vec<String>,
    #[serde(default = "default_age_min")]
    pub age_min: u32,
    #[serde(default = "default_age_max")]
    pub age_max: u32,
    #[serde(default)]
    pub city: String,
}

fn default_age_min() -> u32 {
    MIN_AGE
}

fn default_age_max() -> u32 {
    MAX_AGE
}

// ---- matches -------------------------------------------------------------------------------

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    pub id: UserId,
    pub display_name: String,
    pub age: u32,
    pub bio: String,
    pub interests: Vec<String>,
    /// Only while the match is live (not closed); `hidden` when they keep it to themselves.
    #[serde(default)]
    pub presence: Option<Presence>,
}

/// One match as `me` sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchView {
    pub id: MatchId,
    pub status: MatchStatus,
    pub closed_reason: Option<ClosedReason>,
    pub peer: Peer,
    pub compatibility: Compatibility,
    pub my_decision: Option<Decision>,
    #[serde(with = "crate::wire_time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::wire_time")]
    pub updated_at: DateTime<Utc>,
    pub call_summary: CallSummary,
    pub live_session: Option<SessionView>,
    /// Whether I take calls from this match ("No calls from this match for now" is `false`).
    #[serde(default = "yes")]
    pub calls_allowed: bool,
    /// Whether they take calls from me now (their switch and their per-match one).
    #[serde(default = "yes")]
    pub peer_available: bool,
}

fn yes() -> bool {
    true
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchList {
    pub matches: Vec<MatchView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

// ---- calls ---------------------------------------------------------------------------------

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartCallRequest {
    pub match_id: MatchId,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartCallResponse {
    pub session_id: SessionId,
    pub match_id: MatchId,
    pub status: CallStatus,
    pub role: CallRole,
    pub max_duration_seconds: Option<u32>,
    pub ice_servers: Vec<IceServer>,
}

/// The accept answer: the session, plus the callee's own ICE servers (the caller got its
/// own in the start-call answer). TURN credentials are per person and short-lived.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptCallResponse {
    #[serde(flatten)]
    pub session: SessionView,
    #[serde(default)]
    pub ice_servers: Vec<IceServer>,
}

/// A call session as one participant sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub session_id: SessionId,
    pub match_id: MatchId,
    pub status: CallStatus,
    pub role: CallRole,
    pub caller_id: UserId,
    pub callee_id: UserId,
    #[serde(with = "crate::wire_time")]
    pub created_at: DateTime<Utc>,
    #[serde(default, with = "crate::wire_time::option")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::wire_time::option")]
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<EndReason>,
    pub max_duration_seconds: Option<u32>,
}

impl SessionView {
    /// The session as `me` sees it; `None` if `me` is not in it.
    pub fn of(session: &CallSession, me: UserId) -> Option<Self> {
        Some(Self {
            session_id: session.id,
            match_id: session.match_id,
            status: session.status,
            role: session.role_of(me)?,
            caller_id: session.caller_id,
            callee_id: session.callee_id,
            created_at: session.created_at,
            started_at: session.started_at,
            ended_at: session.ended_at,
            end_reason: session.end_reason,
            max_duration_seconds: session.max_duration_seconds,
        })
    }

    /// Back to the rules' plain data.
    pub fn to_session(&self) -> CallSession {
        CallSession {
            id: self.session_id,
            match_id: self.match_id,
            caller_id: self.caller_id,
            callee_id: self.callee_id,
            status: self.status,
            created_at: self.created_at,
            started_at: self.started_at,
            ended_at: self.ended_at,
            end_reason: self.end_reason,
            max_duration_seconds: self.max_duration_seconds,
        }
    }
}

// ---- sync ----------------------------------------------------------------------------------

/// `GET /api/sync?cursor=C[&limit=N]`: everything of mine changed after `C` up to `cursor`.
/// With a `limit` the answer may be one page of it: `more` then says to ask again from
/// `cursor`. A page never splits the changes of one write.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub cursor: i64,
    pub matches: Vec<MatchView>,
    pub calls: Vec<SessionView>,
    /// Changes after `cursor` were left for the next page (only ever with a `limit`).
    #[serde(default)]
    pub more: bool,
    /// Every call request of the matches in this page.
    #[serde(default)]
    pub call_requests: Vec<CallRequest>,
    /// On the last page: where the other person of each live match is now (presence changes
    /// are not changes of the match, so a reconnecting client learns them here).
    #[serde(default)]
    pub presence: Vec<MatchPresence>,
}

/// `presence.updated`, and one line of a sync's `presence`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPresence {
    pub match_id: MatchId,
    pub presence: Presence,
}

pub use crate::socket::{CallerInfo, ClientMessage, ServerMessage, SignalKind, call_event_message};
