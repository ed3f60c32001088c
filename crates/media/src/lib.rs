//! Meetcute's native call engine: GStreamer `webrtcbin`, for webviews without WebRTC
//! (Debian's WebKitGTK has no `RTCPeerConnection`).
//!
//! Transport-agnostic: outgoing signals leave through [`Callbacks`] as
//! `(SignalKind, serde_json::Value)` in the browser's payload format (see [`signal`]), and
//! incoming ones enter through [`MediaEngine::handle_signal`]. The shell glues both to
//! `meetcute-core` (`Core::send_signal`, `AppEvent::Signal`). Frames (self-preview and
//! remote) leave as JPEG through [`Callbacks::on_frame`].
//!
//! ```no_run
//! use meetcute_media::{Callbacks, MediaConfig, MediaEngine, Role};
//! let config = MediaConfig::new(Role::Impolite, vec![]).with_fake_media(true);
//! let engine = MediaEngine::start(config, Callbacks::new(|kind, payload| {
//!     // relay to the peer: core.send_signal(session, kind, payload)
//! }))?;
//! // peer signals: engine.handle_signal(kind, &payload)?;
//! let report = engine.hang_up();
//! # Ok::<(), meetcute_media::MediaError>(())
//! ```

mod config;
mod engine;
mod error;
mod events;
mod frames;
pub mod ice;
mod negotiation;
mod pipeline;
mod receive;
pub mod signal;
mod stats;

pub use config::{FAKE_MEDIA_ENV, MediaConfig, Role, fake_media_from_env};
pub use engine::{HangUp, MediaEngine};
pub use error::MediaError;
pub use events::{Callbacks, Frame, FrameSource, MediaEvent};
pub use meetcute_domain::wire::SignalKind;
pub use pipeline::warm_up;
pub use stats::{ConnectionState, Stats};
