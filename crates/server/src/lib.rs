//! Meetcute's API server: `app()` builds the router, `Server::start` binds and runs it.

pub mod config;
pub mod db;
pub mod error;
pub mod hashing;
pub mod http;
pub mod live;
pub mod metrics;
pub mod open_files;
pub mod ratelimit;
pub mod service;
pub mod shutdown;
pub mod state;
pub mod timers;
pub mod token_cache;
pub mod turn;
pub mod ws;

pub use config::Config;
pub use http::app;

use anyhow::Context;
use axum::serve::ListenerExt;
use db::Db;
use hashing::Hasher;
use live::{Broadcaster, InProcess, PgNotify};
use metrics::Metrics;
use ratelimit::{LoginLimiter, RegisterLimiter};
use shutdown::Shutdown;
use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use timers::Timers;
use token_cache::TokenCache;
use tokio::sync::{Semaphore, oneshot};
use tokio::task::JoinHandle;

/// A running server.
pub struct Server {
    addr: SocketAddr,
    state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Server {
    /// Opens the database, rebuilds the timers, binds and serves.
    pub async fn start(config: Config) -> anyhow::Result<Server> {
        let url = match &config.database_url {
            Some(url) => url.clone(),
            None => default_database_url()?,
        };
        open_files::raise_for(config.max_sockets);
        let db = Db::open(&url, config.database_max_connections).await?;
        let shutdown = Shutdown::default();
        let tokens: Arc<TokenCache> = Arc::default();
        let live: Arc<dyn Broadcaster> = match &db {
            Db::Postgres(pg) if config.live_between_instances => Arc::new(
                PgNotify::start(pg.pool().clone(), tokens.clone(), shutdown.clone())
                    .await
                    .context("starting live delivery between instances")?,
            ),
            _ => Arc::new(InProcess::default()),
        };
        let metrics = Arc::new(Metrics::default());
        let hasher = Hasher::start(config.hash_workers(), config.hash_queue, metrics.clone())
            .context("starting the password hashing threads")?;
        let state = AppState {
            db: db.clone(),
            live,
            hasher: Arc::new(hasher),
            socket_slots: Arc::new(Semaphore::new(config.max_sockets)),
            timers: Timers::new(shutdown.clone()),
            shutdown,
            timings: config.timings(),
            login_limiter: Arc::new(LoginLimiter::new(&db, config.login_attempts_per_minute)),
            register_limiter: Arc::new(RegisterLimiter::new(
                &db,
                config.registrations_per_ip_per_hour,
            )),
            tokens,
            metrics,
            config: Arc::new(config),
        };
        if state.config.demo {
            service::demo::seed(&state)
                .await
                .context("seeding demo data")?;
        }
        rebuild_timers(&state).await?;
        if state.db.is_shared() {
            timers::spawn_sweeper(&state);
        }
        spawn_expiry_sweeper(&state);
        service::call_requests::spawn_sweeper(&state);

        let listener = tokio::net::TcpListener::bind(state.config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", state.config.listen))?;
        let addr = listener.local_addr()?;
        // Small JSON answers must not wait for Nagle's algorithm.
        let listener = listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(error = %err, "could not set TCP_NODELAY");
            }
        });
        tracing::info!(%addr, database = %url, "meetcute-server listening");
        let (stop, stopped) = oneshot::channel::<()>();
        let router = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(err) = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(error = %err, "server stopped with an error");
            }
        });
        Ok(Server {
            addr,
            state,
            stop,
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, closes live sockets, cancels timers (they are re-derived at the next
    /// start) and closes the database.
    pub async fn shutdown(self) {
        self.state.shutdown.trigger();
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(5), self.task).await;
        self.state.db.close().await;
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Every live session gets its deadline back after a restart.
async fn rebuild_timers(state: &AppState) -> anyhow::Result<()> {
    let live = db::sessions::all_live(&state.db).await?;
    for session in &live {
        if let Some(at) = session.next_deadline(&state.timings) {
            state.timers.at_deadline(state, session.id, at);
        }
    }
    if !live.is_empty() {
        tracing::info!(count = live.len(), "resumed live call sessions");
    }
    Ok(())
}

fn spawn_expiry_sweeper(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            if state.db.is_closed() {
                break;
            }
            if let Err(err) = service::matches::expire_stale(&state).await {
                tracing::warn!(error = %err, "expiring proposals failed");
            }
            let limits = tokio::try_join!(
                state.login_limiter.forget_settled(),
                state.register_limiter.forget_settled()
            );
            if let Err(err) = limits {
                tracing::warn!(error = %err, "forgetting settled rate limits failed");
            }
        }
    });
}

/// `sqlite://<data dir>/meetcute/server.db`, created on first start.
fn default_database_url() -> anyhow::Result<String> {
    let dir = dirs::data_dir()
        .context("no data directory for this user")?
        .join("meetcute");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(format!("sqlite://{}", dir.join("server.db").display()))
}

#[cfg(test)]
pub(crate) async fn test_state() -> AppState {
    // SQLite whatever the tests' backend: nothing drops a database made here.
    let config = Config::for_tests_on(config::fresh_sqlite_url());
    let db = Db::open(
        config.database_url.as_deref().unwrap_or_default(),
        config.database_max_connections,
    )
    .await
    .unwrap();
    let metrics = Arc::new(Metrics::default());
    AppState {
        hasher: Arc::new(Hasher::start(1, 8, metrics.clone()).unwrap()),
        socket_slots: Arc::new(Semaphore::new(config.max_sockets)),
        db: db.clone(),
        live: Arc::new(InProcess::default()),
        timers: Timers::default(),
        shutdown: Shutdown::default(),
        timings: config.timings(),
        login_limiter: Arc::new(LoginLimiter::new(&db, 100)),
        register_limiter: Arc::new(RegisterLimiter::new(&db, 100)),
        tokens: Arc::default(),
        metrics,
        config: Arc::new(config),
    }
}
