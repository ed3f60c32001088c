//! Property tests: random event sequences played against the rules, invariants after each step.

use super::support::*;
use chrono::{DateTime, Utc};
use meetcute_domain::calls::CallChange;
use meetcute_domain::matching::MatchChange;
use meetcute_domain::{
    CallEvent, CallSession, CallStatus, Decision, MatchEvent, MatchRecord, MatchStatus, StartCall,
    StartCallContext, Timings, UserId, resolve_start_call,
};
use proptest::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Step {
    StartCall(UserId),
    Accept(UserId),
    Decline(UserId),
    Hangup(UserId),
    Decide(UserId, Decision),
    Wait(i64),
    Disconnect(i64),
}

fn person() -> impl Strategy<Value = UserId> {
    prop_oneof![Just(ANA), Just(BEN)]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => person().prop_map(Step::StartCall),
        2 => person().prop_map(Step::Accept),
        1 => person().prop_map(Step::Decline),
        2 => person().prop_map(Step::Hangup),
        2 => (person(), prop_oneof![3 => Just(Decision::Like), 1 => Just(Decision::Pass)])
            .prop_map(|(u, d)| Step::Decide(u, d)),
        2 => (1i64..90).prop_map(Step::Wait),
        1 => (1i64..30).prop_map(Step::Disconnect),
    ]
}

/// One match played by the rules alone, the way the server plays it.
struct Sim {
    timings: Timings,
    now: DateTime<Utc>,
    the_match: MatchRecord,
    sessions: Vec<CallSession>,
    /// The match status when each session was created.
    created_in: HashMap<meetcute_domain::SessionId, MatchStatus>,
    next_id: u128,
}

impl Sim {
    fn new() -> Self {
        Self {
            timings: Timings::default(),
            now: t0(),
            the_match: a_match(MatchStatus::Proposed),
            sessions: vec![],
            created_in: HashMap::new(),
            next_id: 1,
        }
    }

    fn live_index(&self) -> Option<usize> {
        self.sessions.iter().position(|s| s.status.is_live())
    }

