//! The seed's story, end to end, by two people through `Core` only.

use crate::helpers::{Person, TestServer, eventually, person};
use meetcute_core::{AppEvent, Core, MatchCard};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::SignalKind;
use meetcute_domain::{
    CallRole, CallStatus, Decision, Eligibility, EndReason, MatchId, MatchStatus, SessionId,
};
use serde_json::json;

pub async fn card(core: &Core, id: MatchId) -> Option<MatchCard> {
    core.matches()
        .await
        .expect("matches")
        .into_iter()
        .find(|c| c.view.id == id)
}

/// Waits (syncing) until `core` has the match in `status`.
pub async fn card_in(core: &Core, id: MatchId, status: MatchStatus) -> MatchCard {
    eventually(&format!("match {id} {status:?}"), || async {
        let _ = core.sync_now().await;
        card(core, id).await.filter(|c| c.view.status == status)
    })
    .await
}

/// Alice and Bob registered, online, and proposed to each other.
pub async fn proposed_pair(url_a: &str, url_b: &str) -> (Person, Person, MatchId) {
    let alice = person(url_a, "Alice", Gender::Woman, Gender::Man).await;
    let bob = person(url_b, "Bob", Gender::Man, Gender::Woman).await;
    let proposals = alice.core.discover().await.expect("discover");
    let found = proposals
        .iter()
        .find(|c| c.view.peer.id == bob.user.id)
        .expect("Bob proposed");
    assert_eq!(found.view.status, MatchStatus::Proposed);
    assert!(
        matches!(found.eligibility, Eligibility::FirstCall { .. }),
        "{:?}",
        found.eligibility
    );
    let id = found.view.id;
    card_in(&bob.core, id, MatchStatus::Proposed).await;
    (alice, bob, id)
}

pub async fn incoming(person: &Person, match_id: MatchId, nth: usize) -> SessionId {
    person
        .log
        .wait_for("incoming call", |e| match e {
            AppEvent::IncomingCall { session, .. } if session.match_id == match_id => {
                Some(session.session_id)
            }
            _ => None,
        })
        .await;
    let ids: Vec<SessionId> = person
        .log
        .all()
        .iter()
        .filter_map(|e| match e {
            AppEvent::IncomingCall { session, .. } if session.match_id == match_id => {
                Some(session.session_id)
            }
            _ => None,
        })
        .collect();
    assert!(ids.len() > nth, "expected incoming call #{nth}: {ids:?}");
    ids[nth]
}

pub async fn call_status(
    person: &Person,
    id: SessionId,
    status: CallStatus,
) -> meetcute_domain::wire::SessionView {
    person
        .log
        .wait_for(&format!("{status:?} for {id}"), |e| match e {
            AppEvent::CallUpdated { session }
                if session.session_id == id && session.status == status =>
            {
                Some(session.clone())
            }
            _ => None,
        })
        .await
}

async fn signal_reaches(from: &Person, to: &Person, id: SessionId, kind: SignalKind) {
    let payload = json!({ "sdp": format!("{kind:?} from {}", from.user.display_name) });
    from.core
        .send_signal(id, kind, payload.clone())
        .await
        .expect("signal sent");
    let got = to
        .log
        .wait_for("signal", |e| match e {
            AppEvent::Signal {
                session_id,
                from: sender,
                kind: k,
                payload: p,
            } if *session_id == id && *k == kind => Some((*sender, p.clone())),
            _ => None,
        })
        .await;
    assert_eq!(got, (from.user.id, payload));
}

fn mutual_count(person: &Person, id: MatchId) -> usize {
    person
        .log
        .count(|e| matches!(e, AppEvent::MutualMatch { card } if card.view.id == id))
}

