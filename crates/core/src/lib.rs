//! meetcute-core: the app's brain without a window.
//!
//! [`Core`] is one handle over a data dir (its own SQLite cache and token: one person per
//! profile) and a server. It answers from the cache first, keeps it fresh with delta sync and
//! the live socket, queues the actions that can wait in an outbox, and emits [`AppEvent`]s
//! for the UI. The auth token never leaves the core.

mod account;
mod actions;
mod answer_body;
mod api;
mod cache;
mod error;
mod events;
mod live;
mod outbox;
mod reaching;
mod sync;
mod token;

pub use error::{CoreError, CoreResult};
pub use live::Backoff;
pub use meetcute_domain::app::{AppError, AppEvent, Connectivity, MatchCard};
pub use sync::SyncReport;

use api::Api;
use cache::{Applied, Cache};
use events::Events;
use meetcute_domain::call_requests::CallRequest;
use meetcute_domain::wire::User;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use token::TokenStore;
use tokio::sync::{Notify, broadcast, mpsc, watch};
use tokio::task::JoinHandle;

/// The client core. Cheap to clone; background work stops when the last clone is dropped
/// (or at [`Core::shutdown`]).
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
    tasks: Arc<Tasks>,
}

pub(crate) struct Inner {
    api: Api,
    cache: Cache,
    events: Events,
    tokens: TokenStore,
    user: RwLock<Option<User>>,
    /// Text frames for the live socket while it is up.
    socket_tx: Mutex<Option<mpsc::UnboundedSender<String>>>,
    signed_in: Notify,
    reconnect_now: Notify,
    wake_sync: Notify,
    /// Bumped at sign-out: the socket of the previous person closes.
    generation: watch::Sender<u64>,
    sync_lock: tokio::sync::Mutex<()>,
    outbox_lock: tokio::sync::Mutex<()>,
}

struct Tasks(Mutex<Vec<JoinHandle<()>>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in self.0.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            task.abort();
        }
    }
}

impl Core {
    /// Opens (creating if needed) the cache in `data_dir` and starts the live connection if
    /// someone is signed in there. Never waits for the network.
    pub async fn open(data_dir: impl AsRef<Path>, server_url: &str) -> CoreResult<Core> {
        let data_dir = data_dir.as_ref();
        let api = Api::new(server_url)?;
        let cache = Cache::open(data_dir).await?;
        let tokens = TokenStore::new(data_dir);
        let user = cache.account().await?;
        match (tokens.load()?, &user) {
            (Some(token), Some(_)) => api.set_token(Some(token)),
            (Some(_), None) => tokens.clear()?,
            _ => {}
        }
        let inner = Arc::new(Inner {
            api,
            cache,
            events: Events::default(),
            tokens,
            user: RwLock::new(user),
            socket_tx: Mutex::new(None),
            signed_in: Notify::new(),
            reconnect_now: Notify::new(),
            wake_sync: Notify::new(),
            generation: watch::Sender::new(0),
            sync_lock: tokio::sync::Mutex::new(()),
            outbox_lock: tokio::sync::Mutex::new(()),
        });
        let tasks = vec![
            tokio::spawn(live::run(inner.clone())),
            tokio::spawn(sync_worker(inner.clone())),
            tokio::spawn(sign_out_when_token_rejected(inner.clone())),
        ];
        Ok(Core {
            inner,
            tasks: Arc::new(Tasks(Mutex::new(tasks))),
        })
    }

    /// Every event for the UI. Never carries the token.
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.inner.events.subscribe()
    }

    pub fn connectivity(&self) -> Connectivity {
        self.inner.events.connectivity()
    }

    /// Stops the background work and closes the cache (the data stays on disk).
    pub async fn shutdown(&self) {
        for task in self
            .tasks
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            task.abort();
        }
        self.inner.events.set_socket_up(false);
        self.inner.cache.close().await;
    }
}

/// Background syncs asked for by `matches()` or by socket messages, while online.
async fn sync_worker(inner: Arc<Inner>) {
    loop {
        inner.wake_sync.notified().await;
        if inner.api.has_token()
            && inner.events.socket_up()
            && let Err(e) = sync::sync_once(&inner).await
        {
            tracing::debug!(error = %e, "background sync failed");
        }
    }
}

/// A token the server no longer accepts (signed out elsewhere, revoked) signs this profile
/// out, whichever request found out.
async fn sign_out_when_token_rejected(inner: Arc<Inner>) {
    loop {
        inner.api.token_rejected().await;
        if inner.api.has_token() {
            tracing::warn!("the server no longer accepts our token: signing out");
            if let Err(e) = inner.local_sign_out().await {
                tracing::warn!(error = %e, "local sign-out failed");
            }
        }
    }
}

impl Inner {
    fn emit_all(&self, applied: Applied) {
        for event in applied.events {
            self.events.emit(event);
        }
    }

    /// Stores requests (from the socket or an answer) and tells the UI of those that changed.
    async fn apply_call_requests(&self, requests: Vec<CallRequest>) -> CoreResult<()> {
        let changed = self.cache.apply_call_requests(&requests).await?;
        if changed.is_empty() {
            return Ok(());
        }
        for request in changed {
            self.events.emit(self.cache.request_event(request).await?);
        }
        self.events.emit(AppEvent::MatchesChanged);
        Ok(())
    }

    fn me(&self) -> CoreResult<User> {
        self.user
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|_| self.api.has_token())
            .ok_or(CoreError::NotSignedIn)
    }

    async fn local_sign_out(&self) -> CoreResult<()> {
        self.tokens.clear()?;
        self.api.set_token(None);
        self.generation.send_modify(|g| *g += 1);
        *self.user.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.cache.clear_all().await?;
        self.events.emit(AppEvent::SignedOut);
        Ok(())
    }
}
