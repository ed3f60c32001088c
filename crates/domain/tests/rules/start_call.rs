//! Start-call resolution and the call button (eligibility) derived from it.

use super::support::*;
use chrono::Duration;
use meetcute_domain::calls::DenyReason;
use meetcute_domain::{
    CallRole, CallSession, CallStatus::*, Decision, Eligibility, ErrorCode, MatchId, MatchRecord,
    MatchStatus, StartCall, StartCallContext, Timings, UserId, eligibility, resolve_start_call,
};

struct World {
    the_match: MatchRecord,
    sessions: Vec<CallSession>,
    my_live: Option<CallSession>,
    peer_live: Option<CallSession>,
    peer_takes_calls: bool,
    peer_online: Option<bool>,
    timings: Timings,
}

impl World {
    fn new(status: MatchStatus) -> Self {
        Self {
            the_match: a_match(status),
            sessions: vec![],
            my_live: None,
            peer_live: None,
            peer_takes_calls: true,
            peer_online: Some(true),
            timings: timings(),
        }
    }

    fn with(mut self, session: CallSession) -> Self {
        self.sessions.push(session);
        self
    }

    fn ctx(&self, me: UserId) -> StartCallContext<'_> {
        StartCallContext {
            me,
            the_match: &self.the_match,
            match_sessions: &self.sessions,
            my_live_session: self.my_live.as_ref(),
            peer_live_session: self.peer_live.as_ref(),
            peer_takes_calls: self.peer_takes_calls,
            peer_online: self.peer_online,
            now: t0() + secs(100),
            timings: &self.timings,
        }
    }

    fn start(&self, me: UserId) -> Result<StartCall, ErrorCode> {
        resolve_start_call(&self.ctx(me))
    }

    fn button(&self, me: UserId) -> Eligibility {
        eligibility(&self.ctx(me))
    }
}

fn elsewhere(status: meetcute_domain::CallStatus) -> CallSession {
    CallSession {
        match_id: MatchId(999),
        ..session(77, status)
    }
}

fn first_call() -> Result<StartCall, ErrorCode> {
    Ok(StartCall::New {
        callee: BEN,
        max_duration_seconds: Some(60),
    })
}

#[test]
fn a_proposal_gets_a_capped_first_call() {
    let world = World::new(MatchStatus::Proposed);
    assert_eq!(world.start(ANA), first_call());
    assert_eq!(
        world.start(BEN),
        Ok(StartCall::New {
            callee: ANA,
            max_duration_seconds: Some(60)
        })
    );
    assert_eq!(
        world.button(ANA),
        Eligibility::FirstCall {
            max_duration_seconds: 60
        }
    );
}

#[test]
fn the_cap_follows_the_configured_timing() {
    let mut world = World::new(MatchStatus::Proposed);
    world.timings.first_call_cap = Duration::seconds(2);
    assert_eq!(
        world.start(ANA),
        Ok(StartCall::New {
            callee: BEN,
            max_duration_seconds: Some(2)
        })
    );
}

#[test]
fn an_unanswered_first_call_does_not_use_it_up() {
    for status in [Missed, Declined, Cancelled] {
        let world = World::new(MatchStatus::Proposed).with(session(1, status));
        assert_eq!(
            world.start(ANA),
            first_call(),
            "after a {status:?} first call"
        );
    }
}

#[test]
fn no_second_call_before_a_mutual_like() {
    let world = World::new(MatchStatus::Deciding).with(session(1, Completed));
    assert_eq!(world.start(ANA), Err(ErrorCode::AwaitingDecision));
    assert_eq!(world.start(BEN), Err(ErrorCode::AwaitingDecision));
    assert_eq!(
        world.button(ANA),
        Eligibility::Denied {
            reason: DenyReason::AwaitingDecision
        }
    );
}

#[test]
fn closed_matches_cannot_call() {
    let world = World::new(MatchStatus::Closed);
    assert_eq!(world.start(ANA), Err(ErrorCode::Closed));
    assert_eq!(
        world.button(BEN),
        Eligibility::Denied {
            reason: DenyReason::Closed
        }
    );
}

#[test]
fn mutual_matches_call_again_without_a_cap() {
    let mut world = World::new(MatchStatus::Matched).with(session(1, Completed));
    world.the_match.decision_a = Some(Decision::Like);
    world.the_match.decision_b = Some(Decision::Like);
    assert_eq!(
        world.start(BEN),
        Ok(StartCall::New {
            callee: ANA,
            max_duration_seconds: None
        })
    );
    assert_eq!(world.button(ANA), Eligibility::CallAgain);
    let never_called = World::new(MatchStatus::Matched);
    assert_eq!(never_called.button(ANA), Eligibility::StartCall);
}

#[test]
fn the_same_caller_gets_the_same_session_back() {
    let ringing = session(5, Ringing);
    let world = World::new(MatchStatus::Proposed).with(ringing.clone());
    let expected = Ok(StartCall::Existing {
        session_id: ringing.id,
        role: CallRole::Caller,
    });
    assert_eq!(world.start(ANA), expected);
    assert_eq!(world.start(ANA), expected, "a retry changes nothing");
}

