//! End-to-end support for the desktop app: a real server in-process, people played through
//! `meetcute-core`, and a WebDriver handle on the real app (tauri-driver + WebKitWebDriver).
//!
//! Used by `tests/app.rs` (run by `scripts/e2e.sh`) and the `bench` binary.

pub mod paths;
pub mod people;
pub mod server;
pub mod ui;

/// Logs to stderr once (tests and the benchmark).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEETCUTE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
