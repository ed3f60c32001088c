//! The local cache: one SQLite file (WAL) per data dir, schema from the top-level `migrations/client/`.
//! Reads are plain queries; every write of server data goes through [`store`] under one lock,
//! so the "is this new?" check and the write happen together and nothing is announced twice.

mod bulk;
mod cards;
mod reaching;
mod store;

pub use store::Applied;

use crate::error::CoreResult;
use meetcute_domain::UserId;
use meetcute_domain::wire::{Profile, User};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::Path;
use std::time::Duration;

pub const FILE_NAME: &str = "cache.db";

pub struct Cache {
    pub(super) pool: SqlitePool,
    /// Serializes writes of server data (read-compare-write must be atomic).
    pub(super) write: tokio::sync::Mutex<()>,
}

impl Cache {
    pub async fn open(data_dir: &Path) -> CoreResult<Self> {
        std::fs::create_dir_all(data_dir)?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join(FILE_NAME))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            // Big pages for a new cache: a full sync commits a fifth as many WAL frames
            // (20 ms less to commit 10,000 calls). An existing file keeps its size.
            .page_size(16384)
            // Room for a full sync's pages (about 10 MB of rows and indexes) without spilling.
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory")
            // Checkpoints run in the background after big writes (see `checkpoint_later`),
            // not inside the commit of a sync.
            .pragma("wal_autocheckpoint", "16384");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("../../migrations/client").run(&pool).await?;
        Ok(Self {
            pool,
            write: tokio::sync::Mutex::new(()),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Folds the write-ahead log into the database file, off the caller's path.
    pub fn checkpoint_later(&self) {
        let pool = self.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::debug!(error = %e, "checkpoint skipped");
            }
        });
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Closed by `Core::shutdown`: work still in flight fails, and that is expected.
    pub fn is_closed(&self) -> bool {
        self.pool.is_closed()
    }

    pub async fn account(&self) -> CoreResult<Option<User>> {
        let row = sqlx::query("SELECT user_id, email, display_name FROM account WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| User {
            id: UserId(r.get(0)),
            email: r.get(1),
            display_name: r.get(2),
        }))
    }

    /// Stores who is signed in; a different person than before starts from an empty cache.
    pub async fn set_account(&self, user: &User) -> CoreResult<()> {
        let _guard = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        let previous: Option<i64> = sqlx::query_scalar("SELECT user_id FROM account WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        if previous.is_some_and(|id| id != user.id.0) {
            clear(&mut tx).await?;
        }
        sqlx::query(
            "INSERT INTO account (id, user_id, email, display_name) VALUES (1, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email,
             display_name = excluded.display_name",
        )
        .bind(user.id.0)
        .bind(&user.email)
        .bind(&user.display_name)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn profile(&self) -> CoreResult<Option<Profile>> {
        let json: Option<Option<String>> =
            sqlx::query_scalar("SELECT profile_json FROM account WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(json
            .flatten()
            .map(|j| serde_json::from_str(&j))
            .transpose()?)
    }

    pub async fn set_profile(&self, profile: &Profile) -> CoreResult<()> {
        sqlx::query("UPDATE account SET profile_json = ?, display_name = ? WHERE id = 1")
            .bind(serde_json::to_string(profile)?)
            .bind(&profile.display_name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn cursor(&self) -> CoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT cursor FROM sync_state WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Signing out: nothing of this person stays behind.
    pub async fn clear_all(&self) -> CoreResult<()> {
        let _guard = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        clear(&mut tx).await?;
        sqlx::query("DELETE FROM account").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn clear(tx: &mut sqlx::SqliteConnection) -> CoreResult<()> {
    for statement in [
        "DELETE FROM matches",
        "DELETE FROM peers",
        "DELETE FROM call_sessions",
        "DELETE FROM call_requests",
        "DELETE FROM outbox",
        "UPDATE sync_state SET cursor = 0",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    Ok(())
}

fn millis(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}

#[cfg(test)]
mod tests;
