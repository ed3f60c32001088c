//! Call history in the seed's shape: every session oldest first, completed ones counted.

use crate::calls::{CallSession, CallStatus};
use crate::ids::{MatchId, SessionId, UserId};
use crate::matching::MatchRecord;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /api/video/call-history/{match_id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallHistory {
    pub match_id: MatchId,
    pub is_mutual_match: bool,
    /// Completed calls only: "N video calls together".
    pub total_calls: u32,
    pub calls: Vec<CallHistoryEntry>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallHistoryEntry {
    pub session_id: SessionId,
    pub status: CallStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub initiated_by: UserId,
}

/// Summary shown on a match card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSummary {
    pub total_calls: u32,
    #[serde(default, with = "crate::wire_time::option")]
    pub last_call_at: Option<DateTime<Utc>>,
}

/// The seed's rounding: completed calls count at least one minute (75 s shows as 1).
pub fn duration_minutes(seconds: i64) -> i64 {
    (seconds / 60).max(1)
}

pub fn history_entry(session: &CallSession) -> CallHistoryEntry {
    let duration_seconds = session.duration_seconds();
    let completed = session.status == CallStatus::Completed;
    CallHistoryEntry {
        session_id: session.id,
        status: session.status,
        started_at: session.started_at,
        ended_at: session.ended_at,
        duration_minutes: duration_seconds.filter(|_| completed).map(duration_minutes),
        duration_seconds,
        initiated_by: session.caller_id,
    }
}

/// Assembles the history of `the_match` from its sessions, in any order.
pub fn call_history(the_match: &MatchRecord, sessions: &[CallSession]) -> CallHistory {
    let mut ordered: Vec<&CallSession> = sessions
        .iter()
        .filter(|s| s.match_id == the_match.id)
        .collect();
    ordered.sort_by_key(|s| (s.created_at, s.id));
    CallHistory {
        match_id: the_match.id,
        is_mutual_match: the_match.is_mutual(),
        total_calls: call_summary(sessions.iter().filter(|s| s.match_id == the_match.id))
            .total_calls,
        calls: ordered.into_iter().map(history_entry).collect(),
    }
}

/// Counts completed calls and finds the last one.
pub fn call_summary<'a>(sessions: impl IntoIterator<Item = &'a CallSession>) -> CallSummary {
    let mut summary = CallSummary {
        total_calls: 0,
        last_call_at: None,
    };
    for session in sessions
        .into_iter()
        .filter(|s| s.status == CallStatus::Completed)
    {
        summary.total_calls += 1;
        summary.last_call_at = summary.last_call_at.max(session.ended_at);
    }
    summary
}
