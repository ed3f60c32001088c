//! The server's configuration: one struct, each field a flag and an environment variable.

use chrono::Duration;
use clap::Parser;
use meetcute_domain::Timings;
use std::net::SocketAddr;

#[derive(Debug, Clone, Parser)]
#[command(name = "meetcute-server", version, about = "Meetcute's API server")]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the log line says which).
    #[arg(long, env = "MEETCUTE_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// `sqlite://PATH` or `postgres://…`; default: a SQLite file in the user's data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// On PostgreSQL: connections this instance keeps to the database. A few per database core
    /// is plenty: more only queue inside PostgreSQL instead of in the pool.
    #[arg(long, env = "MEETCUTE_DATABASE_MAX_CONNECTIONS", default_value_t = 8)]
    pub database_max_connections: u32,

    /// Threads that hash passwords (each holds argon2's 19 MiB); 0: one per core.
    #[arg(long, env = "MEETCUTE_HASH_WORKERS", default_value_t = 0)]
    pub hash_workers: usize,

    /// Sign-ins and sign-ups that may wait for a hashing thread; beyond, `503 server_busy`.
    #[arg(long, env = "MEETCUTE_HASH_QUEUE", default_value_t = 32)]
    pub hash_queue: usize,

    /// Live sockets this instance holds at most; beyond, the upgrade is refused with
    /// `503 server_busy`.
    #[arg(long, env = "MEETCUTE_MAX_SOCKETS", default_value_t = 20_000)]
    pub max_sockets: usize,

    /// On shutdown, live sockets are closed asking clients to spread their return over this many
    /// seconds, so a restarted instance is not hit by every client in the same instant.
    #[arg(long, env = "MEETCUTE_RECONNECT_SPREAD_SECS", default_value_t = 10)]
    pub reconnect_spread_secs: u32,

    /// Seed demo people (known passwords, printed at start) and proposals among them.
    #[arg(long, env = "MEETCUTE_DEMO")]
    pub demo: bool,

    /// An unanswered ring becomes `missed` after this many seconds.
    #[arg(long, env = "MEETCUTE_RING_TIMEOUT_SECS", default_value_t = 30.0)]
    pub ring_timeout_secs: f64,

    /// First calls are cut after this many seconds.
    #[arg(long, env = "MEETCUTE_FIRST_CALL_CAP_SECS", default_value_t = 60)]
    pub first_call_cap_secs: u32,

    /// An active call whose participant dropped is completed after this many seconds without them.
    #[arg(long, env = "MEETCUTE_DISCONNECT_GRACE_SECS", default_value_t = 15.0)]
    pub disconnect_grace_secs: f64,

    /// A scheduled call is reminded this long before its time (and again at the time).
    #[arg(long, env = "MEETCUTE_CALL_REMINDER_SECS", default_value_t = 300.0)]
    pub call_reminder_secs: f64,

    /// A call this long after an agreed time still keeps it; an unanswered request lapses this
    /// long after its last proposed time.
    #[arg(
        long,
        env = "MEETCUTE_CALL_REQUEST_WINDOW_SECS",
        default_value_t = 900.0
    )]
    pub call_request_window_secs: f64,

    /// How long "whenever you're free today" stays open.
    #[arg(
        long,
        env = "MEETCUTE_ANY_TIME_WINDOW_SECS",
        default_value_t = 43_200.0
    )]
    pub any_time_window_secs: f64,

    /// A proposal with no completed call expires after this many days.
    #[arg(long, env = "MEETCUTE_PROPOSAL_TTL_DAYS", default_value_t = 7)]
    pub proposal_ttl_days: u32,

    /// At most this many open proposals per person.
    #[arg(long, env = "MEETCUTE_MAX_OPEN_PROPOSALS", default_value_t = 5)]
    pub max_open_proposals: u32,

    /// Sign-in attempts allowed per account and per minute (per IP: four times as many).
    #[arg(long, env = "MEETCUTE_LOGIN_ATTEMPTS_PER_MINUTE", default_value_t = 10)]
    pub login_attempts_per_minute: u32,

    /// New accounts allowed per IP address and per hour.
    #[arg(
        long,
        env = "MEETCUTE_REGISTRATIONS_PER_IP_PER_HOUR",
        default_value_t = 20
    )]
    pub registrations_per_ip_per_hour: u32,

    /// STUN/TURN URLs handed to clients, comma-separated (e.g. `stun:stun.example.org:3478`).
    #[arg(
        long,
        env = "MEETCUTE_ICE_URLS",
        value_delimiter = ',',
        default_value = "stun:stun.l.google.com:19302"
    )]
    pub ice_urls: Vec<String>,

    /// TURN URLs; with `--turn-secret`, clients get short-lived coturn REST credentials.
    #[arg(long, env = "MEETCUTE_TURN_URLS", value_delimiter = ',')]
    pub turn_urls: Vec<String>,

    /// coturn's `static-auth-secret`.
    #[arg(long, env = "MEETCUTE_TURN_SECRET", hide_env_values = true)]
    pub turn_secret: Option<String>,

    /// Lifetime of TURN credentials, in seconds.
    #[arg(long, env = "MEETCUTE_TURN_TTL_SECS", default_value_t = 3600)]
    pub turn_ttl_secs: u32,

    /// On PostgreSQL: deliver live events to people connected to other instances (LISTEN/NOTIFY).
    /// `false` only for a single instance, or to measure what publishing costs.
    #[arg(
        long,
        env = "MEETCUTE_LIVE_BETWEEN_INSTANCES",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub live_between_instances: bool,
}

