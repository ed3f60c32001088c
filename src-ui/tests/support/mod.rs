//! Fixtures: match cards, sessions and users exactly as the core produces them.
#![allow(dead_code)]

pub mod render;

use chrono::{DateTime, TimeZone, Utc};
use meetcute_domain::app::MatchCard;
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::history::CallSummary;
use meetcute_domain::wire::{CallerInfo, MatchView, Peer, SessionView, StartCallResponse, User};
use meetcute_domain::{
    CallRole, CallStatus, Decision, Eligibility, EndReason, MatchId, MatchStatus, SessionId, UserId,
};

pub const ME: UserId = UserId(1);
pub const ALEX: UserId = UserId(2);

pub fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0)
        .single()
        .unwrap_or_default()
        + chrono::Duration::seconds(seconds)
}

pub fn me() -> User {
    User {
        id: ME,
        email: "sam@example.com".into(),
        display_name: "Sam".into(),
    }
}

pub fn sid(n: u8) -> SessionId {
    format!("00000000-0000-4000-8000-0000000000{n:02}")
        .parse()
        .unwrap_or_else(|_| panic!("bad test uuid {n}"))
}

pub fn card(id: i64, status: MatchStatus, eligibility: Eligibility, total_calls: u32) -> MatchCard {
    MatchCard {
        view: MatchView {
            id: MatchId(id),
            status,
            closed_reason: None,
            peer: Peer {
                id: ALEX,
                display_name: "Alex".into(),
                age: 29,
                bio: "Loves hiking and jazz".into(),
                interests: vec!["hiking".into(), "jazz".into(), "chess".into()],
                presence: None,
            },
            compatibility: Compatibility {
                score: 87,
                shared_interests: vec!["hiking".into(), "jazz".into()],
            },
            my_decision: None,
            created_at: at(0),
            updated_at: at(0),
            call_summary: CallSummary {
                total_calls,
                last_call_at: None,
            },
            live_session: None,
            calls_allowed: true,
            peer_available: true,
        },
        eligibility,
        call_request: None,
    }
}

pub fn proposed() -> MatchCard {
    card(
        7,
        MatchStatus::Proposed,
        Eligibility::FirstCall {
            max_duration_seconds: 60,
        },
        0,
    )
}

pub fn mutual(total_calls: u32) -> MatchCard {
    card(7, MatchStatus::Matched, Eligibility::CallAgain, total_calls)
}

pub fn deciding(my_decision: Option<Decision>) -> MatchCard {
    let mut c = card(
        7,
        MatchStatus::Deciding,
        Eligibility::Denied {
            reason: meetcute_domain::calls::DenyReason::AwaitingDecision,
        },
        1,
    );
    c.view.my_decision = my_decision;
    c
}

pub fn session(n: u8, role: CallRole, status: CallStatus, cap: Option<u32>) -> SessionView {
    let (caller_id, callee_id) = match role {
        CallRole::Caller => (ME, ALEX),
        CallRole::Callee => (ALEX, ME),
    };
    let started = matches!(status, CallStatus::Active | CallStatus::Completed);
    SessionView {
        session_id: sid(n),
        match_id: MatchId(7),
        status,
        role,
        caller_id,
        callee_id,
        created_at: at(0),
        started_at: started.then(|| at(2)),
        ended_at: status.is_terminal().then(|| at(62)),
        end_reason: (status == CallStatus::Completed).then_some(EndReason::TimeLimit),
        max_duration_seconds: cap,
    }
}

pub fn start_response(n: u8, role: CallRole, cap: Option<u32>) -> StartCallResponse {
    StartCallResponse {
        session_id: sid(n),
        match_id: MatchId(7),
        status: CallStatus::Ringing,
        role,
        max_duration_seconds: cap,
        ice_servers: vec![],
    }
}

pub fn alex() -> CallerInfo {
    CallerInfo {
        id: ALEX,
        display_name: "Alex".into(),
    }
}

/// The local offset the reaching tests read times in (UTC+1: at(0) is Monday 11:30 am).
pub fn paris() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(3600).expect("a valid offset")
}

/// A call request of match 7, made at `at(0)`.
pub fn request(
    from: UserId,
    status: meetcute_domain::call_requests::CallRequestStatus,
    slots: Vec<DateTime<Utc>>,
    scheduled_at: Option<DateTime<Utc>>,
) -> meetcute_domain::call_requests::CallRequest {
    let any_time_today = slots.is_empty() && scheduled_at.is_none();
    let window = chrono::Duration::minutes(15);
    let expires_at = match (scheduled_at, slots.last()) {
        (Some(at), _) => at + window,
        (None, Some(last)) => *last + window,
        (None, None) => at(0) + chrono::Duration::hours(12),
    };
    meetcute_domain::call_requests::CallRequest {
        id: meetcute_domain::CallRequestId(3),
        match_id: MatchId(7),
        from_user_id: from,
        slots,
        any_time_today,
        status,
        scheduled_at,
        expires_at,
        created_at: at(0),
    }
}

/// A card with the other person's presence.
pub fn with_presence(
    mut card: MatchCard,
    status: meetcute_domain::presence::PresenceStatus,
    last_seen: Option<meetcute_domain::presence::LastSeen>,
) -> MatchCard {
    card.view.peer.presence = Some(meetcute_domain::presence::Presence { status, last_seen });
    card
}

/// A card whose call button the rules deny for `reason`.
pub fn denied(mut card: MatchCard, reason: meetcute_domain::calls::DenyReason) -> MatchCard {
    card.eligibility = Eligibility::Denied { reason };
    card
}

pub fn hours(h: i64) -> chrono::Duration {
    chrono::Duration::hours(h)
}

/// Local 8:00 pm on the day of `at(0)` in UTC+1 (19:00 UTC).
pub fn tonight() -> DateTime<Utc> {
    at(0) + hours(8) + chrono::Duration::minutes(30)
}
