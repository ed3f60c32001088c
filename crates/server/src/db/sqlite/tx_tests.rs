//! A write transaction's batching: what it queues is seen by its own reads, kept only by a commit,
//! and a transaction left unfinished (cleanly or by an error) does not leak into the next one.

use super::{Db, Statement, Tx};

pub(super) async fn fresh() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("tx.db").display());
    (Db::open(&url).await.expect("database opens"), dir)
}

pub(super) const READ_COUNTER: &str = "SELECT value FROM change_counter WHERE id = 1";

pub(super) async fn counter(tx: &mut Tx) -> i64 {
    let (value,): (i64,) = tx
        .fetch_optional(Statement::new(READ_COUNTER))
        .await
        .expect("read")
        .expect("the counter row");
    value
}

pub(super) fn bump(tx: &mut Tx, by: i64) {
    tx.queue(Statement::new("UPDATE change_counter SET value = value + ? WHERE id = 1").bind(by));
}

#[tokio::test]
async fn queued_writes_are_read_back_and_kept_only_when_committed() {
    let (db, _dir) = fresh().await;
    let mut tx = db.begin().await.unwrap();
    bump(&mut tx, 5);
    assert_eq!(
        counter(&mut tx).await,
        5,
        "a read runs after what was queued"
    );
    bump(&mut tx, 2);
    tx.commit().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    bump(&mut tx, 100);
    assert_eq!(counter(&mut tx).await, 107);
    bump(&mut tx, 1000);
    drop(tx); // neither write is kept

    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        counter(&mut tx).await,
        7,
        "a dropped transaction is rolled back"
    );
    bump(&mut tx, 1);
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(counter(&mut tx).await, 8);
}

#[tokio::test]
async fn a_failing_queued_write_fails_the_commit_and_nothing_of_it_is_kept() {
    let (db, _dir) = fresh().await;
    let mut tx = db.begin().await.unwrap();
    assert_eq!(counter(&mut tx).await, 0);
    bump(&mut tx, 3);
    // The counter row exists already: the primary key refuses a second one.
    tx.queue(Statement::new(
        "INSERT INTO change_counter (id, value) VALUES (1, 0)",
    ));
    assert!(tx.commit().await.is_err());

    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        counter(&mut tx).await,
        0,
        "the failed transaction left nothing"
    );
    bump(&mut tx, 4);
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        counter(&mut tx).await,
        4,
        "the next transaction works as usual"
    );
}

#[tokio::test]
async fn a_transaction_that_never_sent_anything_changes_nothing() {
    let (db, _dir) = fresh().await;
    let tx = db.begin().await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    bump(&mut tx, 9);
    drop(tx); // queued, never sent
    let mut tx = db.begin().await.unwrap();
    assert_eq!(counter(&mut tx).await, 0);
}

#[tokio::test]
async fn commits_leave_the_log_to_the_background_checkpoint() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("wal.db");
    let db = Db::open(&format!("sqlite://{}", file.display()))
        .await
        .expect("database opens");
    let file_size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    // Let the first checkpoint take the migrations, then write far more than SQLite's automatic
    // threshold (1,000 pages) would let the writer keep in the log.
    tokio::time::sleep(super::checkpoint::EVERY * 2).await;
    let before = file_size();
    let filler = "x".repeat(8000);
    let mut tx = db.begin().await.unwrap();
    let (threshold,): (i64,) = tx
        .fetch_optional(Statement::new("PRAGMA wal_autocheckpoint"))
        .await
        .unwrap()
        .expect("a threshold");
    assert_eq!(threshold, 0, "the writer itself never checkpoints");
    tx.queue(Statement::new(
        "CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)",
    ));
    tx.commit().await.unwrap();
    for _ in 0..1200 {
        let mut tx = db.begin().await.unwrap();
        tx.queue(Statement::new("INSERT INTO filler (body) VALUES (?)").bind(filler.clone()));
        tx.commit().await.unwrap();
    }
    let mut grown = file_size();
    for _ in 0..40 {
        if grown > before + 5_000_000 {
            break;
        }
        tokio::time::sleep(super::checkpoint::EVERY).await;
        grown = file_size();
    }
    assert!(
        grown > before + 5_000_000,
        "the database file grew from {before} to {grown} bytes: nothing was checkpointed"
    );
    db.close().await;
}

/// How many times the log at `path` has started over: its header's checkpoint sequence number
/// (bytes 12..16, big-endian), which SQLite bumps each time the next commit writes at the
/// beginning of the log again.
fn log_restarts(path: &std::path::Path) -> u32 {
    use std::io::Read;
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut log| log.read_exact(&mut header));
    match read {
        Ok(()) => u32::from_be_bytes([header[12], header[13], header[14], header[15]]),
        Err(_) => 0,
    }
}

#[tokio::test]
async fn a_long_log_starts_over_while_readers_and_the_writer_keep_going() {
    const LIMIT_PAGES: i64 = 256;
    const RESTARTS: u32 = 3;
    const READERS: usize = 4;
    // Generous: a loaded CI machine may starve the checkpoint task for a while.
    const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(60);
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("log.db");
    let log = dir.path().join("log.db-wal");
    let db = Db::open_with_log_limit(&format!("sqlite://{}", file.display()), LIMIT_PAGES)
        .await
        .expect("database opens");
    // Readers and the writer always busy, as under load. Which checkpoint lets the log start
    // over is not told apart here: with these readers SQLite also restarts a fully copied log by
    // itself at a write's start (it did not under the load bench: 1.5 GB in 18 s).
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                loop {
                    let _: Option<(i64,)> = Statement::new(READ_COUNTER)
                        .fetch_optional(db.reader())
                        .await
                        .expect("a read while the log starts over");
                }
            })
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    tx.queue(Statement::new(
        "CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)",
    ));
    tx.commit().await.unwrap();
    let filler = "x".repeat(8000);
    let started = std::time::Instant::now();
    let mut largest = 0;
    let mut commits = 0;
    while log_restarts(&log) < RESTARTS && started.elapsed() < GIVE_UP_AFTER {
        let mut tx = db.begin().await.unwrap();
        assert_eq!(counter(&mut tx).await, commits, "a read, then the write");
        bump(&mut tx, 1);
        tx.queue(Statement::new("INSERT INTO filler (body) VALUES (?)").bind(filler.clone()));
        tx.commit()
            .await
            .expect("a commit while the log starts over");
        commits += 1;
        largest = largest.max(std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0));
    }
    readers.iter().for_each(|reader| reader.abort());
    let restarts = log_restarts(&log);
    assert!(
        restarts >= RESTARTS,
        "the log started over {restarts} times in {commits} commits ({} MB written)",
        commits * 8000 / 1_000_000
    );
    assert!(
        largest > 4096 * LIMIT_PAGES as u64,
        "the log grew to {largest} bytes: past the limit before a checkpoint saw it"
    );
    db.close().await;
}
