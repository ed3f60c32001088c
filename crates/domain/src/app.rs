//! What the core hands the UI (through the Tauri shell): match cards and events.
//! Never an auth token: the core keeps it.

use crate::call_requests::CallRequest;
use crate::calls::Eligibility;
use crate::error::ErrorCode;
use crate::ids::{MatchId, SessionId, UserId};
use crate::wire::{CallerInfo, MatchView, SessionView, SignalKind};
use serde::{Deserialize, Serialize};

/// A match with the call button the rules allow, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchCard {
    #[serde(flatten)]
    pub view: MatchView,
    pub eligibility: Eligibility,
    /// The match's open call request (pending or scheduled), if any.
    #[serde(default)]
    pub call_request: Option<CallRequest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connectivity {
    Online,
    Offline,
    Syncing,
}

/// Events the core emits; the shell forwards each as a Tauri event named `meetcute://event`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AppEvent {
    /// The cached matches changed: ask for `matches()` again.
    MatchesChanged,
    IncomingCall {
        session: SessionView,
        caller: CallerInfo,
    },
    /// A session changed state (accepted, declined, cancelled, missed, ended).
    CallUpdated {
        session: SessionView,
    },
    Signal {
        session_id: SessionId,
        from: UserId,
        kind: SignalKind,
        payload: serde_json::Value,
    },
    /// "🎉 Mutual Match!"
    MutualMatch {
        card: Box<MatchCard>,
    },
    /// A call request was made, answered, cancelled or lapsed (the cards changed too).
    CallRequestUpdated {
        request: CallRequest,
        peer_name: String,
    },
    /// An agreed call is near (`minutes_before` > 0) or now (0).
    CallRequestReminder {
        request: CallRequest,
        minutes_before: u32,
        peer_name: String,
    },
    Connectivity {
        state: Connectivity,
    },
    SignedOut,
    /// An action made offline that the server refused once it was sent: the cache now shows
    /// the match as the server has it.
    QueuedActionRefused {
        action: QueuedAction,
        match_id: Option<MatchId>,
        error: AppError,
    },
}

/// Whether an action reached the server or waits in the core's outbox until it is back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Sent,
    Queued,
}

/// The actions that can wait in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueuedAction {
    Decision,
    Unmatch,
    Block,
    Report,
    ProfileEdit,
    /// "Ask for a call".
    CallRequest,
    /// Accepting, declining or cancelling a call request.
    CallRequestAnswer,
}

impl QueuedAction {
    /// The stable name stored beside a queued request.
    pub fn as_str(self) -> &'static str {
        match self {
            QueuedAction::Decision => "decision",
            QueuedAction::Unmatch => "unmatch",
            QueuedAction::Block => "block",
            QueuedAction::Report => "report",
            QueuedAction::ProfileEdit => "profile_edit",
            QueuedAction::CallRequest => "call_request",
            QueuedAction::CallRequestAnswer => "call_request_answer",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            QueuedAction::Decision,
            QueuedAction::Unmatch,
            QueuedAction::Block,
            QueuedAction::Report,
            QueuedAction::ProfileEdit,
            QueuedAction::CallRequest,
            QueuedAction::CallRequestAnswer,
        ]
        .into_iter()
        .find(|action| action.as_str() == name)
    }
}

/// An error as the UI sees it: a stable code to pick the message, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}
