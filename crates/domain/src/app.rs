//! What the core hands the UI (through the Tauri shell): match cards and events.
//! Never an auth token: the core keeps it.

use crate::calls::Eligibility;
use crate::error::ErrorCode;
use crate::ids::{SessionId, UserId};
use crate::wire::{CallerInfo, MatchView, SessionView, SignalKind};
use serde::{Deserialize, Serialize};

/// A match with the call button the rules allow, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchCard {
    #[serde(flatten)]
    pub view: MatchView,
    pub eligibility: Eligibility,
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
        card: MatchCard,
    },
    Connectivity {
        state: Connectivity,
    },
    SignedOut,
}

/// An error as the UI sees it: a stable code to pick the message, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}
