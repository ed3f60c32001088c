//! Fixtures: three people, a clock, matches and sessions in any state.

use chrono::{DateTime, Duration, TimeZone, Utc};
use meetcute_domain::{
    CallSession, CallStatus, ClosedReason, Decision, EndReason, MatchId, MatchRecord, MatchStatus,
    SessionId, Timings, UserId,
};
use uuid::Uuid;

pub const ANA: UserId = UserId(1);
pub const BEN: UserId = UserId(2);
pub const CAL: UserId = UserId(3);
pub const MATCH: MatchId = MatchId(123);

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0).unwrap()
}

pub fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

pub fn timings() -> Timings {
    Timings::default()
}

pub fn a_match(status: MatchStatus) -> MatchRecord {
    MatchRecord {
        status,
        ..MatchRecord::proposed(MATCH, ANA, BEN, t0())
    }
}

pub fn closed(reason: ClosedReason) -> MatchRecord {
    MatchRecord {
        closed_reason: Some(reason),
        ..a_match(MatchStatus::Closed)
    }
}

pub fn with_decisions(
    mut m: MatchRecord,
    ana: Option<Decision>,
    ben: Option<Decision>,
) -> MatchRecord {
    m.decision_a = ana;
    m.decision_b = ben;
    m
}

pub fn session_id(n: u128) -> SessionId {
    SessionId(Uuid::from_u128(n))
}

/// Ana calls Ben; the session is in `status`, created at `t0`.
pub fn session(n: u128, status: CallStatus) -> CallSession {
    let mut s = CallSession::ringing(
        session_id(n),
        &a_match(MatchStatus::Proposed),
        ANA,
        Some(60),
        t0(),
    )
    .unwrap();
    s.status = status;
    match status {
        CallStatus::Ringing => {}
        CallStatus::Active => s.started_at = Some(t0() + secs(5)),
        CallStatus::Completed => {
            s.started_at = Some(t0() + secs(5));
            s.ended_at = Some(t0() + secs(50));
            s.end_reason = Some(EndReason::Hangup);
        }
        _ => s.ended_at = Some(t0() + secs(10)),
    }
    s
}

pub fn called_by(mut s: CallSession, caller: UserId) -> CallSession {
    if caller != s.caller_id {
        std::mem::swap(&mut s.caller_id, &mut s.callee_id);
    }
    s
}

pub fn created_at(mut s: CallSession, at: DateTime<Utc>) -> CallSession {
    s.created_at = at;
    s
}
