//! The single writer connection and its transactions.
//!
//! The connection is held for the server's lifetime behind a fair lock instead of a one-connection
//! pool: a pool pings a connection's thread when it hands it out and again when it takes it back,
//! two round trips per transaction during which every other writer waits.
//!
//! Every statement sent is a round trip to the connection's thread (a wake-up there and one back),
//! and every other writer waits for it. So a transaction sends what it can together: `BEGIN` goes
//! with its first read, writes wait for the next read or for the `COMMIT` (see [`Tx::queue`]).

use super::statement::Statement;
use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{ConnectOptions, Connection, FromRow, SqliteConnection};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{Mutex, OwnedMutexGuard};

struct WriterConn {
    conn: SqliteConnection,
    /// A transaction left without `COMMIT`, still to be rolled back.
    unfinished: Option<Unfinished>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unfinished {
    /// Open for sure: its `ROLLBACK` can go with the next transaction's first statements.
    Open,
    /// A statement failed; SQLite may have rolled back already, so `ROLLBACK` may fail.
    Unknown,
}

#[derive(Clone)]
pub struct Writer {
    /// `None` once closed.
    conn: Arc<Mutex<Option<WriterConn>>>,
    closed: Arc<AtomicBool>,
}

impl Writer {
    pub async fn connect(options: &SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let conn = WriterConn {
            conn: options.connect().await?,
            unfinished: None,
        };
        Ok(Self {
            conn: Arc::new(Mutex::new(Some(conn))),
            closed: Arc::default(),
        })
    }

    /// Runs `migrator` on the writer.
    pub async fn migrate(&self, migrator: &sqlx::migrate::Migrator) -> anyhow::Result<()> {
        let mut guard = self.conn.lock().await;
        let writer = guard.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        migrator.run(&mut writer.conn).await?;
        Ok(())
    }

    /// A write transaction; writers wait their turn, first come first served.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let mut guard = self.conn.clone().lock_owned().await;
        let writer = guard.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        let mut pending = Statement::default();
        match writer.unfinished {
            None => {}
            Some(Unfinished::Open) => pending = Statement::new("ROLLBACK"),
            Some(Unfinished::Unknown) => {
                if let Err(err) = Statement::new("ROLLBACK").execute(&mut writer.conn).await {
                    tracing::debug!(error = %err, "nothing to roll back after a failed statement");
                }
                writer.unfinished = None;
            }
        }
        Ok(Tx {
            guard,
            // IMMEDIATE: the write lock first. A transaction that read first and then wanted to
            // write could be refused (the checkpoint starting the log over holds that lock while it
            // waits for readers, this one among them).
            pending: pending.then(Statement::new("BEGIN IMMEDIATE")),
            queued: 0,
            begun: false,
            failed: false,
            committed: false,
            change_seq_taken: false,
        })
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Waits for the transaction in progress, then closes the connection (which rolls back one
    /// left unfinished).
    pub async fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
        if let Some(writer) = self.conn.lock().await.take()
            && let Err(err) = writer.conn.close().await
        {
            tracing::warn!(error = %err, "closing the writer connection failed");
        }
    }
}

/// A write transaction: rolled back unless committed. It takes one value of the change sequence,
/// the first time it changes a match or a session, and stamps every row it changes with it
/// (see `super::take_change_seq`).
pub struct Tx {
    guard: OwnedMutexGuard<Option<WriterConn>>,
    /// Not sent yet: `BEGIN IMMEDIATE` until the first read, then the writes queued since the last read.
    pending: Statement,
    /// Statements queued by the caller and not sent yet.
    queued: usize,
    /// `BEGIN` was sent.
    begun: bool,
    failed: bool,
    committed: bool,
    pub(super) change_seq_taken: bool,
}

impl Tx {
    /// Queues a statement whose answer nobody waits for (a write without `RETURNING`). It is sent
    /// with the next read or the commit, and an error it meets is reported there.
    pub fn queue(&mut self, statement: Statement) {
        self.pending = std::mem::take(&mut self.pending).then(statement);
        self.queued += 1;
    }

    /// Runs what is queued, then `statement`; the rows `statement` returns.
    pub async fn fetch_all<T>(&mut self, statement: Statement) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let batch = self.take_pending().then(statement);
        let rows = batch.fetch_all(&mut self.writer().conn).await;
        self.sent(rows)
    }

    pub async fn fetch_optional<T>(
        &mut self,
        statement: Statement,
    ) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let batch = self.take_pending().then(statement);
        let row = batch.fetch_optional(&mut self.writer().conn).await;
        self.sent(row)
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if self.queued == 0 && !self.begun {
            // Nothing was read or written: there is nothing to commit.
            self.committed = true;
            return Ok(());
        }
        let batch = self.take_pending().then(Statement::new("COMMIT"));
        let done = batch.execute(&mut self.writer().conn).await;
        self.sent(done)?;
        self.committed = true;
        self.writer().unfinished = None;
        Ok(())
    }

    fn take_pending(&mut self) -> Statement {
        self.queued = 0;
        std::mem::take(&mut self.pending)
    }

    fn sent<T>(&mut self, result: Result<T, sqlx::Error>) -> Result<T, sqlx::Error> {
        self.begun = true;
        self.failed |= result.is_err();
        result
    }

    fn writer(&mut self) -> &mut WriterConn {
        self.guard
            .as_mut()
            .expect("the writer is not closed while a transaction holds it")
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.begun && !self.committed {
            let unfinished = if self.failed {
                Unfinished::Unknown
            } else {
                Unfinished::Open
            };
            self.writer().unfinished = Some(unfinished);
        }
    }
}
