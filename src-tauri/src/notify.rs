//! Desktop notifications for what must reach you while Meetcute is in the tray or behind other
//! windows: an incoming call, a missed call, a mutual match, a call request meant for you and
//! the reminders of an agreed call. Clicking one brings the window back and tells the UI which
//! match to open ([`OPEN_MATCH_EVENT`]).
//!
//! Clicks: `tauri-plugin-notification` (≥ 2.6) reports them on desktop through
//! `Notification::on_action` (`tap`): on Linux as the Desktop Notifications Specification's
//! `default` action (the plugin offers it once a handler exists), on Windows while the toast
//! is on screen, on macOS through its notification center; on mobile through the plugin's
//! native side.

use crate::reveal;
use crate::state::AppState;
use meetcute_domain::app::AppEvent;
use meetcute_domain::call_requests::{CallRequest, CallRequestStatus};
use meetcute_domain::wire::SessionView;
use meetcute_domain::{CallRole, CallStatus, MatchId, SessionId, UserId};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::{ActionPerformed, Notification, NotificationExt};

/// The Tauri event that asks the UI to open a match (payload [`OpenMatch`]), sent when a
/// notification is clicked.
pub const OPEN_MATCH_EVENT: &str = "meetcute://open-match";
/// Where a notification keeps its match, for the click.
const MATCH_ID_KEY: &str = "match_id";
const APP_NAME: &str = "Meetcute";

/// The payload of [`OPEN_MATCH_EVENT`]: `{"match_id": 12}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OpenMatch {
    pub match_id: MatchId,
}

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
fn missed_by_me(session: &SessionView) -> bool {
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

/// Shows the notification `event` deserves when the main window is hidden or not focused.
pub async fn on_event<R: Runtime>(app: &AppHandle<R>, event: &AppEvent) {
    let state = app.state::<AppState>();
    let mut caller_name = state.callers.note(event);
    if !may_notify(event) || reveal::main_window_in_front(app) {
        return;
    }
    let me = match event {
        AppEvent::CallRequestUpdated { .. } => match state.core().await {
            Ok(core) => core.current_user().await.map(|user| user.id),
            Err(_) => None,
        },
        _ => None,
    };
    if let AppEvent::CallUpdated { session } = event
        && caller_name.is_none()
        && missed_by_me(session)
    {
        caller_name = peer_name(&state, session.match_id).await;
    }
    let known = Known {
        me,
        caller_name: caller_name.as_deref(),
    };
    if let Some(notice) = notice_for(event, known) {
        show(app, notice);
    }
}

/// Whether `event` may deserve a notice: a cheap first filter, before any lookup.
fn may_notify(event: &AppEvent) -> bool {
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

/// The other person's name in `match_id`, from the core's cached cards.
async fn peer_name(state: &AppState, match_id: MatchId) -> Option<String> {
    let cards = state.core().await.ok()?.matches().await.ok()?;
    cards
        .into_iter()
        .find(|card| card.view.id == match_id)
        .map(|card| card.view.peer.display_name)
}

fn show<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    if app.try_state::<Notification<R>>().is_none() {
        return; // No notification plugin (the shell's tests).
    }
    tracing::debug!(match_id = %notice.match_id, body = %notice.body, "notification");
    let shown = app
        .notification()
        .builder()
        .title(notice.title)
        .body(notice.body)
        .extra(MATCH_ID_KEY, notice.match_id)
        .show();
    if let Err(error) = shown {
        tracing::info!(%error, "no desktop notification");
    }
}

/// Brings the window back on the clicked notification's match. Must run before the first
/// notification: the plugin reports clicks only on notifications shown after a handler exists.
pub fn listen_for_clicks<R: Runtime>(app: &AppHandle<R>) {
    let Some(notifications) = app.try_state::<Notification<R>>() else {
        return;
    };
    let handle = app.clone();
    let listening = notifications.on_action(move |action| {
        if let Some(match_id) = clicked_match(action) {
            open_match(&handle, match_id);
        }
    });
    if let Err(error) = listening {
        tracing::info!(%error, "notification clicks will not open the app");
    }
}

/// The match of a clicked notification (not of one dismissed, which iOS reports too).
fn clicked_match(action: &ActionPerformed) -> Option<MatchId> {
    if action.action_id() == "dismiss" {
        return None;
    }
    let value = action.notification()?.extra().get(MATCH_ID_KEY)?.clone();
    serde_json::from_value(value).ok()
}

/// Shows and focuses the main window and asks the UI to open `match_id`.
pub fn open_match<R: Runtime>(app: &AppHandle<R>, match_id: MatchId) {
    tracing::info!(%match_id, "opening a match from a notification");
    reveal::bring_to_front(app);
    if let Err(error) = app.emit(OPEN_MATCH_EVENT, OpenMatch { match_id }) {
        tracing::warn!(%error, "could not ask the UI to open the match");
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
