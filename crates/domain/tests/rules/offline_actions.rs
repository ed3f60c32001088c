//! What an offline action shows before the server hears of it: the same rules, from my side.

use crate::support::{ANA, BEN, MATCH, t0};
use meetcute_domain::app::QueuedAction;
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::history::CallSummary;
use meetcute_domain::wire::{MatchView, Peer};
use meetcute_domain::{ClosedReason, Decision, ErrorCode, MatchEvent, MatchStatus};

fn my_view_of(status: MatchStatus) -> MatchView {
    MatchView {
        id: MATCH,
        status,
        closed_reason: None,
        peer: Peer {
            id: BEN,
            display_name: "Ben".into(),
            age: 31,
            bio: String::new(),
            interests: vec![],
            presence: None,
        },
        compatibility: Compatibility {
            score: 80,
            shared_interests: vec![],
        },
        my_decision: None,
        created_at: t0(),
        updated_at: t0(),
        call_summary: CallSummary {
            total_calls: 1,
            last_call_at: None,
        },
        live_session: None,
        calls_allowed: true,
        peer_available: true,
    }
}

#[test]
fn unmatching_a_mutual_match_closes_it_as_unmatched() {
    let after = my_view_of(MatchStatus::Matched)
        .after_my_action(ANA, MatchEvent::Unmatch { by: ANA })
        .unwrap()
        .unwrap();
    assert_eq!(after.status, MatchStatus::Closed);
    assert_eq!(after.closed_reason, Some(ClosedReason::Unmatched));
    assert_eq!(after.peer.display_name, "Ben");
}

#[test]
fn unmatching_before_a_mutual_like_is_refused_as_the_server_would() {
    let refused = my_view_of(MatchStatus::Deciding)
        .after_my_action(ANA, MatchEvent::Unmatch { by: ANA })
        .unwrap_err();
    assert_eq!(refused, ErrorCode::NotMatched);
}

#[test]
fn blocking_closes_any_match_and_blocking_twice_changes_nothing() {
    let blocked = my_view_of(MatchStatus::Proposed)
        .after_my_action(ANA, MatchEvent::Block { by: ANA })
        .unwrap()
        .unwrap();
    assert_eq!(blocked.closed_reason, Some(ClosedReason::Blocked));
    let again = blocked
        .after_my_action(ANA, MatchEvent::Block { by: ANA })
        .unwrap();
    assert_eq!(again, None);
}

#[test]
fn a_like_is_remembered_but_only_the_server_can_make_it_mutual() {
    let liked = my_view_of(MatchStatus::Deciding)
        .after_my_action(
            ANA,
            MatchEvent::Decide {
                by: ANA,
                decision: Decision::Like,
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(liked.my_decision, Some(Decision::Like));
    assert_eq!(liked.status, MatchStatus::Deciding);
    let passed = my_view_of(MatchStatus::Deciding)
        .after_my_action(
            ANA,
            MatchEvent::Decide {
                by: ANA,
                decision: Decision::Pass,
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(passed.closed_reason, Some(ClosedReason::Passed));
}

#[test]
fn queued_action_names_are_their_wire_names() {
    for action in [
        QueuedAction::Decision,
        QueuedAction::Unmatch,
        QueuedAction::Block,
        QueuedAction::Report,
        QueuedAction::ProfileEdit,
    ] {
        let wire = serde_json::to_value(action).unwrap();
        assert_eq!(wire, action.as_str());
        assert_eq!(QueuedAction::from_name(action.as_str()), Some(action));
    }
    assert_eq!(QueuedAction::from_name("dance"), None);
}
