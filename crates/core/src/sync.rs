//! Delta catch-up: `GET /api/sync?cursor=C`, applied to the cache in one transaction with the
//! new cursor, so a bad answer leaves the cache exactly as it was.

use crate::Inner;
use crate::error::{CoreError, CoreResult};
use meetcute_domain::wire::SyncResponse;
use std::time::{Duration, Instant};

/// What one sync brought.
#[derive(Debug, Clone, Copy)]
pub struct SyncReport {
    pub matches: usize,
    pub calls: usize,
    /// Bytes of the answer's body on the wire.
    pub bytes: usize,
    pub cursor: i64,
    /// Request, server and decoding.
    pub fetch_time: Duration,
    /// Writing it into the cache (one transaction).
    pub apply_time: Duration,
}

pub async fn sync_once(inner: &Inner) -> CoreResult<SyncReport> {
    if !inner.api.has_token() {
        return Err(CoreError::NotSignedIn);
    }
    let _one_at_a_time = inner.sync_lock.lock().await;
    let _syncing = inner.events.begin_sync();
    let cursor = inner.cache.cursor().await?;
    let started = Instant::now();
    let (response, bytes) = inner
        .api
        .get_sized::<SyncResponse>(&format!("/api/sync?cursor={cursor}"))
        .await?;
    let fetched = started.elapsed();
    let applied = inner.cache.apply_sync(&response).await?;
    inner.emit_all(applied);
    if response.matches.len() + response.calls.len() > 500 {
        inner.cache.checkpoint_later();
    }
    let report = SyncReport {
        matches: response.matches.len(),
        calls: response.calls.len(),
        bytes,
        cursor: response.cursor,
        fetch_time: fetched,
        apply_time: started.elapsed() - fetched,
    };
    tracing::debug!(?report, from = cursor, "synced");
    Ok(report)
}
