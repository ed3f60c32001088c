//! The SQLite backend: WAL mode, one writer connection and a pool of readers.
//!
//! Every rule-checked change runs in a transaction on the single writer, so two concurrent
//! requests can never both pass a check (SQLite has one writer anyway; this makes it explicit and
//! avoids busy errors). Readers never block on it.

pub mod call_reads;
pub mod call_requests;
pub mod changes;
mod checkpoint;
mod group;
pub mod idempotency;
pub mod matches;
mod packed;
pub mod sessions;
mod statement;
pub mod tokens;
pub mod users;
mod writer;

pub(crate) use crate::db::to_text;

#[cfg(test)]
mod group_tests;
#[cfg(test)]
mod tx_tests;

pub use statement::{On, Statement};
pub use writer::Tx;

use anyhow::Context;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{FromRow, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// Readers: a few per core is plenty; each is a thread of its own.
const READERS: u32 = 4;
/// Rows a query may hand over before its worker thread waits for the reader to take them.
const ROW_BUFFER: usize = 1024;

#[derive(Clone)]
pub struct Db {
    read: SqlitePool,
    write: writer::Writer,
    checkpoints: checkpoint::Checkpointer,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server-sqlite");

impl Db {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        Self::open_with_log_limit(url, checkpoint::RESTART_AFTER_PAGES).await
    }

    /// [`Db::open`] with the log started over once it is longer than `restart_after_pages`.
    async fn open_with_log_limit(url: &str, restart_after_pages: i64) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("bad database URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .row_buffer_size(ROW_BUFFER)
            // Pages in memory rather than re-read through the OS: 16 MiB of cache a connection,
            // the file mapped, temporary b-trees (ORDER BY, GROUP BY) in memory.
            .pragma("cache_size", "-16384")
            .pragma("mmap_size", "268435456")
            .pragma("temp_store", "memory");
        // The writer never checkpoints: `checkpoint` does, beside it.
        let write = writer::Writer::connect(&options.clone().pragma("wal_autocheckpoint", "0"))
            .await
            .with_context(|| format!("cannot open {url}"))?;
        write
            .migrate(&MIGRATOR)
            .await
            .context("migrating the database")?;
        let read = SqlitePoolOptions::new()
            .max_connections(READERS)
            // A reader is a thread on this machine, not a socket that can break unseen; pinging it
            // each time it is handed out is a round trip to that thread for nothing.
            .test_before_acquire(false)
            .connect_with(options.clone().read_only(true))
            .await?;
        // Last: nothing after it can fail and leave its task running.
        let checkpoints = checkpoint::Checkpointer::start(&options, restart_after_pages).await?;
        Ok(Self {
            read,
            write,
            checkpoints,
        })
    }

    pub fn reader(&self) -> &SqlitePool {
        &self.read
    }

    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.read)
            .await
            .is_ok()
    }

    /// A write transaction; writers are serialized.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.write.begin().await
    }

    pub fn is_closed(&self) -> bool {
        self.write.is_closed()
    }

    pub async fn close(&self) {
        self.checkpoints.stop().await;
        self.read.close().await;
        self.write.close().await;
    }
}

/// The transaction's value of the global change sequence (see the schema), as SQL: a row changed
/// in a transaction is stamped `change_seq = {CHANGE_SEQ}` after [`take_change_seq`].
pub const CHANGE_SEQ: &str = "(SELECT value FROM change_counter WHERE id = 1)";

/// Takes the transaction's value of the change sequence, on first use.
///
/// One value per transaction, not per row: rows stamped together are committed together, so a
/// client that has seen a cursor has seen every row at or below it, and a transaction that changes
/// a session and its match costs one counter update instead of two.
pub fn take_change_seq(tx: &mut Tx) {
    if !tx.change_seq_taken {
        tx.queue(Statement::new(
            "UPDATE change_counter SET value = value + 1 WHERE id = 1",
        ));
        tx.change_seq_taken = true;
    }
}

/// Decodes rows fetched whole. Large lists are fetched before they are decoded: dropping a row
/// frees SQLite memory under SQLite's global allocator lock, which the worker thread still
/// producing rows also takes for every value, and the two threads then wake each other per row.
pub fn decode_all<T>(rows: Vec<SqliteRow>) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> FromRow<'r, SqliteRow>,
{
    rows.iter().map(T::from_row).collect()
}
