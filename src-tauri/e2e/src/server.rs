//! A real `meetcute-server` in this process: fresh SQLite, a short first-call cap.

use meetcute_server::{Config, Server};

/// Starts a server whose first calls last `first_call_cap_secs`. Rings wait long enough for a
/// driven UI to answer.
pub async fn start(first_call_cap_secs: u32) -> anyhow::Result<Server> {
    start_ringing_for(first_call_cap_secs, 30.0).await
}

/// Starts a server whose unanswered calls turn missed after `ring_timeout_secs`.
pub async fn start_ringing_for(
    first_call_cap_secs: u32,
    ring_timeout_secs: f64,
) -> anyhow::Result<Server> {
    start_with(|config| {
        config.first_call_cap_secs = first_call_cap_secs;
        config.ring_timeout_secs = ring_timeout_secs;
    })
    .await
}

/// Starts a server on [`Config::for_tests`] as `configure` changes it (e.g. a call request's
/// reminder lead and window).
pub async fn start_with(configure: impl FnOnce(&mut Config)) -> anyhow::Result<Server> {
    let mut config = Config::for_tests();
    configure(&mut config);
    let (first_call_cap_secs, ring_timeout_secs) =
        (config.first_call_cap_secs, config.ring_timeout_secs);
    let (call_reminder_secs, call_request_window_secs) =
        (config.call_reminder_secs, config.call_request_window_secs);
    let server = Server::start(config).await?;
    tracing::info!(
        url = %server.url(),
        first_call_cap_secs,
        ring_timeout_secs,
        call_reminder_secs,
        call_request_window_secs,
        "test server up"
    );
    Ok(server)
}
