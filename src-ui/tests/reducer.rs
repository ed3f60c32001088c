//! The reducer, natively: call flows from both sides, toasts, decisions, connectivity.

mod support;

use meetcute_domain::app::{AppError, AppEvent, Connectivity, Delivery};
use meetcute_domain::{CallRole, CallStatus, Decision, ErrorCode, MatchId};
use meetcute_ui::state::{Action, Auth, MAX_TOASTS, State};
use meetcute_ui::vm::messages::CALL_AGAIN_TOAST;
use std::rc::Rc;
use support::*;
use yew::Reducible;

fn signed_in_with(cards: Vec<meetcute_domain::app::MatchCard>) -> Rc<State> {
    Rc::new(State::default())
        .reduce(Action::SessionChecked(Some(me())))
        .reduce(Action::MatchesLoaded(cards))
}

fn toasts(state: &State) -> Vec<&str> {
    state.toasts.iter().map(|t| t.text.as_str()).collect()
}

#[test]
fn starts_checking_then_signed_in_with_cached_matches() {
    let state = Rc::new(State::default());
    assert_eq!(state.auth, Auth::Checking);
    assert!(!state.matches_loaded);
    let state = signed_in_with(vec![proposed()]);
    assert_eq!(state.auth, Auth::SignedIn(me()));
    assert!(state.matches_loaded);
    assert_eq!(state.matches.len(), 1);
}

#[test]
fn a_first_call_rings_out_then_connects_then_the_cap_ends_it_and_decision_follows() {
    let state = signed_in_with(vec![proposed()]).reduce(Action::CallStarted {
        response: start_response(1, CallRole::Caller, Some(60)),
        peer_name: "Alex".into(),
    });
    let call = state.call.as_ref().expect("on the call screen");
    assert_eq!(call.status, CallStatus::Ringing);
    assert_eq!(
        toasts(&state),
        ["📞 Calling Alex… first calls last 1 minute"]
    );

    let accepted = session(1, CallRole::Caller, CallStatus::Active, Some(60));
    let state = state.reduce(Action::Core(AppEvent::CallUpdated {
        session: accepted.clone(),
    }));
    assert_eq!(
        state.call.as_ref().map(|c| c.status),
        Some(CallStatus::Active)
    );
    assert_eq!(
        state.call.as_ref().and_then(|c| c.started_at),
        accepted.started_at
    );
    assert_eq!(toasts(&state).last(), Some(&"✅ Alex answered!"));

    // The same update again changes nothing (no second toast).
    let again = Rc::clone(&state).reduce(Action::Core(AppEvent::CallUpdated { session: accepted }));
    assert!(Rc::ptr_eq(&state, &again));

    let ended = session(1, CallRole::Caller, CallStatus::Completed, Some(60));
    let state = state.reduce(Action::Core(AppEvent::CallUpdated { session: ended }));
    assert_eq!(toasts(&state).last(), Some(&"⏰ Time's up!"));
    assert_eq!(
        state.call.as_ref().map(|c| c.status),
        Some(CallStatus::Completed)
    );

    let state = state.reduce(Action::CloseCall);
    assert!(state.call.is_none());
    let decision = state.decision.as_ref().expect("the decision screen opens");
    assert_eq!((decision.match_id, decision.sent), (MatchId(7), None));

    let state = state.reduce(Action::DecisionSent {
        match_id: MatchId(7),
        decision: Decision::Like,
        delivery: Delivery::Sent,
    });
    assert_eq!(
        state.decision.as_ref().and_then(|d| d.sent),
        Some(Decision::Like)
    );
}

#[test]
fn calling_a_mutual_match_again_uses_the_seed_toast_and_skips_the_decision() {
    let state = signed_in_with(vec![mutual(1)]).reduce(Action::CallStarted {
        response: start_response(2, CallRole::Caller, None),
        peer_name: "Alex".into(),
    });
    assert_eq!(toasts(&state), [CALL_AGAIN_TOAST]);
    let mut ended = session(2, CallRole::Caller, CallStatus::Completed, None);
    ended.end_reason = Some(meetcute_domain::EndReason::Hangup);
    let state = state
        .reduce(Action::SessionChanged(ended))
        .reduce(Action::CloseCall);
    assert!(state.call.is_none());
    assert!(state.decision.is_none());
}

#[test]
fn an_incoming_call_opens_the_modal_and_accepting_opens_the_call() {
    let ringing = session(3, CallRole::Callee, CallStatus::Ringing, Some(60));
    let state = signed_in_with(vec![proposed()]).reduce(Action::Core(AppEvent::IncomingCall {
        session: ringing,
        caller: alex(),
    }));
    assert_eq!(
        state
            .incoming
            .as_ref()
            .map(|i| i.caller.display_name.as_str()),
        Some("Alex")
    );
    assert_eq!(toasts(&state), ["📞 Alex is calling you…"]);

    let state = state.reduce(Action::CallAccepted(session(
        3,
        CallRole::Callee,
        CallStatus::Active,
        Some(60),
    )));
    assert!(state.incoming.is_none());
    let call = state.call.as_ref().expect("call screen");
    assert_eq!(
        (call.role, call.status, call.peer_name.as_str()),
        (CallRole::Callee, CallStatus::Active, "Alex")
    );
    assert_eq!(toasts(&state).last(), Some(&"✅ Connected with Alex"));
}

