//! Match status rules: proposed → deciding → matched, and every way to closed.

use crate::error::ErrorCode;
use crate::ids::{MatchId, UserId};
use crate::timings::Timings;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Proposed by the system: the first call (capped) is allowed.
    Proposed,
    /// The first call was completed; each person likes or passes. No calls.
    Deciding,
    /// Both liked: any number of calls.
    Matched,
    /// Over; see [`ClosedReason`].
    Closed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    Passed,
    Unmatched,
    Blocked,
    Expired,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Like,
    Pass,
}

/// What the rules need to know about a match.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchRecord {
    pub id: MatchId,
    pub user_a: UserId,
    pub user_b: UserId,
    pub status: MatchStatus,
    pub closed_reason: Option<ClosedReason>,
    pub decision_a: Option<Decision>,
    pub decision_b: Option<Decision>,
    pub created_at: DateTime<Utc>,
}

/// Something that happened to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchEvent {
    /// A call session of this match reached `completed`.
    CallCompleted,
    Decide {
        by: UserId,
        decision: Decision,
    },
    Unmatch {
        by: UserId,
    },
    Block {
        by: UserId,
    },
    /// The clock passed; expires a stale proposal.
    Tick {
        now: DateTime<Utc>,
    },
}

/// The result of applying a [`MatchEvent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchChange {
    /// Nothing to store (an idempotent repeat, or an event that does not apply).
    Unchanged,
    Changed(MatchRecord),
}

impl MatchChange {
    /// The match after the event, whether or not it changed.
    pub fn into_record(self, before: &MatchRecord) -> MatchRecord {
        match self {
            MatchChange::Unchanged => before.clone(),
            MatchChange::Changed(record) => record,
        }
    }
}

/// How a closed match's reason reads to `me`: a block is only the blocker's to know. The one
/// blocked (or anyone, when who blocked is not known) reads "unmatched", like any other end.
pub fn closed_reason_seen_by(
    reason: Option<ClosedReason>,
    closed_by: Option<UserId>,
    me: UserId,
) -> Option<ClosedReason> {
    match reason {
        Some(ClosedReason::Blocked) if closed_by != Some(me) => Some(ClosedReason::Unmatched),
        other => other,
    }
}

impl MatchRecord {
    /// A fresh proposal between two people.
    pub fn proposed(id: MatchId, user_a: UserId, user_b: UserId, at: DateTime<Utc>) -> Self {
        Self {
            id,
            user_a,
            user_b,
            status: MatchStatus::Proposed,
            closed_reason: None,
            decision_a: None,
            decision_b: None,
            created_at: at,
        }
    }

    pub fn is_participant(&self, user: UserId) -> bool {
        user == self.user_a || user == self.user_b
    }

    /// The other person, if `me` is in the match.
    pub fn peer_of(&self, me: UserId) -> Option<UserId> {
        if me == self.user_a {
            Some(self.user_b)
        } else if me == self.user_b {
            Some(self.user_a)
        } else {
            None
        }
    }

    pub fn decision_of(&self, user: UserId) -> Option<Decision> {
        if user == self.user_a {
            self.decision_a
        } else if user == self.user_b {
            self.decision_b
        } else {
            None
        }
    }

    pub fn is_mutual(&self) -> bool {
        self.status == MatchStatus::Matched
    }

    fn with_decision(&self, user: UserId, decision: Decision) -> Self {
        let mut next = self.clone();
        if user == self.user_a {
            next.decision_a = Some(decision);
        } else {
            next.decision_b = Some(decision);
        }
        next
    }

    fn closed(mut self, reason: ClosedReason) -> Self {
        self.status = MatchStatus::Closed;
        self.closed_reason = Some(reason);
        self
    }

    /// Applies one event under the rules of RULES.md.
    pub fn apply(&self, event: MatchEvent, timings: &Timings) -> Result<MatchChange, ErrorCode> {
        use MatchStatus::*;
        let changed = |record: MatchRecord| Ok(MatchChange::Changed(record));
        match event {
            MatchEvent::CallCompleted => match self.status {
                Proposed => changed(MatchRecord {
                    status: Deciding,
                    ..self.clone()
                }),
                _ => Ok(MatchChange::Unchanged),
            },
            MatchEvent::Decide { by, decision } => self.decide(by, decision),
            MatchEvent::Unmatch { by } => {
                self.require_participant(by)?;
                match (self.status, self.closed_reason) {
                    (Matched, _) => changed(self.clone().closed(ClosedReason::Unmatched)),
                    (Closed, Some(ClosedReason::Unmatched)) => Ok(MatchChange::Unchanged),
                    (Closed, _) => Err(ErrorCode::Closed),
                    _ => Err(ErrorCode::NotMatched),
                }
            }
            MatchEvent::Block { by } => {
                self.require_participant(by)?;
                if self.closed_reason == Some(ClosedReason::Blocked) {
                    Ok(MatchChange::Unchanged)
                } else {
                    changed(self.clone().closed(ClosedReason::Blocked))
                }
            }
            MatchEvent::Tick { now } => {
                if self.status == Proposed && now >= self.created_at + timings.proposal_ttl {
                    changed(self.clone().closed(ClosedReason::Expired))
                } else {
                    Ok(MatchChange::Unchanged)
                }
            }
        }
    }

    fn require_participant(&self, user: UserId) -> Result<(), ErrorCode> {
        if self.is_participant(user) {
            Ok(())
        } else {
            Err(ErrorCode::NotParticipant)
        }
    }

    fn decide(&self, by: UserId, decision: Decision) -> Result<MatchChange, ErrorCode> {
        use MatchStatus::*;
        self.require_participant(by)?;
        match self.decision_of(by) {
            Some(previous) if previous == decision => return Ok(MatchChange::Unchanged),
            Some(_) => return Err(ErrorCode::DecisionAlreadyMade),
            None => {}
        }
        match (self.status, decision) {
            (Proposed, Decision::Like) => Err(ErrorCode::FirstCallRequired),
            (Proposed | Deciding, Decision::Pass) => Ok(MatchChange::Changed(
                self.with_decision(by, decision)
                    .closed(ClosedReason::Passed),
            )),
            (Deciding, Decision::Like) => {
                let mut next = self.with_decision(by, decision);
                if next.decision_a == Some(Decision::Like)
                    && next.decision_b == Some(Decision::Like)
                {
                    next.status = Matched;
                }
                Ok(MatchChange::Changed(next))
            }
            (Matched, _) => Err(ErrorCode::DecisionAlreadyMade),
            (Closed, _) => Err(ErrorCode::Closed),
        }
    }
}
