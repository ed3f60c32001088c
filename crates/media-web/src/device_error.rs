//! Camera/microphone errors (`getUserMedia`'s `DOMException` names) as clear messages.

/// What the UI should say, and whether an audio-only call is still worth trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceProblem {
    pub message: &'static str,
    /// The camera is the problem (missing, busy, unsuitable): retry with the microphone.
    pub try_audio_only: bool,
}

/// Maps a `DOMException` name from `getUserMedia` to a message.
pub fn describe(name: &str) -> DeviceProblem {
    let (message, try_audio_only) = match name {
        "NotAllowedError" | "PermissionDeniedError" => (
            "Camera and microphone access was refused. Allow it in your settings to make video calls.",
            true,
        ),
        "NotFoundError" | "DevicesNotFoundError" => (
            "No camera was found. The call continues with audio only.",
            true,
        ),
        "NotReadableError" | "TrackStartError" | "AbortError" => (
            "The camera is in use by another app or could not start. The call continues with audio only.",
            true,
        ),
        "OverconstrainedError" | "ConstraintNotSatisfiedError" => (
            "The camera does not support the requested video size. The call continues with audio only.",
            true,
        ),
        "SecurityError" => ("Camera and microphone are blocked on this page.", false),
        "TypeError" => ("Camera and microphone are not available here.", false),
        _ => ("The camera or microphone could not be started.", true),
    };
    DeviceProblem {
        message,
        try_audio_only,
    }
}

/// The message when even the microphone fails after the camera did.
pub const NO_MICROPHONE: &str =
    "The microphone could not be started either, so the call cannot start.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_get_specific_messages() {
        assert!(describe("NotAllowedError").message.contains("refused"));
        assert!(describe("NotFoundError").message.contains("audio only"));
        assert!(describe("NotReadableError").message.contains("in use"));
        assert!(!describe("SecurityError").try_audio_only);
    }

    #[test]
    fn unknown_names_still_get_a_sentence() {
        let p = describe("SomethingNewError");
        assert!(p.message.ends_with('.'));
        assert!(p.try_audio_only);
    }
}
