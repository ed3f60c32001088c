//! Toast texts: one for every call event and a specific one for every error code. Pure.

use super::words::duration_words;
use crate::services::media::MediaNotice;
use meetcute_domain::app::{AppError, Delivery, QueuedAction};
use meetcute_domain::{CallRole, CallStatus, Decision, EndReason, ErrorCode};

/// The seed's toast when a mutual match calls again.
pub const CALL_AGAIN_TOAST: &str = "💕 Starting new video call with your mutual match!";

/// Said of an action the core keeps in its outbox until the connection is back.
pub const SENT_WHEN_ONLINE: &str = "You're offline: it will be sent when you're back online.";

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// The message for an error a command returned.
pub fn error_message(error: &AppError) -> String {
    let text = match error.code {
        ErrorCode::RingLimit => {
            "📵 You've rung 3 times without an answer today. Try again tomorrow."
        }
        ErrorCode::PeerBusy => "📞 They're in another call right now. Try again in a moment.",
        ErrorCode::AwaitingDecision => "💭 You can call again once you both like each other.",
        ErrorCode::Offline => {
            "📡 You're offline. Calls need a connection; we'll sync when you're back."
        }
        ErrorCode::AlreadyInCall => "You're already in a call. Hang up first.",
        ErrorCode::Closed => "This match is closed.",
        ErrorCode::NotParticipant | ErrorCode::NotFound => "That match is no longer available.",
        ErrorCode::DecisionAlreadyMade => "You've already decided on this match.",
        ErrorCode::FirstCallRequired => "Video first: you can like someone after your first call.",
        ErrorCode::NotMatched => "Only a mutual match can be unmatched.",
        ErrorCode::SessionEnded => "That call has already ended.",
        ErrorCode::NotCallee => "Only the person being called can answer.",
        ErrorCode::InvalidTransition => "That call can't do this right now.",
        ErrorCode::EmailTaken => "That email is already registered. Sign in instead?",
        ErrorCode::InvalidCredentials => "Wrong email or password.",
        ErrorCode::Unauthorized => "Please sign in again.",
        ErrorCode::Forbidden => "You're not allowed to do that.",
        ErrorCode::RateLimited => "Too many attempts. Please slow down.",
        ErrorCode::PayloadTooLarge => "That's too long.",
        ErrorCode::ServerBusy => "Meetcute is very busy right now. Please try again in a moment.",
        ErrorCode::Unavailable => "🌙 They're not taking calls right now. Ask for a call instead.",
        ErrorCode::PeerOffline => "💤 They're not online right now. Ask for a call instead.",
        ErrorCode::RequestOpen => "There's already a call request open with them.",
        ErrorCode::TooManyRequests => {
            "You have a lot of open call requests. Wait for an answer first."
        }
        // The server's sentence names the field that is wrong.
        ErrorCode::Validation | ErrorCode::InvalidJson => return error.message.clone(),
        // The engine's sentence says which device and what to do.
        ErrorCode::MediaUnavailable => return format!("🎥 {}", error.message),
        ErrorCode::Internal => "Something went wrong on our side. Please try again.",
    };
    text.to_owned()
}

/// The toast after a decision, if it needs one: a pass closes the match; an offline one waits.
pub fn decision_toast(decision: Decision, delivery: Delivery) -> Option<String> {
    match (decision, delivery) {
        (Decision::Pass, Delivery::Sent) => Some("You passed. The match is closed.".to_owned()),
        (Decision::Pass, Delivery::Queued) => Some(format!("You passed. {SENT_WHEN_ONLINE}")),
        (Decision::Like, Delivery::Queued) => {
            Some(format!("Your like is saved. {SENT_WHEN_ONLINE}"))
        }
        (Decision::Like, Delivery::Sent) => None,
    }
}

/// The toast when an action made offline was refused once it reached the server.
pub fn refused_toast(action: QueuedAction, peer_name: Option<&str>, error: &AppError) -> String {
    let what = match (action, peer_name) {
        (QueuedAction::Decision, Some(name)) => format!("Your decision on {name}"),
        (QueuedAction::Decision, None) => "Your decision".to_owned(),
        (QueuedAction::Unmatch, Some(name)) => format!("Unmatching {name}"),
        (QueuedAction::Unmatch, None) => "Your unmatch".to_owned(),
        (QueuedAction::Block, Some(name)) => format!("Blocking {name}"),
        (QueuedAction::Block, None) => "Your block".to_owned(),
        (QueuedAction::Report, Some(name)) => format!("Your report about {name}"),
        (QueuedAction::Report, None) => "Your report".to_owned(),
        (QueuedAction::ProfileEdit, _) => "Your profile changes".to_owned(),
        (QueuedAction::CallRequest, Some(name)) => format!("Your call request to {name}"),
        (QueuedAction::CallRequest, None) => "Your call request".to_owned(),
        (QueuedAction::CallRequestAnswer, Some(name)) => format!("Your answer to {name}"),
        (QueuedAction::CallRequestAnswer, None) => "Your answer to a call request".to_owned(),
    };
    format!("{what} couldn't be sent. {}", error_message(error))
}

