//! The signal payloads both engines and the browser exchange (fixed format).
//!
//! - offer/answer: `{"type":"offer"|"answer","sdp":"..."}`
//! - ice: `{"candidate":"...","sdpMLineIndex":N,"sdpMid":"..."}` (RTCIceCandidateInit)
//! - restart: `{}` (asks the impolite side to renegotiate with an ICE restart)

use meetcute_domain::wire::SignalKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::MediaError;

/// An offer or an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdpPayload {
    #[serde(rename = "type")]
    pub kind: SdpKind,
    pub sdp: String,
}

/// The `type` of an [`SdpPayload`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SdpKind {
    Offer,
    Answer,
}

/// One trickled ICE candidate (RTCIceCandidateInit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcePayload {
    pub candidate: String,
    #[serde(
        rename = "sdpMLineIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sdp_mline_index: Option<u32>,
    #[serde(rename = "sdpMid", default, skip_serializing_if = "Option::is_none")]
    pub sdp_mid: Option<String>,
}

/// A decoded incoming signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    Offer(String),
    Answer(String),
    Ice(IcePayload),
    Restart,
}

impl Signal {
    /// Decodes a signal; a payload that does not match its kind is an error, never a panic.
    pub fn parse(kind: SignalKind, payload: &Value) -> Result<Self, MediaError> {
        match kind {
            SignalKind::Offer | SignalKind::Answer => {
                let name = if kind == SignalKind::Offer {
                    "offer"
                } else {
                    "answer"
                };
                let sdp: SdpPayload = serde_json::from_value(payload.clone())
                    .map_err(|e| MediaError::bad(name, e.to_string()))?;
                match (kind, sdp.kind) {
                    (SignalKind::Offer, SdpKind::Offer) => Ok(Signal::Offer(sdp.sdp)),
                    (SignalKind::Answer, SdpKind::Answer) => Ok(Signal::Answer(sdp.sdp)),
                    _ => Err(MediaError::bad(name, "the payload's type does not match")),
                }
            }
            SignalKind::Ice => serde_json::from_value(payload.clone())
                .map(Signal::Ice)
                .map_err(|e| MediaError::bad("ice", e.to_string())),
            SignalKind::Restart if payload.is_object() => Ok(Signal::Restart),
            SignalKind::Restart => Err(MediaError::bad("restart", "expected an object")),
        }
    }

    /// The signal as `(kind, payload)`, ready for `Core::send_signal`.
    pub fn encode(&self) -> (SignalKind, Value) {
        let sdp = |kind, sdp: &str| {
            serde_json::json!(SdpPayload {
                kind,
                sdp: sdp.to_owned()
            })
        };
        match self {
            Signal::Offer(s) => (SignalKind::Offer, sdp(SdpKind::Offer, s)),
            Signal::Answer(s) => (SignalKind::Answer, sdp(SdpKind::Answer, s)),
            Signal::Ice(c) => (SignalKind::Ice, serde_json::json!(c)),
            Signal::Restart => (SignalKind::Restart, serde_json::json!({})),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn offer_round_trips_in_the_browser_format() {
        let (kind, payload) = Signal::Offer("v=0\r\n".into()).encode();
        assert_eq!(kind, SignalKind::Offer);
        assert_eq!(payload, json!({"type": "offer", "sdp": "v=0\r\n"}));
        assert_eq!(
            Signal::parse(kind, &payload).unwrap(),
            Signal::Offer("v=0\r\n".into())
        );
    }

    #[test]
    fn ice_uses_rtc_ice_candidate_init_names() {
        let c = IcePayload {
            candidate: "candidate:1 1 UDP 1 127.0.0.1 5000 typ host".into(),
            sdp_mline_index: Some(0),
            sdp_mid: Some("video0".into()),
        };
        let (kind, payload) = Signal::Ice(c.clone()).encode();
        assert_eq!(payload["sdpMLineIndex"], 0);
        assert_eq!(payload["sdpMid"], "video0");
        assert_eq!(Signal::parse(kind, &payload).unwrap(), Signal::Ice(c));
    }

    #[test]
    fn browser_ice_with_null_fields_is_accepted() {
        let p = json!({"candidate": "", "sdpMLineIndex": null, "sdpMid": null});
        let Signal::Ice(c) = Signal::parse(SignalKind::Ice, &p).unwrap() else {
            panic!()
        };
        assert_eq!((c.sdp_mline_index, c.sdp_mid), (None, None));
    }

    #[test]
    fn restart_is_an_empty_object() {
        assert_eq!(Signal::Restart.encode(), (SignalKind::Restart, json!({})));
        assert_eq!(
            Signal::parse(SignalKind::Restart, &json!({})).unwrap(),
            Signal::Restart
        );
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        for (kind, p) in [
            (SignalKind::Offer, json!({"type": "answer", "sdp": "v=0"})),
            (SignalKind::Offer, json!({"sdp": 3})),
            (SignalKind::Answer, json!("nope")),
            (SignalKind::Ice, json!({"sdpMLineIndex": -1})),
            (SignalKind::Restart, json!(null)),
        ] {
            assert!(
                matches!(Signal::parse(kind, &p), Err(MediaError::BadSignal { .. })),
                "{p}"
            );
        }
    }
}
