//! Forwards the core's events to the UI as the Tauri event [`APP_EVENT`], and shows a
//! desktop notification for an incoming call when the window is not focused.

use crate::state::AppState;
use meetcute_domain::app::AppEvent;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::{Receiver, error::RecvError};

/// The Tauri event name the UI listens to (`src-ui/src/services/events.rs`).
pub const APP_EVENT: &str = "meetcute://event";

/// The main window's label (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Forwards every event until the core closes its channel.
pub fn forward<R: Runtime>(app: AppHandle<R>, mut events: Receiver<AppEvent>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let event = match events.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(missed)) => {
                    // Some events were lost: the UI refetches the matches, the truth.
                    tracing::warn!(missed, "the UI fell behind the core's events");
                    AppEvent::MatchesChanged
                }
                Err(RecvError::Closed) => break,
            };
            // The native engine takes the peer's signals first, so none waits on the webview.
            app.state::<AppState>().media.handle_event(&event);
            notify_if_unfocused(&app, &event);
            if let Err(error) = app.emit(APP_EVENT, &event) {
                tracing::warn!(%error, "could not forward an event to the UI");
            }
        }
        tracing::info!("the core's event stream ended");
    });
}

fn notify_if_unfocused<R: Runtime>(app: &AppHandle<R>, event: &AppEvent) {
    let AppEvent::IncomingCall { caller, .. } = event else {
        return;
    };
    let focused = app
        .get_webview_window(MAIN_WINDOW)
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    if focused {
        return;
    }
    let shown = app
        .notification()
        .builder()
        .title("Meetcute")
        .body(format!("📞 {} is calling you 💕", caller.display_name))
        .show();
    if let Err(error) = shown {
        tracing::info!(%error, "no desktop notification");
    }
}
