//! Call session rules: the session state machine (start-call and the call button: `start_call.rs`).

use crate::error::ErrorCode;
use crate::ids::{MatchId, SessionId, UserId};
use crate::matching::MatchRecord;
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

pub use crate::start_call::{
    DenyReason, Eligibility, StartCall, StartCallContext, eligibility, resolve_start_call,
};
