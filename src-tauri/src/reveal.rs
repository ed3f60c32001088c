//! The main window starts hidden (tauri.conf.json) and is shown once its page has loaded.
//!
//! Why on Linux: WebKitGTK without its DMA-BUF renderer asks the web process for a frame each
//! time GTK draws a visible webview with nothing painted yet, and blocks the main thread up to
//! 500 ms for it. Drawn after the web process launched but before the page loaded, the window
//! waits all 500 ms: the page's document is served by that same blocked thread (the app's
//! scheme). Under Xvfb 2 starts in 60 painted their cards half a second late that way.
//! Shown after the load, the frame is ready at once; elsewhere it spares a blank first frame.
//!
//! Shown once: a window closed to the tray meanwhile stays there. Started at login
//! (`--background`, see `autostart.rs`) it stays in the tray until opened.

use crate::events::MAIN_WINDOW;
use crate::state::AppState;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{AppHandle, Manager, Runtime, Webview};

/// Shown anyway after this long, should the page never finish loading.
pub const FALLBACK: Duration = Duration::from_secs(2);

/// `Builder::on_page_load`: shows the main window once its page has loaded.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() == PageLoadEvent::Finished && webview.label() == MAIN_WINDOW {
        show_main_window(webview.app_handle());
    }
}

/// Shows the main window after [`FALLBACK`] if its page has not done it.
pub fn show_after_fallback<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FALLBACK).await;
        show_main_window(&app);
    });
}

fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    if app
        .state::<AppState>()
        .revealed
        .swap(true, Ordering::SeqCst)
    {
        return;
    }
    if window.is_visible().unwrap_or(false) {
        return;
    }
    if let Err(error) = window.show() {
        tracing::warn!(%error, "could not show the window");
    }
}

/// Shows, restores and focuses the main window (the tray's "Open", a clicked notification).
pub fn bring_to_front<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    #[cfg(desktop)]
    let steps = [window.show(), window.unminimize(), window.set_focus()];
    #[cfg(mobile)]
    let steps = [window.show(), window.set_focus()];
    for error in steps.into_iter().filter_map(Result::err) {
        tracing::warn!(%error, "could not bring the window to the front");
    }
}

/// Whether the main window is on screen and has the focus: then the UI tells, not a
/// notification.
pub fn main_window_in_front<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.get_webview_window(MAIN_WINDOW).is_some_and(|window| {
        window.is_visible().unwrap_or(false)
            && !window.is_minimized().unwrap_or(false)
            && window.is_focused().unwrap_or(false)
    })
}
