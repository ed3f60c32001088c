//! Forwards the core's events to the UI as the Tauri event [`APP_EVENT`], after the shell's own
//! listeners had them: the native call engine, the ring, the tray and the notifications.

use crate::notify;
use crate::state::AppState;
use meetcute_domain::app::AppEvent;
use tauri::{AppHandle, Emitter, Manager, Runtime};
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
            let state = app.state::<AppState>();
            // The native engine takes the peer's signals first, so none waits on the webview.
            state.media.handle_event(&event);
            state.ring.handle_event(&event);
            #[cfg(desktop)]
            crate::tray::on_event(&app, &event);
            if let Err(error) = app.emit(APP_EVENT, &event) {
                tracing::warn!(%error, "could not forward an event to the UI");
            }
            notify::on_event(&app, &event).await;
        }
        tracing::info!("the core's event stream ended");
    });
}
