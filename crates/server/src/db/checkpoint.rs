//! WAL checkpoints on a connection of their own, every [`EVERY`].
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer:
//! that commit copies the log into the database file and waits for the disk (`fsync`), and every
//! writer queued behind it waits too (tens of milliseconds when the disk is slow). Here the writer
//! never checkpoints; a passive checkpoint beside it copies what no reader still needs.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub const EVERY: Duration = Duration::from_millis(250);

#[derive(Clone)]
pub struct Checkpointer {
    stop: Arc<watch::Sender<bool>>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

impl Checkpointer {
    pub async fn start(options: &SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let mut conn = options.connect().await?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    _ = tick.tick() => {}
                }
                if let Err(err) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut conn)
                    .await
                {
                    tracing::warn!(error = %err, "WAL checkpoint failed");
                }
            }
            if let Err(err) = conn.close().await {
                tracing::debug!(error = %err, "closing the checkpoint connection");
            }
        });
        Ok(Self {
            stop: Arc::new(stop),
            task: Arc::new(Mutex::new(Some(task))),
        })
    }

    pub async fn stop(&self) {
        let _ = self.stop.send(true);
        let task = self.task.lock().ok().and_then(|mut task| task.take());
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}
