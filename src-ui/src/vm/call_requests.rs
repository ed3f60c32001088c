//! Words for call requests ("Ask for a call"): toasts when one changes, and reminders.

use super::messages::Tone;
use meetcute_domain::call_requests::{CallRequest, CallRequestStatus};

/// The toast for a call request that changed, seen by the person who did not change it.
pub fn call_request_toast(
    request: &CallRequest,
    from_peer: bool,
    peer_name: &str,
) -> Option<(Tone, String)> {
    match (request.status, from_peer) {
        (CallRequestStatus::Pending, true) => {
            Some((Tone::Info, format!("💌 {peer_name} asks for a video call")))
        }
        (CallRequestStatus::Scheduled, false) => Some((
            Tone::Success,
            format!("📅 {peer_name} picked a time for your video call"),
        )),
        (CallRequestStatus::Declined, false) => {
            Some((Tone::Info, format!("{peer_name} can't make it this time")))
        }
        (CallRequestStatus::Expired, _) if request.scheduled_at.is_some() => Some((
            Tone::Info,
            format!("Your video call with {peer_name} was missed"),
        )),
        _ => None,
    }
}

/// The toast for a reminder of an agreed call.
pub fn reminder_toast(minutes_before: u32, peer_name: &str) -> String {
    match minutes_before {
        0 => format!("⏰ It's time for your video call with {peer_name} 💕"),
        1 => format!("⏰ Video call with {peer_name} in 1 minute"),
        n => format!("⏰ Video call with {peer_name} in {n} minutes"),
    }
}