#[test]
fn a_missed_or_cancelled_incoming_call_closes_the_modal_with_a_toast() {
    let ringing = session(4, CallRole::Callee, CallStatus::Ringing, Some(60));
    let base = signed_in_with(vec![proposed()]).reduce(Action::Core(AppEvent::IncomingCall {
        session: ringing,
        caller: alex(),
    }));
    let missed = Rc::clone(&base).reduce(Action::Core(AppEvent::CallUpdated {
        session: session(4, CallRole::Callee, CallStatus::Missed, Some(60)),
    }));
    assert!(missed.incoming.is_none());
    assert_eq!(
        toasts(&missed).last(),
        Some(&"📵 You missed a call from Alex")
    );
    let cancelled = base.reduce(Action::Core(AppEvent::CallUpdated {
        session: session(4, CallRole::Callee, CallStatus::Cancelled, Some(60)),
    }));
    assert_eq!(toasts(&cancelled).last(), Some(&"Alex cancelled the call"));
}

#[test]
fn declining_closes_the_modal() {
    let ringing = session(5, CallRole::Callee, CallStatus::Ringing, Some(60));
    let state = signed_in_with(vec![proposed()])
        .reduce(Action::Core(AppEvent::IncomingCall {
            session: ringing,
            caller: alex(),
        }))
        .reduce(Action::SessionChanged(session(
            5,
            CallRole::Callee,
            CallStatus::Declined,
            Some(60),
        )));
    assert!(state.incoming.is_none());
    assert!(state.call.is_none());
}

#[test]
fn glare_answers_as_callee_without_a_calling_toast() {
    let state = signed_in_with(vec![proposed()]).reduce(Action::CallStarted {
        response: start_response(6, CallRole::Callee, Some(60)),
        peer_name: "Alex".into(),
    });
    assert!(state.toasts.is_empty());
    assert_eq!(state.call.as_ref().map(|c| c.role), Some(CallRole::Callee));
}

#[test]
fn a_mutual_match_event_updates_the_card_and_toasts() {
    let state = signed_in_with(vec![proposed()]).reduce(Action::Core(AppEvent::MutualMatch {
        card: Box::new(mutual(1)),
    }));
    assert_eq!(state.matches.len(), 1);
    assert_eq!(
        state.matches[0].view.status,
        meetcute_domain::MatchStatus::Matched
    );
    assert!(toasts(&state)[0].starts_with("🎉 Mutual Match with Alex"));
}

#[test]
fn errors_become_their_codes_toast() {
    let state = signed_in_with(vec![]).reduce(Action::Failed(AppError {
        code: ErrorCode::PeerBusy,
        message: "busy".into(),
    }));
    assert_eq!(
        toasts(&state),
        ["📞 They're in another call right now. Try again in a moment."]
    );
}

#[test]
fn toasts_are_capped_and_dismissable() {
    let mut state = signed_in_with(vec![]);
    for i in 0..6 {
        state = state.reduce(Action::Toast(
            meetcute_ui::vm::messages::Tone::Info,
            format!("t{i}"),
        ));
    }
    assert_eq!(state.toasts.len(), MAX_TOASTS);
    assert_eq!(toasts(&state).last(), Some(&"t5"));
    let first = state.toasts[0].id;
    let state = state.reduce(Action::DismissToast(first));
    assert_eq!(state.toasts.len(), MAX_TOASTS - 1);
}

#[test]
fn connectivity_and_sign_out_follow_the_core() {
    let state = signed_in_with(vec![proposed()]).reduce(Action::Core(AppEvent::Connectivity {
        state: Connectivity::Offline,
    }));
    assert_eq!(state.connectivity, Connectivity::Offline);
    let state = state.reduce(Action::Core(AppEvent::SignedOut));
    assert_eq!(state.auth, Auth::SignedOut);
    assert!(state.matches.is_empty());
    assert_eq!(state.connectivity, Connectivity::Offline);
}

#[test]
fn unchanged_state_keeps_the_same_rc_so_nothing_rerenders() {
    let state = signed_in_with(vec![proposed()]);
    let same = Rc::clone(&state).reduce(Action::Core(AppEvent::MatchesChanged));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn a_decision_made_offline_says_it_waits_and_a_sent_like_needs_no_toast() {
    let decide = |decision, delivery| Action::DecisionSent {
        match_id: MatchId(7),
        decision,
        delivery,
    };
    let sent_like = signed_in_with(vec![]).reduce(decide(Decision::Like, Delivery::Sent));
    assert!(toasts(&sent_like).is_empty());
    let queued_like = signed_in_with(vec![]).reduce(decide(Decision::Like, Delivery::Queued));
    assert_eq!(
        toasts(&queued_like),
        ["Your like is saved. You're offline: it will be sent when you're back online."]
    );
    let sent_pass = signed_in_with(vec![]).reduce(decide(Decision::Pass, Delivery::Sent));
    assert_eq!(toasts(&sent_pass), ["You passed. The match is closed."]);
}
