//! Row locks that make the rules' check-then-write safe when requests run at once on several
//! instances. Every lock is `FOR NO KEY UPDATE`: it excludes the same lock and updates, but not the
//! key-share locks that inserting a row referencing the locked one takes (a new session's foreign
//! keys), so inserts never wait on it.
//!
//! Order, to rule out deadlocks: people (ascending id) before their match, a match before its
//! sessions. Start-call takes its people's locks in its own first read (`call_reads.rs`). Start-call locks both people, so one person's calls in different matches (the busy
//! rule) are decided one at a time; everything that changes a match or its sessions locks the match.

use super::Tx;
use meetcute_domain::UserId;

/// Locks these people's rows, in id order.
pub async fn people(tx: &mut Tx, mut ids: Vec<UserId>) -> Result<(), sqlx::Error> {
    ids.sort_unstable();
    ids.dedup();
    let ids: Vec<i64> = ids.into_iter().map(|id| id.0).collect();
    sqlx::query("SELECT id FROM users WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
        .bind(ids)
        .execute(&mut *tx.inner)
        .await
        .map(drop)
}
