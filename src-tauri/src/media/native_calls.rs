//! [`NativeCalls`]: the live call's engine, the ICE servers each call was given, and the
//! signals that arrived before the engine started.

use meetcute_core::Core;
use meetcute_domain::app::AppEvent;
use meetcute_domain::wire::{IceServer, SignalKind};
use meetcute_domain::{CallRole, SessionId};
use meetcute_media::{Callbacks, Frame, MediaConfig, MediaEngine, MediaError, MediaEvent, Stats};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;

/// What the engine hands the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaOut {
    Frame(Frame),
    Event(MediaEvent),
}

/// Signals kept per session until its engine starts (the caller's offer can beat the
/// callee's UI to it). Bounded: a peer cannot grow it without limit.
const EARLY_SIGNALS_PER_CALL: usize = 256;

/// The engines of this person's calls (at most one live at a time, as the rules say).
#[derive(Default)]
pub struct NativeCalls {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    ice_servers: HashMap<SessionId, Vec<IceServer>>,
    early_signals: HashMap<SessionId, Vec<(SignalKind, Value)>>,
    live: Option<LiveMedia>,
}

struct LiveMedia {
    session_id: SessionId,
    engine: MediaEngine,
}

impl NativeCalls {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the ICE servers a start-call or accept answer gave for `session_id`.
    pub fn remember_ice_servers(&self, session_id: SessionId, servers: Vec<IceServer>) {
        self.lock().ice_servers.insert(session_id, servers);
    }

    /// Starts the engine for `session_id` (the caller offers at once, the callee answers
    /// the offer) and replays the signals that came early. Any other live engine stops.
    pub async fn start(
        &self,
        core: &Core,
        session_id: SessionId,
        role: CallRole,
        out: impl Fn(MediaOut) + Send + Sync + 'static,
    ) -> Result<(), MediaError> {
        if self.is_live(session_id) {
            return Ok(());
        }
        // One camera: the previous call's pipeline lets go of it before this one starts.
        if let Some(previous) = self.take_others(session_id) {
            let _ = tokio::task::spawn_blocking(move || previous.engine.hang_up()).await;
        }
        let servers = self
            .lock()
            .ice_servers
            .get(&session_id)
            .cloned()
            .unwrap_or_default();
        let config = MediaConfig::new(role.into(), servers);
        let callbacks = callbacks(core.clone(), session_id, Arc::new(out));
        let engine = tokio::task::spawn_blocking(move || MediaEngine::start(config, callbacks))
            .await
            .map_err(|e| MediaError::Pipeline(format!("the engine's start-up panicked: {e}")))??;
        let mut state = self.lock();
        for (kind, payload) in state.early_signals.remove(&session_id).unwrap_or_default() {
            if let Err(error) = engine.handle_signal(kind, &payload) {
                tracing::warn!(%session_id, %error, "an early signal was refused");
            }
        }
        tracing::info!(%session_id, ?role, "native call media started");
        state.live = Some(LiveMedia { session_id, engine });
        Ok(())
    }

    /// Routes the core's events: the peer's signals to the engine (or kept until it starts),
    /// and a call that is over stops its engine.
    pub fn handle_event(&self, event: &AppEvent) {
        match event {
            AppEvent::Signal {
                session_id,
                kind,
                payload,
                ..
            } => self.on_signal(*session_id, *kind, payload),
            AppEvent::CallUpdated { session } if session.status.is_terminal() => {
                self.stop(session.session_id);
            }
            AppEvent::SignedOut => self.stop_all(),
            _ => {}
        }
    }

    fn on_signal(&self, session_id: SessionId, kind: SignalKind, payload: &Value) {
        let mut state = self.lock();
        match &state.live {
            Some(live) if live.session_id == session_id => {
                if let Err(error) = live.engine.handle_signal(kind, payload) {
                    tracing::warn!(%session_id, %error, "a signal from the peer was refused");
                }
            }
            _ => {
                let early = state.early_signals.entry(session_id).or_default();
                if early.len() < EARLY_SIGNALS_PER_CALL {
                    early.push((kind, payload.clone()));
                }
            }
        }
    }

    pub fn set_muted(&self, muted: bool) {
        if let Some(live) = &self.lock().live {
            live.engine.set_muted(muted);
        }
    }

    pub fn set_camera(&self, on: bool) {
        if let Some(live) = &self.lock().live {
            live.engine.set_camera(on);
        }
    }

    /// The live call's figures, if `session_id` is live.
    pub fn stats(&self, session_id: SessionId) -> Option<Stats> {
        let state = self.lock();
        let live = state.live.as_ref().filter(|l| l.session_id == session_id)?;
        Some(live.engine.stats())
    }

    pub fn is_live(&self, session_id: SessionId) -> bool {
        self.lock()
            .live
            .as_ref()
            .is_some_and(|l| l.session_id == session_id)
    }

    /// Stops `session_id`'s engine and forgets everything about the call.
    pub fn stop(&self, session_id: SessionId) {
        let live = {
            let mut state = self.lock();
            state.ice_servers.remove(&session_id);
            state.early_signals.remove(&session_id);
            state.live.take_if(|l| l.session_id == session_id)
        };
        hang_up_in_background(live);
    }

    /// Takes out every engine but `keep`'s and forgets the other calls' early signals.
    fn take_others(&self, keep: SessionId) -> Option<LiveMedia> {
        let mut state = self.lock();
        state.early_signals.retain(|id, _| *id == keep);
        state.live.take_if(|l| l.session_id != keep)
    }

    fn stop_all(&self) {
        let live = {
            let mut state = self.lock();
            state.early_signals.clear();
            state.ice_servers.clear();
            state.live.take()
        };
        hang_up_in_background(live);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Stopping a pipeline waits for GStreamer's threads: never on the caller's thread.
fn hang_up_in_background(live: Option<LiveMedia>) {
    if let Some(LiveMedia { session_id, engine }) = live {
        std::thread::spawn(move || {
            let report = engine.hang_up();
            tracing::info!(%session_id, ?report, "native call media stopped");
        });
    }
}

/// The engine's outgoing signals go to the core in order (an SDP before its candidates);
/// pictures and events go to `out`.
fn callbacks(
    core: Core,
    session_id: SessionId,
    out: Arc<dyn Fn(MediaOut) + Send + Sync>,
) -> Callbacks {
    let (signals, mut to_send) = mpsc::unbounded_channel::<(SignalKind, Value)>();
    tokio::spawn(async move {
        while let Some((kind, payload)) = to_send.recv().await {
            if let Err(error) = core.send_signal(session_id, kind, payload).await {
                tracing::warn!(%session_id, ?kind, %error, "a signal could not be sent");
            }
        }
    });
    let frames = out.clone();
    Callbacks::new(move |kind, payload| {
        let _ = signals.send((kind, payload));
    })
    .on_frame(move |frame| frames(MediaOut::Frame(frame)))
    .on_event(move |event| {
        if let MediaEvent::Error(message) = &event {
            tracing::warn!(%session_id, %message, "call media");
        }
        out(MediaOut::Event(event));
    })
}