#[test]
fn glare_answers_the_existing_ring_as_callee() {
    let ringing = session(5, Ringing);
    let world = World::new(MatchStatus::Proposed).with(ringing.clone());
    assert_eq!(
        world.start(BEN),
        Ok(StartCall::Existing {
            session_id: ringing.id,
            role: CallRole::Callee
        })
    );
    assert_eq!(
        world.button(BEN),
        Eligibility::InCall {
            session_id: ringing.id,
            role: CallRole::Callee
        }
    );
}

#[test]
fn an_active_call_is_rejoined_not_duplicated() {
    let active = session(6, Active);
    let world = World::new(MatchStatus::Matched)
        .with(session(1, Completed))
        .with(active.clone());
    assert_eq!(
        world.start(BEN),
        Ok(StartCall::Existing {
            session_id: active.id,
            role: CallRole::Callee
        })
    );
}

#[test]
fn strangers_are_refused() {
    let world = World::new(MatchStatus::Proposed).with(session(5, Ringing));
    assert_eq!(world.start(CAL), Err(ErrorCode::NotParticipant));
    assert_eq!(
        world.button(CAL),
        Eligibility::Denied {
            reason: DenyReason::NotParticipant
        }
    );
}

#[test]
fn one_live_call_per_person() {
    let mut world = World::new(MatchStatus::Proposed);
    world.my_live = Some(elsewhere(Active));
    assert_eq!(world.start(ANA), Err(ErrorCode::AlreadyInCall));
    assert_eq!(
        world.button(ANA),
        Eligibility::Denied {
            reason: DenyReason::AlreadyInCall
        }
    );

    let mut world = World::new(MatchStatus::Proposed);
    world.peer_live = Some(elsewhere(Ringing));
    assert_eq!(world.start(ANA), Err(ErrorCode::PeerBusy));
}

#[test]
fn ring_limit_counts_my_unanswered_rings_in_the_window() {
    let recent = |n, status| created_at(session(n, status), t0() + secs(50));
    let three = World::new(MatchStatus::Proposed)
        .with(recent(1, Missed))
        .with(recent(2, Declined))
        .with(recent(3, Missed));
    assert_eq!(three.start(ANA), Err(ErrorCode::RingLimit));
    assert_eq!(
        three.button(ANA),
        Eligibility::Denied {
            reason: DenyReason::RingLimit
        }
    );
    assert_eq!(
        three.start(BEN),
        Ok(StartCall::New {
            callee: ANA,
            max_duration_seconds: Some(60)
        }),
        "Ben's rings are his own"
    );

    let one_is_old = World::new(MatchStatus::Proposed)
        .with(created_at(
            session(1, Missed),
            t0() + secs(100) - Duration::hours(25),
        ))
        .with(recent(2, Declined))
        .with(recent(3, Missed));
    assert_eq!(one_is_old.start(ANA), first_call());

    let one_cancelled = World::new(MatchStatus::Proposed)
        .with(recent(1, Missed))
        .with(recent(2, Cancelled))
        .with(recent(3, Missed));
    assert_eq!(one_cancelled.start(ANA), first_call());

    let bens = World::new(MatchStatus::Proposed)
        .with(called_by(recent(1, Missed), BEN))
        .with(called_by(recent(2, Missed), BEN))
        .with(called_by(recent(3, Missed), BEN));
    assert_eq!(bens.start(ANA), first_call());
}

#[test]
fn a_peer_who_switched_calls_off_is_not_rung() {
    let mut world = World::new(MatchStatus::Matched);
    world.peer_takes_calls = false;
    assert_eq!(world.start(ANA), Err(ErrorCode::Unavailable));
    assert_eq!(
        world.button(ANA),
        Eligibility::Denied {
            reason: DenyReason::Unavailable
        }
    );
}

#[test]
fn an_offline_peer_is_not_rung_but_an_unknown_one_may_be() {
    let mut world = World::new(MatchStatus::Proposed);
    world.peer_online = Some(false);
    assert_eq!(world.start(ANA), Err(ErrorCode::PeerOffline));
    assert_eq!(
        world.button(ANA),
        Eligibility::Denied {
            reason: DenyReason::PeerOffline
        }
    );
    world.peer_online = None;
    assert!(matches!(world.start(ANA), Ok(StartCall::New { .. })));
}

#[test]
fn switched_off_says_so_before_offline() {
    let mut world = World::new(MatchStatus::Matched);
    world.peer_takes_calls = false;
    world.peer_online = Some(false);
    assert_eq!(world.start(ANA), Err(ErrorCode::Unavailable));
}

#[test]
fn a_live_call_is_still_joined_when_the_peer_switched_calls_off() {
    let mut world = World::new(MatchStatus::Matched).with(session(1, Ringing));
    world.peer_takes_calls = false;
    world.peer_online = Some(false);
    assert!(matches!(world.start(ANA), Ok(StartCall::Existing { .. })));
}
