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

use crate::notice::{Known, Notice, may_notify, missed_by_me, notice_for};
use crate::reveal;
use crate::state::AppState;
use meetcute_domain::MatchId;
use meetcute_domain::app::AppEvent;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::{ActionPerformed, Notification, NotificationExt};

/// The Tauri event that asks the UI to open a match (payload [`OpenMatch`]), sent when a
/// notification is clicked.
pub const OPEN_MATCH_EVENT: &str = "meetcute://open-match";
/// Where a notification keeps its match, for the click.
const MATCH_ID_KEY: &str = "match_id";

/// The payload of [`OPEN_MATCH_EVENT`]: `{"match_id": 12}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OpenMatch {
    pub match_id: MatchId,
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
