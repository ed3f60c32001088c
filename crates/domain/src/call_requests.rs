//! "Ask for a call": one person proposes up to three times (or "whenever you're free today"), the
//! other picks one or declines; an accepted time is reminded before and at the time, and a call
//! in the match around then fulfils it. The server owns the clock ([`CallRequestRecord::advance`]
//! at [`CallRequestRecord::due`]); the core reads the same rules from its cache.

use crate::error::ErrorCode;
use crate::ids::{CallRequestId, MatchId, UserId};
use crate::matching::MatchStatus;
use crate::profile::InvalidField;
use crate::timings::Timings;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// At most this many proposed times in one request.
pub const MAX_SLOTS: usize = 3;
/// At most this many open (pending or scheduled) requests proposed by one person, all matches
/// together; and one open request per match, whoever proposed it.
pub const MAX_OPEN_PER_PERSON: usize = 5;
/// A proposed time lies at most this far ahead.
pub const MAX_DAYS_AHEAD: i64 = 7;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallRequestStatus {
    /// Waiting for the other person to pick a time.
    Pending,
    /// A time is agreed.
    Scheduled,
    Declined,
    Cancelled,
    /// Nobody picked a time in time, or the agreed time passed without a call ("Missed").
    Expired,
    /// They called around the agreed time.
    Done,
}

impl CallRequestStatus {
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Scheduled)
    }
}

/// A call request as both people of its match see it (API.md).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRequest {
    pub id: CallRequestId,
    pub match_id: MatchId,
    pub from_user_id: UserId,
    pub slots: Vec<DateTime<Utc>>,
    pub any_time_today: bool,
    pub status: CallRequestStatus,
    #[serde(default, with = "crate::wire_time::option")]
    pub scheduled_at: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire_time")]
    pub expires_at: DateTime<Utc>,
    #[serde(with = "crate::wire_time")]
    pub created_at: DateTime<Utc>,
}

/// `POST /api/matches/{id}/call-requests`: some times, or "whenever you're free today".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCallRequest {
    #[serde(default)]
    pub slots: Vec<DateTime<Utc>>,
    #[serde(default)]
    pub any_time_today: bool,
}

/// `POST /api/call-requests/{id}/accept`: one of the proposed times; for "any time today", a time
/// within it (none: now).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptCallRequest {
    #[serde(default, with = "crate::wire_time::option")]
    pub slot: Option<DateTime<Utc>>,
}

/// What the person asked (or the proposer) does with a request, as the UI asks the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestAnswer {
    Accept {
        #[serde(default, with = "crate::wire_time::option")]
        slot: Option<DateTime<Utc>>,
    },
    Decline,
    Cancel,
}

impl RequestAnswer {
    /// The last segment of its path (`/api/call-requests/{id}/…`).
    pub fn verb(self) -> &'static str {
        match self {
            RequestAnswer::Accept { .. } => "accept",
            RequestAnswer::Decline => "decline",
            RequestAnswer::Cancel => "cancel",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRequestList {
    pub call_requests: Vec<CallRequest>,
}

/// Why a request or an answer to it was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Invalid(InvalidField),
    Rule(ErrorCode),
}

impl From<ErrorCode> for Refusal {
    fn from(code: ErrorCode) -> Self {
        Refusal::Rule(code)
    }
}

fn invalid(field: &'static str, message: &str) -> Refusal {
    Refusal::Invalid(InvalidField {
        field,
        message: message.to_owned(),
    })
}

/// A new request as the rules shaped it: sorted times, and when it lapses unanswered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub slots: Vec<DateTime<Utc>>,
    pub any_time_today: bool,
    pub expires_at: DateTime<Utc>,
}

/// What the proposer already has open, counted by the server under the proposer's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenRequests {
    /// Open requests proposed by this person, in every match.
    pub mine: usize,
    /// Open requests in this match, by either person.
    pub in_match: usize,
}

