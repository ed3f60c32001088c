//! Calls' native media, for webviews without WebRTC (Debian's WebKitGTK): one
//! `meetcute-media` engine per live call, glued to `meetcute-core`.
//!
//! The UI starts the engine once the call is active (`media_start`, with a channel for the
//! pictures); the peer's signals go straight from the core's events to the engine, and the
//! engine's signals straight to the core, so SDP and ICE never cross the webview.
//! Tauri-free: the e2e test plays the other person with the same glue.

mod native_calls;
mod packet;

pub use native_calls::{MediaOut, NativeCalls};
pub use packet::{FrameGate, encode};
