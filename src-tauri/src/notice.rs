//! What deserves a desktop notification, and what it says: an incoming call, a missed call (named
//! by the caller remembered from its ring), a mutual match, a call request meant for me and the
//! reminders of an agreed call. Pure; `notify.rs` shows them.

use meetcute_domain::app::AppEvent;
use meetcute_domain::call_requests::{CallRequest, CallRequestStatus};
use meetcute_domain::wire::SessionView;
use meetcute_domain::{CallRole, CallStatus, MatchId, SessionId, UserId};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

const APP_NAME: &str = "Meetcute";

/// One notification: what it says and the match a click opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub match_id: MatchId,
}

impl Notice {
    fn new(title: &str, body: String, match_id: MatchId) -> Self {
        Self {
            title: title.to_owned(),
            body,
            match_id,
        }
    }
}

/// What deciding needs besides the event: who I am (for call requests) and the caller's name
/// (for a missed call, whose event carries only the session).
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    pub me: Option<UserId>,
    pub caller_name: Option<&'a str>,
}

/// The notification `event` deserves, if any (whether the window is in front is decided apart).
pub fn notice_for(event: &AppEvent, known: Known<'_>) -> Option<Notice> {
    match event {
        AppEvent::IncomingCall { session, caller } if session.status == CallStatus::Ringing => {
            Some(Notice::new(
                APP_NAME,
                format!("📞 {} is calling you 💕", caller.display_name),
                session.match_id,
            ))
        }
        AppEvent::CallUpdated { session } if missed_by_me(session) => {
            let body = match known.caller_name {
                Some(name) => format!("Missed call from {name}"),
                None => "Missed video call".to_owned(),
            };
            Some(Notice::new(APP_NAME, body, session.match_id))
        }
        AppEvent::MutualMatch { card } => Some(Notice::new(
            "🎉 Mutual Match!",
            format!(
                "You and {} like each other: call again anytime 💕",
                card.view.peer.display_name
            ),
            card.view.id,
        )),
        AppEvent::CallRequestUpdated { request, peer_name } => {
            request_notice(request, peer_name, known.me?)
        }
        AppEvent::CallRequestReminder {
            request,
            minutes_before,
            peer_name,
        } => {
            let when = match minutes_before {
                0 => "now".to_owned(),
                1 => "in 1 minute".to_owned(),
                n => format!("in {n} minutes"),
            };
            Some(Notice::new(
                APP_NAME,
                format!("Video call with {peer_name} {when}"),
                request.match_id,
            ))
        }
        _ => None,
    }
}

/// A call request's news for me: a new request to me, or the time picked for mine. Every
/// other change (declined, cancelled, lapsed, done, or my own doing) is for the cards only.
fn request_notice(request: &CallRequest, peer_name: &str, me: UserId) -> Option<Notice> {
    let mine = request.from_user_id == me;
    let body = match request.status {
        CallRequestStatus::Pending if !mine => format!("{peer_name} asks for a video call"),
        CallRequestStatus::Scheduled if mine => format!("{peer_name} picked a time for your call"),
        _ => return None,
    };
    Some(Notice::new(APP_NAME, body, request.match_id))
}

/// A call that rang for me and was not answered.
pub(crate) fn missed_by_me(session: &SessionView) -> bool {
    session.status == CallStatus::Missed && session.role == CallRole::Callee
}

/// The callers of the calls ringing for me, so that a missed call can name them.
#[derive(Default)]
pub struct Callers(Mutex<HashMap<SessionId, String>>);

