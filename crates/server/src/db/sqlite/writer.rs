//! The single writer connection and its transactions.
//!
//! The connection is held for the server's lifetime behind a fair lock instead of a one-connection
//! pool: a pool pings a connection's thread when it hands it out and again when it takes it back,
//! two round trips per transaction during which every other writer waits.
//!
//! Every statement sent is a round trip to the connection's thread (a wake-up there and one back),
//! and every other writer waits for it. So a transaction sends what it can together: its start
//! goes with its first read, writes wait for the next read or for the commit (see [`Tx::queue`]),
//! and a commit made while others wait goes with the next transaction's first read (see
//! [`super::group`]).

use super::group::{Outcome, Own, Tail, WriterConn};
use super::statement::Statement;
use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{ConnectOptions, Connection, FromRow};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, oneshot};

/// Prepared statements kept by the writer connection: a batch's text is its key, and transactions
/// of different kinds follow each other in any order.
const STATEMENT_CACHE: usize = 512;

#[derive(Clone)]
pub struct Writer {
    /// `None` once closed.
    conn: Arc<Mutex<Option<WriterConn>>>,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// Transactions waiting for the writer.
    waiting: AtomicUsize,
    /// The writer was let go with a group of transactions not committed yet.
    left_open: Notify,
    closed: AtomicBool,
}

impl Writer {
    pub async fn connect(options: &SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let options = options.clone().statement_cache_capacity(STATEMENT_CACHE);
        let conn = Arc::new(Mutex::new(Some(WriterConn::new(options.connect().await?))));
        let shared = Arc::new(Shared::default());
        tokio::spawn(commit_groups_left_open(
            Arc::downgrade(&conn),
            shared.clone(),
        ));
        Ok(Self { conn, shared })
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
        let guard = loop {
            let waiting = Waiting::new(&self.shared);
            let guard = self.conn.clone().lock_owned().await;
            drop(waiting);
            if !guard.as_ref().ok_or(sqlx::Error::PoolClosed)?.unsettled() {
                break guard;
            }
            // A batch cancelled on its way is settled first, by the task that nobody cancels.
            drop(guard);
            self.shared.left_open.notify_one();
            tokio::task::yield_now().await;
        };
        Ok(Tx {
            guard,
            shared: self.shared.clone(),
            savepoint: "",
            pending: Statement::default(),
            queued: 0,
            sent: false,
            finished: false,
            change_seq_taken: false,
        })
    }

    #[cfg(test)]
    pub fn waiting(&self) -> usize {
        self.shared.waiting.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    pub async fn commits(&self) -> u64 {
        self.conn
            .lock()
            .await
            .as_ref()
            .map_or(0, |writer| writer.commits)
    }

    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Relaxed)
    }

    /// Waits for the transaction in progress, commits the group, then closes the connection.
    pub async fn close(&self) {
        self.shared.closed.store(true, Ordering::Relaxed);
        let writer = self.conn.lock().await.take();
        self.shared.left_open.notify_one();
        if let Some(mut writer) = writer {
            if let Err(err) = writer.commit().await {
                tracing::warn!(error = %err, "the last write transactions could not be committed");
            }
            if let Err(err) = writer.conn.close().await {
                tracing::warn!(error = %err, "closing the writer connection failed");
            }
        }
    }
}

/// Counts a transaction waiting for the writer for as long as it waits (or until it gives up).
struct Waiting<'a>(&'a Shared);

