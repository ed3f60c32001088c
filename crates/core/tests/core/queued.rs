//! Actions made offline: checked by the rules at once, shown at once, and when the server
//! later refuses one, the person is told and the card goes back to what the server has.

use crate::helpers::{TestServer, eventually};
use crate::proxy::Proxy;
use crate::story::{card, card_in, proposed_pair};
use meetcute_core::{AppEvent, Connectivity};
use meetcute_domain::app::{Delivery, QueuedAction};
use meetcute_domain::{ClosedReason, Decision, ErrorCode, MatchStatus};

#[tokio::test]
async fn an_offline_action_is_checked_now_shown_now_and_its_later_refusal_is_told() {
    let server = TestServer::start().await;
    let alice_line = Proxy::start(server.addr).await;
    let (alice, bob, match_id) = proposed_pair(&alice_line.url(), &server.url()).await;

    alice_line.refuse(true);
    alice_line.cut();
    eventually("alice offline", || async {
        (alice.core.connectivity() == Connectivity::Offline).then_some(())
    })
    .await;

    // The rules answer at once: no like before the first call, and nothing is queued.
    let refused = alice
        .core
        .decide(match_id, Decision::Like)
        .await
        .expect_err("video first");
    assert_eq!(refused.code(), ErrorCode::FirstCallRequired);
    assert_eq!(alice.core.pending_actions().await.unwrap(), 0);

    // A pass is allowed: it waits, and the card shows it closed at once.
    let delivery = alice
        .core
        .decide(match_id, Decision::Pass)
        .await
        .expect("queued");
    assert_eq!(delivery, Delivery::Queued);
    assert_eq!(alice.core.pending_actions().await.unwrap(), 1);
    let shown = card(&alice.core, match_id).await.expect("card");
    assert_eq!(shown.view.status, MatchStatus::Closed);
    assert_eq!(shown.view.closed_reason, Some(ClosedReason::Passed));

    // Meanwhile Bob blocks Alice: her pass can no longer apply.
    bob.core.block(match_id).await.expect("bob blocks");
    alice_line.refuse(false);

    let (action, refused_match, error) = alice
        .log
        .wait_for("the refusal", |e| match e {
            AppEvent::QueuedActionRefused {
                action,
                match_id,
                error,
            } => Some((*action, *match_id, error.clone())),
            _ => None,
        })
        .await;
    assert_eq!(action, QueuedAction::Decision);
    assert_eq!(refused_match, Some(match_id));
    assert_eq!(error.code, ErrorCode::Closed);
    assert_eq!(alice.core.pending_actions().await.unwrap(), 0);
    let now = card_in(&alice.core, match_id, MatchStatus::Closed).await;
    assert_eq!(
        now.view.my_decision, None,
        "the server's view wins: her pass never applied"
    );
    assert_eq!(
        now.view.closed_reason,
        Some(ClosedReason::Unmatched),
        "Bob's block is his to know"
    );
    assert_eq!(
        alice
            .log
            .count(|e| matches!(e, AppEvent::QueuedActionRefused { .. })),
        1
    );
}

#[tokio::test]
async fn a_token_revoked_elsewhere_signs_out_at_the_next_request() {
    let server = TestServer::start().await;
    let (alice, _bob, _match_id) = proposed_pair(&server.url(), &server.url()).await;
    let token = std::fs::read_to_string(alice.dir.path().join("auth_token")).expect("token file");

    // Signed out from another place (the same token, as a stolen-laptop sign-out would).
    let status = reqwest::Client::new()
        .post(format!("{}/api/auth/logout", server.url()))
        .bearer_auth(token.trim())
        .send()
        .await
        .expect("logout")
        .status();
    assert!(status.is_success(), "{status}");

    let refused = alice.core.discover().await.expect_err("token revoked");
    assert_eq!(refused.code(), ErrorCode::Unauthorized);
    alice
        .log
        .wait_for("signed out", |e| {
            matches!(e, AppEvent::SignedOut).then_some(())
        })
        .await;
    assert_eq!(alice.core.current_user().await, None);
    assert!(!alice.dir.path().join("auth_token").exists());
    assert_eq!(
        alice.core.matches().await.expect_err("signed out").code(),
        ErrorCode::Unauthorized
    );
}