/// The toast for a media event, if it deserves one.
pub fn media_notice_toast(notice: &MediaNotice) -> Option<(Tone, String)> {
    match notice {
        MediaNotice::Error(message) => Some((Tone::Error, format!("🎥 {message}"))),
        MediaNotice::Connection(state) if state == "failed" => Some((
            Tone::Error,
            "📡 The video connection failed. Hang up and call again?".to_owned(),
        )),
        MediaNotice::Connection(state) if state == "disconnected" => Some((
            Tone::Info,
            "📡 The video connection is unstable…".to_owned(),
        )),
        MediaNotice::Connection(_) | MediaNotice::RemoteVideoStarted => None,
    }
}

/// The toast when I start a call: first calls say how long they last.
pub fn call_started_toast(peer: &str, max_duration_seconds: Option<u32>) -> String {
    match max_duration_seconds {
        Some(max) => format!(
            "📞 Calling {peer}… first calls last {}",
            duration_words(max)
        ),
        None => CALL_AGAIN_TOAST.to_owned(),
    }
}

pub fn incoming_toast(caller: &str) -> String {
    format!("📞 {caller} is calling you…")
}

/// The toast for a call that changed state, as `role` sees it; `None` when nothing is worth
/// saying (still ringing).
pub fn call_update_toast(
    role: CallRole,
    status: CallStatus,
    end_reason: Option<EndReason>,
    peer: &str,
) -> Option<(Tone, String)> {
    use CallRole::{Callee, Caller};
    let toast = match (status, role) {
        (CallStatus::Ringing, _) => return None,
        (CallStatus::Active, Caller) => (Tone::Success, format!("✅ {peer} answered!")),
        (CallStatus::Active, Callee) => (Tone::Success, format!("✅ Connected with {peer}")),
        (CallStatus::Declined, Caller) => (Tone::Info, format!("💔 {peer} declined the call")),
        (CallStatus::Declined, Callee) => (Tone::Info, "Call declined".to_owned()),
        (CallStatus::Missed, Caller) => (Tone::Info, format!("No answer from {peer}")),
        (CallStatus::Missed, Callee) => (Tone::Info, format!("📵 You missed a call from {peer}")),
        (CallStatus::Cancelled, Caller) => (Tone::Info, "Call cancelled".to_owned()),
        (CallStatus::Cancelled, Callee) => (Tone::Info, format!("{peer} cancelled the call")),
        (CallStatus::Completed, _) => match end_reason {
            Some(EndReason::TimeLimit) => (Tone::Info, "⏰ Time's up!".to_owned()),
            Some(EndReason::Disconnect) => (
                Tone::Error,
                format!("Call with {peer} dropped: connection lost"),
            ),
            Some(EndReason::Hangup) | None => (Tone::Info, format!("Call with {peer} ended")),
        },
    };
    Some(toast)
}

pub fn mutual_toast(peer: &str) -> String {
    format!("🎉 Mutual Match with {peer}! You can call again anytime.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: ErrorCode) -> AppError {
        AppError {
            code,
            message: code.to_string(),
        }
    }

    #[test]
    fn each_call_error_has_its_own_message() {
        let codes = [
            ErrorCode::RingLimit,
            ErrorCode::PeerBusy,
            ErrorCode::AwaitingDecision,
            ErrorCode::Offline,
            ErrorCode::AlreadyInCall,
            ErrorCode::Closed,
            ErrorCode::SessionEnded,
        ];
        let messages: Vec<String> = codes.iter().map(|c| error_message(&err(*c))).collect();
        for (i, a) in messages.iter().enumerate() {
            for b in &messages[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(messages[0].contains("Try again tomorrow"));
        assert!(messages[3].contains("offline"));
    }

    #[test]
    fn media_problems_are_told_and_good_news_is_quiet() {
        let error = media_notice_toast(&MediaNotice::Error("No camera found".into()));
        assert_eq!(error, Some((Tone::Error, "🎥 No camera found".to_owned())));
        let failed = media_notice_toast(&MediaNotice::Connection("failed".into()));
        assert!(failed.is_some_and(|(tone, text)| tone == Tone::Error && text.contains("failed")));
        assert_eq!(
            media_notice_toast(&MediaNotice::Connection("connected".into())),
            None
        );
        assert_eq!(media_notice_toast(&MediaNotice::RemoteVideoStarted), None);
    }

    #[test]
    fn validation_errors_keep_the_servers_sentence() {
        let e = AppError {
            code: ErrorCode::Validation,
            message: "bio is too long".into(),
        };
        assert_eq!(error_message(&e), "bio is too long");
    }

    #[test]
    fn starting_a_call_again_uses_the_seed_toast() {
        assert_eq!(call_started_toast("Alex", None), CALL_AGAIN_TOAST);
        assert_eq!(
            call_started_toast("Alex", Some(60)),
            "📞 Calling Alex… first calls last 1 minute"
        );
    }

    #[test]
    fn call_updates_speak_from_each_side() {
        let says = |role, status, reason| call_update_toast(role, status, reason, "Alex");
        assert_eq!(says(CallRole::Caller, CallStatus::Ringing, None), None);
        assert_eq!(
            says(CallRole::Caller, CallStatus::Declined, None).map(|t| t.1),
            Some("💔 Alex declined the call".into())
        );
        assert_eq!(
            says(CallRole::Callee, CallStatus::Missed, None).map(|t| t.1),
            Some("📵 You missed a call from Alex".into())
        );
        assert_eq!(
            says(
                CallRole::Callee,
                CallStatus::Completed,
                Some(EndReason::TimeLimit)
            )
            .map(|t| t.1),
            Some("⏰ Time's up!".into())
        );
    }
}
