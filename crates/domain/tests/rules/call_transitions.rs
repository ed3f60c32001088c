//! Every call session transition, allowed and refused, in one table.

use super::support::*;
use meetcute_domain::calls::CallChange;
use meetcute_domain::{CallEvent, CallSession, CallStatus::*, EndReason, ErrorCode};

type Expected = Result<Option<(meetcute_domain::CallStatus, Option<EndReason>)>, ErrorCode>;

fn apply(before: &CallSession, event: CallEvent) -> Result<CallChange, ErrorCode> {
    before.apply(event, &timings())
}

fn case(name: &str, before: CallSession, event: CallEvent, expected: Expected) {
    let got = apply(&before, event).map(|change| match change {
        CallChange::Unchanged => None,
        CallChange::Changed(after) => Some((after.status, after.end_reason)),
    });
    assert_eq!(got, expected, "{name}");
}

fn changed(before: &CallSession, event: CallEvent) -> CallSession {
    match apply(before, event).unwrap() {
        CallChange::Changed(after) => after,
        CallChange::Unchanged => panic!("{event:?} should change {before:?}"),
    }
}

#[test]
fn answering_a_ring() {
    let at = t0() + secs(3);
    case(
        "callee accepts",
        session(1, Ringing),
        CallEvent::Accept { by: BEN, at },
        Ok(Some((Active, None))),
    );
    case(
        "caller cannot accept",
        session(1, Ringing),
        CallEvent::Accept { by: ANA, at },
        Err(ErrorCode::NotCallee),
    );
    case(
        "stranger cannot accept",
        session(1, Ringing),
        CallEvent::Accept { by: CAL, at },
        Err(ErrorCode::NotParticipant),
    );
    let late = t0() + timings().ring_timeout;
    case(
        "too late to accept",
        session(1, Ringing),
        CallEvent::Accept { by: BEN, at: late },
        Err(ErrorCode::SessionEnded),
    );
    case(
        "accept twice",
        session(1, Active),
        CallEvent::Accept { by: BEN, at },
        Ok(None),
    );
    case(
        "callee declines",
        session(1, Ringing),
        CallEvent::Decline { by: BEN, at },
        Ok(Some((Declined, None))),
    );
    case(
        "caller cannot decline",
        session(1, Ringing),
        CallEvent::Decline { by: ANA, at },
        Err(ErrorCode::NotCallee),
    );
    case(
        "decline twice",
        session(1, Declined),
        CallEvent::Decline { by: BEN, at },
        Ok(None),
    );
    case(
        "decline a live call",
        session(1, Active),
        CallEvent::Decline { by: BEN, at },
        Err(ErrorCode::SessionEnded),
    );
    for terminal in [Declined, Cancelled, Missed, Completed] {
        let name = format!("accept when {terminal:?}");
        case(
            &name,
            session(1, terminal),
            CallEvent::Accept { by: BEN, at },
            Err(ErrorCode::SessionEnded),
        );
    }
}

#[test]
fn accepting_starts_the_clock() {
    let at = t0() + secs(3);
    let active = changed(&session(1, Ringing), CallEvent::Accept { by: BEN, at });
    assert_eq!(active.started_at, Some(at));
    assert_eq!(active.cap_deadline(), Some(at + secs(60)));
}

#[test]
fn hanging_up() {
    let at = t0() + secs(20);
    case(
        "caller hangs up while ringing",
        session(1, Ringing),
        CallEvent::Hangup { by: ANA, at },
        Ok(Some((Cancelled, None))),
    );
    case(
        "callee hangs up while ringing",
        session(1, Ringing),
        CallEvent::Hangup { by: BEN, at },
        Ok(Some((Declined, None))),
    );
    case(
        "caller ends a call",
        session(1, Active),
        CallEvent::Hangup { by: ANA, at },
        Ok(Some((Completed, Some(EndReason::Hangup)))),
    );
    case(
        "callee ends a call",
        session(1, Active),
        CallEvent::Hangup { by: BEN, at },
        Ok(Some((Completed, Some(EndReason::Hangup)))),
    );
    case(
        "stranger",
        session(1, Active),
        CallEvent::Hangup { by: CAL, at },
        Err(ErrorCode::NotParticipant),
    );
    for terminal in [Declined, Cancelled, Missed, Completed] {
        let name = format!("hang up when {terminal:?}");
        case(
            &name,
            session(1, terminal),
            CallEvent::Hangup { by: ANA, at },
            Ok(None),
        );
    }
}

