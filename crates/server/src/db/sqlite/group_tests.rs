//! Group commit: write transactions that waited for the writer share one `COMMIT`, yet each is kept
//! or lost on its own, and none hears "committed" before its writes are there for readers.

use super::tx_tests::{READ_COUNTER, bump, counter, fresh};
use super::{Db, Statement, Tx};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};
use std::time::Duration;
use tokio::task::JoinHandle;

async fn committed_counter(db: &Db) -> i64 {
    let (value,): (i64,) = Statement::new(READ_COUNTER)
        .fetch_optional(db.reader())
        .await
        .expect("read")
        .expect("the counter row");
    value
}

/// Waits until `count` transactions wait for the writer.
async fn until_waiting(db: &Db, count: usize) {
    for _ in 0..2000 {
        if db.write.waiting() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("{count} transactions never waited for the writer");
}

/// Starts `work` as a transaction that queues for the writer behind the ones already waiting.
async fn queued<F, Fut, T>(db: &Db, work: F) -> JoinHandle<Result<T, sqlx::Error>>
where
    F: FnOnce(Db, Tx) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, sqlx::Error>> + Send,
    T: Send + 'static,
{
    let before = db.write.waiting();
    let handle = tokio::spawn({
        let db = db.clone();
        async move {
            let tx = db.begin().await?;
            work(db, tx).await
        }
    });
    until_waiting(db, before + 1).await;
    handle
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_that_waited_share_a_commit_and_each_is_seen_once_committed() {
    const WAITING: i64 = 20;
    let (db, _dir) = fresh().await;
    let commits_before = db.write.commits().await;
    let mut first = db.begin().await.unwrap();
    assert_eq!(counter(&mut first).await, 0);
    let mut handles = Vec::new();
    for _ in 0..WAITING {
        handles.push(
            queued(&db, |db, mut tx| async move {
                // Read, then write what was read plus one: a lost update would show in the total.
                let seen = counter(&mut tx).await;
                tx.queue(
                    Statement::new("UPDATE change_counter SET value = ? WHERE id = 1")
                        .bind(seen + 1),
                );
                tx.commit().await?;
                let visible = committed_counter(&db).await;
                assert!(
                    visible > seen,
                    "told committed while readers still saw {visible} (wrote {})",
                    seen + 1
                );
                Ok(())
            })
            .await,
        );
    }
    bump(&mut first, 1);
    first.commit().await.unwrap();
    for handle in handles {
        handle.await.unwrap().expect("every transaction is kept");
    }
    assert_eq!(committed_counter(&db).await, WAITING + 1);
    let commits = db.write.commits().await - commits_before;
    assert!(
        commits < WAITING as u64 / 4,
        "{} transactions took {commits} commits",
        WAITING + 1
    );
}

#[tokio::test]
async fn a_transaction_failing_in_a_group_is_rolled_back_alone() {
    let (db, _dir) = fresh().await;
    let mut first = db.begin().await.unwrap();
    counter(&mut first).await;
    let failing_at_commit = queued(&db, |_, mut tx| async move {
        bump(&mut tx, 100);
        counter(&mut tx).await;
        bump(&mut tx, 1000);
        // The counter row exists already: the primary key refuses a second one.
        tx.queue(Statement::new(
            "INSERT INTO change_counter (id, value) VALUES (1, 0)",
        ));
        tx.commit().await
    })
    .await;
    let after_it = queued(&db, |_, mut tx| async move {
        bump(&mut tx, 1);
        let seen = counter(&mut tx).await;
        assert_eq!(seen, 2, "the failed transaction's writes are not seen");
        tx.commit().await
    })
    .await;
    let failing_read = queued(&db, |_, mut tx| async move {
        bump(&mut tx, 10_000);
        tx.fetch_optional::<(i64,)>(Statement::new("SELECT value FROM no_such_table"))
            .await?;
        tx.commit().await
    })
    .await;
    let dropped = queued(&db, |_, mut tx| async move {
        bump(&mut tx, 100_000);
        counter(&mut tx).await;
        drop(tx);
        Ok(())
    })
    .await;
    let last = queued(&db, |_, mut tx| async move {
        bump(&mut tx, 1);
        counter(&mut tx).await;
        tx.commit().await
    })
    .await;
    bump(&mut first, 1);
    first.commit().await.unwrap();

    assert!(failing_at_commit.await.unwrap().is_err());
    after_it.await.unwrap().expect("kept");
    assert!(failing_read.await.unwrap().is_err());
    dropped.await.unwrap().unwrap();
    last.await.unwrap().expect("kept");
    assert_eq!(
        committed_counter(&db).await,
        3,
        "the three kept transactions added one each"
    );
}

/// Polls `future` once, then drops it: a request cancelled while SQLite works on its batch.
/// Whether it was still on its way (on a busy machine SQLite may have answered already).
fn cancel_on_the_way<F: Future>(future: F) -> bool {
    let mut future = pin!(future);
    future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending()
}

#[tokio::test]
async fn a_batch_cancelled_on_its_way_ends_its_group_and_every_member_hears_the_truth() {
    let (db, _dir) = fresh().await;
    // Cancelled reads, cancelled commits.
    let mut on_the_way = [0; 2];
    for round in 0..400 {
        if on_the_way.iter().all(|&count| count >= 5) {
            break;
        }
        let at_commit = round % 2 == 1;
        let before = committed_counter(&db).await;
        let mut first = db.begin().await.unwrap();
        counter(&mut first).await;
        let cancelled = queued(&db, move |_, mut tx| async move {
            bump(&mut tx, 1);
            if at_commit {
                // Sends the first transaction's end; nobody waits when this one commits.
                counter(&mut tx).await;
                Ok(cancel_on_the_way(tx.commit()))
            } else {
                Ok(cancel_on_the_way(
                    tx.fetch_optional::<(i64,)>(Statement::new(READ_COUNTER)),
                ))
            }
        })
        .await;
        bump(&mut first, 10);
        let first_kept = first.commit().await.is_ok();
        on_the_way[usize::from(at_commit)] += usize::from(cancelled.await.unwrap().unwrap());
        let mut after = db.begin().await.unwrap();
        bump(&mut after, 100);
        counter(&mut after).await;
        after
            .commit()
            .await
            .expect("a transaction after the cancelled one is kept");
        let added = committed_counter(&db).await - before;
        assert_eq!(added / 100, 1, "round {round}: the later transaction, once");
        assert_eq!(
            added % 100 / 10,
            i64::from(first_kept),
            "round {round}: the first transaction was told kept: {first_kept}, and added {added}"
        );
    }
    assert!(
        on_the_way.iter().all(|&count| count >= 5),
        "too few batches were cancelled on their way (reads, commits): {on_the_way:?}"
    );
}
