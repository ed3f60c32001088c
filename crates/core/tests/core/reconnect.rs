//! The live socket drops; what happened meanwhile comes back by sync, and only once.

use crate::helpers::TestServer;
use crate::helpers::eventually;
use crate::proxy::Proxy;
use crate::story::{call_status, incoming, proposed_pair};
use meetcute_core::{AppEvent, Connectivity};
use meetcute_domain::CallStatus;
use meetcute_server::Config;

#[tokio::test]
async fn missed_events_are_caught_up_by_sync_and_shown_once() {
    // Bob gives up on a ring while Alice's line is down; a reconnect may wait a few seconds
    // (backoff, spread), so the ring must outlast it rather than time out as missed first.
    let mut config = Config::for_tests();
    config.ring_timeout_secs = 15.0;
    let server = TestServer::start_with(config).await;
    let proxy = Proxy::start(server.addr).await;
    let (alice, bob, match_id) = proposed_pair(&proxy.url(), &server.url()).await;
    alice.core.sync_now().await.expect("sync");

    // Bob rings (nobody offline is rung), then the line to Alice goes down and Bob gives up
    // meanwhile.
    let missed = bob.core.start_call(match_id).await.expect("bob rings");
    assert_eq!(incoming(&alice, match_id, 0).await, missed.session_id);
    proxy.refuse(true);
    proxy.cut();
    eventually("alice offline", || async {
        (alice.core.connectivity() == Connectivity::Offline).then_some(())
    })
    .await;
    bob.core
        .end_call(missed.session_id)
        .await
        .expect("bob gives up");

    // Back: the cancelled call arrives by sync.
    proxy.refuse(false);
    alice.online().await;
    call_status(&alice, missed.session_id, CallStatus::Cancelled).await;

    // A call while connected, then another drop and catch-up: nothing shown twice.
    let live = bob
        .core
        .start_call(match_id)
        .await
        .expect("bob rings again");
    eventually("the second ring", || async {
        (alice
            .log
            .count(|e| matches!(e, AppEvent::IncomingCall { .. }))
            >= 2)
            .then_some(())
    })
    .await;
    assert_eq!(incoming(&alice, match_id, 1).await, live.session_id);
    proxy.cut();
    eventually("alice back", || async {
        (alice.core.connectivity() == Connectivity::Online
            && alice.log.count(|e| {
                matches!(
                    e,
                    AppEvent::Connectivity {
                        state: Connectivity::Offline
                    }
                )
            }) >= 2)
            .then_some(())
    })
    .await;
    alice.core.sync_now().await.expect("sync");
    bob.core.end_call(live.session_id).await.expect("cancel");
    call_status(&alice, live.session_id, CallStatus::Cancelled).await;
    alice.core.sync_now().await.expect("sync again");

    let events = alice.log.all();
    let count = |pred: &dyn Fn(&AppEvent) -> bool| events.iter().filter(|e| pred(e)).count();
    assert_eq!(
        count(&|e| matches!(e, AppEvent::IncomingCall { .. })),
        2,
        "{events:#?}"
    );
    for id in [missed.session_id, live.session_id] {
        let cancelled = count(
            &|e| matches!(e, AppEvent::CallUpdated { session } if session.session_id == id && session.status == CallStatus::Cancelled),
        );
        assert_eq!(
            cancelled, 1,
            "cancel of {id} shown {cancelled} times: {events:#?}"
        );
    }
}

#[tokio::test]
async fn after_a_server_restart_the_core_returns_within_the_window_the_server_asked_for() {
    let mut config = meetcute_server::Config::for_tests();
    config.reconnect_spread_secs = 3;
    let mut server = TestServer::start_with(config).await;
    let alice = crate::helpers::person(
        &server.url(),
        "Alice",
        meetcute_domain::profile::Gender::Woman,
        meetcute_domain::profile::Gender::Man,
    )
    .await;
    alice.online().await;
    let offline_before = alice.log.count(|e| {
        matches!(
            e,
            AppEvent::Connectivity {
                state: Connectivity::Offline
            }
        )
    });
    let restarted = std::time::Instant::now();
    server.restart().await;
    eventually("alice saw the goodbye", || async {
        (alice.log.count(|e| {
            matches!(
                e,
                AppEvent::Connectivity {
                    state: Connectivity::Offline
                }
            )
        }) > offline_before)
            .then_some(())
    })
    .await;
    alice.online().await;
    let took = restarted.elapsed();
    // The window, plus the restart itself and one connect.
    assert!(
        took < std::time::Duration::from_secs(5),
        "back after {took:?}"
    );
}