#[test]
fn a_late_hangup_cannot_stretch_a_first_call_past_the_cap() {
    let active = session(1, Active); // started at t0 + 5 s, capped at 60 s
    let ended = changed(
        &active,
        CallEvent::Hangup {
            by: ANA,
            at: t0() + secs(200),
        },
    );
    assert_eq!(ended.end_reason, Some(EndReason::TimeLimit));
    assert_eq!(ended.duration_seconds(), Some(60));
    let mut uncapped = session(2, Active);
    uncapped.max_duration_seconds = None;
    let ended = changed(
        &uncapped,
        CallEvent::Hangup {
            by: ANA,
            at: t0() + secs(205),
        },
    );
    assert_eq!(
        (ended.end_reason, ended.duration_seconds()),
        (Some(EndReason::Hangup), Some(200))
    );
}

#[test]
fn the_clock_misses_rings_and_cuts_first_calls() {
    let ring_deadline = t0() + timings().ring_timeout;
    case(
        "ring before timeout",
        session(1, Ringing),
        CallEvent::Tick {
            at: ring_deadline - secs(1),
        },
        Ok(None),
    );
    case(
        "ring at timeout",
        session(1, Ringing),
        CallEvent::Tick { at: ring_deadline },
        Ok(Some((Missed, None))),
    );
    let missed = changed(
        &session(1, Ringing),
        CallEvent::Tick {
            at: ring_deadline + secs(9),
        },
    );
    assert_eq!(
        missed.ended_at,
        Some(ring_deadline),
        "missed at the deadline, not when noticed"
    );

    let cap = t0() + secs(5 + 60);
    case(
        "before the cap",
        session(1, Active),
        CallEvent::Tick { at: cap - secs(1) },
        Ok(None),
    );
    case(
        "at the cap",
        session(1, Active),
        CallEvent::Tick { at: cap },
        Ok(Some((Completed, Some(EndReason::TimeLimit)))),
    );
    let cut = changed(&session(1, Active), CallEvent::Tick { at: cap + secs(3) });
    assert_eq!(cut.duration_seconds(), Some(60));

    let mut uncapped = session(2, Active);
    uncapped.max_duration_seconds = None;
    case(
        "mutual calls are not capped",
        uncapped,
        CallEvent::Tick {
            at: t0() + secs(3600),
        },
        Ok(None),
    );
    for terminal in [Declined, Cancelled, Missed, Completed] {
        let name = format!("tick when {terminal:?}");
        case(
            &name,
            session(1, terminal),
            CallEvent::Tick {
                at: t0() + secs(9999),
            },
            Ok(None),
        );
    }
}

#[test]
fn a_disconnect_ends_the_call_only_after_the_grace() {
    let since = t0() + secs(20);
    let grace = timings().disconnect_grace;
    let within = CallEvent::DisconnectExpired {
        since,
        at: since + grace - secs(1),
    };
    let after = CallEvent::DisconnectExpired {
        since,
        at: since + grace,
    };
    case("within the grace", session(1, Active), within, Ok(None));
    case(
        "after the grace",
        session(1, Active),
        after,
        Ok(Some((Completed, Some(EndReason::Disconnect)))),
    );
    assert_eq!(
        changed(&session(1, Active), after).ended_at,
        Some(since),
        "ends when they left"
    );
    case("ringing ignores it", session(1, Ringing), after, Ok(None));
    case(
        "completed ignores it",
        session(1, Completed),
        after,
        Ok(None),
    );
}
