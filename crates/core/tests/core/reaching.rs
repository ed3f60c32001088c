//! Presence and call requests in the core: cached as the socket tells them, and request actions
//! made offline checked at once, queued, and sent once.

use crate::helpers::{TestServer, eventually};
use crate::proxy::Proxy;
use crate::story::{card, proposed_pair};
use meetcute_core::{AppEvent, Connectivity};
use meetcute_domain::app::Delivery;
use meetcute_domain::call_requests::{CallRequestStatus, NewCallRequest, RequestAnswer};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::presence::PresenceStatus;
use meetcute_domain::{Eligibility, ErrorCode};

fn in_an_hour() -> chrono::DateTime<chrono::Utc> {
    let at = chrono::Utc::now() + chrono::Duration::hours(1);
    chrono::DateTime::from_timestamp(at.timestamp(), 0).unwrap()
}

#[tokio::test]
async fn a_card_shows_the_other_online_then_away_and_offers_to_ask_instead() {
    let server = TestServer::start().await;
    let (alice, bob, match_id) = proposed_pair(&server.url(), &server.url()).await;
    eventually("bob online on alice's card", || async {
        let shown = card(&alice.core, match_id).await?;
        (shown.view.peer.presence?.status == PresenceStatus::Online).then_some(())
    })
    .await;

    bob.core.shutdown().await;
    let away = eventually("bob away on alice's card", || async {
        let shown = card(&alice.core, match_id).await?;
        (shown.view.peer.presence?.status == PresenceStatus::Away).then_some(shown)
    })
    .await;
    assert_eq!(
        away.eligibility,
        Eligibility::Denied {
            reason: DenyReason::PeerOffline
        },
        "the card offers \"Ask for a call\" before the button is pressed"
    );
}

#[tokio::test]
async fn a_request_asked_offline_is_sent_once_and_answered_offline_too() {
    let server = TestServer::start().await;
    let alice_line = Proxy::start(server.addr).await;
    let bob_line = Proxy::start(server.addr).await;
    let (alice, bob, match_id) = proposed_pair(&alice_line.url(), &bob_line.url()).await;
    let slot = in_an_hour();

    alice_line.refuse(true);
    alice_line.cut();
    eventually("alice offline", || async {
        (alice.core.connectivity() == Connectivity::Offline).then_some(())
    })
    .await;
    let bad = NewCallRequest::default();
    let refused = alice
        .core
        .ask_for_call(match_id, bad)
        .await
        .expect_err("no time given");
    assert_eq!(refused.code(), ErrorCode::Validation);
    let asked = NewCallRequest {
        slots: vec![slot],
        any_time_today: false,
    };
    let delivery = alice
        .core
        .ask_for_call(match_id, asked)
        .await
        .expect("queued");
    assert_eq!(delivery, Delivery::Queued);
    assert_eq!(alice.core.pending_actions().await.unwrap(), 1);

    alice_line.refuse(false);
    eventually("alice's outbox is empty", || async {
        (alice.core.pending_actions().await.ok()? == 0).then_some(())
    })
    .await;
    let request = bob
        .log
        .wait_for("the request on bob's side", |e| match e {
            AppEvent::CallRequestUpdated { request, peer_name } => {
                assert_eq!(peer_name, "Alice");
                Some(request.clone())
            }
            _ => None,
        })
        .await;
    let bobs_card = card(&bob.core, match_id).await.expect("card");
    assert_eq!(
        bobs_card.call_request.as_ref().map(|r| r.id),
        Some(request.id)
    );

    // Offline, a wrong answer is refused at once by the same rules.
    bob_line.refuse(true);
    bob_line.cut();
    eventually("bob offline", || async {
        (bob.core.connectivity() == Connectivity::Offline).then_some(())
    })
    .await;
    let wrong = RequestAnswer::Accept {
        slot: Some(slot + chrono::Duration::minutes(7)),
    };
    let refused = bob
        .core
        .answer_call_request(request.id, wrong)
        .await
        .expect_err("not a proposed time");
    assert_eq!(refused.code(), ErrorCode::Validation);
    bob_line.refuse(false);
    bob.online().await;

    // The accept reaches the server but its answer is lost: it is sent again with its key on the
    // next connection, and applied once.
    bob_line.lose_answers(true);
    let accept = RequestAnswer::Accept { slot: Some(slot) };
    let delivery = bob
        .core
        .answer_call_request(request.id, accept)
        .await
        .expect("queued");
    assert_eq!(delivery, Delivery::Queued, "its answer was lost");
    bob_line.lose_answers(false);
    bob_line.cut();
    let scheduled = eventually("scheduled on alice's card", || async {
        let shown = card(&alice.core, match_id).await?;
        let request = shown.call_request?;
        (request.status == CallRequestStatus::Scheduled).then_some(request)
    })
    .await;
    assert_eq!(scheduled.scheduled_at, Some(slot));
    assert_eq!(alice.core.call_requests(match_id).await.unwrap().len(), 1);
    let (status, list) = list_on_server(&server, &alice, match_id).await;
    assert_eq!(status, 200);
    assert_eq!(list["call_requests"].as_array().unwrap().len(), 1, "{list}");
    eventually("bob's outbox is empty", || async {
        (bob.core.pending_actions().await.ok()? == 0).then_some(())
    })
    .await;
    assert_eq!(
        bob.log
            .count(|e| matches!(e, AppEvent::QueuedActionRefused { .. })),
        0,
        "the replay was acknowledged, not refused"
    );
}

async fn list_on_server(
    server: &TestServer,
    who: &crate::helpers::Person,
    match_id: meetcute_domain::MatchId,
) -> (u16, serde_json::Value) {
    let token = std::fs::read_to_string(who.dir.path().join("auth_token")).expect("token");
    let answer = reqwest::Client::new()
        .get(format!(
            "{}/api/matches/{match_id}/call-requests",
            server.url()
        ))
        .bearer_auth(token.trim())
        .send()
        .await
        .expect("list");
    (answer.status().as_u16(), answer.json().await.expect("json"))
}
