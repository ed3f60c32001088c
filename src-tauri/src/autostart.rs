//! Start at login (desktop), through `tauri-plugin-autostart`: an entry in
//! `~/.config/autostart` on Linux, a Launch Agent on macOS, the `Run` key on Windows. The app
//! then starts with `LaunchOptions::login_args`: the same profile and server, in the tray.
//! Mobile systems have no such thing: off, and switching it on is refused.

use crate::error::CommandError;
#[cfg(desktop)]
use crate::options::LaunchOptions;
use tauri::{AppHandle, Runtime};

/// The plugin, set to start this profile in the tray. Each profile has its own entry (named
/// after it), so two people on one machine choose apart.
#[cfg(desktop)]
pub fn plugin<R: Runtime>(options: &LaunchOptions) -> tauri::plugin::TauriPlugin<R> {
    // On macOS the builder's default is a Launch Agent (no AppleScript permission prompt).
    let builder = tauri_plugin_autostart::Builder::new().args(options.login_args());
    let builder = if options.profile == crate::options::DEFAULT_PROFILE {
        builder
    } else {
        builder.app_name(format!("Meetcute-{}", options.profile))
    };
    builder.build()
}

/// Whether the app starts at login.
pub fn enabled<R: Runtime>(app: &AppHandle<R>) -> Result<bool, CommandError> {
    #[cfg(desktop)]
    {
        manager(app)?.is_enabled().map_err(failed)
    }
    #[cfg(mobile)]
    {
        let _ = app;
        Ok(false)
    }
}

/// Starts the app at login, or not; answers the state that holds now.
pub fn set<R: Runtime>(app: &AppHandle<R>, enabled: bool) -> Result<bool, CommandError> {
    #[cfg(desktop)]
    {
        let manager = manager(app)?;
        if enabled {
            manager.enable().map_err(failed)?;
        } else {
            manager.disable().map_err(failed)?;
        }
        tracing::info!(enabled, "start at login");
        manager.is_enabled().map_err(failed)
    }
    #[cfg(mobile)]
    {
        let _ = (app, enabled);
        Err(CommandError::Autostart(
            "starting at login is for desktop systems".to_owned(),
        ))
    }
}

#[cfg(desktop)]
fn manager<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<tauri::State<'_, tauri_plugin_autostart::AutoLaunchManager>, CommandError> {
    use tauri::Manager;
    app.try_state()
        .ok_or_else(|| CommandError::Autostart("start at login is not available".to_owned()))
}

#[cfg(desktop)]
fn failed(error: tauri_plugin_autostart::Error) -> CommandError {
    CommandError::Autostart(error.to_string())
}
