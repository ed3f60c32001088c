//! Meetcute's desktop UI: Yew function components built by Trunk to wasm.
//!
//! It talks only to the Tauri shell (commands and the `meetcute://event` stream) and never
//! to the network. The crate also builds natively, so the reducer, the view models and the
//! components (rendered to HTML on the server side) are tested with `cargo test`.

pub mod actions;
pub mod app;
pub mod components;
pub mod hooks;
pub mod pages;
pub mod services;
pub mod state;
pub mod vm;

/// Starts the UI in the webview.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    use tracing_subscriber::prelude::*;
    services::timeline::mark("wasm");
    console_error_panic_hook::set_once();
    let console = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .without_time()
        .with_writer(tracing_web::MakeWebConsoleWriter::new());
    // A second start (hot reload) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(console).try_init();
    yew::Renderer::<app::App>::new().render();
}
