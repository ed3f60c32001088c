//! What goes down the call's channel to the UI: one binary message per picture or event.
//!
//! Byte 0 says what follows: `0` the self-preview as JPEG, `1` the other person's video as
//! JPEG, `2` a media event as UTF-8 JSON (`{"connection":"connected"}`, `{"error":"…"}`,
//! `{"remote_video":true}`). The UI's `services/native_media.rs` reads the same layout.

use super::native_calls::MediaOut;
use meetcute_media::{ConnectionState, FrameSource, MediaEvent};
use std::time::{Duration, Instant};

pub const LOCAL_FRAME: u8 = 0;
pub const REMOTE_FRAME: u8 = 1;
pub const EVENT: u8 = 2;

/// The binary message for `out`.
pub fn encode(out: &MediaOut) -> Vec<u8> {
    match out {
        MediaOut::Frame(frame) => {
            let tag = match frame.source {
                FrameSource::Local => LOCAL_FRAME,
                FrameSource::Remote => REMOTE_FRAME,
            };
            let mut bytes = Vec::with_capacity(frame.jpeg.len() + 1);
            bytes.push(tag);
            bytes.extend_from_slice(&frame.jpeg);
            bytes
        }
        MediaOut::Event(event) => {
            let json = match event {
                MediaEvent::Connection(state) => {
                    serde_json::json!({ "connection": connection_word(*state) })
                }
                MediaEvent::RemoteVideoStarted => serde_json::json!({ "remote_video": true }),
                MediaEvent::Error(message) => serde_json::json!({ "error": message }),
            };
            let mut bytes = vec![EVENT];
            bytes.extend_from_slice(json.to_string().as_bytes());
            bytes
        }
    }
}

fn connection_word(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::New => "new",
        ConnectionState::Connecting => "connecting",
        ConnectionState::Connected => "connected",
        ConnectionState::Disconnected => "disconnected",
        ConnectionState::Failed => "failed",
        ConnectionState::Closed => "closed",
    }
}

/// Lets through at most `per_second` pictures of each source: the webview decodes every
/// JPEG it gets, and the self-preview does not need the full rate.
#[derive(Debug)]
pub struct FrameGate {
    local_every: Duration,
    remote_every: Duration,
    last_local: Option<Instant>,
    last_remote: Option<Instant>,
}

impl FrameGate {
    pub fn new(local_per_second: u32, remote_per_second: u32) -> Self {
        let every = |fps: u32| Duration::from_secs(1) / fps.max(1);
        Self {
            local_every: every(local_per_second),
            remote_every: every(remote_per_second),
            last_local: None,
            last_remote: None,
        }
    }

    /// Whether a picture of `source` arriving at `now` goes to the UI.
    pub fn admit(&mut self, source: FrameSource, now: Instant) -> bool {
        let (last, every) = match source {
            FrameSource::Local => (&mut self.last_local, self.local_every),
            FrameSource::Remote => (&mut self.last_remote, self.remote_every),
        };
        // A little slack so a 30 fps source is not cut to 15 by jitter.
        let due = last.is_none_or(|t| now.duration_since(t) + every / 5 >= every);
        if due {
            *last = Some(now);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meetcute_media::Frame;

    #[test]
    fn frames_carry_their_source_then_the_jpeg() {
        let frame = |source| {
            MediaOut::Frame(Frame {
                source,
                width: 640,
                height: 480,
                jpeg: vec![0xff, 0xd8, 0xff],
            })
        };
        assert_eq!(
            encode(&frame(FrameSource::Local)),
            [LOCAL_FRAME, 0xff, 0xd8, 0xff]
        );
        assert_eq!(
            encode(&frame(FrameSource::Remote)),
            [REMOTE_FRAME, 0xff, 0xd8, 0xff]
        );
    }

    #[test]
    fn events_are_tagged_json() {
        let bytes = encode(&MediaOut::Event(MediaEvent::Connection(
            ConnectionState::Connected,
        )));
        assert_eq!(bytes[0], EVENT);
        let json: serde_json::Value = serde_json::from_slice(&bytes[1..]).unwrap();
        assert_eq!(json["connection"], "connected");
        let bytes = encode(&MediaOut::Event(MediaEvent::Error("no camera".into())));
        let json: serde_json::Value = serde_json::from_slice(&bytes[1..]).unwrap();
        assert_eq!(json["error"], "no camera");
    }

    #[test]
    fn the_gate_passes_each_source_at_its_own_rate() {
        let mut gate = FrameGate::new(10, 30);
        let start = Instant::now();
        let mut passed = (0, 0);
        // One second of 30 fps from both sources.
        for i in 0..30u32 {
            let now = start + Duration::from_millis(u64::from(i) * 1000 / 30);
            passed.0 += u32::from(gate.admit(FrameSource::Local, now));
            passed.1 += u32::from(gate.admit(FrameSource::Remote, now));
        }
        assert!((9..=11).contains(&passed.0), "preview: {}", passed.0);
        assert_eq!(passed.1, 30, "the other person at full rate");
    }
}
