//! The PostgreSQL backend: a plain pool, for several server instances sharing one database.
//!
//! Transactions run at READ COMMITTED. A rule's check-then-write is made safe by locking the rows
//! the rule reads, for the rest of the transaction (see [`locks`]), rather than by SERIALIZABLE and
//! retries: the rules read few rows, each request's locks are known up front and taken in one
//! order, and a retried request would have to replay its side effects (timers, notices).

pub mod call_reads;
pub mod call_requests;
pub mod changes;
pub mod idempotency;
mod locks;
pub mod matches;
pub mod rate_limits;
pub mod sessions;
pub mod tokens;
pub mod users;

use anyhow::Context;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server-postgres");

/// Whether `url` names a PostgreSQL database.
pub fn handles(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

#[derive(Clone)]
pub struct Db {
    pool: PgPool,
}

/// A write transaction on one pooled connection.
pub struct Tx {
    pub(super) inner: sqlx::Transaction<'static, Postgres>,
}

/// Where a read runs: the pool, or a write transaction.
pub enum On<'a> {
    Pool(&'a PgPool),
    Tx(&'a mut Tx),
}

impl Db {
    /// Creates the database if it is missing (as SQLite creates its file), then migrates it.
    /// Instances started together on an empty database migrate it once: sqlx holds an advisory
    /// lock while it migrates.
    pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        create_if_missing(url).await?;
        let options = PgConnectOptions::from_str(url)
            .with_context(|| format!("bad database URL {url}"))?
            .application_name("meetcute-server");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to {url}"))?;
        MIGRATOR
            .run(&pool)
            .await
            .context("migrating the database")?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx {
            inner: self.pool.begin().await?,
        })
    }

    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i32>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    pub fn is_closed(&self) -> bool {
        self.pool.is_closed()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await
    }
}

/// Another instance may be creating it at the same moment: losing that race is fine.
async fn create_if_missing(url: &str) -> anyhow::Result<()> {
    if Postgres::database_exists(url).await? {
        return Ok(());
    }
    if let Err(error) = Postgres::create_database(url).await
        && !Postgres::database_exists(url).await?
    {
        return Err(error).with_context(|| format!("cannot create the database {url}"));
    }
    Ok(())
}
