//! The app state and its reducer (`impl Reducible`), shared through a context provider.
//!
//! Pure: no I/O here. `actions.rs` runs commands and dispatches their results; the event
//! listener dispatches every core event as [`Action::Core`].

mod core_events;

use crate::vm::match_actions::{CardAction, done_toast};
use crate::vm::messages::{
    Tone, call_started_toast, call_update_toast, decision_toast, error_message,
};
use chrono::{DateTime, Utc};
use meetcute_domain::app::{AppError, AppEvent, Connectivity, Delivery, MatchCard};
use meetcute_domain::wire::{CallerInfo, SessionView, StartCallResponse, User};
use meetcute_domain::{CallRole, CallStatus, Decision, EndReason, MatchId, SessionId};
use std::rc::Rc;
use yew::Reducible;

/// At most this many toasts are shown at once; older ones give way.
pub const MAX_TOASTS: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Asking the core who is signed in (instant, from its cache).
    Checking,
    SignedOut,
    SignedIn(User),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Matches,
    Profile,
    History(MatchId),
}

/// The call on screen (mine, ringing out, or accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveCall {
    pub session_id: SessionId,
    pub match_id: MatchId,
    pub role: CallRole,
    pub status: CallStatus,
    pub peer_name: String,
    pub max_duration_seconds: Option<u32>,
    pub started_at: Option<DateTime<Utc>>,
    pub end_reason: Option<EndReason>,
    pub muted: bool,
    pub camera_off: bool,
}

impl ActiveCall {
    pub fn from_start(response: &StartCallResponse, peer_name: String) -> Self {
        Self {
            session_id: response.session_id,
            match_id: response.match_id,
            role: response.role,
            status: response.status,
            peer_name,
            max_duration_seconds: response.max_duration_seconds,
            started_at: None,
            end_reason: None,
            muted: false,
            camera_off: false,
        }
    }

    pub fn from_session(session: &SessionView, peer_name: String) -> Self {
        let mut call = Self {
            session_id: session.session_id,
            match_id: session.match_id,
            role: session.role,
            status: session.status,
            peer_name,
            max_duration_seconds: session.max_duration_seconds,
            started_at: None,
            end_reason: None,
            muted: false,
            camera_off: false,
        };
        call.absorb(session);
        call
    }

    /// Takes the session's latest state; terminal states never change again.
    fn absorb(&mut self, session: &SessionView) {
        if self.status.is_terminal() && self.status != session.status {
            return;
        }
        self.status = session.status;
        self.started_at = session.started_at.or(self.started_at);
        self.end_reason = session.end_reason;
        self.max_duration_seconds = session.max_duration_seconds;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingCall {
    pub session: SessionView,
    pub caller: CallerInfo,
}

/// The decision screen after a first call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionState {
    pub match_id: MatchId,
    pub peer_name: String,
    /// What I chose, once the core accepted it.
    pub sent: Option<Decision>,
}

/// A card to bring into view (a clicked notification asked for its match). `seq` tells two
/// requests for the same match apart, so each one scrolls again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub match_id: MatchId,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub auth: Auth,
    pub page: Page,
    pub matches: Vec<MatchCard>,
    /// The first answer of `matches()` arrived (until then: the loading state).
    pub matches_loaded: bool,
    pub connectivity: Connectivity,
    pub incoming: Option<IncomingCall>,
    pub call: Option<ActiveCall>,
    pub decision: Option<DecisionState>,
    pub toasts: Vec<Toast>,
    /// The card brought into view and highlighted on the matches page.
    pub highlight: Option<Highlight>,
    next_toast_id: u64,
    next_highlight: u64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            auth: Auth::Checking,
            page: Page::Matches,
            matches: Vec::new(),
            matches_loaded: false,
            connectivity: Connectivity::Online,
            incoming: None,
            call: None,
            decision: None,
            toasts: Vec::new(),
            highlight: None,
            next_toast_id: 1,
            next_highlight: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SessionChecked(Option<User>),
    SignedIn(User),
    SignedOut,
    Navigate(Page),
    MatchesLoaded(Vec<MatchCard>),
    /// One card as the core now has it (after "No calls from this match for now").
    CardChanged(Box<MatchCard>),
    /// A clicked notification asks for this match: the matches page, with its card in view.
    OpenMatch(MatchId),
    /// The highlight of that request has faded.
    ClearHighlight(u64),
    /// An event of the core, forwarded by the shell.
    Core(AppEvent),
    /// `start_call` answered (a new session, or the live one: it is idempotent).
    CallStarted {
        response: StartCallResponse,
        peer_name: String,
    },
    /// I accepted an incoming call.
    CallAccepted(SessionView),
    /// A command (decline, end) answered with the session's new state.
    SessionChanged(SessionView),
    /// Back to the screen of a call that is still live (after a restart, for example).
    Rejoin(SessionView),
    ToggleMute,
    ToggleCamera,
    /// Leave the ended call screen: to the decision after a completed first call.
    CloseCall,
    DecisionSent {
        match_id: MatchId,
        decision: Decision,
        delivery: Delivery,
    },
    CloseDecision,
    /// Unmatch, block or report went through, or waits in the core's outbox.
    MatchActionDone {
        action: CardAction,
        peer_name: String,
        delivery: Delivery,
    },
    Toast(Tone, String),
    Failed(AppError),
    DismissToast(u64),
}

