//! Meetcute's webview call engine: `RTCPeerConnection` and `getUserMedia` over web-sys, for
//! webviews that have WebRTC (WebView2, WKWebView, Android WebView, browsers).
//!
//! The same conceptual interface as the native engine (`meetcute-media`): start with a role
//! and ICE servers, hand it the peer's signals, receive outgoing signals through a
//! callback, mute / camera toggles, hang up. Signals use the shared payload format
//! ([`payload`]). Perfect negotiation: both sides may offer; the polite side (callee) rolls
//! back on a collision, the impolite side (caller) ignores the peer's colliding offer.
//! ICE is restarted when the connection is disconnected or failed (the impolite side
//! restarts; the polite side asks it to with a `restart` signal).
//!
//! Only [`webrtc_available`], [`payload`] and [`device_error`] exist off wasm32, so the
//! workspace builds and tests on the host.

pub mod device_error;
pub mod payload;

#[cfg(target_arch = "wasm32")]
mod devices;
#[cfg(target_arch = "wasm32")]
mod engine;
#[cfg(target_arch = "wasm32")]
mod js_api;

#[cfg(target_arch = "wasm32")]
pub use engine::{WebConfig, WebEngine, WebEvent};
#[cfg(target_arch = "wasm32")]
pub use js_api::JsEngine;
pub use meetcute_domain::wire::{IceServer, SignalKind};

/// Whether this webview has `RTCPeerConnection` (false off wasm32, and in Debian's
/// WebKitGTK): pick the webview engine when true, the native engine otherwise.
pub fn webrtc_available() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        engine::has_rtc_peer_connection()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}
