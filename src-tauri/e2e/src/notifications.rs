//! A notification server for the test: owns `org.freedesktop.Notifications` on the session bus
//! that `scripts/e2e.sh` starts for the app (`DBUS_SESSION_BUS_ADDRESS`), records every
//! notification the app raises, and clicks one the way a desktop does (the `ActionInvoked`
//! signal with the `default` action).
//!
//! A real daemon would show the notifications; this one keeps them for the test to read, and
//! speaks the same protocol (the Desktop Notifications Specification), so the app cannot tell.

use anyhow::{Context, bail};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use zbus::zvariant::OwnedValue;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const POLL: Duration = Duration::from_millis(100);

/// One `Notify` call, as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The id the server answered (what a click reports).
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Action keys and labels, in pairs; `default` is a click on the notification itself.
    pub actions: Vec<String>,
}

impl Shown {
    /// Whether a click on the notification itself is reported to the app.
    pub fn clickable(&self) -> bool {
        self.actions.chunks(2).any(|pair| pair[0] == "default")
    }
}

type Log = Arc<Mutex<Vec<Shown>>>;

fn lock(log: &Log) -> MutexGuard<'_, Vec<Shown>> {
    log.lock().unwrap_or_else(|e| e.into_inner())
}

/// The server's D-Bus object.
struct Server {
    log: Log,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = if replaces_id > 0 {
            replaces_id
        } else {
            self.next_id.fetch_add(1, Ordering::SeqCst)
        };
        tracing::info!(id, %summary, %body, ?actions, "notification shown");
        lock(&self.log).push(Shown {
            id,
            app_name,
            summary,
            body,
            actions,
        });
        id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "meetcute-e2e".into(),
            "meetcute".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// The running server; gone (and the name free) when dropped.
pub struct NotificationServer {
    connection: zbus::Connection,
    log: Log,
}

impl NotificationServer {
    /// Takes the notification server's name on the session bus. Fails when there is no bus
    /// (run the test through `scripts/e2e.sh`) or another server owns the name.
    pub async fn start() -> anyhow::Result<Self> {
        let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
        if address.is_empty() {
            bail!("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS): run scripts/e2e.sh");
        }
        let log = Log::default();
        let server = Server {
            log: log.clone(),
            next_id: AtomicU32::new(1),
        };
        let connection = zbus::connection::Builder::session()?
            .serve_at(PATH, server)?
            .name(NAME)?
            .build()
            .await
            .with_context(|| format!("owning {NAME} on {address}"))?;
        tracing::info!(%address, "notification server up");
        Ok(Self { connection, log })
    }

    /// Every notification so far.
    pub fn shown(&self) -> Vec<Shown> {
        lock(&self.log).clone()
    }

    /// Waits for a notification whose summary or body contains `text`.
    pub async fn wait_for(&self, text: &str, within: Duration) -> anyhow::Result<Shown> {
        let started = Instant::now();
        loop {
            let found = lock(&self.log)
                .iter()
                .find(|n| n.summary.contains(text) || n.body.contains(text))
                .cloned();
            if let Some(found) = found {
                return Ok(found);
            }
            if started.elapsed() > within {
                bail!("no notification with {text:?}; shown: {:?}", self.shown());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks notification `id`, as a desktop reports a click on its body.
    pub async fn click(&self, id: u32) -> anyhow::Result<()> {
        self.connection
            .emit_signal(None::<&str>, PATH, NAME, "ActionInvoked", &(id, "default"))
            .await
            .context("sending ActionInvoked")?;
        Ok(())
    }
}
