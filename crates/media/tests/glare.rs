//! Glare: both sides negotiate at once, and the call still connects (perfect negotiation).
//!
//! The native polite side never offers (it asks with `restart`), so native glare is the
//! impolite side receiving a peer offer, or a restart request, while its own offer is in
//! flight. The browser side of glare (both offer, the polite one rolls back) is in the
//! Chromium interop test.

mod common;

use std::time::Duration;

use common::{Side, config, init_tracing, pump};
use meetcute_media::{Role, SignalKind};
use serde_json::json;

#[test]
fn impolite_side_ignores_a_colliding_offer_and_the_call_connects() {
    init_tracing();
    let mut caller = Side::start(config(Role::Impolite));
    let mut callee = Side::start(config(Role::Polite));
    // A stand-in for the callee negotiating at the same moment: an offer of its own.
    let rival = Side::start(config(Role::Impolite));

    let (kind, caller_offer) = caller
        .next_signal(Duration::from_secs(5))
        .expect("an offer");
    assert_eq!(kind, SignalKind::Offer);
    let (kind, rival_offer) = rival
        .next_signal(Duration::from_secs(5))
        .expect("a rival offer");
    assert_eq!(kind, SignalKind::Offer);
    // Both offers cross: the caller gets the rival's offer while its own is unanswered …
    caller
        .engine
        .handle_signal(SignalKind::Offer, &rival_offer)
        .unwrap();
    // … and the callee asks for a renegotiation at the same time.
    caller
        .engine
        .handle_signal(SignalKind::Restart, &json!({}))
        .unwrap();
    // The rival's candidates belong to the ignored offer: they must not disturb the call.
    std::thread::sleep(Duration::from_millis(200));
    while let Ok((kind, payload)) = rival.signals.try_recv() {
        caller.engine.handle_signal(kind, &payload).unwrap();
    }
    // Only now does the caller's offer reach the callee.
    callee
        .engine
        .handle_signal(SignalKind::Offer, &caller_offer)
        .unwrap();
    drop(rival);
    let connected = pump(&mut caller, &mut callee, Duration::from_secs(15), |a, b| {
        a.remote_frames() >= 10 && b.remote_frames() >= 10
    });
    assert!(
        connected,
        "{:?} / {:?}",
        caller.engine.stats(),
        callee.engine.stats()
    );
    assert!(
        !caller.sent_kinds().contains(&SignalKind::Answer),
        "the impolite side never answers a colliding offer"
    );
}
