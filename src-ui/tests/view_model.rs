//! The view models, natively: every eligibility → button, counters, mutual styling,
//! countdown, history rows and decision outcomes.

mod support;

use chrono::FixedOffset;
use meetcute_domain::calls::DenyReason;
use meetcute_domain::history::{CallHistory, CallHistoryEntry};
use meetcute_domain::{
    CallRole, CallStatus, Decision, Eligibility, EndReason, MatchId, MatchStatus,
};
use meetcute_ui::state::{ActiveCall, DecisionState};
use meetcute_ui::vm::call::{NextStep, call_screen_view, countdown};
use meetcute_ui::vm::card::{ButtonAction, ButtonStyle, DecisionPrompt, card_view};
use meetcute_ui::vm::decision::{Outcome, decision_view};
use meetcute_ui::vm::history::history_view;
use support::*;

#[test]
fn first_call_button_says_how_long_first_calls_last() {
    let view = card_view(&proposed());
    assert_eq!(view.button.label, "Start Video Call 💕");
    assert_eq!(view.button.style, ButtonStyle::Primary);
    assert_eq!(
        view.button.note.as_deref(),
        Some("First calls last 1 minute")
    );
    assert_eq!(view.button.action, Some(ButtonAction::Start));
    assert_eq!(view.counter, "You can video call anytime");
    assert_eq!(view.title, "Alex, 29");
    assert_eq!(view.compatibility, "87% compatible");
    assert_eq!(view.shared_interests, vec!["hiking", "jazz"]);
    assert!(!view.mutual);
    assert_eq!(view.class(), "match-card");
}

#[test]
fn a_short_test_cap_is_spelled_in_seconds() {
    let c = card(
        1,
        MatchStatus::Proposed,
        Eligibility::FirstCall {
            max_duration_seconds: 5,
        },
        0,
    );
    assert_eq!(
        card_view(&c).button.note.as_deref(),
        Some("First calls last 5 seconds")
    );
}

#[test]
fn mutual_match_calls_again_with_the_gradient() {
    let view = card_view(&mutual(3));
    assert_eq!(view.button.label, "Call Again 💕");
    assert_eq!(view.button.style, ButtonStyle::Gradient);
    assert_eq!(view.button.class(), "call-button gradient");
    assert!(view.button.enabled());
    assert_eq!(view.counter, "3 video calls together");
    assert!(view.mutual);
    assert_eq!(view.class(), "match-card mutual");
    assert_eq!(view.status, "Mutual match");
}

#[test]
fn one_call_is_singular() {
    assert_eq!(card_view(&mutual(1)).counter, "1 video call together");
}

#[test]
fn uncapped_start_call_is_still_a_start_button() {
    let c = card(1, MatchStatus::Matched, Eligibility::StartCall, 0);
    let view = card_view(&c);
    assert_eq!(view.button.label, "Start Video Call 💕");
    assert_eq!(view.button.note, None);
    assert_eq!(view.counter, "You can video call anytime");
}

#[test]
fn deciding_disables_the_button_with_the_reason_and_asks_to_decide() {
    let view = card_view(&deciding(None));
    assert!(view.button.visible());
    assert!(!view.button.enabled());
    assert_eq!(view.button.style, ButtonStyle::Disabled);
    assert_eq!(view.button.label, "Call Again 💕");
    assert_eq!(
        view.button.note.as_deref(),
        Some("You can call again once you both like each other")
    );
    assert_eq!(view.decision, DecisionPrompt::Ask);
    assert_eq!(
        card_view(&deciding(Some(Decision::Like))).decision,
        DecisionPrompt::Waiting
    );
}

#[test]
fn closed_and_foreign_matches_hide_the_button() {
    for reason in [DenyReason::Closed, DenyReason::NotParticipant] {
        let c = card(1, MatchStatus::Closed, Eligibility::Denied { reason }, 1);
        let view = card_view(&c);
        assert!(!view.button.visible(), "{reason:?}");
        assert_eq!(view.decision, DecisionPrompt::None);
    }
}

#[test]
fn every_other_denial_is_disabled_with_its_own_reason() {
    let reasons = [
        (
            DenyReason::RingLimit,
            "Too many unanswered calls today. Try again tomorrow",
        ),
        (DenyReason::AlreadyInCall, "You're already in a call"),
        (DenyReason::PeerBusy, "They're in another call right now"),
    ];
    for (reason, text) in reasons {
        let c = card(1, MatchStatus::Proposed, Eligibility::Denied { reason }, 0);
        let view = card_view(&c);
        assert!(view.button.visible() && !view.button.enabled());
        assert_eq!(view.button.label, "Start Video Call 💕");
        assert_eq!(view.button.note.as_deref(), Some(text));
    }
}

#[test]
fn a_live_session_offers_answer_hang_up_or_join() {
    let cases = [
        (
            CallRole::Callee,
            CallStatus::Ringing,
            "Answer 📞",
            ButtonAction::Answer(sid(1)),
        ),
        (
            CallRole::Caller,
            CallStatus::Ringing,
            "Hang up",
            ButtonAction::HangUp(sid(1)),
        ),
        (
            CallRole::Caller,
            CallStatus::Active,
            "Join call",
            ButtonAction::Join(sid(1)),
        ),
    ];
    for (role, status, label, action) in cases {
        let mut c = card(
            1,
            MatchStatus::Proposed,
            Eligibility::InCall {
                session_id: sid(1),
                role,
            },
            0,
        );
        c.view.live_session = Some(session(1, role, status, Some(60)));
        let view = card_view(&c);
        assert_eq!(view.button.label, label);
        assert_eq!(view.button.style, ButtonStyle::Live);
        assert_eq!(view.button.action, Some(action));
    }
}

