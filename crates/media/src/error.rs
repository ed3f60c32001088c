//! The engine's one error type.

/// What can go wrong in the native call engine.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// GStreamer itself could not be initialised (libraries missing or broken).
    #[error("GStreamer could not start: {0}")]
    Init(String),
    /// A GStreamer element is not installed (a plugin package is missing).
    #[error("the media element `{0}` is not installed (install the GStreamer plugins)")]
    MissingElement(String),
    /// The pipeline could not be built or started (device busy, permission refused, …).
    #[error("the call's media pipeline failed: {0}")]
    Pipeline(String),
    /// A signal from the peer was malformed (bad JSON shape, unparsable SDP, …).
    #[error("invalid {kind} signal from the peer: {reason}")]
    BadSignal { kind: &'static str, reason: String },
    /// The engine was already hung up.
    #[error("the call has ended")]
    Ended,
}

impl MediaError {
    pub(crate) fn bad(kind: &'static str, reason: impl Into<String>) -> Self {
        Self::BadSignal {
            kind,
            reason: reason.into(),
        }
    }
}