#[tokio::test]
async fn two_people_meet_call_like_each_other_and_call_again() {
    let server = TestServer::start().await;
    let (alice, bob, match_id) = proposed_pair(&server.url(), &server.url()).await;

    // First call: Alice rings, Bob hears it and answers, signals go both ways, the cap ends it.
    let started = alice.core.start_call(match_id).await.expect("first call");
    assert_eq!(started.role, CallRole::Caller);
    assert!(
        started.max_duration_seconds.is_some(),
        "a first call is capped"
    );
    let session_id = incoming(&bob, match_id, 0).await;
    assert_eq!(session_id, started.session_id);
    let accepted = bob.core.accept_call(session_id).await.expect("accept");
    assert_eq!(accepted.session.status, CallStatus::Active);
    call_status(&alice, session_id, CallStatus::Active).await;
    signal_reaches(&alice, &bob, session_id, SignalKind::Offer).await;
    signal_reaches(&bob, &alice, session_id, SignalKind::Answer).await;
    signal_reaches(&alice, &bob, session_id, SignalKind::Ice).await;
    for person in [&alice, &bob] {
        let ended = call_status(person, session_id, CallStatus::Completed).await;
        assert_eq!(ended.end_reason, Some(EndReason::TimeLimit));
    }

    // Deciding: no second call before a mutual like, offline-correct buttons say so.
    for person in [&alice, &bob] {
        let card = card_in(&person.core, match_id, MatchStatus::Deciding).await;
        assert_eq!(
            card.eligibility,
            Eligibility::Denied {
                reason: DenyReason::AwaitingDecision
            }
        );
        assert_eq!(card.view.call_summary.total_calls, 1);
    }
    alice
        .core
        .decide(match_id, Decision::Like)
        .await
        .expect("alice likes");
    bob.core
        .decide(match_id, Decision::Like)
        .await
        .expect("bob likes");
    for person in [&alice, &bob] {
        person
            .log
            .wait_for("mutual match", |e| match e {
                AppEvent::MutualMatch { card } if card.view.id == match_id => Some(()),
                _ => None,
            })
            .await;
        let card = card_in(&person.core, match_id, MatchStatus::Matched).await;
        assert_eq!(card.eligibility, Eligibility::CallAgain);
    }

    // Call again: Bob rings this time, uncapped; Bob hangs up.
    let again = bob.core.start_call(match_id).await.expect("call again");
    assert_eq!(again.max_duration_seconds, None);
    let second = incoming(&alice, match_id, 0).await;
    assert_eq!(second, again.session_id);
    alice.core.accept_call(second).await.expect("accept again");
    call_status(&bob, second, CallStatus::Active).await;
    let ended = bob.core.end_call(second).await.expect("hang up");
    assert_eq!(ended.status, CallStatus::Completed);
    call_status(&alice, second, CallStatus::Completed).await;

    for person in [&alice, &bob] {
        let history = person.core.call_history(match_id).await.expect("history");
        assert!(history.is_mutual_match);
        assert_eq!(history.total_calls, 2);
        assert_eq!(history.calls.len(), 2);
        assert_eq!(history.calls[0].session_id, session_id);
        assert_eq!(history.calls[1].session_id, second);
        let card = eventually("two calls on the card", || async {
            let _ = person.core.sync_now().await;
            card(&person.core, match_id)
                .await
                .filter(|c| c.view.call_summary.total_calls == 2)
        })
        .await;
        assert_eq!(card.eligibility, Eligibility::CallAgain);
    }

    // Nothing was shown twice.
    for person in [&alice, &bob] {
        assert_eq!(
            mutual_count(person, match_id),
            1,
            "one mutual match for {}",
            person.user.display_name
        );
        for id in [session_id, second] {
            for status in [CallStatus::Active, CallStatus::Completed] {
                let n = person.log.count(
                    |e| matches!(e, AppEvent::CallUpdated { session } if session.session_id == id && session.status == status),
                );
                assert!(
                    n <= 1,
                    "{status:?} of {id} shown {n} times to {}",
                    person.user.display_name
                );
            }
        }
    }
    assert_eq!(
        bob.log
            .count(|e| matches!(e, AppEvent::IncomingCall { .. })),
        1
    );
    assert_eq!(
        alice
            .log
            .count(|e| matches!(e, AppEvent::IncomingCall { .. })),
        1
    );
}