impl State {
    pub fn user(&self) -> Option<&User> {
        match &self.auth {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    pub fn card(&self, match_id: MatchId) -> Option<&MatchCard> {
        self.matches.iter().find(|c| c.view.id == match_id)
    }

    /// The name to show for the other person of a match.
    pub fn peer_name(&self, match_id: MatchId) -> String {
        self.card(match_id)
            .map(|c| c.view.peer.display_name.clone())
            .unwrap_or_else(|| "your match".to_owned())
    }

    fn push_toast(&mut self, tone: Tone, text: String) {
        let id = self.next_toast_id;
        self.next_toast_id += 1;
        self.toasts.push(Toast { id, tone, text });
        let excess = self.toasts.len().saturating_sub(MAX_TOASTS);
        self.toasts.drain(..excess);
    }

    fn signed_out(&self) -> Self {
        Self {
            auth: Auth::SignedOut,
            toasts: self.toasts.clone(),
            next_toast_id: self.next_toast_id,
            connectivity: self.connectivity,
            ..Self::default()
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SessionChecked(Some(user)) | Action::SignedIn(user) => {
                next.auth = Auth::SignedIn(user);
            }
            Action::SessionChecked(None) | Action::SignedOut => next = next.signed_out(),
            Action::Navigate(page) => next.page = page,
            Action::MatchesLoaded(cards) => {
                next.matches = cards;
                next.matches_loaded = true;
            }
            Action::CardChanged(card) => {
                if let Some(existing) = next.matches.iter_mut().find(|c| c.view.id == card.view.id)
                {
                    *existing = *card;
                }
            }
            Action::OpenMatch(match_id) => {
                next.page = Page::Matches;
                next.highlight = Some(Highlight {
                    match_id,
                    seq: next.next_highlight,
                });
                next.next_highlight += 1;
            }
            Action::ClearHighlight(seq) => {
                if next.highlight.is_some_and(|h| h.seq == seq) {
                    next.highlight = None;
                }
            }
            Action::Core(event) => next.apply_core(event),
            Action::CallStarted {
                response,
                peer_name,
            } => {
                if response.role == CallRole::Caller && response.status == CallStatus::Ringing {
                    let text = call_started_toast(&peer_name, response.max_duration_seconds);
                    next.push_toast(Tone::Info, text);
                }
                if next.call.as_ref().map(|c| c.session_id) != Some(response.session_id) {
                    next.call = Some(ActiveCall::from_start(&response, peer_name));
                }
            }
            Action::CallAccepted(session) => {
                let peer_name = next
                    .incoming
                    .as_ref()
                    .filter(|i| i.session.session_id == session.session_id)
                    .map(|i| i.caller.display_name.clone())
                    .or_else(|| next.call.as_ref().map(|c| c.peer_name.clone()))
                    .unwrap_or_else(|| next.peer_name(session.match_id));
                next.incoming = None;
                let mut call = ActiveCall::from_session(&session, peer_name);
                if let Some(previous) = next.call.as_ref()
                    && previous.session_id == call.session_id
                {
                    call.muted = previous.muted;
                    call.camera_off = previous.camera_off;
                }
                if let Some((tone, text)) =
                    call_update_toast(call.role, call.status, call.end_reason, &call.peer_name)
                {
                    next.push_toast(tone, text);
                }
                next.call = Some(call);
            }
            Action::SessionChanged(session) => next.apply_session(&session),
            Action::Rejoin(session) => {
                if next.call.as_ref().map(|c| c.session_id) != Some(session.session_id) {
                    let peer_name = next.peer_name(session.match_id);
                    next.call = Some(ActiveCall::from_session(&session, peer_name));
                }
            }
            Action::ToggleMute => {
                if let Some(call) = next.call.as_mut() {
                    call.muted = !call.muted;
                }
            }
            Action::ToggleCamera => {
                if let Some(call) = next.call.as_mut() {
                    call.camera_off = !call.camera_off;
                }
            }
            Action::CloseCall => {
                if let Some(call) = next.call.take()
                    && crate::vm::call::is_completed_first_call(&call)
                {
                    next.decision = Some(DecisionState {
                        match_id: call.match_id,
                        peer_name: call.peer_name,
                        sent: None,
                    });
                }
            }
            Action::DecisionSent {
                match_id,
                decision,
                delivery,
            } => {
                match next.decision.as_mut() {
                    Some(open) if open.match_id == match_id => open.sent = Some(decision),
                    _ => {}
                }
                if let Some(text) = decision_toast(decision, delivery) {
                    next.push_toast(Tone::Info, text);
                }
            }
            Action::CloseDecision => next.decision = None,
            Action::MatchActionDone {
                action,
                peer_name,
                delivery,
            } => {
                let pending = delivery == Delivery::Queued;
                let tone = if pending { Tone::Info } else { Tone::Success };
                next.push_toast(tone, done_toast(action, &peer_name, pending));
            }
            Action::Toast(tone, text) => next.push_toast(tone, text),
            Action::Failed(error) => next.push_toast(Tone::Error, error_message(&error)),
            Action::DismissToast(id) => next.toasts.retain(|t| t.id != id),
        }
        if next == *self { self } else { Rc::new(next) }
    }
}
