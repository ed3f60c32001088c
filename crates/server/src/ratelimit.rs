//! Sign-in attempts are limited per account and per IP address, sign-ups per IP address.
//!
//! On SQLite (one process) governor's keyed limiters count in memory. On PostgreSQL several
//! instances share the budget, so the count lives in the database (`db/postgres/rate_limits.rs`,
//! the same GCRA as governor).

use crate::db::{self, Db};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sqlx::PgPool;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// At most `per_period` requests per `period` for each key.
struct Limit {
    scope: &'static str,
    per_period: u32,
    period: Duration,
    counter: Counter,
}

enum Counter {
    InProcess(DefaultKeyedRateLimiter<String>),
    Shared(PgPool),
}

impl Limit {
    fn new(db: &Db, scope: &'static str, per_period: u32, period: Duration) -> Self {
        let per_period = per_period.max(1);
        let counter = match db {
            Db::Postgres(pg) => Counter::Shared(pg.pool().clone()),
            Db::Sqlite(_) => {
                let burst = NonZeroU32::new(per_period).unwrap_or(NonZeroU32::MIN);
                let quota = Quota::with_period(period / per_period)
                    .unwrap_or_else(|| Quota::per_second(burst))
                    .allow_burst(burst);
                Counter::InProcess(RateLimiter::keyed(quota))
            }
        };
        Self {
            scope,
            per_period,
            period,
            counter,
        }
    }

    /// Counts one request for `key`; `false` when its budget is spent.
    async fn take(&self, key: &str) -> Result<bool, sqlx::Error> {
        match &self.counter {
            Counter::InProcess(limiter) => Ok(limiter.check_key(&key.to_owned()).is_ok()),
            Counter::Shared(pool) => {
                let key = format!("{}:{key}", self.scope);
                db::postgres::rate_limits::take(pool, &key, db::now(), self.per_period, self.period)
                    .await
            }
        }
    }

    /// Drops keys whose budget is whole again (the in-process limiter does so itself).
    async fn forget_settled(&self) -> Result<(), sqlx::Error> {
        match &self.counter {
            Counter::InProcess(limiter) => {
                limiter.retain_recent();
                Ok(())
            }
            Counter::Shared(pool) => db::postgres::rate_limits::forget_settled(pool, db::now())
                .await
                .map(drop),
        }
    }
}

pub struct LoginLimiter {
    per_account: Limit,
    per_ip: Limit,
}

impl LoginLimiter {
    pub fn new(db: &Db, attempts_per_minute: u32) -> Self {
        Self {
            per_account: Limit::new(db, "login-account", attempts_per_minute, MINUTE),
            per_ip: Limit::new(
                db,
                "login-ip",
                attempts_per_minute.saturating_mul(4),
                MINUTE,
            ),
        }
    }

    /// Counts one attempt; `false` when either limit is exhausted.
    pub async fn allow(&self, email: &str, ip: IpAddr) -> Result<bool, sqlx::Error> {
        Ok(self.per_ip.take(&ip.to_string()).await? && self.per_account.take(email).await?)
    }

    pub async fn forget_settled(&self) -> Result<(), sqlx::Error> {
        self.per_account.forget_settled().await?;
        self.per_ip.forget_settled().await
    }
}

/// New accounts per IP address and hour: a person signs up once; a script signs up thousands.
pub struct RegisterLimiter {
    per_ip: Limit,
}

impl RegisterLimiter {
    pub fn new(db: &Db, per_hour: u32) -> Self {
        Self {
            per_ip: Limit::new(db, "register-ip", per_hour, HOUR),
        }
    }

    /// Counts one sign-up; `false` when this address has used its quota.
    pub async fn allow(&self, ip: IpAddr) -> Result<bool, sqlx::Error> {
        self.per_ip.take(&ip.to_string()).await
    }

    pub async fn forget_settled(&self) -> Result<(), sqlx::Error> {
        self.per_ip.forget_settled().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_state;

    #[tokio::test]
    async fn the_account_limit_applies_per_account() {
        let state = test_state().await;
        let limiter = LoginLimiter::new(&state.db, 2);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(limiter.allow("ana@x.io", ip).await.unwrap());
        assert!(limiter.allow("ana@x.io", ip).await.unwrap());
        assert!(!limiter.allow("ana@x.io", ip).await.unwrap());
        assert!(limiter.allow("ben@x.io", ip).await.unwrap());
    }

    #[tokio::test]
    async fn sign_ups_are_counted_per_address() {
        let state = test_state().await;
        let limiter = RegisterLimiter::new(&state.db, 2);
        let (home, cafe): (IpAddr, IpAddr) =
            ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        assert!(limiter.allow(home).await.unwrap());
        assert!(limiter.allow(home).await.unwrap());
        assert!(!limiter.allow(home).await.unwrap());
        assert!(limiter.allow(cafe).await.unwrap());
    }
}
