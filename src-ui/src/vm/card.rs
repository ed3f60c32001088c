//! A match card → what its card shows: texts, styling, presence, the call button, and whether
//! "Ask for a call" is offered. Pure.
//!
//! The button follows the card's `eligibility`, which the core computed from the domain
//! rules; nothing here re-decides a rule, it only turns the verdict into words. Whether a call
//! can be asked for is the domain's `propose` verdict for this match.

use super::presence::{PresenceLine, presence_line};
use super::words::{deny_reason_text, duration_words, plural};
use meetcute_domain::app::MatchCard;
use meetcute_domain::call_requests::{CallRequest, NewCallRequest, OpenRequests, propose};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::{
    CallRole, CallStatus, ClosedReason, Decision, Eligibility, MatchId, MatchStatus, SessionId,
    Timings, UserId,
};

pub const START_LABEL: &str = "Start Video Call 💕";
pub const CALL_AGAIN_LABEL: &str = "Call Again 💕";
pub const MUTUAL_HEADER: &str = "🎉 Mutual Match!";
/// Instead of a dead call button when they are offline or not taking calls.
pub const ASK_LABEL: &str = "Ask for a call 💌";
/// The secondary link on cards that can be called (people plan ahead).
pub const ASK_LINK_LABEL: &str = "Ask for a call";

/// What pressing the call button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonAction {
    /// Start a new call (or get the live one back: start-call is idempotent).
    Start,
    /// Answer the call ringing for me.
    Answer(SessionId),
    /// Hang up (cancel) the call I am ringing out on.
    HangUp(SessionId),
    /// Go back to the call screen of an active call.
    Join(SessionId),
    /// Open the "Ask for a call" dialog (they are offline or not taking calls).
    Ask,
}

/// The call button's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    /// "Start Video Call 💕"
    Primary,
    /// "Call Again 💕": the pink-purple gradient.
    Gradient,
    /// Answer / Join / Hang up while a session is live.
    Live,
    /// "Ask for a call 💌"
    Ask,
    Disabled,
    Hidden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallButton {
    pub style: ButtonStyle,
    pub label: String,
    /// Shown under the button: "First calls last 1 minute", or why it is disabled.
    pub note: Option<String>,
    /// `None`: disabled (or hidden).
    pub action: Option<ButtonAction>,
}

impl CallButton {
    pub fn visible(&self) -> bool {
        self.style != ButtonStyle::Hidden
    }

    pub fn enabled(&self) -> bool {
        self.action.is_some()
    }

    pub fn class(&self) -> &'static str {
        match self.style {
            ButtonStyle::Primary => "call-button primary",
            ButtonStyle::Gradient => "call-button gradient",
            ButtonStyle::Live => "call-button live",
            ButtonStyle::Ask => "call-button ask",
            ButtonStyle::Disabled => "call-button disabled",
            ButtonStyle::Hidden => "call-button hidden",
        }
    }

    /// The `data-testid` of the button: `ask-for-call` for the ask, else `call-button`.
    pub fn test_id(&self) -> &'static str {
        if self.action == Some(ButtonAction::Ask) {
            "ask-for-call"
        } else {
            "call-button"
        }
    }

    fn hidden() -> Self {
        Self {
            style: ButtonStyle::Hidden,
            label: String::new(),
            note: None,
            action: None,
        }
    }
}

/// Like / Pass on the card itself, after the first call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionPrompt {
    None,
    /// The first call happened and I have not decided yet.
    Ask,
    /// I liked; the other person has not answered yet.
    Waiting,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardView {
    pub match_id: MatchId,
    pub name: String,
    /// The other person (a call request's sender or receiver).
    pub peer_id: UserId,
    /// "Alex, 29"
    pub title: String,
    /// "87% compatible"
    pub compatibility: String,
    pub shared_interests: Vec<String>,
    pub bio: String,
    pub status: String,
    /// "🟢 Online now", "Active today", …; `None` when hidden or for a closed match.
    pub presence: Option<PresenceLine>,
    /// "3 video calls together" or "You can video call anytime".
    pub counter: String,
    /// Mutual match: green styling and the "🎉 Mutual Match!" header.
    pub mutual: bool,
    pub button: CallButton,
    /// "Ask for a call" as a secondary link under a call button that can be pressed.
    pub ask_link: bool,
    /// The match's open call request (pending or scheduled), for the request panel.
    pub request: Option<CallRequest>,
    pub decision: DecisionPrompt,
}

impl CardView {
    pub fn class(&self) -> &'static str {
        if self.mutual {
            "match-card mutual"
        } else {
            "match-card"
        }
    }
}

/// The whole card.
pub fn card_view(card: &MatchCard) -> CardView {
    let view = &card.view;
    let button = call_button(card);
    let ask_link = can_ask(card)
        && matches!(
            button.action,
            None | Some(ButtonAction::Start) if button.visible()
        );
    CardView {
        match_id: view.id,
        name: view.peer.display_name.clone(),
        peer_id: view.peer.id,
        title: format!("{}, {}", view.peer.display_name, view.peer.age),
        compatibility: format!("{}% compatible", view.compatibility.score),
        shared_interests: view.compatibility.shared_interests.clone(),
        bio: view.peer.bio.clone(),
        status: status_text(view.status, view.closed_reason, view.my_decision).to_owned(),
        presence: presence_line(view.status, view.peer.presence),
        counter: counter_text(view.call_summary.total_calls, view.status),
        mutual: view.status == MatchStatus::Matched,
        button,
        ask_link,
        request: open_request(card).cloned(),
        decision: decision_prompt(view.status, view.my_decision),
    }
}

