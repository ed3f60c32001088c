//! WAL checkpoints on a connection of their own, every [`EVERY`].
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer:
//! that commit copies the log into the database file and waits for the disk (`fsync`), and every
//! writer queued behind it waits too (tens of milliseconds when the disk is slow). Here the writer
//! never checkpoints; a passive checkpoint beside it copies what no reader still needs.
//!
//! A passive checkpoint never starts the log over, and under steady load SQLite never gets to
//! either: some reader always holds a snapshot that uses the log. The log then grows without end
//! (1.5 GB in 18 s of the load bench) and every page lookup in it gets slower. So once the log is
//! longer than [`RESTART_AFTER_PAGES`], the checkpoint starts it over (the next commit writes at its
//! beginning), at a moment no reader needs it: it tries without waiting (a restart holds the write
//! lock while it waits for readers, which SQLite's busy handler polls in steps of milliseconds) and
//! tries again a moment later. Truncating the file as well cost the writers 30–90 ms each time; the
//! file is reused at the size it reached instead.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub const EVERY: Duration = Duration::from_millis(250);
/// 64 MiB of 4 KiB pages.
pub const RESTART_AFTER_PAGES: i64 = 16_384;
/// Tries to restart, and the pause between them, each time the log is too long.
const RESTART_TRIES: usize = 20;
const RESTART_PAUSE: Duration = Duration::from_millis(2);

#[derive(Clone)]
pub struct Checkpointer {
    stop: Arc<watch::Sender<bool>>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// What a checkpoint answers.
struct Outcome {
    /// A reader or the writer kept it from finishing.
    busy: bool,
    log_pages: i64,
}

async fn checkpoint(conn: &mut SqliteConnection, mode: &str) -> Result<Outcome, sqlx::Error> {
    let (busy, log_pages, _copied): (i64, i64, i64) =
        sqlx::query_as(&format!("PRAGMA wal_checkpoint({mode})"))
            .fetch_one(conn)
            .await?;
    Ok(Outcome {
        busy: busy != 0,
        log_pages,
    })
}

/// Copies the log; starts it over too when it is longer than `restart_after_pages`.
async fn run_once(
    conn: &mut SqliteConnection,
    restart_after_pages: i64,
) -> Result<(), sqlx::Error> {
    if checkpoint(conn, "PASSIVE").await?.log_pages <= restart_after_pages {
        return Ok(());
    }
    for _ in 0..RESTART_TRIES {
        if !checkpoint(conn, "RESTART").await?.busy {
            return Ok(());
        }
        tokio::time::sleep(RESTART_PAUSE).await;
    }
    tracing::debug!("the WAL stayed in use; restarting it on a later checkpoint");
    Ok(())
}

impl Checkpointer {
    /// Checkpoints every [`EVERY`]; starts the log over once it is longer than `restart_after_pages`.
    pub async fn start(
        options: &SqliteConnectOptions,
        restart_after_pages: i64,
    ) -> Result<Self, sqlx::Error> {
        // Never waits for a lock: see `run_once`.
        let mut conn = options
            .clone()
            .busy_timeout(Duration::ZERO)
            .connect()
            .await?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    _ = tick.tick() => {}
                }
                if let Err(err) = run_once(&mut conn, restart_after_pages).await {
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
