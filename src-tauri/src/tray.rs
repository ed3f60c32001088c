//! The tray icon (desktop): Meetcute keeps running when its window is closed, so calls still
//! find you. Menu: "Open Meetcute", a check item "Available for calls", "Quit".
//!
//! Closing the main window hides it while the tray icon exists (where no tray could be made,
//! closing quits as before: there would be no way back). "Quit" stops the ring and the core
//! cleanly, then exits. The check item shows the core's availability (read when the tray is
//! made and whenever the live connection comes up; greyed out while unknown) and switches it.

use crate::events::MAIN_WINDOW;
use crate::reveal;
use crate::state::AppState;
use meetcute_domain::app::{AppEvent, Connectivity};
use meetcute_domain::availability::Availability;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

/// The Tauri event telling the UI that the tray switched calls on or off (payload: the
/// `Availability` the server holds now, as `GET /api/me/availability` answers).
pub const AVAILABILITY_EVENT: &str = "meetcute://availability";

const OPEN: &str = "open";
const AVAILABLE: &str = "available";
const QUIT: &str = "quit";

/// What the tray keeps: its icon and the "Available for calls" item.
pub struct Tray<R: Runtime> {
    _icon: TrayIcon<R>,
    available: CheckMenuItem<R>,
    /// Set once "Quit" was chosen: the window may close for real then.
    quitting: AtomicBool,
}

/// Makes the tray icon. Without one (no tray library on this desktop), the app keeps working
/// and closing the window quits.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    match build(app) {
        Ok(tray) => {
            app.manage(tray);
            tracing::debug!("tray icon ready");
            refresh_availability(app);
        }
        Err(error) => tracing::warn!(%error, "no tray icon: closing the window will quit"),
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) -> Result<Tray<R>, String> {
    let open = MenuItem::with_id(app, OPEN, "Open Meetcute", true, None::<&str>);
    // Unknown until someone is signed in and the server answered.
    let available = CheckMenuItem::with_id(
        app,
        AVAILABLE,
        "Available for calls",
        false,
        true,
        None::<&str>,
    );
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>);
    let separator = PredefinedMenuItem::separator(app);
    let (open, available, quit, separator) = (|| Ok((open?, available?, quit?, separator?)))()
        .map_err(|e: tauri::Error| e.to_string())?;
    let menu = Menu::with_items(app, &[&open, &available, &separator, &quit])
        .map_err(|e| e.to_string())?;
    let icon = app
        .default_window_icon()
        .cloned()
        .ok_or("the app has no icon")?;
    // The tray library is loaded at run time on Linux and panics when it is missing: a
    // desktop without it gets no tray rather than no app.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        TrayIconBuilder::with_id("main")
            .icon(icon)
            .tooltip("Meetcute")
            .menu(&menu)
            .show_menu_on_left_click(false)
            .on_menu_event(on_menu_event)
            .on_tray_icon_event(on_tray_icon_event)
            .build(app)
    }));
    let icon = match built {
        Ok(icon) => icon.map_err(|e| e.to_string())?,
        Err(_) => return Err("the tray library could not be loaded".to_owned()),
    };
    Ok(Tray {
        _icon: icon,
        available,
        quitting: AtomicBool::new(false),
    })
}

/// `Builder::on_window_event`: closing the main window hides it while there is a tray.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(tray) = window.try_state::<Tray<R>>() else {
        return;
    };
    if window.label() != MAIN_WINDOW || tray.quitting.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    match window.hide() {
        Ok(()) => tracing::info!("the window went to the tray; calls still ring"),
        Err(error) => tracing::warn!(%error, "could not hide the window"),
    }
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => reveal::bring_to_front(app),
        AVAILABLE => toggle_availability(app),
        QUIT => quit(app),
        other => tracing::debug!(id = other, "unknown tray menu item"),
    }
}