impl<'a> Waiting<'a> {
    fn new(shared: &'a Shared) -> Self {
        shared.waiting.fetch_add(1, Ordering::Relaxed);
        Self(shared)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Commits a group once the transactions that were waiting when it was left open have had their
/// turn (the lock is fair), unless one of them committed it already; settles a batch cancelled on
/// its way (see `WriterConn::settle_cancelled`).
///
/// Holds the connection only while it commits: a writer dropped without `close` closes it.
async fn commit_groups_left_open(conn: Weak<Mutex<Option<WriterConn>>>, shared: Arc<Shared>) {
    loop {
        shared.left_open.notified().await;
        let Some(conn) = conn.upgrade() else { break };
        let mut guard = conn.lock().await;
        let Some(writer) = guard.as_mut() else { break };
        if let Err(err) = writer.commit().await {
            tracing::warn!(error = %err, "committing a group of write transactions failed");
        }
    }
}

/// A write transaction: rolled back unless committed. It takes one value of the change sequence,
/// the first time it changes a match or a session, and stamps every row it changes with it
/// (see `super::take_change_seq`).
pub struct Tx {
    guard: OwnedMutexGuard<Option<WriterConn>>,
    shared: Arc<Shared>,
    /// Its savepoint in the group's transaction, named when its first statements are sent.
    savepoint: &'static str,
    /// Statements queued by the caller and not sent yet.
    pending: Statement,
    queued: usize,
    /// Its savepoint was sent.
    sent: bool,
    /// Committed, or rolled back after a failure: nothing is left to undo.
    finished: bool,
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
        super::decode_all(self.send(statement, false).await?)
    }

    pub async fn fetch_optional<T>(
        &mut self,
        statement: Statement,
    ) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let rows = self.send(statement, true).await?;
        rows.first().map(T::from_row).transpose()
    }

    /// Kept once this returns `Ok`. When others wait for the writer, its end goes with the next
    /// transaction's statements and this waits for their shared `COMMIT`.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if !self.sent && self.queued == 0 {
            // Nothing was read or written: there is nothing to commit.
            self.finished = true;
            return Ok(());
        }
        let end = self
            .take_pending()
            .then(Statement::new(format!("RELEASE {}", self.savepoint)));
        if self.shared.waiting.load(Ordering::Relaxed) == 0 {
            self.send_own(end.then(Statement::new("COMMIT")), false)
                .await?;
            self.writer().committed();
            self.finished = true;
            return Ok(());
        }
        let (member, outcome) = oneshot::channel();
        if self.writer().carries() {
            // Another transaction's end is carried already: this one's goes now.
            self.send_own(end, false).await?;
            self.writer().join(member);
        } else {
            let savepoint = self.savepoint;
            self.writer().carry(Tail {
                savepoint,
                statement: end,
                owner: Some(member),
            });
        }
        self.finished = true;
        drop(self);
        heard(outcome.await)
    }

    /// Sends what is queued and `statement`.
    async fn send(
        &mut self,
        statement: Statement,
        first_row_only: bool,
    ) -> Result<Vec<SqliteRow>, sqlx::Error> {
        if self.finished {
            return Err(sqlx::Error::Protocol(
                "a write transaction was used after it failed".into(),
            ));
        }
        let own = self.take_pending().then(statement);
        self.send_own(own, first_row_only).await
    }

    async fn send_own(
        &mut self,
        statement: Statement,
        first_row_only: bool,
    ) -> Result<Vec<SqliteRow>, sqlx::Error> {
        let savepoint = Some(self.savepoint);
        let result = self
            .writer()
            .send(Own {
                savepoint,
                statement,
                first_row_only,
            })
            .await;
        // A failed batch was rolled back already (see `WriterConn::send`).
        self.finished |= result.is_err();
        result
    }

    /// What is queued, after the transaction's start if it has not been sent yet.
    fn take_pending(&mut self) -> Statement {
        self.queued = 0;
        let pending = std::mem::take(&mut self.pending);
        if self.sent {
            return pending;
        }
        let (savepoint, start) = self.writer().start();
        self.savepoint = savepoint;
        self.sent = true;
        start.then(pending)
    }

    fn writer(&mut self) -> &mut WriterConn {
        self.guard
            .as_mut()
            .expect("the writer is not closed while a transaction holds it")
    }
}

fn heard(outcome: Result<Outcome, oneshot::error::RecvError>) -> Result<(), sqlx::Error> {
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(sqlx::Error::AnyDriverError(message.into())),
        // The writer was closed with the group neither committed nor rolled back.
        Err(_) => Err(sqlx::Error::PoolClosed),
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let savepoint = self.savepoint;
        let unfinished = self.sent && !self.finished;
        let writer = self.writer();
        // A batch cancelled on its way is settled by `commit_groups_left_open`.
        if unfinished && !writer.unsettled() {
            let rollback = Statement::new(format!("ROLLBACK TO {savepoint}"))
                .then(Statement::new(format!("RELEASE {savepoint}")));
            writer.carry(Tail {
                savepoint,
                statement: rollback,
                owner: None,
            });
        }
        if writer.open || writer.unsettled() {
            self.shared.left_open.notify_one();
        }
    }
}
