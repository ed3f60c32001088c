//! Reads the native engine's channel messages (the shell's `media::packet` layout): byte 0
//! says what follows, `0` self-preview JPEG, `1` the other person's JPEG, `2` an event as
//! JSON. Pure, so it is tested natively.

use serde::Deserialize;

/// One message from the native engine.
#[derive(Debug, PartialEq, Eq)]
pub enum Packet<'a> {
    LocalFrame(&'a [u8]),
    RemoteFrame(&'a [u8]),
    Notice(MediaNotice),
}

/// A media event worth showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaNotice {
    /// The peer connection's state: `connecting`, `connected`, `disconnected`, `failed`…
    Connection(String),
    /// The first picture of the other person arrived.
    RemoteVideoStarted,
    /// A device or pipeline problem, in words for people.
    Error(String),
}

#[derive(Deserialize)]
struct EventJson {
    connection: Option<String>,
    remote_video: Option<bool>,
    error: Option<String>,
}

/// `None` for an empty or unknown message (a newer shell): it is skipped.
pub fn decode(bytes: &[u8]) -> Option<Packet<'_>> {
    let (&tag, rest) = bytes.split_first()?;
    match tag {
        0 => Some(Packet::LocalFrame(rest)),
        1 => Some(Packet::RemoteFrame(rest)),
        2 => {
            let event: EventJson = serde_json::from_slice(rest).ok()?;
            let notice = if let Some(error) = event.error {
                MediaNotice::Error(error)
            } else if let Some(state) = event.connection {
                MediaNotice::Connection(state)
            } else if event.remote_video == Some(true) {
                MediaNotice::RemoteVideoStarted
            } else {
                return None;
            };
            Some(Packet::Notice(notice))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_told_apart_by_their_first_byte() {
        assert_eq!(
            decode(&[0, 0xff, 0xd8]),
            Some(Packet::LocalFrame(&[0xff, 0xd8]))
        );
        assert_eq!(
            decode(&[1, 0xff, 0xd8]),
            Some(Packet::RemoteFrame(&[0xff, 0xd8]))
        );
    }

    #[test]
    fn events_are_json() {
        let mut bytes = vec![2];
        bytes.extend_from_slice(br#"{"error":"No camera found"}"#);
        assert_eq!(
            decode(&bytes),
            Some(Packet::Notice(MediaNotice::Error("No camera found".into())))
        );
        let mut bytes = vec![2];
        bytes.extend_from_slice(br#"{"connection":"failed"}"#);
        assert_eq!(
            decode(&bytes),
            Some(Packet::Notice(MediaNotice::Connection("failed".into())))
        );
        let mut bytes = vec![2];
        bytes.extend_from_slice(br#"{"remote_video":true}"#);
        assert_eq!(
            decode(&bytes),
            Some(Packet::Notice(MediaNotice::RemoteVideoStarted))
        );
    }

    #[test]
    fn empty_unknown_and_broken_messages_are_skipped() {
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[9, 1, 2]), None);
        assert_eq!(decode(&[2, b'{']), None);
        assert_eq!(decode(&[2, b'{', b'}']), None);
    }
}
