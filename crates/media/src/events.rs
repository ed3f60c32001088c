//! What the engine hands back to its owner: signals to send, frames to show, events.

use std::sync::Arc;

use meetcute_domain::wire::SignalKind;
use serde_json::Value;

use crate::stats::ConnectionState;

/// Whose picture a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameSource {
    /// The self-preview (what we send).
    Local,
    /// The peer's video, decoded.
    Remote,
}

/// One video frame as JPEG, for a canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub source: FrameSource,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// Something the UI may want to show.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaEvent {
    /// The peer connection changed state.
    Connection(ConnectionState),
    /// The first remote video frame was decoded.
    RemoteVideoStarted,
    /// A human-readable problem (device error, unsupported request, pipeline error).
    Error(String),
}

type SignalFn = dyn Fn(SignalKind, Value) + Send + Sync;
type FrameFn = dyn Fn(Frame) + Send + Sync;
type EventFn = dyn Fn(MediaEvent) + Send + Sync;

/// The owner's callbacks. They run on GStreamer's threads: keep them short (forward to a
/// channel), and never call back into the engine's `hang_up` from inside one.
#[derive(Clone)]
pub struct Callbacks {
    signal: Arc<SignalFn>,
    frame: Option<Arc<FrameFn>>,
    event: Option<Arc<EventFn>>,
}

impl Callbacks {
    /// `on_signal` receives every outgoing signal, in order (an SDP before its candidates).
    pub fn new(on_signal: impl Fn(SignalKind, Value) + Send + Sync + 'static) -> Self {
        Self {
            signal: Arc::new(on_signal),
            frame: None,
            event: None,
        }
    }

    /// Receives local-preview and remote frames as JPEG.
    pub fn on_frame(mut self, f: impl Fn(Frame) + Send + Sync + 'static) -> Self {
        self.frame = Some(Arc::new(f));
        self
    }

    /// Receives connection changes and errors.
    pub fn on_event(mut self, f: impl Fn(MediaEvent) + Send + Sync + 'static) -> Self {
        self.event = Some(Arc::new(f));
        self
    }

    pub(crate) fn signal(&self, kind: SignalKind, payload: Value) {
        (self.signal)(kind, payload);
    }

    pub(crate) fn wants_frames(&self) -> bool {
        self.frame.is_some()
    }

    pub(crate) fn frame(&self, frame: Frame) {
        if let Some(f) = &self.frame {
            f(frame);
        }
    }

    pub(crate) fn event(&self, event: MediaEvent) {
        if let Some(f) = &self.event {
            f(event);
        }
    }
}

impl std::fmt::Debug for Callbacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callbacks")
            .field("frame", &self.frame.is_some())
            .field("event", &self.event.is_some())
            .finish_non_exhaustive()
    }
}
