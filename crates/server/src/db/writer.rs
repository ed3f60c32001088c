//! The single writer connection and its transactions.
//!
//! The connection is held for the server's lifetime behind a fair lock instead of a one-connection
//! pool: a pool pings a connection's thread when it hands it out and again when it takes it back,
//! two round trips per transaction during which every other writer waits.

use sqlx::sqlite::{SqliteConnectOptions, SqliteTransactionManager};
use sqlx::{ConnectOptions, Connection, SqliteConnection, TransactionManager};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone)]
pub struct Writer {
    /// `None` once closed.
    conn: Arc<Mutex<Option<SqliteConnection>>>,
    closed: Arc<AtomicBool>,
}

impl Writer {
    pub async fn connect(options: &SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        Ok(Self {
            conn: Arc::new(Mutex::new(Some(options.connect().await?))),
            closed: Arc::default(),
        })
    }

    /// Runs `migrator` on the writer.
    pub async fn migrate(&self, migrator: &sqlx::migrate::Migrator) -> anyhow::Result<()> {
        let mut guard = self.conn.lock().await;
        let conn = guard.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        migrator.run(conn).await?;
        Ok(())
    }

    /// A write transaction; writers wait their turn, first come first served.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let mut guard = self.conn.clone().lock_owned().await;
        let conn = guard.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        SqliteTransactionManager::begin(conn, None).await?;
        Ok(Tx {
            guard,
            open: true,
            change_seq: None,
        })
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Waits for the transaction in progress, then closes the connection.
    pub async fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
        if let Some(conn) = self.conn.lock().await.take()
            && let Err(err) = conn.close().await
        {
            tracing::warn!(error = %err, "closing the writer connection failed");
        }
    }
}

/// A write transaction: rolled back unless committed. It takes one value of the change sequence,
/// the first time it changes a match or a session, and stamps every row it changes with it
/// (see `super::next_change_seq`).
pub struct Tx {
    guard: OwnedMutexGuard<Option<SqliteConnection>>,
    open: bool,
    pub(super) change_seq: Option<i64>,
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        SqliteTransactionManager::commit(&mut self).await?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.open {
            // Queued on the connection's thread ahead of anything the next writer sends.
            SqliteTransactionManager::start_rollback(self);
        }
    }
}

impl Deref for Tx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.guard
            .as_ref()
            .expect("the writer is not closed while a transaction holds it")
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.guard
            .as_mut()
            .expect("the writer is not closed while a transaction holds it")
    }
}
