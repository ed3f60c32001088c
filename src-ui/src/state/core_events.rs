//! What the core's events do to the state: the incoming-call modal, the call screen, the
//! cards, connectivity, and their toasts.

use super::{IncomingCall, State};
use crate::vm::call_requests::{call_request_toast, reminder_toast};
use crate::vm::messages::{Tone, call_update_toast, incoming_toast, mutual_toast, refused_toast};
use meetcute_domain::app::AppEvent;
use meetcute_domain::wire::SessionView;
use meetcute_domain::{CallRole, CallStatus};

impl State {
    /// A session changed: the incoming modal and the call screen follow it.
    pub(super) fn apply_session(&mut self, session: &SessionView) {
        if let Some(incoming) = &self.incoming
            && incoming.session.session_id == session.session_id
            && session.status != CallStatus::Ringing
        {
            let caller = incoming.caller.display_name.clone();
            self.incoming = None;
            if matches!(session.status, CallStatus::Missed | CallStatus::Cancelled)
                && let Some((tone, text)) =
                    call_update_toast(CallRole::Callee, session.status, None, &caller)
            {
                self.push_toast(tone, text);
            }
        }
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if call.session_id != session.session_id {
            return;
        }
        let before = call.status;
        call.absorb(session);
        if call.status != before
            && let Some((tone, text)) =
                call_update_toast(call.role, call.status, call.end_reason, &call.peer_name)
        {
            self.push_toast(tone, text);
        }
    }

    pub(super) fn apply_core(&mut self, event: AppEvent) {
        match event {
            AppEvent::MatchesChanged | AppEvent::Signal { .. } => {}
            AppEvent::IncomingCall { session, caller } => {
                let already_on_screen = self
                    .call
                    .as_ref()
                    .is_some_and(|c| c.session_id == session.session_id);
                if !already_on_screen && session.status == CallStatus::Ringing {
                    self.push_toast(Tone::Info, incoming_toast(&caller.display_name));
                    self.incoming = Some(IncomingCall { session, caller });
                }
            }
            AppEvent::CallUpdated { session } => self.apply_session(&session),
            AppEvent::MutualMatch { card } => {
                self.push_toast(Tone::Success, mutual_toast(&card.view.peer.display_name));
                match self.matches.iter_mut().find(|c| c.view.id == card.view.id) {
                    Some(existing) => *existing = *card,
                    None => self.matches.push(*card),
                }
            }
            AppEvent::CallRequestUpdated { request, peer_name } => {
                let from_peer = self
                    .card(request.match_id)
                    .is_some_and(|c| c.view.peer.id == request.from_user_id);
                if let Some((tone, text)) = call_request_toast(&request, from_peer, &peer_name) {
                    self.push_toast(tone, text);
                }
            }
            AppEvent::CallRequestReminder {
                minutes_before,
                peer_name,
                ..
            } => self.push_toast(Tone::Info, reminder_toast(minutes_before, &peer_name)),
            AppEvent::Connectivity { state } => self.connectivity = state,
            AppEvent::SignedOut => *self = self.signed_out(),
            AppEvent::QueuedActionRefused {
                action,
                match_id,
                error,
            } => {
                let peer = match_id
                    .and_then(|id| self.card(id))
                    .map(|c| c.view.peer.display_name.clone());
                self.push_toast(Tone::Error, refused_toast(action, peer.as_deref(), &error));
            }
        }
    }
}
