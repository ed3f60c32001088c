//! What every handler shares.

use crate::config::Config;
use crate::db::Db;
use crate::hashing::Hasher;
use crate::live::Broadcaster;
use crate::metrics::Metrics;
use crate::ratelimit::{LoginLimiter, RegisterLimiter};
use crate::shutdown::Shutdown;
use crate::timers::Timers;
use crate::token_cache::TokenCache;
use meetcute_domain::Timings;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub live: Arc<dyn Broadcaster>,
    pub timers: Timers,
    pub config: Arc<Config>,
    pub timings: Timings,
    pub metrics: Arc<Metrics>,
    pub login_limiter: Arc<LoginLimiter>,
    pub register_limiter: Arc<RegisterLimiter>,
    pub tokens: Arc<TokenCache>,
    pub hasher: Arc<Hasher>,
    /// One permit per live socket this instance may hold (`--max-sockets`).
    pub socket_slots: Arc<Semaphore>,
    pub shutdown: Shutdown,
}
