//! The signal payloads, in the format both engines and the browser share.
//!
//! offer/answer `{"type":"offer"|"answer","sdp":"..."}`; ice
//! `{"candidate":"...","sdpMLineIndex":N,"sdpMid":"..."}`; restart `{}`.

use meetcute_domain::wire::SignalKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An offer or answer (`RTCSessionDescriptionInit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    #[serde(rename = "type")]
    pub kind: String,
    pub sdp: String,
}

/// A trickled candidate (`RTCIceCandidateInit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub candidate: String,
    #[serde(rename = "sdpMLineIndex", default)]
    pub sdp_mline_index: Option<u16>,
    #[serde(rename = "sdpMid", default)]
    pub sdp_mid: Option<String>,
}

/// A decoded incoming signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Description(Description),
    Candidate(Candidate),
    Restart,
}

/// Decodes a signal; a payload that does not fit its kind is an error message.
pub fn decode(kind: SignalKind, payload: &Value) -> Result<Incoming, String> {
    match kind {
        SignalKind::Offer | SignalKind::Answer => {
            let d: Description = serde_json::from_value(payload.clone())
                .map_err(|e| format!("bad {kind:?}: {e}"))?;
            let expected = if kind == SignalKind::Offer {
                "offer"
            } else {
                "answer"
            };
            if d.kind != expected {
                return Err(format!("a {kind:?} signal carries type {:?}", d.kind));
            }
            Ok(Incoming::Description(d))
        }
        SignalKind::Ice => serde_json::from_value(payload.clone())
            .map(Incoming::Candidate)
            .map_err(|e| format!("bad ice: {e}")),
        SignalKind::Restart => Ok(Incoming::Restart),
    }
}

/// Encodes a description as `(kind, payload)`.
pub fn description(kind: SignalKind, sdp: &str) -> (SignalKind, Value) {
    let t = if kind == SignalKind::Answer {
        "answer"
    } else {
        "offer"
    };
    (kind, serde_json::json!({ "type": t, "sdp": sdp }))
}

/// Encodes a candidate as `(kind, payload)`.
pub fn candidate(c: &Candidate) -> (SignalKind, Value) {
    (SignalKind::Ice, serde_json::json!(c))
}

/// The restart request.
pub fn restart() -> (SignalKind, Value) {
    (SignalKind::Restart, serde_json::json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips() {
        let (k, p) = description(SignalKind::Answer, "v=0");
        assert_eq!(p, json!({"type": "answer", "sdp": "v=0"}));
        assert!(matches!(decode(k, &p), Ok(Incoming::Description(d)) if d.sdp == "v=0"));
        let c = Candidate {
            candidate: "candidate:1".into(),
            sdp_mline_index: Some(0),
            sdp_mid: Some("0".into()),
        };
        let (k, p) = candidate(&c);
        assert_eq!(
            p,
            json!({"candidate": "candidate:1", "sdpMLineIndex": 0, "sdpMid": "0"})
        );
        assert_eq!(decode(k, &p), Ok(Incoming::Candidate(c)));
        assert_eq!(restart(), (SignalKind::Restart, json!({})));
    }

    #[test]
    fn mismatched_or_malformed_payloads_are_errors() {
        assert!(decode(SignalKind::Offer, &json!({"type": "answer", "sdp": ""})).is_err());
        assert!(decode(SignalKind::Ice, &json!({"sdpMid": 1})).is_err());
        assert!(decode(SignalKind::Answer, &json!(null)).is_err());
    }
}
