//! TURN through a real coturn: two native engines with the relay-only ICE policy connect
//! with the server's REST-API credentials (`meetcute_server::turn`), and do not with a
//! wrong secret or expired credentials.
//!
//! Needs `/usr/bin/turnserver` (Debian package `coturn`); skipped with a warning without it.
//! coturn relays on 127.0.0.1 but must listen on the machine's primary IPv4 address, the
//! only kind libnice gathers on (see `coturn/mod.rs`).

mod common;
mod coturn;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use clap::Parser;
use common::{Side, drain_events, init_tracing};
use coturn::{Coturn, TURNSERVER, primary_ipv4};
use meetcute_domain::UserId;
use meetcute_domain::wire::IceServer;
use meetcute_media::{ConnectionState, MediaConfig, Role, SignalKind};

/// Time for a relayed call to show frames both ways (generous for a loaded 2-core machine).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// A call with rejected credentials must still be unconnected after this long.
const REJECTED_WINDOW: Duration = Duration::from_secs(6);

/// Starts coturn, or says why the test is skipped.
fn coturn() -> Option<Coturn> {
    init_tracing();
    if !Coturn::available() {
        tracing::warn!("SKIPPED: {TURNSERVER} is missing (apt-get install coturn)");
        return None;
    }
    let Some(ip) = primary_ipv4() else {
        tracing::warn!("SKIPPED: no non-loopback IPv4 address, and libnice ignores loopback");
        return None;
    };
    Some(Coturn::start(ip).expect("coturn starts"))
}

/// The ICE servers the server would hand `user` for a call started at `now`.
fn ice_servers(turn_url: String, secret: &str, user: i64, now: DateTime<Utc>) -> Vec<IceServer> {
    let mut config = meetcute_server::Config::parse_from(["meetcute-server"]);
    config.ice_urls = Vec::new(); // no STUN: relay-only does not use it, and the net is closed
    config.turn_urls = vec![turn_url];
    config.turn_secret = Some(secret.to_owned());
    config.turn_ttl_secs = 3600;
    meetcute_server::turn::ice_servers(&config, UserId(user), now)
}

/// A relay-only engine configuration with small test sources (less CPU under load).
fn relay_config(role: Role, servers: Vec<IceServer>) -> MediaConfig {
    let mut config = MediaConfig::new(role, servers)
        .with_fake_media(true)
        .with_relay_only(true);
    (config.width, config.height) = (320, 240);
    config
}

/// Relays signals both ways like `common::pump`, also collecting each side's non-empty
/// trickled ICE candidate lines (caller's, callee's); true if `done` held in time.
fn pump_collecting(
    a: &mut Side,
    b: &mut Side,
    timeout: Duration,
    candidates: &mut (Vec<String>, Vec<String>),
    done: impl Fn(&Side, &Side) -> bool,
) -> bool {
    fn forward(from: &Side, to: &Side, seen: &mut Vec<String>) {
        while let Ok((kind, payload)) = from.signals.try_recv() {
            if kind == SignalKind::Ice
                && let Some(c) = payload["candidate"].as_str().filter(|c| !c.is_empty())
            {
                seen.push(c.to_owned());
            }
            to.engine
                .handle_signal(kind, &payload)
                .expect("a well-formed signal is accepted");
        }
    }
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        forward(a, b, &mut candidates.0);
        forward(b, a, &mut candidates.1);
        drain_events(a);
        drain_events(b);
        if done(a, b) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn relay_only_call_connects_through_coturn() {
    let Some(turn) = coturn() else { return };
    let now = Utc::now();
    let mut caller = Side::start(relay_config(
        Role::Impolite,
        ice_servers(turn.turn_url(), &turn.secret, 1, now),
    ));
    let mut callee = Side::start(relay_config(
        Role::Polite,
        ice_servers(turn.turn_url(), &turn.secret, 2, now),
    ));

    let mut candidates = Default::default();
    let flowing = pump_collecting(
        &mut caller,
        &mut callee,
        CONNECT_TIMEOUT,
        &mut candidates,
        |a, b| a.remote_frames() >= 10 && b.remote_frames() >= 10,
    );
    assert!(
        flowing,
        "caller {:?}\ncallee {:?}\ncandidates {candidates:?}\ncoturn log:\n{}",
        caller.engine.stats(),
        callee.engine.stats(),
        turn.log_tail()
    );

    for (side, sent) in [(&caller, &candidates.0), (&callee, &candidates.1)] {
        assert_eq!(side.engine.stats().connection, ConnectionState::Connected);
        assert!(!sent.is_empty(), "each side trickled candidates");
        // Relay-only: no host or server-reflexive address ever leaves the engine.
        assert!(
            sent.iter().all(|c| c.contains(" typ relay")),
            "only relay candidates: {sent:?}"
        );
    }
    // And coturn saw the allocations and the permissions for the peers.
    let log = turn.log();
    assert!(log.contains("ALLOCATE processed, success"), "{log}");
    assert!(
        log.contains("CREATE_PERMISSION processed, success"),
        "{log}"
    );

    let a = caller.engine.hang_up();
    let b = callee.engine.hang_up();
    assert!(a.pipeline_released && b.pipeline_released, "{a:?} {b:?}");
}

/// Starts a relay-only call with these servers and checks that it never connects.
fn assert_rejected(turn: &Coturn, caller_servers: Vec<IceServer>, callee_servers: Vec<IceServer>) {
    let mut caller = Side::start(relay_config(Role::Impolite, caller_servers));
    let mut callee = Side::start(relay_config(Role::Polite, callee_servers));
    let mut candidates = Default::default();
    let connected = pump_collecting(
        &mut caller,
        &mut callee,
        REJECTED_WINDOW,
        &mut candidates,
        |a, b| {
            a.remote_frames() > 0
                || b.remote_frames() > 0
                || a.engine.stats().connection == ConnectionState::Connected
                || b.engine.stats().connection == ConnectionState::Connected
        },
    );
    let log = turn.log();
    let tail = turn.log_tail();
    assert!(
        !connected,
        "connected with rejected credentials: {candidates:?}\n{tail}"
    );
    // Without an allocation there is no relay candidate, and relay-only sends no other.
    assert_eq!(candidates, (vec![], vec![]), "no candidates at all");
    assert!(!log.contains("ALLOCATE processed, success"), "{tail}");
    assert!(log.contains("401"), "coturn answered Unauthorized: {tail}");
    let a = caller.engine.hang_up();
    let b = callee.engine.hang_up();
    assert!(a.pipeline_released && b.pipeline_released, "{a:?} {b:?}");
}

#[test]
fn wrong_secret_does_not_connect() {
    let Some(turn) = coturn() else { return };
    let now = Utc::now();
    let wrong = format!("not-{}", turn.secret);
    assert_rejected(
        &turn,
        ice_servers(turn.turn_url(), &wrong, 1, now),
        ice_servers(turn.turn_url(), &wrong, 2, now),
    );
}

#[test]
fn expired_credentials_do_not_connect() {
    let Some(turn) = coturn() else { return };
    // Issued two hours ago with a one-hour lifetime.
    let issued = Utc::now() - chrono::Duration::hours(2);
    assert_rejected(
        &turn,
        ice_servers(turn.turn_url(), &turn.secret, 1, issued),
        ice_servers(turn.turn_url(), &turn.secret, 2, issued),
    );
}