impl Callers {
    /// Remembers the caller of an incoming call; forgets it once the session moved on and
    /// returns it then.
    pub fn note(&self, event: &AppEvent) -> Option<String> {
        match event {
            AppEvent::IncomingCall { session, caller } => {
                self.lock()
                    .insert(session.session_id, caller.display_name.clone());
                None
            }
            AppEvent::CallUpdated { session } if session.status != CallStatus::Ringing => {
                self.lock().remove(&session.session_id)
            }
            AppEvent::SignedOut => {
                self.lock().clear();
                None
            }
            _ => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<SessionId, String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether `event` may deserve a notice: a cheap first filter, before any lookup.
pub(crate) fn may_notify(event: &AppEvent) -> bool {
    match event {
        AppEvent::IncomingCall { .. }
        | AppEvent::MutualMatch { .. }
        | AppEvent::CallRequestReminder { .. } => true,
        AppEvent::CallUpdated { session } => missed_by_me(session),
        AppEvent::CallRequestUpdated { request, .. } => matches!(
            request.status,
            CallRequestStatus::Pending | CallRequestStatus::Scheduled
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use meetcute_domain::CallRequestId;
    use meetcute_domain::wire::CallerInfo;

    const ME: UserId = UserId(3);
    const ANA: UserId = UserId(2);
    const MATCH: MatchId = MatchId(12);

    fn session(status: CallStatus, role: CallRole) -> SessionView {
        SessionView {
            session_id: SessionId(uuid::Uuid::from_u128(1)),
            match_id: MATCH,
            status,
            role,
            caller_id: ANA,
            callee_id: ME,
            created_at: Utc::now(),
            started_at: None,
            ended_at: None,
            end_reason: None,
            max_duration_seconds: None,
        }
    }

    fn incoming() -> AppEvent {
        AppEvent::IncomingCall {
            session: session(CallStatus::Ringing, CallRole::Callee),
            caller: CallerInfo {
                id: ANA,
                display_name: "Ana".into(),
            },
        }
    }

    fn request(from: UserId, status: CallRequestStatus) -> CallRequest {
        let now = Utc::now();
        CallRequest {
            id: CallRequestId(5),
            match_id: MATCH,
            from_user_id: from,
            slots: vec![now],
            any_time_today: false,
            status,
            scheduled_at: None,
            expires_at: now,
            created_at: now,
        }
    }

    fn updated(from: UserId, status: CallRequestStatus) -> AppEvent {
        AppEvent::CallRequestUpdated {
            request: request(from, status),
            peer_name: "Ana".into(),
        }
    }

    fn body(event: &AppEvent, known: Known<'_>) -> Option<String> {
        notice_for(event, known).map(|notice| {
            assert_eq!(notice.match_id, MATCH, "a click opens the event's match");
            notice.body
        })
    }

    fn me() -> Known<'static> {
        Known {
            me: Some(ME),
            caller_name: None,
        }
    }

    #[test]
    fn an_incoming_call_names_the_caller() {
        let notice = notice_for(&incoming(), Known::default()).expect("a notice");
        assert_eq!(notice.title, "Meetcute");
        assert_eq!(notice.body, "📞 Ana is calling you 💕");
        assert_eq!(notice.match_id, MATCH);
    }

    #[test]
    fn a_missed_call_is_for_the_callee_only_and_names_the_caller_when_known() {
        let missed = AppEvent::CallUpdated {
            session: session(CallStatus::Missed, CallRole::Callee),
        };
        let ana = Known {
            caller_name: Some("Ana"),
            ..me()
        };
        assert_eq!(body(&missed, ana).as_deref(), Some("Missed call from Ana"));
        assert_eq!(body(&missed, me()).as_deref(), Some("Missed video call"));
        let mine_unanswered = AppEvent::CallUpdated {
            session: session(CallStatus::Missed, CallRole::Caller),
        };
        assert_eq!(body(&mine_unanswered, ana), None);
        for status in [
            CallStatus::Active,
            CallStatus::Declined,
            CallStatus::Cancelled,
            CallStatus::Completed,
        ] {
            let other = AppEvent::CallUpdated {
                session: session(status, CallRole::Callee),
            };
            assert_eq!(body(&other, ana), None, "{status:?}");
        }
    }

    #[test]
    fn call_requests_notify_only_the_person_they_are_news_for() {
        assert_eq!(
            body(&updated(ANA, CallRequestStatus::Pending), me()).as_deref(),
            Some("Ana asks for a video call")
        );
        assert_eq!(
            body(&updated(ME, CallRequestStatus::Pending), me()),
            None,
            "my own request"
        );
        assert_eq!(
            body(&updated(ME, CallRequestStatus::Scheduled), me()).as_deref(),
            Some("Ana picked a time for your call")
        );
        assert_eq!(
            body(&updated(ANA, CallRequestStatus::Scheduled), me()),
            None,
            "I picked the time myself"
        );
        for status in [
            CallRequestStatus::Declined,
            CallRequestStatus::Cancelled,
            CallRequestStatus::Expired,
            CallRequestStatus::Done,
        ] {
            assert_eq!(body(&updated(ANA, status), me()), None, "{status:?}");
            assert_eq!(body(&updated(ME, status), me()), None, "{status:?}");
        }
        assert_eq!(
            body(&updated(ANA, CallRequestStatus::Pending), Known::default()),
            None,
            "nobody signed in"
        );
    }

    #[test]
    fn reminders_say_when() {
        let reminder = |minutes_before| AppEvent::CallRequestReminder {
            request: request(ANA, CallRequestStatus::Scheduled),
            minutes_before,
            peer_name: "Ana".into(),
        };
        assert_eq!(
            body(&reminder(5), me()).as_deref(),
            Some("Video call with Ana in 5 minutes")
        );
        assert_eq!(
            body(&reminder(1), me()).as_deref(),
            Some("Video call with Ana in 1 minute")
        );
        assert_eq!(
            body(&reminder(0), me()).as_deref(),
            Some("Video call with Ana now")
        );
    }

    #[test]
    fn quiet_events_raise_nothing() {
        for event in [
            AppEvent::MatchesChanged,
            AppEvent::SignedOut,
            AppEvent::CallUpdated {
                session: session(CallStatus::Ringing, CallRole::Callee),
            },
        ] {
            assert_eq!(notice_for(&event, me()), None, "{event:?}");
        }
    }

    #[test]
    fn the_first_filter_lets_through_every_event_that_needs_a_notice() {
        let mut events = vec![
            incoming(),
            AppEvent::MatchesChanged,
            AppEvent::CallUpdated {
                session: session(CallStatus::Missed, CallRole::Callee),
            },
            AppEvent::CallUpdated {
                session: session(CallStatus::Missed, CallRole::Caller),
            },
        ];
        for status in [
            CallRequestStatus::Pending,
            CallRequestStatus::Scheduled,
            CallRequestStatus::Declined,
            CallRequestStatus::Done,
        ] {
            events.push(updated(ANA, status));
            events.push(updated(ME, status));
        }
        for event in events {
            let needed = notice_for(&event, me()).is_some();
            assert!(may_notify(&event) || !needed, "{event:?}");
        }
    }

    #[test]
    fn a_missed_call_remembers_who_rang() {
        let callers = Callers::default();
        assert_eq!(callers.note(&incoming()), None);
        let missed = AppEvent::CallUpdated {
            session: session(CallStatus::Missed, CallRole::Callee),
        };
        assert_eq!(callers.note(&missed).as_deref(), Some("Ana"));
        assert_eq!(callers.note(&missed), None, "forgotten once used");
    }
}