/// Checks a new request in a match of `status`.
pub fn propose(
    body: &NewCallRequest,
    status: MatchStatus,
    open: OpenRequests,
    now: DateTime<Utc>,
    timings: &Timings,
) -> Result<Proposal, Refusal> {
    match status {
        MatchStatus::Proposed | MatchStatus::Matched => {}
        MatchStatus::Deciding => return Err(ErrorCode::AwaitingDecision.into()),
        MatchStatus::Closed => return Err(ErrorCode::Closed.into()),
    }
    let mut slots = body.slots.clone();
    slots.sort();
    slots.dedup();
    match (body.any_time_today, slots.len()) {
        (true, 0) => {}
        (true, _) => return Err(invalid("slots", "give times or any_time_today, not both")),
        (false, 0) => return Err(invalid("slots", "propose at least one time")),
        (false, n) if n > MAX_SLOTS => {
            return Err(invalid("slots", "propose at most three times"));
        }
        (false, n) if n != body.slots.len() => {
            return Err(invalid("slots", "the same time twice"));
        }
        (false, _) => {}
    }
    if slots.iter().any(|slot| *slot <= now) {
        return Err(invalid("slots", "every time must be in the future"));
    }
    if slots
        .iter()
        .any(|slot| *slot > now + Duration::days(MAX_DAYS_AHEAD))
    {
        return Err(invalid("slots", "times may be at most 7 days ahead"));
    }
    if open.in_match > 0 {
        return Err(ErrorCode::RequestOpen.into());
    }
    if open.mine >= MAX_OPEN_PER_PERSON {
        return Err(ErrorCode::TooManyRequests.into());
    }
    let expires_at = match slots.last() {
        Some(last) => *last + timings.call_request_window,
        None => now + timings.any_time_window,
    };
    Ok(Proposal {
        slots,
        any_time_today: body.any_time_today,
        expires_at,
    })
}

/// What the server announces when a request moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestNews {
    /// Its status changed: both people hear `call_request.updated`.
    Updated,
    /// Both people hear `call_request.reminder`.
    Reminder { minutes_before: u32 },
}

/// A request as stored: what both see, plus whom it asks and how far its reminders got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRequestRecord {
    pub request: CallRequest,
    pub to_user_id: UserId,
    /// 0: none yet; 1: the one before the time; 2: the one at the time.
    pub reminders_sent: u8,
}

impl CallRequestRecord {
    /// The two people of the request.
    pub fn people(&self) -> [UserId; 2] {
        [self.request.from_user_id, self.to_user_id]
    }

    pub fn involves(&self, user: UserId) -> bool {
        self.people().contains(&user)
    }

    /// Applies what `me` answers (the one place that maps an answer to its rule).
    pub fn answer(
        &mut self,
        me: UserId,
        answer: RequestAnswer,
        now: DateTime<Utc>,
        timings: &Timings,
    ) -> Result<(), Refusal> {
        match answer {
            RequestAnswer::Accept { slot } => self.accept(me, slot, now, timings),
            RequestAnswer::Decline => self.decline(me, now),
            RequestAnswer::Cancel => self.cancel(me, now),
        }
    }

    /// The person asked picks a time.
    pub fn accept(
        &mut self,
        me: UserId,
        slot: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        timings: &Timings,
    ) -> Result<(), Refusal> {
        self.answerable_by(me, now)?;
        let at = if self.request.any_time_today {
            let at = slot.unwrap_or(now).max(now);
            if at > self.request.expires_at {
                return Err(invalid("slot", "pick a time within today"));
            }
            at
        } else {
            let slot = slot.ok_or_else(|| invalid("slot", "pick one of the proposed times"))?;
            if !self.request.slots.contains(&slot) {
                return Err(invalid("slot", "pick one of the proposed times"));
            }
            if slot + timings.call_request_window <= now {
                return Err(invalid("slot", "that time has passed"));
            }
            slot
        };
        self.request.status = CallRequestStatus::Scheduled;
        self.request.scheduled_at = Some(at);
        self.request.expires_at = at + timings.call_request_window;
        self.reminders_sent = 0;
        Ok(())
    }

    /// The person asked says no.
    pub fn decline(&mut self, me: UserId, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.answerable_by(me, now)?;
        self.request.status = CallRequestStatus::Declined;
        Ok(())
    }

