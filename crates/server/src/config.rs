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
}

impl Config {
    /// Port 0, a fresh SQLite file in a temporary directory, timers short enough for tests.
    pub fn for_tests() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("meetcute-test-")
            .tempdir()
            .expect("temp dir");
        let path = dir.keep().join("meetcute.db");
        let mut config = Config::parse_from(["meetcute-server"]);
        config.listen = "127.0.0.1:0".parse().expect("loopback");
        config.database_url = Some(format!("sqlite://{}", path.display()));
        config.ring_timeout_secs = 2.0;
        config.first_call_cap_secs = 2;
        config.disconnect_grace_secs = 1.0;
        config.login_attempts_per_minute = 1000;
        config.registrations_per_ip_per_hour = 10_000;
        config
    }

    pub fn timings(&self) -> Timings {
        Timings {
            ring_timeout: millis(self.ring_timeout_secs),
            first_call_cap: Duration::seconds(i64::from(self.first_call_cap_secs)),
            disconnect_grace: millis(self.disconnect_grace_secs),
            proposal_ttl: Duration::days(i64::from(self.proposal_ttl_days)),
            ..Timings::default()
        }
    }
}

fn millis(seconds: f64) -> Duration {
    Duration::milliseconds((seconds * 1000.0).round() as i64)
}
