//! The media seam: where a call's video engine plugs in.
//!
//! Two engines are being built: the webview one (`crates/media-web`, web-sys
//! `RTCPeerConnection`) and the native one (`crates/media`, GStreamer, frames over a Tauri
//! channel) for webviews without WebRTC, like Debian's WebKitGTK. Until one is wired in,
//! [`engine`] returns the placeholder: the call lifecycle runs in full and the screen says
//! plainly that video is unavailable. It never shows a fake picture.

use meetcute_domain::wire::SignalKind;
use meetcute_domain::{CallRole, SessionId};
use std::cell::RefCell;

/// What the call screen can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Real video from an engine.
    Video,
    /// No engine: the call runs without pictures; `reason` is shown on the screen.
    Unavailable { reason: &'static str },
}

/// A call's media: one engine instance per call session.
pub trait MediaEngine {
    fn availability(&self) -> Availability;
    /// The call was accepted: the caller makes the offer, the callee waits for it.
    fn begin(&mut self, session_id: SessionId, role: CallRole);
    /// A signaling message from the other person (SDP or ICE), relayed by the core.
    fn on_signal(&mut self, session_id: SessionId, kind: SignalKind, payload: serde_json::Value);
    fn set_muted(&mut self, muted: bool);
    fn set_camera_off(&mut self, off: bool);
    fn end(&mut self);
}

/// The engine until a real one is wired in: no video, and says so.
#[derive(Debug, Default)]
pub struct Placeholder {
    session: Option<SessionId>,
}

pub const UNAVAILABLE_REASON: &str =
    "Video unavailable: this build has no video engine yet. The call itself is real.";

impl MediaEngine for Placeholder {
    fn availability(&self) -> Availability {
        Availability::Unavailable {
            reason: UNAVAILABLE_REASON,
        }
    }

    fn begin(&mut self, session_id: SessionId, role: CallRole) {
        tracing::info!(%session_id, ?role, "call media: placeholder engine, no video");
        self.session = Some(session_id);
    }

    fn on_signal(&mut self, session_id: SessionId, kind: SignalKind, _payload: serde_json::Value) {
        tracing::debug!(%session_id, ?kind, "signal ignored by the placeholder engine");
    }

    fn set_muted(&mut self, muted: bool) {
        tracing::debug!(muted, "mute (placeholder engine)");
    }

    fn set_camera_off(&mut self, off: bool) {
        tracing::debug!(off, "camera off (placeholder engine)");
    }

    fn end(&mut self) {
        self.session = None;
    }
}

thread_local! {
    static ENGINE: RefCell<Box<dyn MediaEngine>> = RefCell::new(select_engine());
}

/// Picks the engine for this platform. The seam for `crates/media-web` / `crates/media`.
fn select_engine() -> Box<dyn MediaEngine> {
    Box::new(Placeholder::default())
}

/// Runs `f` with the app's engine.
pub fn engine<R>(f: impl FnOnce(&mut dyn MediaEngine) -> R) -> R {
    ENGINE.with(|engine| f(engine.borrow_mut().as_mut()))
}