    /// The proposer takes a pending request back; either person calls off a scheduled one.
    pub fn cancel(&mut self, me: UserId, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.still_open(now)?;
        let allowed = match self.request.status {
            CallRequestStatus::Pending => me == self.request.from_user_id,
            _ => self.involves(me),
        };
        if !allowed {
            return Err(ErrorCode::Forbidden.into());
        }
        self.request.status = CallRequestStatus::Cancelled;
        Ok(())
    }

    /// The match closed: nothing is left to arrange. Whether anything changed.
    pub fn match_closed(&mut self) -> bool {
        if !self.request.status.is_open() {
            return false;
        }
        self.request.status = CallRequestStatus::Cancelled;
        true
    }

    /// When the server must look at this request next, if ever.
    pub fn due(&self, timings: &Timings) -> Option<DateTime<Utc>> {
        match (self.request.status, self.request.scheduled_at) {
            (CallRequestStatus::Pending, _) => Some(self.request.expires_at),
            (CallRequestStatus::Scheduled, Some(at)) => Some(match self.reminders_sent {
                0 => at - timings.call_request_reminder_lead,
                1 => at,
                _ => self.request.expires_at,
            }),
            _ => None,
        }
    }

    /// When the next [`Self::advance`] decides how an agreed call went: from then on, an answered
    /// call of the match keeps it (the first reminder on), else it was missed.
    pub fn outcome_counts_calls_from(&self, timings: &Timings) -> Option<DateTime<Utc>> {
        match (self.request.status, self.request.scheduled_at) {
            (CallRequestStatus::Scheduled, Some(at)) if self.reminders_sent >= 2 => {
                Some(at - timings.call_request_reminder_lead)
            }
            _ => None,
        }
    }

    /// Moves the request on at `now` (at or after [`Self::due`]). `called` says whether a call of
    /// the match was answered since [`Self::outcome_counts_calls_from`].
    pub fn advance(
        &mut self,
        now: DateTime<Utc>,
        timings: &Timings,
        called: bool,
    ) -> Option<RequestNews> {
        if self.due(timings).is_none_or(|due| now < due) {
            return None;
        }
        let scheduled_at = self.request.scheduled_at;
        match (self.request.status, scheduled_at, self.reminders_sent) {
            (CallRequestStatus::Pending, _, _) => {
                self.request.status = CallRequestStatus::Expired;
                Some(RequestNews::Updated)
            }
            (CallRequestStatus::Scheduled, Some(at), 0 | 1) if now < self.request.expires_at => {
                self.reminders_sent = if now >= at { 2 } else { 1 };
                let millis = (at - now).num_milliseconds().max(0);
                let minutes_before = u32::try_from((millis + 59_999) / 60_000).unwrap_or(u32::MAX);
                Some(RequestNews::Reminder { minutes_before })
            }
            (CallRequestStatus::Scheduled, Some(_), _) => {
                self.reminders_sent = 2;
                self.request.status = if called {
                    CallRequestStatus::Done
                } else {
                    CallRequestStatus::Expired
                };
                Some(RequestNews::Updated)
            }
            _ => None,
        }
    }

    fn answerable_by(&self, me: UserId, now: DateTime<Utc>) -> Result<(), Refusal> {
        if me != self.to_user_id {
            return Err(ErrorCode::Forbidden.into());
        }
        if self.request.status != CallRequestStatus::Pending {
            return Err(ErrorCode::InvalidTransition.into());
        }
        self.still_open(now)
    }

    fn still_open(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if !self.request.status.is_open() || now >= self.request.expires_at {
            return Err(ErrorCode::InvalidTransition.into());
        }
        Ok(())
    }
}

/// The line the call history shows for a request.
pub fn history_label(request: &CallRequest) -> &'static str {
    match request.status {
        CallRequestStatus::Pending => "Requested",
        CallRequestStatus::Scheduled => "Scheduled",
        CallRequestStatus::Declined => "Declined",
        CallRequestStatus::Cancelled => "Cancelled",
        CallRequestStatus::Expired if request.scheduled_at.is_some() => "Missed",
        CallRequestStatus::Expired => "Expired",
        CallRequestStatus::Done => "Called",
    }
}
