//! The media seam: one interface, an engine chosen at run time by what the webview offers.
//!
//! - A webview with WebRTC (WebView2, WKWebView, Android): its own `RTCPeerConnection`
//!   ([`webview`], `meetcute-media-web`), streams in `<video>` surfaces.
//! - The Meetcute window on a webview without WebRTC (Debian's WebKitGTK): the shell's
//!   native engine (`meetcute-media`, GStreamer) runs the call and sends its pictures over
//!   a Tauri channel ([`native`]), shown as JPEG in `<img>` surfaces ([`surface`]).
//! - Anywhere else (outside the window, in tests): [`Placeholder`] runs the call without
//!   pictures and the screen says so plainly. It never shows a fake picture.

#[cfg(target_arch = "wasm32")]
mod native;
pub mod packet;
#[cfg(target_arch = "wasm32")]
mod surface;
#[cfg(target_arch = "wasm32")]
mod webview;

pub use packet::MediaNotice;

use meetcute_domain::wire::{IceServer, SignalKind};
use meetcute_domain::{CallRole, SessionId};
use std::cell::RefCell;
use std::collections::HashMap;
use yew::Callback;

/// The `id`s of the call screen's picture surfaces.
pub const REMOTE_SURFACE: &str = "remote-surface";
pub const LOCAL_SURFACE: &str = "local-surface";

/// What the engine draws into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `<img>`: JPEG pictures from the native engine.
    Image,
    /// `<video>`: the webview's own media streams.
    Stream,
}

/// What the call screen can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Real video from an engine, drawn into the surfaces.
    Video(Surface),
    /// No engine: the call runs without pictures; `reason` is shown on the screen.
    Unavailable { reason: &'static str },
}

/// A call's media: one engine instance per call session.
pub trait MediaEngine {
    fn availability(&self) -> Availability;
    /// The call was accepted: the caller makes the offer, the callee waits for it.
    /// `on_notice` hears device errors and connection changes.
    fn begin(&mut self, session_id: SessionId, role: CallRole, on_notice: Callback<MediaNotice>);
    /// A signaling message from the other person (SDP or ICE), relayed by the core.
    fn on_signal(&mut self, session_id: SessionId, kind: SignalKind, payload: serde_json::Value);
    fn set_muted(&mut self, muted: bool);
    fn set_camera_off(&mut self, off: bool);
    fn end(&mut self);
}

/// The engine when none can run: no video, and says so.
#[derive(Debug, Default)]
pub struct Placeholder {
    session: Option<SessionId>,
}

pub const UNAVAILABLE_REASON: &str =
    "Video unavailable: no video engine runs here. The call itself is real.";

impl MediaEngine for Placeholder {
    fn availability(&self) -> Availability {
        Availability::Unavailable {
            reason: UNAVAILABLE_REASON,
        }
    }

    fn begin(&mut self, session_id: SessionId, role: CallRole, _on_notice: Callback<MediaNotice>) {
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

/// At most one call is live at a time; a few more cover a glare (both calling at once).
const REMEMBERED_CALLS: usize = 4;

thread_local! {
    static ENGINE: RefCell<Box<dyn MediaEngine>> = RefCell::new(select_engine());
    static ICE_SERVERS: RefCell<HashMap<SessionId, Vec<IceServer>>> = RefCell::default();
}

/// The webview's WebRTC where it exists; otherwise the shell's native engine inside the
/// Meetcute window; the placeholder elsewhere.
fn select_engine() -> Box<dyn MediaEngine> {
    #[cfg(target_arch = "wasm32")]
    {
        if meetcute_media_web::webrtc_available() {
            tracing::info!("call media: the webview's WebRTC");
            return Box::new(webview::WebviewEngine::default());
        }
        if native::shell_present() {
            tracing::info!("call media: the native engine (no WebRTC in this webview)");
            return Box::new(native::NativeEngine::default());
        }
    }
    Box::new(Placeholder::default())
}

/// Keeps the ICE servers a start-call or accept answer gave (the webview engine uses them;
/// the native engine gets them from the shell).
pub fn remember_ice_servers(session_id: SessionId, servers: Vec<IceServer>) {
    ICE_SERVERS.with(|ice| {
        let mut ice = ice.borrow_mut();
        // Calls that never connected (declined, missed) are never taken: keep only recent ones.
        if ice.len() >= REMEMBERED_CALLS {
            ice.clear();
        }
        ice.insert(session_id, servers);
    });
}

/// The ICE servers kept for `session_id` (forgotten once taken).
pub fn take_ice_servers(session_id: SessionId) -> Vec<IceServer> {
    ICE_SERVERS.with(|ice| ice.borrow_mut().remove(&session_id).unwrap_or_default())
}

/// Runs `f` with the app's engine.
pub fn engine<R>(f: impl FnOnce(&mut dyn MediaEngine) -> R) -> R {
    ENGINE.with(|engine| f(engine.borrow_mut().as_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stun(n: u128) -> Vec<IceServer> {
        vec![IceServer {
            urls: vec![format!("stun:stun{n}.example.org:3478")],
            username: None,
            credential: None,
        }]
    }

    #[test]
    fn ice_servers_are_taken_once_and_never_pile_up() {
        let session =
            |n: u128| -> SessionId { format!("00000000-0000-4000-8000-{n:012}").parse().unwrap() };
        for n in 0..20 {
            remember_ice_servers(session(n), stun(n));
        }
        ICE_SERVERS.with(|ice| assert!(ice.borrow().len() <= REMEMBERED_CALLS));
        assert_eq!(take_ice_servers(session(19)), stun(19));
        assert!(take_ice_servers(session(19)).is_empty(), "taken once");
        assert!(
            take_ice_servers(session(0)).is_empty(),
            "an old call was forgotten"
        );
    }
}
