//! The real app on the desktop, out of sight: closing its window keeps it running in the tray,
//! a call still finds Sam (a desktop notification, then a missed-call one), and clicking the
//! notification brings the window back on that match.
//!
//! How it observes the desktop: `scripts/e2e.sh` runs a private D-Bus session bus for the app;
//! this test owns the notification server's name on it (`meetcute_e2e::notifications`) and so
//! receives every `Notify` call the app makes, and clicks by sending `ActionInvoked`. The window
//! is closed with the `WM_DELETE_WINDOW` message a window manager sends, and checked through
//! the X server (`meetcute_e2e::x11`).
//!
//! Needs the built app, Xvfb, a session bus and tauri-driver: run it with `scripts/e2e.sh`.

use anyhow::ensure;
use meetcute_e2e::notifications::NotificationServer;
use meetcute_e2e::people::{app_args, sam_signed_in_and_alex};
use meetcute_e2e::ui::Ui;
use meetcute_e2e::x11::{Display, process_alive};
use meetcute_e2e::{init_tracing, paths, server};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Unanswered calls turn missed this fast here (the real server waits 30 s).
const RING_TIMEOUT_SECS: f64 = 4.0;
const WAIT: Duration = Duration::from_secs(20);
const TITLE: &str = "Meetcute";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, Xvfb, a session bus and tauri-driver: scripts/e2e.sh"]
async fn a_closed_window_still_gets_calls_and_a_notification_opens_the_match() -> anyhow::Result<()>
{
    init_tracing();
    // First, or the app could notify before anyone listens.
    let notifications = NotificationServer::start().await?;
    let server = server::start_ringing_for(8, RING_TIMEOUT_SECS).await?;
    let url = server.url();
    let tmp = tempfile::tempdir()?;
    let tag = format!("bg{}", std::process::id());

    // Sam is signed in on the app's data dir before it starts; Alex is played here.
    let app_dir = tmp.path().join("app");
    let (alex, match_id) =
        sam_signed_in_and_alex(&tag, &app_dir, &tmp.path().join("alex"), &url).await?;

    let args = app_args(&app_dir, &url);
    let ui = Ui::launch(&paths::app_binary(), &args, paths::shots_dir()).await?;
    let result = scenario(&ui, &notifications, &alex, match_id).await;
    if result.is_err() {
        let _ = ui.shot("bg-failure").await;
        let _ = ui.dump_html("bg-failure").await;
    }
    ui.close().await?;
    server.shutdown().await;
    result
}

async fn scenario(
    ui: &Ui,
    notifications: &NotificationServer,
    alex: &meetcute_core::Core,
    match_id: meetcute_domain::MatchId,
) -> anyhow::Result<()> {
    // Signed in and live: the match is on screen.
    ui.wait_text("article.match-card h2", "Alex").await?;
    // Hear what the shell asks the UI to open (the UI's own handling comes with its change).
    let listening = ui
        .js(
            "window.__openedMatches = [];
             return window.__TAURI__.event
               .listen('meetcute://open-match', e => window.__openedMatches.push(e.payload.match_id))
               .then(() => true);",
            vec![],
        )
        .await?;
    ensure!(listening == json!(true), "could not listen: {listening}");

    // Close the window as its close button would.
    let display = Display::open()?;
    let window = display.shown_window(TITLE)?;
    let pid = display.pid(window)?;
    display.request_close(window)?;
    wait_until("the window hides", || Ok(!display.is_shown(window)?)).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    ensure!(
        process_alive(pid),
        "the app (pid {pid}) quit when its window closed"
    );
    let title = ui.js("return document.title;", vec![]).await?;
    tracing::info!(pid, %title, "the window is closed and the app runs on");

    // Alex calls: the notification names him, and a click on it is reported to the app.
    alex.start_call(match_id).await?;
    let incoming = notifications.wait_for("Alex is calling you", WAIT).await?;
    ensure!(incoming.body == "📞 Alex is calling you 💕", "{incoming:?}");
    ensure!(incoming.clickable(), "no click action: {incoming:?}");
    ensure!(!display.is_shown(window)?, "the window stays in the tray");

    // Nobody answers: the call is missed, and that is told too.
    let missed = notifications
        .wait_for("Missed call from Alex", WAIT)
        .await?;
    ensure!(missed.clickable(), "no click action: {missed:?}");
    ensure!(
        !display.is_shown(window)?,
        "the window is still in the tray"
    );

    // A click on it brings the window back and asks the UI for Alex's match.
    notifications.click(missed.id).await?;
    wait_until("the window shows again", || display.is_shown(window)).await?;
    let opened = wait_for_value(ui, "return window.__openedMatches;").await?;
    ensure!(
        opened == json!([match_id]),
        "opened {opened}, not [{match_id}]"
    );
    ensure!(process_alive(pid), "the app is still the same process");
    ui.shot("bg-01-back-from-a-notification").await?;
    tracing::info!(shown = ?notifications.shown(), "notifications");
    Ok(())
}

/// Polls `check` until it holds.
async fn wait_until(
    what: &str,
    mut check: impl FnMut() -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < WAIT {
        if check()? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("timed out waiting until {what}")
}

/// Polls `script` until it returns a non-empty array.
async fn wait_for_value(ui: &Ui, script: &str) -> anyhow::Result<Value> {
    let started = Instant::now();
    loop {
        let value = ui.js(script, vec![]).await?;
        if value.as_array().is_some_and(|a| !a.is_empty()) || started.elapsed() > WAIT {
            return Ok(value);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