/// The match's call request while it is open (pending or scheduled).
pub fn open_request(card: &MatchCard) -> Option<&CallRequest> {
    card.call_request.as_ref().filter(|r| r.status.is_open())
}

/// Whether the rules would take a new call request in this match now: the domain's `propose`
/// (the match's status, one open request per match). My own bound across matches is left to
/// the core and the server, whose refusal says so.
pub fn can_ask(card: &MatchCard) -> bool {
    let open = OpenRequests {
        mine: 0,
        in_match: usize::from(open_request(card).is_some()),
    };
    let any_time = NewCallRequest {
        slots: Vec::new(),
        any_time_today: true,
    };
    // "Whenever you're free today" has no times, so `now` only dates its expiry here.
    propose(
        &any_time,
        card.view.status,
        open,
        card.view.updated_at,
        &Timings::default(),
    )
    .is_ok()
}

/// "3 video calls together"; "You can video call anytime" before any call.
pub fn counter_text(total_calls: u32, status: MatchStatus) -> String {
    match (total_calls, status) {
        (0, MatchStatus::Proposed | MatchStatus::Matched) => "You can video call anytime".into(),
        (0, _) => "No calls together".into(),
        (n, _) => format!("{n} {} together", plural(n, "video call", "video calls")),
    }
}

pub fn status_text(
    status: MatchStatus,
    closed_reason: Option<ClosedReason>,
    my_decision: Option<Decision>,
) -> &'static str {
    match status {
        MatchStatus::Proposed => "New match",
        MatchStatus::Deciding => match my_decision {
            None => "Time to decide",
            Some(Decision::Like) => "Waiting for their answer",
            Some(Decision::Pass) => "You passed",
        },
        MatchStatus::Matched => "Mutual match",
        MatchStatus::Closed => match closed_reason {
            Some(ClosedReason::Passed) => "Closed: not a match",
            Some(ClosedReason::Unmatched) => "Unmatched",
            Some(ClosedReason::Blocked) => "Blocked",
            Some(ClosedReason::Expired) => "Expired",
            None => "Closed",
        },
    }
}

fn decision_prompt(status: MatchStatus, my_decision: Option<Decision>) -> DecisionPrompt {
    match (status, my_decision) {
        (MatchStatus::Deciding, None) => DecisionPrompt::Ask,
        (MatchStatus::Deciding, Some(Decision::Like)) => DecisionPrompt::Waiting,
        _ => DecisionPrompt::None,
    }
}

/// The call button for every eligibility the rules can produce.
pub fn call_button(card: &MatchCard) -> CallButton {
    let had_calls = card.view.call_summary.total_calls > 0;
    match card.eligibility {
        Eligibility::FirstCall {
            max_duration_seconds,
        } => CallButton {
            style: ButtonStyle::Primary,
            label: START_LABEL.into(),
            note: Some(format!(
                "First calls last {}",
                duration_words(max_duration_seconds)
            )),
            action: Some(ButtonAction::Start),
        },
        Eligibility::CallAgain => CallButton {
            style: ButtonStyle::Gradient,
            label: CALL_AGAIN_LABEL.into(),
            note: None,
            action: Some(ButtonAction::Start),
        },
        Eligibility::StartCall => CallButton {
            style: ButtonStyle::Primary,
            label: START_LABEL.into(),
            note: None,
            action: Some(ButtonAction::Start),
        },
        Eligibility::InCall { session_id, role } => live_button(card, session_id, role),
        Eligibility::Denied {
            reason: DenyReason::Closed | DenyReason::NotParticipant,
        } => CallButton::hidden(),
        Eligibility::Denied {
            reason: reason @ (DenyReason::Unavailable | DenyReason::PeerOffline),
        } if can_ask(card) => CallButton {
            style: ButtonStyle::Ask,
            label: ASK_LABEL.into(),
            note: Some(deny_reason_text(reason).into()),
            action: Some(ButtonAction::Ask),
        },
        Eligibility::Denied { reason } => CallButton {
            style: ButtonStyle::Disabled,
            label: if had_calls {
                CALL_AGAIN_LABEL
            } else {
                START_LABEL
            }
            .into(),
            note: Some(deny_reason_text(reason).into()),
            action: None,
        },
    }
}

fn live_button(card: &MatchCard, session_id: SessionId, role: CallRole) -> CallButton {
    let status = card
        .view
        .live_session
        .as_ref()
        .filter(|s| s.session_id == session_id)
        .map(|s| s.status);
    let live = |label: &str, action: ButtonAction| CallButton {
        style: ButtonStyle::Live,
        label: label.into(),
        note: None,
        action: Some(action),
    };
    match (role, status) {
        (CallRole::Callee, Some(CallStatus::Ringing)) => {
            live("Answer 📞", ButtonAction::Answer(session_id))
        }
        (CallRole::Caller, Some(CallStatus::Ringing)) => CallButton {
            note: Some("Ringing…".into()),
            ..live("Hang up", ButtonAction::HangUp(session_id))
        },
        _ => live("Join call", ButtonAction::Join(session_id)),
    }
}
