//! Two engines in one process, wired to each other through in-memory signaling.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use meetcute_media::{
    Callbacks, Frame, FrameSource, MediaConfig, MediaEngine, MediaEvent, Role, SignalKind,
};
use serde_json::Value;

/// What one side's frame callback saw.
#[derive(Default)]
pub struct FrameLog {
    pub local: AtomicU64,
    pub remote: AtomicU64,
    pub last_remote: Mutex<Option<Frame>>,
}

pub struct Side {
    pub engine: MediaEngine,
    pub signals: Receiver<(SignalKind, Value)>,
    pub events: Receiver<MediaEvent>,
    pub frames: Arc<FrameLog>,
    pub seen_events: Vec<MediaEvent>,
    /// Kinds of every signal this side sent, in order.
    pub sent: Arc<Mutex<Vec<SignalKind>>>,
}

impl Side {
    pub fn start(config: MediaConfig) -> Side {
        let (sig_tx, signals) = channel();
        let (ev_tx, events) = channel();
        let sig_tx = Mutex::new(sig_tx);
        let ev_tx = Mutex::new(ev_tx);
        let frames = Arc::new(FrameLog::default());
        let log = frames.clone();
        let sent = Arc::new(Mutex::new(Vec::new()));
        let sent_log = sent.clone();
        let callbacks = Callbacks::new(move |kind, payload| {
            sent_log.lock().unwrap().push(kind);
            let _ = sig_tx.lock().unwrap().send((kind, payload));
        })
        .on_event(move |e| {
            let _ = ev_tx.lock().unwrap().send(e);
        })
        .on_frame(move |f| match f.source {
            FrameSource::Local => {
                log.local.fetch_add(1, Ordering::Relaxed);
            }
            FrameSource::Remote => {
                log.remote.fetch_add(1, Ordering::Relaxed);
                *log.last_remote.lock().unwrap() = Some(f);
            }
        });
        let engine = MediaEngine::start(config, callbacks).expect("engine starts");
        Side {
            engine,
            signals,
            events,
            frames,
            seen_events: Vec::new(),
            sent,
        }
    }

    pub fn sent_kinds(&self) -> Vec<SignalKind> {
        self.sent.lock().unwrap().clone()
    }

    /// Waits for this side's next outgoing signal.
    pub fn next_signal(&self, timeout: Duration) -> Option<(SignalKind, Value)> {
        self.signals.recv_timeout(timeout).ok()
    }

    pub fn remote_frames(&self) -> u64 {
        self.frames.remote.load(Ordering::Relaxed)
    }
}

pub fn config(role: Role) -> MediaConfig {
    MediaConfig::new(role, vec![]).with_fake_media(true)
}

/// Relays every pending signal of `from` to `to`; returns how many.
pub fn relay(from: &Side, to: &Side) -> usize {
    let mut n = 0;
    while let Ok((kind, payload)) = from.signals.try_recv() {
        to.engine
            .handle_signal(kind, &payload)
            .expect("a well-formed signal is accepted");
        n += 1;
    }
    n
}

pub fn drain_events(side: &mut Side) {
    while let Ok(e) = side.events.try_recv() {
        side.seen_events.push(e);
    }
}

/// Relays signals both ways until `done` holds or `timeout` passes; true if it held.
pub fn pump(
    a: &mut Side,
    b: &mut Side,
    timeout: Duration,
    done: impl Fn(&Side, &Side) -> bool,
) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        relay(a, b);
        relay(b, a);
        drain_events(a);
        drain_events(b);
        if done(a, b) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "meetcute_media=info".into()),
        )
        .with_test_writer()
        .try_init();
}