impl Config {
    /// Port 0, a fresh database, timers short enough for tests. The database is a SQLite file in a
    /// temporary directory, or with `MEETCUTE_TEST_BACKEND=postgres` a new database (created at
    /// start) on the PostgreSQL server of `MEETCUTE_TEST_DATABASE_URL` (default
    /// `postgres://postgres@127.0.0.1:5432/postgres`); drop it with [`drop_test_database`].
    pub fn for_tests() -> Self {
        Self::for_tests_on(if test_backend_is_postgres() {
            fresh_postgres_url()
        } else {
            fresh_sqlite_url()
        })
    }

    /// [`Config::for_tests`] on a new PostgreSQL database, whatever `MEETCUTE_TEST_BACKEND` says:
    /// for what only PostgreSQL does (several instances on one database).
    pub fn for_tests_on_postgres() -> Self {
        Self::for_tests_on(fresh_postgres_url())
    }

    pub(crate) fn for_tests_on(database_url: String) -> Self {
        let mut config = Config::parse_from(["meetcute-server"]);
        config.listen = "127.0.0.1:0".parse().expect("loopback");
        config.database_url = Some(database_url);
        config.ring_timeout_secs = 2.0;
        config.first_call_cap_secs = 2;
        config.disconnect_grace_secs = 1.0;
        config.call_reminder_secs = 1.0;
        config.call_request_window_secs = 2.0;
        config.login_attempts_per_minute = 1000;
        config.registrations_per_ip_per_hour = 10_000;
        config
    }

    /// Hashing threads: as configured, or one per core.
    pub fn hash_workers(&self) -> usize {
        match self.hash_workers {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        }
    }

    pub fn timings(&self) -> Timings {
        Timings {
            ring_timeout: millis(self.ring_timeout_secs),
            first_call_cap: Duration::seconds(i64::from(self.first_call_cap_secs)),
            disconnect_grace: millis(self.disconnect_grace_secs),
            proposal_ttl: Duration::days(i64::from(self.proposal_ttl_days)),
            call_request_reminder_lead: millis(self.call_reminder_secs),
            call_request_window: millis(self.call_request_window_secs),
            any_time_window: millis(self.any_time_window_secs),
            ..Timings::default()
        }
    }
}

/// The backend the tests run on: `MEETCUTE_TEST_BACKEND` is `sqlite` (default) or `postgres`.
pub fn test_backend_is_postgres() -> bool {
    match std::env::var("MEETCUTE_TEST_BACKEND").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("MEETCUTE_TEST_BACKEND={other}: expected sqlite or postgres"),
    }
}

pub(crate) fn fresh_sqlite_url() -> String {
    let dir = tempfile::Builder::new()
        .prefix("meetcute-test-")
        .tempdir()
        .expect("temp dir");
    let path = dir.keep().join("meetcute.db");
    format!("sqlite://{}", path.display())
}

/// The PostgreSQL server tests create their databases on (any database of it: the URL's own is
/// only where the admin connection lands).
pub fn test_postgres_server() -> String {
    std::env::var("MEETCUTE_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database name no other test uses, on the test server.
fn fresh_postgres_url() -> String {
    let server = test_postgres_server();
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(base, _)| base);
    let name = format!("meetcute_test_{}", uuid::Uuid::new_v4().simple());
    format!("{base}/{name}")
}

/// Drops a database made by [`Config::for_tests`] (nothing to do for a SQLite file, whose
/// directory is temporary), closing whatever is still connected to it.
pub async fn drop_test_database(url: &str) -> anyhow::Result<()> {
    use sqlx::migrate::MigrateDatabase;
    if crate::db::postgres::handles(url) {
        sqlx::Postgres::force_drop_database(url).await?;
    }
    Ok(())
}

fn millis(seconds: f64) -> Duration {
    Duration::milliseconds((seconds * 1000.0).round() as i64)
}
