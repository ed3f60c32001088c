//! The server under test, people made through `Core`, and an event log to wait on.

use meetcute_core::{AppEvent, Connectivity, Core};
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::{RegisterRequest, User};
use meetcute_server::{Config, Server};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::Notify;

pub const WAIT: Duration = Duration::from_secs(15);

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
}

/// The real server; can be stopped and started again on the same port and database.
pub struct TestServer {
    pub server: Option<Server>,
    pub config: Config,
    pub addr: SocketAddr,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(Config::for_tests()).await
    }

    pub async fn start_with(config: Config) -> Self {
        init_tracing();
        let server = Server::start(config.clone()).await.expect("server starts");
        let addr = server.addr();
        Self {
            server: Some(server),
            config,
            addr,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// Same address, same database file.
    pub async fn restart(&mut self) {
        self.stop().await;
        let config = Config {
            listen: self.addr,
            ..self.config.clone()
        };
        let mut last_error = None;
        for _ in 0..50 {
            match Server::start(config.clone()).await {
                Ok(server) => {
                    self.server = Some(server);
                    return;
                }
                Err(e) => last_error = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("server did not restart: {last_error:?}");
    }
}

/// One person: a core in its own data dir, and everything it emitted.
pub struct Person {
    pub core: Core,
    pub user: User,
    pub dir: TempDir,
    pub log: EventLog,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub fn register_request(name: &str, gender: Gender, into: Gender) -> RegisterRequest {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    RegisterRequest {
        email: format!("{}{n}@core-test.meetcute.app", name.to_lowercase()),
        password: "correct horse battery".into(),
        display_name: name.into(),
        birthdate: "1995-06-01".parse().expect("date"),
        gender,
        interested_in: vec![into],
        device_name: format!("{name}'s laptop"),
    }
}

pub async fn open(dir: &TempDir, url: &str) -> (Core, EventLog) {
    let core = Core::open(dir.path(), url).await.expect("core opens");
    let log = EventLog::follow(&core);
    (core, log)
}

pub async fn person(url: &str, name: &str, gender: Gender, into: Gender) -> Person {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, log) = open(&dir, url).await;
    let user = core
        .register(register_request(name, gender, into))
        .await
        .expect("registers");
    let person = Person {
        core,
        user,
        dir,
        log,
    };
    person.online().await;
    person
}

impl Person {
    pub async fn online(&self) {
        eventually("online", || async {
            (self.core.connectivity() != Connectivity::Offline).then_some(())
        })
        .await;
    }

    /// Closes this core and opens a new one on the same data dir.
    pub async fn reopen(&mut self, url: &str) {
        self.core.shutdown().await;
        let (core, log) = open(&self.dir, url).await;
        self.core = core;
        self.log = log;
    }
}

/// Everything a core emitted, in order.
#[derive(Clone)]
pub struct EventLog {
    events: Arc<Mutex<Vec<AppEvent>>>,
    changed: Arc<Notify>,
}

impl EventLog {
    pub fn follow(core: &Core) -> Self {
        let log = Self {
            events: Arc::default(),
            changed: Arc::default(),
        };
        let mut rx = core.subscribe();
        let (events, changed) = (log.events.clone(), log.changed.clone());
        tokio::spawn(async move {
            while let Ok(event) = rx.recv().await {
                events.lock().unwrap().push(event);
                changed.notify_waiters();
            }
        });
        log
    }

    pub fn all(&self) -> Vec<AppEvent> {
        self.events.lock().unwrap().clone()
    }

    pub fn count(&self, pred: impl Fn(&AppEvent) -> bool) -> usize {
        self.all().iter().filter(|e| pred(e)).count()
    }

    /// Waits for the first event (ever) for which `pick` returns something.
    pub async fn wait_for<T>(&self, what: &str, pick: impl Fn(&AppEvent) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.changed.notified();
            if let Some(found) = self.all().iter().find_map(&pick) {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("timed out waiting for {what}; events: {:#?}", self.all());
            }
        }
    }
}

/// Polls `check` until it returns `Some`, or fails the test after [`WAIT`].
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
