//! What to announce once a transaction has committed: nobody hears of a change before it is stored.

use crate::service::views;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use meetcute_domain::wire::{ServerMessage, call_event_message};
use meetcute_domain::{CallSession, MatchId, SessionId, UserId};

#[derive(Default)]
pub struct Notices {
    messages: Vec<(UserId, ServerMessage)>,
    match_updates: Vec<(MatchId, Vec<UserId>, bool)>,
    deadlines: Vec<(SessionId, DateTime<Utc>)>,
    ended: Vec<CallSession>,
}

impl Notices {
    pub fn send(&mut self, to: UserId, message: ServerMessage) {
        self.messages.push((to, message));
    }

    /// Both participants hear of a session's new state; its next deadline is scheduled.
    pub fn session_changed(&mut self, session: &CallSession, state: &AppState) {
        for user in [session.caller_id, session.callee_id] {
            if let Some(message) = call_event_message(session, user) {
                self.send(user, message);
            }
        }
        if let Some(at) = session.next_deadline(&state.timings) {
            self.deadlines.push((session.id, at));
        }
        if session.status.is_terminal() {
            self.ended.push(session.clone());
        }
    }

    pub fn deadline(&mut self, session: SessionId, at: DateTime<Utc>) {
        self.deadlines.push((session, at));
    }

    /// `to` get `match.updated` (or `match.mutual`) with their own view of the match.
    pub fn match_changed(&mut self, id: MatchId, to: Vec<UserId>, mutual: bool) {
        self.match_updates.push((id, to, mutual));
    }

    /// Delivers everything; call only after the commit.
    pub async fn deliver(self, state: &AppState) {
        for (user, message) in self.messages {
            state.live.publish(user, message);
        }
        for (id, recipients, mutual) in self.match_updates {
            for user in recipients {
                let view = match crate::db::matches::get(&state.db, id).await {
                    Ok(Some(row)) => views::match_view(state, user, &row).await,
                    Ok(None) => continue,
                    Err(err) => Err(err.into()),
                };
                match view {
                    Ok(the_match) if mutual => state
                        .live
                        .publish(user, ServerMessage::MatchMutual { the_match }),
                    Ok(the_match) => state
                        .live
                        .publish(user, ServerMessage::MatchUpdated { the_match }),
                    Err(err) => {
                        tracing::warn!(match_id = %id, error = %err, "could not announce a match change")
                    }
                }
            }
        }
        for (session, at) in self.deadlines {
            state.timers.at_deadline(state, session, at);
        }
        for session in self.ended {
            let status = crate::db::to_text(&session.status);
            state
                .metrics
                .calls_ended
                .get_or_create(&crate::metrics::StatusLabel { status })
                .inc();
        }
    }
}