#[test]
fn status_texts_follow_the_match() {
    let mut closed = card(
        1,
        MatchStatus::Closed,
        Eligibility::Denied {
            reason: DenyReason::Closed,
        },
        0,
    );
    closed.view.closed_reason = Some(meetcute_domain::ClosedReason::Expired);
    assert_eq!(card_view(&closed).status, "Expired");
    assert_eq!(card_view(&closed).counter, "No calls together");
    assert_eq!(card_view(&proposed()).status, "New match");
    assert_eq!(card_view(&deciding(None)).status, "Time to decide");
}

fn call(status: CallStatus, cap: Option<u32>) -> ActiveCall {
    let mut c = ActiveCall::from_session(&session(1, CallRole::Caller, status, cap), "Alex".into());
    c.end_reason = (status == CallStatus::Completed).then_some(EndReason::TimeLimit);
    c
}

#[test]
fn the_countdown_follows_the_servers_start_time() {
    let active = call(CallStatus::Active, Some(60));
    // started at +2 s; 18 s later 42 s are left.
    let c = countdown(&active, at(20)).expect("a capped active call counts down");
    assert_eq!(
        (c.seconds_left, c.text.as_str(), c.urgent),
        (42, "0:42", false)
    );
    assert!(countdown(&active, at(55)).is_some_and(|c| c.urgent));
    // Past the cap it waits at 0:00 for the server's cut.
    assert_eq!(countdown(&active, at(500)).map(|c| c.seconds_left), Some(0));
    assert_eq!(countdown(&call(CallStatus::Active, None), at(22)), None);
    assert_eq!(
        countdown(&call(CallStatus::Ringing, Some(60)), at(22)),
        None
    );
}

#[test]
fn the_call_screen_says_each_phase() {
    let ringing = call_screen_view(&call(CallStatus::Ringing, Some(60)), at(1));
    assert_eq!(ringing.phase, "Calling Alex…");
    assert!(ringing.live && ringing.next.is_none());
    let active = call_screen_view(&call(CallStatus::Active, Some(60)), at(12));
    assert_eq!(active.phase, "Connected");
    assert_eq!(active.countdown.map(|c| c.text), Some("0:50".into()));
    let over = call_screen_view(&call(CallStatus::Completed, Some(60)), at(70));
    assert_eq!(over.phase, "Time's up!");
    assert_eq!(over.next, Some(NextStep::Decide));
    assert!(!over.live);
    let again = call_screen_view(&call(CallStatus::Completed, None), at(70));
    assert_eq!(again.next, Some(NextStep::Close));
    let declined = call_screen_view(&call(CallStatus::Declined, Some(60)), at(5));
    assert_eq!(declined.phase, "Alex declined the call");
    assert_eq!(declined.next, Some(NextStep::Close));
}

#[test]
fn history_rows_show_date_duration_outcome_and_caller() {
    let history = CallHistory {
        match_id: MatchId(7),
        is_mutual_match: true,
        total_calls: 1,
        calls: vec![
            CallHistoryEntry {
                session_id: sid(1),
                status: CallStatus::Completed,
                started_at: Some(at(0)),
                ended_at: Some(at(75)),
                duration_minutes: Some(1),
                duration_seconds: Some(75),
                initiated_by: ME,
            },
            CallHistoryEntry {
                session_id: sid(2),
                status: CallStatus::Missed,
                started_at: None,
                ended_at: Some(at(3600)),
                duration_minutes: None,
                duration_seconds: None,
                initiated_by: ALEX,
            },
        ],
    };
    let offset = FixedOffset::east_opt(3600).expect("valid offset");
    let view = history_view(&history, &[], ME, "Alex", at(0), offset);
    assert_eq!(view.summary, "1 video call together");
    assert_eq!(view.rows.len(), 2);
    // newest first
    assert_eq!(view.rows[0].outcome, "Missed");
    assert_eq!(view.rows[0].who, "Alex called");
    assert_eq!(view.rows[0].duration, "—");
    assert_eq!(view.rows[0].date, "Jan 15, 2024 · 12:30");
    assert_eq!(view.rows[1].outcome, "Completed");
    assert_eq!(view.rows[1].who, "You called");
    assert_eq!(view.rows[1].duration, "1 min 15 s");
    assert_eq!(view.rows[1].date, "Jan 15, 2024 · 11:30");
}

#[test]
fn the_decision_screen_moves_from_question_to_outcome() {
    let asking = DecisionState {
        match_id: MatchId(7),
        peer_name: "Alex".into(),
        sent: None,
    };
    assert_eq!(
        decision_view(&asking, Some(&deciding(None))).outcome,
        Outcome::Asking
    );
    let liked = DecisionState {
        sent: Some(Decision::Like),
        ..asking.clone()
    };
    let view = decision_view(&liked, Some(&deciding(Some(Decision::Like))));
    assert_eq!(view.outcome, Outcome::Waiting);
    assert_eq!(view.heading, "You liked Alex ❤️");
    let view = decision_view(&liked, Some(&mutual(1)));
    assert_eq!(
        (view.outcome, view.heading.as_str()),
        (Outcome::Mutual, "🎉 Mutual Match!")
    );
    let passed = DecisionState {
        sent: Some(Decision::Pass),
        ..asking.clone()
    };
    assert_eq!(decision_view(&passed, None).outcome, Outcome::Passed);
    let closed = card(
        7,
        MatchStatus::Closed,
        Eligibility::Denied {
            reason: DenyReason::Closed,
        },
        1,
    );
    assert_eq!(
        decision_view(&liked, Some(&closed)).outcome,
        Outcome::NotAMatch
    );
}
