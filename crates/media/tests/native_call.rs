//! Native ↔ native: two engines in one process call each other with test sources.

mod common;

use std::time::Duration;

use common::{Side, config, init_tracing, pump};
use meetcute_media::{ConnectionState, MediaError, MediaEvent, Role, SignalKind};
use serde_json::json;

#[test]
fn frames_and_audio_flow_both_ways_and_hang_up_is_clean() {
    init_tracing();
    let mut caller = Side::start(config(Role::Impolite));
    let mut callee = Side::start(config(Role::Polite));

    let connected = pump(&mut caller, &mut callee, Duration::from_secs(15), |a, b| {
        a.remote_frames() >= 30
            && b.remote_frames() >= 30
            && a.engine.stats().audible_buffers_in >= 20
            && b.engine.stats().audible_buffers_in >= 20
    });
    assert!(
        connected,
        "caller {:?}\ncallee {:?}",
        caller.engine.stats(),
        callee.engine.stats()
    );

    for side in [&caller, &callee] {
        let stats = side.engine.stats();
        assert_eq!(stats.connection, ConnectionState::Connected);
        assert!(stats.first_remote_frame.is_some());
        assert!(side.seen_events.contains(&MediaEvent::RemoteVideoStarted));
        assert!(
            side.seen_events
                .contains(&MediaEvent::Connection(ConnectionState::Connected))
        );
        let frame = side
            .frames
            .last_remote
            .lock()
            .unwrap()
            .clone()
            .expect("a remote frame");
        assert_eq!((frame.width, frame.height), (640, 480));
        assert_eq!(
            &frame.jpeg[..2],
            &[0xFF, 0xD8],
            "JPEG start-of-image marker"
        );
        assert!(
            side.frames.local.load(std::sync::atomic::Ordering::Relaxed) > 0,
            "self-preview"
        );
    }

    // Let the receive rate settle, then check it.
    pump(
        &mut caller,
        &mut callee,
        Duration::from_millis(2500),
        |_, _| false,
    );
    for side in [&caller, &callee] {
        let stats = side.engine.stats();
        assert!(stats.remote_fps >= 15.0, "remote fps {stats:?}");
    }

    // Muting the caller silences what the callee hears, though packets keep coming.
    caller.engine.set_muted(true);
    pump(
        &mut caller,
        &mut callee,
        Duration::from_millis(800),
        |_, _| false,
    );
    let before = callee.engine.stats();
    pump(&mut caller, &mut callee, Duration::from_secs(1), |_, _| {
        false
    });
    let after = callee.engine.stats();
    assert!(
        after.audio_buffers_in > before.audio_buffers_in + 20,
        "{before:?} {after:?}"
    );
    assert!(
        after.audible_buffers_in <= before.audible_buffers_in + 2,
        "{before:?} {after:?}"
    );
    // … and unmuting brings the sound back.
    caller.engine.set_muted(false);
    let heard = pump(&mut caller, &mut callee, Duration::from_secs(3), |_, b| {
        b.engine.stats().audible_buffers_in > after.audible_buffers_in + 20
    });
    assert!(heard, "sound after unmute");

    let a = caller.engine.hang_up();
    let b = callee.engine.hang_up();
    assert!(a.pipeline_released && b.pipeline_released, "{a:?} {b:?}");
}

#[test]
fn camera_off_sends_black_frames() {
    init_tracing();
    let mut caller = Side::start(config(Role::Impolite));
    let mut callee = Side::start(config(Role::Polite));
    assert!(pump(
        &mut caller,
        &mut callee,
        Duration::from_secs(15),
        |_, b| b.remote_frames() >= 10
    ));
    let size = |s: &Side| {
        s.frames
            .last_remote
            .lock()
            .unwrap()
            .as_ref()
            .map_or(0, |f| f.jpeg.len())
    };
    let lit = size(&callee);
    caller.engine.set_camera(false);
    pump(
        &mut caller,
        &mut callee,
        Duration::from_millis(1500),
        |_, _| false,
    );
    let dark = size(&callee);
    assert!(
        dark * 2 < lit,
        "a black frame compresses far better: lit {lit} B, dark {dark} B"
    );
    caller.engine.set_camera(true);
    let relit = pump(&mut caller, &mut callee, Duration::from_secs(3), |_, b| {
        size(b) * 2 > lit
    });
    assert!(relit, "picture back after camera on");
}

#[test]
fn malformed_signals_are_errors_and_the_engine_survives() {
    init_tracing();
    let callee = Side::start(config(Role::Polite));
    let bad = [
        (
            SignalKind::Offer,
            json!({"type": "offer", "sdp": "garbage"}),
        ),
        (
            SignalKind::Offer,
            json!({"type": "offer", "sdp": "v=0\r\ns=-\r\n"}),
        ),
        (SignalKind::Answer, json!({"type": "offer", "sdp": "v=0"})),
        (
            SignalKind::Ice,
            json!({"candidate": "nonsense", "sdpMLineIndex": 0}),
        ),
        (
            SignalKind::Ice,
            json!({"candidate": "candidate:1 1 UDP 1 1.2.3.4 9 typ host"}),
        ),
        (SignalKind::Restart, json!([])),
    ];
    for (kind, payload) in bad {
        let result = callee.engine.handle_signal(kind, &payload);
        assert!(
            matches!(result, Err(MediaError::BadSignal { .. })),
            "{payload}: {result:?}"
        );
    }
    // A real call still works afterwards.
    let mut callee = callee;
    let mut caller = Side::start(config(Role::Impolite));
    assert!(pump(
        &mut caller,
        &mut callee,
        Duration::from_secs(15),
        |a, b| { a.remote_frames() > 5 && b.remote_frames() > 5 }
    ));
}

#[test]
fn warm_up_finds_every_element() {
    meetcute_media::warm_up().expect("the GStreamer plugins a call needs are installed");
}