    fn ctx(&self, me: UserId) -> StartCallContext<'_> {
        StartCallContext {
            me,
            the_match: &self.the_match,
            match_sessions: &self.sessions,
            my_live_session: None,
            peer_live_session: None,
            peer_takes_calls: true,
            peer_online: Some(true),
            now: self.now,
            timings: &self.timings,
        }
    }

    fn apply_to_live(&mut self, event: CallEvent) {
        let Some(i) = self.live_index() else { return };
        if let Ok(CallChange::Changed(after)) = self.sessions[i].apply(event, &self.timings) {
            let completed = after.status == CallStatus::Completed;
            self.sessions[i] = after;
            if completed {
                self.apply_to_match(MatchEvent::CallCompleted);
            }
        }
    }

    fn apply_to_match(&mut self, event: MatchEvent) {
        if let Ok(MatchChange::Changed(after)) = self.the_match.apply(event, &self.timings) {
            self.the_match = after;
        }
    }

    fn play(&mut self, step: &Step) {
        match *step {
            Step::StartCall(me) => {
                let live_before = self.live_index().map(|i| self.sessions[i].id);
                match resolve_start_call(&self.ctx(me)) {
                    Ok(StartCall::Existing { session_id, .. }) => {
                        assert_eq!(
                            Some(session_id),
                            live_before,
                            "existing must be the live session"
                        );
                    }
                    Ok(StartCall::New {
                        max_duration_seconds,
                        ..
                    }) => {
                        assert_eq!(live_before, None, "a new session while one is live");
                        let id = session_id(self.next_id);
                        self.next_id += 1;
                        assert!(self.sessions.iter().all(|s| s.id != id));
                        let s = CallSession::ringing(
                            id,
                            &self.the_match,
                            me,
                            max_duration_seconds,
                            self.now,
                        )
                        .expect("participant");
                        self.created_in.insert(id, self.the_match.status);
                        self.sessions.push(s);
                    }
                    Err(_) => {}
                }
            }
            Step::Accept(by) => self.apply_to_live(CallEvent::Accept { by, at: self.now }),
            Step::Decline(by) => self.apply_to_live(CallEvent::Decline { by, at: self.now }),
            Step::Hangup(by) => self.apply_to_live(CallEvent::Hangup { by, at: self.now }),
            Step::Decide(by, decision) => self.apply_to_match(MatchEvent::Decide { by, decision }),
            Step::Wait(seconds) => {
                self.now += secs(seconds);
                self.apply_to_live(CallEvent::Tick { at: self.now });
            }
            Step::Disconnect(seconds) => {
                let since = self.now;
                self.now += secs(seconds);
                self.apply_to_live(CallEvent::Tick { at: self.now });
                self.apply_to_live(CallEvent::DisconnectExpired {
                    since,
                    at: self.now,
                });
            }
        }
    }

    fn check_invariants(&self, terminal_before: &HashMap<meetcute_domain::SessionId, CallSession>) {
        let live = self.sessions.iter().filter(|s| s.status.is_live()).count();
        assert!(live <= 1, "{live} live sessions in one match");

        for (id, before) in terminal_before {
            let now = self.sessions.iter().find(|s| s.id == *id).unwrap();
            assert_eq!(now, before, "a terminal session changed");
        }

        let completed_before_mutual = self
            .sessions
            .iter()
            .filter(|s| {
                s.status == CallStatus::Completed && self.created_in[&s.id] != MatchStatus::Matched
            })
            .count();
        assert!(
            completed_before_mutual <= 1,
            "a second call before the mutual like"
        );
        for s in &self.sessions {
            let created_in = self.created_in[&s.id];
            assert!(
                matches!(created_in, MatchStatus::Proposed | MatchStatus::Matched),
                "a call was started while {created_in:?}"
            );
            let capped = created_in == MatchStatus::Proposed;
            assert_eq!(
                s.max_duration_seconds.is_some(),
                capped,
                "cap only on first calls"
            );
            if let (Some(max), Some(d)) = (s.max_duration_seconds, s.duration_seconds()) {
                assert!(d <= i64::from(max), "a first call lasted {d} s");
            }
        }

        let any_completed = self
            .sessions
            .iter()
            .any(|s| s.status == CallStatus::Completed);
        if self.the_match.status == MatchStatus::Proposed {
            assert!(!any_completed, "proposed after a completed call");
        }
        if self.the_match.status == MatchStatus::Deciding {
            assert!(any_completed, "deciding without a completed call");
        }
        if self.the_match.status == MatchStatus::Matched {
            assert_eq!(self.the_match.decision_a, Some(Decision::Like));
            assert_eq!(self.the_match.decision_b, Some(Decision::Like));
        }
    }

    /// A missed/declined/cancelled first call leaves the first call available.
    fn check_first_call_still_available(&self) {
        if self.the_match.status != MatchStatus::Proposed || self.live_index().is_some() {
            return;
        }
        for me in [ANA, BEN] {
            let unanswered = self
                .sessions
                .iter()
                .filter(|s| s.caller_id == me && s.status.is_unanswered())
                .filter(|s| s.created_at > self.now - self.timings.ring_limit_window)
                .count();
            let expected = if unanswered >= self.timings.ring_limit {
                Err(meetcute_domain::ErrorCode::RingLimit)
            } else {
                Ok(StartCall::New {
                    callee: self.the_match.peer_of(me).unwrap(),
                    max_duration_seconds: Some(60),
                })
            };
            assert_eq!(resolve_start_call(&self.ctx(me)), expected);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_sequences_keep_the_rules(steps in prop::collection::vec(step(), 1..60)) {
        let mut sim = Sim::new();
        for step in &steps {
            let terminal_before: HashMap<_, _> = sim
                .sessions
                .iter()
                .filter(|s| s.status.is_terminal())
                .map(|s| (s.id, s.clone()))
                .collect();
            sim.play(step);
            sim.check_invariants(&terminal_before);
            sim.check_first_call_still_available();
        }
    }

    #[test]
    fn after_a_mutual_like_each_call_is_a_new_session(calls in 1usize..8) {
        let mut sim = Sim::new();
        for step in [Step::StartCall(ANA), Step::Accept(BEN), Step::Wait(10), Step::Hangup(ANA),
                     Step::Decide(ANA, Decision::Like), Step::Decide(BEN, Decision::Like)] {
            sim.play(&step);
        }
        prop_assert_eq!(sim.the_match.status, MatchStatus::Matched);
        for n in 0..calls {
            let caller = if n % 2 == 0 { BEN } else { ANA };
            let before = sim.sessions.len();
            sim.play(&Step::StartCall(caller));
            sim.play(&Step::Accept(sim.the_match.peer_of(caller).unwrap()));
            sim.play(&Step::Wait(200));
            sim.play(&Step::Hangup(caller));
            prop_assert_eq!(sim.sessions.len(), before + 1);
            let last = sim.sessions.last().unwrap();
            prop_assert_eq!(last.status, CallStatus::Completed);
            prop_assert_eq!(last.duration_seconds(), Some(200), "mutual calls are not capped");
        }
        let mut ids: Vec<_> = sim.sessions.iter().map(|s| s.id).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), calls + 1);
    }
}
