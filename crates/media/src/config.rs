//! What a call needs to know before it starts.

use meetcute_domain::CallRole;
use meetcute_domain::wire::IceServer;

/// The perfect-negotiation role, fixed by the server's session roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The caller: makes the first offer and wins offer collisions.
    Impolite,
    /// The callee: answers, and never makes an offer of its own (it asks the impolite
    /// side with a `restart` signal instead), so it never needs a rollback.
    Polite,
}

impl From<CallRole> for Role {
    fn from(role: CallRole) -> Self {
        match role {
            CallRole::Caller => Role::Impolite,
            CallRole::Callee => Role::Polite,
        }
    }
}

/// The environment variable that switches to test sources (`MEETCUTE_FAKE_MEDIA=1`).
pub const FAKE_MEDIA_ENV: &str = "MEETCUTE_FAKE_MEDIA";

/// Everything an engine is started with.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaConfig {
    /// STUN/TURN servers from the start-call answer.
    pub ice_servers: Vec<IceServer>,
    /// Polite (callee) or impolite (caller).
    pub role: Role,
    /// Test pattern and tone instead of camera and microphone.
    pub fake_media: bool,
    /// Sent video width in pixels.
    pub width: u32,
    /// Sent video height in pixels.
    pub height: u32,
    /// Sent video frames per second.
    pub fps: u32,
    /// Acoustic echo cancellation (webrtcdsp) on the microphone.
    pub echo_cancel: bool,
    /// The receive jitter buffer's latency in milliseconds.
    pub jitter_latency_ms: u32,
    /// Gather and use only TURN relay candidates (`iceTransportPolicy: "relay"`): hides
    /// the local addresses from the peer, and needs a working TURN server to connect.
    pub relay_only: bool,
}

impl MediaConfig {
    /// 640×480 at 30 fps with echo cancellation; fake media when `MEETCUTE_FAKE_MEDIA=1`.
    pub fn new(role: Role, ice_servers: Vec<IceServer>) -> Self {
        Self {
            ice_servers,
            role,
            fake_media: fake_media_from_env(),
            width: 640,
            height: 480,
            fps: 30,
            echo_cancel: true,
            jitter_latency_ms: 100,
            relay_only: false,
        }
    }

    /// The same configuration with test sources on or off.
    pub fn with_fake_media(mut self, fake: bool) -> Self {
        self.fake_media = fake;
        self
    }

    /// The same configuration with the relay-only ICE policy on or off.
    pub fn with_relay_only(mut self, relay_only: bool) -> Self {
        self.relay_only = relay_only;
        self
    }
}

/// Whether `MEETCUTE_FAKE_MEDIA` asks for test sources (`1` or `true`).
pub fn fake_media_from_env() -> bool {
    std::env::var(FAKE_MEDIA_ENV).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_is_impolite_and_callee_polite() {
        assert_eq!(Role::from(CallRole::Caller), Role::Impolite);
        assert_eq!(Role::from(CallRole::Callee), Role::Polite);
    }

    #[test]
    fn defaults_are_vga_at_30_fps() {
        let c = MediaConfig::new(Role::Polite, vec![]).with_fake_media(true);
        assert_eq!((c.width, c.height, c.fps), (640, 480, 30));
        assert!(c.fake_media);
        assert!(!c.relay_only, "all candidates by default");
        assert!(c.with_relay_only(true).relay_only);
    }
}
