//! Offline: the cache answers with the same buttons; waiting actions are applied exactly once,
//! also when the server dies between receiving one and answering it.

use crate::helpers::{TestServer, eventually};
use crate::proxy::Proxy;
use crate::story::{call_status, card, card_in, incoming, proposed_pair};
use meetcute_core::{AppEvent, Connectivity};
use meetcute_domain::app::{Delivery, MatchCard};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::{CallStatus, ClosedReason, Decision, Eligibility, ErrorCode, MatchStatus};
use std::time::{Duration, Instant};

/// Reads the stopped server's database (to see what it really applied).
async fn server_rows(server: &TestServer, query: &str) -> i64 {
    assert!(server.server.is_none(), "stop the server first");
    let url = server.config.database_url.clone().expect("test database");
    let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .expect("server db");
    sqlx::query_scalar(query)
        .fetch_one(&mut db)
        .await
        .expect(query)
}

fn without_presence(mut cards: Vec<MatchCard>) -> Vec<MatchCard> {
    for card in &mut cards {
        card.view.peer.presence = None;
    }
    cards
}

#[tokio::test]
async fn the_cache_answers_offline_and_waiting_actions_apply_exactly_once() {
    let mut server = TestServer::start().await;
    // Both behind proxies: `Server::shutdown` leaves open sockets running (see the report), so
    // "the server dies" is the server stopping plus every line to it cut.
    let proxy = Proxy::start(server.addr).await;
    let bob_line = Proxy::start(server.addr).await;
    let (mut alice, bob, match_id) = proposed_pair(&proxy.url(), &bob_line.url()).await;
    let die = || {
        proxy.cut();
        bob_line.cut();
    };

    // A first call that the cap ends: the match is deciding.
    let started = alice.core.start_call(match_id).await.expect("call");
    let session = incoming(&bob, match_id, 0).await;
    bob.core.accept_call(session).await.expect("accept");
    call_status(&alice, started.session_id, CallStatus::Completed).await;
    card_in(&alice.core, match_id, MatchStatus::Deciding).await;
    let before = alice.core.matches().await.expect("matches");

    // Server stopped, core reopened: same matches, same buttons, instantly; calls fail fast.
    server.stop().await;
    die();
    alice.reopen(&proxy.url()).await;
    assert_eq!(alice.core.connectivity(), Connectivity::Offline);
    assert_eq!(
        alice.core.current_user().await.map(|u| u.id),
        Some(alice.user.id)
    );
    // The same cards; only the other person's presence may have moved as the lines went down.
    assert_eq!(
        without_presence(alice.core.matches().await.expect("offline matches")),
        without_presence(before)
    );
    let t = Instant::now();
    let refused = alice
        .core
        .start_call(match_id)
        .await
        .expect_err("no call offline");
    assert_eq!(refused.code(), ErrorCode::Offline);
    assert!(
        t.elapsed() < Duration::from_millis(200),
        "offline start_call took {:?}",
        t.elapsed()
    );
    let history = alice
        .core
        .call_history(match_id)
        .await
        .expect("history from the cache");
    assert_eq!(history.total_calls, 1);

    // Back online; then the like reaches the server but its answer is lost, and the server dies.
    server.restart().await;
    alice.online().await;
    proxy.lose_answers(true);
    let delivery = alice
        .core
        .decide(match_id, Decision::Like)
        .await
        .expect("queued");
    assert_eq!(delivery, Delivery::Queued, "its answer was lost");
    assert_eq!(alice.core.pending_actions().await.expect("outbox"), 1);
    let shown = card(&alice.core, match_id).await.expect("card");
    assert_eq!(
        shown.view.my_decision,
        Some(Decision::Like),
        "shown at once"
    );
    server.stop().await;
    die();
    assert_eq!(
        server_rows(&server, "SELECT COUNT(*) FROM idempotency_keys").await,
        1,
        "the server applied it"
    );
    assert_eq!(
        server_rows(
            &server,
            "SELECT COUNT(*) FROM matches WHERE 'like' IN (decision_a, decision_b)"
        )
        .await,
        1
    );
    proxy.lose_answers(false);
    server.restart().await;

    // Replayed with the same key on reconnect: acknowledged once, nothing refused.
    eventually("outbox drained", || async {
        (alice.core.pending_actions().await.ok() == Some(0)).then_some(())
    })
    .await;
    server.stop().await;
    die();
    assert_eq!(
        server_rows(&server, "SELECT COUNT(*) FROM idempotency_keys").await,
        1,
        "replay deduped"
    );
    server.restart().await;
    let mine = card(&alice.core, match_id).await.expect("card");
    assert_eq!(mine.view.my_decision, Some(Decision::Like));
    assert_eq!(mine.view.status, MatchStatus::Deciding);

    // Bob's like makes it mutual: each side hears it exactly once.
    bob.core
        .decide(match_id, Decision::Like)
        .await
        .expect("bob likes");
    card_in(&alice.core, match_id, MatchStatus::Matched).await;
    for log in [&alice.log, &bob.log] {
        log.wait_for("mutual", |e| {
            matches!(e, AppEvent::MutualMatch { .. }).then_some(())
        })
        .await;
    }

    // An unmatch made while the server is down waits, then applies once.
    server.stop().await;
    die();
    eventually("alice offline", || async {
        (alice.core.connectivity() == Connectivity::Offline).then_some(())
    })
    .await;
    let delivery = alice
        .core
        .unmatch(match_id)
        .await
        .expect("queued while offline");
    assert_eq!(delivery, Delivery::Queued);
    assert_eq!(alice.core.pending_actions().await.expect("outbox"), 1);
    let shown = card(&alice.core, match_id).await.expect("card");
    assert_eq!(
        (shown.view.status, shown.view.closed_reason),
        (MatchStatus::Closed, Some(ClosedReason::Unmatched)),
        "shown at once"
    );
    assert_eq!(
        shown.eligibility,
        Eligibility::Denied {
            reason: DenyReason::Closed
        }
    );
    server.restart().await;
    let closed = card_in(&bob.core, match_id, MatchStatus::Closed).await;
    assert_eq!(closed.view.closed_reason, Some(ClosedReason::Unmatched));
    eventually("outbox drained", || async {
        (alice.core.pending_actions().await.ok() == Some(0)).then_some(())
    })
    .await;
    assert_eq!(
        card_in(&alice.core, match_id, MatchStatus::Closed)
            .await
            .view
            .closed_reason,
        Some(ClosedReason::Unmatched)
    );

    for log in [&alice.log, &bob.log] {
        assert_eq!(log.count(|e| matches!(e, AppEvent::MutualMatch { .. })), 1);
    }
}
