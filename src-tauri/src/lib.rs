//! Meetcute's desktop shell (Tauri 2): a thin seam over `meetcute-core`.
//!
//! `run()` reads the launch options (profile, server), opens the core for that profile's data
//! dir in the background, registers the commands (`commands.rs`) and forwards the core's
//! events (`events.rs`). On desktop it lives on in the tray when its window is closed
//! (`tray.rs`), so calls still ring (`ring.rs`) and notify (`notify.rs`). The UI is `src-ui`,
//! bundled from `src-ui/dist`.

pub mod autostart;
pub mod commands;
pub mod error;
pub mod events;
#[cfg(target_os = "linux")]
pub mod linux_accessibility;
#[cfg(target_os = "linux")]
pub mod linux_environment;
#[cfg(target_os = "linux")]
pub mod linux_rendering;
pub mod media;
pub mod notice;
pub mod notify;
pub mod options;
pub mod reveal;
pub mod ring;
pub mod state;
#[cfg(desktop)]
pub mod tray;

mod command_names {
    include!("command_names.rs");
}
pub use command_names::COMMANDS;

use options::LaunchOptions;
use state::AppState;
use std::time::Instant;
use tauri::{Builder, Manager, Runtime};

/// The app's entry point (desktop `main` and mobile).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = Instant::now();
    #[cfg(target_os = "linux")]
    linux_environment::apply_defaults();
    init_tracing();
    let options = match LaunchOptions::from_process() {
        Ok(options) => options,
        Err(error) => {
            tracing::error!(%error, "bad launch options");
            std::process::exit(2);
        }
    };
    let builder = tauri::Builder::default().plugin(tauri_plugin_notification::init());
    #[cfg(desktop)]
    let builder = builder.plugin(autostart::plugin(&options));
    let app = setup(builder, options, started).build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(on_run_event),
        Err(error) => {
            tracing::error!(%error, "the app could not start");
            std::process::exit(1);
        }
    }
}

/// Everything but the context and the plugins, so tests can use `tauri::test::mock_builder()`.
pub fn setup<R: Runtime>(
    builder: Builder<R>,
    options: LaunchOptions,
    started: Instant,
) -> Builder<R> {
    builder
        .invoke_handler(tauri::generate_handler![
            commands::current_user,
            commands::register,
            commands::sign_in,
            commands::sign_out,
            commands::profile,
            commands::update_profile,
            commands::discover,
            commands::matches,
            commands::decide,
            commands::unmatch,
            commands::block,
            commands::report,
            commands::start_call,
            commands::accept_call,
            commands::decline_call,
            commands::end_call,
            commands::call_history,
            commands::send_signal,
            commands::media_start,
            commands::media_control,
            commands::media_stop,
            commands::availability,
            commands::set_availability,
            commands::set_calls_allowed,
            commands::ask_for_call,
            commands::answer_call_request,
            commands::call_requests,
            commands::sync_now,
            commands::connectivity,
            commands::ui_painted,
            commands::autostart_enabled,
            commands::set_autostart,
        ])
        .manage(AppState::new(options, started))
        .on_window_event(|window, event| {
            #[cfg(desktop)]
            tray::on_window_event(window, event);
            #[cfg(mobile)]
            let _ = (window, event);
        })
        .on_page_load(|webview, payload| {
            // The start-up timeline: the page's load between the window and the UI's first command.
            let since_start_ms = webview.state::<AppState>().started.elapsed().as_millis();
            tracing::debug!(event = ?payload.event(), since_start_ms, "page load");
            reveal::on_page_load(webview, payload);
        })
        .setup(|app| {
            let state = app.state::<AppState>();
            let data_dir = state.resolve_data_dir(&app.path().app_data_dir()?).to_path_buf();
            if let Some(window) = app.get_webview_window(events::MAIN_WINDOW)
                && let Err(error) = window.set_title(&state.options.window_title())
            {
                tracing::warn!(%error, "could not set the window title");
            }
            tracing::info!(profile = %state.options.profile, data_dir = %data_dir.display(), since_start_ms = state.started.elapsed().as_millis(), "starting");
            reveal::show_after_fallback(app.handle());
            notify::listen_for_clicks(app.handle());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                match state.core().await {
                    Ok(core) => events::forward(handle.clone(), core.subscribe()),
                    Err(error) => tracing::error!(%error, "could not open the core"),
                }
            });
            Ok(())
        })
}

/// The real app's event loop: the tray once the loop runs (macOS wants it no sooner; not in
/// `setup`, which the tests' mock runtime runs without a desktop); on macOS a click on the
/// Dock icon brings the window back from the tray.
fn on_run_event<R: Runtime>(app: &tauri::AppHandle<R>, event: tauri::RunEvent) {
    #[cfg(mobile)]
    let _ = app;
    match event {
        #[cfg(desktop)]
        tauri::RunEvent::Ready => tray::install(app),
        #[cfg(target_os = "macos")]
        tauri::RunEvent::Reopen { .. } => reveal::bring_to_front(app),
        _ => {}
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("MEETCUTE_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn"));
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
