//! The call screen's texts: phase, first-call countdown, end reason, next step. Pure.
//!
//! The countdown follows the session's `started_at` and `max_duration_seconds`; it never
//! ends a call itself. The server cuts a first call at the cap and the `call_updated`
//! event that follows is what the screen shows as "Time's up!".

use super::words::clock;
use crate::state::ActiveCall;
use chrono::{DateTime, Utc};
use meetcute_domain::{CallRole, CallStatus, EndReason};

/// Below this many seconds left, the countdown turns urgent.
pub const URGENT_SECONDS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    pub seconds_left: u32,
    /// "0:42"
    pub text: String,
    pub urgent: bool,
}

/// What to offer once the call is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// A completed first call: on to Like ❤️ / Pass.
    Decide,
    /// Back to the matches.
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallScreenView {
    /// "Video call with Alex"
    pub title: String,
    /// "Calling Alex…", "Connected", or the end text ("Time's up!").
    pub phase: String,
    pub countdown: Option<Countdown>,
    /// The call is live: mute, camera and hang up are offered.
    pub live: bool,
    /// `Some` once the call is over.
    pub next: Option<NextStep>,
    pub mute_label: &'static str,
    pub camera_label: &'static str,
}

pub fn call_screen_view(call: &ActiveCall, now: DateTime<Utc>) -> CallScreenView {
    let peer = &call.peer_name;
    let live = call.status.is_live();
    let phase = match (call.status, call.role) {
        (CallStatus::Ringing, CallRole::Caller) => format!("Calling {peer}…"),
        (CallStatus::Ringing, CallRole::Callee) => "Connecting…".to_owned(),
        (CallStatus::Active, _) => "Connected".to_owned(),
        (status, role) => end_text(status, call.end_reason, role, peer),
    };
    let next = (!live).then_some(if is_completed_first_call(call) {
        NextStep::Decide
    } else {
        NextStep::Close
    });
    CallScreenView {
        title: format!("Video call with {peer}"),
        phase,
        countdown: countdown(call, now),
        live,
        next,
        mute_label: if call.muted { "Unmute" } else { "Mute" },
        camera_label: if call.camera_off {
            "Camera on"
        } else {
            "Camera off"
        },
    }
}

/// A first call that was really held: the decision comes next.
pub fn is_completed_first_call(call: &ActiveCall) -> bool {
    call.status == CallStatus::Completed && call.max_duration_seconds.is_some()
}

/// The first-call countdown while the call is active; `None` for uncapped calls.
pub fn countdown(call: &ActiveCall, now: DateTime<Utc>) -> Option<Countdown> {
    if call.status != CallStatus::Active {
        return None;
    }
    let max = call.max_duration_seconds?;
    let started = call.started_at?;
    let elapsed = (now - started).num_seconds().max(0);
    let left = (i64::from(max) - elapsed).clamp(0, i64::from(max));
    let seconds_left = u32::try_from(left).unwrap_or(0);
    Some(Countdown {
        seconds_left,
        text: clock(seconds_left),
        urgent: seconds_left <= URGENT_SECONDS,
    })
}

/// Why the call is over, in the person's words.
pub fn end_text(
    status: CallStatus,
    end_reason: Option<EndReason>,
    role: CallRole,
    peer: &str,
) -> String {
    match (status, role) {
        (CallStatus::Completed, _) => match end_reason {
            Some(EndReason::TimeLimit) => "Time's up!".to_owned(),
            Some(EndReason::Disconnect) => "Connection lost".to_owned(),
            Some(EndReason::Hangup) | None => "Call ended".to_owned(),
        },
        (CallStatus::Declined, CallRole::Caller) => format!("{peer} declined the call"),
        (CallStatus::Declined, CallRole::Callee) => "You declined the call".to_owned(),
        (CallStatus::Missed, _) => "No answer".to_owned(),
        (CallStatus::Cancelled, _) => "Call cancelled".to_owned(),
        (CallStatus::Ringing | CallStatus::Active, _) => String::new(),
    }
}