/// A left click on the icon opens the window (where the tray reports clicks: not on Linux).
fn on_tray_icon_event<R: Runtime>(tray: &TrayIcon<R>, event: TrayIconEvent) {
    if let TrayIconEvent::Click {
        button: MouseButton::Left,
        button_state: MouseButtonState::Up,
        ..
    } = event
    {
        reveal::bring_to_front(tray.app_handle());
    }
}

/// Stops the ring and the core, then exits.
fn quit<R: Runtime>(app: &AppHandle<R>) {
    if let Some(tray) = app.try_state::<Tray<R>>() {
        tray.quitting.store(true, Ordering::SeqCst);
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        state.ring.stop_all();
        if let Some(core) = state.opened_core() {
            core.shutdown().await;
        }
        tracing::info!("quitting from the tray");
        app.exit(0);
    });
}

/// Keeps the check item in step with the core's events: read again once the live connection is
/// up (after sign-in, or back online), greyed out at sign-out.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: &AppEvent) {
    match event {
        AppEvent::Connectivity {
            state: Connectivity::Online,
        } => refresh_availability(app),
        AppEvent::SignedOut => show_availability(app, None),
        _ => {}
    }
}

/// Reads the availability from the core and shows it.
fn refresh_availability<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let available = availability::read(&app).await;
        show_availability(&app, available);
    });
}

/// The item was clicked (the platform flipped its check mark already): ask the core for that,
/// then show what the core answered (the old state again if it refused).
fn toggle_availability<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.try_state::<Tray<R>>() else {
        return;
    };
    let Ok(wanted) = tray.available.is_checked() else {
        return;
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let now = match availability::write(&app, wanted).await {
            Some(available) => Some(available),
            None => availability::read(&app).await,
        };
        show_availability(&app, now);
    });
}

/// The UI switched the availability: the check mark follows.
pub fn availability_changed<R: Runtime>(app: &AppHandle<R>, now: &Availability) {
    show_availability(app, Some(availability::takes_calls(now)));
}

/// Shows `available` (`None`: unknown, the item greyed out).
fn show_availability<R: Runtime>(app: &AppHandle<R>, available: Option<bool>) {
    let Some(tray) = app.try_state::<Tray<R>>() else {
        return;
    };
    let item = &tray.available;
    let shown = item
        .set_enabled(available.is_some())
        .and_then(|()| item.set_checked(available.unwrap_or(false)));
    if let Err(error) = shown {
        tracing::debug!(%error, "could not update the tray's availability");
    }
}

/// The core's "Available for calls" switch.
mod availability {
    use crate::state::AppState;
    use meetcute_domain::availability::Availability;
    use tauri::{AppHandle, Emitter, Manager, Runtime};

    /// Whether calls may ring me now; `None` when unknown (nobody signed in, offline).
    pub async fn read<R: Runtime>(app: &AppHandle<R>) -> Option<bool> {
        let state = app.state::<AppState>();
        let core = state.core().await.ok()?;
        match core.availability().await {
            Ok(availability) => Some(takes_calls(&availability)),
            Err(error) => {
                tracing::debug!(%error, "availability unknown");
                None
            }
        }
    }

    /// Switches calls on or off (off until switched on again; presence as it was); the state
    /// the core answered, `None` when it failed.
    pub async fn write<R: Runtime>(app: &AppHandle<R>, available: bool) -> Option<bool> {
        let state = app.state::<AppState>();
        let core = state.core().await.ok()?;
        let current = core.availability().await.unwrap_or_default();
        let wanted = Availability {
            available,
            until: None,
            ..current
        };
        match core.set_availability(wanted).await {
            Ok(now) => {
                tracing::info!(available = now.available, "availability set from the tray");
                if let Err(error) = app.emit(super::AVAILABILITY_EVENT, now) {
                    tracing::debug!(%error, "could not tell the UI");
                }
                Some(takes_calls(&now))
            }
            Err(error) => {
                tracing::warn!(%error, available, "could not change the availability");
                None
            }
        }
    }

    /// What the check mark shows: calls ring me now (an "off until" that has passed is on).
    pub fn takes_calls(availability: &Availability) -> bool {
        availability.takes_calls_at(chrono::Utc::now())
    }
}
