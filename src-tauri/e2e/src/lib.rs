//! End-to-end support for the desktop app: a real server in-process, people played through
//! `meetcute-core`, and a WebDriver handle on the real app (tauri-driver + WebKitWebDriver);
//! for the desktop's part, the window as X sees it and a notification server that records.
//!
//! Used by `tests/app.rs` and `tests/background.rs` (run by `scripts/e2e.sh`) and the `bench`
//! binary.

pub mod notifications;
pub mod paths;
pub mod people;
pub mod server;
pub mod ui;
pub mod x11;

/// Logs to stderr once (tests and the benchmark).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEETCUTE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
